/* Addresses that work off the site. A site built without its address (site_url) cannot write
 * absolute addresses into its pages, so the cite box carries a placeholder that this script
 * replaces with the address the page is read at; built with its address, there is nothing to
 * replace. It also makes the cite box's code blocks reachable by keyboard and gives each reader
 * paragraph a "copy link" button. No request leaves the site. */
(function () {
  "use strict";

  function replaceIn(element, placeholder, base) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (node.nodeValue.indexOf(placeholder) !== -1) node.nodeValue = node.nodeValue.split(placeholder).join(base);
    }
  }

  function citeBoxes(root) {
    root.querySelectorAll(".cite-box").forEach(function (box) {
      var placeholder = box.getAttribute("data-placeholder");
      var base = new URL(box.getAttribute("data-site-root") || "./", window.location.href).href;
      if (placeholder) replaceIn(box, placeholder, base);
      box.querySelectorAll("pre > code").forEach(function (code) { code.tabIndex = 0; });
    });
  }

  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && /^https?:/.test(canonical.href)) return canonical.href.split("#")[0];
    return window.location.origin + window.location.pathname;
  }

  function paragraphLinks(root) {
    root.querySelectorAll("button.para-copy").forEach(function (button) {
      if (button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "true");
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        var address = pageAddress() + "#" + button.getAttribute("data-anchor");
        var done = function (text) {
          button.textContent = text;
          window.setTimeout(function () { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(address).then(function () { done("Link copied"); }, function () {
            window.prompt("Link to this paragraph:", address);
          });
        } else {
          window.prompt("Link to this paragraph:", address);
        }
      });
    });
  }

  /* Instant navigation changes the address with pushState, which does not update CSS :target,
   * so the paragraph a link points at is marked with a class as well. */
  function markTarget() {
    document.querySelectorAll(".is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && /\bsource-(para|block)\b/.test(target.className)) target.classList.add("is-target");
  }

  function setUp() {
    citeBoxes(document);
    paragraphLinks(document);
    markTarget();
    window.setTimeout(markTarget, 50);  /* after instant navigation has settled the address */
  }

  window.addEventListener("hashchange", markTarget);

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();

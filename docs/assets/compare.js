/* Interaction for the comparison pages. Everything it does is optional: without it, side by
 * side shows every source and the link map shows every link. No request leaves the site. */
(function () {
  "use strict";

  function sideBySide(root) {
    var form = root.querySelector("form.sbs-pick");
    if (!form) return;
    var left = form.elements.left, right = form.elements.right;
    if (right.options.length > 1) right.selectedIndex = 1;
    function apply() {
      root.querySelectorAll(".sbs-column").forEach(function (column) {
        var source = column.getAttribute("data-source");
        column.hidden = source !== left.value && source !== right.value;
      });
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    apply();
  }

  function linkMap(root) {
    var form = root.querySelector("form.link-filter");
    if (!form) return;
    var select = form.elements.node;
    function apply() {
      var node = select.value;
      root.querySelectorAll(".link-edge").forEach(function (edge) {
        var touches = edge.getAttribute("data-from") === node || edge.getAttribute("data-to") === node;
        edge.classList.toggle("dimmed", node !== "" && !touches);
      });
      root.querySelectorAll(".link-node").forEach(function (item) {
        item.classList.toggle("selected", item.getAttribute("data-node") === node);
      });
    }
    form.hidden = false;
    select.addEventListener("change", apply);
    apply();
  }

  function setUp() {
    sideBySide(document);
    linkMap(document);
  }

  /* Material's instant navigation swaps pages without a reload; it announces each page here. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();

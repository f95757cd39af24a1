/* Interaction for the comparison pages. Everything it does is optional: without it, side by
 * side shows every source and the link map shows every link. No request leaves the site. */
(function () {
  "use strict";

  /* Side by side: two pickers that never hold the same source; the left one's column comes first. */
  function sideBySide(root) {
    var form = root.querySelector("form.sbs-pick");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var left = form.elements.left, right = form.elements.right;
    if (right.options.length > 1) right.selectedIndex = 1;
    var previous = { left: left.value, right: right.value };
    function apply(event) {
      var changed = event && event.target;
      if (left.value === right.value) {
        /* Picking the source already on the other side swaps the two. */
        if (changed === left) right.value = previous.left;
        else left.value = previous.right;
      }
      previous = { left: left.value, right: right.value };
      root.querySelectorAll(".sbs-column").forEach(function (column) {
        var source = column.getAttribute("data-source");
        column.hidden = source !== left.value && source !== right.value;
        column.style.order = source === left.value ? "0" : "1";
      });
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    apply();
  }

  /* Link map: a node keeps in view every link its statements reach (speaker -> themes ->
   * initiatives, and back), in the drawing and in the table alike. */
  function linkMap(root) {
    var form = root.querySelector("form.link-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var select = form.elements.node;
    var output = form.querySelector(".link-count");
    function reaches(element, node) {
      return node === "" || (element.getAttribute("data-reach") || "").split(" ").indexOf(node) >= 0;
    }
    function apply() {
      var node = select.value;
      var shown = {};
      root.querySelectorAll(".link-edge").forEach(function (edge) {
        var keep = reaches(edge, node);
        edge.classList.toggle("dimmed", !keep);
        if (keep) {
          shown[edge.getAttribute("data-from")] = true;
          shown[edge.getAttribute("data-to")] = true;
        }
      });
      root.querySelectorAll(".link-node").forEach(function (item) {
        var id = item.getAttribute("data-node");
        item.classList.toggle("selected", id === node);
        item.classList.toggle("dimmed", node !== "" && !shown[id]);
      });
      var rows = root.querySelectorAll(".link-table tbody tr");
      var visible = 0;
      rows.forEach(function (row) {
        row.hidden = !reaches(row, node);
        if (!row.hidden) visible += 1;
      });
      if (output) output.textContent = "Showing " + visible + " of " + rows.length + " links.";
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

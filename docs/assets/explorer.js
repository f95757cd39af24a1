/* The statements explorer (statements/): facet filters with counts, a text filter, sorting, a
 * live count and a CSV of the visible rows. The table is complete without this script.
 *
 * The whole state lives in the URL query, so a view can be shared and reloaded: parameter names
 * are the record's field names in the singular and values are ids (?speaker=xi-jinping&kind=
 * commitment); a repeated parameter means "any of"; q is the text filter; sort is a column, with
 * a leading "-" for descending. The URL is replaced, not pushed, on each change, so Back leaves
 * the explorer with its filters kept in the history entry. No request leaves the site. */
(function () {
  "use strict";

  var FILTERS = ["kind", "speaker", "source", "theme", "initiative", "actor", "event"];
  var CSV_FIELDS = ["id", "title", "whose_words", "speaker", "kind", "source", "paragraphs", "context", "quote",
    "themes", "initiatives", "url"];

  function values(row, field) {
    var raw = row.getAttribute("data-" + field) || "";
    return raw ? raw.split(" ") : [];
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = { filters: {}, q: (params.get("q") || "").trim(), sort: params.get("sort") || "" };
    FILTERS.forEach(function (field) {
      state.filters[field] = params.getAll(field).filter(Boolean);
    });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (field) {
      state.filters[field].forEach(function (value) { params.append(field, value); });
    });
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  function matches(row, state, except) {
    for (var i = 0; i < FILTERS.length; i++) {
      var field = FILTERS[i];
      var wanted = state.filters[field];
      if (field === except || !wanted.length) continue;
      var has = values(row, field);
      if (!wanted.some(function (v) { return has.indexOf(v) !== -1; })) return false;
    }
    if (state.q) {
      var haystack = (row.textContent + " " + row.getAttribute("data-id")).toLowerCase();
      var words = state.q.toLowerCase().split(/\s+/);
      if (!words.every(function (w) { return haystack.indexOf(w) !== -1; })) return false;
    }
    return true;
  }

  function sortKey(row, column) {
    if (column === "source") {
      return (row.getAttribute("data-source") + " " + ("0000" + values(row, "paragraphs")[0]).slice(-4));
    }
    var cell = row.querySelector('td[data-label="' + column + '"]');
    return cell ? cell.textContent.trim().toLowerCase() : "";
  }

  var COLUMN_LABELS = {
    title: "Title", quote: "Quote", speaker: "Speaker", kind: "Kind", source: "Source",
    theme: "Themes", initiative: "Initiatives"
  };

  function csvCell(value) {
    var text = String(value == null ? "" : value);
    /* The same neutralisation as the site's CSV: a cell a spreadsheet would read as a formula
     * starts with a single quote. */
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csvRow(row) {
    var link = row.querySelector("a.explorer-title");
    var quote = row.querySelector(".quote-text");
    var context = row.querySelector(".quote-context");
    var fields = {
      id: row.getAttribute("data-id"),
      title: link ? link.textContent.trim() : "",
      whose_words: row.getAttribute("data-words"),
      speaker: row.getAttribute("data-speaker"),
      kind: row.getAttribute("data-kind"),
      source: row.getAttribute("data-source"),
      paragraphs: row.getAttribute("data-paragraphs"),
      context: context ? context.textContent.trim().replace(/^\[/, "").replace(/\s*…\]$/, "") : "",
      quote: quote ? quote.textContent : "",
      themes: values(row, "theme").join("; "),
      initiatives: values(row, "initiative").join("; "),
      url: link ? new URL(link.getAttribute("href"), window.location.href).href : ""
    };
    return CSV_FIELDS.map(function (name) { return csvCell(fields[name]); }).join(",");
  }

  function setUp(root) {
    var form = root.querySelector("form.explorer-filters");
    var table = root.querySelector("table.explorer-table");
    if (!form || !table || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "true");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var total = rows.length;
    var status = root.querySelector(".explorer-status");
    var empty = root.querySelector(".explorer-empty");
    var csv = form.querySelector("a.explorer-csv");
    var text = form.elements.q;
    var csvUrl = null;

    /* Sorting: each column header becomes a button; aria-sort says the current order. */
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "explorer-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var state = readState();
        var column = th.getAttribute("data-sort");
        state.sort = state.sort === column ? "-" + column : column;
        writeState(state);
        apply();
      });
    });

    function apply() {
      var state = readState();
      FILTERS.forEach(function (field) {
        form.querySelectorAll('input[name="' + field + '"]').forEach(function (box) {
          box.checked = state.filters[field].indexOf(box.value) !== -1;
        });
      });
      if (document.activeElement !== text) text.value = state.q;

      var shown = rows.filter(function (row) { return matches(row, state); });
      rows.forEach(function (row) { row.hidden = shown.indexOf(row) === -1; });

      /* Each value's count is the rows it would show with the other filters kept as they are. */
      FILTERS.forEach(function (field) {
        var counts = {};
        rows.forEach(function (row) {
          if (!matches(row, state, field)) return;
          values(row, field).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        var details = form.querySelector('details[data-facet="' + field + '"]');
        form.querySelectorAll('input[name="' + field + '"]').forEach(function (box) {
          var n = counts[box.value] || 0;
          box.parentNode.querySelector(".facet-count").textContent = "(" + n + ")";
          box.parentNode.classList.toggle("facet-none", n === 0 && !box.checked);
        });
        if (state.filters[field].length && details) details.open = true;
      });

      var column = state.sort.replace(/^-/, "");
      var ordered = rows.slice();
      if (COLUMN_LABELS[column]) {
        var direction = state.sort.charAt(0) === "-" ? -1 : 1;
        var label = column === "source" ? "source" : COLUMN_LABELS[column];
        ordered.sort(function (a, b) {
          var x = sortKey(a, label), y = sortKey(b, label);
          if (x !== y) return (x < y ? -1 : 1) * direction;
          return a.getAttribute("data-order") - b.getAttribute("data-order");
        });
      } else {
        ordered.sort(function (a, b) { return a.getAttribute("data-order") - b.getAttribute("data-order"); });
      }
      ordered.forEach(function (row) { tbody.appendChild(row); });
      headers.forEach(function (th) {
        var key = th.getAttribute("data-sort");
        th.setAttribute("aria-sort", key !== column ? "none" : state.sort.charAt(0) === "-" ? "descending" : "ascending");
      });

      status.textContent = shown.length + " of " + total + " statements";
      empty.hidden = shown.length !== 0;

      var lines = [CSV_FIELDS.join(",")];
      ordered.forEach(function (row) { if (!row.hidden) lines.push(csvRow(row)); });
      if (csvUrl) URL.revokeObjectURL(csvUrl);
      csvUrl = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
      csv.href = csvUrl;
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "q") return;
      var state = readState();
      FILTERS.forEach(function (field) {
        state.filters[field] = Array.prototype.slice.call(
          form.querySelectorAll('input[name="' + field + '"]:checked')).map(function (box) { return box.value; });
      });
      writeState(state);
      apply();
    });
    text.addEventListener("input", function () {
      var state = readState();
      state.q = text.value.trim();
      writeState(state);
      apply();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      var state = readState();
      FILTERS.forEach(function (field) { state.filters[field] = []; });
      state.q = "";
      text.value = "";
      writeState(state);
      apply();
    });
    window.addEventListener("popstate", function () {
      if (document.body.contains(form)) apply();
    });

    /* On a phone the facets start closed (those with a selection open in apply), so the table
     * is not pushed a screen down. */
    if (window.matchMedia("(max-width: 44.9375em)").matches) {
      form.querySelectorAll("details.facet").forEach(function (details) { details.open = false; });
    }
    form.hidden = false;
    apply();
  }

  function start() { setUp(document); }

  /* Material's instant navigation swaps pages without a reload and announces each new page on
   * document$; without it (or before it loads) the page's own load event starts the explorer. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();

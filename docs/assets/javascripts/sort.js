/* Sortable tables: every <table class="sortable"> gets a button in each column header.
   Cells may carry data-sort (number or ISO date) to sort by instead of their text.
   Without JavaScript the tables are simply shown in document order. */
(function () {
  "use strict";
  function key(cell) {
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    if (v === null) v = cell.textContent.trim();
    var n = Number(v);
    return v !== "" && !isNaN(n) ? n : v;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh-CN");
  }
  function setup(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    Array.prototype.forEach.call(head.cells, function (th, col) {
      // The button is laid over the whole header cell (site.css: position absolute), so adding it
      // changes no layout (no shift after the first paint); the header's own text stays where it
      // is, hidden from screen readers, which read the button's label instead.
      var name = th.textContent.replace(/[\s\u200b]+/g, " ").trim();
      var text = document.createElement("span");
      text.setAttribute("aria-hidden", "true");
      while (th.firstChild) text.appendChild(th.firstChild);
      th.appendChild(text);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.title = "点击排序";
      button.setAttribute("aria-label", name);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, i) { row._order = i; });
        rows.sort(function (r1, r2) {
          var c = compare(key(r1.cells[col]), key(r2.cells[col]));
          return (asc ? c : -c) || r1._order - r2._order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable, table[data-sortable]"), function (t) {
      if (!t.hasAttribute("data-sort-ready")) { t.setAttribute("data-sort-ready", ""); setup(t); }
    });
  }
  // once: overrides/partials/lazy-bundle.html may dispatch a second DOMContentLoaded for Material
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init, { once: true });
  else init();
})();

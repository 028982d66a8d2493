/* 督办 page: filter the table of items by campaign, unit and light. Without JavaScript the form
   stays hidden and every row is shown. */
(function () {
  "use strict";
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), function (form) {
      var table = document.getElementById(form.getAttribute("data-filter-for"));
      if (!table) return;
      var out = form.querySelector("output");
      var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
      form.hidden = false;
      function apply() {
        var shown = 0;
        var selects = form.querySelectorAll("select");
        Array.prototype.forEach.call(rows, function (row) {
          var ok = true;
          Array.prototype.forEach.call(selects, function (s) {
            if (s.value && row.getAttribute("data-" + s.name) !== s.value) ok = false;
          });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (out) out.textContent = "显示 " + shown + " / " + rows.length + " 项";
      }
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      apply();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init, { once: true });
  else init();
})();

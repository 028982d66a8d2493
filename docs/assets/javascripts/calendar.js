/* Calendar page: filter deadlines by campaign (the filter is hidden without JavaScript, and then
   everything is shown). Unit pages: turn the relative "webcal" link into a webcal:// URL. */
(function () {
  "use strict";
  function filter(root) {
    var box = root.querySelector(".cal-filter");
    if (!box) return;
    box.hidden = false;
    box.addEventListener("change", function (event) {
      var value = event.target.value;
      Array.prototype.forEach.call(document.querySelectorAll("[data-campaign]"), function (el) {
        el.hidden = !!value && el.getAttribute("data-campaign") !== value;
      });
    });
  }
  function webcal(root) {
    Array.prototype.forEach.call(root.querySelectorAll("a[data-webcal]"), function (a) {
      if (location.protocol === "http:" || location.protocol === "https:") {
        a.href = a.href.replace(/^https?:/, "webcal:");
      } else {
        a.hidden = true;
      }
    });
  }
  function init() { filter(document); webcal(document); }
  // once: overrides/partials/lazy-bundle.html may dispatch a second DOMContentLoaded for Material
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init, { once: true });
  else init();
})();

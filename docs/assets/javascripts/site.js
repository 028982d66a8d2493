/*
 * site.js — small accessibility/print helpers for the Material theme.
 * No network access, no dependencies.
 *
 * 1. Scrollable table wrappers that actually overflow — Material's
 *    .md-typeset__scrollwrap and our .table-scroll / .matrix-wrap boxes when
 *    the generator did not already mark them up — get tabindex="0",
 *    role="region" and an aria-label (from the table caption), so keyboard
 *    users can scroll them (axe rule scrollable-region-focusable). Wrappers
 *    that fit again lose what this script added. Overflowing code blocks
 *    (pre > code) only get tabindex="0".
 * 2. Collapsed <details> are opened for printing and restored afterwards
 *    (fallback for engines without ::details-content, see site.css).
 */
(function () {
  "use strict";

  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset .table-scroll, .md-typeset .matrix-wrap, .md-typeset pre > code";

  function clean(text) {
    return (text || "").replace(/[\s\u200b¶]+/g, " ").trim();
  }

  // The table's caption, else the heading it stands under, else 表格.
  function baseLabel(el) {
    var cap = el.querySelector("caption");
    if (cap && clean(cap.textContent)) return clean(cap.textContent);
    for (var n = el; n && n !== document.body; n = n.parentElement) {
      for (var s = n.previousElementSibling; s; s = s.previousElementSibling) {
        if (/^H[1-6]$/.test(s.tagName) && clean(s.textContent)) return clean(s.textContent);
      }
    }
    return "表格";
  }

  // Region labels must be unique on a page (axe landmark-unique): number repeats.
  function label(el, used) {
    var text = baseLabel(el) + "（可滚动）";
    var candidate = text;
    for (var n = 2; used[candidate]; n++) candidate = text + " " + n;
    used[candidate] = true;
    return candidate;
  }

  function update(root) {
    var els = (root || document).querySelectorAll(SCROLLERS);
    // Read every size first, then write: interleaving reads and attribute writes forces one
    // layout per element (a 1.5 s long task on the matrix page).
    var todo = [];
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      // a scrollwrap nested in one of our boxes does not scroll itself (site.css)
      if (el.classList.contains("md-typeset__scrollwrap") && el.parentElement &&
          el.parentElement.closest(".table-scroll, .matrix-wrap")) continue;
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      todo.push([el, scrolls]);
    }
    var used = {};
    var labelled = document.querySelectorAll('[data-site-scroll="1"][aria-label]');
    for (var j = 0; j < labelled.length; j++) used[labelled[j].getAttribute("aria-label")] = true;
    for (var k = 0; k < todo.length; k++) {
      var box = todo[k][0], overflowing = todo[k][1];
      var ours = box.getAttribute("data-site-scroll") === "1";
      if (overflowing && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        // code blocks only need to be focusable; table boxes become named regions
        if (box.tagName !== "CODE") {
          if (!box.hasAttribute("role")) box.setAttribute("role", "region");
          if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
            box.setAttribute("aria-label", label(box, used));
          }
        }
        box.setAttribute("data-site-scroll", "1");
      } else if (!overflowing && ours) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.removeAttribute("data-site-scroll");
      }
    }
  }

  var timer = null;
  function schedule() {
    if (timer) window.clearTimeout(timer);
    // Run after Material has wrapped the tables and after the first paint (a timeout queued from
    // an animation frame runs once the frame is drawn): reading sizes earlier forces the page's
    // first layout inside this script and delays the first paint.
    window.requestAnimationFrame(function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        timer = null;
        update(document);
      }, 0);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(schedule); // Material's page-load observable
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", schedule);
  } else {
    schedule();
  }
  window.addEventListener("resize", schedule);

  // -- print: expand collapsed details, restore afterwards -------------------
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var ds = document.querySelectorAll(".md-typeset details:not([open])");
    for (var i = 0; i < ds.length; i++) {
      ds[i].setAttribute("open", "");
      opened.push(ds[i]);
    }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) opened.pop().removeAttribute("open");
  });
})();

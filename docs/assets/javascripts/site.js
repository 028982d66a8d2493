/*
 * site.js — small accessibility/print helpers for the Material theme.
 * No network access, no dependencies.
 *
 * 1. Scrollable table wrappers that actually overflow — Material's
 *    .md-typeset__scrollwrap, our .table-scroll / .matrix-wrap boxes when
 *    the generator did not already mark them up, and class-less tables that
 *    Material's bundle has not wrapped yet (it loads on the first
 *    interaction, see overrides/partials/lazy-bundle.html) — get tabindex="0",
 *    role="region" and an aria-label (from the table caption), so keyboard
 *    users can scroll them (axe rule scrollable-region-focusable). Wrappers
 *    that fit again lose what this script added. Overflowing code blocks
 *    (pre > code) only get tabindex="0".
 * 2. Collapsed <details> are opened for printing and restored afterwards
 *    (fallback for engines without ::details-content, see site.css).
 */
(function () {
  "use strict";

  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset .table-scroll, .md-typeset .matrix-wrap, " +
    ".md-typeset table:not([class]), .md-typeset pre > code";

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

  // A scroller candidate, decided afresh each time (Material wraps class-less tables once its
  // bundle runs, which may be long after this script: see overrides/partials/lazy-bundle.html).
  function candidate(el) {
    if (!el.isConnected) return false;
    // a scrollwrap nested in one of our boxes does not scroll itself (site.css)
    if (el.classList.contains("md-typeset__scrollwrap") && el.parentElement &&
        el.parentElement.closest(".table-scroll, .matrix-wrap")) return false;
    // a bare class-less table scrolls itself (Material's CSS) until Material wraps it
    if (el.tagName === "TABLE" && el.closest(".md-typeset__table, .table-scroll, .matrix-wrap")) return false;
    return true;
  }

  // Read every size first, then write: interleaving reads and attribute writes forces one
  // layout per element (a 1.5 s long task on the matrix page).
  function apply(els) {
    var todo = [];
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!candidate(el)) {
        if (el.getAttribute("data-site-scroll") === "1") todo.push([el, false]);
        continue;
      }
      todo.push([el, el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1]);
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

  // Sizes are read in ResizeObserver callbacks, which run right after the browser's own layout,
  // so this script never forces a layout of its own; the observer also reports every later size
  // change (window resize, rotation), so no resize handler is needed.
  var observer = typeof window.ResizeObserver === "function"
    ? new window.ResizeObserver(function (entries) {
        apply(entries.map(function (entry) { return entry.target; }));
      })
    : null;
  var observed = [];

  function scan() {
    var els = document.querySelectorAll(SCROLLERS);
    if (!observer) {
      window.requestAnimationFrame(function () { window.setTimeout(function () { apply(els); }, 0); });
      return;
    }
    for (var i = 0; i < els.length; i++) {
      if (observed.indexOf(els[i]) < 0) {
        observed.push(els[i]);
        observer.observe(els[i]);
      }
    }
    // elements that left a candidate role (a table Material has just wrapped) lose our attributes
    apply(observed.filter(function (el) { return !candidate(el) && el.hasAttribute("data-site-scroll"); }));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan, { once: true });
  } else {
    scan();
  }
  // Material's page observable, once its bundle has run (it may wrap tables then)
  window.addEventListener("site:theme", scan);
  if (!observer) window.addEventListener("resize", scan);

  // -- print: expand collapsed details, restore afterwards -------------------
  var opened = [];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  window.addEventListener("beforeprint", function () {
    // print header: today's date in China (UTC+8) and this page's address
    var now = new Date(Date.now() + 8 * 3600 * 1000);
    var day = now.getUTCFullYear() + "-" + pad(now.getUTCMonth() + 1) + "-" + pad(now.getUTCDate());
    var dates = document.querySelectorAll("[data-print-date]");
    for (var j = 0; j < dates.length; j++) dates[j].textContent = day;
    var addr = document.querySelectorAll("[data-print-url]");
    for (var k = 0; k < addr.length; k++) {
      if (!addr[k].textContent) addr[k].textContent = location.href.split("#")[0];
    }
    var ds = document.querySelectorAll(".md-typeset details:not([open])");
    for (var i = 0; i < ds.length; i++) {
      ds[i].setAttribute("open", "");
      opened.push(ds[i]);
    }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) opened.pop().removeAttribute("open");
  });
  // -- search: "/" or "s" opens the 搜索 page (the theme's own search is not used) -------
  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    if (e.key !== "/" && e.key !== "s") return;
    var meta = document.querySelector('meta[name="site-search"]');
    if (!meta) return;
    e.preventDefault();
    var box = document.getElementById("site-search-input");
    if (box) { box.focus(); box.select(); return; }  // on the 搜索 page: keep the query
    location.href = new URL(meta.getAttribute("content"), location.href).href;
  });
})();

/*
 * a11y.js — 适老化 / 无障碍 reading aids: 大字 (text ×1.5), 高对比度 (≥ 7:1), 宽行距 (line height
 * ≥ 1.8). The buttons at the top of every page (overrides/main.html) and the shortcuts
 * Alt+Shift+D / G / H toggle a class on <html>; the choice is kept in localStorage
 * ("huiji-a11y"), so it holds on every page and on the next visit (an inline script in <head>
 * applies it before the first paint). No cookie, nothing leaves the browser. Independent of the
 * theme's bundle (which loads late, see overrides/partials/lazy-bundle.html).
 */
(function () {
  "use strict";
  var KEY = "huiji-a11y";
  var SHORTCUTS = { KeyD: "large", KeyG: "contrast", KeyH: "spacing" };
  var root = document.documentElement;

  function read() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }

  function write(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ }
  }

  function show() {
    var buttons = document.querySelectorAll("[data-a11y]");
    for (var i = 0; i < buttons.length; i++) {
      var on = root.classList.contains("a11y-" + buttons[i].getAttribute("data-a11y"));
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  function toggle(name) {
    var state = read();
    state[name] = !root.classList.contains("a11y-" + name);
    root.classList.toggle("a11y-" + name, state[name]);
    write(state);
    show();
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target && ev.target.closest ? ev.target.closest("[data-a11y]") : null;
    if (b) toggle(b.getAttribute("data-a11y"));
  });
  document.addEventListener("keydown", function (ev) {
    var name = ev.altKey && ev.shiftKey && !ev.ctrlKey && !ev.metaKey ? SHORTCUTS[ev.code] : null;
    if (name) {
      ev.preventDefault();
      toggle(name);
    }
  });
  show();
})();

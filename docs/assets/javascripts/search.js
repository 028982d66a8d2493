/*
 * search.js — the 搜索 page (search/): direct hits, then Pagefind's full-text results.
 *
 * Direct hits (search/hints.json, written by generator/search.py) answer a query that *is* a
 * unit's name or alias, a task code (蓝天12) or a date as people write it (2024年10月, 10月底前,
 * 2024年10月31日, 2024-10-31): that unit's page first, or the tasks due then; then the tasks whose
 * title holds the query as written. Full-text results
 * come from the Pagefind index (pagefind/, segmented Chinese, loaded in chunks on demand; a big site
 * has several, merged here).
 * Everything is fetched from this site; nothing leaves it.
 */
(function () {
  "use strict";
  var root = document.querySelector(".site-search");
  if (!root) return;
  var input = root.querySelector("input[name=q]");
  var form = root.querySelector("form");
  var direct = root.querySelector(".search-direct");
  var results = root.querySelector(".search-results");
  var indexBase = new URL(root.getAttribute("data-index"), location.href).href;
  var siteRoot = new URL("../", indexBase).href;
  var hintsUrl = new URL(root.getAttribute("data-hints"), location.href).href;
  var hints = null, pagefind = null, seq = 0;
  // a site of several documents: filter fields (文件, 方案 selects; 单位 from a unit page's link),
  // each named like its URL parameter (doc, campaign, unit)
  var filterFields = Array.prototype.slice.call(root.querySelectorAll("[data-filter]"));
  function narrowed(items) {
    // the direct hits under the filters: a chosen document keeps its own pages (its folder); a
    // campaign or unit filter keeps only the unit hits (the hints do not know campaigns and units)
    var doc = root.querySelector("select[data-filter] option:checked[data-prefix]");
    var prefix = doc ? doc.getAttribute("data-prefix") : null;
    var narrow = filterFields.some(function (el) { return el.value && el.getAttribute("data-filter") !== "文件"; });
    return items.filter(function (x) {
      if (x.kind === "单位" || !x.href) return true;
      return !narrow && (!prefix || x.href.indexOf(prefix) === 0);
    });
  }
  function currentFilters() {
    var f = {};
    filterFields.forEach(function (el) { if (el.value) f[el.getAttribute("data-filter")] = el.value; });
    if (root.getAttribute("data-doc-filter")) f["文件"] = root.getAttribute("data-doc-filter");
    return f;
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function norm(s) {
    return (s.normalize ? s.normalize("NFKC") : s).replace(/\s+/g, "");
  }
  function loadHints() {
    if (!hints) hints = fetch(hintsUrl).then(function (r) { return r.json(); });
    return hints;
  }
  // A site of several documents: hints.json holds the unit names and a list of shards; a query
  // loads only the shards it needs (its code's, its month's, its first two characters'), each
  // named by the same hash as generator/exports/search.py's shard_of.
  var shardCache = {};
  function shardOf(key, n) {
    var h = 0;
    for (var i = 0; i < key.length; i++) {
      var c = key.codePointAt(i);
      if (c > 0xffff) i++;
      h = (Math.imul(h, 31) + c) >>> 0;
    }
    return h % n;
  }
  function shard(name) {
    if (!shardCache[name]) {
      shardCache[name] = fetch(new URL(name, siteRoot).href).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return shardCache[name];
  }
  function shardedHints(h, q) {
    // the v1 shape (codes, due, titles) filled from the shards this query needs
    var s = h.shards, n = norm(q), want = [];
    [q, n].filter(function (x, i, a) { return a.indexOf(x) === i; }).forEach(function (x) {
      var nk = shardOf(x, s.n);
      if (s.names.indexOf(nk) >= 0) want.push(shard(s.dir + "/names-" + nk + ".json").then(function (d) { return ["names", d]; }));
    });
    var code = n.replace(/^(.+?)第?(\d+)项?$/, "$1$2");
    var ck = shardOf(code, s.n);
    if (s.codes.indexOf(ck) >= 0) want.push(shard(s.dir + "/codes-" + ck + ".json").then(function (d) { return ["codes", d]; }));
    var k = dateKey(n);
    if (k) {
      s.months.forEach(function (m) {
        if ((!k.year || m.slice(0, 4) === k.year) && (!k.month || m.slice(5, 7) === k.month)) {
          want.push(shard(s.dir + "/due-" + m + ".json").then(function (d) { return ["due", d]; }));
        }
      });
    }
    var chars = Array.from(n);  // code points, as generator/exports/search.py's bigrams
    if (chars.length >= 2) {
      var tk = shardOf(chars.slice(0, 2).join(""), s.n);
      if (s.titles.indexOf(tk) >= 0) want.push(shard(s.dir + "/titles-" + tk + ".json").then(function (d) { return ["titles", d]; }));
    }
    return Promise.all(want).then(function (got) {
      var out = { names: {}, codes: {}, due: {}, titles: [] };
      got.forEach(function (g) {
        if (!g[1]) return;
        if (g[0] === "titles") out.titles = out.titles.concat(g[1]);
        else Object.keys(g[1]).forEach(function (key) { out[g[0]][key] = g[1][key]; });
      });
      return out;
    });
  }
  function hintsFor(q) {
    return loadHints().then(function (h) { return h.shards ? shardedHints(h, q) : h; });
  }
  function pairs(x) {  // one [label, href], or (across documents) a list of them
    return x && Array.isArray(x[0]) ? x : x ? [x] : [];
  }
  function loadPagefind() {
    // a big site has several indexes (pagefind/indexes.json names the others, generator/exports/
    // search.py): the first one's runtime searches them all (Pagefind's mergeIndex)
    if (!pagefind) {
      var more = fetch(indexBase + "indexes.json").then(function (r) {
        return r.ok ? r.json() : { merge: [] };
      }).catch(function () { return { merge: [] }; });
      loadWords();  // fetched beside the runtime: every query is cut by it (below)
      if (typeof Intl !== "undefined" && Intl.Segmenter && !Intl.Segmenter.atSpaces) {
        Intl.Segmenter = atSpaces(Intl.Segmenter);
      }
      pagefind = import(indexBase + "pagefind.js").then(function (m) {
        // no worker: it would cut the words again with the browser's own segmenter
        return Promise.resolve(m.options ? m.options({ noWorker: true }) : null).then(function () {
          return m.init ? m.init() : null;
        }).then(function () { return more; }).then(function (g) {
          return Promise.all((g.merge || []).map(function (dir) {
            // the same result URLs as the first index's ("/d/…", made absolute by hitItem)
            return m.mergeIndex(new URL(dir, indexBase).href, { baseUrl: "/", noWorker: true });
          }));
        }).then(function () { return m; });
      });
    }
    return pagefind;
  }

  // Chinese words. The browser's own segmenter (Intl.Segmenter, which Pagefind applies to a query)
  // cuts words the indexer kept whole (排查 → 排 查, 油烟 → 油 烟), and Pagefind then finds
  // nothing. So the query is cut here, by the index's own words (pagefind/words.txt, written with
  // the index: generator/exports/search.py), longest first, and Pagefind takes the words as given:
  // on this page its word segmenter splits at spaces only (punctuation is made a space here first,
  // as the browser's segmenter would split there: VOCs、NOx → VOCs NOx), and it searches without
  // its worker (which would segment again). Without the word list, the browser's segmenter cuts.
  var words = null;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  function loadWords() {
    if (!words) {
      words = fetch(indexBase + "words.txt").then(function (r) { return r.ok ? r.text() : ""; })
        .catch(function () { return ""; }).then(function (text) {
          var known = Object.create(null), longest = 1;
          text.split("\n").forEach(function (w) {
            if (w) { known[w] = true; longest = Math.max(longest, Array.from(w).length); }
          });
          return { known: known, longest: Math.min(longest, 12) };
        });
    }
    return words;
  }
  function cut(q, w) {
    var spaced = q.replace(/[^\p{L}\p{N}\s"]+/gu, " ");  // keep "…" (Pagefind's exact phrase)
    var native = typeof Intl !== "undefined" && Intl.Segmenter && Intl.Segmenter.native;
    return spaced.replace(HAN, function (run) {
      // the words are two characters or more: longest 1 means the list did not load
      var out = w.longest > 1 || !native ? byWords(run, w) : Array.from(
        new native("zh-CN", { granularity: "word" }).segment(run), function (x) { return x.segment; });
      return " " + out.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }
  function byWords(run, w) {
    var chars = Array.from(run), out = [], i = 0;
    while (i < chars.length) {
      var n = Math.min(w.longest, chars.length - i);
      while (n > 1 && !w.known[chars.slice(i, i + n).join("")]) n--;
      out.push(chars.slice(i, i + n).join(""));
      i += n;
    }
    return out;
  }
  function atSpaces(Native) {
    function Segmenter(locale, options) {
      var native = new Native(locale, options);
      if (!options || options.granularity !== "word") return native;
      return { segment: function (text) {
        return String(text).split(/\s+/).filter(Boolean).map(function (w) { return { segment: w, isWordLike: true }; });
      } };
    }
    Segmenter.supportedLocalesOf = Native.supportedLocalesOf;
    Segmenter.atSpaces = true;
    Segmenter.native = Native;
    return Segmenter;
  }
  function fullText(pf, q, filters) {
    return loadWords().then(function (w) { return pf.search(cut(q, w) || q, { filters: filters }); });
  }

  // 2024年10月31日 / 2024-10-31 / 2024年10月 / 2024年10月底前 / 10月 / 10月底前 / 10月31日
  function dateKey(q) {
    var m = q.match(/^(\d{4})(?:年|[-./])(\d{1,2})(?:(?:月|[-./])(\d{1,2})日?)?(?:月)?(?:底前|底|前|份)?$/);
    if (m) return { year: m[1], month: pad(m[2]), day: m[3] ? pad(m[3]) : null };
    m = q.match(/^(\d{1,2})月(?:(\d{1,2})日)?(?:底前|底|前|份)?$/);
    if (m) return { year: null, month: pad(m[1]), day: m[2] ? pad(m[2]) : null };
    m = q.match(/^(\d{4})年(?:底前|底)?$/);
    if (m) return { year: m[1], month: null, day: null };
    return null;
  }
  function pad(n) { n = String(+n); return n.length < 2 ? "0" + n : n; }
  function dateLabel(k) {
    return (k.year ? k.year + "年" : "") + (k.month ? +k.month + "月" : "") + (k.day ? +k.day + "日" : "");
  }

  function directHits(h, q) {
    var out = [];
    var n = norm(q);
    var name = h.names[q] || h.names[n];
    if (name) out.push({ label: name[0], href: name[1], kind: "单位" });
    var code = n.replace(/^(.+?)第?(\d+)项?$/, "$1$2");
    pairs(h.codes[code]).forEach(function (c) { out.push({ label: c[0], href: c[1], kind: "任务" }); });
    var k = dateKey(n);
    if (k) {
      var days = Object.keys(h.due).filter(function (d) {
        return (!k.year || d.slice(0, 4) === k.year) && (!k.month || d.slice(5, 7) === k.month) &&
          (!k.day || d.slice(8, 10) === k.day);
      });
      days.forEach(function (d) {
        h.due[d].forEach(function (item) {
          out.push({ label: item[0], href: item[1], kind: d.slice(0, 4) + "年" + +d.slice(5, 7) + "月" + +d.slice(8, 10) + "日到期" });
        });
      });
      if (!days.length) {
        // this document's 时限 page (a site of several documents: none at its root)
        var page = root.getAttribute("data-deadlines");
        out.push(page ? { label: dateLabel(k) + "没有到期的工作（见时限页）", abs: new URL(page, location.href).href, kind: "时限" }
                      : { label: dateLabel(k) + "没有到期的工作", kind: "时限" });
      }
    }
    if (Array.from(n).length >= 2 && h.titles) {
      h.titles.forEach(function (t) {
        if (norm(t[0]).indexOf(n) >= 0 && out.length < 12 && !out.some(function (x) { return x.href === t[1]; })) {
          out.push({ label: t[0], href: t[1], kind: "任务标题" });
        }
      });
    }
    return out;
  }

  function renderDirect(items) {
    if (!items.length) { direct.innerHTML = ""; return; }
    direct.innerHTML = "<h2 id=\"direct-hits\">直达</h2><ul class=\"direct-hits\">" + items.map(function (x) {
      var target = x.abs || (x.href && siteRoot + x.href);
      var text = target ? "<a href=\"" + esc(target) + "\">" + esc(x.label) + "</a>" : esc(x.label);
      return "<li><span class=\"hit-kind\">" + esc(x.kind) + "</span> " + text + "</li>";
    }).join("") + "</ul>";
  }

  var FIRST = 5, MORE = 15;
  function hitItem(d) {
    var href = siteRoot + d.url.replace(/^\//, "");
    return "<li><a href=\"" + esc(href) + "\">" + esc((d.meta && d.meta.title) || d.url) + "</a><p>" + excerpt(d.excerpt || "") + "</p></li>";
  }
  var decoder = document.createElement("textarea");
  function excerpt(html) {
    // Pagefind's excerpt is escaped text with <mark> around the hits: keep only those tags, decode
    // its entities once (a textarea never runs markup), then escape everything again
    decoder.innerHTML = html.replace(/<(\/?)mark>/g, "\u0001$1\u0002").replace(/<[^>]*>/g, "");
    return esc(decoder.value).replace(/\u0001(\/?)\u0002/g, "<$1mark>");
  }

  function run(q) {
    var mine = ++seq;
    q = q.trim();
    if (!q) { direct.innerHTML = ""; results.innerHTML = ""; return; }
    results.removeAttribute("data-done");  // set again when this query's results are shown
    results.innerHTML = "<p class=\"searching\">正在搜索……</p>";
    hintsFor(q).then(function (h) { if (mine === seq) renderDirect(narrowed(directHits(h, q))); });
    var filters = currentFilters();
    // the first FIRST results' excerpts are fetched at once (each is a small file: on a slow network
    // the first result comes sooner), up to MORE more on request
    loadPagefind().then(function (pf) { return fullText(pf, q, filters); }).then(function (r) {
      return Promise.all(r.results.slice(0, FIRST).map(function (x) { return x.data(); }))
        .then(function (data) { return [r.results, data]; });
    }).then(function (got) {
      if (mine !== seq) return;
      var all = got[0], data = got[1], total = all.length;
      results.setAttribute("data-done", q);
      if (!total) { results.innerHTML = "<p class=\"none\">没有找到含“" + esc(q) + "”的页面。</p>"; return; }
      var shown = Math.min(total, FIRST + MORE);
      results.innerHTML = "<h2 id=\"search-hits\">全文结果（" + total + " 个页面" + (total > shown ? "，显示前 " + shown + " 个" : "") + "）</h2><ol class=\"search-hits\">" +
        data.map(hitItem).join("") + "</ol>";
      if (total > FIRST) {
        var more = document.createElement("button");
        more.type = "button";
        more.className = "md-button search-more";
        more.textContent = "显示更多结果（再 " + (shown - FIRST) + " 个）";
        more.addEventListener("click", function () {
          more.disabled = true;
          Promise.all(all.slice(FIRST, shown).map(function (x) { return x.data(); })).then(function (rest) {
            if (mine !== seq) return;
            results.querySelector(".search-hits").insertAdjacentHTML("beforeend", rest.map(hitItem).join(""));
            more.remove();
            results.setAttribute("data-more", q);
          });
        });
        results.appendChild(more);
      }
    }).catch(function () {
      if (mine === seq) results.innerHTML = "<p class=\"none\">搜索索引无法加载，请稍后再试。</p>";
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 250);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);  // typed, then Enter: one search
    var query = "?q=" + encodeURIComponent(input.value);
    filterFields.forEach(function (el) {
      if (el.value) query += "&" + el.name + "=" + encodeURIComponent(el.value);
    });
    history.replaceState(null, "", query);
    run(input.value);
  });
  var params = new URLSearchParams(location.search);
  filterFields.forEach(function (el) {
    el.addEventListener("change", function () { run(input.value); });
    var v = params.get(el.name);
    if (v) el.value = v;
    var note = el.getAttribute("data-note") && root.querySelector(el.getAttribute("data-note"));
    if (note && v) { note.hidden = false; note.querySelector("strong").textContent = v; }
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(q); }
})();

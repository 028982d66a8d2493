"""Precompressed .gz siblings (generator/site/precompress.py): on the real build and on a small folder."""

from __future__ import annotations

import gzip
from pathlib import Path

from conftest import ROOT, BuiltSite

from generator.site.precompress import COMPRESSIBLE, MIN_BYTES, compressed, precompress


def test_every_text_file_of_the_built_site_has_an_identical_gz(built_site: BuiltSite) -> None:
    assert built_site.returncode == 0, built_site.output
    site = built_site.path
    missing, different = [], []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or path.stat().st_size < MIN_BYTES:
            continue
        gz = path.with_name(path.name + ".gz")
        if not gz.exists():
            missing.append(str(path.relative_to(site)))
        elif gzip.decompress(gz.read_bytes()) != path.read_bytes():
            different.append(str(gz.relative_to(site)))
    assert not missing and not different, (missing[:10], different[:10])
    # the files that matter most on a slow network are among them
    for rel in ("index.html", "tasks/lantian-12/index.html", "search/hints.json"):
        assert (site / (rel + ".gz")).is_file(), rel
    assert list((site / "assets" / "stylesheets").glob("main.*.min.css.gz"))
    assert list((site / "assets" / "javascripts").glob("bundle.*.min.js.gz"))
    # no .gz of binary downloads or of .gz files
    assert not list(site.rglob("*.xlsx.gz")) and not list(site.rglob("*.gz.gz"))


def test_precompress_is_deterministic_skips_small_and_keeps_good_gz(tmp_path: Path) -> None:
    big = "惠济区蓝天保卫战。" * 200
    (tmp_path / "a.html").write_text(big, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.css").write_text("body{color:red}" * 100, encoding="utf-8")
    (tmp_path / "small.js").write_text("x=1", encoding="utf-8")
    (tmp_path / "t.xlsx").write_bytes(b"PK" + b"0" * 2000)
    sitemap = "<urlset>" + "<url><loc>x</loc></url>" * 50 + "</urlset>"
    (tmp_path / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    theirs = gzip.compress(sitemap.encode(), compresslevel=1)  # written by MkDocs, not by us
    (tmp_path / "sitemap.xml.gz").write_bytes(theirs)
    (tmp_path / "old.json").write_text("[" + "1," * 600 + "1]", encoding="utf-8")
    (tmp_path / "old.json.gz").write_bytes(b"stale, not gzip")
    assert precompress(tmp_path) == 3  # a.html, b.css, old.json
    first = (tmp_path / "a.html.gz").read_bytes()
    assert gzip.decompress(first) == big.encode("utf-8")
    assert first == compressed(big.encode("utf-8"))
    assert (tmp_path / "sub" / "b.css.gz").is_file()
    assert not (tmp_path / "small.js.gz").exists()
    assert not (tmp_path / "t.xlsx.gz").exists()
    assert (tmp_path / "sitemap.xml.gz").read_bytes() == theirs
    assert gzip.decompress((tmp_path / "old.json.gz").read_bytes()) == (tmp_path / "old.json").read_bytes()
    # same input, same bytes (no timestamp or file name in the gzip header)
    (tmp_path / "a.html.gz").unlink()
    precompress(tmp_path)
    assert (tmp_path / "a.html.gz").read_bytes() == first


def test_own_stylesheet_is_minified_in_the_site(built_site: BuiltSite) -> None:
    source = (ROOT / "docs" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    built = (built_site.path / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "/*" in source  # the repository copy keeps its comments
    assert "/*" not in built and "\n\n" not in built
    assert len(built) < 0.7 * len(source)
    # same rules: every custom property and class selector of the source survives
    for token in ("--md-accent-fg-color:#304ffe", "@media print"):
        assert token.replace(" ", "") in built.replace(" ", "")

"""What ``overrides/`` assumes about the installed theme (Material for MkDocs), checked on the theme's
own files: a theme upgrade that breaks an assumption fails here, by name, before any page looks wrong.

The overrides use only blocks and partials the theme documents as overridable (``extrahead``,
``announce``, ``content``, ``scripts``, ``partials/copyright.html``). Two assumptions reach further,
both in ``overrides/partials/lazy-bundle.html``:

* the theme's ``scripts`` block starts with the ``<script src>`` of its bundle (the lazy loader reads
  that URL from the inert ``<template id="theme-scripts">`` copy of the block);
* the bundle starts its work on ``DOMContentLoaded`` (the loader dispatches one when the bundle
  arrives after the page has loaded).
"""

from __future__ import annotations

import re
from pathlib import Path

import material
from conftest import ROOT

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"


def block(name: str) -> str:
    base = (THEME / "base.html").read_text(encoding="utf-8")
    m = re.search(r"{%\s*block " + name + r"\s*%}(.*?){%\s*endblock\s*%}", base, re.S)
    assert m, f"Material's base.html has no block {name!r}: overrides/main.html overrides it"
    return m.group(1)


def test_the_overridden_blocks_exist() -> None:
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    overridden = re.findall(r"{%\s*block (\w+)\s*%}", main)
    assert overridden == ["extrahead", "announce", "content", "scripts"]
    for name in overridden:
        block(name)


def test_scripts_block_starts_with_the_bundle() -> None:
    bundle_tag = r"""\s*<script src="{{ '(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)' \| url }}">"""
    m = re.match(bundle_tag, block("scripts"))
    assert m, "the scripts block no longer starts with the bundle: see overrides/partials/lazy-bundle.html"
    bundle = THEME / m.group(1)
    assert bundle.is_file()
    assert "DOMContentLoaded" in bundle.read_text(encoding="utf-8"), "the bundle no longer waits for the DOM"


def test_the_copyright_partial_is_in_the_footer() -> None:
    footer = (THEME / "partials" / "footer.html").read_text(encoding="utf-8")
    assert '{% include "partials/copyright.html" %}' in footer
    assert (THEME / "partials" / "copyright.html").is_file()
    ours = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html")}
    assert ours == {"main.html", "partials/copyright.html", "partials/lazy-bundle.html"}

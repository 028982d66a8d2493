"""Precompressed copies of the built site's text files (``page.html`` → ``page.html.gz``).

A static server that serves such siblings as they are — nginx ``gzip_static on;``, Caddy
``precompressed``, ``http-server -g`` — then sends every page, stylesheet, script and the search
index compressed (3–6× fewer bytes on a slow mobile network) without compressing on each request.
Servers that do not know the convention ignore the ``.gz`` files.

Output is reproducible: gzip level 9 with no file name and a zero timestamp in the header, so two
builds of the same input give byte-identical ``.gz`` files.
"""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path
from typing import BinaryIO

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".csv", ".map")
"""Text formats worth compressing (xlsx, png and gz are compressed already)."""

MIN_BYTES = 512
"""Smaller files gain nothing worth an extra file."""


CHUNK = 1 << 20
"""Files are read and compressed a MiB at a time (the search index of a district-scale site is
tens of MB, and this runs when the build's memory is at its peak)."""


def _gzip_stream(source: BinaryIO, target: BinaryIO) -> None:
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=target, mtime=0) as out:
        shutil.copyfileobj(source, out, CHUNK)


def compressed(data: bytes) -> bytes:
    """gzip of ``data``, the same bytes every time (mtime 0, no name); what :func:`precompress`
    writes for a file holding ``data``."""
    target = io.BytesIO()
    _gzip_stream(io.BytesIO(data), target)
    return target.getvalue()


def precompress(site_dir: Path) -> int:
    """Write ``<file>.gz`` beside every compressible file of ``site_dir`` of at least
    :data:`MIN_BYTES` whose compressed form is smaller. A ``.gz`` that already holds the same
    content (MkDocs' own ``sitemap.xml.gz``) is left as it is; any other ``.gz`` is never removed.
    Returns the number of ``.gz`` files written."""
    written = 0
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        size = path.stat().st_size
        if size < MIN_BYTES:
            continue
        target = path.with_name(path.name + ".gz")
        if target.is_file() and _holds(target, path):
            continue
        with path.open("rb") as source, target.open("wb") as out:
            _gzip_stream(source, out)
        if target.stat().st_size < size:
            written += 1
        else:
            target.unlink()
    return written


def _holds(gz: Path, path: Path) -> bool:
    """Whether ``gz`` decompresses to exactly the bytes of ``path`` (compared a chunk at a time)."""
    try:
        with gzip.open(gz, "rb") as packed, path.open("rb") as plain:
            while True:
                a, b = packed.read(CHUNK), plain.read(CHUNK)
                if a != b:
                    return False
                if not a:
                    return True
    except (OSError, EOFError, ValueError):
        return False

"""Download bytes kept between the rebuilds of a long-running preview (``mkdocs serve``).

A workbook or a calendar event is written by a library (xlsxwriter, icalendar) from a few plain
values: its title, its rows, its description. Serialising is most of a download's cost, and an
edit to one task changes the values of a few files only — yet every download of the edited
document (and each unit's downloads across documents) is made again. While a :class:`BytesMemo` is
:func:`kept`, :func:`made` returns the bytes last made from *equal* values (compared by a digest of
their ``repr``: strings, numbers, dates, frozen dataclasses — never object identities), so the
output is byte for byte what making them again gives. Outside :func:`kept` (``mkdocs build``,
``python -m generator pages``, a CI job) nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MAX_ENTRIES = 200_000
MAX_BYTES = 256 * 2**20
"""A memo holds at most this many entries and bytes, then starts again: each rebuild adds only what
the edit changed (the files it replaced stay until then), but a session can be long. A 100-document
site's downloads are ~100 MB."""


class BytesMemo:
    """Digest of the values → the bytes made from them."""

    def __init__(self, limit: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._made: dict[bytes, bytes] = {}
        self.limit = limit
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0

    def get(self, values: object, make: Callable[[], bytes]) -> bytes:
        key = hashlib.blake2b(repr(values).encode(), digest_size=20).digest()
        out = self._made.get(key)
        if out is not None:
            self.hits += 1
            return out
        self.misses += 1
        out = make()
        if len(self._made) >= self.limit or self.size + len(out) > self.max_bytes:
            self._made.clear()
            self.size = 0
        self._made[key] = out
        self.size += len(out)
        return out


_current: ContextVar[BytesMemo | None] = ContextVar("huiji_bytes_memo", default=None)


@contextmanager
def kept(memo: BytesMemo | None) -> Iterator[None]:
    """Within the block, :func:`made` uses ``memo`` (None: nothing kept)."""
    token = _current.set(memo)
    try:
        yield
    finally:
        _current.reset(token)


def made(values: object, make: Callable[[], bytes]) -> bytes:
    """``make()``, or the bytes it gave for equal ``values`` while a memo is :func:`kept`.
    ``values`` must hold everything the bytes depend on, as plain data.

    >>> calls = []
    >>> def make() -> bytes:
    ...     calls.append(1)
    ...     return b"x"
    >>> made(("a", 1), make), len(calls)
    (b'x', 1)
    >>> with kept(BytesMemo()):
    ...     made(("a", 1), make), made(("a", 1), make), made(("a", 2), make)
    (b'x', b'x', b'x')
    >>> len(calls)
    3
    >>> small = BytesMemo(max_bytes=2)
    >>> small.get("a", lambda: b"x"), small.get("b", lambda: b"yy"), small.size, small.get("a", make)
    (b'x', b'yy', 2, b'x')
    >>> len(calls)  # "a" was let go when "b" came: made again
    4
    """
    memo = _current.get()
    return make() if memo is None else memo.get(values, make)

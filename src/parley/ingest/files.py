"""Articles from local files, directories and standard input.

- A ``.txt`` file is read as bytes and decoded exactly (``parley.ingest.decode``): offsets
  in the analysis are character offsets into the file's text as decoded, after a removed
  byte-order mark, with ``\\r\\n`` kept. Its title is its first line when that line
  looks like a headline (``headline_of``: short, set apart by a blank line, not ending as
  a sentence does); else it is left empty. A headline read as body text gave quotes to its
  subject ("X says Y") and stances to nobody in particular.
- A ``.html``/``.htm`` file is a web page: body and metadata via ``parley.ingest.html``.
- A file with another suffix, or standard input (``-``), is read as a web page when it
  starts like markup (``<!doctype``, ``<html``, ...) and as text otherwise.
- A directory contributes its ``.txt``, ``.html`` and ``.htm`` files (any letter case),
  sorted by name, hidden files skipped; subdirectories only with ``recursive=True`` (then
  depth-first, each directory's files sorted, before its subdirectories, also sorted).

``doc_id`` is the file stem (``stdin`` for standard input); when two inputs of one batch
share a stem, the later ones get ``-2``, ``-3``, ... in input order, so ids stay unique
and deterministic. Files are read one at a time, as the stream is consumed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from parley.errors import InputError
from parley.ingest.decode import (
    DEFAULT_MAX_CHARS,
    MAX_BYTES_PER_CHAR,
    decode_text,
    too_long_message,
)
from parley.model import Article

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
#: The path that stands for standard input.
STDIN = "-"
#: Largest web page read, as a multiple of the character limit: markup outweighs text.
HTML_BYTES_PER_CHAR = 20

_MARKUP_START = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|article|!--)", re.I)


def looks_like_html(data: bytes) -> bool:
    """True when ``data`` starts like an HTML document."""
    return bool(_MARKUP_START.match(data[:1024]))


def _read_capped(stream: BinaryIO, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes: one more than allowed tells the input is too big."""
    return stream.read(limit + 1)


def _open_error(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
    return InputError(str(path), reason)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as fh:
            return _read_capped(fh, limit)
    except OSError as exc:
        raise _open_error(path, exc) from None


def read_text_file(
    path: str | Path,
    *,
    doc_id: str | None = None,
    published: str | None = None,
    encoding: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Read a plain-text article exactly as decoded (raises ``InputError``)."""
    path = Path(path)
    limit = MAX_BYTES_PER_CHAR * max_chars + 4  # + 4: a UTF-32 byte-order mark
    data = _read_bytes(path, limit)
    if len(data) > limit:
        raise InputError(str(path), too_long_message(max_chars, n_bytes=_size(path)))
    text = decode_text(data, str(path), encoding=encoding, max_chars=max_chars)
    return Article(
        doc_id=doc_id or path.stem, text=text, published=published, source=str(path),
        title=headline_of(text),
    )


#: A first line of at most 200 characters followed by a blank line.
_FIRST_LINE = re.compile(r"([^\r\n]{3,200})\r?\n[ \t]*\r?\n")
#: Closing quotation marks, looked past when telling a sentence's end.
_CLOSERS = "\"'”’»)"


def headline_of(text: str) -> str | None:
    """The text's first line when it reads as a headline: at most 200 characters and 30
    words, a blank line after it, and no full stop, colon or comma at its end (a dateline's
    or a lead's first sentence ends with one). None otherwise."""
    found = _FIRST_LINE.match(text)
    if found is None:
        return None
    line = found.group(1)
    if line != line.strip() or len(line.split()) > 30:
        return None
    if line.rstrip(_CLOSERS)[-1:] in (".", ":", ",", ";"):
        return None
    return line


def read_html_file(
    path: str | Path,
    *,
    doc_id: str | None = None,
    published: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Read a saved web page and extract its article (raises ``InputError``)."""
    from parley.ingest.html import article_from_html  # lazy: trafilatura is slow to import

    path = Path(path)
    limit = HTML_BYTES_PER_CHAR * max_chars
    data = _read_bytes(path, limit)
    if len(data) > limit:
        raise InputError(str(path), f"page too large: over {limit:,} bytes ({HTML_BYTES_PER_CHAR} x --max-chars)")
    return article_from_html(
        data, str(path), doc_id=doc_id or path.stem, published=published, max_chars=max_chars
    )


def read_stdin(
    stream: BinaryIO | None = None,
    *,
    doc_id: str = "stdin",
    published: str | None = None,
    encoding: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Read one article (text, or a web page if it starts like one) from standard input."""
    stream = stream if stream is not None else sys.stdin.buffer
    limit = HTML_BYTES_PER_CHAR * max_chars
    data = _read_capped(stream, limit)
    if looks_like_html(data):
        if len(data) > limit:
            raise InputError(STDIN, f"page too large: over {limit:,} bytes")
        from parley.ingest.html import article_from_html

        return article_from_html(data, STDIN, doc_id=doc_id, published=published, max_chars=max_chars)
    if len(data) > MAX_BYTES_PER_CHAR * max_chars + 4:
        raise InputError(STDIN, too_long_message(max_chars))
    text = decode_text(data, STDIN, encoding=encoding, max_chars=max_chars)
    return Article(
        doc_id=doc_id, text=text, published=published, source=STDIN, title=headline_of(text)
    )


def _kind(path: Path) -> str:
    """``text`` or ``html`` for a file given by name, sniffing when the suffix says neither."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    try:
        with path.open("rb") as fh:
            return "html" if looks_like_html(fh.read(1024)) else "text"
    except OSError as exc:
        raise _open_error(path, exc) from None


def _is_article_file(path: Path) -> bool:
    return (
        not path.name.startswith(".")
        and path.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES
        and path.is_file()
    )


def _walk(directory: Path, recursive: bool) -> Iterator[Path | InputError]:
    """A directory's article files in sorted order (see the module docstring)."""
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield _open_error(directory, exc)
        return
    yield from (p for p in entries if _is_article_file(p))
    if recursive:
        for sub in entries:
            # Symlinked directories are skipped: they can loop back up the tree.
            if sub.is_dir() and not sub.is_symlink() and not sub.name.startswith("."):
                yield from _walk(sub, recursive)


def expand_paths(paths: Iterable[str | Path], *, recursive: bool = False) -> Iterator[Path | str | InputError]:
    """The inputs ``paths`` name, in order: files, directory contents, ``"-"`` for stdin.

    Nothing is read here; a missing path or a directory without article files is yielded
    as an ``InputError`` in its place.
    """
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for item in _walk(path, recursive):
                found = True
                yield item
            if not found:
                yield InputError(str(path), "no .txt or .html files in this directory")
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), "no such file or directory")


def read_source(
    source: Path | str,
    *,
    doc_id: str | None = None,
    published: str | None = None,
    encoding: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Article:
    """Read one input named by ``expand_paths`` (a file path or ``"-"``) into an ``Article``."""
    if str(source) == STDIN:
        return read_stdin(stdin, doc_id=doc_id or "stdin", published=published,
                          encoding=encoding, max_chars=max_chars)
    path = Path(source)
    if _kind(path) == "html":
        return read_html_file(path, doc_id=doc_id, published=published, max_chars=max_chars)
    return read_text_file(path, doc_id=doc_id, published=published, encoding=encoding,
                          max_chars=max_chars)


class _UniqueIds:
    """Hands out ``stem``, then ``stem-2``, ``stem-3``, ... for repeated stems."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, stem: str) -> str:
        candidate, n = stem, 1
        while candidate in self.seen:
            n += 1
            candidate = f"{stem}-{n}"
        self.seen.add(candidate)
        return candidate


def read_sources(
    items: Iterable[Path | str | InputError],
    *,
    published: str | None = None,
    encoding: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Read what ``expand_paths`` yielded, lazily: one ``Article`` or ``InputError`` per item.

    Errors are yielded in place so that a batch goes on past a bad file; ``doc_id`` is the
    stem, made unique within the batch (see the module docstring).
    """
    unique = _UniqueIds()
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        stem = "stdin" if str(item) == STDIN else Path(item).stem
        try:
            yield read_source(item, doc_id=unique(stem), published=published,
                              encoding=encoding, max_chars=max_chars, stdin=stdin)
        except InputError as exc:
            yield exc


def iter_sources(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    encoding: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    recursive: bool = False,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Read the inputs ``paths`` name, lazily, yielding an ``Article`` or an ``InputError`` each.

    ``published`` overrides each article's own date; ``encoding`` applies to text inputs.
    """
    yield from read_sources(expand_paths(paths, recursive=recursive), published=published,
                            encoding=encoding, max_chars=max_chars, stdin=stdin)

"""A web page's article body and metadata, extracted with trafilatura.

The text is trafilatura's body with one ``\\n`` between paragraphs (as in plain-text news
files such as the seed article); a first line repeating the headline is dropped because
the headline is kept in ``Article.title``. Comments and tables are left out: neither holds
the reported speech parley looks for, and table cells read as run-on sentences. Byline and
timestamp lines that trafilatura leaves in the body are marked in ``Article.boilerplate``;
newsletter prompts and the like are left to the ``parley_boilerplate`` component's
patterns. Nothing is fetched: trafilatura only parses the markup it is given.
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import trafilatura

from parley.errors import InputError
from parley.ingest.decode import DEFAULT_MAX_CHARS, check_text, decode_html
from parley.model import Article, stable_id

# trafilatura logs "discarding data" warnings for pages without a body; parley reports
# those itself as InputError, so keep Python's last-resort handler from printing them too.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun"
#: The only words a timestamp line ("Updated: Fri 14 March 2025, 09:40 GMT") may contain.
_STAMP_WORDS = frozenset(
    (_MONTHS + " " + _WEEKDAYS + " published updated posted last modified on at am pm "
     "t z gmt utc bst cet cest est edt pst pdt").split()
)
#: Lower-case words allowed in a byline besides names ("By Ana Lind and Ivo Marr in Dorsk").
_BYLINE_LINKS = frozenset("and in for of the with from reporting staff correspondent".split())
#: Fewest words in a line of article prose (menus and buttons have fewer).
MIN_PROSE_WORDS = 8
_SENTENCE_END = (".", "?", "!", "\u201d", '"', "\u2019")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_timestamp(line: str) -> bool:
    """True for a line that is only a date/time stamp, e.g. "Published 14 March 2025"."""
    if len(line) > 60 or not re.search(r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b", line):
        return False
    return all(w.casefold() in _STAMP_WORDS for w in re.findall(r"[^\W\d_]+", line))


def _is_byline(line: str, author: str | None) -> bool:
    """True for "By Ana Lind" (or the bare author name); not for prose like "By Friday, ..."."""
    if author and _norm(line) in (_norm(author), "by " + _norm(author)):
        return True
    words = line.split()
    if len(line) > 80 or len(words) < 2 or words[0].casefold() != "by" or line.endswith(_SENTENCE_END):
        return False
    names = [w.strip(",;&") for w in words[1:]]
    if any(w.casefold() in _STAMP_WORDS for w in names):
        return False  # "By Friday", "By March 3": a time, not a name
    return all(not w or w[0].isupper() or w.casefold() in _BYLINE_LINKS for w in names)


def _is_meta_line(line: str, author: str | None) -> bool:
    """True for a byline or a bare timestamp line."""
    return _is_byline(line, author) or _is_timestamp(line)


def _meta_line_ranges(text: str, author: str | None) -> list[tuple[int, int]]:
    """Character ranges of byline and timestamp lines at the very start or end of ``text``."""
    ranges: list[tuple[int, int]] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    # Only the first and last three lines: metadata sits around the body, not inside it.
    candidates = lines[:3] + lines[max(3, len(lines) - 3):]
    for start, raw in candidates:
        line = raw.strip()
        if line and _is_meta_line(line, author):
            begin = start + raw.index(line)
            ranges.append((begin, begin + len(line)))
    return ranges


def _drop_headline(text: str, title: str | None) -> str:
    """``text`` without a first line that repeats ``title``."""
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if sep and _norm(first) == _norm(title):
        return rest.lstrip("\n")
    return text


def has_body(text: str) -> bool:
    """True when ``text`` has a line of prose that is not boilerplate.

    trafilatura falls back to whatever text a page has, so a page without an article can
    come back as its menu ("News / Politics / Sport") or its newsletter box. A line of at
    least ``MIN_PROSE_WORDS`` words outside the packaged boilerplate patterns tells prose.
    """
    from parley.nlp.boilerplate.rules import boilerplate_ranges  # lazy: imports spaCy

    covered = set(boilerplate_ranges(text))  # exact ranges of stripped boilerplate lines
    pos = 0
    for raw in text.split("\n"):
        line = raw.strip()
        begin = pos + (raw.index(line) if line else 0)
        if (begin, begin + len(line)) not in covered and len(line.split()) >= MIN_PROSE_WORDS:
            return True
        pos += len(raw) + 1
    return False


def default_doc_id(source: str) -> str:
    """A readable id for a page: its file or URL path stem, else a hash of ``source``."""
    path = urlsplit(source).path if "://" in source else source
    stem = PurePosixPath(path.replace("\\", "/").rstrip("/")).stem
    return stem or stable_id(source)


def _extract(markup: str, url: str | None):
    """trafilatura's Document for ``markup`` (metadata included), or None."""
    if "<html" not in markup[:2000].lower() and "<body" not in markup[:2000].lower():
        # trafilatura rejects bare fragments as "dubious HTML"; give them a document.
        markup = f"<html><body>{markup}</body></html>"
    return trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        # Dates from markup only (meta tags, <time>, URL): the extensive search also reads
        # "© 2025" in a footer as 2025-01-01, which is worse than no date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def article_from_html(
    html: str | bytes,
    source: str,
    url: str | None = None,
    *,
    doc_id: str | None = None,
    published: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Extract the article body and metadata from a web page (raises ``InputError``).

    ``published`` (ISO date) overrides the page's own date; ``doc_id`` defaults to the
    path stem of ``url`` or ``source``. Bytes are decoded as a browser would (BOM, ``<meta>``
    charset, UTF-8, Windows-1252).
    """
    markup = decode_html(html, source) if isinstance(html, bytes) else html
    if not markup.strip():
        raise InputError(source, "empty file")
    doc = _extract(markup, url)
    text = (doc.text or "") if doc is not None else ""
    text = _drop_headline(text.strip("\n"), doc.title if doc is not None else None)
    if not has_body(text):
        raise InputError(source, "no article body found")
    check_text(text, source, max_chars)
    return Article(
        doc_id=doc_id or default_doc_id(url or source),
        text=text,
        title=doc.title or None,
        published=published or doc.date or None,
        source=source,
        url=url or doc.url or None,
        author=doc.author or None,
        site=doc.sitename or None,
        language=doc.language or None,
        boilerplate=_meta_line_ranges(text, doc.author),
    )

"""Import and export feed lists as OPML (read with defusedxml, written as OPML 2.0).

Import walks nested outlines (folders) and keeps every outline with an ``xmlUrl``; the
titles of the enclosing folders become ``category`` ("News/Europe"). A feed listed twice
is kept once (first place wins). Outlines whose ``xmlUrl`` is not http(s) are skipped:
parley could not fetch them. Malformed files, files with entity declarations (the
"billion laughs" family) and XML that is not OPML raise ``InputError`` saying which.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from parley.errors import InputError


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed from an OPML file."""

    url: str
    title: str | None = None
    site_url: str | None = None
    category: str | None = None


def read_opml(path: str | os.PathLike[str]) -> list[OpmlFeed]:
    """Read the feeds listed in the OPML file at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot read file") from exc
    return parse_opml(data, str(path))


def parse_opml(data: bytes | str, source: str = "OPML") -> list[OpmlFeed]:
    """Parse OPML text; ``source`` names it in error messages."""
    if not data.strip():
        raise InputError(source, "empty OPML file")
    try:
        root = SafeET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(source, f"not well-formed XML (line {line}, column {column + 1})") from exc
    except DefusedXmlException as exc:
        raise InputError(source, f"refused: {type(exc).__name__} (entity or DTD tricks)") from exc
    except (LookupError, ValueError) as exc:  # <?xml encoding="..."?> expat cannot use
        raise InputError(source, f"unreadable encoding in the XML declaration ({exc})") from exc
    if _local(root.tag) != "opml":
        raise InputError(source, f"not an OPML file (root element is <{_local(root.tag)}>)")
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise InputError(source, "OPML file without a <body>")
    feeds: dict[str, OpmlFeed] = {}
    _walk(body, [], feeds, source)
    return list(feeds.values())


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _attr(element: ET.Element, name: str) -> str | None:
    """An attribute by name, case-insensitively (exporters disagree on xmlUrl/xmlurl)."""
    for key, value in element.attrib.items():
        if key.lower() == name.lower():
            return value.strip() or None
    return None


#: Deepest nesting of outlines read; real lists have a few levels of folders, and each
#: level costs a Python stack frame (thousands would end in RecursionError).
MAX_DEPTH = 64


def _walk(element: ET.Element, folders: list[str], feeds: dict[str, OpmlFeed], source: str,
          depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise InputError(source, f"outlines nested more than {MAX_DEPTH} levels deep")
    for outline in element:
        if _local(outline.tag) != "outline":
            continue
        label = _attr(outline, "title") or _attr(outline, "text")
        url = _attr(outline, "xmlUrl")
        if url and url.lower().startswith(("http://", "https://")):
            feeds.setdefault(
                url,
                OpmlFeed(
                    url=url,
                    title=label,
                    site_url=_attr(outline, "htmlUrl"),
                    category="/".join(folders) or None,
                ),
            )
        _walk(outline, folders + [label] if label and not url else folders, feeds, source,
              depth + 1)


def write_opml(
    feeds: Iterable[Any], *, title: str = "parley feeds", created: datetime | None = None
) -> str:
    """OPML 2.0 text listing ``feeds`` (anything with ``url``, ``title``, ``site_url``)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    if created is not None:  # optional so that the same list exports byte for byte the same
        ET.SubElement(head, "dateCreated").text = format_datetime(created, usegmt=True)
    body = ET.SubElement(root, "body")
    for feed in feeds:
        label = getattr(feed, "title", None) or feed.url
        attrs = {"type": "rss", "text": label, "title": label, "xmlUrl": feed.url}
        site = getattr(feed, "site_url", None)
        if site:
            attrs["htmlUrl"] = site
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

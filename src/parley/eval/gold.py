"""Gold readers: the seed gold JSON and BRAT/PolNeAR attribution folders, as ``Analysis``.

Gold documents use the same records as predictions (``parley.model``), so a gold document
is itself a perfect prediction. Texts are read exactly (UTF-8, no newline translation) so
that character offsets line up with the annotations.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.errors import InputError
from parley.model import Analysis, Article, DateRef, Event, Quote, Span, Speaker, Stance, stable_id

OPENING_MARKS = '"“‘«'
CLOSING_MARKS = '"”’»'


def read_text(path: Path) -> str:
    """The text of ``path`` exactly as stored (UTF-8, line endings untouched)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None


# -- quotation marks ----------------------------------------------------------------------


def _is_mark(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a quotation mark (not an apostrophe inside a word)."""
    ch = text[i]
    if ch not in OPENING_MARKS and ch not in CLOSING_MARKS:
        return False
    if ch in "'’" and 0 < i < len(text) - 1:
        return not (text[i - 1].isalnum() and text[i + 1].isalnum())
    return True


def quotation(text: str, ranges: tuple[tuple[int, int], ...]) -> str:
    """How a content span sits in quotation marks: "quoted", "partial" or "none".

    "quoted" when it opens and closes at quotation marks (inside or just outside the span,
    closing marks may follow a comma or full stop), "partial" when it contains or touches
    quotation marks otherwise, "none" when no quotation mark is involved.
    """
    start, end = ranges[0][0], ranges[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return "none"
    opens = (text[start] in OPENING_MARKS and _is_mark(text, start)) or (
        start > 0 and text[start - 1] in OPENING_MARKS and _is_mark(text, start - 1)
    )
    after = end
    while after < len(text) and after < end + 2 and text[after] in ",.;:?!":
        after += 1
    closes = (text[end - 1] in CLOSING_MARKS and _is_mark(text, end - 1)) or (
        after < len(text) and text[after] in CLOSING_MARKS and _is_mark(text, after)
    )
    if opens and closes:
        return "quoted"
    inside = any(_is_mark(text, i) for s, e in ranges for i in range(s, e))
    return "partial" if opens or closes or inside else "none"


# -- seed gold JSON -----------------------------------------------------------------------


def _locate(text: str, needle: str, after: Span | None, where: str, path: Path) -> Span:
    """Where ``needle`` is: its first occurrence from ``after``'s start on that is not
    ``after`` itself (repeated quotes follow each other), else its first occurrence."""
    if not needle:
        raise InputError(str(path), f"{where}: empty text")
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    if not starts:
        raise InputError(str(path), f"{where}: {needle[:60]!r} is not in the article text")
    if after is not None:
        for i in starts:
            if i >= after.start and (i, i + len(needle)) != (after.start, after.end):
                return Span.of(text, i, i + len(needle))
    return Span.of(text, starts[0], starts[0] + len(needle))


_SENTENCE_END = re.compile(r"[.!?][’”\"']?(?:\s|$)|\n")


def _sentence(text: str, span: Span) -> tuple[int, int]:
    """The character range of the sentence(s) around ``span`` (a rough, rule-based cut)."""
    start, end = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= span.start:
            start = m.end()
        elif m.start() >= span.end:
            end = m.start()
            break
    return start, end


def _nearest(text: str, needle: str | None, near: Span) -> Span | None:
    """The whole-word occurrence of ``needle`` closest to ``near``, preferring its sentence."""
    if not needle:
        return None
    lo, hi = _sentence(text, near)

    def rank(m: re.Match[str]) -> tuple[bool, int]:
        outside = m.start() < lo or m.end() > hi
        return outside, max(near.start - m.end(), m.start() - near.end, 0)

    found = list(re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text))
    if not found:
        return None
    best = min(found, key=rank)
    return Span.of(text, best.start(), best.end())


def _field(item: dict[str, Any], key: str, where: str, path: Path) -> Any:
    if not isinstance(item, dict) or key not in item:
        raise InputError(str(path), f"{where}: missing {key!r}")
    return item[key]


def _seed_quotes(data: dict, text: str, doc_id: str, path: Path) -> list[Quote]:
    quotes: list[Quote] = []
    after: Span | None = None
    for n, item in enumerate(data.get("quotes", []), 1):
        where = f"quotes[{n}]"
        content = _locate(text, _field(item, "content", where, path), after, where, path)
        after = content
        mention = _nearest(text, item.get("speaker_mention"), content)
        quotes.append(
            Quote(
                id=stable_id(doc_id, "quote", content.start, content.end),
                content=content,
                direct=bool(item.get("direct", False)),
                speaker=Speaker(str(_field(item, "speaker", where, path)), mention),
                cue=_nearest(text, item.get("cue"), content),
                addressee=item.get("addressee"),
            )
        )
    return quotes


def _seed_events(data: dict, text: str, doc_id: str, path: Path) -> list[Event]:
    events = []
    for n, item in enumerate(data.get("events", []), 1):
        where = f"events[{n}]"
        evidence = _locate(text, _field(item, "evidence", where, path), None, where, path)
        date = item.get("date")
        events.append(
            Event(
                id=stable_id(doc_id, "event", n),
                kind=str(_field(item, "kind", where, path)),
                plover=item.get("plover"),
                evidence=evidence,
                actors=list(item.get("actors", [])),
                recipients=list(item.get("recipients", [])),
                place=item.get("place"),
                # The gold gives the resolved date, not its expression: the evidence stands in.
                date=DateRef(evidence, date, resolved=True) if date else None,
            )
        )
    return events


def _seed_stances(data: dict, text: str, doc_id: str, path: Path) -> list[Stance]:
    stances = []
    for n, item in enumerate(data.get("stances", []), 1):
        where = f"stances[{n}]"
        evidence = _locate(text, _field(item, "evidence", where, path), None, where, path)
        stances.append(
            Stance(
                id=stable_id(doc_id, "stance", n),
                issue=str(_field(item, "issue", where, path)),
                proposition=str(item.get("proposition", "")),
                actor=str(_field(item, "actor", where, path)),
                stance=str(_field(item, "stance", where, path)),
                evidence=evidence,
                date=data.get("published"),
            )
        )
    return stances


def read_seed_gold(gold_path: str | Path, article_path: str | Path | None = None) -> Analysis:
    """Read a gold JSON file (and its article, ``article.txt`` beside it by default)."""
    gold_path = Path(gold_path)
    article_path = Path(article_path) if article_path else gold_path.with_name("article.txt")
    try:
        data = json.loads(read_text(gold_path))
    except json.JSONDecodeError as exc:
        raise InputError(str(gold_path), f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise InputError(str(gold_path), "expected a JSON object with 'quotes'")
    text = read_text(article_path)
    doc_id = str(data.get("doc_id") or article_path.stem)
    boiler = []
    for line in data.get("boilerplate", []):
        i = text.find(line)
        if i >= 0:
            boiler.append((i, i + len(line)))
    article = Article(
        doc_id=doc_id,
        text=text,
        title=data.get("title"),
        published=data.get("published"),
        source=str(article_path),
        boilerplate=boiler,
    )
    return Analysis(
        doc_id=doc_id,
        article=article,
        quotes=_seed_quotes(data, text, doc_id, gold_path),
        events=_seed_events(data, text, doc_id, gold_path),
        stances=_seed_stances(data, text, doc_id, gold_path),
    )


# -- BRAT / PolNeAR -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BratDoc:
    """One annotated text of a BRAT folder: its text file and the .ann file scored."""

    doc_id: str
    text_path: Path
    ann_path: Path
    annotators: int  # how many .ann files the text has


def _brat_dirs(directory: Path) -> tuple[Path, Path]:
    """(text folder, annotation folder): PolNeAR's text/ + attributions/, or one flat folder."""
    if (directory / "text").is_dir() and (directory / "attributions").is_dir():
        return directory / "text", directory / "attributions"
    return directory, directory


def list_brat(directory: str | Path, limit: int | None = None) -> list[BratDoc]:
    """The annotated texts of a BRAT folder in sorted order (first ``limit`` of them).

    An annotation file is named ``<text stem>.ann`` or ``<text stem>_<annotator>.ann``; a
    text annotated several times is scored against the first file in sorted order.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(str(directory), "not a folder")
    text_dir, ann_dir = _brat_dirs(directory)
    anns: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        anns.setdefault(ann.stem, []).append(ann)
        if "_" in ann.stem:
            anns.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    docs = []
    for txt in sorted(text_dir.glob("*.txt")):
        found = anns.get(txt.stem)
        if found:
            docs.append(BratDoc(txt.stem, txt, found[0], len(found)))
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise InputError(str(directory), "no .txt files with .ann annotations found")
    return docs


_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(\S+)")
_T_ID = re.compile(r"^T\d+\t")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One BRAT event line: its type and the text-bound spans of each role."""

    id: str
    type: str  # "Attribution" or "Attribution-no-source"
    roles: dict[str, tuple[tuple[int, int], ...]]  # role -> character ranges


def parse_ann(ann_text: str, source: str = "<ann>") -> list[Attribution]:
    """Parse BRAT standoff text into attributions (T spans resolved into E line roles).

    Lines that are neither ``T`` nor ``E`` lines (notes, continuation lines of a span's
    text that contains a newline) are skipped: only offsets matter, the text is read from
    the .txt file.
    """
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[tuple[int, str, str]] = []
    for n, line in enumerate(ann_text.split("\n"), 1):
        if _T_ID.match(line):
            m = _T_LINE.match(line)
            if not m:
                raise InputError(source, f"line {n}: malformed text-bound annotation")
            ranges = tuple(tuple(map(int, p.split())) for p in m.group(3).split(";"))
            spans[m.group(1)] = tuple(sorted(ranges))  # type: ignore[arg-type]
        elif line.startswith("E") and (m := _E_LINE.match(line)):
            events.append((n, m.group(1), line.split("\t", 1)[1]))
    out = []
    for n, eid, body in events:
        parts = body.split()
        roles: dict[str, tuple[tuple[int, int], ...]] = {}
        for part in parts[1:]:
            role, _, ref = part.partition(":")
            if ref not in spans:
                raise InputError(source, f"line {n}: {eid} refers to unknown {ref!r}")
            # "Content2" is the second piece of a content split by other text.
            base = "Content" if role.startswith("Content") else role
            roles[base] = tuple(sorted(roles.get(base, ()) + spans[ref]))
        out.append(Attribution(eid, parts[0].partition(":")[0], roles))
    return out


def _brat_quote(text: str, doc_id: str, att: Attribution) -> Quote:
    content = Span.of_segments(text, list(att.roles["Content"]))
    source = att.roles.get("Source")
    mention = Span.of_segments(text, list(source)) if source else None
    cue = att.roles.get("Cue")
    return Quote(
        id=stable_id(doc_id, att.id),
        content=content,
        direct=quotation(text, content.ranges()) != "none",
        speaker=Speaker(mention.text if mention else "", mention),
        cue=Span.of_segments(text, list(cue)) if cue else None,
    )


def read_metadata(directory: str | Path) -> dict[str, dict[str, str]]:
    """PolNeAR's metadata.tsv (in ``directory`` or its parent), keyed by file name stem."""
    directory = Path(directory)
    for candidate in (directory / "metadata.tsv", directory.parent / "metadata.tsv"):
        if candidate.is_file():
            rows = csv.DictReader(read_text(candidate).splitlines(), delimiter="\t")
            return {r["filename"]: r for r in rows if r.get("filename")}
    return {}


def read_brat_doc(doc: BratDoc, meta: dict[str, str] | None = None) -> Analysis:
    """Read one BRAT text and its annotations as a gold ``Analysis``.

    Attributions without a content span (a few annotators' leftovers) are dropped: there is
    nothing to match them on.
    """
    text = read_text(doc.text_path)
    meta = meta or {}
    atts = parse_ann(read_text(doc.ann_path), str(doc.ann_path))
    for att in atts:
        for ranges in att.roles.values():
            if any(e > len(text) or s > e for s, e in ranges):
                raise InputError(str(doc.ann_path), f"{att.id}: offsets outside the text")
    article = Article(
        doc_id=doc.doc_id,
        text=text,
        title=meta.get("title") or None,
        published=meta.get("publication_date") or None,
        source=str(doc.text_path),
    )
    quotes = [_brat_quote(text, doc.doc_id, a) for a in atts if "Content" in a.roles]
    quotes.sort(key=lambda q: (q.content.start, q.content.end, q.id))
    return Analysis(doc_id=doc.doc_id, article=article, quotes=quotes)


def read_brat(directory: str | Path, limit: int | None = None) -> Iterator[Analysis]:
    """Stream the gold documents of a BRAT folder (PolNeAR split or flat), sorted by name."""
    meta = read_metadata(directory)
    for doc in list_brat(directory, limit):
        yield read_brat_doc(doc, meta.get(doc.doc_id))

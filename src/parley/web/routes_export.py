"""Exports: quotes, events and stances as CSV or JSON Lines, streamed, with optional filters.

``/export/{quotes,events,stances}.{csv,jsonl}?actor=&issue=&from=&to=``. JSON Lines carry
each record's full JSON (the same as the API's); CSV flattens it to the columns below.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from parley.store import Store
from parley.store.hub_queries import ExportFilter, export_events, export_quotes, export_stances
from parley.web import pages
from parley.web.caching import fresh
from parley.web.deps import SharedReadsRoute, StoreDep, not_found
from parley.web.openapi import RECORD_HEADERS, errors, page, pattern
from parley.web.render import render
from parley.web.schemas import ExportsPage

#: Every answer here is a function of the record and the URL: ETag/Last-Modified/304 up front.
router = APIRouter(tags=["exports"], dependencies=[Depends(fresh)], route_class=SharedReadsRoute)

#: A date filter: YYYY-MM-DD, YYYY-MM or YYYY (empty: no filter).
DATE_PATTERN = pattern(r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$",
                       "expects a date as YYYY-MM-DD (or YYYY-MM, YYYY)")


def _joined(values: list[str]) -> str:
    return "; ".join(values)


def _span_text(span: dict | None) -> str:
    return span["text"] if span else ""


#: The first CSV columns of every export: the record's id and the article it came from.
_LEADING: list[tuple[str, Callable[[dict], Any]]] = [
    ("id", lambda r: r["id"]),
    ("article_id", lambda r: r["article"]["id"]),
    ("article_title", lambda r: r["article"]["title"]),
    ("article_url", lambda r: r["article"]["url"]),
    ("published", lambda r: r["article"]["published"]),
]

#: CSV columns per export: (header, how to read it from the record's JSON).
COLUMNS: dict[str, list[tuple[str, Callable[[dict], Any]]]] = {
    "quotes": [
        *_LEADING,
        ("speaker", lambda r: r["speaker"]["name"]),
        ("speaker_actor_id", lambda r: r["speaker_actor_id"]),
        ("direct", lambda r: "true" if r["direct"] else "false"),
        ("text", lambda r: r["content"]["text"]),
        ("start", lambda r: r["content"]["start"]),
        ("end", lambda r: r["content"]["end"]),
        ("cue", lambda r: _span_text(r["cue"])),
        ("addressee", lambda r: r["addressee"]),
    ],
    "events": [
        *_LEADING,
        ("date", lambda r: r["date"]),
        ("date_expression", lambda r: _span_text((r["date_expression"] or {}).get("expression"))),
        ("kind", lambda r: r["kind"]),
        ("plover", lambda r: r["plover"]),
        ("mode", lambda r: r["mode"]),
        ("actors", lambda r: _joined(r["actors"])),
        ("recipients", lambda r: _joined(r["recipients"])),
        ("place", lambda r: r["place"]),
        ("evidence", lambda r: r["evidence"]["text"]),
    ],
    "stances": [
        *_LEADING,
        ("date", lambda r: r["date"]),
        ("issue", lambda r: r["issue"]),
        ("proposition", lambda r: r["proposition"]),
        ("actor", lambda r: r["actor"]),
        ("actor_id", lambda r: r["actor_id"]),
        ("stance", lambda r: r["stance"]),
        ("evidence", lambda r: r["evidence"]["text"]),
        ("quote_id", lambda r: r["quote_db_id"]),
    ],
}
_SOURCES = {"quotes": export_quotes, "events": export_events, "stances": export_stances}


def _cell(value: Any) -> Any:
    """A CSV cell; text starting like a formula is prefixed so spreadsheets show it as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_lines(kind: str, records: Iterator[Any]) -> Iterator[str]:
    """The CSV text of ``records``, a header then one line per record."""
    columns = COLUMNS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for n, record in enumerate(records, 1):
        data = record.to_json()
        writer.writerow([_cell(get(data)) for _, get in columns])
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_lines(records: Iterator[Any]) -> Iterator[str]:
    """One JSON object per line."""
    for record in records:
        yield json.dumps(record.to_json(), ensure_ascii=False) + "\n"


def _filters(store: Store, actor: str | None, issue: str | None, date_from: str | None,
             date_to: str | None) -> ExportFilter:
    """The export's filters; 404 for an actor or issue the record does not have."""
    actor_id = None
    if actor:
        if actor.isascii() and actor.isdigit():
            record = store.actor(int(actor)) if int(actor) < 2**63 else None
        else:
            record = store.actor(actor)
        if record is None:
            raise not_found(f"actor {actor!r}")
        actor_id = record.id
    if issue and store.issue(issue) is None:
        raise not_found(f"issue {issue!r}")
    return ExportFilter(actor_id=actor_id, issue=issue or None, date_from=date_from or None,
                        date_to=date_to or None)


@router.get("/export", summary="Export files", responses=page(ExportsPage, 503))
def export_page(request: Request):
    """The available exports and their filters."""
    return render(request, "export.html", pages.export_index())


@router.get("/export/{kind}.{fmt}", summary="Export quotes, events or stances",
            response_class=StreamingResponse, responses={
                200: {"description": "CSV (`.csv`) or JSON Lines (`.jsonl`), streamed.",
                      "headers": RECORD_HEADERS,
                      "content": {"text/csv": {"schema": {"type": "string"}},
                                  "application/x-ndjson": {"schema": {"type": "string"}}}},
                304: {"description": "Not modified.", "headers": RECORD_HEADERS},
                **errors(400, 404, 503, html=False)})
def export(
    store: StoreDep,
    kind: Literal["quotes", "events", "stances"],
    fmt: Literal["csv", "jsonl"],
    actor: Annotated[str | None, Query(max_length=200, description="Actor id or name.")] = None,
    issue: Annotated[str | None, Query(max_length=200, description="Issue slug.")] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10, pattern=DATE_PATTERN,
                                           description="First date: YYYY-MM-DD, YYYY-MM or YYYY."
                                           )] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10, pattern=DATE_PATTERN,
                                         description="Last date: YYYY-MM-DD, YYYY-MM or YYYY."
                                         )] = None,
):
    """Every quote, event or stance (optionally filtered), streamed as CSV or JSON Lines."""
    filters = _filters(store, actor, issue, date_from, date_to)
    records = _SOURCES[kind](store, filters)
    if fmt == "csv":
        body, media = csv_lines(kind, records), "text/csv; charset=utf-8"
    else:
        body, media = jsonl_lines(records), "application/x-ndjson; charset=utf-8"
    return StreamingResponse(body, media_type=media, headers={
        "content-disposition": f'attachment; filename="parley-{kind}.{fmt}"'})

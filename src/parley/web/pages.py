"""One function per page: read the store and return the page's JSON-able dict.

The HTML template renders exactly this dict and the JSON twin returns it, so both always
show the same data. Functions raise ``LookupError`` for an unknown id (the route turns it
into a 404) and parley's ``InputError`` for bad parameters (400).
"""

from __future__ import annotations

from typing import Any

from parley.store import Store
from parley.store.hub_queries import top_quotes
from parley.web.render import query_string


def pagination(path: str, params: dict[str, Any], next_value: Any, key: str,
               prev_value: Any = None) -> dict[str, Any]:
    """Links to the next (and previous) page of a listing, keeping the other parameters."""
    return {
        "next": next_value,
        "next_url": path + query_string(params, **{key: next_value}) if next_value is not None
        else None,
        "prev_url": path + query_string(params, **{key: prev_value}) if prev_value is not None
        else None,
    }


def json_url(path: str, params: dict[str, Any] | None = None) -> str:
    """The JSON twin of ``path`` with ``params``."""
    base = "/index.json" if path == "/" else path + ".json"
    return base + query_string(params)


def home_page(store: Store, limit: int = 20, before: str | None = None) -> dict[str, Any]:
    """The latest articles, newest first (one per story), each with its top quote."""
    page = store.latest(limit=limit, before=before)
    quotes = top_quotes(store, (a.id for a in page.items))
    articles = []
    for a in page.items:
        item = a.to_json()
        top = quotes.get(a.id)
        item["top_quote"] = top.to_json() if top else None
        articles.append(item)
    params = {"limit": limit if limit != 20 else None}
    return {
        "kind": "latest",
        "articles": articles,
        "pagination": pagination("/", params, page.next, "before"),
        "json_url": json_url("/", {**params, "before": before}),
    }

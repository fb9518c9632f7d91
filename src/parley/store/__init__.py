"""parley's database: SQLite by default (WAL, FTS5), PostgreSQL by ``postgresql://`` URL.

    from parley.store import Store
    with Store.open("parley.db") as store:
        result = store.save_analysis(analysis)      # new / duplicate / revised / unchanged
        page = store.search('"prisoner exchange" speaker:Volkova from:2025-04')

Modules: ``repository`` (the ``Store`` API), ``schema`` (tables), ``migrations`` (versioned
schema steps; how to add one), ``save`` (one analysis per transaction), ``reads``
(listings and pages), ``query`` + ``search`` (the search language and full-text search),
``dedupe`` (MinHash near-duplicates), ``feeds`` and ``tokens`` (their tables), ``records``
(what the API returns).
"""

from parley.store.query import SearchQuery, parse_query
from parley.store.records import (
    ActorRecord,
    ArticleRef,
    ArticleSummary,
    EventRecord,
    Feed,
    IssueRecord,
    Page,
    QuoteRecord,
    RevisionInfo,
    SaveResult,
    SearchHit,
    StanceRecord,
    StoryRecord,
    TokenInfo,
)
from parley.store.repository import Store

__all__ = [
    "ActorRecord", "ArticleRef", "ArticleSummary", "EventRecord", "Feed", "IssueRecord", "Page",
    "QuoteRecord", "RevisionInfo", "SaveResult", "SearchHit", "SearchQuery", "StanceRecord",
    "Store", "StoryRecord", "TokenInfo", "parse_query",
]

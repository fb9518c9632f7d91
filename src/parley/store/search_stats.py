"""PostgreSQL's own statistics (``pg_stats``, ``pg_class``), read for search's plan choices.

Search on PostgreSQL picks its plan itself (see ``search._pg_window``) from a few estimates:
how many revisions hold a word, how many quotes, appearances or stances a filter names.
They come from what ``ANALYZE`` stored — the same figures the planner uses, read once and
kept per engine for ``STATS_TTL`` seconds — so a choice costs no query of the data. Only
the choice of a plan depends on them, never a result: every plan finds the same rows.
Without statistics (never analysed) the estimates are ``None`` and search keeps the plans
that need none.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

#: Seconds an engine keeps what it read from ``pg_stats`` (ANALYZE runs far less often).
STATS_TTL = 600.0

#: A quoted lexeme in a tsquery's text (PostgreSQL doubles a quote and escapes a backslash).
LEXEME = r"'((?:[^'\\]|''|\\.)*)'"
_LEXEME = re.compile(LEXEME)
_UNESCAPE = re.compile(r"''|\\(.)")
#: The word-pair index (migration 13): ANALYZE keeps its expression's common pairs.
WORD_PAIRS_INDEX = "ix_article_revisions_word_pairs"


@dataclass
class ColumnStats:
    """One column's most common values (or elements, for a tsvector) and their frequencies."""

    common: dict[str, float] = field(default_factory=dict)
    rest: float = 0.0  # the frequency assumed for a value not in ``common``
    bounds: list[str] = field(default_factory=list)  # histogram_bounds (equal-count buckets)
    histogram_share: float = 0.0  # share of the rows the histogram describes

    def share_between(self, low: str | None, high: str | None) -> float:
        """Estimated share of the rows whose value lies in [low, high] (either open)."""
        inside = sum(f for v, f in self.common.items()
                     if (low is None or v >= low) and (high is None or v <= high))
        if len(self.bounds) < 2:
            return inside
        buckets = len(self.bounds) - 1
        covered = sum(1 for a, b in zip(self.bounds, self.bounds[1:], strict=False)
                      if (low is None or b >= low) and (high is None or a <= high))
        return min(1.0, inside + self.histogram_share * covered / buckets)


#: Bytes counted for one row of a hashed subplan's table of integers: the planner counts
#: 32 (a heap tuple header and the aligned value) against work_mem x hash_mem_multiplier
#: before it chooses a hashed subplan; 48 leaves a margin for its own estimate of the rows.
HASH_ROW_BYTES = 48


@dataclass
class SearchStats:
    rows: dict[str, float]  # table -> pg_class.reltuples
    columns: dict[str, ColumnStats]  # "table.column" -> its statistics
    read_at: float
    hash_memory: float = 4 * 1024 * 1024  # bytes a hash table may take (work_mem x multiplier)

    @property
    def hash_rows(self) -> float:
        """Rows a hashed subplan may hold: beyond, the planner runs the subquery per row."""
        return self.hash_memory / HASH_ROW_BYTES

    def table_rows(self, table: str) -> float | None:
        n = self.rows.get(table)
        return n if n is not None and n > 0 else None

    def rows_with(self, table: str, column: str, values) -> float | None:
        """Estimated rows of ``table`` whose ``column`` is one of ``values``."""
        n, col = self.table_rows(table), self.columns.get(f"{table}.{column}")
        if n is None or col is None:
            return None
        return n * min(1.0, sum(col.common.get(str(v), col.rest) for v in values))

    def articles_between(self, low: str | None, high: str | None) -> float | None:
        """Estimated articles whose ``sort_date`` lies in [low, high]."""
        n, col = self.table_rows("articles"), self.columns.get("articles.sort_date")
        if n is None or col is None:
            return None
        return n * col.share_between(low, high)

    def revisions_matching(self, tsquery_text: str, pairs: Sequence[str] = ()) -> float | None:
        """Estimated revisions holding every lexeme of ``tsquery_text`` (independent words:
        the product of their frequencies; a lexeme not among the common ones counts at half
        the least common frequency, as the planner does), and every word pair of ``pairs``
        side by side when the word-pair index has statistics (its rarest pair's frequency:
        two common words are seldom adjacent, "vote party" in 0.1% of the revisions where
        the words' product says 27%)."""
        n, col = self.table_rows("article_revisions"), self.columns.get("article_revisions.search")
        if n is None or col is None:
            return None
        freq = 1.0
        for lexeme in _lexemes(tsquery_text):
            freq *= col.common.get(lexeme, col.rest)
        paired = self.columns.get(f"{WORD_PAIRS_INDEX}.parley_word_pairs")
        if pairs and paired is not None:
            freq = min(freq, min(paired.common.get(p, paired.rest) for p in pairs))
        return n * freq

    def common_share(self, tsquery_text: str) -> float | None:
        """The share of revisions holding every lexeme of ``tsquery_text`` when each is
        among pg_stats' common ones (whose frequency is counted, not guessed); ``None``
        when one is not, or without statistics."""
        col = self.columns.get("article_revisions.search")
        if col is None:
            return None
        share = 1.0
        for lexeme in _lexemes(tsquery_text):
            known = col.common.get(lexeme)
            if known is None:
                return None
            share *= known
        return share


def unquote(lexeme: str) -> str:
    """A lexeme as a tsquery's text quotes it (``LEXEME``'s group), as written."""
    return _UNESCAPE.sub(lambda e: e.group(1) or "'", lexeme)


def _lexemes(tsquery_text: str) -> list[str]:
    """The lexemes of a tsquery's text, unquoted."""
    return [unquote(lexeme) for lexeme in _LEXEME.findall(tsquery_text)]


def _column(row, distinct_at_least: float = 0.0) -> ColumnStats:
    """``distinct_at_least``: a count of distinct values known otherwise (the planner's own
    ``n_distinct``, from a sample, may be far below)."""
    if row.elems is not None:  # tsvector: most_common_elems, then min, max, null frequency
        freqs = list(row.elem_freqs or [])
        common = dict(zip(row.elems, freqs, strict=False))
        least = freqs[-3] if len(freqs) >= 3 else 0.0
        return ColumnStats(common, least / 2)
    common = dict(zip(row.vals or [], row.freqs or [], strict=False))
    covered = sum(common.values())
    distinct = row.n_distinct or 0.0
    if distinct < 0:  # a fraction of the rows
        distinct = -distinct * (row.reltuples or 0.0)
    distinct = max(distinct, distinct_at_least)
    others = max(distinct - len(common), 1.0)
    rest = max(0.0, 1.0 - covered - (row.null_frac or 0.0))
    return ColumnStats(common, rest / others, list(row.bounds or []), rest)


_QUERY = sa.text("""
SELECT s.tablename, s.attname, s.null_frac, s.n_distinct,
       s.most_common_vals::text::text[] AS vals, s.most_common_freqs AS freqs,
       s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS elem_freqs,
       s.histogram_bounds::text::text[] AS bounds,
       c.reltuples
FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
WHERE s.schemaname = current_schema()
  AND (s.tablename, s.attname) IN (('article_revisions', 'search'), ('quotes', 'speaker_actor_id'),
       ('article_actors', 'actor_id'), ('stances', 'issue'), ('articles', 'sort_date'),
       ('ix_article_revisions_word_pairs', 'parley_word_pairs'))
""")

_ROWS = sa.text("""
SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema()
  AND c.relname IN ('articles', 'article_revisions', 'quotes', 'article_actors', 'stances')
""")


#: Distinct speakers and named actors, exact, from the counts kept on save
#: (``summaries.actor_stats``). ANALYZE's sample of a skewed column puts them far too low
#: (200k generated articles: 14,192 speakers where 62,189 spoke, 14,961 actors named where
#: 89,083 were), which makes every actor outside the most common ones look 4-6 times as
#: frequent as it is, and a surname shared by thousands of actors look like most of the
#: archive.
_DISTINCT_ACTORS = sa.text(
    "SELECT count(*) FILTER (WHERE quotes > 0) AS speakers,"
    " count(*) FILTER (WHERE articles > 0) AS named FROM actor_stats")

_HASH_MEMORY = sa.text(
    "SELECT pg_size_bytes(current_setting('work_mem'))"
    " * coalesce(current_setting('hash_mem_multiplier', true), '1')::float8")


def search_stats(conn: Connection) -> SearchStats:
    """This database's statistics for search (memoised per engine for ``STATS_TTL``)."""
    engine = conn.engine
    known: SearchStats | None = getattr(engine, "_parley_search_stats", None)
    now = time.monotonic()
    if known is not None and now - known.read_at < STATS_TTL:
        return known
    rows = {r.relname: float(r.reltuples) for r in conn.execute(_ROWS)}
    actors = conn.execute(_DISTINCT_ACTORS).one()
    known_distinct = {"quotes.speaker_actor_id": float(actors.speakers or 0),
                      "article_actors.actor_id": float(actors.named or 0)}
    columns = {f"{r.tablename}.{r.attname}":
               _column(r, known_distinct.get(f"{r.tablename}.{r.attname}", 0.0))
               for r in conn.execute(_QUERY)}
    memory = conn.execute(_HASH_MEMORY).scalar()
    known = SearchStats(rows, columns, now, float(memory))
    engine._parley_search_stats = known
    return known

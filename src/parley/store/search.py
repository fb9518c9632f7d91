"""Full-text search over articles and quotes, from one ``SearchQuery`` on both databases.

SQLite uses the FTS5 tables ``revisions_fts`` (title + text of article revisions) and
``quotes_fts`` (quote contents), ranked by bm25 (a title hit weighs 4x a body hit), with
FTS5's ``snippet()``. PostgreSQL uses the generated ``search`` tsvector columns with GIN
indexes, ``plainto_tsquery``/``phraseto_tsquery`` combined with ``&&`` and ``!!``, ranked
by ``ts_rank`` and highlighted with ``ts_headline`` (on the page's rows only). Both stem
English words. Differences: PostgreSQL drops stop words ("the" alone matches nothing);
SQLite keeps them.

A query without words (filters only, or only exclusions) lists matching articles newest
first. Only current revisions are found; filters apply to the article (see query.py).

Ranking reads every match, so a word found in most articles would make search slow on a
large store: only the newest ``RANK_WINDOW`` matches that pass the filters are ranked (on
SQLite, and for quotes on both, "newest" means most recently stored; for articles on
PostgreSQL, latest published), and
snippets are built for the rows of the page only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.store.migrations import (
    PHRASE_VECTOR,
    TS_CONFIG,
    WORD_PAIR_GAP,
    WORD_PAIR_MAX_BYTES,
)
from parley.store.query import SearchQuery, Term
from parley.store.reads import (
    REF_COLUMNS,
    SUMMARY_COLUMNS,
    SUMMARY_FROM,
    check_page,
    like_escape,
    offset_page,
    quote_record,
    summary,
)
from parley.store.records import Page, QuoteRecord, SearchHit
from parley.store.schema import (
    actors,
    article_actors,
    article_revisions,
    articles,
    quotes,
    stances,
)
from parley.store.search_stats import LEXEME, WORD_PAIRS_INDEX, search_stats, unquote
from parley.world.identity import last_key

_START, _STOP = "\x02", "\x03"  # highlight markers, turned into offsets before returning
_PREVIEW_CHARS = 240
#: Ranked searches rank at most this many matches: the newest ones that pass the filters.
#: It bounds the cost of a very common word (ranking reads every match) at the price of
#: not reaching older matches past this many results.
RANK_WINDOW = 300
_FTS = sa.table("revisions_fts", sa.column("rowid"))
_QFTS = sa.table("quotes_fts", sa.column("rowid"))
_CFG = sa.literal_column(f"'{TS_CONFIG}'::regconfig")


def split_highlights(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove highlight markers; return the plain text and the highlighted ranges."""
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos, start = 0, None
    for ch in marked:
        if ch == _START:
            start = pos
        elif ch == _STOP:
            if start is not None and pos > start:
                ranges.append((start, pos))
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), ranges


def actors_named(name: str) -> sa.Select:
    """Ids of actors called ``name`` (case-insensitive), or whose surname it is.

    Both branches are indexed: ``lower(name)``, and the last name word (``name_last``, which
    every name ending in " <name>" shares) before the exact suffix test, so the look-up
    never scans the actors.
    """
    low = name.strip().lower()
    lname = sa.func.lower(actors.c.name)
    key = last_key(low)
    suffix = lname.like("% " + like_escape(low), escape="\\")
    return sa.select(actors.c.id).where(
        sa.or_(lname == low, sa.and_(actors.c.name_last == key, suffix) if key else suffix)
    )


def _speaker_ids(conn: Connection | None, name: str,
                 known: dict[str, list[int]] | None = None) -> sa.Select | list[int]:
    """``actors_named(name)``, run now when a connection is at hand: a literal id list lets
    the planner use the speaker index instead of scanning quotes against a subquery.
    ``known``: the lists already read for this search (a name is looked up once)."""
    if conn is None:
        return actors_named(name)
    if known is not None and name in known:
        return known[name]
    ids = list(conn.execute(actors_named(name)).scalars())
    if known is not None:
        known[name] = ids
    return ids


def _among(conn: Connection | None, column: sa.ColumnElement,
           ids: sa.Select | list[int]) -> sa.ColumnElement:
    """``column IN ids``; on PostgreSQL a long list is one array parameter (``= ANY``): a
    literal list of thousands of actor ids (a common surname) cost SQLAlchemy and the
    planner 10-20 ms a search, and the executor hashes the array either way."""
    if (isinstance(ids, sa.Select) or len(ids) <= 32 or conn is None
            or conn.dialect.name != "postgresql"):
        return column.in_(ids)
    return column == sa.any_(sa.literal(ids, sa.ARRAY(sa.Integer)))


def _speaker_clause(name: str, conn: Connection | None = None,
                    known: dict[str, list[int]] | None = None) -> sa.ColumnElement:
    return sa.or_(_among(conn, quotes.c.speaker_actor_id, _speaker_ids(conn, name, known)),
                  sa.func.lower(quotes.c.speaker_name) == name.strip().lower())


def article_filters(q: SearchQuery, conn: Connection | None = None,
                    known: dict[str, list[int]] | None = None) -> list[sa.ColumnElement]:
    """WHERE clauses on ``articles`` for the query's filters (names resolved to ids first
    when ``conn`` is given)."""
    where: list[sa.ColumnElement] = []
    if q.speakers:
        where.append(sa.exists().where(quotes.c.article_id == articles.c.id,
                                       sa.or_(*(_speaker_clause(s, conn, known)
                                                for s in q.speakers))))
    if q.actors:
        where.append(sa.exists().where(
            article_actors.c.article_id == articles.c.id,
            sa.or_(*(_among(conn, article_actors.c.actor_id, _speaker_ids(conn, a, known))
                     for a in q.actors))))
    if q.issues:
        where.append(sa.exists().where(stances.c.article_id == articles.c.id,
                                       stances.c.issue.in_(q.issues)))
    if q.sites:
        where.append(sa.or_(*(
            sa.or_(sa.func.lower(articles.c.site) == s, articles.c.host == s,
                   articles.c.host.like("%." + like_escape(s), escape="\\"))
            for s in q.sites)))
    if q.date_from:
        where.append(articles.c.sort_date >= q.date_from)
    if q.date_to:
        where.append(articles.c.sort_date <= q.date_to)
    return where


#: On SQLite, a ``speaker:``, ``actor:`` or ``issue:`` filter met by at most this many rows
#: (quotes, actor appearances, stances) drives a word search: its articles are read through the
#: filter's index and only they are tested for the words. Otherwise the words' matches are
#: walked newest first and the filter tested on each, which for a rare filter on a common
#: word reads most of the archive (the filter side should drive when it is the rarer).
FILTER_FIRST_MAX = 3000


def filtered_revisions(conn: Connection, q: SearchQuery) -> list[int] | None:
    """The current revisions of the articles that pass the query's ``speaker:``/``actor:``/
    ``issue:`` filters, when one of them is met by at most ``FILTER_FIRST_MAX`` rows (each
    probed with a LIMITed read of its index); ``None`` when every such filter is common."""
    probes: list[sa.Select] = []
    if q.speakers:
        probes.append(sa.select(quotes.c.article_id).where(
            sa.or_(*(_speaker_clause(s, conn) for s in q.speakers))))
    if q.actors:
        probes.append(sa.select(article_actors.c.article_id).where(
            sa.or_(*(_among(conn, article_actors.c.actor_id, _speaker_ids(conn, a))
                     for a in q.actors))))
    if q.issues:
        probes.append(sa.select(stances.c.article_id).where(stances.c.issue.in_(q.issues)))
    found: set[int] | None = None
    for probe in probes:
        ids = list(conn.execute(probe.limit(FILTER_FIRST_MAX + 1)).scalars())
        if len(ids) <= FILTER_FIRST_MAX:
            found = set(ids) if found is None else found & set(ids)
    if found is None:
        return None
    if not found:
        return []
    return sorted(conn.execute(sa.select(articles.c.current_revision_id).where(
        articles.c.id.in_(sorted(found)), articles.c.current_revision_id.is_not(None))).scalars())


def _fts_term(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


def fts5_expression(include: tuple[Term, ...], exclude: tuple[Term, ...]) -> str:
    """The FTS5 MATCH expression: every term quoted, so no user text is FTS syntax."""
    expr = "(" + " AND ".join(map(_fts_term, include)) + ")"
    for term in exclude:
        expr += " NOT " + _fts_term(term)
    return expr


def _any_of(terms: tuple[Term, ...]) -> str:
    return " OR ".join(map(_fts_term, terms))


def _tsquery(term: Term) -> sa.ColumnElement:
    fn = sa.func.phraseto_tsquery if term.phrase else sa.func.plainto_tsquery
    return fn(_CFG, term.text)


def ts_expression(include: tuple[Term, ...], exclude: tuple[Term, ...]) -> sa.ColumnElement:
    """A PostgreSQL tsquery: included terms ANDed, then each excluded term ANDed as NOT."""
    parts = [_tsquery(t) for t in include] + [sa.func.tsquery_not(_tsquery(t)) for t in exclude]
    return reduce(sa.func.tsquery_and, parts)


def _ts_any(terms: tuple[Term, ...]) -> sa.ColumnElement:
    return reduce(sa.func.tsquery_or, [_tsquery(t) for t in terms])


def search_articles(conn: Connection, q: SearchQuery, limit: int, offset: int) -> Page[SearchHit]:
    """Articles matching ``q``, best first (newest first when there are no words)."""
    check_page(limit, offset)
    if not q.include:
        return _browse(conn, q, limit, offset)
    if conn.dialect.name == "sqlite":
        return _search_sqlite(conn, q, limit, offset)
    return _search_pg(conn, q, limit, offset)


def excluded_clause(conn: Connection, q: SearchQuery) -> sa.ColumnElement:
    """A WHERE clause on ``articles``: its current revision matches none of the excluded terms."""
    if conn.dialect.name == "sqlite":
        return articles.c.current_revision_id.not_in(
            sa.select(_FTS.c.rowid).where(sa.text("revisions_fts MATCH :ex").bindparams(
                ex=_any_of(q.exclude))))
    return articles.c.current_revision_id.not_in(
        sa.select(article_revisions.c.id).where(
            sa.literal_column("article_revisions.search").op("@@")(_ts_any(q.exclude))))


def _browse(conn: Connection, q: SearchQuery, limit: int, offset: int) -> Page[SearchHit]:
    where = article_filters(q, conn)
    if q.exclude:
        where.append(excluded_clause(conn, q))
    rows = conn.execute(
        sa.select(*SUMMARY_COLUMNS,
                  sa.func.substr(article_revisions.c.text, 1, _PREVIEW_CHARS).label("preview"))
        .select_from(SUMMARY_FROM.join(article_revisions,
                                       article_revisions.c.id == articles.c.current_revision_id))
        .where(*where)
        .order_by(articles.c.sort_date.desc(), articles.c.id.desc())
        .limit(limit + 1).offset(offset)
    ).all()
    return offset_page(rows, limit, offset,
                       lambda r: SearchHit(summary(r), " ".join(r.preview.split()), [], 0.0))


def _hit(row) -> SearchHit:
    text, ranges = split_highlights(row.snippet or "")
    return SearchHit(summary(row), text, ranges, float(row.rank))


def fts_match(q: SearchQuery, table: str = "revisions_fts") -> sa.TextClause:
    """The FTS5 MATCH clause on ``table`` for the query's words (see ``fts5_expression``)."""
    return sa.text(f"{table} MATCH :m").bindparams(m=fts5_expression(q.include, q.exclude))


#: The FTS rowid as an expression, not a column: FTS5 then walks the words' doclist (newest
#: first, stopping once the window is full) and SQLite tests each rowid against the list,
#: instead of one full-text look-up per listed rowid (a lookup decodes the doclist of every
#: segment: ~1 ms each on a 200k-article index that is still being merged).
_FTS_ROWID_TESTED = sa.literal_column("+revisions_fts.rowid", sa.Integer)


def _only(column: sa.ColumnElement, ids: list[int] | None) -> list[sa.ColumnElement]:
    """``column IN ids`` when the filters gave a short list of revisions (else nothing)."""
    return [] if ids is None else [column.in_(ids)]


def _revision_bounds(conn: Connection, q: SearchQuery,
                     column: sa.ColumnElement) -> list[sa.ColumnElement]:
    """For a date range: ``column`` between the lowest and highest current revision of the
    articles in the range (read through the date index). The bounds add nothing the range
    does not imply, but FTS5 seeks to them: without them its newest-first walk of a common
    word reads every newer match before it reaches an old range."""
    if not (q.date_from or q.date_to):
        return []
    where = [c for c in (q.date_from and articles.c.sort_date >= q.date_from,
                         q.date_to and articles.c.sort_date <= q.date_to) if c is not None]
    # ``+ 0``: not PostgreSQL's min/max rewrite (``ORDER BY current_revision_id LIMIT 1``
    # along that column's index, testing the range on each row: 200-300 ms at 1M), but one
    # read of the range in ``ix_articles_sort_revision`` (index only).
    revision = articles.c.current_revision_id + 0
    lo, hi = conn.execute(sa.select(sa.func.min(revision), sa.func.max(revision))
                          .where(*where)).one()
    if lo is None:
        return [sa.false()]
    return [column.between(lo, hi)]


def _search_sqlite(conn: Connection, q: SearchQuery, limit: int, offset: int) -> Page[SearchHit]:
    # 1. The window: the newest matching current revisions that pass the filters, with bm25
    #    (FTS5 walks its doclist in rowid order and stops after RANK_WINDOW rows).
    window = (
        sa.select(_FTS.c.rowid.label("rid"), articles.c.id.label("aid"),
                  articles.c.sort_date.label("sort_date"),
                  sa.literal_column("bm25(revisions_fts, 4.0, 1.0)").label("bm25"))
        .select_from(_FTS.join(articles, articles.c.current_revision_id == _FTS.c.rowid))
        .where(fts_match(q), *_only(_FTS_ROWID_TESTED, filtered_revisions(conn, q)),
               *_revision_bounds(conn, q, _FTS.c.rowid), *article_filters(q, conn))
        .order_by(_FTS.c.rowid.desc()).limit(RANK_WINDOW)
        .subquery()
    )
    # 2. The page, best first (bm25 is smaller for better matches).
    page = (
        sa.select(window).order_by(window.c.bm25, window.c.sort_date.desc(), window.c.aid.desc())
        .limit(limit + 1).offset(offset).subquery()
    )
    # 3. Snippets for the page's rows only.
    snippet = sa.literal_column(f"snippet(revisions_fts, 1, '{_START}', '{_STOP}', '…', 24)")
    rows = conn.execute(
        sa.select(*SUMMARY_COLUMNS, snippet.label("snippet"), (-page.c.bm25).label("rank"))
        .select_from(page.join(_FTS, _FTS.c.rowid == page.c.rid)
                     .join(SUMMARY_FROM, articles.c.id == page.c.aid))
        .where(fts_match(q))
        .order_by(page.c.bm25, page.c.sort_date.desc(), page.c.aid.desc())
    ).all()
    return offset_page(rows, limit, offset, _hit)


def _search_pg(conn: Connection, q: SearchQuery, limit: int, offset: int) -> Page[SearchHit]:
    # Words that are all stop words match nothing (as "the" alone does); without this check
    # "the -ceasefire" became the bare negation "!ceasefire": every other article, found by
    # reading them all (1.5 s at 200k).
    included = ts_expression(q.include, ())
    phrases = [t for t in q.include if t.phrase]
    nodes, written, *chains = conn.execute(sa.select(
        sa.func.numnode(included), sa.cast(included, sa.Text),
        *(sa.cast(_tsquery(t), sa.Text) for t in phrases))).one()
    if not nodes:
        return offset_page([], limit, offset, _hit)
    tsq = ts_expression(q.include, q.exclude)
    pairs = word_pairs(chains)
    # A lone phrase of two words: its pair is the whole test (exact, nothing to recheck).
    alone = (len(q.include) == 1 and not q.exclude and len(pairs) == 1
             and len(_PHRASE_OPERATOR.findall(written)) == 1)
    # 1. The window: the newest matching articles that pass the filters (ids only: a common
    #    word matches most of the archive, and ranking every match would cost ~7 ms a
    #    thousand rows, since ts_rank reads each row's tsvector).
    window = _pg_window(conn, q, tsq, phrase=bool(_PHRASE_OPERATOR.search(written)),
                        written=written, pairs=WordPairs(pairs, alone)).subquery()
    # 2. Rank the window's rows only, then take the page, best first.
    ranked_rev = article_revisions.alias("ranked_rev")
    ranked = (
        sa.select(window, sa.func.ts_rank(sa.literal_column("ranked_rev.search"), tsq).label("rank"))
        .select_from(window.join(ranked_rev, ranked_rev.c.id == window.c.rid))
        .subquery()
    )
    page = (
        sa.select(ranked)
        .order_by(ranked.c.rank.desc(), ranked.c.sort_date.desc(), ranked.c.aid.desc())
        .limit(limit + 1).offset(offset)
        .subquery()
    )
    # 3. ts_headline (costly: it re-parses the text) for the page's rows only.
    options = (f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, "
               "MaxFragments=2, FragmentDelimiter=\" … \"")
    headline = sa.func.ts_headline(_CFG, article_revisions.c.text, tsq, options)
    rows = conn.execute(
        sa.select(*SUMMARY_COLUMNS, headline.label("snippet"), page.c.rank)
        .select_from(page.join(articles, articles.c.id == page.c.aid)
                     .outerjoin(SUMMARY_FROM.right, SUMMARY_FROM.onclause)
                     .join(article_revisions, article_revisions.c.id == page.c.rid))
        .order_by(page.c.rank.desc(), page.c.sort_date.desc(), page.c.aid.desc())
    ).all()
    return offset_page(rows, limit, offset, _hit)


#: Without RUM: a term matching at most this many revisions is read from the GIN index
#: first (then sorted); a commoner one walks the articles newest first until the window
#: is full, which its density keeps short.
GIN_FIRST_MAX = 2000
_RUM_INDEX = "ix_article_revisions_search_rum"


_RUM_PHRASE_INDEX = "ix_article_revisions_phrase_rum"


def has_rum(conn: Connection) -> bool:
    """Whether the RUM index of revisions (see migration 7) exists here (memoised per engine)."""
    engine = conn.engine
    known = getattr(engine, "_parley_has_rum", None)
    if known is None:
        # the index in this schema, and its ordering operator visible from here
        known = conn.execute(sa.text(
            "SELECT 1 FROM pg_indexes WHERE indexname = :n AND schemaname = current_schema()"
            " AND to_regoperator('<=|(integer,integer)') IS NOT NULL"),
            {"n": _RUM_INDEX}).first() is not None
        engine._parley_has_rum = known
    return known


def _has_index(conn: Connection, name: str) -> bool:
    """Whether the index ``name`` exists in this schema (memoised per engine)."""
    known = conn.engine.__dict__.setdefault("_parley_indexes", {})
    if name not in known:
        known[name] = conn.execute(sa.text(
            "SELECT 1 FROM pg_indexes WHERE indexname = :n AND schemaname = current_schema()"),
            {"n": name}).first() is not None
    return known[name]


def has_rum_phrases(conn: Connection) -> bool:
    """Whether the positional RUM index of revisions (migration 10) exists here (memoised)."""
    return _has_index(conn, _RUM_PHRASE_INDEX)


def has_word_pairs(conn: Connection) -> bool:
    """Whether the word-pair index of revisions (migration 13) exists here (memoised)."""
    return _has_index(conn, WORD_PAIRS_INDEX)


#: A tsquery as ``phraseto_tsquery`` writes it for a phrase: quoted lexemes joined by
#: distance operators.
_CHAIN = re.compile(rf"{LEXEME}(?:\s*<(?:-|\d+)>\s*{LEXEME})*")
_CHAIN_PART = re.compile(rf"(?:<(-|\d+)>\s*)?{LEXEME}")


def word_pairs(chains: list[str]) -> list[str]:
    """The word pairs (``migrations.WORD_PAIRS_FUNCTION_DDL``) every match of these phrases
    holds: each two lexemes a phrase puts one to ``WORD_PAIR_GAP`` positions apart, keyed
    as the index keys them ("a b", "a 2 b"). A phrase written otherwise gives none (its
    match is left to the other plans)."""
    found: set[str] = set()
    for chain in chains:
        if not chain or not _CHAIN.fullmatch(chain.strip()):
            continue
        previous = None
        for m in _CHAIN_PART.finditer(chain):
            lexeme = unquote(m.group(2))
            gap = 1 if m.group(1) == "-" else int(m.group(1) or 0)
            if (previous is not None and 1 <= gap <= WORD_PAIR_GAP
                    and len(previous.encode()) + len(lexeme.encode()) < WORD_PAIR_MAX_BYTES):
                found.add(f"{previous} {lexeme}" if gap == 1 else f"{previous} {gap} {lexeme}")
            previous = lexeme
    return sorted(found)


@dataclass(frozen=True)
class WordPairs:
    """The word pairs of a query's phrases, and whether they alone decide a match."""

    pairs: list[str] = field(default_factory=list)
    exact: bool = False


#: A phrase operator (``<->``, ``<2>``) in a tsquery's text: a phrase of several words that
#: are not stop words (lexemes are quoted, and the parser never keeps '<' in one).
_PHRASE_OPERATOR = re.compile(r"<(?:-|\d+)>")


#: The newest-first walk tried before the RUM index for words (or phrases) that most
#: revisions hold: at most this many of the newest revisions are read and tested. RUM
#: returns its matches in id order only after sorting all of them (a word in most of the
#: archive: 190,000 at 200k, spilled to disk, 55 ms; five times that at 1M), while the
#: newest few hundred revisions already hold the window (310 read for "said": 2 ms).
RECENT_WALK_MAX = 4000
#: Microseconds to test one revision in the walk (its tsvector read and matched), to step
#: over one revision its filters reject, and to sort one match of the RUM scan: the walk
#: is tried when it is expected to fill the window for less than the sort would cost
#: (measured at 200k, data cached: 6.5-7, ~1 and 0.16-0.3).
_COST_WALK_REVISION, _COST_WALK_STEP, _COST_RUM_MATCH = 7.0, 1.0, 0.3


def _recent_window(conn: Connection, tsq: sa.ColumnElement, written: str,
                   where: list[sa.ColumnElement] | None = None,
                   share: float = 1.0, pairs: Sequence[str] = ()) -> sa.Select | None:
    """The window read by walking the newest revisions, when the words are common enough
    for the walk to be cheaper than RUM's sort of every match; ``None`` when they are not,
    or when the revisions it walks (the newest, about twice as many as the estimate says
    fill the window, at most ``RECENT_WALK_MAX`` of those that pass the filters ``where``,
    which ``share`` of the articles pass; then on below while the whole walk is estimated
    to cost less than the index) hold fewer than a window of matches (the caller then
    reads the index).

    Exact either way: when the walk of the newest revisions finds ``RANK_WINDOW`` current
    matches, they are the newest ones, the rows the RUM index would have given.
    ``ts_match_vq`` is ``@@`` as a function, which no index serves: the walk stays a walk,
    and a phrase is tested on its positions. The filters are tested before the words (the
    inner query's LIMIT keeps the words' test out of it)."""
    stats = search_stats(conn)
    n, matches = stats.table_rows("article_revisions"), stats.revisions_matching(written, pairs)
    if n is None or matches is None or matches <= 0 or share <= 0:
        return None
    tested = RANK_WINDOW * n / matches  # passing revisions (a phrase's: fewer matches)
    walked = tested / share
    walk = walked * _COST_WALK_STEP + tested * _COST_WALK_REVISION
    # the read it saves: RUM's sort of every match, or a phrase's every match read from
    # its pairs and looked up in its article (``_matches_first``)
    per_match = _COST_INDEX_MATCH if pairs else _COST_RUM_MATCH
    if tested > RECENT_WALK_MAX / 2 or walk >= matches * per_match:
        return None
    # The walk's extent, in revision ids below the newest: twice what the estimate needs,
    # so that a filter rarer than estimated cannot walk the archive. When it falls short, it
    # goes on below, twice as far as the matches found so far say the rest needs, while
    # the estimated cost of the whole walk stays under that of the index (a surname's
    # share of the archive, or a word's, is an estimate: given up at once, a walk that fell
    # just short was paid for twice, and the index's sort of every match grows with the
    # archive while the walk does not).
    per_id = _COST_WALK_STEP + share * _COST_WALK_REVISION
    span = int(min(RECENT_WALK_MAX, 2 * tested) / share)
    top = conn.execute(sa.select(sa.func.max(article_revisions.c.id))).scalar() or 0
    rows: list = []
    high = top
    while True:
        low = max(high - span, 0)
        rows += _walk_segment(conn, tsq, where, low, high, RANK_WINDOW - len(rows))
        if len(rows) >= RANK_WINDOW or low <= 0:
            break  # the window, or every match there is
        need = 2 * (RANK_WINDOW - len(rows)) * (top - low) / max(len(rows), 1)
        extent = (top - low) + need
        if extent * share > RECENT_WALK_MAX or extent * per_id >= matches * per_match:
            return None
        high, span = low, int(need) + 1
    # The rows again, by their articles' ids in one array parameter (a VALUES list of 300
    # rows took SQLAlchemy 15 ms to compile, on every search).
    found = sa.bindparam("recent_articles", [r[0] for r in rows], type_=sa.ARRAY(sa.Integer))
    return (sa.select(articles.c.id.label("aid"), articles.c.current_revision_id.label("rid"),
                      articles.c.sort_date.label("sort_date"))
            .where(articles.c.id == sa.any_(found)))


def _walk_segment(conn: Connection, tsq: sa.ColumnElement, where: list[sa.ColumnElement] | None,
                  low: int, high: int, limit: int) -> list:
    """The newest ``limit`` current revisions with ids in (low, high] that pass ``where``
    and match ``tsq`` (article, revision, date), newest first: one stretch of the walk."""
    recent = (sa.select(articles.c.id.label("aid"), article_revisions.c.id.label("rid"),
                        articles.c.sort_date.label("sort_date"),
                        sa.literal_column("article_revisions.search").label("search"))
              .select_from(article_revisions.join(
                  articles, articles.c.current_revision_id == article_revisions.c.id))
              .where(article_revisions.c.id > low, article_revisions.c.id <= high,
                     *(where or ()))
              .order_by(article_revisions.c.id.desc()).limit(high - low).subquery("recent"))
    return conn.execute(
        sa.select(recent.c.aid, recent.c.rid, recent.c.sort_date)
        .where(sa.func.ts_match_vq(recent.c.search, tsq))
        .order_by(recent.c.rid.desc()).limit(limit)).all()


def _bounded_matches(conn: Connection, q: SearchQuery, matches: sa.ColumnElement) -> sa.Select:
    """The revisions ``matches`` finds between the lowest and highest current revision of
    the query's date range, read from RUM (whose second column is the revision id), as a
    select of their ids (``rid``) from an array parameter.

    Index scans are switched off for this one statement (``SET LOCAL``, then back to the
    configured value): the planner, costing the test of a tsvector like that of an
    integer, preferred the primary key's range with every revision of it tested (56,000
    at 1M: 190-290 ms) to RUM's bitmap of the 2,600 that match (8 ms)."""
    bounds = _revision_bounds(conn, q, article_revisions.c.id)
    conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
    try:
        rids = list(conn.execute(sa.select(article_revisions.c.id)
                                 .where(matches, *bounds)).scalars())
    finally:
        conn.exec_driver_sql("SET LOCAL enable_indexscan TO DEFAULT")
    ids = sa.bindparam("found_revisions", rids, type_=sa.ARRAY(sa.Integer))
    return sa.select(sa.func.unnest(ids).label("rid"))


def _revisions_where(match: sa.ColumnElement) -> sa.Select:
    """The ids (``rid``) of the revisions ``match`` finds (read from an index)."""
    return sa.select(article_revisions.c.id.label("rid")).where(match)


def _matches_first(found: sa.Select, filters: list[sa.ColumnElement], ranged: bool) -> sa.Select:
    """The window from every revision ``found`` selects (its ``rid``: every match, exact),
    each looked up in its article, then the newest (by date when ``ranged``, else by
    revision).

    The article is looked up by a LATERAL subquery with a LIMIT (one article at most holds
    a revision as its current one): a nested loop whatever the estimate. Joined plainly (or
    LATERAL without the LIMIT, which the planner pulls up into the same join), the planner
    took a phrase's estimate (38,000 matches where 204 were found) and merge-joined them
    with the whole articles index read backwards: 40-55 ms at 200k, linear in the archive.
    """
    found = found.cte("found").prefix_with("MATERIALIZED", dialect="postgresql")
    art = (sa.select(articles.c.id.label("aid"), articles.c.sort_date.label("sort_date"))
           .where(articles.c.current_revision_id == found.c.rid, *filters)
           .limit(1).lateral("art"))
    order = [art.c.sort_date.desc(), art.c.aid.desc()] if ranged else [found.c.rid.desc()]
    return (sa.select(art.c.aid, found.c.rid.label("rid"), art.c.sort_date)
            .select_from(found.join(art, sa.true()))
            .order_by(*order).limit(RANK_WINDOW))


#: Microseconds per match to read a word's matches from its index and look each up in
#: its article (``_matches_first``), against ``_COST_WALK_REVISION`` per article walked
#: (measured at 200k: a word's 9,653 matches in 53 ms; the walk of its range, 11,700
#: articles, 77 ms).
_COST_INDEX_MATCH = 5.5


def _range_from_index(conn: Connection, q: SearchQuery, written: str) -> bool:
    """Whether a date range's window is cheaper from the words' index than by walking the
    range newest first (from the statistics; ``False`` without them).

    The walk tests about ``RANK_WINDOW`` / density articles, or the whole range when the
    words are rarer than that: a word in 0.3% of a million articles, in a three-month range
    (42,000 articles), tested every one of them (~300 ms). Reading every match from the
    index costs in proportion to the matches in the whole archive instead."""
    stats = search_stats(conn)
    n, matches = stats.table_rows("article_revisions"), stats.revisions_matching(written)
    in_range = stats.articles_between(q.date_from, q.date_to)
    if n is None or matches is None or in_range is None:
        return False
    walked = min(in_range, RANK_WINDOW * n / max(matches, 1.0))
    return matches * _COST_INDEX_MATCH < walked * _COST_WALK_REVISION


def _range_walk_is_short(conn: Connection, q: SearchQuery, written: str) -> bool:
    """Whether a date range's window is cheaper by walking the range newest first than from
    RUM between the range's revision bounds (statistics; ``False`` without them).

    The walk tests about ``RANK_WINDOW`` / density articles (the whole range for a rare
    word); the bounded RUM read looks up each match inside the range. Only the words
    pg_stats counts among the common ones are walked: for the others the estimate is a
    guess, and the bounded read stays short whatever their frequency (the matches of a
    word in 4.5% of the archive, in a three-month range at 1M: 2,568, 9 ms)."""
    stats = search_stats(conn)
    density = stats.common_share(written)
    in_range = stats.articles_between(q.date_from, q.date_to)
    if density is None or not in_range:
        return False
    walked = min(in_range, RANK_WINDOW / max(density, 1e-9))
    return walked * _COST_WALK_REVISION < in_range * density * _COST_INDEX_MATCH


def _pg_window(conn: Connection, q: SearchQuery, tsq: sa.ColumnElement,
               phrase: bool = False, written: str = "",
               pairs: WordPairs = WordPairs()) -> sa.Select:
    """The newest ``RANK_WINDOW`` current revisions matching ``tsq`` that pass the filters.

    The shapes, chosen here rather than left to the planner (whose estimate of a
    tsquery's selectivity decides between a GIN bitmap and a walk along the date index,
    and is wrong often enough to cost seconds at 200k articles):

    - words most of the archive holds, no range and no filters (RUM present): the newest
      revisions walked (``_recent_window``), when the statistics say the walk fills the
      window before RUM would have sorted every match;
    - a phrase (RUM's positional index present): every match from that index
      (``_matches_first``);
    - a date range, RUM present: words pg_stats counts among the common ones walk the range
      (``_range_walk_is_short``); others are read from RUM between the range's lowest and
      highest current revision (``_bounded_matches``);
    - a date range without RUM, over words rarer than the range's walk would be long
      (statistics): every match from the words' index, the range tested on each
      (``_range_from_index``);
    - RUM index present and no date range: it returns the matches in revision-id order
      (newest stored first) straight from the index, ``ORDER BY id <=| max`` with a LIMIT.
    - a rare term (at most ``GIN_FIRST_MAX`` matches, probed with a LIMITed GIN scan): the
      matches from the GIN index, then sorted newest first.
    - a common term: walk the articles newest first, testing each (dense matches: short).

    With RUM and ``speaker:``/``actor:``/``issue:`` filters, ``_filter_plan`` decides how
    the filters are tested during the walk (hash tables or EXISTS), or lets the rarest drive
    when the statistics say it is cheaper (each of its revisions' TOASTed tsvector tested
    costs ~40-50 us: only for a rare filter on a common word); with hash tables only, the
    walk of the newest revisions is tried first (``_recent_window``).
    """
    search = sa.literal_column("article_revisions.search")
    matches = search.op("@@")(tsq)
    known: dict[str, list[int]] = {}  # names looked up once
    filters = article_filters(q, conn, known)
    cols = (articles.c.id.label("aid"), article_revisions.c.id.label("rid"),
            articles.c.sort_date.label("sort_date"))
    joined = article_revisions.join(articles,
                                    articles.c.current_revision_id == article_revisions.c.id)
    ranged = bool(q.date_from or q.date_to)  # a range: the date index bounds the walk

    def newest_dated(test: sa.ColumnElement) -> sa.Select:
        """The articles newest first (by date), ``test`` and the filters on each."""
        return (sa.select(*cols).select_from(joined).where(test, *filters)
                .order_by(articles.c.sort_date.desc(), articles.c.id.desc()).limit(RANK_WINDOW))

    plain = not (ranged or filters)
    # A phrase's pairs, where their index exists, also estimate its matches (statistics).
    paired = pairs.pairs if pairs.pairs and has_word_pairs(conn) else []
    if plain and has_rum(conn):
        recent = _recent_window(conn, tsq, written, pairs=paired)
        if recent is not None:
            return recent
    if paired:
        # The revisions holding every pair side by side, from their GIN index (exact for a
        # lone two-word phrase; otherwise each is tested, by a function no index serves,
        # so the planner cannot trade the pairs' index for a words' index).
        held = sa.func.parley_word_pairs(search).op("@>")(  # migrations.WORD_PAIRS
            sa.bindparam("word_pairs", paired, type_=sa.ARRAY(sa.Text)))
        test = held if pairs.exact else sa.and_(held, sa.func.ts_match_vq(search, tsq))
        return _matches_first(_revisions_where(test), filters, ranged)
    if phrase and has_rum(conn) and has_rum_phrases(conn):
        # Every match of the phrase from the positional index, exact (no recheck), then the
        # newest: in the order of the walk this replaces, so the window is the same.
        phrase_vector = sa.literal_column(f"article_revisions.{PHRASE_VECTOR.strip('()')}")
        return _matches_first(_revisions_where(sa.Grouping(phrase_vector).op("@@")(tsq)),
                              filters, ranged)
    if ranged and not phrase and has_rum(conn):
        if _range_walk_is_short(conn, q, written):
            # ``ts_match_vq`` (``@@`` as a function, which no index serves): the planner,
            # misjudging a word outside pg_stats' common ones (5,000 matches estimated,
            # 44,500 found at 1M), read them all from GIN instead (270 ms).
            return newest_dated(sa.func.ts_match_vq(search, tsq))
        return _matches_first(_bounded_matches(conn, q, matches), filters, ranged)
    if ranged and _range_from_index(conn, q, written):
        return _matches_first(_revisions_where(matches), filters, ranged)
    if has_rum(conn) and not (q.date_from or q.date_to):  # a range: walk from its end
        newest = sa.literal_column("article_revisions.id").op("<=|")(
            sa.literal_column("2147483647"))
        plan = _filter_plan(conn, q, written, known) if (q.speakers or q.actors or q.issues) else None
        if plan is not None and plan.first is not None:
            return (sa.select(*cols).select_from(joined)
                    .where(articles.c.id.in_(sa.select(plan.first.c.article_id)), matches,
                           *plan.where)
                    .order_by(article_revisions.c.id.desc()).limit(RANK_WINDOW))
        if plan is not None:
            filters = plan.where
            if all(plan.hashed):  # the walk tests hash tables, never EXISTS
                recent = _recent_window(conn, tsq, written, filters, plan.share)
                if recent is not None:
                    return recent
        return (sa.select(*cols).select_from(joined).where(matches, *filters)
                .order_by(newest).limit(RANK_WINDOW))
    probe = sa.select(sa.func.count()).select_from(
        sa.select(article_revisions.c.id).where(matches).limit(GIN_FIRST_MAX + 1).subquery())
    if not ranged and conn.execute(probe).scalar_one() <= GIN_FIRST_MAX:
        return _matches_first(_revisions_where(matches), filters, ranged=True)
    return newest_dated(matches)


#: PostgreSQL cost figures for the filtered word search (microseconds, measured at 50k-200k
#: articles with the data cached): reading one row of a filter into the hash table (an
#: index-only read; stances have no index holding the article, so each is a heap read), one
#: match of the RUM walk tested against hash tables, the per-match EXISTS test of a filter
#: through its table's article index, one revision's tsvector read and tested.
_COST_HASH_ROW = {"quotes": 0.5, "article_actors": 0.5, "stances": 1.5}
_COST_WALK_MATCH, _COST_EXISTS, _COST_TEST_REVISION = 3.0, 33.0, 40.0
#: A filter estimated to hold more rows than this share of what fits PostgreSQL's hash
#: memory (``SearchStats.hash_rows``: work_mem x hash_mem_multiplier, 8 MB by default, about
#: 175,000 rows) is tested per match (EXISTS), not read into a hash table: a table the
#: planner expects not to fit becomes a subquery run again for every match.
FILTER_HASH_SHARE = 0.8


@dataclass
class _FilterPlan:
    where: list[sa.ColumnElement]  # the filters, each as a hash-table or an EXISTS test
    first: sa.CTE | None = None  # the articles of the rarest filter, when they drive
    share: float = 1.0  # the estimated share of the articles that pass every filter
    hashed: list[bool] = field(default_factory=list)  # each filter of ``where`` a hash table?


def _listed(column: sa.ColumnElement, values: list) -> sa.ColumnElement:
    """``column IN values`` for a filter read into a hash table; a long list as ``IN (SELECT
    unnest(…))``. Not ``= ANY(array)`` (``_among``): the planner estimates that from the
    array's length (a surname of 2,768 actors: 422,000 quotes at 1M articles), and a
    subquery it expects not to fit the hash memory is no hashed subplan but one scanned
    again for every match (24 s for a word of 5,000 matches); the unnest's 200 rows
    assumed keep its estimate within the hash. Planning a literal list of thousands of ids
    costs the planner 10-20 ms."""
    if len(values) <= 32:
        return column.in_(values)
    return column.in_(sa.select(sa.func.unnest(sa.literal(values, sa.ARRAY(sa.Integer)))))


def _planned_rows(conn: Connection, select: sa.Select) -> float:
    """The planner's estimate of the rows ``select`` gives (``EXPLAIN``, not run)."""
    compiled = select.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar()
    return float(plan[0]["Plan"]["Plan Rows"])


def _filter_sets(conn: Connection, q: SearchQuery,
                 known: dict[str, list[int]]) -> list[tuple[str, sa.Select, list]]:
    """Each ``speaker:``/``actor:``/``issue:`` filter as (table, its articles, values)."""
    sets = []
    if q.speakers:
        ids = sorted({i for s in q.speakers for i in _speaker_ids(conn, s, known)})
        names = sorted({s.strip().lower() for s in q.speakers})
        sets.append(("quotes", sa.union_all(
            sa.select(quotes.c.article_id).where(_listed(quotes.c.speaker_actor_id, ids)),
            sa.select(quotes.c.article_id).where(sa.func.lower(quotes.c.speaker_name).in_(names))),
            ids))
    if q.actors:
        ids = sorted({i for a in q.actors for i in _speaker_ids(conn, a, known)})
        sets.append(("article_actors", sa.select(article_actors.c.article_id)
                     .where(_listed(article_actors.c.actor_id, ids)), ids))
    if q.issues:
        sets.append(("stances", sa.select(stances.c.article_id)
                     .where(stances.c.issue.in_(q.issues)), list(q.issues)))
    return sets


_FILTER_COLUMN = {"quotes": "speaker_actor_id", "article_actors": "actor_id", "stances": "issue"}


def _filter_plan(conn: Connection, q: SearchQuery, written: str,
                 known: dict[str, list[int]]) -> _FilterPlan | None:
    """How a word search with ``speaker:``/``actor:``/``issue:`` filters walks (RUM, no date
    range), chosen from the statistics (``search_stats``); ``None`` without statistics.

    - the RUM walk newest first, each filter read once into a hash table (``(article_id IN
      (…)) IS TRUE``: a condition the planner keeps as a hashed subplan instead of turning
      it into a join it might order badly): ~3 us a match instead of ~33 us for the
      per-match EXISTS, which a filter too large for a hash table keeps;
    - or the rarest filter's articles first, each revision's words tested (~40 us each),
      when that costs less than the walk: a rare filter on a common word, whose walk would
      read most of the word's matches.

    Both return the same rows as the plain plan: only the order of the work changes.
    """
    stats = search_stats(conn)
    n = stats.table_rows("articles")
    words = stats.revisions_matching(written)
    sets = _filter_sets(conn, q, known)
    sizes = [stats.rows_with(t, _FILTER_COLUMN[t], v) for t, _, v in sets]
    if n is None or words is None or any(s is None for s in sizes):
        return None
    # A hash table only where the planner will make one: it decides from its own estimate
    # of the filter's rows, which ANALYZE's sample can put several times above ours (the
    # distinct speakers, ``search_stats``); a filter it expects not to fit is scanned again
    # for every match instead (24 s for a surname of 2,768 actors at 1M articles).
    hashed = [_planned_rows(conn, sub) <= FILTER_HASH_SHARE * stats.hash_rows
              for _, sub, _ in sets]
    passing = n
    for size in sizes:
        passing *= min(1.0, size / n)
    visits = min(words, RANK_WINDOW * n / max(passing, 1.0))
    walk = (sum(sz * _COST_HASH_ROW[t]
                for (t, _, _), sz, h in zip(sets, sizes, hashed, strict=True) if h)
            + visits * (_COST_WALK_MATCH + _COST_EXISTS * hashed.count(False)))
    rarest = min(range(len(sets)), key=lambda i: sizes[i])
    first = sizes[rarest] * _COST_TEST_REVISION
    rev_article = article_revisions.c.article_id
    exists = [article_filters(SearchQuery(speakers=q.speakers), conn, known),
              article_filters(SearchQuery(actors=q.actors), conn, known),
              article_filters(SearchQuery(issues=q.issues), conn, known)]
    exists = [e[0] for e in exists if e]  # the plain per-match tests, in the order of sets
    where = [sa.Grouping(rev_article.in_(sub)).is_(sa.true()) if h else test
             for (_, sub, _), h, test in zip(sets, hashed, exists, strict=True)]
    where += article_filters(SearchQuery(sites=q.sites), conn)
    if first < walk:
        drive = sets[rarest][1].cte("drive").prefix_with("MATERIALIZED", dialect="postgresql")
        return _FilterPlan(where[:rarest] + where[rarest + 1:], drive, passing / n)
    return _FilterPlan(where, share=passing / n, hashed=hashed)


def _quote_text_match(conn: Connection, q: SearchQuery, where: list):
    """FROM clause and ORDER BY for the words of a quote search (``where``: the filters).

    Ranked searches rank the newest ``RANK_WINDOW`` matching quotes; with no words to find
    (filters only, or only exclusions) quotes come newest first.
    """
    base = quotes.join(articles, articles.c.id == quotes.c.article_id)
    newest = [quotes.c.sort_date.desc(), quotes.c.article_id.desc(), quotes.c.position]
    sqlite = conn.dialect.name == "sqlite"
    if q.include and sqlite:
        window = (
            sa.select(_QFTS.c.rowid.label("qid"), sa.literal_column("bm25(quotes_fts)").label("rank"))
            .select_from(_QFTS.join(quotes, quotes.c.id == _QFTS.c.rowid)
                         .join(articles, articles.c.id == quotes.c.article_id))
            .where(fts_match(q, "quotes_fts"), *where)
            .order_by(_QFTS.c.rowid.desc()).limit(RANK_WINDOW).subquery()
        )
        return base.join(window, window.c.qid == quotes.c.id), [], [window.c.rank, quotes.c.id]
    if q.include:
        search = sa.literal_column("quotes.search")
        tsq = ts_expression(q.include, q.exclude)
        # The most recently stored matches (as on SQLite): the primary key walks backwards.
        window = (
            sa.select(quotes.c.id.label("qid"), sa.func.ts_rank(search, tsq).label("rank"))
            .select_from(base).where(search.op("@@")(tsq), *where)
            .order_by(quotes.c.id.desc()).limit(RANK_WINDOW).subquery()
        )
        return (base.join(window, window.c.qid == quotes.c.id), [],
                [window.c.rank.desc(), quotes.c.id])
    if q.exclude and sqlite:
        excluded = sa.select(_QFTS.c.rowid).where(
            sa.text("quotes_fts MATCH :ex").bindparams(ex=_any_of(q.exclude)))
        return base, [quotes.c.id.not_in(excluded), *where], newest
    if q.exclude:
        search = sa.literal_column("quotes.search")
        return base, [sa.not_(search.op("@@")(_ts_any(q.exclude))), *where], newest
    return base, where, newest


def search_quotes(conn: Connection, q: SearchQuery, limit: int, offset: int) -> Page[QuoteRecord]:
    """Quotes whose words match ``q`` (``speaker:`` filters the quote's speaker), best first."""
    check_page(limit, offset)
    where: list[sa.ColumnElement] = []
    if q.speakers:
        where.append(sa.or_(*(_speaker_clause(s, conn) for s in q.speakers)))
    # The other filters are about the article the quote is in.
    where += article_filters(SearchQuery(actors=q.actors, issues=q.issues, sites=q.sites,
                                         date_from=q.date_from, date_to=q.date_to), conn)
    from_clause, where, order = _quote_text_match(conn, q, where)
    rows = conn.execute(
        sa.select(quotes, *REF_COLUMNS).select_from(from_clause)
        .where(*where).order_by(*order).limit(limit + 1).offset(offset)
    ).all()
    return offset_page(rows, limit, offset, quote_record)

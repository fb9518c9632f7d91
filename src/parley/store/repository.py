"""``Store``: the one object the rest of parley uses to read and write the database.

Open it with ``Store.open(url_or_path)`` (``None``: the ``db`` setting, i.e. ``--db`` /
``PARLEY_DB`` / parley.toml / ``parley.db``); it migrates the schema on open. A Store is
safe to share between threads (it holds a connection pool); each process opens its own.
Every method runs in its own transaction and raises ``StoreError`` with a one-line message
when the database fails (locked, full, unreachable), ``InputError`` for bad arguments
(a malformed search, a page size out of range).
"""

from __future__ import annotations

from datetime import datetime

from parley.config import load_settings
from parley.model import Analysis, Article
from parley.store import feeds as _feeds
from parley.store import reads as _reads
from parley.store import save as _save
from parley.store import search as _search
from parley.store import tokens as _tokens
from parley.store.engine import create_engine, describe_url, normalise_url, reading, run_write
from parley.store.migrations import migrate
from parley.store.query import SearchQuery, parse_query
from parley.store.records import (
    ActorRecord,
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
from parley.store.schema import quotes


def _known_id(conn, actor: int | str) -> int | None:
    """The actor id to filter a listing on: an id as it is (an unknown one matches nothing,
    as no actor does: the same empty page without a look-up), a name resolved."""
    return actor if isinstance(actor, int) else _reads.resolve_actor(conn, actor)


class Store:
    """parley's database: save analyses, read the record, search, feeds and API tokens."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine = create_engine(self.url)
        self._known = _save.Known()  # registry rows already in the database (see save.Known)

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    def open(cls, url_or_path: str | None = None, *, migrate_schema: bool = True) -> Store:
        """Open (and create or upgrade) the database at a SQLite path or postgresql:// URL."""
        store = cls(url_or_path if url_or_path is not None else load_settings().db)
        if migrate_schema:
            try:
                store.schema_version = migrate(store.engine)
            except BaseException:
                store.close()
                raise
        return store

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({describe_url(self.url)!r})"

    # -- writing -------------------------------------------------------------------------

    def save_analysis(
        self, analysis: Analysis, *, url: str | None = None, fetched_at: datetime | None = None
    ) -> SaveResult:
        """Save one analysis in one transaction; idempotent (see ``SaveResult.status``)."""
        prepared = _save.prepare(analysis, url, fetched_at)
        result, learned = run_write(self.engine, lambda conn: _save.save(conn, prepared, self._known),
                                    where=f"saving {prepared.identity}")
        self._known.merge(learned)  # only now: the transaction has committed
        return result

    def already_stored(self, article: Article, *, url: str | None = None) -> bool:
        """True when this article, with this exact content, is stored (skip re-analysing it)."""
        with reading(self.engine, where="looking up an article") as conn:
            return _save.already_stored(conn, article, url)

    # -- reading the record --------------------------------------------------------------

    def get_analysis(self, article_id: int) -> Analysis | None:
        """The stored analysis of an article's current revision (equal to what was saved)."""
        with reading(self.engine, where=f"reading article {article_id}") as conn:
            return _reads.get_analysis(conn, article_id)

    def article_analysis(self, article_id: int) -> tuple[ArticleSummary, Analysis] | None:
        """``article`` and ``get_analysis`` together (one read of the article's row); None
        when the article or its current revision is missing."""
        with reading(self.engine, where=f"reading article {article_id}") as conn:
            return _reads.article_analysis(conn, article_id)

    def article(self, article_id: int) -> ArticleSummary | None:
        """An article's metadata, or None."""
        with reading(self.engine, where=f"reading article {article_id}") as conn:
            return _reads.article(conn, article_id)

    def find_article(self, url: str) -> ArticleSummary | None:
        """The article stored under this URL (whatever its content), or None.

        Also accepts the ``source#doc_id`` identity of an article saved without a URL.
        """
        with reading(self.engine, where=f"looking up {url}") as conn:
            return _reads.article_by_identity(conn, _save.identity_key(url))

    def revisions(self, article_id: int) -> list[RevisionInfo]:
        """The revisions stored for an article, oldest first."""
        with reading(self.engine, where=f"reading revisions of article {article_id}") as conn:
            return _reads.revisions(conn, article_id)

    def latest(
        self, limit: int = 20, before: str | None = None, *, one_per_story: bool = True
    ) -> Page[ArticleSummary]:
        """Newest articles first; pass ``page.next`` as ``before`` for the next page.

        With ``one_per_story`` a story's copies are listed once (as the copy seen first).
        """
        with reading(self.engine, where="listing the latest articles") as conn:
            return _reads.latest(conn, limit, before, one_per_story)

    def story(self, story_id: int) -> StoryRecord | None:
        """A story and all its sources."""
        with reading(self.engine, where=f"reading story {story_id}") as conn:
            return _reads.story(conn, story_id)

    def actor(self, ref: int | str) -> ActorRecord | None:
        """An actor by id or by name (case-insensitive), with counts; None when unknown."""
        with reading(self.engine, where=f"reading actor {ref!r}") as conn:
            return _reads.actor(conn, ref)

    def actors(
        self, limit: int = 50, offset: int = 0, *, prefix: str | None = None
    ) -> Page[ActorRecord]:
        """Actors by name (optionally starting with ``prefix``), with counts."""
        with reading(self.engine, where="listing actors") as conn:
            return _reads.list_actors(conn, limit, offset, prefix)

    def quote(self, quote_id: int) -> QuoteRecord | None:
        """One quote by its database id, or None."""
        with reading(self.engine, where=f"reading quote {quote_id}") as conn:
            page = _reads.quotes_page(conn, quotes.c.id == quote_id, 1, 0)
            return page.items[0] if page.items else None

    def quotes_by_speaker(
        self, actor: int | str, limit: int = 20, offset: int = 0
    ) -> Page[QuoteRecord]:
        """Quotes attributed to an actor (id or name), newest article first."""
        with reading(self.engine, where=f"listing quotes of {actor!r}") as conn:
            actor_id = _known_id(conn, actor)
            if actor_id is None:
                return Page([], None)
            return _reads.speaker_quotes(conn, actor_id, limit, offset)

    def events(
        self, *, actor: int | str | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EventRecord]:
        """Events (all, or those an actor took part in), latest date first."""
        with reading(self.engine, where="listing events") as conn:
            actor_id = None
            if actor is not None:
                actor_id = _known_id(conn, actor)
                if actor_id is None:
                    return Page([], None)
            return _reads.events_page(conn, actor_id, limit, offset)

    def stances(
        self, *, issue: str | None = None, actor: int | str | None = None,
        limit: int = 100, offset: int = 0,
    ) -> Page[StanceRecord]:
        """Stances on an issue and/or by an actor, ordered by date (oldest first)."""
        with reading(self.engine, where="listing stances") as conn:
            actor_id = None
            if actor is not None:
                actor_id = _known_id(conn, actor)
                if actor_id is None:
                    return Page([], None)
            return _reads.stances_page(conn, issue, actor_id, limit, offset)

    def issue(self, slug: str) -> IssueRecord | None:
        """An issue with stance counts, or None."""
        with reading(self.engine, where=f"reading issue {slug!r}") as conn:
            return _reads.issue(conn, slug)

    def issues(self, limit: int = 100, offset: int = 0) -> Page[IssueRecord]:
        """Issues by slug, with stance counts."""
        with reading(self.engine, where="listing issues") as conn:
            return _reads.list_issues(conn, limit, offset)

    # -- search --------------------------------------------------------------------------

    def search(
        self, query: str | SearchQuery, limit: int = 20, offset: int = 0
    ) -> Page[SearchHit]:
        """Articles matching a search (see ``parley.store.query``), best first.

        Raises ``InputError`` for a malformed query. Only the newest ``search.RANK_WINDOW``
        matches are ranked (so pages end there); without words, newest first.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        with reading(self.engine, where="searching") as conn:
            return _search.search_articles(conn, parsed, limit, offset)

    def search_quotes(
        self, query: str | SearchQuery, limit: int = 20, offset: int = 0
    ) -> Page[QuoteRecord]:
        """Quotes whose words match a search (``speaker:`` filters on the speaker)."""
        parsed = parse_query(query) if isinstance(query, str) else query
        with reading(self.engine, where="searching quotes") as conn:
            return _search.search_quotes(conn, parsed, limit, offset)

    # -- feeds ---------------------------------------------------------------------------

    def add_feed(self, url: str, *, title: str | None = None, site_url: str | None = None) -> Feed:
        """Subscribe to a feed (idempotent); returns its row."""
        return run_write(self.engine, lambda c: _feeds.add_feed(c, url, title, site_url),
                         where=f"adding feed {url}")

    def get_feed(self, url: str) -> Feed | None:
        """A feed by URL, or None."""
        with reading(self.engine, where=f"reading feed {url}") as conn:
            return _feeds.get_feed(conn, url)

    def list_feeds(self, *, limit: int | None = None, offset: int = 0) -> list[Feed]:
        """Feeds ordered by URL."""
        with reading(self.engine, where="listing feeds") as conn:
            return _feeds.list_feeds(conn, limit, offset)

    def remove_feed(self, url: str) -> bool:
        """Unsubscribe from a feed; True when it existed."""
        return run_write(self.engine, lambda c: _feeds.remove_feed(c, url),
                         where=f"removing feed {url}")

    def update_feed_state(self, url: str, **changes) -> Feed | None:
        """Set polling state (any of ``feeds.FEED_STATE_FIELDS``); None if no such feed."""
        return run_write(self.engine, lambda c: _feeds.update_feed_state(c, url, changes),
                         where=f"updating feed {url}")

    def due_feeds(self, now: datetime | None = None, *, limit: int | None = None) -> list[Feed]:
        """Feeds due for polling at ``now`` (default: the current time), soonest first."""
        with reading(self.engine, where="listing due feeds") as conn:
            return _feeds.due_feeds(conn, now, limit)

    # -- API tokens ----------------------------------------------------------------------

    def create_token(self, name: str) -> str:
        """Create an API token; returns the plain text, which is shown this once only."""
        return run_write(self.engine, lambda c: _tokens.create_token(c, name),
                         where=f"creating token {name!r}")

    def verify_token(self, plaintext: str) -> TokenInfo | None:
        """The active token matching ``plaintext`` (and record its use), or None."""
        if not plaintext or not plaintext.startswith(_tokens.PREFIX):
            return None
        with reading(self.engine, where="checking an API token") as conn:
            info = _tokens.find_token(conn, plaintext)
        if info is not None and (info.last_used_at is None
                                 or _tokens.utcnow() - info.last_used_at >= _tokens.TOUCH_INTERVAL):
            run_write(self.engine, lambda c: _tokens.touch_token(c, info.id),
                      where="recording an API token's use")
        return info

    def revoke_token(self, name: str) -> bool:
        """Revoke a token by name; True when an active token was revoked."""
        return run_write(self.engine, lambda c: _tokens.revoke_token(c, name),
                         where=f"revoking token {name!r}")

    def list_tokens(self, *, include_revoked: bool = True) -> list[TokenInfo]:
        """API tokens by name (metadata only)."""
        with reading(self.engine, where="listing tokens") as conn:
            return _tokens.list_tokens(conn, include_revoked)

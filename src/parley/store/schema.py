"""The database tables, as SQLAlchemy Core ``Table`` objects (the current schema).

The tables are meant to be read by people with any SQLite or PostgreSQL tool:

- ``articles``: one row per article identity (its URL, or source path + doc id), with the
  metadata of its current revision; ``story_id`` groups syndicated copies.
- ``article_revisions``: the text of every version of an article that was seen.
- ``stories``: groups of near-duplicate articles (one story, several sources).
- ``actors``: the global registry of canonical actors (``name`` is unique).
- ``article_actors`` / ``actor_mentions``: which actors an article names, and where.
- ``quotes``, ``events`` + ``event_participants``, ``stances``, ``issues``: the record.
- ``feeds``, ``api_tokens``: polling state and API credentials.
- ``minhash_signatures`` / ``minhash_bands``: the near-duplicate index.

Facts (actors, mentions, quotes, events, stances) belong to the article's *current*
revision: when a changed article arrives they are replaced, and ``revision_id`` says which
revision they were read from. Older revisions keep their text in ``article_revisions``.

Span columns come in groups named after the span: ``<name>_text``, ``<name>_start``,
``<name>_end`` (character offsets into the revision's text) and ``<name>_segments`` (JSON
list of [start, end] pairs, only for discontinuous spans). Timestamps are UTC.

Changing a table that a migration already created needs a new migration; see
``parley.store.migrations``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

metadata = sa.MetaData()


class UtcDateTime(TypeDecorator):
    """A timestamp stored as naive UTC and returned as an aware UTC ``datetime``."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time in UTC, to the microsecond."""
    return datetime.now(UTC)


def _span(name: str, *, nullable: bool = True) -> list[sa.Column]:
    """The four columns of a span called ``name``."""
    return [
        sa.Column(f"{name}_text", sa.Text, nullable=nullable),
        sa.Column(f"{name}_start", sa.Integer, nullable=nullable),
        sa.Column(f"{name}_end", sa.Integer, nullable=nullable),
        sa.Column(f"{name}_segments", sa.JSON, nullable=True),
    ]


def _fk(target: str, *, cascade: bool = True) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete="CASCADE" if cascade else "SET NULL")


def _found_in_article() -> list[sa.Column]:
    """The leading columns of what the analysis found in an article (events, quotes, stances):
    a row id, the article and revision it came from, its place in the analysis' list and the
    analysis' own id for it."""
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, _fk("articles.id"), nullable=False),
        sa.Column("revision_id", sa.Integer, _fk("article_revisions.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("local_id", sa.Text, nullable=False),
    ]


stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.Text),
    # The article that started the story (no FK: articles point here too).
    sa.Column("first_article_id", sa.Integer),
    sa.Column("article_count", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # Hash of `identity`: unique, short, and safe to index whatever the URL length.
    sa.Column("identity_key", sa.String(32), nullable=False, unique=True),
    sa.Column("identity", sa.Text, nullable=False),  # URL, or "source#doc_id"
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("site", sa.Text),
    sa.Column("host", sa.Text),  # the URL's host without "www.", for site: searches
    sa.Column("published", sa.String(40)),  # as the article gives it (ISO date)
    sa.Column("language", sa.String(16)),
    sa.Column("story_id", sa.Integer, _fk("stories.id", cascade=False)),
    sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
    # Plain integer (no FK) because revisions point back at articles.
    sa.Column("current_revision_id", sa.Integer, unique=True),
    sa.Column("content_hash", sa.String(32)),
    # Published date (YYYY-MM-DD), or the day first seen when unknown: the listing order.
    sa.Column("sort_date", sa.String(10), nullable=False),
    # (v4) True for the article that started its story: "latest" lists each story once.
    sa.Column("story_lead", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("first_seen", UtcDateTime, nullable=False),
    sa.Column("last_seen", UtcDateTime, nullable=False),
    sa.Index("ix_articles_sort", "sort_date", "id"),
    sa.Index("ix_articles_story", "story_id", "id"),
    sa.Index("ix_articles_host", "host"),
)

article_revisions = sa.Table(
    "article_revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, _fk("articles.id"), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(32), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("boilerplate", sa.JSON),  # [[start, end], ...] ranges of site boilerplate
    sa.Column("fetched_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("article_id", "revision", name="uq_article_revisions_number"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.String(32), nullable=False, server_default="unknown"),
    sa.Column("country", sa.Text),
    sa.Column("aliases", sa.JSON),
    sa.Column("in_registry", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("first_seen", UtcDateTime, nullable=False),
    # (v6) The latest title and affiliation the text gave (dated ones: article_actors).
    sa.Column("title", sa.Text),
    sa.Column("affiliation", sa.Text),
    # (v6) The last name word (parley.world.identity.last_key): people stored under a
    # fuller or shorter form of a new name are found through it.
    sa.Column("name_last", sa.String(100)),
    sa.Index("ix_actors_name_last", "name_last"),
)

article_actors = sa.Table(
    "article_actors",
    metadata,
    sa.Column("article_id", sa.Integer, _fk("articles.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("revision_id", sa.Integer, _fk("article_revisions.id"), nullable=False),
    sa.Column("actor_id", sa.Integer, _fk("actors.id"), nullable=False),
    # What the analysis said about the actor in this article (the registry may know more).
    sa.Column("local_id", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("aliases", sa.JSON),
    sa.Column("in_registry", sa.Boolean, nullable=False),
    # (v6) The name as the analysis gave it (the actor row may be a consolidated identity),
    # and the title and affiliation this article gave the actor.
    sa.Column("name", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("affiliation", sa.Text),
    sa.Index("ix_article_actors_actor", "actor_id", "article_id"),
)

actor_mentions = sa.Table(
    "actor_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, _fk("articles.id"), nullable=False),
    sa.Column("revision_id", sa.Integer, _fk("article_revisions.id"), nullable=False),
    sa.Column("actor_id", sa.Integer, _fk("actors.id"), nullable=False),
    sa.Column("actor_position", sa.Integer, nullable=False),  # article_actors.position
    sa.Column("position", sa.Integer, nullable=False),
    *_span("mention", nullable=False),
    sa.Index("ix_actor_mentions_article", "article_id"),
    sa.Index("ix_actor_mentions_actor", "actor_id", "article_id"),
)

issues = sa.Table(
    "issues",
    metadata,
    sa.Column("slug", sa.String(200), primary_key=True),
    sa.Column("proposition", sa.Text, nullable=False),
    sa.Column("first_seen", UtcDateTime, nullable=False),
    # (v6) "catalogue", "open" (an open stance's own target key) or "emergent" (a group of
    # open stances made by parley.world); a readable label; what the grouper compares new
    # targets with; and, once merged by an editor, the issue it went into.
    sa.Column("origin", sa.String(16), nullable=False, server_default="catalogue"),
    sa.Column("label", sa.Text),
    sa.Column("profile", sa.JSON),
    sa.Column("merged_into", sa.String(200)),
)

# (v6) The names of the articles behind each emergent issue: candidates for a new target.
issue_terms = sa.Table(
    "issue_terms",
    metadata,
    sa.Column("term", sa.String(200), primary_key=True),
    sa.Column("slug", sa.String(200), sa.ForeignKey("issues.slug", ondelete="CASCADE"),
              primary_key=True),
    sa.Index("ix_issue_terms_slug", "slug"),
)

events = sa.Table(
    "events",
    metadata,
    *_found_in_article(),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("plover", sa.String(64)),
    sa.Column("mode", sa.String(64)),
    sa.Column("place", sa.Text),
    sa.Column("date", sa.String(40)),  # resolved ISO date (first day of the period)
    sa.Column("date_until", sa.String(40)),  # last day, for ranges
    sa.Column("date_granularity", sa.String(16)),
    sa.Column("date_resolved", sa.Boolean),
    *_span("date_expression"),
    *_span("evidence", nullable=False),
    # The event this one happened at (a criticism made during an interview), if any.
    sa.Column("parent_local_id", sa.Text),
    sa.Column("parent_id", sa.Integer, _fk("events.id", cascade=False)),
    # (v2) The resolved date, or '' when undated: lists go latest first, undated last.
    sa.Column("listing_date", sa.String(40), nullable=False, server_default=""),
    # (v6) happened, planned or cancelled (mediators are participants with role "mediator").
    sa.Column("status", sa.String(16), nullable=False, server_default="happened"),
    sa.Index("ix_events_article", "article_id", "position"),
)

event_participants = sa.Table(
    "event_participants",
    metadata,
    sa.Column("event_id", sa.Integer, _fk("events.id"), primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),  # "actor", "recipient", "mediator"
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("actor_id", sa.Integer, _fk("actors.id"), nullable=False),
    sa.Column("actor_name", sa.Text, nullable=False),
    # (v2) The event's listing_date, copied so an actor's events list from one index.
    sa.Column("listing_date", sa.String(40), nullable=False, server_default=""),
)

quotes = sa.Table(
    "quotes",
    metadata,
    *_found_in_article(),
    sa.Column("speaker_actor_id", sa.Integer, _fk("actors.id", cascade=False)),
    sa.Column("speaker_name", sa.Text, nullable=False),
    sa.Column("speaker_local_id", sa.Text),  # the analysis' actor id for the speaker
    *_span("speaker_mention"),
    *_span("content", nullable=False),
    sa.Column("direct", sa.Boolean, nullable=False),
    *_span("cue"),
    sa.Column("addressee", sa.Text),
    sa.Column("event_local_id", sa.Text),
    sa.Column("event_id", sa.Integer, _fk("events.id", cascade=False)),
    # (v2) The article's sort_date, copied so a speaker's quotes list newest first from one index.
    sa.Column("sort_date", sa.String(10)),
    sa.Index("ix_quotes_article", "article_id", "position"),
    sa.Index("ix_quotes_speaker", "speaker_actor_id", "article_id"),
)

stances = sa.Table(
    "stances",
    metadata,
    *_found_in_article(),
    sa.Column("issue", sa.String(200), sa.ForeignKey("issues.slug"), nullable=False),
    sa.Column("proposition", sa.Text, nullable=False),
    sa.Column("actor_id", sa.Integer, _fk("actors.id")),
    sa.Column("actor_name", sa.Text, nullable=False),
    sa.Column("stance", sa.String(32), nullable=False),
    *_span("evidence", nullable=False),
    sa.Column("quote_local_id", sa.Text),
    sa.Column("quote_id", sa.Integer, _fk("quotes.id", cascade=False)),
    sa.Column("date", sa.String(40)),
    # (v2) `date`, or the article's sort_date without one: the timeline order.
    sa.Column("listing_date", sa.String(40)),
    # (v6) Open stances: where they come from, the target key the analysis gave (``issue``
    # is then the emergent issue it was grouped into), holder, cue, target, condition.
    sa.Column("origin", sa.String(16), nullable=False, server_default="catalogue"),
    sa.Column("target_key", sa.String(200)),
    *_span("holder"),
    *_span("cue"),
    *_span("target"),
    sa.Column("condition", sa.Text),
    sa.Index("ix_stances_article", "article_id", "position"),
    sa.Index("ix_stances_issue_listing", "issue", "listing_date", "id"),
    sa.Index("ix_stances_actor_listing", "actor_id", "listing_date", "id"),
    sa.Index("ix_stances_issue_actor", "issue", "actor_id"),
)

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("site_url", sa.Text),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),  # the server's Last-Modified header, verbatim
    sa.Column("last_polled_at", UtcDateTime),
    sa.Column("next_poll_at", UtcDateTime),
    sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Column("last_status", sa.Integer),  # HTTP status of the last poll
    sa.Column("added_at", UtcDateTime, nullable=False),
    sa.Index("ix_feeds_next_poll", "next_poll_at"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # sha256 hex
    sa.Column("prefix", sa.String(16), nullable=False),  # first characters, to recognise it
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime),
    sa.Column("last_used_at", UtcDateTime),
)

minhash_signatures = sa.Table(
    "minhash_signatures",
    metadata,
    sa.Column("article_id", sa.Integer, _fk("articles.id"), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),  # num_perm little-endian uint32
)

minhash_bands = sa.Table(
    "minhash_bands",
    metadata,
    # One row per LSH band of an article's signature; equal buckets = candidate duplicates.
    sa.Column("bucket", sa.BigInteger, primary_key=True),
    sa.Column("article_id", sa.Integer, _fk("articles.id"), primary_key=True),
    sa.Column("band", sa.SmallInteger, nullable=False),
    sa.Index("ix_minhash_bands_article", "article_id"),
)

# (v2) Page orders, one index each: a speaker's quotes newest first, events latest first.
LISTING_INDEXES = (
    sa.Index("ix_quotes_speaker_sort", quotes.c.speaker_actor_id, quotes.c.sort_date.desc(),
             quotes.c.article_id.desc(), quotes.c.position),
    sa.Index("ix_events_listing", events.c.listing_date.desc(), events.c.id.desc()),
    sa.Index("ix_event_participants_listing", event_participants.c.actor_id,
             event_participants.c.listing_date.desc(), event_participants.c.event_id.desc()),
)

# (v4) The home page: story leads, newest first (partial: duplicates are not in it).
LEAD_INDEX = sa.Index("ix_articles_lead_sort", articles.c.sort_date, articles.c.id,
                      sqlite_where=articles.c.story_lead, postgresql_where=articles.c.story_lead)

# (v12) A date range's current revisions read from the index alone: search bounds the
# revisions it reads from RUM (PostgreSQL) or FTS5 (SQLite) by their lowest and highest.
RANGE_REVISION_INDEX = sa.Index("ix_articles_sort_revision", articles.c.sort_date,
                                articles.c.current_revision_id)

# Case-insensitive name look-ups (speaker:, actor: filters).
sa.Index("ix_actors_lower_name", sa.func.lower(actors.c.name))
sa.Index("ix_quotes_lower_speaker_name", sa.func.lower(quotes.c.speaker_name))

#: The tables migration 1 created, in dependency order.
V1_TABLES = (
    stories,
    articles,
    article_revisions,
    actors,
    article_actors,
    actor_mentions,
    issues,
    events,
    event_participants,
    quotes,
    stances,
    feeds,
    api_tokens,
    minhash_signatures,
    minhash_bands,
)

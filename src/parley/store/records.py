"""What the store returns: small typed records built on ``parley.model``.

Facts come back as the model's own records (``Quote``, ``Event``, ``Stance``) wrapped with
their database id and the article they came from, so the web hub and the JSON API build
on the one schema. Every list comes as a ``Page`` with the cursor (or offset) of the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from parley.model import Event, Quote, Stance

T = TypeVar("T")

@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of results; ``next`` is what to pass for the following page (None: last)."""

    items: list[T]
    next: str | int | None = None

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """The outcome of saving one analysis.

    ``status``: ``new`` (first copy of a new story), ``duplicate`` (a new article whose body
    is a near-duplicate of a stored one: it is stored as its own article with its own source
    and joins that article's story; ``duplicate_of`` names it), ``revised`` (a known article
    whose content changed: a new revision, facts replaced), ``unchanged`` (same article,
    same content: nothing written except ``last_seen``).
    """

    status: str
    article_id: int
    revision: int
    story_id: int | None
    duplicate_of: int | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article's metadata as listed on pages (no text, no facts)."""

    id: int
    doc_id: str
    title: str | None
    url: str | None
    source: str
    site: str | None
    author: str | None
    published: str | None
    language: str | None
    story_id: int | None
    story_size: int  # how many sources the story has (1 when alone)
    revision: int
    first_seen: datetime
    last_seen: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "site": self.site,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "story_id": self.story_id,
            "story_size": self.story_size,
            "revision": self.revision,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article matching a search, with a snippet; ``highlights`` index into the snippet.

    ``rank``: higher is better (negated bm25 on SQLite, ts_rank on PostgreSQL; the scales
    differ, compare ranks only within one result list); 0 when the query had no words.
    """

    article: ArticleSummary
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    rank: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article.to_json(),
            "snippet": self.snippet,
            "highlights": [list(h) for h in self.highlights],
            "rank": self.rank,
        }


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """The article a fact was read from (enough to link to it)."""

    id: int
    title: str | None
    url: str | None
    site: str | None
    published: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url, "site": self.site,
                "published": self.published}


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A stored quote: database id, the speaker's actor id, and its article."""

    id: int
    quote: Quote
    speaker_actor_id: int | None
    article: ArticleRef

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "speaker_actor_id": self.speaker_actor_id,
                "article": self.article.to_json(), **_without_id(self.quote.to_json())}


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A stored event: database id and its article."""

    id: int
    event: Event
    article: ArticleRef

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "article": self.article.to_json(),
                **_without_id(self.event.to_json())}


@dataclass(frozen=True, slots=True)
class StanceRecord:
    """A stored stance: database id, the actor's id, the quote's database id, its article."""

    id: int
    stance: Stance
    actor_id: int | None
    quote_db_id: int | None
    article: ArticleRef
    #: The issue the stance is filed under: its own for catalogued stances, the emergent
    #: issue an open stance was grouped into (``stance.issue`` keeps the analysis' key).
    issue_slug: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "actor_id": self.actor_id, "quote_db_id": self.quote_db_id,
                "article": self.article.to_json(), **_without_id(self.stance.to_json()),
                "issue_slug": self.issue_slug or self.stance.issue}


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor of the global registry, with how often the record names it."""

    id: int
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    in_registry: bool
    article_count: int = 0
    quote_count: int = 0
    event_count: int = 0
    stance_count: int = 0
    title: str | None = None  # (v6) the latest title the text gave (not for registry actors)
    affiliation: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "country": self.country,
            "title": self.title, "affiliation": self.affiliation,
            "aliases": list(self.aliases), "in_registry": self.in_registry,
            "article_count": self.article_count, "quote_count": self.quote_count,
            "event_count": self.event_count, "stance_count": self.stance_count,
        }


@dataclass(frozen=True, slots=True)
class IssueRecord:
    """An issue with the number of stances recorded on it and the latest stance date."""

    slug: str
    proposition: str
    stance_count: int
    actor_count: int
    last_date: str | None
    #: (v6) A readable label (emergent issues), where the issue comes from ("catalogue",
    #: "emergent", "promoted", "open") and the issue an editor merged it into.
    label: str | None = None
    origin: str = "catalogue"
    merged_into: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "proposition": self.proposition,
                "stance_count": self.stance_count, "actor_count": self.actor_count,
                "last_date": self.last_date, "label": self.label or self.proposition,
                "origin": self.origin, "merged_into": self.merged_into}


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A group of near-duplicate articles (one story, several sources), oldest first."""

    id: int
    title: str | None
    article_count: int
    articles: list[ArticleSummary]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "article_count": self.article_count,
                "articles": [a.to_json() for a in self.articles]}


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    """One stored version of an article (its text is fetched with ``get_analysis``)."""

    revision: int
    content_hash: str
    title: str | None
    fetched_at: datetime
    chars: int


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscribed feed and its polling state (timestamps are aware UTC datetimes)."""

    id: int
    url: str
    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    error_count: int
    last_error: str | None
    last_status: int | None
    added_at: datetime


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token's metadata (the token itself is never stored, only its sha256)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        """True unless the token was revoked."""
        return self.revoked_at is None


def _without_id(data: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON with its analysis-local id renamed, so ``id`` is the database id."""
    out = dict(data)
    out["local_id"] = out.pop("id", None)
    return out

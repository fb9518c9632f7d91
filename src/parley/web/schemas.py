"""The JSON the hub answers, as Pydantic models: the response models of ``/openapi.json``.

The pages build plain dicts (``parley.web.pages``) and the routes return them as they are;
these models only *describe* them, for the OpenAPI document and for the tests that check
every JSON twin against its model (tests/test_web_openapi.py, and Schemathesis). Fields a
page always sends are required; ``X | None`` means the key is there and may be null.
Extra keys are allowed, so a page may grow a field before its model does.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    """Base of the response models: unknown keys are allowed (pages may add fields)."""

    model_config = ConfigDict(extra="allow")


class ErrorOut(Out):
    """An error: a one-line message a person can act on, and the HTTP status."""

    error: str = Field(description="What went wrong and what to do about it.")
    status: int = Field(ge=400, le=599)


class SpanOut(Out):
    """Characters of the article text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int
    segments: list[list[int]] | None = Field(None, description="Pieces of a split span.")


class Pagination(Out):
    """Where the next and previous pages are (null on the last / first page)."""

    next: str | int | None
    next_url: str | None
    prev_url: str | None


class ArticleRefOut(Out):
    """The article a fact was read from."""

    id: int
    title: str | None
    url: str | None
    site: str | None
    published: str | None


class ArticleOut(Out):
    """An article's metadata (no text)."""

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
    story_size: int
    revision: int
    first_seen: str
    last_seen: str


class SpeakerOut(Out):
    """Who said it: canonical name, where the text names them, their id in the analysis."""

    name: str
    mention: SpanOut | None
    actor_id: str | None


class QuoteFields(Out):
    """The fields every quote has."""

    content: SpanOut
    direct: bool
    speaker: SpeakerOut
    cue: SpanOut | None
    addressee: str | None
    event_id: str | None


class QuoteOut(QuoteFields):
    """A stored quote, with its database id, its speaker's actor id and its article."""

    id: int
    speaker_actor_id: int | None
    article: ArticleRefOut
    local_id: str | None


class DateRefOut(Out):
    """A date expression of the text and the date it resolves to."""

    expression: SpanOut
    value: str | None
    end: str | None
    granularity: str
    resolved: bool


class EventFields(Out):
    """The fields every event has."""

    kind: str
    plover: str | None
    mode: str | None
    actors: list[str]
    recipients: list[str]
    place: str | None
    date: str | None
    date_expression: DateRefOut | None
    evidence: SpanOut
    event_id: str | None


class EventOut(EventFields):
    """A stored event with its article and the actor ids of its participants."""

    id: int
    article: ArticleRefOut
    local_id: str | None
    actor_ids: dict[str, int] = Field(description="Participant name -> actor id.")


class StepArticleOut(Out):
    """The article a stance was read from."""

    id: int
    title: str | None
    published: str | None


class StanceStepOut(Out):
    """One stance in an actor's position on an issue over time."""

    stance_id: int
    stance: str
    date: str | None
    actor: str
    actor_id: int | None
    issue: str
    changed: bool = Field(description="True when the label differs from the previous known one.")
    previous: str | None
    evidence: str | None = None
    article: StepArticleOut | None = None


class PositionOut(Out):
    """An actor's position on an issue: the current stance, counts and recent changes."""

    actor: str
    actor_id: int | None
    issue: str
    current: StanceStepOut
    stances: int
    change_count: int
    recent_changes: list[StanceStepOut]
    last_by_label: dict[str, StanceStepOut]


class ActorOut(Out):
    """An actor of the record with how often it is named."""

    id: int
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    in_registry: bool
    article_count: int
    quote_count: int
    event_count: int
    stance_count: int


class IssueOut(Out):
    """A disputed issue with how many stances and actors it has."""

    slug: str
    proposition: str
    stance_count: int
    actor_count: int
    last_date: str | None


class TopQuoteOut(Out):
    """The quote shown under an article in listings."""

    text: str
    speaker: str
    speaker_actor_id: int | None


class LatestArticleOut(ArticleOut):
    """An article of the home page, with its top quote."""

    top_quote: TopQuoteOut | None


class LatestPage(Out):
    """``/``: the latest articles, one per story."""

    kind: Literal["latest"]
    articles: list[LatestArticleOut]
    pagination: Pagination
    json_url: str
    atom_url: str


class ArticleQuoteOut(QuoteFields):
    """A quote on its article's page."""

    id: str
    ranges: list[list[int]]
    speaker_actor_id: int | None
    mention: list[int] | None


class ArticleEventOut(EventFields):
    """An event on its article's page."""

    id: str
    actor_ids: dict[str, int]


class ArticleStanceOut(Out):
    """A stance on its article's page."""

    id: str
    issue: str
    proposition: str
    actor: str
    stance: str
    evidence: SpanOut
    quote_id: str | None
    date: str | None
    actor_id: int | None


class ArticleActorOut(Out):
    """An actor named in the article."""

    id: int | None
    name: str
    kind: str
    country: str | None


class StoryArticleOut(Out):
    """Another source of the same story."""

    id: int
    title: str | None
    site: str | None
    published: str | None


class StoryOut(Out):
    """The story an article belongs to, when other sources carry it too."""

    id: int
    article_count: int
    articles: list[StoryArticleOut]


class ArticlePage(Out):
    """``/articles/{id}``: the text, its boilerplate, quotes, events, stances and story."""

    kind: Literal["article"]
    article: ArticleOut
    text: str
    boilerplate: list[list[int]]
    quotes: list[ArticleQuoteOut]
    events: list[ArticleEventOut]
    stances: list[ArticleStanceOut]
    actors: list[ArticleActorOut]
    story: StoryOut | None
    json_url: str


class ActorsPage(Out):
    """``/actors``: actors by name."""

    kind: Literal["actors"]
    query: str
    actors: list[ActorOut]
    pagination: Pagination
    json_url: str


class ActorPage(Out):
    """``/actors/{id}``: statements (paged), recent events, positions per issue."""

    kind: Literal["actor"]
    actor: ActorOut
    statements: list[QuoteOut]
    pagination: Pagination
    events: list[EventOut]
    more_events_url: str | None
    positions: list[PositionOut]
    positions_total: int | None = Field(None, description=(
        "How many positions the actor holds, when `positions` lists fewer (the JSON twin "
        "lists those on the 100 issues with the most stances; the HTML page 60)."))
    all_positions_url: str | None = Field(None, description=(
        "Where every position is listed (`?positions=all`), when `positions` left some out."))
    json_url: str
    atom_url: str


class IssuesPage(Out):
    """``/issues``: the disputed issues."""

    kind: Literal["issues"]
    issues: list[IssueOut]
    pagination: Pagination
    json_url: str


class IssuePage(Out):
    """``/issues/{slug}``: who stands where (``matrix``) and the position changes (paged)."""

    kind: Literal["issue"]
    issue: IssueOut
    labels: list[str]
    matrix: list[PositionOut]
    matrix_total: int = Field(description="Actors with a stance on the issue (the matrix "
                              "shows at most 60, those with the most stances).")
    changes: list[StanceStepOut]
    change_count: int
    pagination: Pagination
    json_url: str
    atom_url: str


class TimelineActor(Out):
    """The actor a timeline is filtered on."""

    id: int
    name: str


class MonthCount(Out):
    """Events in one month."""

    month: str
    count: int


class Chart(Out):
    """Events per month, and the largest count (for the bars)."""

    months: list[MonthCount]
    max: int


class TimelinePage(Out):
    """``/timeline``: events, latest first."""

    kind: Literal["timeline"]
    actor: TimelineActor | None
    events: list[EventOut]
    chart: Chart
    pagination: Pagination
    json_url: str
    atom_url: str


class SearchHitOut(Out):
    """An article matching a search; ``highlights`` index into ``snippet``."""

    article: ArticleOut
    snippet: str
    highlights: list[list[int]]
    rank: float


class SearchPage(Out):
    """``/search``: matching articles or quotes; ``error`` says why a query was refused."""

    kind: Literal["search"]
    query: str
    scope: Literal["articles", "quotes"]
    error: str | None
    help: list[list[str]]
    articles: list[SearchHitOut]
    quotes: list[QuoteOut]
    pagination: Pagination
    json_url: str
    atom_url: str


class ExportOut(Out):
    """One export and its two formats."""

    name: str
    description: str
    csv: str
    jsonl: str


class ExportsPage(Out):
    """``/export``: the exports and their filters."""

    kind: Literal["exports"]
    exports: list[ExportOut]
    filters: list[list[str]]
    json_url: str


class Choice(Out):
    """A choice of the subscribe form."""

    value: str
    label: str


class FormValues(Out):
    """The values the subscribe form shows."""

    email: str
    kind: str
    target: str
    frequency: str


class SubscribePage(Out):
    """``/subscribe``: the form, its choices, the values entered and an error if any."""

    kind: Literal["subscribe"]
    kinds: list[Choice]
    frequencies: list[str]
    form: FormValues
    error: str | None
    json_url: str


class SentPage(Out):
    """The answer to a subscription request (the same whatever the address's state)."""

    kind: Literal["subscribe_sent"]
    status: str
    message: str


class FollowOut(Out):
    """What a subscription follows."""

    kind: str
    target: str
    description: str


class SubscriptionOut(Out):
    """One subscription of an address."""

    id: int
    email: str
    follow: FollowOut
    frequency: str
    status: str
    created_at: str
    confirmed_at: str | None
    last_digest_at: str | None
    suppressed: bool


class ConfirmedPage(Out):
    """``/subscribe/confirm``: the subscription is confirmed."""

    kind: Literal["confirmed"]
    subscription: SubscriptionOut
    changed: bool
    preferences_url: str


class UnsubscribePage(Out):
    """``/unsubscribe``: what is (or would be) cancelled."""

    kind: Literal["unsubscribe"]
    subscription: SubscriptionOut
    done: bool
    changed: bool
    token: str


class PreferencesPage(Out):
    """``/preferences``: every subscription of the address."""

    kind: Literal["preferences"]
    email: str
    suppressed: bool
    subscriptions: list[SubscriptionOut]
    token: str
    saved: bool
    frequencies: list[str]
    unsubscribe_urls: dict[str, str]


class DigestOut(Out):
    """What a digest holds (its items are the mail's: posts, stances, changes)."""

    follow: FollowOut
    frequency: str
    since: int
    until: int
    posts: list[dict[str, Any]]
    more_posts: int
    stances: list[dict[str, Any]]
    changes: list[dict[str, Any]]


class DigestPreviewPage(Out):
    """``/digest/preview``: a digest as it would be sent."""

    kind: Literal["digest_preview"]
    digest: DigestOut
    subject: str
    empty: bool
    days: int | None


class ArticleLink(Out):
    """The article an ingest stored."""

    id: int
    title: str | None
    url: str


class IngestOut(Out):
    """The outcome of ``POST /api/ingest``: ``error`` when it failed (422)."""

    ok: bool
    summary: dict[str, Any]
    article: ArticleLink | None
    error: str | None = None


class FeedOut(Out):
    """A subscribed feed."""

    id: int
    url: str
    title: str | None
    site_url: str | None
    added_at: str

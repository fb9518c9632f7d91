"""The typed records that flow through parley, and their JSON form.

One record per stage: an ``Article`` is what ingest produces; an ``Analysis`` is what the
NLP pipeline produces from it (actors, quotes, events, stances). The CLI's JSON, the
database rows and the API responses are all built from these records, so the schema lives
here and nowhere else. Every offset is a character offset into ``Article.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

#: The kinds an actor can have.
ACTOR_KINDS = ("person", "organisation", "state", "government", "group", "unknown")
#: The stance labels toward an issue's proposition.
STANCE_LABELS = ("support", "oppose", "conditional", "unclear")
#: Whether an event took place, is planned (future, scheduled) or was called off.
EVENT_STATUSES = ("happened", "planned", "cancelled")
#: Where a stance comes from: the hand-written issue catalogue, or read from the text alone.
STANCE_ORIGINS = ("catalogue", "open")
#: Date granularities, finest first.
GRANULARITIES = ("day", "week", "month", "year")


def stable_id(*parts: object, prefix: str = "", length: int = 12) -> str:
    """Return a short deterministic id built from ``parts`` (same input, same id)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=16)
    return prefix + digest.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's text: ``text == article.text[start:end]``.

    ``segments`` is set when the span is discontinuous (a quote interrupted by its
    attribution); ``start``/``end`` then cover the first to the last segment and ``text`` is
    the segments' text joined by a single space.
    """

    text: str
    start: int
    end: int
    segments: tuple[tuple[int, int], ...] | None = None

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build the span ``text[start:end]``."""
        return cls(text[start:end], start, end)

    @classmethod
    def of_segments(cls, text: str, segments: list[tuple[int, int]]) -> Span:
        """Build a (possibly discontinuous) span from ordered ``(start, end)`` pairs."""
        segs = tuple(sorted((int(s), int(e)) for s, e in segments))
        if len(segs) == 1:
            return cls.of(text, *segs[0])
        joined = " ".join(text[s:e] for s, e in segs)
        return cls(joined, segs[0][0], segs[-1][1], segs)

    def ranges(self) -> tuple[tuple[int, int], ...]:
        """The (start, end) pairs the span covers."""
        return self.segments or ((self.start, self.end),)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.segments:
            out["segments"] = [list(s) for s in self.segments]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Span | None:
        if data is None:
            return None
        segs = data.get("segments")
        return cls(
            data["text"],
            int(data["start"]),
            int(data["end"]),
            tuple((int(s), int(e)) for s, e in segs) if segs else None,
        )


@dataclass(slots=True)
class Article:
    """One news article as ingested: its text exactly as decoded, and its metadata."""

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    source: str = ""  # path, URL or "-" for standard input
    url: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    #: Character ranges of site boilerplate (newsletter prompts, "Discover more from ...").
    boilerplate: list[tuple[int, int]] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """A hash of the text and title: a change means a new revision."""
        return stable_id(self.title or "", self.text, length=32)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "title": self.title,
            "published": self.published,
            "source": self.source,
        }
        for key in ("url", "author", "site", "language"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.boilerplate:
            out["boilerplate"] = [list(r) for r in self.boilerplate]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any], doc_id: str = "") -> Article:
        return cls(
            doc_id=doc_id,
            text=data["text"],
            title=data.get("title"),
            published=data.get("published"),
            source=data.get("source", ""),
            url=data.get("url"),
            author=data.get("author"),
            site=data.get("site"),
            language=data.get("language"),
            boilerplate=[(int(s), int(e)) for s, e in data.get("boilerplate", [])],
        )


@dataclass(slots=True)
class Actor:
    """A party in the news: a person, organisation, state, government or group."""

    id: str
    name: str  # canonical full name
    kind: str = "unknown"
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    in_registry: bool = False  # True when the name comes from the curated actor registry
    #: The role the article gives the actor, lower case, without the country
    #: ("foreign minister", "spokesperson"); None when it gives none.
    title: str | None = None
    #: The organisation or armed group the actor speaks for ("Hamas", "United Nations").
    affiliation: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "title": self.title,
            "affiliation": self.affiliation,
            "aliases": list(self.aliases),
            "in_registry": self.in_registry,
            "mentions": [m.to_json() for m in self.mentions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Actor:
        return cls(
            id=data["id"],
            name=data["name"],
            kind=data.get("kind", "unknown"),
            country=data.get("country"),
            aliases=list(data.get("aliases", [])),
            mentions=[Span.from_json(m) for m in data.get("mentions", [])],  # type: ignore[misc]
            in_registry=bool(data.get("in_registry", False)),
            title=data.get("title"),
            affiliation=data.get("affiliation"),
        )


@dataclass(slots=True)
class Speaker:
    """Who a quote is attributed to: a canonical name and the mention it was read from."""

    name: str
    mention: Span | None = None
    actor_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention.to_json() if self.mention else None,
            "actor_id": self.actor_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Speaker:
        return cls(data["name"], Span.from_json(data.get("mention")), data.get("actor_id"))


@dataclass(slots=True)
class Quote:
    """A statement attributed to a speaker: quoted (direct) or paraphrased (indirect)."""

    id: str
    content: Span
    direct: bool
    speaker: Speaker
    cue: Span | None = None
    addressee: str | None = None
    event_id: str | None = None  # the event at which it was said, where the text says so

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "content": self.content.to_json(),
            "direct": self.direct,
            "speaker": self.speaker.to_json(),
            "cue": self.cue.to_json() if self.cue else None,
            "addressee": self.addressee,
            "event_id": self.event_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        return cls(
            id=data.get("id") or stable_id(data["content"]["start"], data["content"]["end"]),
            content=Span.from_json(data["content"]),  # type: ignore[arg-type]
            direct=bool(data["direct"]),
            speaker=Speaker.from_json(data["speaker"]),
            cue=Span.from_json(data.get("cue")),
            addressee=data.get("addressee"),
            event_id=data.get("event_id"),
        )


@dataclass(slots=True)
class DateRef:
    """A date expression resolved against the publication date.

    ``value`` is an ISO date (the first day of the period for coarser granularities),
    ``end`` the last day of a range; both are ``None`` when the expression could not be
    resolved, and ``resolved`` says so explicitly rather than guessing.
    """

    expression: Span
    value: str | None
    granularity: str = "day"
    end: str | None = None
    resolved: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "expression": self.expression.to_json(),
            "value": self.value,
            "end": self.end,
            "granularity": self.granularity,
            "resolved": self.resolved,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DateRef | None:
        if data is None:
            return None
        return cls(
            expression=Span.from_json(data["expression"]),  # type: ignore[arg-type]
            value=data.get("value"),
            granularity=data.get("granularity", "day"),
            end=data.get("end"),
            resolved=bool(data.get("resolved", data.get("value") is not None)),
        )


@dataclass(slots=True)
class Event:
    """Something that happened between actors: a meeting, a criticism, a demand..."""

    id: str
    kind: str  # interview, meeting, call, visit, criticism, praise, demand, rejection, ...
    plover: str | None  # PLOVER event type (CONSULT, ACCUSE, SUPPORT, REQUEST, ...)
    evidence: Span
    actors: list[str] = field(default_factory=list)  # canonical names
    recipients: list[str] = field(default_factory=list)
    mode: str | None = None  # PLOVER mode where one applies (e.g. "visit", "call")
    place: str | None = None
    date: DateRef | None = None
    event_id: str | None = None  # the event it was made at (a criticism during an interview)
    #: Mediators of talks between others, or hosts of a meeting between others.
    mediators: list[str] = field(default_factory=list)
    status: str = "happened"  # one of EVENT_STATUSES

    @property
    def date_value(self) -> str | None:
        """The resolved ISO date, or None."""
        return self.date.value if self.date and self.date.resolved else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "plover": self.plover,
            "mode": self.mode,
            "actors": list(self.actors),
            "recipients": list(self.recipients),
            "mediators": list(self.mediators),
            "status": self.status,
            "place": self.place,
            "date": self.date_value,
            "date_expression": self.date.to_json() if self.date else None,
            "evidence": self.evidence.to_json(),
            "event_id": self.event_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        date = DateRef.from_json(data.get("date_expression"))
        if date is None and data.get("date"):
            # a bare resolved date (gold data, other tools): no expression span to point at
            date = DateRef(Span("", 0, 0), data["date"], data.get("granularity", "day"))
        return cls(
            id=data["id"],
            kind=data["kind"],
            plover=data.get("plover"),
            evidence=Span.from_json(data["evidence"]),  # type: ignore[arg-type]
            actors=list(data.get("actors", [])),
            recipients=list(data.get("recipients", [])),
            mediators=list(data.get("mediators", [])),
            status=data.get("status", "happened"),
            mode=data.get("mode"),
            place=data.get("place"),
            date=date,
            event_id=data.get("event_id"),
        )


@dataclass(slots=True)
class Stance:
    """An actor's position on an issue's proposition, with the evidence for it.

    A catalogued stance names an issue of the catalogue; an open one (``origin == "open"``)
    is read from the text alone: ``proposition`` is then the normalised target phrase ("end
    the war in Gaza"), ``target`` where it is written, and ``issue`` a key that the
    cross-article layer groups into emergent issues.
    """

    id: str
    issue: str  # slug from the issue catalogue, or an open target's key
    proposition: str
    actor: str  # canonical name
    stance: str  # one of STANCE_LABELS
    evidence: Span
    quote_id: str | None = None
    date: str | None = None  # ISO date the position was expressed (publication date if unknown)
    origin: str = "catalogue"  # one of STANCE_ORIGINS
    holder: Span | None = None  # the mention of the actor holding the position
    cue: Span | None = None  # the word(s) that take the side: "rejected", "would never"
    target: Span | None = None  # the target proposition as written
    condition: str | None = None  # "Hamas is disarmed" for "... until Hamas is disarmed"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "issue": self.issue,
            "proposition": self.proposition,
            "actor": self.actor,
            "stance": self.stance,
            "evidence": self.evidence.to_json(),
            "quote_id": self.quote_id,
            "date": self.date,
            "origin": self.origin,
            "holder": self.holder.to_json() if self.holder else None,
            "cue": self.cue.to_json() if self.cue else None,
            "target": self.target.to_json() if self.target else None,
            "condition": self.condition,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stance:
        return cls(
            id=data["id"],
            issue=data["issue"],
            proposition=data.get("proposition", ""),
            actor=data["actor"],
            stance=data["stance"],
            evidence=Span.from_json(data["evidence"]),  # type: ignore[arg-type]
            quote_id=data.get("quote_id"),
            date=data.get("date"),
            origin=data.get("origin", "catalogue"),
            holder=Span.from_json(data.get("holder")),
            cue=Span.from_json(data.get("cue")),
            target=Span.from_json(data.get("target")),
            condition=data.get("condition"),
        )


@dataclass(slots=True)
class Analysis:
    """Everything parley found in one article."""

    doc_id: str
    article: Article
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "doc_id": self.doc_id,
            "article": self.article.to_json(),
            "actors": [a.to_json() for a in self.actors],
            "quotes": [q.to_json() for q in self.quotes],
            "events": [e.to_json() for e in self.events],
            "stances": [s.to_json() for s in self.stances],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Analysis:
        doc_id = data.get("doc_id", "")
        return cls(
            doc_id=doc_id,
            article=Article.from_json(data["article"], doc_id=doc_id),
            actors=[Actor.from_json(a) for a in data.get("actors", [])],
            quotes=[Quote.from_json(q) for q in data.get("quotes", [])],
            events=[Event.from_json(e) for e in data.get("events", [])],
            stances=[Stance.from_json(s) for s in data.get("stances", [])],
        )

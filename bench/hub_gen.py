"""Bulk generator of large hub databases: realistic rows written directly, no analysis.

Usage: .venv/bin/python bench/hub_gen.py --db URL_OR_PATH --articles N [--batch N] [--seed N]

``bench/hub.py`` builds its database by running ``Store.save_analysis`` per article (about
a hundred articles a second); a million articles that way take days. This module writes the
same tables directly: ``COPY`` on PostgreSQL, one ``executemany`` transaction per batch on
SQLite (the FTS5 triggers index as rows arrive; PostgreSQL computes its generated
``tsvector`` columns during the ``COPY``).

What it writes, per article (counts drawn per article, means in brackets): a text of a few
hundred words drawn from a Zipf vocabulary (the word frequencies of PolNeAR's train texts,
lower-case words only, never its sentences; a synthetic Zipf vocabulary when the corpus is
absent), 2-12 actors [~5] drawn from a Zipf population of people, organisations and states
that grows with the archive, 1-3 mentions each, quotes [~3.5] whose speaker is one of the
actors, events [~2] with 1-3 participants and a date within the week before publication,
stances [~1.5] on a catalogue of issues (Zipf popularity) or, a third of them, open stances
already grouped into emergent issues (``issues.origin = 'emergent'``, ``issue_terms``), as
``parley.world`` would have grouped them. Each (actor, issue) keeps a position that changes
now and then. Dates spread over ``--years`` years in arrival order; about one article in
twelve is a syndicated copy joining an earlier story.

Every span (mentions, quote contents, cues, event evidence and date expressions, stance
evidence) points at the text it names, listing columns (``quotes.sort_date``,
``events.listing_date``, ``stances.listing_date``, ``story_lead``) are filled as the store
fills them, and ids are given explicitly (sequences are moved past them at the end), so the
pages, the search and a later ``parley ingest`` read the database as one built by
``save_analysis``. Not written: near-duplicate signatures (new articles then never match a
generated one) and revisions beyond the first.

A database that already holds articles is extended (ids continue).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from parley.store.migrations import WORD_PAIRS_INDEX_DDL

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "corpus" / "polnear"

# -- invented names -----------------------------------------------------------------------

_ONSETS = ["b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p",
           "r", "s", "st", "t", "tr", "v", "w", "z", "sh", "th", "ch"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ae", "ia"]
_CODAS = ["", "n", "r", "l", "s", "m", "th", "nd", "rk", "st", "v", "x"]
KINDS = (("person", 0.8), ("organization", 0.15), ("state", 0.05))
TITLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "spokesman",
          "ambassador", "envoy", "general", "chief negotiator", "senator", "governor", None]
EVENT_KINDS = [("meeting", "CONSULT", None), ("call", "CONSULT", "call"),
               ("visit", "CONSULT", "visit"), ("criticism", "DISAPPROVE", None),
               ("demand", "DEMAND", None), ("rejection", "REJECT", None),
               ("threat", "THREATEN", None), ("agreement", "COOPERATE", None),
               ("strike", "ASSAULT", None), ("protest", "PROTEST", None)]
LABELS = ("support", "oppose", "conditional", "unclear")
CUES = ["said", "told reporters", "warned", "added", "insisted", "argued", "wrote"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
YEAR0 = 2020


def _syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(n))


def invented_name(rng: random.Random, kind: str) -> str:
    """A pronounceable invented name: "Tavin Krolmer", "Dravost Council", "Republic of Sel"."""
    if kind == "person":
        return f"{_syllables(rng, rng.randint(1, 2)).title()} {_syllables(rng, rng.randint(2, 3)).title()}"
    if kind == "organization":
        return f"{_syllables(rng, 2).title()} {rng.choice(['Council', 'Alliance', 'Front', 'Agency', 'Party', 'Union', 'Command'])}"
    return f"{rng.choice(['Republic of', 'Kingdom of', 'Federation of'])} {_syllables(rng, 2).title()}"


# -- vocabulary -----------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """Words with cumulative weights: ``sample(rng, k)`` draws k words by frequency."""

    words: list[str]
    cum: list[float]
    source: str

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def rank_band(self, lo: int, hi: int) -> list[str]:
        """Words ranked ``lo``..``hi`` by frequency (0 = most frequent)."""
        return self.words[lo:hi]


_WORD = re.compile(r"(?<![A-Za-z'])[a-z][a-z]+(?:'[a-z]+)?")


def load_vocabulary(folder: Path | None = None, size: int = 30_000) -> Vocabulary:
    """Word frequencies of PolNeAR's train texts (lower-case words: no names), Zipf-like by
    nature; a synthetic Zipf (s = 1.07) over invented words without the corpus."""
    folder = folder or POLNEAR / "train" / "text"
    counts: Counter[str] = Counter()
    if folder.is_dir():
        for path in sorted(folder.glob("*.txt")):
            counts.update(_WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    if len(counts) >= 1000:
        top = counts.most_common(size)
        words, weights, source = [w for w, _ in top], [n for _, n in top], f"word frequencies of {folder}"
    else:
        rng = random.Random(3)
        words = sorted({_syllables(rng, rng.randint(1, 3)) for _ in range(size)})
        rng.shuffle(words)
        weights = [1 / (r + 1) ** 1.07 for r in range(len(words))]
        source = "synthetic Zipf vocabulary"
    return Vocabulary(words, list(itertools.accumulate(weights)), source)


# -- the world: actors, issues, sites ----------------------------------------------------


class Zipf:
    """Draw ranks 0..n-1 with probability proportional to 1/(r+1)^s."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.n = n
        self.cum = list(itertools.accumulate(1 / (r + 1) ** s for r in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cum, rng.random() * self.cum[-1])


@dataclass(frozen=True, slots=True)
class ActorSpec:
    id: int
    name: str
    kind: str
    country: str | None
    title: str | None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass
class World:
    """Actors, issues and sites the articles are drawn from (deterministic for a seed)."""

    actors: list[ActorSpec]
    catalogue: list[tuple[str, str]]  # (slug, proposition)
    emergent: list[tuple[str, str, list[str]]]  # (slug, label, ways of writing the target)
    sites: list[tuple[str, str]]  # (name, host)
    actor_zipf: Zipf = field(repr=False)
    issue_zipf: Zipf = field(repr=False)
    emergent_zipf: Zipf = field(repr=False)
    site_zipf: Zipf = field(repr=False)


def actor_count(articles: int) -> int:
    """The population of actors grows with the archive (new names keep appearing)."""
    return 5_000 + articles // 8


def make_world(articles: int, vocab: Vocabulary, seed: int = 7) -> World:
    rng = random.Random(seed)
    n_actors = actor_count(articles)
    names: set[str] = set()
    specs: list[ActorSpec] = []
    states = [invented_name(rng, "state") for _ in range(60)]
    while len(specs) < n_actors:
        r = rng.random()
        kind = "person" if r < KINDS[0][1] else "organization" if r < 0.95 else "state"
        name = invented_name(rng, kind)
        if name in names:
            continue
        names.add(name)
        specs.append(ActorSpec(len(specs) + 1, name, kind, rng.choice(states),
                               rng.choice(TITLES) if kind == "person" else None))
    content = [w for w in vocab.rank_band(150, 3000) if w.isalpha()]  # slug-safe words
    catalogue = []
    for k in range(60):
        a, b = rng.sample(content, 2)
        catalogue.append((f"{a}-{b}-{k}", f"The {a} {b} should go ahead"))
    emergent = []
    for k in range(max(40, articles // 2000)):
        a, b, d = rng.sample(content, 3)
        emergent.append((f"e-{a}-{b}-{k}", f"{a} {b}",
                         [f"the {a} {b}", f"{a} of the {b}", f"a {d} {b} {a}"]))
    sites = []
    for k in range(400):
        word = _syllables(rng, 2)
        sites.append((f"{word.title()} {rng.choice(['Post', 'Herald', 'Wire', 'Times', 'Ledger', 'Review'])}",
                      f"{word}{k}.example"))
    return World(specs, catalogue, emergent, sites, Zipf(len(specs), 1.0), Zipf(len(catalogue), 0.9),
                 Zipf(len(emergent), 0.8), Zipf(len(sites), 0.8))


# -- one article ----------------------------------------------------------------------------

TABLES = {
    "stories": ("id", "title", "first_article_id", "article_count", "created_at", "updated_at"),
    "articles": ("id", "identity_key", "identity", "doc_id", "source", "url", "title", "author",
                 "site", "host", "published", "language", "story_id", "revision",
                 "current_revision_id", "content_hash", "sort_date", "story_lead", "first_seen",
                 "last_seen"),
    "article_revisions": ("id", "article_id", "revision", "content_hash", "title", "text",
                          "fetched_at"),
    "article_actors": ("article_id", "position", "revision_id", "actor_id", "local_id", "kind",
                       "country", "in_registry", "name", "title", "affiliation"),
    "actor_mentions": ("id", "article_id", "revision_id", "actor_id", "actor_position",
                       "position", "mention_text", "mention_start", "mention_end"),
    "events": ("id", "article_id", "revision_id", "position", "local_id", "kind", "plover",
               "mode", "place", "date", "date_granularity", "date_resolved",
               "date_expression_text", "date_expression_start", "date_expression_end",
               "evidence_text", "evidence_start", "evidence_end", "listing_date", "status"),
    "event_participants": ("event_id", "role", "position", "actor_id", "actor_name",
                           "listing_date"),
    "quotes": ("id", "article_id", "revision_id", "position", "local_id", "speaker_actor_id",
               "speaker_name", "speaker_local_id", "speaker_mention_text",
               "speaker_mention_start", "speaker_mention_end", "content_text", "content_start",
               "content_end", "direct", "cue_text", "cue_start", "cue_end", "event_local_id",
               "event_id", "sort_date"),
    "stances": ("id", "article_id", "revision_id", "position", "local_id", "issue",
                "proposition", "actor_id", "actor_name", "stance", "evidence_text",
                "evidence_start", "evidence_end", "quote_local_id", "quote_id", "date",
                "listing_date", "origin", "target_key", "target_text", "target_start",
                "target_end"),
}
#: Insert order (foreign keys).
ORDER = ("stories", "articles", "article_revisions", "article_actors", "actor_mentions",
         "events", "event_participants", "quotes", "stances")


class _Text:
    """Appends words and records the spans of what it wrote."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts)


def _sentence(words: list[str]) -> str:
    s = " ".join(words)
    return s[:1].upper() + s[1:]


def _poisson(rng: random.Random, mean: float, lo: int, hi: int) -> int:
    # Knuth's method: fine for small means
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            break
        k += 1
    return max(lo, min(hi, k))


@dataclass
class Ids:
    """The next id of each table (continuing a database that has rows)."""

    story: int = 1
    article: int = 1
    revision: int = 1
    mention: int = 1
    event: int = 1
    quote: int = 1
    stance: int = 1


class Generator:
    """Rows of ``count`` articles, deterministic for (seed, article number)."""

    def __init__(self, world: World, vocab: Vocabulary, total: int, years: float = 6.0,
                 seed: int = 7) -> None:
        self.world, self.vocab, self.total, self.seed = world, vocab, max(total, 1), seed
        self.days = int(365 * years)
        self.start = date(YEAR0, 1, 1)
        self.position: dict[tuple[int, str], str] = {}
        self.last_story: tuple[int, int, str] | None = None  # (story id, article id, title)

    def _words(self, rng: random.Random, k: int) -> list[str]:
        return self.vocab.sample(rng, k)

    def article(self, i: int, ids: Ids, out: dict[str, list[tuple]]) -> None:
        """Append the rows of article number ``i`` to ``out`` (table -> rows)."""
        w = self.world
        rng = random.Random(self.seed * 1_000_003 + i)
        day = self.start + timedelta(days=min(self.days, i * self.days // self.total + rng.randint(0, 2)))
        sort_date = day.isoformat()
        stamp = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59))
        site, host = w.sites[w.site_zipf.draw(rng)]
        n_cast = _poisson(rng, 4.0, 2, 12)
        cast_ids: list[int] = []
        while len(cast_ids) < n_cast:
            a = w.actor_zipf.draw(rng)
            if a not in cast_ids:
                cast_ids.append(a)
        cast = [w.actors[a] for a in cast_ids]
        aid, rid = ids.article, ids.revision
        ids.article += 1
        ids.revision += 1
        t = _Text()
        mentions: list[list[tuple[int, int, str]]] = [[] for _ in cast]

        def mention(k: int, full: bool) -> tuple[int, int]:
            name = cast[k].name if full or cast[k].kind != "person" else cast[k].surname
            span = t.add(name)
            mentions[k].append((*span, name))
            return span

        title_words = self._words(rng, rng.randint(5, 9))
        title = _sentence([cast[0].surname] + title_words)
        t.add(f"{host.split('.')[0].upper()}, {day:%B} {day.day} ({site}) - ")
        mention(0, True)
        t.add(" " + " ".join(self._words(rng, rng.randint(15, 30))) + ".\n")
        quotes, events, stances = [], [], []
        n_events = _poisson(rng, 2.0, 0, 8)
        for e in range(n_events):
            kind, plover, mode = rng.choice(EVENT_KINDS)
            k1, k2 = rng.sample(range(len(cast)), 2)
            back = rng.randint(0, 6)
            when = day - timedelta(days=back)
            start = t.pos
            mention(k1, True)
            t.add(f" held a {kind} with ")
            mention(k2, False)
            t.add(" on ")
            expr = t.add(WEEKDAYS[when.weekday()])
            t.add(".")
            evidence = (start, t.pos)
            resolved = rng.random() < 0.85
            listing = when.isoformat() if resolved else ""
            eid = ids.event
            ids.event += 1
            events.append((eid, aid, rid, e, f"e{e}", kind, plover, mode, None,
                           when.isoformat() if resolved else None, "day" if resolved else None,
                           resolved, WEEKDAYS[when.weekday()], expr[0], expr[1],
                           t.text()[evidence[0]:evidence[1]], evidence[0], evidence[1], listing,
                           "happened"))
            parts = [("actor", 0, cast[k1]), ("recipient", 0, cast[k2])]
            if rng.random() < 0.15 and len(cast) > 2:
                k3 = rng.choice([k for k in range(len(cast)) if k not in (k1, k2)])
                parts.append(("recipient", 1, cast[k3]))
            for role, pos, who in parts:
                out["event_participants"].append((eid, role, pos, who.id, who.name, listing))
            t.add(" " + _sentence(self._words(rng, rng.randint(10, 25))) + ".\n")
        n_quotes = _poisson(rng, 3.5, 0, 15)
        for q in range(n_quotes):
            k = 0 if q == 0 else min(int(rng.expovariate(0.6)), len(cast) - 1)
            speaker = cast[k]
            direct = rng.random() < 0.6
            body = self._words(rng, rng.randint(8, 30))
            if direct:
                t.add('"')
                content = t.add(_sentence(body))
                t.add(',"' + " ")
                m = mention(k, q == 0)
                t.add(" ")
                cue = t.add(rng.choice(CUES))
                t.add(". ")
            else:
                m = mention(k, True)
                t.add(" ")
                cue = t.add(rng.choice(CUES))
                t.add(" that ")
                content = t.add(" ".join(body))
                t.add(". ")
            text_so_far = t.text()
            qid = ids.quote
            ids.quote += 1
            quotes.append((qid, aid, rid, q, f"q{q}", speaker.id, speaker.name, f"a{cast_ids[k]}",
                           text_so_far[m[0]:m[1]], m[0], m[1], text_so_far[content[0]:content[1]],
                           content[0], content[1], direct, text_so_far[cue[0]:cue[1]], cue[0],
                           cue[1], None, None, sort_date))
            if rng.random() < 0.42:
                stances.append(self._stance(rng, ids, aid, rid, len(stances), speaker, qid, q,
                                            text_so_far[content[0]:content[1]], content, day))
            t.add(_sentence(self._words(rng, rng.randint(12, 40))) + ".\n")
        for k in range(len(cast)):
            if not mentions[k]:
                t.add(" ")
                mention(k, True)
                t.add(" " + " ".join(self._words(rng, rng.randint(6, 20))) + ".")
        for _ in range(rng.randint(1, 5)):
            t.add("\n" + _sentence(self._words(rng, rng.randint(20, 60))) + ".")
        text = t.text()
        chash = hashlib.md5(text.encode()).hexdigest()
        url = f"https://{host}/{day:%Y/%m}/{i}"
        # one article in twelve is a syndicated copy of the story before
        if self.last_story and rng.random() < 1 / 12:
            story_id, lead = self.last_story[0], False
            out["_story_grow"].append(story_id)
        else:
            story_id, lead = ids.story, True
            ids.story += 1
            out["stories"].append((story_id, title, aid, 1, stamp, stamp))
            self.last_story = (story_id, aid, title)
        identity_key = hashlib.sha256(url.encode()).hexdigest()[:32]
        out["articles"].append((aid, identity_key, url, f"gen-{i}", "bench", url, title,
                                None, site, host, sort_date, "en", story_id, 1, rid, chash,
                                sort_date, lead, stamp, stamp))
        out["article_revisions"].append((rid, aid, 1, chash, title, text, stamp))
        for k, who in enumerate(cast):
            out["article_actors"].append((aid, k, rid, who.id, f"a{cast_ids[k]}", who.kind,
                                          who.country, False, who.name, who.title, None))
            for mpos, (s, e, name) in enumerate(mentions[k]):
                out["actor_mentions"].append((ids.mention, aid, rid, who.id, k, mpos, name, s, e))
                ids.mention += 1
        out["events"].extend(events)
        out["quotes"].extend(quotes)
        out["stances"].extend(stances)

    def _stance(self, rng, ids: Ids, aid, rid, pos, who: ActorSpec, qid, q, evidence_text,
                evidence, day: date) -> tuple:
        w = self.world
        sid = ids.stance
        ids.stance += 1
        if rng.random() < 1 / 3:
            slug, label_text, ways = w.emergent[w.emergent_zipf.draw(rng)]
            target = rng.choice(ways)
            origin, target_key, issue, proposition = "open", f"open:s{sid}", slug, target
        else:
            slug, proposition = w.catalogue[w.issue_zipf.draw(rng)]
            origin, target_key, issue, target = "catalogue", None, slug, None
        key = (who.id, issue)
        label = self.position.get(key) or rng.choice(LABELS[:3])
        if rng.random() < 0.08:
            label = rng.choice(LABELS)
        self.position[key] = label
        return (sid, aid, rid, pos, f"s{pos}", issue, proposition, who.id, who.name, label,
                evidence_text, evidence[0], evidence[1], f"q{q}", qid, day.isoformat(),
                day.isoformat(), origin, target_key, target, None, None)


# -- writing --------------------------------------------------------------------------------


def _is_pg(url: str) -> bool:
    return url.startswith(("postgresql", "postgres"))


def _next_ids(conn) -> Ids:
    import sqlalchemy as sa

    def nxt(table: str, col: str = "id") -> int:
        return (conn.execute(sa.text(f"SELECT max({col}) FROM {table}")).scalar() or 0) + 1

    return Ids(story=nxt("stories"), article=nxt("articles"), revision=nxt("article_revisions"),
               mention=nxt("actor_mentions"), event=nxt("events"), quote=nxt("quotes"),
               stance=nxt("stances"))


def _world_rows(world: World, now: datetime) -> dict[str, list[tuple]]:
    from parley.world.identity import last_key

    return {
        "actors": [(a.id, a.name, a.kind, a.country, False, now, a.title, None, last_key(a.name))
                   for a in world.actors],
        "issues": ([(slug, prop, now, "catalogue", None) for slug, prop in world.catalogue]
                   + [(slug, label, now, "emergent", label) for slug, label, _ in world.emergent]),
        "issue_terms": [(f"{label.split()[0]}-{k}", slug)
                        for k, (slug, label, _) in enumerate(world.emergent)],
    }


WORLD_COLUMNS = {
    "actors": ("id", "name", "kind", "country", "in_registry", "first_seen", "title",
               "affiliation", "name_last"),
    "issues": ("slug", "proposition", "first_seen", "origin", "label"),
    "issue_terms": ("term", "slug"),
}


#: The GIN search indexes (``parley.store.migrations``; the word pairs' from there), dropped
#: during a load.
RUM_INDEX, RUM_PHRASE_INDEX = "ix_article_revisions_search_rum", "ix_article_revisions_phrase_rum"
GIN_INDEXES = {
    "ix_article_revisions_search":
        "CREATE INDEX IF NOT EXISTS ix_article_revisions_search ON article_revisions USING gin (search)",
    "ix_quotes_search": "CREATE INDEX IF NOT EXISTS ix_quotes_search ON quotes USING gin (search)",
    "ix_article_revisions_word_pairs": WORD_PAIRS_INDEX_DDL,
}


class PgWriter:
    def __init__(self, url: str) -> None:
        import psycopg

        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        self.conn = psycopg.connect(dsn, autocommit=False)
        # The search indexes (GIN, and RUM where installed) are dropped during the load and
        # built once at the end: one sorted build is several times faster than inserting row
        # by row. Which ones were dropped is written down in the same transaction as the
        # drop, so that a load interrupted and started again still builds them at its end.
        self.conn.execute("CREATE TABLE IF NOT EXISTS hub_gen_dropped (name text PRIMARY KEY)")
        dropped = {name for (name,) in self.conn.execute("SELECT name FROM hub_gen_dropped")}
        present = {name for (name,) in self.conn.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname = ANY(%s)", [[*GIN_INDEXES, RUM_INDEX, RUM_PHRASE_INDEX]])}
        for name in sorted(present):
            self.conn.execute(f"DROP INDEX {name}")
            self.conn.execute("INSERT INTO hub_gen_dropped VALUES (%s) ON CONFLICT DO NOTHING",
                              [name])
        todo = dropped | present
        self.gin = [name for name in GIN_INDEXES if name in todo]
        self.rum = self.conn.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'rum'").fetchone() if RUM_INDEX in todo else None
        self.rum_phrases = bool(self.rum) and RUM_PHRASE_INDEX in todo
        self.conn.execute("SET synchronous_commit = off")
        self.conn.commit()

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        with self.conn.cursor() as cur, cur.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def grow_stories(self, story_ids: list[int]) -> None:
        if story_ids:
            counts = Counter(story_ids)
            with self.conn.cursor() as cur:
                cur.executemany("UPDATE stories SET article_count = article_count + %s WHERE id = %s",
                                [(n, s) for s, n in counts.items()])

    def commit(self) -> None:
        self.conn.commit()

    def finish(self) -> None:
        with self.conn.cursor() as cur:
            for table in ("stories", "articles", "article_revisions", "actors", "actor_mentions",
                          "events", "quotes", "stances"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table}), 1))")
        self.conn.commit()
        self.conn.execute("SET maintenance_work_mem = '512MB'")
        self.conn.commit()
        for name in self.gin:
            self.conn.execute(GIN_INDEXES[name])
            self.conn.commit()
        if self.rum:
            from parley.store.migrations import RUM_INDEX_DDL, RUM_PHRASE_INDEX_DDL

            self.conn.execute(RUM_INDEX_DDL.format(schema=f'"{self.rum[0]}".'))
            self.conn.commit()
            if self.rum_phrases:
                self.conn.execute(RUM_PHRASE_INDEX_DDL.format(schema=f'"{self.rum[0]}".'))
                self.conn.commit()
        self.conn.execute("DROP TABLE hub_gen_dropped")
        self.conn.commit()
        self.conn.autocommit = True
        self.conn.execute("ANALYZE")
        self.conn.close()


class SqliteWriter:
    def __init__(self, path: str) -> None:
        import sqlite3

        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA cache_size=-200000")
        self.conn.execute("BEGIN")

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                              [tuple(_sqlite_value(v) for v in r) for r in rows])

    def grow_stories(self, story_ids: list[int]) -> None:
        counts = Counter(story_ids)
        self.conn.executemany("UPDATE stories SET article_count = article_count + ? WHERE id = ?",
                              [(n, s) for s, n in counts.items()])

    def commit(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.execute("BEGIN")

    def finish(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.execute("ANALYZE")
        self.conn.execute("PRAGMA optimize")
        self.conn.close()


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.000000")
    return v


def db_size(url: str) -> int:
    """Bytes the database takes (PostgreSQL: pg_database_size; SQLite: file + WAL)."""
    if _is_pg(url):
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def generate(url: str, count: int, *, batch: int = 2000, seed: int = 7, years: float = 6.0,
             final: int | None = None, progress: bool = True) -> dict[str, Any]:
    """Fill the database at ``url`` (PostgreSQL URL or SQLite path) up to ``count`` articles.

    ``final``: the size the archive is built towards (default ``count``). The actors, issues
    and the spread of dates are those of a ``final``-article archive, of which the first
    ``count`` articles are written: a build can stop at 200,000 (its dates then cover the
    first ``years * count / final`` years), be measured, and be extended later with the
    same ``final`` to the next size, each article drawn as in a build made in one go (only
    the generator's memory of positions and of the last story starts afresh).
    """
    import sqlalchemy as sa

    from parley.store import Store

    with Store.open(url) as store, store.engine.connect() as conn:  # creates the schema
        have = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
        ids = _next_ids(conn)
        has_world = conn.execute(sa.text("SELECT count(*) FROM actors")).scalar() > 0
        summarised = not have or conn.execute(sa.text("SELECT count(*) FROM actor_stats")
                                              ).scalar() > 0
        # a load stopped before its end (its indexes dropped, its summaries not rebuilt)
        unfinished = conn.dialect.name == "postgresql" and conn.execute(sa.text(
            "SELECT to_regclass('hub_gen_dropped') IS NOT NULL")).scalar()
    if have >= count:
        if unfinished:
            PgWriter(url).finish()
        if unfinished or not summarised:  # (or generated before the summaries were filled)
            rebuild_summaries(url)
        return {"articles": have, "generated": 0, "seconds": 0.0, "bytes": db_size(url)}
    total = max(count, final or count)
    vocab = load_vocabulary()
    world = make_world(total, vocab, seed)
    gen = Generator(world, vocab, total, years=years, seed=seed)
    writer = PgWriter(url) if _is_pg(url) else SqliteWriter(url)
    started = time.perf_counter()
    if not has_world:
        for table, rows in _world_rows(world, datetime(YEAR0, 1, 1)).items():
            writer.write(table, WORLD_COLUMNS[table], rows)
        writer.commit()
    rows_written = 0
    for first in range(have, count, batch):
        out: dict[str, list[tuple]] = {t: [] for t in (*ORDER, "_story_grow")}
        for i in range(first, min(count, first + batch)):
            gen.article(i, ids, out)
        for table in ORDER:
            writer.write(table, TABLES[table], out[table])
            rows_written += len(out[table])
        writer.grow_stories(out["_story_grow"])
        writer.commit()
        done = min(count, first + batch)
        if progress and (done // batch) % 10 == 0:
            elapsed = time.perf_counter() - started
            print(f"  {done:,} articles ({elapsed:.0f} s, {(done - have) / elapsed:,.0f}/s)",
                  flush=True)
    writer.finish()
    summarised = time.perf_counter()
    rebuild_summaries(url)
    seconds = time.perf_counter() - started
    size = db_size(url)
    return {"articles": count, "generated": count - have, "seconds": round(seconds, 1),
            "articles_per_s": round((count - have) / seconds), "rows": rows_written,
            "summaries_s": round(time.perf_counter() - summarised, 1),
            "bytes": size, "bytes_per_article": round(size / count), "vocabulary": vocab.source}


def rebuild_summaries(url: str) -> None:
    """Fill the summaries ``save`` keeps (the bulk rows bypass it), then refresh the
    statistics: ``VACUUM ANALYZE`` on PostgreSQL (as autovacuum would after a bulk load:
    without the visibility map, index-only scans read the heap), ``ANALYZE`` on SQLite."""
    from parley.store import Store, summaries

    with Store.open(url) as store:
        with store.engine.begin() as conn:
            summaries.rebuild(conn)
        with store.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.exec_driver_sql("VACUUM (ANALYZE)")
            else:
                for table in summaries.TABLES:
                    conn.exec_driver_sql(f"ANALYZE {table.name}")
            conn.commit()


def iter_sample_texts(url: str, n: int, seed: int = 5) -> Iterator[str]:  # pragma: no cover
    """Texts of ``n`` random stored articles (to pick phrase queries from)."""
    import sqlalchemy as sa

    from parley.store import Store

    with Store.open(url) as store, store.engine.connect() as conn:
        top = conn.execute(sa.text("SELECT max(id) FROM article_revisions")).scalar() or 0
        rng = random.Random(seed)
        for _ in range(n):
            rid = rng.randint(1, top)
            text = conn.execute(sa.text("SELECT text FROM article_revisions WHERE id = :i"),
                                {"i": rid}).scalar()
            if text:
                yield text


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/hub_gen.py", description=__doc__.split("\n")[0])
    p.add_argument("--db", required=True, help="PostgreSQL URL or SQLite path")
    p.add_argument("--articles", type=int, required=True)
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--years", type=float, default=6.0)
    p.add_argument("--final", type=int, help="size the world and dates for this many articles "
                   "(build part-way, measure, extend later with the same --final)")
    args = p.parse_args(argv)
    r = generate(args.db, args.articles, batch=args.batch, seed=args.seed, years=args.years,
                 final=args.final)
    print(", ".join(f"{k}={v}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())


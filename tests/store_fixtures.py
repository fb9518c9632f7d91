"""Fixtures and builders for the storage tests: a Store on SQLite and on PostgreSQL.

``store`` is parametrised over both backends: a fresh SQLite file in ``tmp_path``, and on
PostgreSQL a migrated schema of a database created for the test session, emptied before
each test (``PARLEY_TEST_PG``, default ``postgresql://postgres@127.0.0.1:5432/postgres``,
is used to create and drop that database). ``store_url`` gives a fresh *unmigrated*
database instead (a new schema on PostgreSQL, ``pg_url``), for migration and multi-process
tests. When the server is unreachable the PostgreSQL cases are skipped, unless
``PARLEY_REQUIRE_PG=1`` (CI), which makes them fail instead.

``build_analysis`` writes a hand-made ``Analysis`` (invented people and places) with
quotes, events and stances whose offsets are computed from the text it writes.
"""

from __future__ import annotations

import os
import random
import uuid
from urllib.parse import quote as urlquote

import pytest
import sqlalchemy as sa

from parley.model import Actor, Analysis, Article, DateRef, Event, Quote, Span, Speaker, Stance
from parley.store import Store

PG_ADMIN_URL = os.environ.get("PARLEY_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _pg_admin():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def pg_database() -> str:
    """A PostgreSQL database for this test session (dropped at the end); yields its URL."""
    try:
        admin = _pg_admin()
    except Exception as exc:  # any connection failure: no server here
        if os.environ.get("PARLEY_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL required (PARLEY_REQUIRE_PG) but unreachable: {exc}")
        pytest.skip(f"PostgreSQL server unreachable at {PG_ADMIN_URL}: {exc}")
    name = f"parley_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        # A new connection: test_faults_pg_restart restarts the server mid-session, which
        # ends any connection held open since the start.
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_pg_url(database_url: str) -> str:
    """A URL on a new, empty schema of ``database_url`` (set as the search path)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{database_url}?options={urlquote(f'-csearch_path={schema}')}"


def _drop_pg_schema(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS " + conn.execute("SELECT current_schema()").fetchone()[0]
                     + " CASCADE")


def _empty_pg_schema(url: str) -> None:
    """Delete every row (except the migration record) and restart the id sequences.

    Much cheaper than a new schema per test (which costs a migration, ~1 s here) or
    TRUNCATE (new files for every table, ~0.7 s); foreign keys are not checked meanwhile.
    """
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'parley_migrations'")]
        sequences = [r[0] for r in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")]
        conn.execute("SET LOCAL session_replication_role = replica")
        for table in tables:
            conn.execute(f'DELETE FROM "{table}"')
        for sequence in sequences:
            conn.execute(f'ALTER SEQUENCE "{sequence}" RESTART')


@pytest.fixture(scope="session")
def pg_store_url(pg_database) -> str:
    """A migrated PostgreSQL schema shared by the session (emptied before each test)."""
    url = fresh_pg_url(pg_database)
    Store.open(url).close()
    return url


@pytest.fixture
def pg_url(pg_database):
    """The URL of a fresh, empty (not migrated) PostgreSQL schema, dropped after the test."""
    url = fresh_pg_url(pg_database)
    yield url
    _drop_pg_schema(url)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """The URL of a fresh, empty (not migrated) database on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "parley.db")
        return
    yield request.getfixturevalue("pg_url")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """A migrated, empty ``Store``: a new SQLite file, then the emptied PostgreSQL schema."""
    if request.param == "sqlite":
        url = str(tmp_path / "parley.db")
    else:
        url = request.getfixturevalue("pg_store_url")
        _empty_pg_schema(url)
    with Store.open(url) as opened:
        yield opened


def count_rows(store, table) -> int:
    """The number of rows in ``table`` (a ``parley.store.schema`` table) of ``store``."""
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


# -- building analyses by hand -------------------------------------------------------------

PEOPLE = [
    ("Anna Volkova", "person", "Northland"),
    ("Tomas Brandt", "person", "Southmark"),
    ("Mira Okafor", "person", None),
    ("Jonas Ekwall", "person", "Northland"),
]
STATES = [("Northland", "state", "Northland"), ("Southmark", "state", "Southmark")]
ISSUES = [
    ("water-sharing", "Southmark should receive a fixed share of the Varn river's water"),
    ("border-crossings", "The northern border crossings should reopen"),
    ("prisoner-exchange", "Both sides should exchange all detained fishermen"),
]
#: A wire story (~120 words) for the near-duplicate tests: copies of it make one story.
WIRE = (
    "Delegations from Northland and Southmark met at the lakeside hotel in Harbourtown on "
    "Friday for a third round of talks on the Varn river. Anna Volkova, Northland's foreign "
    "minister, said the draft treaty still left farmers in the delta without water for the "
    "dry season, and that her government would not sign it in its current form. Tomas "
    "Brandt, the envoy from Southmark, told reporters that a fixed quota was the only way to "
    "protect the reservoir, and that engineers from both sides had surveyed the pumps in "
    "the spring. The mediator, Mira Okafor, said the next meeting would take place after "
    "the harvest and that observers from the Council of Lakes would monitor the crossings."
)
_FILLER = (
    "delegations harbour ferry treaty river valley drought season ministers council reporters "
    "hotel lakeside capital farmers pumps reservoir spring summit agenda draft clause annex "
    "observers mediator schedule convoy bridge checkpoint fishermen quota village delta rain "
    "ledger archive envoy cabinet parliament chamber motion budget grain harvest pipeline "
    "engineers survey monitors statement morning evening weekend meeting talks ceasefire"
).split()


class _Writer:
    """Append text while remembering where each piece landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _filler(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_FILLER) for _ in range(words)]
    return " ".join(chosen).capitalize() + ". "


def build_analysis(
    seed: int = 0, *, n_quotes: int = 10, n_events: int = 5, n_stances: int = 3,
    filler_words: int = 70, title: str | None = None, url: str | None = None,
    source: str | None = None, published: str = "2025-04-21", site: str | None = "Lakeside Post",
) -> Analysis:
    """A typical analysis (~600 words with the defaults), different for each ``seed``."""
    rng = random.Random(seed)
    w = _Writer()
    actors = {name: Actor(id=f"a{i}", name=name, kind=kind, country=country,
                          aliases=[name.split()[-1]] if kind == "person" else [],
                          in_registry=i % 2 == 0)
              for i, (name, kind, country) in enumerate(PEOPLE + STATES)}
    quotes, events, stances = [], [], []
    w.add(_filler(rng, 25))
    for i in range(n_events):
        a, b = rng.sample(PEOPLE, 2)
        s, _ = w.add("")
        w.add(f"{a[0]} met {b[0]} in Harbourtown ")
        ds, de = w.add("on Friday")
        _, e = w.add(". ")
        text_so_far = w.text
        date = DateRef(Span.of(text_so_far, ds, de), "2025-04-18") if i % 3 else DateRef(
            Span.of(text_so_far, ds, de), None, resolved=False)
        event = Event(id=f"e{i}", kind="meeting", plover="CONSULT",
                      evidence=Span.of(text_so_far, s, e - 1), actors=[a[0]],
                      recipients=[b[0]], mode="visit", place="Harbourtown", date=date)
        if i and hasattr(event, "event_id"):  # the model field is being added meanwhile
            event.event_id = "e0"
        events.append(event)
        actors[a[0]].mentions.append(Span.of(text_so_far, s, s + len(a[0])))
        w.add(_filler(rng, 20))
    for i in range(n_quotes):
        speaker = PEOPLE[i % len(PEOPLE)][0]
        w.add('"')
        c1 = w.add(f"We will not sign a treaty that leaves the {rng.choice(_FILLER)} dry")
        w.add(',"' + " ")
        ms, me = w.add(speaker)
        cs, ce = w.add(" said")
        w.add(', "')
        c2 = w.add(f"and we expect an answer by {rng.choice(['spring', 'summer', 'Monday'])}")
        w.add('." ')
        text_so_far = w.text
        segmented = i % 2 == 0
        content = Span.of_segments(text_so_far, [c1, c2]) if segmented else Span.of(text_so_far, *c1)
        quotes.append(Quote(
            id=f"q{i}", content=content, direct=True,
            speaker=Speaker(speaker, Span.of(text_so_far, ms, me), actors[speaker].id),
            cue=Span.of(text_so_far, cs + 1, ce), addressee="Southmark" if i % 3 == 0 else None,
            event_id=f"e{i % n_events}" if n_events and i % 4 == 0 else None,
        ))
        actors[speaker].mentions.append(Span.of(text_so_far, ms, me))
        w.add(_filler(rng, 12))
    for i in range(n_stances):
        slug, prop = ISSUES[i % len(ISSUES)]
        actor = PEOPLE[i % len(PEOPLE)][0]
        s, e = w.add(f"{actor} rejected the proposal on {slug.replace('-', ' ')}")
        w.add(". ")
        stances.append(Stance(id=f"s{i}", issue=slug, proposition=prop, actor=actor,
                              stance=["oppose", "support", "conditional"][i % 3],
                              evidence=Span.of(w.text, s, e),
                              quote_id=f"q{i}" if i < n_quotes else None, date=published))
    w.add(_filler(rng, filler_words))
    bs, be = w.add("Subscribe to the Lakeside Post newsletter for more.")
    text = w.text
    doc_id = f"doc-{seed}"
    article = Article(doc_id=doc_id, text=text, title=title or f"Varn river talks, day {seed}",
                      published=published, source=source or f"/news/{doc_id}.txt", url=url,
                      author="Lena Marsh", site=site, language="en", boilerplate=[(bs, be)])
    used = {n for n in actors if actors[n].mentions}
    return Analysis(doc_id=doc_id, article=article,
                    actors=[a for n, a in actors.items() if n in used], quotes=quotes,
                    events=events, stances=stances)


def simple_analysis(doc_id: str, text: str, *, title: str = "", published: str | None = None,
                    url: str | None = None, site: str | None = None,
                    quotes: list[tuple[str, str]] = (), stances: list[tuple[str, str, str]] = (),
                    actor_names: list[str] = ()) -> Analysis:
    """A small analysis: ``quotes`` as (speaker, content substring), ``stances`` as
    (actor, issue slug, evidence substring), ``actor_names`` mentioned somewhere."""
    built_quotes = []
    for i, (speaker, content) in enumerate(quotes):
        start = text.index(content)
        built_quotes.append(Quote(id=f"q{i}", content=Span.of(text, start, start + len(content)),
                                  direct=True, speaker=Speaker(speaker)))
    built_stances = []
    for i, (actor, slug, evidence) in enumerate(stances):
        start = text.index(evidence)
        built_stances.append(Stance(id=f"s{i}", issue=slug, proposition=f"proposition {slug}",
                                    actor=actor, stance="oppose",
                                    evidence=Span.of(text, start, start + len(evidence)),
                                    date=published))
    built_actors = []
    for i, name in enumerate(actor_names):
        mentions = [Span.of(text, text.index(name), text.index(name) + len(name))] if name in text else []
        built_actors.append(Actor(id=f"a{i}", name=name, mentions=mentions))
    article = Article(doc_id=doc_id, text=text, title=title or None, published=published,
                      source=f"/in/{doc_id}.txt", url=url, site=site)
    return Analysis(doc_id, article, built_actors, built_quotes, [], built_stances)


def save_ferry_talks(store) -> None:
    """Save one small article: two actors (Anna Volkova, Tomas Brandt), a quote of hers and
    his stance on water-sharing, published 2025-04-20 (the hub and mail tests' starting point)."""
    text = "Anna Volkova said the ferry deal is dead. Tomas Brandt disagreed about water."
    store.save_analysis(simple_analysis(
        "d1", text, title="Ferry talks", published="2025-04-20",
        quotes=[("Anna Volkova", "the ferry deal is dead")],
        stances=[("Tomas Brandt", "water-sharing", "disagreed about water")],
        actor_names=["Anna Volkova", "Tomas Brandt"]))

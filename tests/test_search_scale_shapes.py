"""Search plans for the shapes still slow at scale (issue 15, fifth session): on PostgreSQL
``speaker:``/``actor:``/``issue:`` filters read once into hash tables, or the rarest filter's
articles driving, chosen from ``pg_stats``. Every plan finds what the plain plans find, in
the same order with the same ranks; date ranges and phrases (whose plans did not change)
are checked alongside, on both backends (SQLite's plans are unchanged; its answers are
checked against the same expectations)."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from parley.store.search_stats import SearchStats
from store_fixtures import simple_analysis

#: Invented words (no stop words, one form each, so stemming cannot merge them).
COMMON, MIDDLE, RARE = "convoy", "tariff", "lighthouse"
FILLER = ["harbour", "ferry", "quay", "barge", "pier", "dock", "crane", "cargo"]
#: Speakers: three share the surname Ostrel (a "dense" surname), one is rare.
SPEAKERS = ["Marta Ostrel", "Ivo Ostrel", "Petra Ostrel", "Lidia Varga", "Orsi Talvik"]
ISSUES = ["river-toll", "grain-quota", "bridge-levy"]


def _reports(n: int = 72):
    rng = random.Random(5)
    for k in range(n):
        words = [rng.choice(FILLER) for _ in range(12)]
        if rng.random() < 0.7:
            words.insert(rng.randrange(12), COMMON)
        if rng.random() < 0.25:
            words.insert(rng.randrange(12), MIDDLE)
        if k % 17 == 3:
            words.insert(rng.randrange(12), RARE)
        speaker = SPEAKERS[0 if k % 9 == 0 else rng.randrange(4) if k % 7 else 4]
        said = " ".join(words[:4])
        text = f"{speaker} said {said}. " + " ".join(words[4:]) + "."
        month, day = 1 + (k * 11 // n), 1 + (k * 7) % 27
        issue = ISSUES[k % 3] if k % 2 else ISSUES[0]
        yield (f"r{k:03d}", f"2024-{month:02d}-{day:02d}", text, speaker, said, issue)


QUERIES = [
    f"{COMMON} speaker:Ostrel", f"{MIDDLE} speaker:Ostrel", f"{COMMON} speaker:Talvik",
    f"{RARE} speaker:Ostrel", f"{COMMON} speaker:\"Ivo Ostrel\"", f"{COMMON} issue:river-toll",
    f"{MIDDLE} issue:bridge-levy", f"{COMMON} issue:river-toll speaker:Varga",
    f"{COMMON} actor:Ostrel", f"{COMMON} speaker:Nobody",
    f"{COMMON} from:2024-03-01 to:2024-06-30", f"{MIDDLE} from:2024-02-01 to:2024-09-30",
    f"{RARE} from:2024-01-01 to:2024-12-31", f"{COMMON} from:2030-01-01 to:2030-02-01",
    f"{COMMON} -{MIDDLE} from:2024-04-01 to:2024-08-31",
    f"{MIDDLE} speaker:Ostrel from:2024-02-01 to:2024-10-31",
    '"harbour ferry"', '"harbour ferry" speaker:Ostrel', '"ferry quay" -tariff',
    f'"{COMMON} harbour" dock',
]


def _expected(query: str) -> set[str]:
    """The hits by hand (every match: the corpus is far below the ranking window)."""
    phrase = query.split('"')[1].split() if query.startswith('"') else []
    rest = query.split('"')[2] if phrase else query
    words = [w for w in rest.split() if ":" not in w and not w.startswith(("-", "Ostrel"))]
    excluded = [w[1:] for w in rest.split() if w.startswith("-")]
    found = set()
    for doc, day, text, speaker, _, issue in _reports():
        sequence = text.replace(".", " ").lower().split()
        tokens = set(sequence)
        if not all(w in tokens for w in words) or any(w in tokens for w in excluded):
            continue
        if phrase and not any(sequence[i:i + len(phrase)] == phrase
                              for i in range(len(sequence))):
            continue
        if "speaker:Ostrel" in query and not speaker.endswith("Ostrel"):
            continue
        if "actor:Ostrel" in query and not speaker.endswith("Ostrel"):
            continue
        if '"Ivo Ostrel"' in query and speaker != "Ivo Ostrel":
            continue
        if "speaker:Talvik" in query and speaker != "Orsi Talvik":
            continue
        if "speaker:Varga" in query and speaker != "Lidia Varga":
            continue
        if "speaker:Nobody" in query:
            continue
        if "issue:" in query and f"issue:{issue}" not in query:
            continue
        if "from:" in query:
            lo = query.split("from:")[1].split()[0]
            hi = query.split("to:")[1].split()[0]
            if not lo <= day <= hi:
                continue
        found.add(doc)
    return found


@pytest.fixture
def harbour_store(store):
    for doc, day, text, speaker, said, issue in _reports():
        store.save_analysis(simple_analysis(doc, text, published=day, quotes=[(speaker, said)],
                                            actor_names=[speaker],
                                            stances=[(speaker, issue, said)]))
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    _forget(store.engine)
    return store


def _forget(engine) -> None:
    for name in ("_parley_search_stats",):
        if hasattr(engine, name):
            delattr(engine, name)


def _hits(store, query: str) -> list[tuple[str, float]]:
    return [(h.article.doc_id, round(h.rank, 6)) for h in store.search(query, limit=100).items]


def _answers(store, queries=QUERIES) -> dict[str, list[tuple[str, float]]]:
    return {q: _hits(store, q) for q in queries}


def test_every_shape_finds_what_it_should(harbour_store):
    for query, hits in _answers(harbour_store).items():
        assert {d for d, _ in hits} == _expected(query), query
    assert any(_expected(q) for q in QUERIES[:3])  # the corpus exercises the filters
    assert all(_expected(q) for q in QUERIES if q.startswith('"'))  # and the phrases


def _statements(engine, run) -> list[str]:
    seen: list[str] = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", grab)
    try:
        out = run()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen, out


def _pg_with_rum(store):
    if store.engine.dialect.name != "postgresql":
        pytest.skip("these plans are PostgreSQL's (SQLite's are unchanged)")
    from parley.store import search

    with store.engine.connect() as conn:
        if not search.has_rum(conn):
            pytest.skip("RUM is not installed on this server: the plans need its ordered walk")
    return search


#: Each plan forced in turn (module attributes of parley.store.search): the same answers.
PLANS = {
    "per-match EXISTS": {"FILTER_HASH_SHARE": -1.0, "_COST_TEST_REVISION": 1e12},
    "hash tables": {"FILTER_HASH_SHARE": 1.0, "_COST_TEST_REVISION": 1e12},
    "rarest filter first": {"_COST_TEST_REVISION": 0.0},
}


def test_every_plan_gives_the_same_hits_and_ranks(harbour_store, monkeypatch):
    search = _pg_with_rum(harbour_store)
    engine = harbour_store.engine
    plain = {}
    with monkeypatch.context() as m:  # no statistics: the plans of the previous sessions
        m.setattr(search, "search_stats", lambda conn: SearchStats({}, {}, 0.0))
        plain = _answers(harbour_store)
    for query, hits in plain.items():
        assert {d for d, _ in hits} == _expected(query), query
    markers = {"per-match EXISTS": "EXISTS", "hash tables": "IS true",
               "rarest filter first": "drive AS MATERIALIZED"}
    for name, settings in PLANS.items():
        with monkeypatch.context() as m:
            for attr, value in settings.items():
                m.setattr(search, attr, value)
            seen, answers = _statements(engine, lambda: _answers(harbour_store))
        assert answers == plain, name
        assert any(markers[name] in s for s in seen), name


def test_the_hash_tables_are_hashed_subplans(harbour_store, monkeypatch):
    """``(article_id IN (…)) IS TRUE`` stays a hashed subplan (a join could be ordered
    badly; a plain subplan would run once per match)."""
    search = _pg_with_rum(harbour_store)
    monkeypatch.setattr(search, "_COST_TEST_REVISION", 1e12)
    engine = harbour_store.engine
    captured: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if "IS true" in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        harbour_store.search(f"{COMMON} speaker:Ostrel")
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    assert captured
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("EXPLAIN " + captured[0][0], captured[0][1])
        plan = "\n".join(r[0] for r in cur.fetchall())
    finally:
        raw.close()
    assert "hashed SubPlan" in plan


def test_a_filter_the_planner_would_not_hash_is_tested_per_match(harbour_store, monkeypatch):
    """The hash table is chosen only where the planner, by its own estimate, makes one: a
    filter it expects not to fit would be scanned again for every match (24 s at 1M), so
    however small the search's own (corrected) estimate, it is then an EXISTS test."""
    search = _pg_with_rum(harbour_store)
    monkeypatch.setattr(search, "_COST_TEST_REVISION", 1e12)  # no filter drives
    engine = harbour_store.engine
    query = f"{COMMON} speaker:Ostrel"

    def statements():
        seen, hits = _statements(engine, lambda: _hits(harbour_store, query))
        return [st for st in seen if "IS true" in st], hits

    hashed, hits = statements()
    assert hashed  # the planner's estimate fits: a hash table
    monkeypatch.setattr(SearchStats, "rows_with", lambda self, *a, **k: 1.0)
    monkeypatch.setattr(search, "_planned_rows", lambda conn, select: 1e9)
    tested, same = statements()
    assert not tested and same == hits


def test_statistics_estimates(harbour_store):
    if harbour_store.engine.dialect.name != "postgresql":
        pytest.skip("pg_stats is PostgreSQL's")
    from parley.store.search_stats import search_stats

    with harbour_store.engine.connect() as conn:
        stats = search_stats(conn)
        common = stats.revisions_matching("'convoy'")
        rare = stats.revisions_matching("'lighthous'")
        both = stats.revisions_matching("'convoy' & 'tariff'")
        ids = list(conn.execute(sa.text(
            "SELECT id FROM actors WHERE name LIKE '% Ostrel'")).scalars())
        ostrel = stats.rows_with("quotes", "speaker_actor_id", ids)
        nobody = stats.rows_with("quotes", "speaker_actor_id", [])
        # a phrase: its words' product, and the frequency of its pair (the index's stats)
        phrase = "'harbour' <-> 'ferri'"
        words_only = stats.revisions_matching(phrase)
        paired = stats.revisions_matching(phrase, ["harbour ferri"])
        held = conn.execute(sa.text(
            "SELECT count(*) FROM article_revisions"
            " WHERE parley_word_pairs(search) @> ARRAY['harbour ferri']")).scalar_one()
    assert held > 0
    assert paired < words_only and abs(paired - held) <= 0.25 * held
    n = 72
    assert 0.5 * n < common <= n and rare < common and both < common
    assert ostrel > 0.3 * n and nobody == 0
    assert stats.hash_rows > 10_000  # work_mem is at least 1 MB


def test_distinct_speakers_known_from_the_summaries_correct_the_sample():
    """ANALYZE's sample of a skewed column sees few of its values (200k generated articles:
    14,192 speakers where 62,189 spoke); an actor outside the most common ones then looks
    4-6 times as frequent as it is. The distinct count kept on save replaces a smaller
    one, never a larger."""
    from types import SimpleNamespace

    from parley.store.search_stats import _column

    row = SimpleNamespace(elems=None, vals=[str(i) for i in range(100)], freqs=[0.003] * 100,
                          n_distinct=14_192.0, null_frac=0.0, reltuples=700_000.0, bounds=None)
    sampled, counted = _column(row), _column(row, 62_189.0)
    assert sampled.rest == pytest.approx(0.7 / 14_092)
    assert counted.rest == pytest.approx(0.7 / 62_089)
    assert _column(row, 1_000.0).rest == sampled.rest
    assert counted.common == sampled.common


#: Words and phrases (with and without exclusions) the walk of the newest revisions serves.
WALKED = [COMMON, MIDDLE, f"{COMMON} {MIDDLE}", f"{COMMON} -{MIDDLE}", '"harbour ferry"',
          '"ferry quay" -tariff', f'"{COMMON} harbour" dock', "harbour", RARE]


def _walks(statement: str) -> bool:
    """Whether a statement is the walk of the newest revisions (a phrase's word pairs are
    tested with ``ts_match_vq`` too, but read from their index)."""
    return "ts_match_vq" in statement and "AS recent" in statement


def test_the_walk_of_the_newest_revisions_finds_what_the_index_finds(harbour_store, monkeypatch):
    """A common word's window read by walking the newest revisions (instead of RUM's sort of
    every match) holds the same articles with the same ranks; when the walk's bound is too
    short to fill the window, the index is read instead, with the same answers."""
    search = _pg_with_rum(harbour_store)
    engine = harbour_store.engine
    # A window of 8 (the corpus is far below the real one of 300), the walk never chosen.
    monkeypatch.setattr(search, "RANK_WINDOW", 8)

    def answers():
        return _answers(harbour_store, WALKED)

    with monkeypatch.context() as m:
        m.setattr(search, "RECENT_WALK_MAX", 0)
        seen, indexed = _statements(engine, answers)
    assert not any(map(_walks, seen))
    full = [q for q, hits in indexed.items() if len(hits) == 8]
    assert len(full) >= 5 and RARE not in full  # windows the walk can fill, and one it cannot
    with monkeypatch.context() as m:  # walked whenever the statistics allow it
        m.setattr(search, "_COST_WALK_REVISION", 0.0)
        m.setattr(search, "_COST_WALK_STEP", 0.0)
        m.setattr(search, "RECENT_WALK_MAX", 1000)
        seen, walked = _statements(engine, answers)
    assert walked == indexed
    assert sum(map(_walks, seen)) >= len(full)
    with monkeypatch.context() as m:  # a bound too short: the walk gives up, the index serves
        m.setattr(search, "_COST_WALK_REVISION", 0.0)
        m.setattr(search, "_COST_WALK_STEP", 0.0)
        m.setattr(search, "RECENT_WALK_MAX", 32)
        # the phrases' estimates without their pairs' statistics (the words' product: too
        # many), so that a walk is tried on them and falls short
        m.setattr(search, "has_word_pairs", lambda conn: False)
        gave_up = 0
        for q in WALKED:
            seen, hits = _statements(engine, lambda q=q: _hits(harbour_store, q))
            assert hits == indexed[q], q
            walked_at = [i for i, st in enumerate(seen) if _walks(st)]
            # after a walk that did not fill the window: the index's window (RUM or phrases)
            gave_up += bool(walked_at) and any("<=|" in st or "MATERIALIZED" in st
                                               for st in seen[walked_at[0] + 1:])
    assert gave_up >= 1


def test_a_walk_that_falls_short_goes_on_below(harbour_store, monkeypatch):
    """When the statistics overestimate the matches (so the first stretch of the walk is too
    short to fill the window), the walk goes on below in further stretches instead of
    giving way to the index, and finds the index's window, hits and ranks alike; past
    ``RECENT_WALK_MAX`` revisions it gives way after all."""
    search = _pg_with_rum(harbour_store)
    engine = harbour_store.engine
    monkeypatch.setattr(search, "RANK_WINDOW", 8)
    with monkeypatch.context() as m:
        m.setattr(search, "RECENT_WALK_MAX", 0)
        _, indexed = _statements(engine, lambda: _answers(harbour_store, WALKED))
    full = [q for q, hits in indexed.items() if len(hits) == 8]
    assert len(full) >= 5
    with engine.connect() as conn:
        stats_type = type(search.search_stats(conn))
    real = stats_type.revisions_matching
    # ten times the matches: the first stretch is a tenth of what the window needs
    monkeypatch.setattr(stats_type, "revisions_matching",
                        lambda self, *a, **k: None if (v := real(self, *a, **k)) is None else 10 * v)
    for name, value in (("_COST_WALK_REVISION", 0.0), ("_COST_WALK_STEP", 0.0)):
        monkeypatch.setattr(search, name, value)
    stretches = {}
    for q in full:
        seen, hits = _statements(engine, lambda q=q: _hits(harbour_store, q))
        assert hits == indexed[q], q
        stretches[q] = sum(map(_walks, seen))
        if stretches[q] > 1:  # went on below, and the index was not read after it
            assert not any("<=|" in st for st in seen), q
    assert sum(n > 1 for n in stretches.values()) >= 3, stretches
    monkeypatch.setattr(search, "RECENT_WALK_MAX", 2)
    for q in full:
        seen, hits = _statements(engine, lambda q=q: _hits(harbour_store, q))
        assert hits == indexed[q], q
        assert sum(map(_walks, seen)) <= 1, q


def test_a_range_read_from_the_index_finds_what_its_walk_finds(harbour_store, monkeypatch):
    """A date range's window read from the words' index (every match, the range tested on
    each) is the window of the walk along the range, hits and ranks alike."""
    search = _pg_with_rum(harbour_store)
    engine = harbour_store.engine
    ranged = [q for q in QUERIES if "from:" in q]
    assert len(ranged) >= 5

    def answers():
        return _answers(harbour_store, ranged)

    runs = {}
    for name, cost in (("walk", 1e12), ("index", 0.0)):
        with monkeypatch.context() as m:
            m.setattr(search, "_COST_INDEX_MATCH", cost)
            runs[name] = _statements(engine, answers)
    (walk_seen, walked), (index_seen, indexed) = runs["walk"], runs["index"]
    assert indexed == walked
    for query, hits in indexed.items():
        assert {d for d, _ in hits} == _expected(query), query
    # the walk of the range (words tested by ts_match_vq) and RUM between the range's
    # revision bounds (index scans off for that one read) were both taken
    assert any("ts_match_vq" in s for s in walk_seen)
    bounded = "SET LOCAL enable_indexscan = off"
    assert sum(bounded in s for s in index_seen) > sum(bounded in s for s in walk_seen)


def test_the_share_of_articles_in_a_date_range(harbour_store):
    if harbour_store.engine.dialect.name != "postgresql":
        pytest.skip("pg_stats is PostgreSQL's")
    from parley.store.search_stats import search_stats

    with harbour_store.engine.connect() as conn:
        stats = search_stats(conn)
        everything = stats.articles_between(None, None)
        spring = stats.articles_between("2024-03-01", "2024-05-31")
        later = stats.articles_between("2030-01-01", None)
    dates = [day for _, day, *_ in _reports()]
    actual = sum("2024-03-01" <= d <= "2024-05-31" for d in dates)
    assert everything == pytest.approx(len(dates), rel=0.05)
    assert 0.5 * actual <= spring <= 2.0 * actual + 3
    assert later <= 3


#: Phrases with and without other terms, filters and ranges: the word-pair plan's share.
PAIRED = ['"harbour ferry"', '"harbour ferry" speaker:Ostrel', '"ferry quay" -tariff',
          f'"{COMMON} harbour" dock', '"quay pier cargo"',
          '"quay harbour" from:2024-03-01 to:2024-09-30']
#: Phrases with stop words: PostgreSQL matches any word in their place ("pier of the
#: cargo": pier, two positions, cargo), which ``_expected`` does not model; the plans are
#: compared with each other only.
GAPPED = ['"pier of the cargo"', '"harbour of ferry"', '"dock in the quay" speaker:Ostrel']


def test_phrases_read_from_their_word_pairs_find_what_the_positions_find(harbour_store,
                                                                         monkeypatch):
    """A phrase's revisions read from the word-pair index (migration 13) are those the
    positional index finds: same hits, same ranks, filters, exclusions and ranges alike. A
    lone phrase of two words is decided by its pair; any other is tested on its positions."""
    search = _pg_with_rum(harbour_store)
    engine = harbour_store.engine
    queries = PAIRED + GAPPED
    seen, paired = _statements(engine, lambda: _answers(harbour_store, queries))
    pair_reads = [s for s in seen if "parley_word_pairs(article_revisions.search) @>" in s]
    assert len(pair_reads) == len(queries)
    # decided by the pair: '"harbour ferry"' (with a speaker, too), '"quay harbour"' in a
    # range (filters and ranges are tested on the article as in every plan), and the
    # gapped two-word phrases
    assert sum("ts_match_vq" not in s for s in pair_reads) == 3 + len(GAPPED)
    with monkeypatch.context() as m:
        m.setattr(search, "has_word_pairs", lambda conn: False)
        seen, positional = _statements(engine, lambda: _answers(harbour_store, queries))
    assert not any("parley_word_pairs(article_revisions.search)" in s for s in seen)
    assert paired == positional
    for query, hits in paired.items():
        if query in PAIRED:
            assert {d for d, _ in hits} == _expected(query), query
        assert hits, query


def test_word_pairs_are_the_keys_the_index_holds(harbour_store):
    """``search.word_pairs`` reads PostgreSQL's own phrase query (hyphens, apostrophes, stop
    words: gaps of two and three positions; four are beyond the keys) into the keys
    ``parley_word_pairs`` gives a text holding the phrase, and not all of them for the same
    words apart; a pair too long for a key is left out on both sides."""
    if harbour_store.engine.dialect.name != "postgresql":
        pytest.skip("the word-pair index is PostgreSQL's")
    from parley.store import search
    from parley.store.migrations import TS_CONFIG

    long_a, long_b = "q" * 250, "z" * 250
    phrases = {"O'Brien said": ["brien said", "o brien"], "cease-fire talks": 3,
               "Ministry of Defence council": ["defenc council", "ministri 2 defenc"],
               "Gulf of Aden": ["gulf 2 aden"], "Strait of the Hormuz": ["strait 3 hormuz"],
               "war and all of the others": [],
               "Red-Sea shipping lanes": 4, f"{long_a} {long_b}": []}
    with harbour_store.engine.connect() as conn:
        for phrase, want in phrases.items():
            chain = conn.execute(sa.text("SELECT phraseto_tsquery(:c, :p)::text"),
                                 {"c": TS_CONFIG, "p": phrase}).scalar_one()
            pairs = search.word_pairs([chain])
            if isinstance(want, int):
                assert len(pairs) == want, (phrase, chain, pairs)
            else:
                assert pairs == want, (phrase, chain)
            for text, holds in ((f"Earlier words. {phrase} and later ones.", True),
                                 (" then ".join(reversed(phrase.split())), False)):
                keys, matched = conn.execute(sa.text(
                    "SELECT parley_word_pairs(to_tsvector(:c, :t)),"
                    " to_tsvector(:c, :t) @@ phraseto_tsquery(:c, :p)"),
                    {"c": TS_CONFIG, "t": text, "p": phrase}).one()
                assert matched == holds, (phrase, text)
                assert (set(pairs) <= set(keys)) == (holds or not pairs), phrase
            assert all(len(k.encode()) < 401 for k in keys)


def test_lexemes_read_as_postgresql_quotes_them(harbour_store):
    """The statistics and the word-pair keys read lexemes out of PostgreSQL's text of a
    query; a quote (doubled) and a backslash (escaped) in a lexeme come back as written."""
    if harbour_store.engine.dialect.name != "postgresql":
        pytest.skip("the text is PostgreSQL's")
    from parley.store import search_stats

    written = ["o'brien", "a\\b", "x'\\'y", "plain"]
    with harbour_store.engine.connect() as conn:
        as_text = conn.execute(sa.text("SELECT array_to_tsvector(:w)::text"),
                               {"w": written}).scalar_one()
        chain = conn.execute(sa.text("SELECT tsquery_phrase(CAST(:a AS tsquery), CAST(:b AS tsquery))::text"),
                             {"a": as_text.split(" ")[0], "b": as_text.split(" ")[1]}).scalar_one()
    assert sorted(search_stats._lexemes(as_text)) == sorted(written)
    assert search_stats._lexemes(chain) == ["a\\b", "o'brien"]

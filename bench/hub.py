"""Web hub latency on a large database, and what the store costs on top of the analysis.

Usage: .venv/bin/python bench/hub.py [--quick] [--articles N] [--requests N] [--db PATH]
       [--corpus DIR] [--ingest-articles N] [--ingest-into-db] [--writer MODE]
       [--write-ahead N] [--batch-size N]
       [--sections LIST] [--json]

Sections, in order:

build    generate ``--articles`` articles (default 20,000) from templates: invented states,
         people, outlets and issues, with quotes, events and stances (a third of them open
         stances on questions written three ways) built directly as
         ``parley.model`` records (no spaCy), and save them through ``Store.save_analysis``.
         A ``--db`` that already holds enough articles is reused.
latency  start ``parley serve`` on that database in a subprocess and time, with a real HTTP
         client, ``--requests`` sequential requests per page (after a warm-up): home,
         article, actor, issue, emergent issue (open stances grouped by parley.world),
         search, and each one's JSON twin. p50 and p95 per page;
         the target is p95 < 150 ms for every page.
ingest   the same texts analysed by ``analyze_articles`` alone (bare) and analysed then
         saved into a fresh store (ingest), interleaved; ratio = ingest throughput / bare
         throughput (target >= 0.8: the store adds little). Saved as ``parley ingest``
         saves: in a writer process, beside the analysis (``--writer process,thread,inline``
         times each mode in the same interleaving).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find _common

import _common as c  # noqa: E402
from parley.ingest.runner import BATCH_SIZE  # noqa: E402
from parley.ingest.writer import MODES, WRITE_AHEAD, Writer  # noqa: E402
from parley.model import (  # noqa: E402
    Actor,
    Analysis,
    Article,
    DateRef,
    Event,
    Quote,
    Span,
    Speaker,
    Stance,
    stable_id,
)

SECTIONS = ("build", "latency", "ingest")
TARGET_P95_MS = 150.0
TARGET_INGEST_RATIO = 0.8

# -- the invented world the articles are generated from ----------------------------------

STATES = {
    "Ostrand": ("Brennholm", [("Ansel Brekke", "President"), ("Maren Tolvik", "Foreign Minister"),
                              ("Ivo Rask", "government spokesman"), ("Greta Solum", "Defence Minister")]),
    "Pellmark": ("Askeby", [("Piet Hollum", "Prime Minister"), ("Dana Kovar", "Foreign Minister"),
                            ("Sigrid Aune", "chief negotiator"), ("Jens Ottar", "Trade Minister")]),
    "Varessa": ("Lorcano", [("Tomas Ferrant", "President"), ("Lia Maro", "Foreign Minister"),
                            ("Emil Savas", "envoy"), ("Nora Vell", "Interior Minister")]),
    "Lindqvar": ("Havnes", [("Hanne Vogt", "Chancellor"), ("Oskar Lind", "Foreign Minister"),
                            ("Rosa Tiel", "mediator"), ("Karl Brun", "Finance Minister")]),
    "Serekh": ("Amul", [("Yara Demir", "President"), ("Tarek Sol", "Foreign Minister"),
                        ("Idris Kaan", "spokesman"), ("Mina Ro", "ambassador")]),
}
ISSUES = {
    "harbour-reopening": ("The harbour of Velmora should reopen", "the harbour"),
    "border-patrols": ("Joint border patrols should begin", "joint patrols"),
    "fishing-quotas": ("Fishing quotas should be shared", "the fishing quotas"),
    "prisoner-release": ("Detained crews should be released", "the detained crews"),
    "pipeline-transit": ("The transit pipeline should reopen", "the pipeline"),
    "ceasefire-monitors": ("Ceasefire monitors should be deployed", "the monitors"),
}
#: Questions no catalogue knows, each written several ways (open stances, emergent issues).
OPEN_QUESTIONS = {
    "ferry-tolls": ["lower ferry tolls on the strait", "cutting the strait ferry tolls",
                    "the toll cut for strait ferries"],
    "observer-mission": ["an observer mission on the islands", "observers on the islands",
                         "sending monitors to the islands"],
    "grain-corridor": ["a grain corridor through the strait", "grain shipments through the strait",
                       "the corridor for grain ships"],
}
OPEN_SHARE = 0.35
LABELS = ("support", "oppose", "conditional", "unclear")
SITES = ["Estuary Gazette", "Northern Ledger", "Harbour Wire", "Valley Courier",
         "Strait Monitor", "Capital Post", "Coast Herald", "Meridian Review"]
PLACES = ["Velmora", "Skellig Point", "the Granite Hall", "Lake Orsa", "Fennick Castle",
          "the Amber Palace", "Port Cairn", "Tessaly"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NOUNS = ["talks", "proposal", "agreement", "deadline", "delegation", "draft", "timetable",
         "guarantee", "inspection", "convoy", "treaty", "framework", "summit", "statement",
         "patrol", "quota", "corridor", "exchange", "roadmap", "committee", "tariff", "ferry"]
ADJECTIVES = ["new", "final", "joint", "fragile", "revised", "binding", "interim", "partial",
              "regional", "costly", "early", "late", "open", "secret", "formal", "cautious"]
VERBS = ["will review", "cannot accept", "is ready to sign", "wants to amend", "will not delay",
         "must examine", "hopes to finish", "intends to publish", "refuses to discuss",
         "has asked to extend"]
EVENT_KINDS = [("meeting", "CONSULT", None), ("call", "CONSULT", "call"),
               ("visit", "CONSULT", "visit"), ("criticism", "DISAPPROVE", None),
               ("demand", "DEMAND", None), ("rejection", "REJECT", None)]


@dataclasses.dataclass(frozen=True)
class Person:
    name: str
    role: str
    state: str

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


PEOPLE = [Person(n, r, s) for s, (_, ps) in STATES.items() for n, r in ps]


class _Writer:
    """Appends text and records the spans of what it wrote."""

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


def _phrase(rng: random.Random, n: int) -> str:
    """A sentence of invented diplomatic speech, varied enough not to look syndicated."""
    words = []
    for _ in range(n):
        words.append(f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(VERBS)} "
                     f"the {rng.choice(NOUNS)} of {rng.choice(PLACES)} before "
                     f"{rng.choice(WEEKDAYS)} {rng.randint(1, 28)} {_plural(rng.choice(NOUNS))}")
    return ", and ".join(words)


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class ArticleFactory:
    """Deterministic generator of realistic ``Analysis`` records (seeded)."""

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed
        self.start = date(2023, 1, 2)
        # each (person, issue) keeps a position that changes now and then
        self.position: dict[tuple[str, str], str] = {}

    def analysis(self, i: int) -> Analysis:
        rng = random.Random(self.seed * 1_000_003 + i)
        day = self.start + timedelta(days=i * 900 // max(1, self._total) + rng.randint(0, 3))
        site = rng.choice(SITES)
        cast = rng.sample(PEOPLE, 4)
        slug = rng.choice(list(ISSUES))
        w = _Writer()
        title = (f"{cast[0].surname} and {cast[1].surname} discuss {ISSUES[slug][1]} "
                 f"as {rng.choice(NOUNS)} {rng.choice(['stalls', 'advances', 'resumes'])} ({i})")
        w.add(f"{STATES[cast[0].state][0].upper()}, {day:%B} {day.day} ({site}) - ")
        quotes, mentions, stances, events = [], {}, [], []
        for k, speaker in enumerate(cast[:3] + [cast[0]]):
            direct = k % 2 == 0
            if direct:
                w.add('"')
                content = w.add(_sentence(_phrase(rng, rng.randint(1, 2))))
                w.add(',"' + " ")
                mention = w.add(speaker.name if k == 0 else speaker.surname)
                w.add(f" said on {rng.choice(WEEKDAYS)}. ")
            else:
                mention = w.add(speaker.name)
                w.add(f", the {speaker.role} of {speaker.state}, told reporters that ")
                content = w.add(_phrase(rng, 1))
                w.add(". ")
            qid = stable_id(i, k, prefix="q")
            quotes.append(Quote(qid, Span.of(w.text, *content), direct,
                                Speaker(speaker.name, Span.of(w.text, *mention), f"a{speaker.name}"),
                                cue=None))
            mentions.setdefault(speaker.name, []).append(Span.of(w.text, *mention))
            if k < 3 and rng.random() < 0.6:
                stances.append(self._stance(rng, i, k, speaker, slug if k == 0 else
                                            rng.choice(list(ISSUES)), quotes[-1], day))
            w.add(_sentence(_phrase(rng, 1)) + ".\n")
        for k in range(rng.randint(1, 3)):
            events.append(self._event(rng, w, i, k, cast, day))
            w.add(" " + _sentence(_phrase(rng, 1)) + ".\n")
        w.add(f"Reporting by {rng.choice(['A. Mero', 'T. Lask', 'P. Orn'])}; {site} desk {i}.")
        text = w.text
        article = Article(doc_id=f"hub-{i}", text=text, title=title, published=day.isoformat(),
                          source=f"bench-{i}", url=f"https://{site.split()[0].lower()}.example/{day}/{i}",
                          site=site, language="en")
        actors = [Actor(f"a{p.name}", p.name, "person", p.state, [], mentions.get(p.name, []), True)
                  for p in cast]
        return Analysis(article.doc_id, article, actors, quotes, events, stances)

    def _stance(self, rng, i, k, who: Person, slug: str, quote: Quote, day: date) -> Stance:
        question = rng.choice(list(OPEN_QUESTIONS)) if rng.random() < OPEN_SHARE else None
        key = (who.name, question or slug)
        label = self.position.get(key) or rng.choice(LABELS[:3])
        if rng.random() < 0.08:
            label = rng.choice(LABELS)
        self.position[key] = label
        sid = stable_id(i, k, prefix="s")
        if question:
            return Stance(sid, f"open:{sid}", rng.choice(OPEN_QUESTIONS[question]), who.name,
                          label, quote.content, quote.id, day.isoformat(), origin="open")
        return Stance(sid, slug, ISSUES[slug][0], who.name, label, quote.content, quote.id,
                      day.isoformat())

    def _event(self, rng, w: _Writer, i, k, cast, day: date) -> Event:
        kind, plover, mode = rng.choice(EVENT_KINDS)
        a, b = rng.sample(cast, 2)
        place = rng.choice(PLACES)
        back = rng.randint(0, 6)
        when = day - timedelta(days=back)
        start = w.pos
        w.add(f"{a.name} held a {kind} with {b.name} in {place} on ")
        expr = w.add(WEEKDAYS[when.weekday()])
        w.add(".")
        evidence = Span.of(w.text, start, w.pos)
        return Event(stable_id(i, k, prefix="e"), kind, plover, evidence, [a.name], [b.name],
                     mode, place, DateRef(Span.of(w.text, *expr), when.isoformat()))

    _total = 20_000

    def stream(self, count: int, first: int = 0) -> Iterator[Analysis]:
        """``count`` analyses, numbered from ``first``."""
        self._total = max(count, 1)
        for i in range(first, count):
            yield self.analysis(i)


# -- build --------------------------------------------------------------------------------


def build(db: str, count: int) -> dict[str, Any]:
    """Fill ``db`` with ``count`` generated articles (resuming a partial build)."""
    from parley.store import Store

    with Store.open(db) as store:
        have = _count_articles(store)
        started = time.perf_counter()
        factory = ArticleFactory()
        statuses: dict[str, int] = {}
        for n, analysis in enumerate(factory.stream(count, have), have + 1):
            result = store.save_analysis(analysis, url=analysis.article.url)
            statuses[result.status] = statuses.get(result.status, 0) + 1
            if n % 2000 == 0:
                print(f"  {n:,} articles saved ({time.perf_counter() - started:.0f} s)", flush=True)
        seconds = time.perf_counter() - started
        total = _count_articles(store)
    return {"articles": total, "generated": count - have, "seconds": round(seconds, 1),
            "statuses": statuses}


def _count_articles(store) -> int:
    import sqlalchemy as sa

    from parley.store.schema import articles

    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()


# -- latency ------------------------------------------------------------------------------


def _sample_urls(db: str, n: int, seed: int = 11) -> dict[str, list[str]]:
    """``n`` URLs per page kind, spread over the database (same seed, same URLs)."""
    import sqlalchemy as sa

    from parley.store import Store
    from parley.store.schema import actors, articles

    rng = random.Random(seed)
    with Store.open(db) as store, store.engine.connect() as conn:
        article_ids = conn.execute(sa.select(articles.c.id)).scalars().all()
        from parley.store.schema import issues

        emergent = conn.execute(sa.select(issues.c.slug).where(issues.c.origin == "emergent")
                                .order_by(issues.c.slug)).scalars().all()
        actor_ids = conn.execute(sa.select(actors.c.id)).scalars().all()
        cursors = [None] + [store.latest(limit=20, before=None).next]
    words = NOUNS + ADJECTIVES + [p.surname for p in PEOPLE]
    searches = []
    for _ in range(n):
        shape = rng.randrange(5)
        word = rng.choice(words)
        if shape == 0:
            searches.append(word)
        elif shape == 1:
            searches.append(f'"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"')
        elif shape == 2:
            searches.append(f"{word} -{rng.choice(NOUNS)}")
        elif shape == 3:
            searches.append(f"{word} speaker:{rng.choice(PEOPLE).surname}")
        else:
            searches.append(f"{word} issue:{rng.choice(list(ISSUES))} from:2023-06 to:2024-06")
    from urllib.parse import quote

    return {
        "home": [("/" if rng.random() < 0.7 or not cursors[1] else f"/?before={cursors[1]}")
                 for _ in range(n)],
        "article": [f"/articles/{rng.choice(article_ids)}" for _ in range(n)],
        "actor": [f"/actors/{rng.choice(actor_ids)}" for _ in range(n)],
        "issue": [f"/issues/{rng.choice(list(ISSUES))}" for _ in range(n)],
        **({"emergent issue": [f"/issues/{rng.choice(emergent)}" for _ in range(n)]}
           if emergent else {}),
        "search": [f"/search?q={quote(s)}" for s in searches],
    }


def _twin(url: str) -> str:
    path, _, query = url.partition("?")
    path = "/index" if path == "/" else path
    return f"{path}.json" + (f"?{query}" if query else "")


def latency(db: str, requests: int) -> dict[str, Any]:
    """p50/p95 (ms) per page and JSON twin over ``requests`` sequential requests each."""
    import httpx

    urls = _sample_urls(db, requests)
    results: dict[str, Any] = {}
    with c.serve_hub(db, "bench") as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            for name, page_urls in urls.items():
                for variant, make in (("html", lambda u: u), ("json", _twin)):
                    for u in page_urls[: max(5, requests // 10)]:  # warm-up
                        client.get(make(u))
                    times, errors = [], 0
                    for u in page_urls:
                        t = time.perf_counter()
                        r = client.get(make(u))
                        times.append((time.perf_counter() - t) * 1000)
                        errors += r.status_code >= 500 or r.status_code == 404
                    results[f"{name} {variant}"] = {
                        "p50_ms": round(statistics.median(times), 1),
                        "p95_ms": round(c.percentile(times, 0.95), 1),
                        "max_ms": round(max(times), 1), "errors": errors, "n": len(times)}
    return results


# -- ingest ratio -------------------------------------------------------------------------


def _texts(corpus: str | None, count: int) -> list[Article]:
    folder = Path(corpus) if corpus else c.DEFAULT_CORPUS
    if not folder.is_dir():
        folder = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "world" / "articles"
    base = c.load_articles(folder, limit=count)
    return list(c.cycle_articles(base, count))


def ingest_ratio(corpus: str | None, count: int, repeat: int,
                 into: str | None = None, writers: tuple[str, ...] = ("process",),
                 write_ahead: int = WRITE_AHEAD, batch_size: int = BATCH_SIZE) -> dict[str, Any]:
    """Analysis alone vs analysis + save, same texts, interleaved. The saves go into a
    fresh store each run, or with ``into`` into that database (a large archive: its index
    maintenance counted), each run's copies with ids of their own so that every save is a
    new article (a near-duplicate of an earlier run's joins its story, a full save still).
    Saved as ``parley ingest`` saves, through ``parley.ingest.writer.Writer``: each mode of
    ``writers`` is a run of its own in the interleaving (the first, a process by default,
    gives the top-level figures; ``by_writer`` has them all); ``write_ahead`` analyses
    queued. Both sides analyse in batches of ``batch_size``, ``parley ingest``'s default."""
    from parley.nlp.pipeline import analyze_articles, load_pipeline
    from parley.store import Store

    texts = _texts(corpus, count)
    nlp = load_pipeline()
    c.consume(analyze_articles(texts[:4], nlp))  # warm the pipeline up
    tmp = tempfile.mkdtemp(prefix="parley-bench-ingest-")
    runs = {"n": 0}
    tag = f"bench-ingest-{os.getpid()}-{int(time.time())}"

    def bare() -> None:
        c.consume(analyze_articles(texts, nlp, batch_size=batch_size))

    def ingest(writer: str) -> None:
        runs["n"] += 1
        target = into or os.path.join(tmp, f"ingest-{runs['n']}.db")
        batch = [dataclasses.replace(a, doc_id=f"{a.doc_id}@{tag}-{runs['n']}") for a in texts]
        with Store.open(target) as store, Writer(store, mode=writer,
                                                  depth=write_ahead) as saving:
            for analysis in analyze_articles(batch, nlp, batch_size=batch_size):
                saving.put(analysis)

    timings = c.alternate({"bare": bare, **{w: (lambda w=w: ingest(w)) for w in writers}},
                          repeat)
    bare_walls = c.walls(timings["bare"])
    bare_s = c.median(bare_walls)
    chars = c.total_chars(texts)
    by_writer = {}
    for w in writers:
        walls = c.walls(timings[w])
        ingest_s = c.median(walls)
        by_writer[w] = {"ingest_s": round(ingest_s, 2), "ratio": round(bare_s / ingest_s, 3),
                        "ratio_per_repeat": [round(b / i, 3) for b, i in zip(bare_walls, walls,
                                                                            strict=True)],
                        "ingest_chars_per_s": round(chars / ingest_s)}
    first = by_writer[writers[0]]
    return {"articles": len(texts), "chars": chars, "bare_s": round(bare_s, 2),
            "writer": writers[0], "ingest_s": first["ingest_s"], "ratio": first["ratio"],
            "bare_chars_per_s": round(chars / bare_s),
            "ingest_chars_per_s": first["ingest_chars_per_s"], "by_writer": by_writer}


# -- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/hub.py", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="2,000 articles, 60 requests, 1 repeat")
    p.add_argument("--articles", type=int, help="articles in the database (default 20,000)")
    p.add_argument("--requests", type=int, help="timed requests per page (default 200)")
    p.add_argument("--db", help="database to build or reuse (default: a temporary file)")
    p.add_argument("--corpus", help="texts for the ingest ratio (default: PolNeAR dev)")
    p.add_argument("--ingest-articles", type=int, help="texts for the ingest ratio (default 60)")
    p.add_argument("--repeat", type=int, help="ingest ratio repeats (default 3)")
    p.add_argument("--ingest-into-db", action="store_true", help="the ingest ratio saves into "
                   "--db (e.g. a 200k archive built by bench/hub_gen.py: index maintenance at "
                   "that size counted; each run adds --ingest-articles articles to it) instead "
                   "of a fresh store per run")
    p.add_argument("--writer", default="process",
                   help="where the ingest's saves run: a comma-separated list of "
                   f"{', '.join(MODES)}, each timed in the interleaving (default: process, as "
                   "`parley ingest`; inline: as parley saved before the writer); the first "
                   "one's ratio is the one checked against the target")
    p.add_argument("--write-ahead", type=int, default=WRITE_AHEAD,
                   help=f"analyses queued for the writer (default {WRITE_AHEAD})")
    p.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                   help=f"spaCy batch of both sides of the ingest ratio (default {BATCH_SIZE}, "
                   "as parley ingest)")
    p.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated sections")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    args = p.parse_args(argv)
    args.articles = args.articles or (2000 if args.quick else 20_000)
    args.requests = args.requests or (60 if args.quick else 200)
    args.ingest_articles = args.ingest_articles or (16 if args.quick else 60)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        c.fail(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    if args.articles < 10 or args.requests < 1:
        c.fail("--articles must be at least 10 and --requests at least 1")
    args.writer = tuple(w.strip() for w in args.writer.split(",") if w.strip())
    if not args.writer or set(args.writer) - set(MODES) or len(set(args.writer)) < len(args.writer):
        c.fail(f"--writer: distinct modes among {', '.join(MODES)}")
    if args.write_ahead < 1 or args.batch_size < 1:
        c.fail("--write-ahead and --batch-size must be at least 1")
    if args.ingest_into_db and not args.db:
        c.fail("--ingest-into-db needs --db (the database the saves go into)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = args.db or os.path.join(tempfile.mkdtemp(prefix="parley-bench-hub-"), "hub.db")
    out: dict[str, Any] = {"db": db}
    if "build" in args.sections or "latency" in args.sections:
        c.section(f"build: {args.articles:,} generated articles into {db}")
        out["build"] = build(db, args.articles)
        print(f"{out['build']['articles']:,} articles ({out['build']['generated']:,} generated "
              f"in {out['build']['seconds']} s)")
    ok = True
    if "latency" in args.sections:
        c.section(f"latency: {args.requests} sequential requests per page (ms)")
        out["latency"] = latency(db, args.requests)
        rows = []
        for name, r in out["latency"].items():
            good = r["p95_ms"] < TARGET_P95_MS and not r["errors"]
            ok &= good
            rows.append((name, r["p50_ms"], r["p95_ms"], r["max_ms"], r["errors"],
                         "ok" if good else "SLOW"))
        print(c.table(["page", "p50", "p95", "max", "errors", f"p95<{TARGET_P95_MS:.0f}"], rows))
    if "ingest" in args.sections:
        c.section(f"ingest: analyse vs analyse + save ({args.ingest_articles} texts, "
                  f"{args.repeat} repeats, saved into "
                  + (f"{db})" if args.ingest_into_db else "a fresh store each run)"))
        r = out["ingest"] = ingest_ratio(args.corpus, args.ingest_articles, args.repeat,
                                         args.db if args.ingest_into_db else None,
                                         args.writer, args.write_ahead, args.batch_size)
        print(c.table(["run", "seconds", "chars/s", "ratio", "per repeat"], [
            ("bare analysis", r["bare_s"], f"{r['bare_chars_per_s']:,}", "", "")] + [
            (f"analysis + store ({w} writer)", m["ingest_s"], f"{m['ingest_chars_per_s']:,}",
             f"{m['ratio']:.3f}", " ".join(f"{x:.2f}" for x in m["ratio_per_repeat"]))
            for w, m in r["by_writer"].items()]))
        print(f"ratio ingest/bare throughput ({r['writer']} writer): {r['ratio']:.3f} "
              f"(target >= {TARGET_INGEST_RATIO})")
        ok &= r["ratio"] >= TARGET_INGEST_RATIO
    if args.json:
        c.dump_json(out)
    return 0 if ok else 1


if __name__ == "__main__":
    c.run_bench(main)

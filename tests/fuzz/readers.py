"""Coverage-guided fuzzing of parley's readers with atheris (libFuzzer for Python).

Usage (atheris is optional, not in requirements: ``pip install atheris``)::

    .venv/bin/python tests/fuzz/readers.py TARGET [libFuzzer flags]
    .venv/bin/python tests/fuzz/readers.py feed -max_total_time=600 -artifact_prefix=/tmp/

TARGET is one of ``text``, ``html``, ``page``, ``feed``, ``json_feed``, ``opml``,
``query``. Each target feeds the bytes libFuzzer generates to one reader; parley's own
``InputError`` is a clean refusal, any other exception is a crash (libFuzzer saves the
input as ``crash-*`` under ``-artifact_prefix``). ``tests/test_fuzz_atheris.py`` runs
every target for a few seconds when atheris is installed; the hypothesis tests in
``tests/test_fuzz_readers.py`` are the ones that always run.
"""

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["parley"]):
    from parley.errors import InputError
    from parley.ingest.decode import decode_html, decode_text
    from parley.ingest.feeds import parse_feed
    from parley.ingest.html import article_from_html
    from parley.ingest.opml import parse_opml
    from parley.store.query import parse_query

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
#: Seed inputs per target: real documents of each kind, so mutations start from valid ones.
SEEDS = {
    "html": ["fishing-talks-resume.html", "harbour-strike.html", "plain-home.html"],
    "page": ["fishing-talks-resume.html", "ledger-home.html"],
    "feed": ["ledger-rss.xml", "harbour-atom.xml", "fallback-rss.xml"],
    "json_feed": ["northgate-feed.json", "northgate-feed-1.0.json"],
    "opml": ["subscriptions.opml", "broken.opml"],
}


def _text(data: bytes) -> None:
    decode_text(data, "fuzz.txt", max_chars=10_000)


def _html(data: bytes) -> None:
    decode_html(data, "fuzz.html")


def _page(data: bytes) -> None:
    article_from_html(data, "fuzz.html", url="https://news.example/a/1", max_chars=50_000)


def _feed(data: bytes) -> None:
    parse_feed(data, "https://news.example/feed", "application/rss+xml")


def _json_feed(data: bytes) -> None:
    parse_feed(data, "https://news.example/feed.json", "application/feed+json")


def _opml(data: bytes) -> None:
    parse_opml(data, "fuzz.opml")


def _query(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    parse_query(text)


TARGETS = {"text": _text, "html": _html, "page": _page, "feed": _feed,
           "json_feed": _json_feed, "opml": _opml, "query": _query}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer flags]")
    target = TARGETS[sys.argv[1]]
    flags = sys.argv[2:]
    seeds = [str(FEEDS / name) for name in SEEDS.get(sys.argv[1], [])]
    if seeds and not any(f.startswith("-seed_inputs=") for f in flags):
        flags.append("-seed_inputs=" + ",".join(seeds))

    def one_input(data: bytes) -> None:
        try:
            target(data)
        except InputError:
            pass  # a clean, explained refusal

    atheris.Setup([sys.argv[0], *flags], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

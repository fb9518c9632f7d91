"""Ingest orchestration: sources in, analyses stored; and polling of subscribed feeds.

``ingest(sources, store, settings=...)`` takes files, folders, ``-``, article URLs, feed URLs
(RSS, Atom, JSON Feed) and ``.opml`` files. It streams one ``Article`` at a time through
``parley.nlp.pipeline.analyze_articles`` (spaCy's ``nlp.pipe`` batching) and saves each
``Analysis`` with ``store.save_analysis`` as it comes out, so memory stays flat and a killed
run has lost at most the batch in flight and the few analyses waiting to be saved.

How the work is laid out:

* A background thread reads and fetches (files, feeds, pages) while the main thread runs
  the pipeline: network waits overlap analysis. It runs at most
  ``PREFETCH`` articles ahead.
* The analyses are saved beside the analysis (``parley.ingest.writer``), in order, by a
  thread or (``writer="process"``, as ``parley ingest`` runs) a process of their own, while
  the main thread analyses the next ones: the database's work overlaps the analysis. Counts,
  progress and feed states are handled back on the main thread once a save has committed.
* Before an article is analysed the store is asked whether the same identity with the same
  content hash is already stored; if so it is counted ``unchanged`` and not analysed again.
  This is what makes re-running a killed ingest cheap; the store's idempotent save is what
  makes it correct.
* A feed entry's article page is fetched and extracted; when that fails and the entry
  carries the full text itself (``FeedEntry.full_text``), that text is used instead. Fields
  the page lacks (title, date, author) are taken from the entry, and the site from the feed.
* ``poll`` applies a feed's new polling state (ETag, Last-Modified, next poll time) only
  after every article read from that poll is saved, so a poll killed half-way is repeated
  in full instead of being skipped by a 304. It ingests the entries whose URL is not stored
  yet; ``ingest FEED_URL`` re-reads every entry (and so notices edited articles).

File paths are recorded absolute, so that the same file ingested from another working
directory is the same article.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from parley.config import Settings
from parley.errors import FetchError, InputError, ParleyError
from parley.ingest.feeds import Feed, FeedEntry, parse_feed, sniff_kind
from parley.ingest.fetch import Fetcher, FetchResult
from parley.ingest.opml import read_opml
from parley.ingest.writer import WRITE_AHEAD, Writer
from parley.model import Analysis, Article

#: How many articles the reader may run ahead of the analysis.
PREFETCH = 64
#: Articles spaCy analyses together in an ingest. A batch comes out in a burst (its parse
#: is done for all of it at once), so its saves wait for it: 8 starts the writer on the
#: first save after one article's worth of batch instead of 32, and leaves a quarter of
#: the tail of saves after the last batch, with no measurable cost in analysis speed (60
#: texts: 10.4-12.2 s at 8, 12.0-13.4 s at 32, 2026-12-07).
BATCH_SIZE = 8
#: Default time between two polls of a healthy feed.
POLL_INTERVAL = timedelta(minutes=30)
#: Longest back-off after repeated errors.
MAX_BACKOFF = timedelta(hours=24)

#: ``progress(event, label)``: event is a save status, "failed", "skipped" or "feed".
Progress = Callable[[str, str], None]


@dataclass(slots=True)
class Failure:
    """A source (file, URL, feed entry) that could not be ingested, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class IngestSummary:
    """What an ingest or poll did: counts per outcome, and every failure with its reason."""

    new: int = 0
    revised: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failed: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)  # not errors: nothing to ingest
    feeds: int = 0  # feeds read
    feeds_not_modified: int = 0
    feeds_deferred: int = 0  # asked to come back later (429/503)
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        """Articles accounted for (stored, already there, or failed)."""
        return self.new + self.revised + self.unchanged + self.duplicate + len(self.failed)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    def count(self, status: str) -> None:
        """Add one article with save status ``status``."""
        setattr(self, status, getattr(self, status) + 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "revised": self.revised,
            "unchanged": self.unchanged,
            "duplicate": self.duplicate,
            "failed": [{"source": f.source, "reason": f.reason} for f in self.failed],
            "skipped": [{"source": f.source, "reason": f.reason} for f in self.skipped],
            "feeds": self.feeds,
            "feeds_not_modified": self.feeds_not_modified,
            "feeds_deferred": self.feeds_deferred,
            "seconds": round(self.seconds, 3),
        }

    def headline(self) -> str:
        """One line: the counts."""
        parts = [
            f"{self.new} new",
            f"{self.revised} updated",
            f"{self.unchanged} unchanged",
            f"{self.duplicate} duplicate",
            f"{len(self.failed)} failed",
        ]
        if self.feeds:
            extra = f"{self.feeds} feeds read"
            if self.feeds_not_modified:
                extra += f", {self.feeds_not_modified} not modified"
            if self.feeds_deferred:
                extra += f", {self.feeds_deferred} deferred"
            parts.append(extra)
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


@dataclass(slots=True)
class Known:
    """An item already stored as it is: counted unchanged without analysis."""

    label: str


@dataclass(slots=True)
class Skip:
    """An item with nothing to ingest (not an error)."""

    failure: Failure


@dataclass(slots=True)
class FeedRead:
    """A feed was fetched: ``outcome`` is "read", "not_modified" or "deferred"."""

    url: str
    outcome: str = "read"


@dataclass(slots=True)
class FeedState:
    """New polling state for a feed, to apply once the articles before it are saved."""

    url: str
    values: dict[str, Any]


Item = Article | Failure | Known | Skip | FeedRead | FeedState


def tally(summary: IngestSummary, item: Item, note: Progress) -> None:
    """Count a reader item that needs no analysis (Failure, Skip, Known, FeedRead) in ``summary``.

    Articles and ``FeedState`` updates are the caller's: they are saved and applied, not counted.
    """
    if isinstance(item, Failure):
        summary.failed.append(item)
        note("failed", item.source)
    elif isinstance(item, Skip):
        summary.skipped.append(item.failure)
        note("skipped", item.failure.source)
    elif isinstance(item, Known):
        summary.unchanged += 1
        note("unchanged", item.label)
    elif isinstance(item, FeedRead):
        summary.feeds += 1
        summary.feeds_not_modified += item.outcome == "not_modified"
        summary.feeds_deferred += item.outcome == "deferred"
        note("feed", item.url)


@dataclass(slots=True)
class ReaderContext:
    """What the reader thread needs."""

    fetcher: Fetcher
    settings: Settings
    published: str | None = None
    known_url: Callable[[str], bool] | None = None  # set by poll: skip stored entry URLs
    seen: set[str] = field(default_factory=set)


def is_url(source: str) -> bool:
    """True for an http(s) URL."""
    return source.lower().startswith(("http://", "https://"))


# --------------------------------------------------------------------------- reading


def read_sources(sources: Iterable[str], ctx: ReaderContext) -> Iterator[Item]:
    """Every item the ``sources`` lead to, in order."""
    from parley.ingest.files import iter_sources

    for source in sources:
        source = str(source)
        if is_url(source):
            yield from _read_url(source, ctx)
        elif source.lower().endswith(".opml") and Path(source).is_file():
            yield from _read_opml(source, ctx)
        else:
            for item in iter_sources(
                [source], published=ctx.published, max_chars=ctx.settings.max_chars
            ):
                if isinstance(item, InputError):
                    yield Failure(item.source, item.reason)
                else:
                    if item.source != "-":
                        item.source = str(Path(item.source).resolve())
                    yield item


def _read_opml(path: str, ctx: ReaderContext) -> Iterator[Item]:
    try:
        feeds = read_opml(path)
    except InputError as exc:
        yield Failure(exc.source, exc.reason)
        return
    for feed in feeds:
        yield from _read_url(feed.url, ctx, expect_feed=True)


def _read_url(url: str, ctx: ReaderContext, *, expect_feed: bool = False) -> Iterator[Item]:
    """A URL: a feed (its entries) or a page (one article)."""
    try:
        result = _fetch_ok(url, ctx)
        kind = sniff_kind(result.content, result.content_type)
        if kind:
            feed = parse_feed(result.content, result.final_url, result.content_type)
            yield FeedRead(result.final_url)
            yield from _feed_items(feed, ctx)
            return
        if expect_feed:
            raise InputError(url, "not an RSS, Atom or JSON feed")
        yield _page_article(result, ctx)
    except (FetchError, InputError) as exc:
        yield _failure(url, exc)


def _fetch_ok(url: str, ctx: ReaderContext) -> FetchResult:
    """Fetch ``url``; a retry-later answer becomes a ``FetchError``."""
    result = ctx.fetcher.fetch(url)
    if result.retry_later:
        raise FetchError(f"{url}: server busy (HTTP {result.status}), retry after {_hhmm(result.retry_at)}")
    return result


def _hhmm(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else "later"


def _failure(source: str, exc: ParleyError) -> Failure:
    if isinstance(exc, InputError):
        return Failure(exc.source, exc.reason)
    text = str(exc)
    prefix = f"{source}: "
    return Failure(source, text[len(prefix):] if text.startswith(prefix) else text)


def _feed_items(feed: Feed, ctx: ReaderContext) -> Iterator[Item]:
    """The articles of a feed's entries."""
    for entry in feed.entries:
        if entry.url and entry.url in ctx.seen:
            yield Known(entry.url)  # the same article listed twice in this run
            continue
        if entry.url:
            ctx.seen.add(entry.url)
        if entry.url and ctx.known_url is not None and ctx.known_url(entry.url):
            yield Known(entry.url)
            continue
        yield _entry_article(entry, feed, ctx)


def _entry_article(entry: FeedEntry, feed: Feed, ctx: ReaderContext) -> Item:
    """The article an entry points to; its own text when the page cannot be had."""
    label = entry.url or f"{feed.url} ({entry.title or entry.id or 'untitled entry'})"
    if not entry.url and not entry.full_text:
        return Skip(Failure(label, "entry has no link and no full text"))
    try:
        if not entry.url:
            article = _text_article(entry, feed, ctx)
        else:
            try:
                article = _page_article(_fetch_ok(entry.url, ctx), ctx)
            except (FetchError, InputError):
                if not entry.full_text:
                    raise
                article = _text_article(entry, feed, ctx)
    except (FetchError, InputError) as exc:
        return _failure(label, exc)
    article.title = article.title or entry.title
    article.author = article.author or entry.author
    article.site = article.site or feed.title
    if not ctx.published and entry.published:
        article.published = article.published or entry.published
    return article


def _text_article(entry: FeedEntry, feed: Feed, ctx: ReaderContext) -> Article:
    from parley.ingest.decode import check_text
    from parley.ingest.html import default_doc_id

    source = entry.url or f"{feed.url}#{entry.id or entry.title}"
    text = check_text(entry.full_text or "", source, ctx.settings.max_chars)
    return Article(
        doc_id=default_doc_id(source),
        text=text,
        title=entry.title,
        published=ctx.published or entry.published,
        source=source,
        url=entry.url,
        author=entry.author,
        site=feed.title,
    )


def _page_article(result: FetchResult, ctx: ReaderContext) -> Article:
    """An article from a fetched page; an extractor crash on odd markup is an InputError."""
    try:
        return _extract_page(result, ctx)
    except ParleyError:
        raise
    except Exception as exc:  # one strange page must not end a whole cron run
        raise InputError(result.url, f"could not extract the page ({type(exc).__name__}: {exc})") from exc


def _extract_page(result: FetchResult, ctx: ReaderContext) -> Article:
    """An article from a fetched page (HTML, or plain text)."""
    from parley.ingest.decode import decode_text
    from parley.ingest.html import article_from_html, default_doc_id

    media = result.content_type
    if media in ("text/html", "application/xhtml+xml") or (
        not media and b"<html" in result.content[:4096].lower()
    ):
        markup: str | bytes = result.content
        if result.charset:  # the HTTP header outranks <meta charset> (as in browsers)
            markup = result.text()
        return article_from_html(
            markup,
            result.url,
            url=result.final_url,
            published=ctx.published,
            max_chars=ctx.settings.max_chars,
        )
    if media == "text/plain":
        text = decode_text(result.content, result.url, encoding=result.charset,
                           max_chars=ctx.settings.max_chars)
        return Article(doc_id=default_doc_id(result.final_url), text=text,
                       published=ctx.published, source=result.url, url=result.final_url)
    raise InputError(result.url, f"not a web page or feed (content type {media or 'unknown'})")


# --------------------------------------------------------------------------- background


_DONE = object()


def in_background(items: Iterator[Item], depth: int = PREFETCH) -> Iterator[Item]:
    """Run ``items`` in a thread, at most ``depth`` ahead; errors re-raised here."""
    buffer: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            buffer.put(exc)

    thread = threading.Thread(target=work, name="parley-ingest-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


# --------------------------------------------------------------------------- writing


class _Barriers:
    """Feed-state updates held back until the articles read before them are saved."""

    def __init__(self, apply: Callable[[FeedState], None]):
        self.apply = apply
        self.sent = 0  # articles handed to the pipeline
        self.saved = 0
        self.pending: deque[tuple[int, FeedState]] = deque()

    def add(self, state: FeedState) -> None:
        if self.sent <= self.saved and not self.pending:
            self.apply(state)
        else:
            self.pending.append((self.sent, state))

    def one_saved(self) -> None:
        self.saved += 1
        while self.pending and self.pending[0][0] <= self.saved:
            self.apply(self.pending.popleft()[1])

    def flush(self) -> None:
        while self.pending:
            self.apply(self.pending.popleft()[1])


def _consume(
    items: Iterator[Item],
    store: Any,
    summary: IngestSummary,
    progress: Progress | None,
    *,
    nlp: Any = None,
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
    writer: str = "thread",
) -> None:
    """Analyse and save the articles among ``items``; tally everything else. ``writer`` is
    how the saves run beside the analysis (``parley.ingest.writer.MODES``)."""
    from parley.nlp.pipeline import analyze_articles

    note = progress or (lambda event, label: None)
    barriers = _Barriers(lambda state: _apply_feed_state(store, state))

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Article):
                if store.already_stored(item, url=item.url):
                    summary.unchanged += 1
                    note("unchanged", item.url or item.source)
                    continue
                barriers.sent += 1
                yield item
            elif isinstance(item, FeedState):
                barriers.add(item)
            else:
                tally(summary, item, note)

    def saved(analysis: Analysis, result: Any) -> None:
        article = analysis.article
        summary.count(result.status)
        note(result.status, article.url or article.source)
        barriers.one_saved()

    depth = max(WRITE_AHEAD, 2 * batch_size)  # spaCy yields a batch in a burst
    with Writer(store, saved, mode=writer, depth=depth) as saving:
        for analysis in analyze_articles(articles(), nlp, batch_size=batch_size,
                                         n_process=n_process):
            saving.put(analysis)
    barriers.flush()


def ingest(
    sources: Iterable[str],
    store: Any,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
    published: str | None = None,
    fetcher: Fetcher | None = None,
    nlp: Any = None,
    writer: str = "thread",
) -> IngestSummary:
    """Ingest ``sources`` (paths, ``-``, URLs, feed URLs, .opml files) into ``store``;
    ``writer="process"`` saves in a process of its own (``parley ingest`` does)."""
    settings = settings or Settings()
    with reading_sources(sources, settings, published, fetcher) as (items, summary):
        _consume(items, store, summary, progress, nlp=nlp, n_process=n_process,
                 batch_size=batch_size, writer=writer)
    return summary


@contextlib.contextmanager
def reading_sources(
    sources: Iterable[str], settings: Settings, published: str | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[tuple[Iterator[Item], IngestSummary]]:
    """The items ``sources`` lead to, read ahead in a background thread, and the run's summary
    (see ``run_scope``): what ``ingest`` and the Dask ingest consume."""
    with run_scope(fetcher, settings) as (fetcher, summary):
        yield in_background(read_sources(sources, ReaderContext(fetcher, settings, published))), summary


@contextlib.contextmanager
def run_scope(fetcher: Fetcher | None, settings: Settings) -> Iterator[tuple[Fetcher, IngestSummary]]:
    """The fetcher and summary of one ingest or poll run.

    ``fetcher`` is used as given, or one is opened from ``settings`` and closed when the block
    ends; the summary's ``seconds`` is the time the block took.
    """
    started = time.monotonic()
    summary = IngestSummary()
    own = fetcher is None
    fetcher = fetcher or Fetcher.from_settings(settings)
    try:
        yield fetcher, summary
    finally:
        if own:
            fetcher.close()
        summary.seconds = time.monotonic() - started



# --------------------------------------------------------------------------- polling


def poll(
    store: Any,
    settings: Settings | None = None,
    now: datetime | None = None,
    *,
    progress: Progress | None = None,
    interval: timedelta = POLL_INTERVAL,
    n_process: int = 1,
    fetcher: Fetcher | None = None,
    nlp: Any = None,
    writer: str = "thread",
) -> IngestSummary:
    """Poll the feeds that are due at ``now`` and ingest their new entries (``writer``: as
    for ``ingest``; ``parley poll`` uses a process)."""
    settings = settings or Settings()
    now = now or datetime.now(UTC)
    with run_scope(fetcher, settings) as (fetcher, summary):
        due = store.due_feeds(now)  # a list: the reader thread must not hold a cursor open
        ctx = ReaderContext(fetcher, settings, known_url=lambda url: stored_url(store, url))
        items = in_background(_poll_items(due, ctx, now, interval))
        _consume(items, store, summary, progress, nlp=nlp, n_process=n_process, writer=writer)
    return summary


def stored_url(store: Any, url: str) -> bool:
    """True when an article is stored under ``url`` (any content)."""
    import sqlalchemy as sa

    from parley.store.engine import reading
    from parley.store.save import identity_key
    from parley.store.schema import articles

    with reading(store.engine, where="looking up a URL") as conn:
        query = sa.select(articles.c.id).where(articles.c.identity_key == identity_key(url))
        return conn.execute(query.limit(1)).first() is not None


def backoff(error_count: int, interval: timedelta = POLL_INTERVAL) -> timedelta:
    """How long to wait after ``error_count`` consecutive errors: doubling, capped at a day."""
    return min(interval * 2 ** max(0, min(error_count - 1, 16)), MAX_BACKOFF)


def _poll_items(feeds: list[Any], ctx: ReaderContext, now: datetime, interval: timedelta) -> Iterator[Item]:
    for feed in feeds:
        yield from _poll_feed(feed, ctx, now, interval)


def _poll_feed(feed: Any, ctx: ReaderContext, now: datetime, interval: timedelta) -> Iterator[Item]:
    """One due feed: conditional GET, its new entries, then its new polling state."""
    state: dict[str, Any] = {"last_polled_at": now}
    try:
        result = ctx.fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if result.retry_later:
            # The server is fine, just busy: no error count, but come back when it says.
            retry_at = max(result.retry_at, now + timedelta(minutes=1))
            yield FeedRead(feed.url, "deferred")
            yield FeedState(feed.url, state | {
                "last_status": result.status, "next_poll_at": retry_at,
                "last_error": f"HTTP {result.status}: asked to retry after {_hhmm(retry_at)}",
            })
            return
        parsed = None if result.not_modified else parse_feed(
            result.content, result.final_url, result.content_type
        )
    except (FetchError, InputError) as exc:
        failure = _failure(feed.url, exc)
        errors = feed.error_count + 1
        yield failure
        yield FeedState(feed.url, state | {
            "last_status": getattr(exc, "status", None), "error_count": errors,
            "last_error": failure.reason, "next_poll_at": now + backoff(errors, interval),
        })
        return
    state |= {
        "last_status": result.status, "error_count": 0, "last_error": None,
        "next_poll_at": max(now + interval, result.fresh_until or now),
        "etag": result.etag or feed.etag, "last_modified": result.last_modified or feed.last_modified,
    }
    if parsed is None:
        yield FeedRead(feed.url, "not_modified")
    else:
        yield FeedRead(feed.url)
        yield from _feed_items(parsed, ctx)
        state |= {k: v for k, v in (("title", parsed.title), ("site_url", parsed.site_url))
                  if v and not getattr(feed, k)}
    yield FeedState(feed.url, state)


def _apply_feed_state(store: Any, state: FeedState) -> None:
    store.update_feed_state(state.url, **state.values)

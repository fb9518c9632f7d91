"""``parley analyze``: who said what in text files, web pages or standard input.

Output goes to standard output, errors to standard error: one line per bad input
(``parley: error: <file>: <reason>``), reported where the input falls in the stream; the
rest of the batch is still analysed. Exit status: 0 when every input was analysed, 1 when
any input failed, 2 for a usage error.

``--format json`` writes one object when the command line names a single file (or ``-``),
and a JSON array otherwise (several paths or a directory): the shape depends on the
command line, never on how many files a directory happens to hold. ``jsonl`` writes one
``Analysis`` object per line; ``text`` a report for people (``parley.report``).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from parley.cli import app
from parley.config import load_settings
from parley.errors import InputError, ParleyError
from parley.model import Analysis, Article

#: Show a progress bar (on a terminal) from this many inputs on.
PROGRESS_FROM = 4


class Format(StrEnum):
    """Output formats of ``parley analyze``."""

    text = "text"
    json = "json"
    jsonl = "jsonl"


def check_date(value: str | None) -> str | None:
    """Validate a ``YYYY-MM-DD`` option value (Typer callback)."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD (e.g. 2025-03-17)")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a calendar date") from None
    return value


class ErrorsInOrder:
    """Feeds articles to the pipeline and keeps the errors met between them, in order.

    ``nlp.pipe`` reads ahead by a batch, so an error is held back until every article read
    before it has been written out: stdout and stderr then interleave as the inputs did.
    """

    def __init__(self, items: Iterable[Article | InputError]):
        self.items = items
        self.pending: deque[tuple[int, InputError]] = deque()
        self.read = 0
        self.failed = 0

    def articles(self) -> Iterator[Article]:
        for item in self.items:
            if isinstance(item, InputError):
                self.pending.append((self.read, item))
                self.failed += 1
            else:
                self.read += 1
                yield item

    def before(self, index: int | None = None) -> Iterator[InputError]:
        """Errors met before article ``index`` was read (all remaining ones when None)."""
        while self.pending and (index is None or self.pending[0][0] <= index):
            yield self.pending.popleft()[1]


class Writer:
    """Writes analyses to ``out`` in one of the formats, as they come."""

    def __init__(self, fmt: Format, out: TextIO, *, array: bool):
        self.fmt, self.out, self.array = fmt, out, array
        self.count = 0

    def start(self) -> None:
        if self.fmt is Format.json and self.array:
            self.out.write("[")

    def write(self, analysis: Analysis) -> None:
        if self.fmt is Format.jsonl:
            self.out.write(json.dumps(analysis.to_json(), ensure_ascii=False) + "\n")
        elif self.fmt is Format.json:
            body = json.dumps(analysis.to_json(), ensure_ascii=False, indent=2)
            if self.array:
                body = ("," if self.count else "") + "\n" + body
            self.out.write(body + ("" if self.array else "\n"))
        else:
            from parley.report import render_analysis

            self.out.write(("\n" if self.count else "") + render_analysis(analysis))
        self.count += 1
        self.out.flush()

    def end(self) -> None:
        if self.fmt is Format.json and self.array:
            self.out.write(("\n" if self.count else "") + "]\n")
        self.out.flush()


def _single_input(paths: list[str]) -> bool:
    return len(paths) == 1 and (paths[0] == "-" or not Path(paths[0]).is_dir())


def _progress(total: int):
    """A transient rich progress bar on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
        # Only reroute stdout through rich when it shares the terminal with the bar.
        redirect_stdout=sys.stdout.isatty(),
    )


def _pipeline(max_chars: int, use_model: bool = True):
    from parley.nlp.pipeline import default_tasks, load_pipeline

    nlp = load_pipeline(default_tasks(use_model))
    # spaCy refuses texts over nlp.max_length; parley's own limit is the one users set.
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    return nlp


def _run(items: list | Iterator, args: dict, writer: Writer, report, advance) -> int:
    """Analyse the stream, writing results and errors in input order; return failures."""
    from parley.ingest.files import read_sources
    from parley.nlp.pipeline import analyze_articles

    stream = ErrorsInOrder(read_sources(items, **args["read"]))
    analyses = analyze_articles(stream.articles(), _pipeline(args["read"]["max_chars"], args["model"]),
                                n_process=args["n_process"])
    writer.start()
    for i, analysis in enumerate(analyses):
        for exc in stream.before(i):
            report(exc)
        writer.write(analysis)
        advance()
    for exc in stream.before():
        report(exc)
    writer.end()
    return stream.failed


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html), directories (their .txt/.html files), or - for stdin.",
        show_default=False)],
    published: Annotated[str | None, typer.Option(
        callback=check_date, metavar="YYYY-MM-DD",
        help="Publication date, the anchor for relative dates; overrides a page's own date.")] = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="text (a report), json, or jsonl (one object per line).")] = Format.text,
    max_chars: Annotated[int | None, typer.Option(
        "--max-chars", min=1, show_default="1000000 or PARLEY_MAX_CHARS",
        help="Refuse texts longer than this many characters.")] = None,
    encoding: Annotated[str | None, typer.Option(
        show_default="UTF-8, or as a byte-order mark says",
        help="Encoding of text inputs (e.g. cp1252).")] = None,
    recursive: Annotated[bool, typer.Option(
        "--recursive", "-r", help="Also read the subdirectories of directories.")] = False,
    n_process: Annotated[int, typer.Option(
        "--n-process", min=1, help="Worker processes for spaCy.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_model: Annotated[bool, typer.Option(
        "--no-model", help="Rules only: leave the trained attribution model out.")] = False,
) -> None:
    """Analyse articles: who said what (quotes with speakers), events, stances."""
    from parley.ingest.files import expand_paths

    try:
        settings = load_settings(max_chars=max_chars, attribution_model=False if no_model else None)
    except ParleyError as exc:
        typer.echo(f"parley: error: {exc}", err=True)
        raise typer.Exit(1) from None
    args = {"read": {"published": published, "encoding": encoding, "max_chars": settings.max_chars},
            "n_process": n_process, "model": settings.attribution_model}
    items: list | Iterator = expand_paths(paths, recursive=recursive)
    show = not quiet and sys.stderr.isatty()
    if show:
        items = list(items)  # paths only, no contents: the bar needs a total
        show = len(items) >= PROGRESS_FROM
    writer = Writer(fmt, sys.stdout, array=not _single_input(paths))
    try:
        if show:
            with _progress(len(items)) as bar:
                task = bar.add_task("analyse", total=len(items))

                def report(exc: InputError) -> None:
                    bar.console.print(f"parley: error: {exc}", markup=False, highlight=False)
                    bar.advance(task)

                failed = _run(items, args, writer, report, lambda: bar.advance(task))
        else:
            def report(exc: InputError) -> None:
                print(f"parley: error: {exc}", file=sys.stderr, flush=True)

            failed = _run(items, args, writer, report, lambda: None)
    except BrokenPipeError:
        # The reader went away (`parley analyze dir | head`): stop quietly, as cat does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    if failed:
        raise typer.Exit(1)

"""``parley eval``: score parley's quotes (and events, stances) against annotated gold."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from parley.cli import app
from parley.errors import InputError
from parley.eval.metrics import PRF
from parley.eval.news import NewsReport
from parley.eval.runner import EvalReport, count_documents, evaluate

RULES = (
    "SOURCE is a gold .json file (quotes, events, stances; its article is article.txt beside "
    "it unless ARTICLE is given) or a BRAT folder (PolNeAR: text/*.txt + attributions/*.ann; "
    "a text with several .ann files is scored against the first in sorted order).\n\n"
    "Quote content matches when predicted and gold spans share a word token (one-to-one, "
    "greedy by shared tokens); the strict variant needs token Dice >= 0.5. The speaker is "
    "right when the predicted name shares a capitalised name token with the gold speaker "
    '("The", "He", titles ignored); when the gold speaker is a text span rather than a '
    'canonical name (PolNeAR sources such as "he" or "the campaign") it is also right when '
    "the predicted speaker mention overlaps the gold source span; a gold quote without a "
    "source wants an empty predicted speaker. End-to-end: a content match with the right "
    "speaker. Counts are summed over documents (micro-average).\n\n"
    "A news folder (--news; NNN-*.txt with gold/*.json, as ../shared/corpus/newsdev or "
    "tests/fixtures/wire) is scored by the rules of newsdev's README: stances (evidence or cue "
    "in the gold evidence's sentence, holder sharing a name word or country, polarity), "
    "speakers' titles and countries, events (same sentence, a shared party; every party; "
    "date), issue grouping (B-cubed), pronoun/fragment speakers, and quotes where the gold "
    "has them.\n\n"
    "Without --pred, parley analyses the gold texts itself."
)


def _resolve(
    paths: list[str], gold: str | None, polnear: str | None, news: str | None = None
) -> tuple[str, str | None]:
    """(source, article) from the positional paths and the --gold/--polnear/--news options."""
    if sum(bool(x) for x in (gold, polnear, news)) > 1:
        raise InputError("parley eval", "give one of --gold, --polnear or --news")
    folder = polnear or news
    if folder:
        if paths:
            flag = "--polnear" if polnear else "--news"
            raise InputError(paths[0], f"{flag} takes no further paths")
        return folder, None
    if gold:
        if len(paths) > 1:
            raise InputError(paths[1], "--gold takes at most one ARTICLE path")
        return gold, (paths[0] if paths else None)
    if not paths:
        raise InputError("parley eval", "give a gold .json file or a BRAT folder to score against")
    if len(paths) > 2:
        raise InputError(paths[2], "expected SOURCE [ARTICLE]")
    return paths[0], (paths[1] if len(paths) > 1 else None)


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[object]:
    """A progress bar on standard error (nothing with --quiet); yields the per-doc callback."""
    if quiet:
        yield None
        return
    bar = Progress(
        TextColumn("scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=total)
        yield lambda doc_id: bar.update(task, advance=1, description=doc_id[:40])


def _row(table: Table, label: str, prf: PRF) -> None:
    table.add_row(
        label,
        f"{prf.precision:.3f}",
        f"{prf.recall:.3f}",
        f"{prf.f1:.3f}",
        f"{prf.tp}",
        f"{prf.predicted}",
        f"{prf.gold}",
    )


def render_news(report: NewsReport, console: Console) -> None:
    """Print a news report as a table a person reads."""
    s = report.summary()
    console.print(f"{report.source}: {report.documents} report(s)")
    table = Table()
    for col in ("metric", "P", "R", "F1", "TP", "pred", "gold"):
        table.add_column(col, justify="left" if col == "metric" else "right")
    _row(table, "stances (sentence, holder, polarity)", report.stances)
    _row(table, "events (sentence, a shared party)", report.events)
    if report.quotes is not None:
        _row(table, "quote content (overlap)", report.quotes.content_overlap)
        _row(table, "quotes end-to-end", report.quotes.e2e)
    console.print(table)
    iss = report.issues
    console.print(
        f"issue grouping B-cubed: P {iss.precision:.3f} R {iss.recall:.3f} F1 {iss.f1:.3f}; "
        f"stances found in {int(s['docs_with_stances'])} of {report.documents} reports"
    )
    console.print(
        f"speakers: title {s['title_accuracy']:.3f}, country {s['country_accuracy']:.3f}; "
        f"events: every party {s['events_all_parties']:.3f}, date {s['events_date_accuracy']:.3f}"
    )
    console.print(f"pronoun/fragment speakers: {int(s['bad_speakers'])}")
    if report.quotes is not None:
        console.print(
            f"quote speaker accuracy {s['quotes_speaker_accuracy']:.3f}; "
            f"false quotes {s['false_quote_share']:.3f}"
        )
    if report.missing:
        console.print(
            f"no prediction for {len(report.missing)} document(s): {', '.join(report.missing[:5])}"
        )


def render(report: EvalReport | NewsReport, console: Console) -> None:
    """Print ``report`` as a table a person reads."""
    if isinstance(report, NewsReport):
        render_news(report, console)
        return
    q = report.quotes
    console.print(
        f"{report.source}: {report.documents} document(s), "
        f"{q.gold} gold / {q.predicted} predicted quotes"
    )
    table = Table()
    for col in ("metric", "P", "R", "F1", "TP", "pred", "gold"):
        table.add_column(col, justify="left" if col == "metric" else "right")
    _row(table, "quote content (overlap)", q.content_overlap)
    _row(table, "quote content (Dice >= 0.5)", q.content_dice)
    _row(table, "quotes end-to-end", q.e2e)
    _row(table, "quotes end-to-end (Dice)", q.e2e_dice)
    if report.events is not None:
        _row(table, "events (kind, actor, date)", report.events.prf)
    if report.stances is not None:
        _row(table, "stances (issue, actor, label)", report.stances.prf)
    console.print(table)
    matched = q.content_overlap.tp
    console.print(
        f"speaker accuracy on matched quotes: {q.speaker_accuracy:.3f} ({q.e2e.tp}/{matched})"
    )
    if report.events is not None:
        console.print(
            f"event date accuracy on kind+actor matches: {report.events.attribute_accuracy:.3f}"
        )
    if report.stances is not None:
        console.print(
            f"stance label accuracy on issue+actor matches: {report.stances.attribute_accuracy:.3f}"
        )
    if report.missing:
        console.print(
            f"no prediction for {len(report.missing)} document(s): {', '.join(report.missing[:5])}"
        )


def _nlp(pred: str | None, no_model: bool):
    """The rule-only pipeline for --no-model; None (the shared default) otherwise."""
    if pred is not None or not no_model:
        return None
    from parley.nlp.pipeline import default_tasks, load_pipeline

    return load_pipeline(default_tasks(False))


@app.command("eval", help="Score predictions against gold annotations.\n\n" + RULES)
def eval_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SOURCE] [ARTICLE]",
            help="Gold .json file (optionally its article text) or BRAT folder.",
        ),
    ] = None,
    gold: Annotated[
        str | None, typer.Option("--gold", help="Gold JSON file (same as a .json SOURCE).")
    ] = None,
    polnear: Annotated[
        str | None,
        typer.Option("--polnear", help="BRAT/PolNeAR folder (same as a folder SOURCE)."),
    ] = None,
    news: Annotated[
        str | None,
        typer.Option("--news", help="News gold folder, e.g. ../shared/corpus/newsdev."),
    ] = None,
    pred: Annotated[
        str | None,
        typer.Option(
            "--pred",
            help="Score this JSONL of analyses (parley analyze --format jsonl) "
            "instead of running the analysis.",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Score only the first N documents of a folder."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores as JSON, with per-document numbers.")
    ] = False,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="With --json: list every miss and false find (quotes; stances, events, "
            "speakers for a news folder) by article.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_model: Annotated[
        bool,
        typer.Option("--no-model", help="Rules only: leave the trained attribution model out."),
    ] = False,
) -> None:
    source, article = _resolve(paths or [], gold, polnear, news)
    if not Path(source).exists():
        raise InputError(source, "no such file or folder")
    total = count_documents(source, limit)
    with _progress(total, quiet or not sys.stderr.isatty()) as callback:
        report = evaluate(
            source, article, pred=pred, limit=limit, progress=callback, nlp=_nlp(pred, no_model)
        )
    if as_json:
        print(json.dumps(report.to_json(details), ensure_ascii=False, indent=2))
    else:
        render(report, Console(highlight=False, soft_wrap=True))

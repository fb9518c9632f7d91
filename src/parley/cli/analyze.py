"""``parley analyze``: who said what in text files, web pages or standard input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from parley.cli import app
from parley.model import Article
from parley.nlp.pipeline import analyze_articles


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files (.txt, .html), directories, or - for stdin."),
    published: str = typer.Option(None, help="Publication date YYYY-MM-DD (anchor for relative dates)."),
    fmt: str = typer.Option("text", "--format", help="text, json or jsonl."),
) -> None:
    """Analyse articles: quotes with speakers, actors, events, stances."""
    arts = []
    for p in paths:
        text = sys.stdin.read() if p == "-" else Path(p).read_text("utf-8")
        arts.append(Article(doc_id=Path(p).stem, text=text, published=published, source=p))
    for analysis in analyze_articles(arts):
        print(json.dumps(analysis.to_json(), ensure_ascii=False))

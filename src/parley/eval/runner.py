"""Run an evaluation: gold documents in, predictions (parley's own or a JSONL file), scores out."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.errors import InputError
from parley.eval.gold import list_brat, read_brat, read_seed_gold
from parley.eval.metrics import (
    ItemScores,
    QuoteScores,
    score_event_doc,
    score_quote_doc,
    score_stance_doc,
)
from parley.eval.news import (
    IssueGrouper,
    NewsGold,
    NewsReport,
    is_news_folder,
    list_news,
    read_news,
    score_news,
)
from parley.model import Analysis, Article, stable_id

if TYPE_CHECKING:
    from spacy.language import Language

#: Called once per scored document with its doc_id (progress bars).
Progress = Callable[[str], None]


class PredictionFile(Mapping[str, Analysis]):
    """Analyses from a JSONL file (``parley analyze --format jsonl``), looked up lazily.

    One pass records where each line starts; an analysis is parsed again only when asked
    for, so memory does not grow with the file. Lookup is by ``doc_id``, or by the exact
    article text when no ``doc_id`` matches (``parley analyze article.txt`` names its
    document ``article``, the gold may call it ``seed``).
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._by_id: dict[str, int] = {}
        self._by_text: dict[str, int] = {}
        try:
            handle = open(self.path, "rb")
        except OSError as exc:
            raise InputError(str(self.path), exc.strerror or "cannot be read") from None
        with handle:
            offset = 0
            for n, raw in enumerate(handle, 1):
                if raw.strip():
                    data = self._parse(raw, n)
                    self._by_id.setdefault(str(data.get("doc_id", "")), offset)
                    text = (data.get("article") or {}).get("text")
                    if isinstance(text, str):
                        self._by_text.setdefault(stable_id(text, length=32), offset)
                offset += len(raw)

    def _parse(self, raw: bytes, n: int | str) -> dict[str, Any]:
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(str(self.path), f"line {n}: not a JSON analysis ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("article"), dict):
            raise InputError(str(self.path), f"line {n}: not an analysis (no 'article' object)")
        return data

    def _load(self, offset: int) -> Analysis:
        with open(self.path, "rb") as handle:
            handle.seek(offset)
            data = self._parse(handle.readline(), f"at byte {offset}")
        try:
            return Analysis.from_json(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                str(self.path), f"at byte {offset}: malformed analysis ({exc!r})"
            ) from None

    def find(self, gold: Analysis) -> Analysis | None:
        """The prediction for ``gold``: by doc_id, else by identical article text."""
        offset = self._by_id.get(gold.doc_id)
        if offset is None:
            offset = self._by_text.get(stable_id(gold.article.text, length=32))
        return None if offset is None else self._load(offset)

    def __getitem__(self, doc_id: str) -> Analysis:
        return self._load(self._by_id[doc_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


def _copy_article(article: Article) -> Article:
    """A fresh Article for the pipeline: it writes boilerplate ranges onto what it gets."""
    return Article(
        doc_id=article.doc_id,
        text=article.text,
        title=article.title,
        published=article.published,
        source=article.source,
    )


def predict(
    gold_docs: Iterable[Analysis], nlp: Language | None = None
) -> Iterator[tuple[Analysis, Analysis]]:
    """Run parley's analysis on the gold texts, yielding ``(gold, prediction)`` in order."""
    from parley.nlp.pipeline import analyze_articles  # spaCy model loads only when needed

    pending: deque[Analysis] = deque()  # gold docs handed to nlp.pipe, at most one batch

    def articles() -> Iterator[Article]:
        for gold in gold_docs:
            pending.append(gold)
            yield _copy_article(gold.article)

    for analysis in analyze_articles(articles(), nlp):
        yield pending.popleft(), analysis


def pair_predictions(
    gold_docs: Iterable[Analysis],
    pred: str | Path | Mapping[str, Analysis] | None = None,
    nlp: Language | None = None,
) -> Iterator[tuple[Analysis, Analysis | None]]:
    """Pair each gold document with its prediction (``None`` when there is none).

    ``pred`` is a JSONL file of analyses, a mapping doc_id -> Analysis, or ``None`` to run
    parley's own pipeline (``nlp``, the shared one by default) on the gold texts.
    """
    if pred is None:
        yield from predict(gold_docs, nlp)
        return
    source = PredictionFile(pred) if isinstance(pred, (str, Path)) else pred
    for gold in gold_docs:
        if isinstance(source, PredictionFile):
            yield gold, source.find(gold)
        else:
            yield gold, source.get(gold.doc_id)


@dataclass(slots=True)
class EvalReport:
    """The outcome of one evaluation run: quote scores, and events/stances where gold has them."""

    corpus: str  # "seed" (gold JSON) or "brat"
    source: str
    quotes: QuoteScores = field(default_factory=QuoteScores)
    events: ItemScores | None = None
    stances: ItemScores | None = None
    missing: list[str] = field(default_factory=list)  # gold doc_ids with no prediction

    @property
    def documents(self) -> int:
        return len(self.quotes.docs)

    def summary(self) -> dict[str, float]:
        """Flat ``section_metric`` -> value (the keys of tests/eval_floors.json)."""
        out = {f"quotes_{k}": v for k, v in self.quotes.summary().items()}
        for section in (self.events, self.stances):
            if section is not None:
                out.update({f"{section.kind}_{k}": v for k, v in section.summary().items()})
        return out

    def to_json(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "corpus": self.corpus,
            "source": self.source,
            "documents": self.documents,
            "missing_predictions": list(self.missing),
            "summary": {k: round(v, 4) for k, v in self.summary().items()},
            "quotes": self.quotes.to_json(details),
        }
        for section in (self.events, self.stances):
            if section is not None:
                out[section.kind] = section.to_json()
        return out


def _score(
    report: EvalReport,
    pairs: Iterable[tuple[Analysis, Analysis | None]],
    progress: Progress | None,
) -> EvalReport:
    for gold, pred in pairs:
        if pred is None:
            report.missing.append(gold.doc_id)
        elif pred.article.text != gold.article.text:
            raise InputError(
                gold.doc_id,
                "the prediction's article text differs from the gold text, "
                "so offsets cannot be compared",
            )
        report.quotes.add(score_quote_doc(gold, pred))
        if report.events is not None:
            score_event_doc(report.events, gold, pred)
        if report.stances is not None:
            score_stance_doc(report.stances, gold, pred)
        if progress:
            progress(gold.doc_id)
    return report


def evaluate_seed(
    gold_path: str | Path,
    article_path: str | Path | None = None,
    *,
    pred: str | Path | Mapping[str, Analysis] | None = None,
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> EvalReport:
    """Score quotes, events and stances against a gold JSON file (the seed article)."""
    gold = read_seed_gold(gold_path, article_path)
    report = EvalReport(
        "seed", str(gold_path), events=ItemScores("events"), stances=ItemScores("stances")
    )
    return _score(report, pair_predictions([gold], pred, nlp), progress)


def evaluate_brat(
    directory: str | Path,
    *,
    pred: str | Path | Mapping[str, Analysis] | None = None,
    limit: int | None = None,
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> EvalReport:
    """Score quotes against a BRAT/PolNeAR folder (``limit``: only its first N texts)."""
    report = EvalReport("brat", str(directory))
    return _score(report, pair_predictions(read_brat(directory, limit), pred, nlp), progress)


def evaluate_news(
    directory: str | Path,
    *,
    pred: str | Path | Mapping[str, Analysis] | None = None,
    limit: int | None = None,
    nlp: Language | None = None,
    progress: Progress | None = None,
    group: IssueGrouper | None = None,
) -> NewsReport:
    """Score stances, speakers, events (and quotes) against a news gold folder (newsdev).

    ``group`` groups the predicted stances of the whole folder into issues; by default
    open stances go into emergent issues as the hub would (``parley.world.group_issues``).
    """
    if group is None:
        from parley.world.issues import group_issues as group  # loads the word vectors
    golds: dict[str, NewsGold] = {g.doc_id: g for g in read_news(directory, limit)}
    analyses = (g.as_analysis() for g in golds.values())
    pairs = ((golds[g.doc_id], p) for g, p in pair_predictions(analyses, pred, nlp))
    return score_news(pairs, str(directory), group=group, progress=progress)


def count_documents(source: str | Path, limit: int | None = None) -> int:
    """How many gold documents ``evaluate(source)`` will score (for progress bars)."""
    path = Path(source)
    if path.is_file():
        return 1
    return len(list_news(path, limit) if is_news_folder(path) else list_brat(path, limit))


def evaluate(
    source: str | Path,
    article_path: str | Path | None = None,
    **options: Any,
) -> EvalReport | NewsReport:
    """Score against ``source``: a gold ``.json`` file, a news folder or a BRAT folder."""
    path = Path(source)
    if path.is_dir():
        if article_path is not None:
            raise InputError(str(article_path), "an article file only goes with a gold .json file")
        if is_news_folder(path):
            return evaluate_news(path, **options)
        return evaluate_brat(path, **options)
    if path.is_file():
        options.pop("limit", None)
        return evaluate_seed(path, article_path, **options)
    raise InputError(str(path), "no such file or folder")

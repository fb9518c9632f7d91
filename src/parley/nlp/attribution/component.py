"""The ``parley_attribution`` component: the trained attribution model beside the rules.

It runs after ``parley_quotes`` and before ``parley_actors``: the model (a small spaCy
pipeline shipped in ``parley/models/attribution``, trained on PolNeAR by ``make train``)
tags SOURCE, CUE and CONTENT spans on a copy of the doc's words, tags and dependency
labels; ``link`` groups them into attributions and ``merge`` adds those the rules missed to
``doc._.parley_quotes``. Speakers are mentions, resolved by ``parley_actors`` like the
rules' ones. ``enabled = false`` (``--no-model``) leaves the rules' quotes untouched.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan
from spacy.util import minibatch

from parley.model import Quote, Span, Speaker, stable_id
from parley.nlp.attribution import corpus as _corpus  # noqa: F401  (the model's config names it)
from parley.nlp.attribution.features import copy_features
from parley.nlp.attribution.link import Found, is_passive, link
from parley.nlp.attribution.merge import merge, reports
from parley.nlp.extensions import meta, text_of
from parley.nlp.quotes.component import ANONYMITY, _back_reference, headline_end
from parley.nlp.ranges import RangeSet

#: Marks that make a content span a direct quote when it starts with (or right after) one.
QUOTE_MARKS = frozenset("\"“”„‟‘’‚«»‹›'")


#: Verbs that only complete a noun phrase ("praised him [for recognizing] ...", "the
#: [proposed] plan"): they do not make the content a clause.
NOMINAL_VERB_DEPS = frozenset({"pcomp", "pobj", "amod", "compound"})


def default_model_path() -> Path:
    """The model shipped inside the package."""
    return Path(str(files("parley") / "models" / "attribution"))


@lru_cache(maxsize=2)
def load_model(path: str) -> Language:
    """The trained attribution pipeline at ``path`` (read from disk once per process)."""
    return spacy.load(path)


class AttributionModel:
    """Adds the attributions the trained model finds and the rules missed."""

    def __init__(self, model_path: str | None = None, enabled: bool = True):
        self.enabled = enabled
        self.path = str(model_path or default_model_path())
        self.model = load_model(self.path) if enabled else None

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        if self.model is None:
            yield from docs
            return
        for batch in minibatch(docs, batch_size):
            copies = (copy_features(self.model.vocab, d) for d in batch)
            for doc, tagged in zip(batch, self.model.pipe(copies), strict=True):
                spans = [TokenSpan(doc, e.start, e.end, label=e.label_) for e in tagged.ents]
                add_found(doc, link(doc, spans))
                yield doc


def add_found(doc: Doc, found: list[Found]) -> None:
    """Merge ``found`` (model attributions of ``doc``) into the doc's rule quotes."""
    skip = RangeSet(doc._.parley_boilerplate or [])
    text = text_of(doc)
    headline = headline_end(text, meta(doc).get("title"))  # a headline reports nobody's words
    doc_id = meta(doc).get("doc_id") or ""
    records = [
        to_json(text, f, doc_id)
        for f in found
        if f.cue.start_char not in skip and f.cue.start_char >= headline
        and all(p.start_char >= headline for p in f.contents)
        and (is_statement(text, f.contents) or told(f.cue, f.contents)) and (named(f.source) or is_passive(f.cue))
        and reports(f.cue, f.contents, is_direct(text, f.contents), f.source)
        and not ANONYMITY.match(text[f.contents[0].start_char : f.contents[-1].end_char])
    ]
    doc._.parley_quotes = merge(doc._.parley_quotes or [], records, doc._.parley_refused_cues)


#: Verbs whose plain object is what is told (announce, cite, describe, mention, ...), not an
#: attitude to it (no "reject", "accept", "welcome", "accuse": the wire gold reads those as
#: stances). PolNeAR train: the object of these is gold content 0.67-0.94 of the time.
TOLD_VERBS = frozenset(
    """acknowledge admit announce cite confirm describe disclose discuss echo estimate forecast
    mention predict project promise propose recommend reiterate reveal show suggest find note list
    tout express emphasize recall recount repeat stress say talk point warn articulate recite liken dub""".split()
)


def told(cue: TokenSpan, pieces: list[TokenSpan]) -> bool:
    """True for a noun-phrase content of a verb of telling ("cited [the tax as a reason]",
    "described [the showdown as ominous]") that names something new: not a short
    back-reference ("confirmed [the call]", "announced [it]")."""
    if len(pieces) != 1 or _back_reference(pieces[0]) or pieces[0][0].pos_ in ("ADP", "SCONJ"):
        return False  # an adjunct is no object: "said, [without giving details]"
    return any(t.lemma_.lower() in TOLD_VERBS for t in cue if t.pos_ in ("VERB", "AUX"))


#: Sources that name nobody ("you", "one"): an attribution the model links to one adds a
#: quote without a speaker to show for it, so it is left out. "who", "which" and "it" are not
#: here: the actor layer resolves them to the noun they stand for ("the mayor, who said").
VAGUE_SOURCES = frozenset({"you", "one", "this", "that", "what"})


def named(source: TokenSpan | None) -> bool:
    """True when the model's source can name a speaker (a noun phrase or a personal pronoun)."""
    return source is not None and source.root.lower_ not in VAGUE_SOURCES


def is_statement(text: str, pieces: list[TokenSpan]) -> bool:
    """True for a quoted passage or a clause; not for an attitude to a thing.

    PolNeAR also annotates "criticised [the host]" and "praised [him for trying]": a noun
    phrase or gerund is what someone was for or against, not something they said, and parley's
    quotes are statements (stances read those verbs on their own). Letting them in raises
    PolNeAR dev recall (content F1 +0.02) but the wire set's gold has none of them: there they
    are the stances' "rejected the proposal", "accused X of", and its quote F1 falls by 0.03.
    """
    tokens = [t for s in pieces for t in s]
    return is_direct(text, pieces) or any(
        t.pos_ in ("VERB", "AUX") and t.dep_ not in NOMINAL_VERB_DEPS and not in_purpose(t)
        for t in tokens
    )


def in_purpose(tok: Token) -> bool:
    """True for a word of a purpose clause ("called X [in order to secure Y]", "so as to"):
    why someone acted, not what anyone said."""
    for t in (tok, *tok.ancestors):
        if t.dep_ in ("acl", "advcl", "xcomp") and t.tag_ == "VB":
            head = t.head
            if head.lower_ == "order" and head.dep_ == "pobj" and head.head.lower_ == "in":
                return True  # "in order to": "to" hangs from "order"
            lefts = [a.lower_ for a in t.lefts]
            if lefts[-3:] == ["so", "as", "to"] or lefts[-2:] == ["as", "to"]:
                return True  # "so as to"
        if t.dep_ in ("ccomp", "ROOT"):
            break
    return False


def is_direct(text: str, pieces: list[TokenSpan]) -> bool:
    """True when the content opens with a quotation mark (or right after one)."""
    start = pieces[0].start_char
    return text[start : start + 1] in QUOTE_MARKS or text[max(start - 1, 0) : start] in QUOTE_MARKS


def _without_marks(text: str, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content that opens with its own quotation mark ('"We agreed," X said' taken whole)
    without the marks around its pieces: they belong to the text, not to what was said
    (printed quotes add their own). An apostrophe at an end stays ("the parties'")."""
    if text[segments[0][0] : segments[0][0] + 1] not in QUOTE_MARKS:
        return segments
    closing = QUOTE_MARKS - {"'", "’"}
    out = []
    for start, end in segments:
        a, b = start, end
        while a < b and (text[a] in QUOTE_MARKS or text[a].isspace()):
            a += 1
        while b > a and (text[b - 1] in closing or text[b - 1].isspace()):
            b -= 1
        out.append((a, b) if a < b else (start, end))
    return out


def to_json(text: str, found: Found, doc_id: str) -> dict:
    """The Quote JSON of one model attribution, with the fields ``parley_actors`` reads."""
    pieces = sorted(found.contents, key=lambda s: s.start)
    segments = _without_marks(text, [(s.start_char, s.end_char) for s in pieces])
    source = found.source
    name = source.text if source is not None else ""
    if name[:4] in ("the ", "The "):
        name = name[4:]
    quote = Quote(
        id=stable_id(doc_id, segments[0][0], segments[-1][1], prefix="q"),
        content=Span.of_segments(text, segments),
        direct=is_direct(text, pieces),
        speaker=Speaker(
            name=name,
            mention=Span.of(text, source.start_char, source.end_char) if source is not None else None,
        ),
        cue=Span.of(text, found.cue.start_char, found.cue.end_char),
    )
    return quote.to_json() | {
        "_speaker_i": source.root.i if source is not None else None,
        "_rule": "model",
    }


@Language.factory(
    "parley_attribution", default_config={"model_path": None, "enabled": True}
)
def make_attribution(
    nlp: Language, name: str, model_path: str | None, enabled: bool
) -> AttributionModel:
    return AttributionModel(model_path, enabled)

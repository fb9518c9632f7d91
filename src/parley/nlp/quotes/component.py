"""The ``parley_quotes`` component: writes ``doc._.parley_quotes`` (Quote JSON list).

Speakers are written as mentions (name = the mention text); the ``parley_actors``
component, when present, replaces them with canonical names.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""


import re

from spacy.language import Language
from spacy.tokens import Doc

from parley.model import Quote, Span, Speaker, stable_id
from parley.nlp.extensions import meta, text_of
from parley.nlp.quotes.cues import load_cues
from parley.nlp.quotes.resolve_local import link_quotes
from parley.nlp.quotes.rules import RawQuote, extract


class QuoteFinder:
    """Finds direct and indirect quotes with their cue and speaker mention."""

    def __init__(self, cues_path: str | None = None):
        self.cues = load_cues(cues_path)

    def __call__(self, doc: Doc) -> Doc:
        skip = [tuple(r) for r in (doc._.parley_boilerplate or [])]
        text = text_of(doc)
        refused: list[tuple[int, int]] = []
        raw = link_quotes(extract(doc, self.cues, skip, text, refused), text, self.cues)
        doc._.parley_refused_cues = [list(r) for r in refused]
        raw = [r for r in raw if keep(doc, r, text, headline_end(text, meta(doc).get("title")))]
        doc_id = meta(doc).get("doc_id") or ""
        doc._.parley_quotes = [to_record(text, r, doc_id).to_json() | _internal(r) for r in raw]
        return doc


#: Newswire's anonymity formula ("asked not to be named") reports no words.
ANONYMITY = re.compile(r"^(?:not )?to be (?:named|identified|quoted)\b", re.I)


def headline_end(text: str, title: str | None) -> int:
    """Where the headline ends when the text opens with it (the article's title line)."""
    title = (title or "").strip()
    if not title or not text.startswith(title):
        return 0
    rest = text[len(title) : len(title) + 2]
    return len(title) if rest.startswith("\n") else 0


def keep(doc: Doc, raw: RawQuote, text: str, headline: int) -> bool:
    """False for what is not reported speech: a headline, the anonymity formula, a bare
    noun phrase as the object of a cue ("rejected the proposal")."""
    if raw.start < headline:
        return False
    if raw.direct:
        return True
    content = text[raw.start : raw.end]
    if ANONYMITY.match(content):
        return False
    if raw.rule in ("object", "prep"):
        span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
        if span is not None and _back_reference(span):
            return False
    return True


#: Determiners of a noun phrase that points back at what was reported before.
ANAPHORIC = frozenset("the that this these those both such any a an no each".split())


def _back_reference(span) -> bool:
    """A short object that names no new content: "rejected the proposal", "accused Rwanda"."""
    words = [t for t in span if not t.is_punct]
    if len(words) == 1 and words[0].pos_ == "PRON":
        return True  # "which", "it"
    if not words or len(words) > 3 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return False
    return words[0].lower_ in ANAPHORIC or all(t.pos_ == "PROPN" for t in words)


def to_record(text: str, raw: RawQuote, doc_id: str) -> Quote:
    """A ``Quote`` record from a raw quote (speaker name = mention text until resolved)."""
    mention = raw.speaker
    speaker = Speaker(
        name=mention.text if mention is not None else "",
        mention=Span.of(text, mention.start_char, mention.end_char) if mention is not None else None,
    )
    cue = Span.of(text, raw.cue.start_char, raw.cue.end_char) if raw.cue is not None else None
    return Quote(
        id=stable_id(doc_id, raw.start, raw.end, prefix="q"),
        content=Span.of_segments(text, raw.segments),
        direct=raw.direct,
        speaker=speaker,
        cue=cue,
        addressee=_strip_det(raw.addressee.text) if raw.addressee is not None else None,
    )


def _strip_det(text: str) -> str:
    for det in ("the ", "The "):
        if text.startswith(det):
            return text[len(det) :]
    return text


def _internal(raw: RawQuote) -> dict:
    """Fields for the actors component (token index of the speaker), dropped on output."""
    out = {"_speaker_i": raw.speaker.root.i if raw.speaker is not None else None, "_rule": raw.rule}
    if raw.extra.get("joint"):
        out["_joint"] = True  # a joint decision ("A and B agreed to"): an event, not a quote
    if raw.addressee is not None:
        out["_addressee"] = [raw.addressee.start_char, raw.addressee.end_char]
    return out


@Language.factory("parley_quotes", default_config={"cues_path": None})
def make_quotes(nlp: Language, name: str, cues_path: str | None) -> QuoteFinder:
    return QuoteFinder(cues_path)

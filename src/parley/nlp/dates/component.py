"""The ``parley_dates`` component: every date expression of a doc, resolved.

Writes ``doc._.parley_dates`` = ``[DateRef JSON, ...]`` in text order, anchored on
``doc._.parley_meta["published"]`` and skipping the ranges in ``doc._.parley_boilerplate``.
A malformed publication date is treated as missing: relative dates then stay unresolved
rather than failing the whole batch (ingest is where a bad date is reported).

(No ``from __future__ import annotations`` here: spaCy validates factory signatures at
run time and cannot resolve postponed annotations.)
"""

from spacy.language import Language
from spacy.tokens import Doc

from parley.errors import InputError
from parley.nlp.dates.find import find_dates
from parley.nlp.dates.rules import parse_published
from parley.nlp.extensions import meta


class DateFinder:
    """Writes ``doc._.parley_dates``: parley's patterns plus spaCy's DATE entities."""

    def __init__(self, use_entities: bool = True):
        self.use_entities = use_entities

    def __call__(self, doc: Doc) -> Doc:
        try:
            anchor = parse_published(meta(doc).get("published"))
        except InputError:
            anchor = None
        refs = find_dates(
            doc, anchor, skip=doc._.parley_boilerplate or (), entities=self.use_entities
        )
        doc._.parley_dates = [ref.to_json() for ref in refs]
        return doc


@Language.factory("parley_dates", default_config={"use_entities": True})
def make_dates(nlp: Language, name: str, use_entities: bool) -> DateFinder:
    return DateFinder(use_entities)

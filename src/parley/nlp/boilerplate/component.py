"""The ``parley_boilerplate`` component: marks boilerplate ranges on ``doc._``.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures at
run time and cannot resolve postponed annotations.)
"""



from spacy.language import Language
from spacy.tokens import Doc

from parley.nlp.actors.component import trim_name_openers
from parley.nlp.boilerplate.rules import boilerplate_ranges, load_patterns, merge_ranges
from parley.nlp.extensions import meta, text_of


class BoilerplateFinder:
    """Writes ``doc._.parley_boilerplate``: ranges from ingest plus pattern-matched lines."""

    def __init__(self, patterns_path: str | None = None):
        self.pattern = load_patterns(patterns_path)

    def __call__(self, doc: Doc) -> Doc:
        known = [tuple(r) for r in meta(doc).get("boilerplate", [])]
        found = boilerplate_ranges(text_of(doc), self.pattern)
        doc._.parley_boilerplate = [list(r) for r in merge_ranges(known + found)]
        trim_name_openers(doc)  # the first parley component: names made right for all others
        return doc


@Language.factory("parley_boilerplate", default_config={"patterns_path": None})
def make_boilerplate(nlp: Language, name: str, patterns_path: str | None) -> BoilerplateFinder:
    return BoilerplateFinder(patterns_path)

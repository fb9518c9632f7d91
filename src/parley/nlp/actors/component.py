"""The parley_actors component (work in progress: writes an empty list)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("parley_actors")
def parley_actors(doc: Doc) -> Doc:
    doc._.parley_actors = []
    return doc

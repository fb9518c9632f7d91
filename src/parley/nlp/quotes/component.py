"""The parley_quotes component (work in progress: writes an empty list)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("parley_quotes")
def parley_quotes(doc: Doc) -> Doc:
    doc._.parley_quotes = []
    return doc

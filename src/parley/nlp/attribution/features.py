"""The features the attribution model reads: words plus the parse of parley's pipeline."""

from __future__ import annotations

from spacy.attrs import DEP, TAG
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: Token attributes copied from the analysed doc onto the model's own doc. They are hash
#: ids, the same in every vocabulary, so no strings need to travel with them.
FEATURES = [TAG, DEP]


def copy_features(vocab: Vocab, doc: Doc) -> Doc:
    """A new doc in ``vocab`` with the words, spaces, tags and dependency labels of ``doc``."""
    out = Doc(vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    out.from_array(FEATURES, doc.to_array(FEATURES))
    return out

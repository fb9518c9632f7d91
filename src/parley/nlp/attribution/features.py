"""The features the attribution model reads: words plus the parse of parley's pipeline."""

from __future__ import annotations

from spacy.attrs import DEP, ORTH, SPACY, TAG
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: Token attributes copied from the analysed doc onto the model's own doc. They are hash
#: ids, the same in every vocabulary, so no strings need to travel with them.
FEATURES = [TAG, DEP]


def copy_features(vocab: Vocab, doc: Doc) -> Doc:
    """A new doc in ``vocab`` with the words, spaces, tags and dependency labels of ``doc``.

    Words and spaces come out of one ``to_array`` call rather than a walk over the tokens:
    building a ``Token`` object per word cost a third of the model's time.
    """
    arr = doc.to_array([ORTH, SPACY, *FEATURES])
    strings = doc.vocab.strings
    words = [strings[h] for h in arr[:, 0].tolist()]
    out = Doc(vocab, words=words, spaces=arr[:, 1].astype(bool).tolist())
    out.from_array(FEATURES, arr[:, 2:])
    return out

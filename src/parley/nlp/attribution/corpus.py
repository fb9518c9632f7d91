"""The spaCy corpus reader the attribution model is trained with (``training/config.cfg``).

The gold documents (``training/convert.py``) carry the tags and dependency labels of
parley's English pipeline. spaCy's own reader hands the model a bare copy of the words,
so the model would never see those features in training while the component gives them at
run time; this reader copies them onto the predicted side, as the component does.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example

from parley.nlp.attribution.features import copy_features


@spacy.registry.readers("parley.AttributionCorpus.v1")
def attribution_corpus(path: Path) -> Callable[[Language], Iterator[Example]]:
    """Read a DocBin of gold attribution docs as examples with the parse features copied."""

    def read(nlp: Language) -> Iterator[Example]:
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            if len(reference):
                yield Example(copy_features(nlp.vocab, reference), reference)

    return read

"""The ``Doc._`` extensions parley's components write to.

Values are plain JSON-like data (lists, dicts, strings, numbers), never objects: spaCy
serialises ``Doc.user_data`` with msgpack when documents cross process boundaries
(``nlp.pipe(n_process=2)``), and plain data is what survives that.
"""

import weakref

from spacy.tokens import Doc

#: name -> default; every list default is copied per document by spaCy's getter-less form.
EXTENSIONS = {
    "parley_meta": None,  # {"doc_id", "published", "title"} set before the pipeline runs
    "parley_boilerplate": None,  # [[start, end], ...] character ranges of site boilerplate
    "parley_quotes": None,  # [Quote JSON, ...]
    # [[start, end], ...] cues the quote rules refused on purpose ("Neither side confirmed",
    # "the two sides agreed to"): the attribution model's merge adds no quote on them
    "parley_refused_cues": None,
    "parley_actors": None,  # [Actor JSON, ...]
    "parley_dates": None,  # [DateRef JSON, ...]
    "parley_events": None,  # [Event JSON, ...]
    "parley_stances": None,  # [Stance JSON, ...]
}


def register_extensions() -> None:
    """Register every parley extension on ``Doc`` (idempotent)."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def meta(doc: Doc) -> dict:
    """The article metadata attached to ``doc`` (empty dict when none was set)."""
    return doc._.parley_meta or {}


#: Each doc's text, built once: spaCy's ``Doc.text`` joins every token on every access,
#: which the components used to pay a dozen times per article (a fifth of their time).
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per doc (docs' texts never change after tokenisation)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text

"""Registers parley's attribution corpus reader for ``spacy train --code training/corpus.py``."""

from parley.nlp.attribution import corpus  # noqa: F401

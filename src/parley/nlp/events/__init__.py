"""Events: who met, criticised, praised, demanded or rejected what, where and when."""

from parley.nlp.events.lexicon import Kind, Lexicon, Trigger, load_lexicon, parse_lexicon

__all__ = ["Kind", "Lexicon", "Trigger", "load_lexicon", "parse_lexicon"]

"""Site boilerplate: newsletter prompts, share buttons and credits that are not article body."""

from parley.nlp.boilerplate.rules import boilerplate_ranges, load_patterns

__all__ = ["boilerplate_ranges", "load_patterns"]

"""Date expressions resolved against the publication date ("on Friday" -> 2025-04-25)."""

from parley.nlp.dates.find import find_dates
from parley.nlp.dates.rules import Resolution, parse_published, resolve, scan

__all__ = ["Resolution", "find_dates", "parse_published", "resolve", "scan"]

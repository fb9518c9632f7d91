"""parley: who said what, who met whom, and where each party stands, from news text.

The library entry points are imported lazily so that ``import parley.model`` does not
load spaCy::

    import parley
    analysis = parley.analyze(text, published="2025-04-28")
    for quote in analysis.quotes:
        print(quote.speaker.name, quote.content.text)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_article", "analyze_articles", "load_pipeline", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("analyze", "analyze_article", "analyze_articles", "load_pipeline"):
        from parley import api

        return getattr(api, name)
    raise AttributeError(f"module 'parley' has no attribute {name!r}")

"""Make trafilatura importable when ``lxml.html.clean`` is missing.

jusText (a trafilatura dependency) imports ``lxml.html.clean.Cleaner`` at module level; since
lxml 5.2 that module lives in the separate ``lxml_html_clean`` distribution, which the
pinned requirements do not include. trafilatura only uses jusText's paragraph classifier,
never its ``Cleaner``, so a stand-in module lets ``import trafilatura`` succeed. The
stand-in is installed only when the real module cannot be imported, and any use of its
``Cleaner`` raises with the reason. Remove this file once ``lxml-html-clean`` is pinned.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _MissingCleaner:
    """Stand-in for ``lxml.html.clean.Cleaner``: refuses to run, saying why."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise ImportError(
            "lxml.html.clean is not installed (pip install lxml-html-clean); "
            "parley provides only a stand-in so that trafilatura can be imported"
        )


def ensure_lxml_clean() -> bool:
    """Install the stand-in ``lxml.html.clean`` if the real one is missing; True if installed."""
    if "lxml.html.clean" in sys.modules:
        return False
    try:
        import lxml.html.clean  # noqa: F401
    except ImportError:
        stub = types.ModuleType("lxml.html.clean")
        stub.__doc__ = "parley stand-in: the real module is in lxml-html-clean (not installed)."
        stub.Cleaner = _MissingCleaner  # type: ignore[attr-defined]
        stub.clean_html = _MissingCleaner  # type: ignore[attr-defined]
        sys.modules["lxml.html.clean"] = stub
        return True
    return False

"""Import every task's component module so that its factory is registered with spaCy."""

from parley.nlp import hyphens as _hyphens  # noqa: F401
from parley.nlp import paragraphs as _paragraphs  # noqa: F401
from parley.nlp.actors import component as _actors  # noqa: F401
from parley.nlp.attribution import component as _attribution  # noqa: F401
from parley.nlp.boilerplate import component as _boilerplate  # noqa: F401
from parley.nlp.dates import component as _dates  # noqa: F401
from parley.nlp.events import component as _events  # noqa: F401
from parley.nlp.quotes import component as _quotes  # noqa: F401
from parley.nlp.stances import component as _stances  # noqa: F401

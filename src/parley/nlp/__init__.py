"""parley's NLP tasks, each a spaCy component registered at import.

Importing this package registers the factories (``parley_boilerplate``, ``parley_quotes``,
``parley_actors``, ...) and the ``Doc._.parley_*`` extensions, so that a pipeline built
elsewhere can ``nlp.add_pipe("parley_quotes")`` and ``nlp.pipe(..., n_process=2)`` works.
"""

from parley.nlp.extensions import register_extensions

register_extensions()

from parley.nlp import components as _components  # noqa: E402,F401  (registers factories)

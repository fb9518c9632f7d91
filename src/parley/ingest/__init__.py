"""Getting articles in: text files, web pages, feeds and OPML lists, each into an ``Article``.

- ``parley.ingest.files``: ``.txt``/``.html`` files, directories and standard input
  (``iter_sources``, ``read_text_file``);
- ``parley.ingest.html``: a web page's body and metadata via trafilatura
  (``article_from_html``);
- ``parley.ingest.decode``: the byte-to-text rules (UTF-8, BOMs, binary detection, limits).

Importing this package makes ``import trafilatura`` work even where ``lxml.html.clean`` is
not installed (see ``parley.ingest._compat``).
"""

from parley.ingest._compat import ensure_lxml_clean

ensure_lxml_clean()

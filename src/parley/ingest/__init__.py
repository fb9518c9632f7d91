"""Getting articles in: text files, web pages, feeds and OPML lists, each into an ``Article``.

- ``parley.ingest.files``: ``.txt``/``.html`` files, directories and standard input
  (``iter_sources``, ``read_text_file``);
- ``parley.ingest.html``: a web page's body and metadata via trafilatura
  (``article_from_html``);
- ``parley.ingest.decode``: the byte-to-text rules (UTF-8, BOMs, binary detection, limits).
"""

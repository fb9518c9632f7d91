"""Write parley's analyses of a news gold folder as JSONL (for ``parley eval --pred``).

Runs the pipeline on every report with its gold publication date, exactly as
``parley eval --news`` does, and writes one analysis per line. With ``PYTHONPATH`` pointing
at another checkout's ``src``, it records that code's predictions, which this checkout can
then score or group (``docs/world.md``):

    PYTHONPATH=/path/to/other/src .venv/bin/python bench/predict_news.py ../shared/corpus/newsdev > newsdev.jsonl
    .venv/bin/parley eval --news ../shared/corpus/newsdev --pred newsdev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys

from parley.eval.news import read_news
from parley.eval.runner import predict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    args = parser.parse_args(argv)
    golds = [g.as_analysis() for g in read_news(args.folder)]
    for _, analysis in predict(golds):
        sys.stdout.write(json.dumps(analysis.to_json(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

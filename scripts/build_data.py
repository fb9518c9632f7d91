"""Derive parley's open reference data from ``../shared/data`` (run by ``make data``).

Writes, under ``src/parley/data/open/``:

- ``countries.json``: per country or territory its ISO 3166-1 alpha-2 code, common and
  official name, English alternative names, demonyms, capitals, UN membership and region
  (from the mledoze/countries data set, ODbL 1.0);
- ``leaders.json``: heads of state and government with their office and the years they held
  it (from Wikidata via the EveryPolitician world-leaders list, CC0 1.0);
- ``SOURCES.md``: where each came from and under which licence.

Only facts are kept (names, codes, offices, years); the source files are not copied.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "parley" / "data" / "open"

#: Alternative spellings that are codes or non-Latin script are of no use for English text.
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .,'’()\-]+$")
_THE = re.compile(r"^the ", re.IGNORECASE)
#: Wikidata labels that the country list spells otherwise.
RENAMED = {"Turkey": "Türkiye"}
#: Office labels -> the short title articles use.
OFFICE_KINDS = (
    ("supreme leader", "supreme leader"),
    ("vice president", "vice president"),
    ("prime minister", "prime minister"),
    ("premier", "premier"),
    ("chancellor", "chancellor"),
    ("president", "president"),
    ("king", "king"),
    ("queen", "queen"),
    ("emir", "emir"),
    ("sultan", "sultan"),
    ("monarch", "monarch"),
    ("chairman", "chairman"),
    ("chief executive", "chief executive"),
    ("head of government", "head of government"),
    ("head of state", "head of state"),
)


def english_aliases(entry: dict) -> list[str]:
    """Names an English text may use for the country, besides its common name."""
    common = entry["name"]["common"]
    names = [entry["name"]["official"], *entry.get("altSpellings", [])]
    out: list[str] = []
    for name in names:
        name = name.strip()
        if len(name) < 3 or name == common or not _LATIN.match(name):
            continue
        if "," in name:  # "Korea, Republic of": a sorting form, not how text names it
            continue
        if name not in out:
            out.append(name)
    return out


def demonyms(entry: dict) -> list[str]:
    eng = (entry.get("demonyms") or {}).get("eng") or {}
    return sorted({d for d in (eng.get("m"), eng.get("f")) if d})


def build_countries(source: Path) -> list[dict]:
    data = json.loads((source / "countries" / "countries.json").read_text("utf-8"))
    rows = []
    for entry in data:
        rows.append(
            {
                "code": entry["cca2"],
                "name": entry["name"]["common"],
                "official": entry["name"]["official"],
                "aliases": english_aliases(entry),
                "demonyms": demonyms(entry),
                "capitals": [c for c in entry.get("capital", []) if c],
                "un_member": bool(entry.get("unMember")),
                "region": entry.get("region") or None,
            }
        )
    rows.sort(key=lambda r: r["code"])
    return rows


def office_kind(label: str) -> str | None:
    low = label.lower()
    for needle, kind in OFFICE_KINDS:
        if needle in low:
            return kind
    return None


def build_leaders(source: Path, countries: list[dict]) -> tuple[list[dict], list[str]]:
    by_name: dict[str, str] = {}
    for c in countries:
        for name in (c["name"], c["official"], *c["aliases"]):
            by_name.setdefault(name.lower(), c["code"])
    rows, unknown = [], []
    path = source / "world-leaders" / "heads-of-state-and-government.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            label = rec["country"]
            code = by_name.get(label.lower()) or by_name.get(_THE.sub("", label).lower())
            code = code or by_name.get(RENAMED.get(label, "").lower())
            if code is None:
                unknown.append(label)
                continue
            rows.append(
                {
                    "name": rec["officeholderLabel"],
                    "country": code,
                    "office": rec["positionLabel"],
                    "title": office_kind(rec["positionLabel"]),
                    "from_year": int(rec["start_year"]) if rec["start_year"] else None,
                    "to_year": int(rec["end_year"]) if rec["end_year"] else None,
                    "wikidata": rec["officeholder"],
                }
            )
    rows.sort(key=lambda r: (r["country"], r["office"], r["from_year"] or 0, r["name"]))
    return rows, sorted(set(unknown))


SOURCES = """# Open reference data (generated: do not edit by hand)

Made by `scripts/build_data.py` (`make data`) from `../shared/data/`; only facts are kept.
Hand-curated entries in `../actors.json` shadow these.

## countries.json

- What: {n_countries} countries and territories: ISO 3166-1 alpha-2 code, common and official
  English name, English alternative names, demonyms, capitals, UN membership, region.
- Source: the `mledoze/countries` data set (https://github.com/mledoze/countries), snapshot
  of 2026-04-27.
- Licence: this derived database is made available under the Open Database License
  (ODbL 1.0, https://opendatacommons.org/licenses/odbl/1-0/); any rights in individual
  contents of the database are licensed under the Database Contents License. Share it
  under the same licence and keep this notice with it.

## leaders.json

- What: {n_leaders} office holders: heads of state and government of {n_states} states, with the
  office, a short title, and the years the office was held (`to_year` null: in office when
  the list was made, 2024-10-23). No ministers, some states missing (the United States among
  them), nothing after October 2024.
- Source: Wikidata, as published by the EveryPolitician scrapers' `world-leaders` list.
- Licence: Wikidata's data is CC0 1.0 (public domain dedication).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not (args.source / "countries" / "countries.json").is_file():
        print(f"build_data: no open data at {args.source}", file=sys.stderr)
        return 2
    countries = build_countries(args.source)
    leaders, unknown = build_leaders(args.source, countries)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("countries.json", countries), ("leaders.json", leaders)):
        text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
        (args.out / name).write_text(text, encoding="utf-8")
    (args.out / "SOURCES.md").write_text(
        SOURCES.format(
            n_countries=len(countries),
            n_leaders=len(leaders),
            n_states=len({r["country"] for r in leaders}),
        ),
        encoding="utf-8",
    )
    print(f"{len(countries)} countries, {len(leaders)} leaders -> {args.out}")
    if unknown:
        print(f"leaders of unmatched countries skipped: {', '.join(unknown)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

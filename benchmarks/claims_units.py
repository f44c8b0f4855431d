"""Units of the claim extractor, measured apart from the text it was tuned on.

Usage:
  python benchmarks/claims_units.py draw --seed S [--n 80] --corpora ../shared/corpora > DRAWN.json
      Draws N sentences (30-400 characters) at random from BBC and Reuters-21578 (a corpus with equal odds,
      then a document, then a sentence) among those with a unit cue (UNIT_CUE: a currency sign or code, a
      percent sign or word, or a number next to a measurement, money, scale or 'per/a' word), leaving out the
      sentences of the other judged sets; to be annotated by hand (value or bounds and unit of every claim)
      before the extractor runs on them.
  python benchmarks/claims_units.py score [--gold benchmarks/judged/claims_units.json]
         [--quantities ../shared/eval/quantulum3/quantities.json] --out RESULTS
      Scores the annotated sentences (value and value+unit P/R/F1, as benchmarks/claims_quantulum.py) and,
      for the gold claims that have a unit, the share whose value is found with the right unit, by unit class
      (currency, percentage, compound 'per' unit, measure, time, scale-only count); the same by class on
      quantulum3's sentences when given.
Never part of `make test`.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.claims_quantulum import (CHECKS, MODEL, QUANTULUM_UNITS, draw_sentences, match_count,  # noqa: E402
                                         prf, quantulum_gold, quantulum_items)
from pipelines.core.claims import extract_claims  # noqa: E402
from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.nlp import load_model  # noqa: E402

HERE = Path(__file__).resolve().parent
_NUM = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand)"
UNIT_CUE = re.compile(
    r"[$£€¥₩]\s?\d|\b[A-Z]{1,3}\$\s?\d|\b(?:US|A|C|HK|NZ)\$|\d\s?%|\bper\s?cent\b|\bpct\b|\bpercent"
    rf"|\b{_NUM}(?:\s+|-)(?:mln|bln|billion|million|trillion|bn|m)?\s*(?:[a-z]+\s+)?"
    r"(?:dlrs?|dollars?|cts|cents?|pence|p\b|stg|pounds?|yen|euros?|marks?|francs?|lire|crowns?|yuan|rupees?|"
    r"tonnes?|tons?|barrels?|bbls?|bpd|bushels?|lbs?|ounces?|oz|kg|kilos?\w*|grams?|km|kilomet\w*|miles?|mph|"
    r"met(?:re|er)s?|m\b|cm|mm|feet|foot|ft|inch(?:es)?|in\b|yards?|acres?|hectares?|square|sq|cubic|litres?|"
    r"liters?|gallons?|points?|degrees?|C\b|F\b|watts?|MW|GW|kW|megawatts?|bytes?|[KMGT]B\b|GHz|MHz|Mbps|"
    r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|per\b|a\s+(?:share|year|day|"
    r"barrel|tonne|ton|week|month|head|pound|gallon|litre|lb|bushel|hour))", re.I)


def draw(corpora: Path, seed: int, n: int, exclude: set[str]) -> list[dict]:
    """n random sentences with a unit cue (see `draw_sentences`)."""
    drawn = draw_sentences(corpora, seed, n, exclude, lambda s, _: bool(UNIT_CUE.search(s)))
    return [{"n": i, "source": source, "text": text} for i, (source, text) in enumerate(drawn)]


def unit_class(unit: str | None) -> str:
    """The class a gold unit falls in, for the by-class table."""
    u = (unit or "").lower()
    if " per " in u:
        return "compound (per)"
    if u in {"percentage", "percentage point", "basis point", "percentage of gdp"}:
        return "percentage"
    if u in {"dollar", "pound sterling", "penny", "cent", "euro", "japanese yen", "yen"} or any(
            w in u for w in ("dollar", "franc", "mark", "yen", "yuan", "rupee", "crown", "peso", "lira", "euro",
                             "rand", "won", "pound sterling", "krona", "krone", "dime")):
        return "currency"
    if u in {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"} or "year" in u:
        return "time"
    return "measure"


def _predicted(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    return [{"value": c.value, "low": c.value_low, "high": c.value_high, "unit": c.unit, "qualifier": c.qualifier,
             "surface": c.text, "object": c.object_lemma} for c in extract_claims(doc, find_mentions(doc))]


def _by_class(rows: list[tuple[list[dict], list[dict]]]) -> dict:
    """For every gold claim with a unit: found with its value (any unit) and with value and unit, by class."""
    table: dict[str, list[int]] = {}
    for predicted, gold in rows:
        for g in gold:
            if not g.get("unit"):
                continue
            cell = table.setdefault(unit_class(g["unit"]), [0, 0, 0])
            cell[0] += 1
            cell[1] += any(CHECKS["value"](p, g) for p in predicted)
            cell[2] += any(CHECKS["value+unit"](p, g) for p in predicted)
    total = [sum(c[i] for c in table.values()) for i in range(3)]
    return {name: {"gold_with_unit": c[0], "value_found": c[1], "value_and_unit": c[2],
                   "unit_right_of_found_pct": round(100 * c[2] / c[1], 1) if c[1] else None}
            for name, c in sorted({**table, "all": total}.items())}


def score(nlp, items: list[dict], gold_of, range_as_midpoint: bool = False) -> dict:
    """range_as_midpoint: a predicted range counts as its midpoint (quantulum3's gold writes ranges so)."""
    counts = {name: [0, 0, 0] for name in ("value", "value+unit")}
    rows, failures = [], []
    for item in items:
        predicted, gold = _predicted(nlp, item["text"]), gold_of(item)
        for p in predicted if range_as_midpoint else ():
            if p["value"] is None and p["low"] is not None and p["high"] is not None:
                p["value"] = (p["low"] + p["high"]) / 2
        rows.append((predicted, gold))
        hits = {name: match_count(predicted, gold, CHECKS[name]) for name in counts}
        for name, tp in hits.items():
            counts[name][0] += tp
            counts[name][1] += len(predicted)
            counts[name][2] += len(gold)
        if any(tp != len(gold) for tp in hits.values()) or len(predicted) != len(gold):
            failures.append({"text": item["text"],
                             "gold": [[g.get("value", f"{g.get('low')}..{g.get('high')}"), g.get("unit"),
                                       g.get("surface")] for g in gold],
                             "predicted": [[p["value"] if p["value"] is not None else f"{p['low']}..{p['high']}",
                                            p["unit"], p["surface"]] for p in predicted]})
    return {"sentences": len(items), "scores": {name: prf(*c) for name, c in counts.items()},
            "unit_by_class": _by_class(rows), "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--n", type=int, default=80)
    d.add_argument("--corpora", type=Path, default=HERE.parents[1] / "shared" / "corpora")
    s = sub.add_parser("score")
    s.add_argument("--gold", type=Path, default=HERE / "judged" / "claims_units.json")
    s.add_argument("--quantities", type=Path, help="quantulum3 quantities.json (by-class table on it too)")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--label", default="")
    args = parser.parse_args(argv)
    if args.command == "draw":
        known = {item["text"] for item in json.loads((HERE / "claims_news.json").read_text())}
        known |= {item["text"] for item in json.loads((HERE / "judged" / "claims_sentences.json").read_text())["items"]}
        print(json.dumps(draw(args.corpora, args.seed, args.n, known), indent=1, ensure_ascii=False))
        return 0
    nlp = load_model(MODEL)
    gold = json.loads(args.gold.read_text())
    result = {"label": args.label, "model": MODEL, "gold": str(args.gold.resolve().relative_to(HERE.parent)),
              "seed": gold["seed"], "units": score(nlp, gold["items"], lambda item: item["claims"])}
    if args.quantities:
        result["quantulum3"] = score(nlp, quantulum_items(args.quantities), quantulum_gold, range_as_midpoint=True)
        result["quantulum_units_map"] = QUANTULUM_UNITS
    for part in ("units", "quantulum3"):
        if part in result:
            print(part, result[part]["scores"])
            for name, row in result[part]["unit_by_class"].items():
                print(f"  {name:16} {row}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Judged sets of the claim extractor: annotated sentences, and claims sampled from its own output.

Usage:
  python benchmarks/claims_judged.py sentences [--gold benchmarks/judged/claims_sentences.json] --out RESULTS
      Scores the extractor on the hand-annotated sentences: value, value+unit, value+change (as
      benchmarks/claims_quantulum.py) and value+object: a predicted claim matching a gold claim's value
      whose counted thing agrees (head word of object_lemma against the gold head word, or a list of
      accepted heads; both empty agrees).
  python benchmarks/claims_judged.py sample --seed S [--n 50] --corpora ../shared/corpora --out JUDGED.json
      Draws N claims at random from the extractor's output over BBC and Reuters-21578 articles, cleaned as
      the ingest cleans them (documents drawn with the seed, BBC or Reuters with equal odds, until they
      hold 4*N claims counting at most --per-article of each; then N claims drawn among them, at most
      --per-article (default 2; 0 for no cap, as draws before seed 3033 were made) from one document), to
      be judged by hand: each gets `value_ok`, `unit_ok`, `object_ok` (true/false) and a note.
  python benchmarks/claims_judged.py score JUDGED.json [JUDGED.json ...] --out RESULTS
      Counts the verdicts of a judged sample: value, unit, object right, all three right (with the 95 %
      Wilson score interval of that share, which counts claims as independent, and a 95 % percentile
      bootstrap interval resampling whole articles, which allows for claims of one article going wrong
      together); given several samples (of one extractor), each and all pooled.
  python benchmarks/claims_judged.py rescore JUDGED.json [JUDGED.json ...] --corpora ../shared/corpora
          [--rejudged benchmarks/judged/claims_rejudged.json] --out RESULTS
      Re-runs the extractor on the judged claims' documents and re-scores each sample: a claim whose
      value, bounds, unit and object come out as judged keeps its verdict; one that comes out differently
      takes the verdict recorded for that new output in the rejudged file (judged by hand; listed as
      `unjudged` until it is); a claim no longer extracted is right when it was no claim (value wrong, or
      `no_claim` in a rejudged entry marked `gone`: a convention set later, such as table cells), and wrong
      (lost) when it was one. The figure counts the claims still extracted plus the lost ones.
Never part of `make test`.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.claims_quantulum import CHECKS, MODEL, _load_corpora, match_count, prf, same_amount  # noqa: E402
from pipelines.core.claims import extract_claims  # noqa: E402
from pipelines.core.cleaning import clean_article  # noqa: E402
from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.nlp import load_model  # noqa: E402

HERE = Path(__file__).resolve().parent


def _head(obj: str | None) -> str:
    return (obj or "").split(" ")[-1].lower()


def same_object(predicted: dict, gold: dict) -> bool:
    accepted = gold.get("object")
    accepted = accepted if isinstance(accepted, list) else [accepted]
    return _head(predicted["object"]) in {_head(a) for a in accepted}


SENTENCE_CHECKS = {**{k: CHECKS[k] for k in ("value", "value+unit", "value+change")},
                   "value+object": lambda p, g: same_amount(p, g) and same_object(p, g),
                   "value+unit+object": lambda p, g: CHECKS["value+unit"](p, g) and same_object(p, g)}


def _predicted(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    return [{"value": c.value, "low": c.value_low, "high": c.value_high, "unit": c.unit, "qualifier": c.qualifier,
             "surface": c.text, "object": c.object_lemma} for c in extract_claims(doc, find_mentions(doc))]


def _show(c: dict) -> list:
    amount = c["value"] if c.get("value") is not None or c.get("low") is None else f"{c['low']:g}..{c['high']:g}"
    return [amount, c["unit"], c["qualifier"], c["surface"], c.get("object")]


def score_sentences(nlp, gold_path: Path) -> dict:
    data = json.loads(gold_path.read_text())
    counts = {name: [0, 0, 0] for name in SENTENCE_CHECKS}
    failures = []
    for item in data["items"]:
        predicted, gold = _predicted(nlp, item["text"]), item["claims"]
        hits = {name: match_count(predicted, gold, check) for name, check in SENTENCE_CHECKS.items()}
        for name, tp in hits.items():
            counts[name][0] += tp
            counts[name][1] += len(predicted)
            counts[name][2] += len(gold)
        if any(tp != len(gold) for tp in hits.values()) or len(predicted) != len(gold):
            failures.append({"n": item["n"], "text": item["text"], "gold": [_show(g) for g in gold],
                             "predicted": [_show(p) for p in predicted]})
    return {"gold": str(gold_path.resolve().relative_to(HERE.parent)), "sentences": len(data["items"]),
            "scores": {name: prf(*c) for name, c in counts.items()}, "failures": failures}


def _capped(pool: list[dict], per_article: int) -> int:
    """How many claims of the pool can be drawn with at most `per_article` from one document (0: no cap)."""
    if not per_article:
        return len(pool)
    counts: dict[str, int] = {}
    for claim in pool:
        counts[claim["source"]] = counts.get(claim["source"], 0) + 1
    return sum(min(k, per_article) for k in counts.values())


def sample_claims(nlp, corpora: Path, seed: int, n: int, per_article: int = 2) -> list[dict]:
    """N claims drawn with the seed, at most `per_article` of one document (0: no cap)."""
    rng = random.Random(seed)
    bbc, reuters = _load_corpora(corpora)
    pool: list[dict] = []
    seen: set[str] = set()
    while _capped(pool, per_article) < 4 * n:
        if rng.random() < 0.5:
            path = rng.choice(bbc)
            source = f"bbc/{path.parent.name}/{path.name}"
            raw = path.read_text(encoding="utf-8", errors="replace")
            title, _, body = raw.partition("\n")
            cleaned = clean_article(body, "text", title=title)
        else:
            doc = rng.choice(reuters)
            source = f"reuters21578/{doc['id']}"
            cleaned = clean_article(doc["body"], "text", title=doc.get("title"))
        if source in seen:
            continue
        seen.add(source)
        parsed = nlp(cleaned.body)
        for c in extract_claims(parsed, find_mentions(parsed)):
            pool.append({"source": source, "text": c.text, "start_char": c.start_char, "value": c.value,
                         "low": c.value_low, "high": c.value_high, "qualifier": c.qualifier, "unit": c.unit,
                         "currency": c.currency, "object": c.object, "object_lemma": c.object_lemma,
                         "sentence": c.sentence})
    if per_article:
        taken: dict[str, int] = {}
        drawn = []
        for claim in rng.sample(pool, len(pool)):
            if taken.get(claim["source"], 0) < per_article:
                taken[claim["source"]] = taken.get(claim["source"], 0) + 1
                drawn.append(claim)
            if len(drawn) == n:
                break
    else:
        drawn = rng.sample(pool, n)
    for claim in drawn:
        claim.update(value_ok=None, unit_ok=None, object_ok=None, note="")
    return drawn


def wilson_interval(right: int, n: int, z: float = 1.96) -> list[float] | None:
    """The 95 % Wilson score interval of a binomial proportion, in percent."""
    if n == 0:
        return None
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(0.0, 100 * (centre - half)), 1), round(min(100.0, 100 * (centre + half)), 1)]


_ALL_THREE = ("value_ok", "unit_ok", "object_ok")


def article_bootstrap_interval(claims: list[dict], reps: int = 2000, seed: int = 0) -> list[float] | None:
    """The 95 % percentile bootstrap interval of the all-three-right share, in percent, resampling articles
    (claims grouped by `source`) with replacement, so an article whose claims go wrong together weighs as one."""
    groups: dict[str, list[int]] = {}
    for c in claims:
        right = groups.setdefault(c["source"], [0, 0])
        right[0] += all(c[k] for k in _ALL_THREE)
        right[1] += 1
    if not groups:
        return None
    sizes = list(groups.values())
    rng = random.Random(seed)
    shares = []
    for _ in range(reps):
        pick = [sizes[rng.randrange(len(sizes))] for _ in sizes]
        shares.append(sum(g[0] for g in pick) / sum(g[1] for g in pick))
    shares.sort()
    return [round(100 * shares[int(0.025 * reps)], 1), round(100 * shares[int(0.975 * reps) - 1], 1)]


def score_sample(path: Path) -> dict:
    data = json.loads(path.read_text())
    claims = data["claims"]
    judged = [c for c in claims if None not in (c["value_ok"], c["unit_ok"], c["object_ok"])]
    right = {k: sum(bool(c[k]) for c in judged) for k in ("value_ok", "unit_ok", "object_ok")}
    all_three = sum(all(c[k] for k in ("value_ok", "unit_ok", "object_ok")) for c in judged)
    return {"judged": str(path.resolve().relative_to(HERE.parent)), "seed": data["seed"], "claims": len(judged),
            **{k.replace("_ok", "_right"): v for k, v in right.items()}, "all_three_right": all_three,
            "all_three_pct": round(100 * all_three / len(judged), 1) if judged else None,
            "all_three_ci95_wilson": wilson_interval(all_three, len(judged)),
            "articles": len({c["source"] for c in judged}),
            "per_article_cap": data.get("per_article"),
            "all_three_ci95_article_bootstrap": article_bootstrap_interval(judged),
            "wrong": [{"text": c["text"], "sentence": c["sentence"][:200], "note": c["note"]} for c in judged
                      if not all(c[k] for k in ("value_ok", "unit_ok", "object_ok"))]}


def _load_document(corpora: Path, source: str, reuters: dict[str, dict]) -> str:
    """The cleaned body of a sampled document, as `sample_claims` cleaned it."""
    if source.startswith("bbc/"):
        raw = (corpora / source).read_text(encoding="utf-8", errors="replace")
        title, _, body = raw.partition("\n")
        return clean_article(body, "text", title=title).body
    doc = reuters[source.split("/", 1)[1]]
    return clean_article(doc["body"], "text", title=doc.get("title")).body


_OUTPUT_KEYS = ("text", "value", "low", "high", "unit", "object")


def _output(claim: dict) -> tuple:
    return tuple(claim.get(k) for k in _OUTPUT_KEYS)


def rescore_sample(nlp, corpora: Path, path: Path, rejudged: list[dict], reuters: dict[str, dict]) -> dict:
    """Re-extracts the documents of a judged sample and carries, looks up or drops each verdict."""
    data = json.loads(path.read_text())
    verdicts = {(r["seed"], r["source"], r["start_char"], *_output(r)): r for r in rejudged if not r.get("gone")}
    gone = {(r["seed"], r["source"], r["start_char"]): r for r in rejudged if r.get("gone")}
    current: dict[str, dict[int, dict]] = {}
    for source in sorted({c["source"] for c in data["claims"]}):
        parsed = nlp(_load_document(corpora, source, reuters))
        current[source] = {c.start_char: {"text": c.text, "value": c.value, "low": c.value_low,
                                          "high": c.value_high, "unit": c.unit, "object": c.object_lemma}
                           for c in extract_claims(parsed, find_mentions(parsed))}
    rows, counts = [], {"kept": 0, "rejudged": 0, "unjudged": 0, "dropped_non_claims": 0, "lost_claims": 0}
    for claim in data["claims"]:
        judged = {**claim, "object": claim["object_lemma"]}
        now = current[claim["source"]].get(claim["start_char"])
        verdict = None
        if now is None:
            again = gone.get((data["seed"], claim["source"], claim["start_char"]))
            no_claim = again["no_claim"] if again else not claim["value_ok"]
            status = "dropped_non_claims" if no_claim else "lost_claims"
            verdict = (True, True, True) if status == "dropped_non_claims" else (False, False, False)
        elif _output(now) == _output(judged):
            status, verdict = "kept", (claim["value_ok"], claim["unit_ok"], claim["object_ok"])
        else:
            again = verdicts.get((data["seed"], claim["source"], claim["start_char"], *_output(now)))
            status = "rejudged" if again else "unjudged"
            verdict = (again["value_ok"], again["unit_ok"], again["object_ok"]) if again else None
        counts[status] += 1
        rows.append({"source": claim["source"], "start_char": claim["start_char"], "status": status,
                     "then": list(_output(judged)), "now": list(_output(now)) if now else None,
                     "verdict": verdict, "sentence": claim["sentence"][:200]})
    scored = [r for r in rows if r["verdict"] is not None and r["status"] != "dropped_non_claims"]
    all_three = sum(all(r["verdict"]) for r in scored)
    return {"judged": str(path.resolve().relative_to(HERE.parent)), "seed": data["seed"],
            "judged_on": data.get("judged_on", ""), **counts, "claims_scored": len(scored),
            **{f"{k}_right": sum(bool(r["verdict"][i]) for r in scored) for i, k in enumerate(("value", "unit",
                                                                                              "object"))},
            "all_three_right": all_three,
            "all_three_pct": round(100 * all_three / len(scored), 1) if scored else None,
            "all_three_ci95_wilson": wilson_interval(all_three, len(scored)),
            "then_all_three_right": sum(all(c[k] for k in ("value_ok", "unit_ok", "object_ok"))
                                        for c in data["claims"]),
            "changed": [r for r in rows if r["status"] not in ("kept",)],
            "wrong_now": [r for r in scored if not all(r["verdict"])]}


def _pooled(samples: list[dict], judged: list[dict] | None = None) -> dict:
    """Verdict counts summed over samples of one extractor (with the article bootstrap interval when the
    judged claims are given; an article drawn in two samples counts as two)."""
    pooled = {k: sum(s[k] for s in samples) for k in ("claims", "value_right", "unit_right", "object_right",
                                                       "all_three_right")}
    if judged is not None:
        pooled["articles"] = len({c["source"] for c in judged})
        pooled["all_three_ci95_article_bootstrap"] = article_bootstrap_interval(judged)
    pooled["seeds"] = [s["seed"] for s in samples]
    pooled["all_three_pct"] = round(100 * pooled["all_three_right"] / pooled["claims"], 1)
    pooled["all_three_ci95_wilson"] = wilson_interval(pooled["all_three_right"], pooled["claims"])
    return pooled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sentences")
    s.add_argument("--gold", type=Path, default=HERE / "judged" / "claims_sentences.json")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--label", default="", help="what this run is (first run, after, commit)")
    p = sub.add_parser("sample")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--per-article", type=int, default=2, help="at most this many claims of one document (0: no cap)")
    p.add_argument("--corpora", type=Path, default=HERE.parents[1] / "shared" / "corpora")
    p.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("score")
    c.add_argument("judged", type=Path, nargs="+")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--label", default="")
    r = sub.add_parser("rescore")
    r.add_argument("judged", type=Path, nargs="+")
    r.add_argument("--corpora", type=Path, default=HERE.parents[1] / "shared" / "corpora")
    r.add_argument("--rejudged", type=Path, default=HERE / "judged" / "claims_rejudged.json")
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--label", default="")
    args = parser.parse_args(argv)
    if args.command == "rescore":
        nlp = load_model(MODEL)
        rejudged = json.loads(args.rejudged.read_text())["claims"] if args.rejudged.exists() else []
        reuters = {str(d["id"]): d for d in _load_corpora(args.corpora)[1]}
        draws = [rescore_sample(nlp, args.corpora, path, rejudged, reuters) for path in args.judged]
        for d in draws:
            print(d["seed"], {k: d[k] for k in ("kept", "rejudged", "unjudged", "dropped_non_claims", "lost_claims",
                                                "claims_scored", "all_three_right", "all_three_pct",
                                                "then_all_three_right")})
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"label": args.label, "model": MODEL, "draws": draws}, indent=1,
                                       ensure_ascii=False) + "\n")
        print(f"wrote {args.out}")
        return 0
    if args.command == "score":
        samples = [score_sample(path) for path in args.judged]
        judged = []
        for path in args.judged:
            data = json.loads(path.read_text())
            judged += [{**c, "source": f"{data['seed']}:{c['source']}"} for c in data["claims"]
                       if None not in (c["value_ok"], c["unit_ok"], c["object_ok"])]
        result = {"label": args.label, **samples[0]} if len(samples) == 1 else {
            "label": args.label, "samples": samples, "pooled": _pooled(samples, judged)}
    else:
        nlp = load_model(MODEL)
        if args.command == "sample":
            claims = sample_claims(nlp, args.corpora, args.seed, args.n, args.per_article)
            args.out.write_text(json.dumps({"seed": args.seed, "per_article": args.per_article or None,
                                            "how_drawn": __doc__.split("sample --seed")[1].split(
                "python benchmarks")[0].strip(), "claims": claims}, indent=1, ensure_ascii=False) + "\n")
            print(f"wrote {args.out}")
            return 0
        result = {"label": args.label, "model": MODEL, **score_sentences(nlp, args.gold)}
    for key, value in result.items():
        if key not in ("failures", "wrong"):
            print(f"{key}: {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

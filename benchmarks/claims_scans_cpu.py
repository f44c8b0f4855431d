"""CPU seconds of the claim extractor's two text scans, this checkout against another.

Run by hand (never part of `make test`); corpora are arguments:

    .venv/bin/python benchmarks/claims_scans_cpu.py --before /tmp/old-checkout \\
        --bbc ../shared/corpora/bbc --reuters ../shared/corpora/reuters21578.jsonl

Takes BBC files and Reuters records drawn at random (--seed), cleans them as the pipeline
does, then times, in fresh interpreters with each checkout first on the path, taking turns,
the two scans `extract_claims` makes over every article's text: `blocked_mask` (dates, clock
times, links: spans no claim may start in) and the `CORE` figure scan (every match, as the
extractor's loop searches them). CPU seconds (process time, so other people's load distorts
them little), the fastest of --rounds per side; and a hash of every span and group each scan
found, which must be the same on both sides. Writes benchmarks/results/claims_scans_cpu.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the checkout under test: argv = texts json, output json.
RUN = r"""
import hashlib, json, sys, time
from pipelines.core.claims.numbers import blocked_mask
from pipelines.core.claims.patterns import CORE
texts = json.load(open(sys.argv[1], encoding="utf-8"))

def core_scan(text):
    return [(m.span(), m.groupdict()) for m in CORE.finditer(text)]

def timed(scan):
    start = time.process_time()
    found = [scan(t) for t in texts]
    return time.process_time() - start, found

blocked_s, masks = timed(blocked_mask)
core_s, matches = timed(core_scan)
digest = hashlib.sha1(json.dumps([[m.hex() for m in masks], matches]).encode()).hexdigest()
json.dump({"blocked_mask": blocked_s, "core_scan": core_s, "sha1": digest}, open(sys.argv[2], "w"))
"""


def _texts(bbc: Path | None, bbc_files: int, reuters: Path | None, reuters_records: int, seed: int) -> dict:
    from pipelines.core import cleaning
    from pipelines.core.decoding import decode

    rng = random.Random(seed)
    raw: list[tuple[str, str]] = []
    if bbc:
        files = sorted(p for p in bbc.glob("*/*.txt"))
        for path in rng.sample(files, min(bbc_files, len(files))):
            raw.append(("text", decode(path.read_bytes()).text))
    if reuters:
        records = [json.loads(line) for line in reuters.read_text(encoding="utf-8").splitlines() if line.strip()]
        for record in rng.sample(records, min(reuters_records, len(records))):
            raw.append(("jsonl", record.get("body") or ""))
    texts = []
    for fmt, text in raw:
        try:
            texts.append(cleaning.clean_article(text, fmt).body)
        except cleaning.EmptyArticleError:
            continue
    return {"texts": texts, "chars": sum(map(len, texts))}


def _revision(checkout: Path) -> str:
    out = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or str(checkout)


def _run(checkout: Path, texts_file: Path) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = Path(out.name)
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    subprocess.run([sys.executable, "-c", RUN, str(texts_file), str(out_path)], cwd=checkout, env=env, check=True)
    result = json.loads(out_path.read_text())
    out_path.unlink()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout to compare against")
    parser.add_argument("--before-revision", help="its revision, when it is an export without .git")
    parser.add_argument("--after", type=Path, default=ROOT, help="checkout under test (default: this one)")
    parser.add_argument("--bbc", type=Path)
    parser.add_argument("--bbc-files", type=int, default=400)
    parser.add_argument("--reuters", type=Path)
    parser.add_argument("--reuters-records", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2812)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--label", default="")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "claims_scans_cpu.json")
    args = parser.parse_args()
    corpus = _texts(args.bbc, args.bbc_files, args.reuters, args.reuters_records, args.seed)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(corpus["texts"], f)
        texts_file = Path(f.name)
    sides = {"before": args.before, "after": args.after}
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    load_avg = os.getloadavg()
    for round_no in range(args.rounds):
        for name in (("before", "after") if round_no % 2 == 0 else ("after", "before")):
            runs[name].append(_run(sides[name], texts_file))
    texts_file.unlink()
    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "label": args.label,
        "load_avg": load_avg,
        "inputs": {"bbc_files": args.bbc_files if args.bbc else 0,
                   "reuters_records": args.reuters_records if args.reuters else 0,
                   "seed": args.seed, "texts": len(corpus["texts"]), "chars": corpus["chars"]},
        "rounds": args.rounds,
        "same_output": len({r["sha1"] for rs in runs.values() for r in rs}) == 1,
        "sides": {},
    }
    for name, checkout in sides.items():
        best = {scan: min(r[scan] for r in runs[name]) for scan in ("blocked_mask", "core_scan")}
        revision = args.before_revision if name == "before" and args.before_revision else _revision(checkout)
        result["sides"][name] = {"revision": revision, "fastest_cpu_seconds": {
            **{k: round(v, 3) for k, v in best.items()}, "both": round(sum(best.values()), 3)},
            "runs": runs[name]}
    b, a = result["sides"]["before"]["fastest_cpu_seconds"], result["sides"]["after"]["fastest_cpu_seconds"]
    result["change"] = {k: round((a[k] - b[k]) / b[k], 3) for k in b}
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("inputs", "same_output", "change")}, indent=1))
    print(f"before {b}\nafter  {a}\nwritten {args.out}")
    return 0 if result["same_output"] else 1


if __name__ == "__main__":
    sys.exit(main())

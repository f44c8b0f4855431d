"""Cost of the NLP step per article: the spaCy parse plus newsetl's extractors, now vs a baseline.

Run by hand (never part of `make test`), e.g.:

    git archive <base-commit> | tar -x -C /tmp/base
    .venv/bin/python benchmarks/entities_cost.py ../shared/corpora/bbc --limit 300 --baseline-src /tmp/base

The articles are parsed once with the model alone (timed: the parse is the same for both
versions); then `extract_rows` (mentions, quotes, claims: what the NLP step runs after the
parse) is timed on the same parsed docs with this checkout's code and, in a subprocess,
with the baseline checkout's code. Runs alternate and the fastest of `--repeat` is kept,
which damps (does not remove) the noise of a shared machine. One-time loads (gazetteer,
given names, word lists: once per worker process) are reported apart.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TIMER = r"""
import sys, time, json
sys.path.insert(0, sys.argv[1])
from spacy.tokens import DocBin
from pipelines.core.nlp import load_model
import pipelines.core.extraction as ex
nlp = load_model(sys.argv[3])
docs = list(DocBin().from_bytes(open(sys.argv[2], 'rb').read()).get_docs(nlp.vocab))
t = time.perf_counter(); ex.extract_rows(docs[0]); first = time.perf_counter() - t  # one-time loads
t = time.perf_counter()
for d in docs:
    ex.extract_rows(d)
print(json.dumps({"seconds": time.perf_counter() - t, "first_call": first, "module": ex.__file__}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a folder of .txt articles (e.g. the BBC corpus)")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-src", type=Path, required=True, help="a checkout of the baseline commit")
    parser.add_argument("--model", default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "entities_cost_bbc.json")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from spacy.tokens import DocBin

    from pipelines.core.nlp import load_model
    from pipelines.settings import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    files = sorted(p for p in args.corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    files = sorted(random.Random(args.seed).sample(files, min(args.limit, len(files))))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    nlp = load_model(model)
    list(nlp.pipe(texts[:2]))
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_seconds = time.perf_counter() - started
    cache = Path("/tmp") / f"entities_cost_{args.seed}_{len(docs)}.docbin"
    bin_ = DocBin(store_user_data=False)
    for d in docs:
        bin_.add(d)
    cache.write_bytes(bin_.to_bytes())

    def timed(src: Path) -> dict:
        out = subprocess.run([sys.executable, "-c", _TIMER, str(src), str(cache), model],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    runs: dict[str, list[dict]] = {"baseline": [], "current": []}
    for _ in range(args.repeat):
        runs["baseline"].append(timed(args.baseline_src))
        runs["current"].append(timed(ROOT))
    base = min(r["seconds"] for r in runs["baseline"])
    cur = min(r["seconds"] for r in runs["current"])
    n = len(docs)
    result = {
        "benchmark": "benchmarks/entities_cost.py",
        "corpus": str(args.corpus), "articles": n, "seed": args.seed, "model": model,
        "note": "one process; fastest of the repeats; the machine is shared (2 cores, several sessions): contended",
        "parse_seconds": round(parse_seconds, 2),
        "extractors_seconds": {"baseline": round(base, 2), "current": round(cur, 2)},
        "one_time_load_seconds": {"baseline": round(min(r["first_call"] for r in runs["baseline"]), 2),
                                  "current": round(min(r["first_call"] for r in runs["current"]), 2)},
        "nlp_step_ms_per_article": {"baseline": round(1000 * (parse_seconds + base) / n, 1),
                                    "current": round(1000 * (parse_seconds + cur) / n, 1)},
        "nlp_step_cost_change": round((parse_seconds + cur) / (parse_seconds + base) - 1, 4),
        "all_runs": runs,
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "all_runs"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

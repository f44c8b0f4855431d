"""How many sentences change when a figure's scale and its full stop ('£40m. The club said') end a
sentence (`scale_sentences` in pipelines/core/nlp.py).

Every BBC article is cleaned as the cleaning stage does (`clean_article`); the bodies whose tokens
hold a scale's full stop after a figure (the tokenizer's 'm.', '2.174T.') followed by a capitalised
word are parsed with the pipeline's sentence rules, with and without `scale_sentences` (tok2vec and
parser only: the rest plays no part in sentences). Counts: articles and scale full stops that
qualify, sentences before/after, sentences that differ (in either parse and not the other), and a
seeded sample of the changed boundaries to read.

    nice .venv/bin/python benchmarks/scale_sentences.py --corpus /work/shared/corpora/bbc \
        --seed 1107 --out benchmarks/results/scale_sentences_bbc.json
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, required=True, help="seed of the sample of changed boundaries")
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from pipelines.core.cleaning import EmptyArticleError, clean_article
    from pipelines.core.nlp import SCALE_SENTENCES, _is_scaled_figure_end, load_model
    from pipelines.settings import get_settings

    nlp = load_model(get_settings().spacy_model)
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in ("tok2vec", "parser") or "sentences" in p])
    files = sorted(args.corpus.rglob("*.txt"))
    started = time.perf_counter()
    candidates, stops = [], 0
    for f in files:
        try:
            body = clean_article(_read(f), "text").body
        except EmptyArticleError:
            continue
        doc = nlp.tokenizer(body)
        n = sum(1 for t in doc[:-1] if t.whitespace_ and _is_scaled_figure_end(doc, t)
                and doc[t.i + 1].text.lstrip("\"'“‘«([")[:1].isupper())
        if n:
            candidates.append((f, body))
            stops += n
    before_n = after_n = changed_before = changed_after = articles_changed = 0
    changes = []
    texts = [b for _, b in candidates]
    with nlp.select_pipes(disable=[SCALE_SENTENCES]):
        before_docs = list(nlp.pipe(texts, batch_size=32))
    after_docs = list(nlp.pipe(texts, batch_size=32))
    for (f, _), before, after in zip(candidates, before_docs, after_docs):
        b = {(s.start_char, s.end_char) for s in before.sents}
        a = {(s.start_char, s.end_char) for s in after.sents}
        before_n, after_n = before_n + len(b), after_n + len(a)
        changed_before += len(b - a)
        changed_after += len(a - b)
        articles_changed += b != a
        for s, e in sorted(b - a):
            changes.append({"file": str(f.relative_to(args.corpus)), "before": before.text[s:e].strip()[:400],
                            "after": [after.text[x:y].strip()[:300] for x, y in sorted(a - b) if s <= x < e]})
    sample = random.Random(args.seed).sample(changes, min(args.sample, len(changes)))
    result = {
        "corpus": str(args.corpus), "articles": len(files), "load_average": list(os.getloadavg()),
        "articles_with_a_scale_full_stop_before_a_capital": len(candidates),
        "scale_full_stops_before_a_capital": stops,
        "articles_whose_sentences_change": articles_changed,
        "sentences_in_those_articles_before": before_n, "sentences_in_those_articles_after": after_n,
        "sentences_only_before": changed_before, "sentences_only_after": changed_after,
        "sample_seed": args.seed, "sample_of_changed_sentences": sample,
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "sample_of_changed_sentences"}, indent=2))


if __name__ == "__main__":
    main()

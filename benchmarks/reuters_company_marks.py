"""Newswire company marks ('<Acme Corp>', a stock symbol '<ACME>' after a name) in a JSONL corpus:
how many records carry them, what cleaning leaves of them, and what the NLP pass makes of the
cleaned bodies of a seeded sample of those records (mentions and quotes holding a bracket).

Runs against whichever code is on PYTHONPATH (so the same script measures the code before and after
a change). Run by hand, e.g.:

    nice .venv/bin/python benchmarks/reuters_company_marks.py \
        --corpus /work/shared/corpora/reuters21578.jsonl --sample 300 --seed 4242 \
        --label after --out benchmarks/results/reuters_company_marks_after.json
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

# What the corpus marks (counted on the record's body as given, whatever the code does with it).
_MARK = re.compile(r"<([^<>\n=\"/!]{1,60}(?:\n[ ]*[^<>\n=\"/!]{1,60})?)>")
_SYMBOL = re.compile(r"(?:[A-Z0-9&-]+|[a-z0-9&-]+)(?:\.[A-Za-z]{1,3})*\.?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--examples", type=int, default=8)
    args = parser.parse_args()
    sys.path.insert(0, os.environ.get("PYTHONPATH", "") or str(Path(__file__).resolve().parent.parent))
    from pipelines.core.cleaning import EmptyArticleError, clean_article

    started = time.perf_counter()
    records = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    marked, cleaned_bodies = [], {}
    counts = {"records": len(records), "records_with_marks": 0, "marks": 0, "symbol_marks": 0, "name_marks": 0,
              "cleaned_bodies_with_a_mark_left": 0, "marks_left_in_cleaned_bodies": 0, "records_not_cleaned": 0}
    examples = []
    for i, record in enumerate(records):
        body = record.get("body") or ""
        found = [m[1].strip() for m in _MARK.finditer(body) if m[1].strip()]
        if not found:
            continue
        counts["records_with_marks"] += 1
        counts["marks"] += len(found)
        counts["symbol_marks"] += sum(1 for f in found if _SYMBOL.fullmatch(f))
        counts["name_marks"] += sum(1 for f in found if not _SYMBOL.fullmatch(f))
        marked.append(i)
        try:
            cleaned = clean_article(body, "jsonl", title=record.get("title"))
        except EmptyArticleError:
            counts["records_not_cleaned"] += 1
            continue
        cleaned_bodies[i] = cleaned.body
        left = [m for m in _MARK.finditer(cleaned.body) if m[1].strip()]
        if left:
            counts["cleaned_bodies_with_a_mark_left"] += 1
            counts["marks_left_in_cleaned_bodies"] += len(left)
        if len(examples) < args.examples:
            first = _MARK.search(body)
            examples.append({"record": i, "given": body[max(0, first.start() - 60):first.end() + 60],
                             "cleaned": cleaned.body[:300]})
    from pipelines.core.entities import find_mentions
    from pipelines.core.nlp import load_model
    from pipelines.core.quotes import extract_quotes
    from pipelines.settings import get_settings

    sample = sorted(random.Random(args.seed).sample(sorted(cleaned_bodies), min(args.sample, len(cleaned_bodies))))
    nlp = load_model(get_settings().spacy_model)
    nlp_counts = {"sample_records": len(sample), "seed": args.seed, "mentions": 0, "mentions_holding_a_bracket": 0,
                  "quotes": 0, "quotes_holding_a_bracket": 0, "sentences": 0,
                  "sentences_starting_or_ending_at_a_bracket": 0}
    bracket_mentions = []
    for doc in nlp.pipe([cleaned_bodies[i] for i in sample], batch_size=32):
        mentions = find_mentions(doc)
        quotes = extract_quotes(doc, mentions)
        nlp_counts["mentions"] += len(mentions)
        held = [m.text for m in mentions if "<" in m.text or ">" in m.text]
        nlp_counts["mentions_holding_a_bracket"] += len(held)
        bracket_mentions += held[:2] if len(bracket_mentions) < args.examples else []
        nlp_counts["quotes"] += len(quotes)
        nlp_counts["quotes_holding_a_bracket"] += sum(
            1 for q in quotes if any("<" in (t or "") or ">" in (t or "") for t in (q.text, q.speaker_mention)))
        for sent in doc.sents:
            nlp_counts["sentences"] += 1
            words = sent.text.strip()
            if words[:1] in "<>" or words[-1:] in "<>":
                nlp_counts["sentences_starting_or_ending_at_a_bracket"] += 1
    nlp_counts["examples_of_mentions_holding_a_bracket"] = bracket_mentions[:args.examples]
    result = {"label": args.label, "corpus": str(args.corpus), "cleaning": counts, "nlp_sample": nlp_counts,
              "examples": examples, "seconds": round(time.perf_counter() - started, 1),
              "load_average": list(os.getloadavg())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "examples"}, indent=2))


if __name__ == "__main__":
    main()

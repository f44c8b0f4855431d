"""Newswire company marks ('<Acme Corp>', a symbol '<ACME>') in the titles of a JSONL corpus, and the
mark forms a name led by a figure ('<1st Acme Savings>') and a symbol in lower case ('<acm>'): how many
records give them, and how many are left after cleaning (`clean_article`, title included).

Runs against whichever code is on PYTHONPATH (so the same script measures the code before and after a
change). Run by hand, e.g.:

    nice .venv/bin/python benchmarks/reuters_title_marks.py --corpus /work/shared/corpora/reuters21578.jsonl \
        --label after --out benchmarks/results/reuters_title_marks_after.json
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

# What the corpus marks (counted on the record as given, whatever the code does with it).
_MARK = re.compile(r"<([^<>\n=\"/!]{1,60}(?:\n[ ]*[^<>\n=\"/!]{1,60})?)>")
_LOWER_SYMBOL = re.compile(r"<\s*[a-z0-9&-]*[a-z][a-z0-9&-]*(?:\.[A-Za-z]{1,3})*\.?\s*>")
_FIGURE_NAME = re.compile(r"<\s*\d[^<>\s]*\s+[A-Z][^<>]*>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, os.environ.get("PYTHONPATH", "") or str(Path(__file__).resolve().parent.parent))
    from pipelines.core.cleaning import EmptyArticleError, clean_article

    started = time.perf_counter()
    counts = {"records": 0, "records_not_cleaned": 0, "titles_with_marks": 0, "title_marks": 0,
              "cleaned_titles_with_a_mark_left": 0, "marks_left_in_cleaned_titles": 0,
              "lower_case_symbols_given": 0, "lower_case_symbols_left_as_words": 0,
              "figure_led_names_given": 0, "figure_led_names_left_bracketed": 0}
    examples = []
    for line in args.corpus.open(encoding="utf-8"):
        if not line.strip():
            continue
        record = json.loads(line)
        counts["records"] += 1
        title, body = record.get("title") or "", record.get("body") or ""
        given = [m for m in _MARK.finditer(title) if m[1].strip()]
        lower = [m[0] for m in _LOWER_SYMBOL.finditer(title + "\n" + body)]
        figure_led = [m[0] for m in _FIGURE_NAME.finditer(title + "\n" + body)]
        if not (given or lower or figure_led):
            continue
        try:
            cleaned = clean_article(body, "jsonl", title=title)
        except EmptyArticleError:
            counts["records_not_cleaned"] += 1
            continue
        out = (cleaned.title or "") + "\n" + cleaned.body
        if given:
            counts["titles_with_marks"] += 1
            counts["title_marks"] += len(given)
            left = [m for m in _MARK.finditer(cleaned.title or "") if m[1].strip()]
            counts["cleaned_titles_with_a_mark_left"] += bool(left)
            counts["marks_left_in_cleaned_titles"] += len(left)
            if len(examples) < args.examples:
                examples.append({"given": title, "cleaned": cleaned.title})
        counts["lower_case_symbols_given"] += len(lower)
        # left as a word: the symbol's letters stand in the cleaned text without their brackets
        counts["lower_case_symbols_left_as_words"] += sum(
            1 for s in lower if re.search(rf"(?<![<\w.]){re.escape(s.strip('<> '))}(?![>\w])", out))
        counts["figure_led_names_given"] += len(figure_led)
        counts["figure_led_names_left_bracketed"] += sum(1 for s in figure_led if s in out)
    result = {"label": args.label, "corpus": str(args.corpus), "counts": counts, "title_examples": examples,
              "seconds": round(time.perf_counter() - started, 1), "load_average": list(os.getloadavg())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(counts, indent=2))


if __name__ == "__main__":
    main()

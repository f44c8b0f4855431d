"""The judged outside-news statements of earlier draws, looked up in a warehouse built at newer code.

Each judged quote of `benchmarks/judged/quotes_news_s<seed>.json` is found again in a warehouse
built by `quotes_judged.py build` (the same BBC files and the same Reuters sample, seed 31): its
article is the one whose body holds the judged context, its quote the stored one that overlaps
the judged span most. What changed (speaker, speaker mention, span) is listed to be read against
the judge's note; the rest keeps its judgment.

    .venv/bin/python benchmarks/quotes_judged_recheck.py --keep /tmp/quotes.duckdb --seeds 3101 3110 \
        --out benchmarks/results/quotes_judged_dev_recheck_r7.json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines import warehouse  # noqa: E402

JUDGED = Path(__file__).resolve().parent / "judged"


def _plain(context: str) -> tuple[str, int, int]:
    """The context without its [[ ]] marks, and the quote's offsets in it."""
    start = context.index("[[")
    end = context.index("]]", start)
    return context[:start] + context[start + 2 : end] + context[end + 2 :], start, end - 2


def recheck(db: Path, seeds: list[int]) -> dict:
    """Every judged statement of `seeds` against the quotes the warehouse now stores."""
    with warehouse.connect(str(db), read_only=True) as con:
        articles = con.execute("SELECT article_id, source_path, body FROM articles").fetchall()
        quotes = con.execute("""SELECT article_id, start_char, end_char, text, speaker, speaker_mention
                                FROM quotes""").fetchall()
    by_article: dict[str, list[tuple]] = {}
    for row in quotes:
        by_article.setdefault(row[0], []).append(row[1:])
    items, missing, unchanged = [], 0, 0
    for seed in seeds:
        path = JUDGED / f"quotes_news_s{seed}.json"
        if not path.exists():
            continue  # a seed drawn for other items (threshold pairs)
        judged = json.loads(path.read_text(encoding="utf-8"))
        for item in judged["items"]:
            if not item.get("gold_is_quote"):
                continue
            plain, q_start, q_end = _plain(item["context"])
            tail = "/".join(item["source"].split("/")[-2:])
            found = next(((aid, body.find(plain)) for aid, path, body in articles
                          if path.endswith(tail) and plain in body), None)
            if found is None:
                missing += 1
                continue
            aid, offset = found
            start, end = offset + q_start, offset + q_end
            overlap = [(min(e, end) - max(s, start), s, e, text, speaker, mention)
                       for s, e, text, speaker, mention in by_article.get(aid, []) if s < end and start < e]
            best = max(overlap, default=None)
            now = {"text": best[3], "speaker": best[4], "speaker_mention": best[5]} if best else None
            was = {"text": item["text"], "speaker": item["speaker"], "speaker_mention": item["speaker_mention"]}
            if now == was:
                unchanged += 1
                continue
            items.append({"seed": seed, "quote_id": item["quote_id"], "source": item["source"],
                          "judged_speaker_ok": item["gold_speaker_ok"], "judged_span_ok": item["gold_span_ok"],
                          "judge_note": item["gold_speaker"], "was": was, "now": now,
                          "speaker_context": item["speaker_context"]})
    return {"seeds": seeds, "statements": unchanged + len(items) + missing, "unchanged": unchanged,
            "not_found": missing, "changed": len(items), "items": items}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="the warehouse built at the newer code")
    parser.add_argument("--seeds", type=int, nargs=2, required=True, metavar=("FIRST", "LAST"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    result = recheck(args.keep, list(range(args.seeds[0], args.seeds[1] + 1)))
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print({k: v for k, v in result.items() if k != "items"})


if __name__ == "__main__":
    main()

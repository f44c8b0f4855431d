"""How many articles have a sentence running across a paragraph break whose paragraph has no
sentence-final punctuation: a title (or a subhead) glued by the parser to the sentence after it.

Each BBC file is parsed by the pipeline's spaCy model (`nlp.load_model`, the sentence rules of
pipelines/core/nlp.py; the parser alone decides sentences): its head as the file has it (title line,
blank line, first paragraph: what `newsetl extract` parses first; `--whole` for the whole file) and,
with `--cleaned`, as the cleaning stage leaves its body (`clean_article`: the title taken out). For each
text, a glued sentence is one that starts in a paragraph not ending in sentence-final punctuation
and ends in a later paragraph. Counts per text kind: articles with one, glued sentences, and of
them those holding the title (the file's first line).

Run by hand, e.g.:

    nice .venv/bin/python benchmarks/title_sentences.py --corpus /work/shared/corpora/bbc \
        --label before --out benchmarks/results/title_sentences_bbc_before.json
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def glued(doc) -> list[tuple[int, int]]:
    """(start, end) of each sentence crossing a blank line after a paragraph with no sentence end."""
    text, out = doc.text, []
    for sent in doc.sents:
        inner = text[sent.start_char:sent.end_char].rstrip()
        for m in re.finditer(r"\n[ \t]*\n", inner):
            before = inner[:m.start()].rstrip()
            if before and not _ENDS_SENTENCE.search(before):
                out.append((sent.start_char, sent.end_char))
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--whole", action="store_true", help="parse whole files, not their title and first paragraph")
    parser.add_argument("--cleaned", action="store_true", help="also parse the cleaned bodies (whole)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from pipelines.core.cleaning import clean_article
    from pipelines.core.nlp import load_model
    from pipelines.settings import get_settings

    nlp = load_model(get_settings().spacy_model)
    # Sentences are the parser's (after the sentence rules): the tagger, lemmas and entities play no part.
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in ("tok2vec", "parser") or "sentences" in p])
    files = sorted(args.corpus.rglob("*.txt"))[:args.limit]
    started = time.perf_counter()
    result = {"label": args.label, "corpus": str(args.corpus), "articles": len(files),
              "file_text_parsed": "whole file" if args.whole else "title line and first paragraph",
              "load_average": list(os.getloadavg())}
    kinds = ("file_text", "cleaned_body") if args.cleaned else ("file_text",)
    for kind in kinds:
        texts, titles = [], []
        for f in files:
            raw = _read(f)
            titles.append(raw.strip().split("\n")[0].strip())
            if kind == "cleaned_body":
                texts.append(clean_article(raw, "text").body)
            else:
                texts.append(raw if args.whole else "\n\n".join(re.split(r"\n[ \t]*\n", raw.strip(), maxsplit=2)[:2]))
        affected = glued_count = with_title = 0
        examples = []
        for f, title, doc in zip(files, titles, nlp.pipe(texts, batch_size=32)):
            found = glued(doc)
            if found:
                affected += 1
                glued_count += len(found)
                with_title += sum(1 for s, e in found if title and title in doc.text[s:e])
                if len(examples) < args.examples:
                    s, e = found[0]
                    examples.append({"file": str(f.relative_to(args.corpus)), "sentence": doc.text[s:e][:300]})
        result[kind] = {"articles_with_a_glued_sentence": affected, "glued_sentences": glued_count,
                        "glued_sentences_holding_the_title": with_title, "examples": examples}
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k not in kinds}
                     | {k: {kk: vv for kk, vv in result[k].items() if kk != "examples"} for k in kinds}, indent=2))


if __name__ == "__main__":
    main()

"""Entity mentions on CoNLL-2003 (Reuters news): the pipeline's mentions vs the bare model.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/entities_conll.py ../shared/eval/conll2003/valid.txt --split valid

Each document's text is rebuilt from its tokens (one space between tokens, one line per
sentence) with every token's offset recorded, so a predicted span matches a gold entity
only when it starts and ends on the same characters. Both systems see the same text:
- `pipeline`: the mentions newsetl stores (`find_mentions` as run inside the NLP step,
  label after the pipeline's repairs), less role phrases ('the U.S. president',
  `mention_source = 'role'`): they stand for a person but are no names, which is all
  CoNLL annotates (their number is reported);
- `bare`: the model's own `doc.ents` (same package, no newsetl component).
spaCy's OntoNotes labels map to CoNLL's four types as the data set's README says
(GPE/LOC/FAC -> LOC; NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE -> MISC); numeric and
date labels have no counterpart and are dropped. A prediction is right when span and
mapped type both match (typed P/R/F1, micro-averaged; per type too).

The run also times the NLP step (model + newsetl's extractors) against the bare model
on the same documents, one process, so the cost the pipeline adds per article is known.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.settings import DEFAULT_MODEL, PROJECT_ROOT  # noqa: E402

TYPE_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
            "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
            "LANGUAGE": "MISC"}
TYPES = ("PER", "LOC", "ORG", "MISC")


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag). `-DOCSTART-` starts a document."""
    docs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        parts = raw.split()
        if not parts:
            if sentence and docs:
                docs[-1].append(sentence)
            sentence = []
            continue
        if parts[0] == "-DOCSTART-":
            if sentence and docs:
                docs[-1].append(sentence)
            sentence = []
            docs.append([])
            continue
        sentence.append((parts[0], parts[-1]))
    if sentence and docs:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def rebuild(doc: list[list[tuple[str, str]]]) -> tuple[str, set[tuple[int, int, str]]]:
    """Text of a document and its gold entities as (start_char, end_char, type).

    Tags may be IOB1 (eng.testa: I- opens an entity unless it continues one of the same
    type) or IOB2; both are read the same way: B- always opens, I- opens after O or
    after another type."""
    text_parts: list[str] = []
    gold: set[tuple[int, int, str]] = set()
    offset = 0
    for k, sentence in enumerate(doc):
        if k:
            text_parts.append("\n")
            offset += 1
        current: list = []  # [start, end, type]
        for i, (token, tag) in enumerate(sentence):
            if i:
                text_parts.append(" ")
                offset += 1
            start, end = offset, offset + len(token)
            text_parts.append(token)
            offset = end
            prefix, _, etype = tag.partition("-")
            if tag == "O":
                if current:
                    gold.add(tuple(current))
                current = []
            elif prefix == "B" or not current or current[2] != etype:
                if current:
                    gold.add(tuple(current))
                current = [start, end, etype]
            else:
                current[1] = end
        if current:
            gold.add(tuple(current))
    return "".join(text_parts), gold


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def score(pred: list[set], gold: list[set]) -> dict:
    out = {"overall": prf(sum(len(p & g) for p, g in zip(pred, gold)), sum(map(len, pred)), sum(map(len, gold)))}
    for t in TYPES:
        pt = [{x for x in p if x[2] == t} for p in pred]
        gt = [{x for x in g if x[2] == t} for g in gold]
        out[t] = prf(sum(len(p & g) for p, g in zip(pt, gt)), sum(map(len, pt)), sum(map(len, gt)))
    # Untyped: span right, type ignored (how much is a labelling vs a boundary problem).
    spans_p = [{x[:2] for x in p} for p in pred]
    spans_g = [{x[:2] for x in g} for g in gold]
    out["untyped"] = prf(sum(len(p & g) for p, g in zip(spans_p, spans_g)), sum(map(len, spans_p)),
                         sum(map(len, spans_g)))
    return out


def errors(texts: list[str], pred: list[set], gold: list[set], limit: int = 40) -> dict:
    """The commonest wrong predictions and misses, with their text (for reading, not scoring)."""
    wrong: Counter = Counter()
    missed: Counter = Counter()
    for text, p, g in zip(texts, pred, gold):
        for s, e, t in p - g:
            wrong[f"{text[s:e]} [{t}]"] += 1
        for s, e, t in g - p:
            missed[f"{text[s:e]} [{t}]"] += 1
    return {"false_positives": wrong.most_common(limit), "misses": missed.most_common(limit)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="a CoNLL-2003 file (TOKEN ... TAG per line)")
    parser.add_argument("--split", default=None, help="name used in the results file (default: the file's stem)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    from pipelines.core.entities import find_mentions
    from pipelines.core.entities.mentions import stored_span
    from pipelines.core.extraction import load_extraction_pipeline
    from pipelines.core.nlp import load_model

    docs = read_conll(args.path)
    built = [rebuild(d) for d in docs]
    texts = [t for t, _ in built]
    gold = [g for _, g in built]

    bare_nlp = load_model(args.model)
    pipe_nlp = load_extraction_pipeline(args.model)
    # Warm both up so neither timing pays the first call's setup.
    list(bare_nlp.pipe(texts[:2]))
    list(pipe_nlp.pipe(texts[:2]))

    started = time.perf_counter()
    bare_docs = list(bare_nlp.pipe(texts, batch_size=32))
    bare_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pipe_docs = list(pipe_nlp.pipe(texts, batch_size=32))
    pipe_seconds = time.perf_counter() - started

    bare = [{(e.start_char, e.end_char, TYPE_MAP[e.label_]) for e in d.ents if e.label_ in TYPE_MAP}
            for d in bare_docs]
    # Role phrases ('the U.S. president', mention_source = 'role') point to a person but are no
    # names, and CoNLL annotates names only: they are left out of the score (counted apart).
    # A document another extractor fails on (its rows are lost in the pipeline) is scored on the
    # entity extractor's own mentions of the same parse; how many is recorded.
    failed = [k for k, d in enumerate(pipe_docs) if "newsetl_rows" not in d.user_data]
    for k in failed:
        pipe_docs[k].user_data["newsetl_rows"] = {"mentions": [
            {"start_char": start, "end_char": end, "label": m.label, "mention_source": m.source}
            for m in find_mentions(pipe_docs[k], roles=True) for _, start, end in [stored_span(m)]]}
    pipeline = [{(m["start_char"], m["end_char"], TYPE_MAP[m["label"]]) for m in d.user_data["newsetl_rows"]["mentions"]
                 if m["label"] in TYPE_MAP and m.get("mention_source") != "role"} for d in pipe_docs]
    role_mentions = sum(m.get("mention_source") == "role" for d in pipe_docs for m in d.user_data["newsetl_rows"]["mentions"])

    split = args.split or args.path.stem
    result = {
        "benchmark": "benchmarks/entities_conll.py",
        "data": str(args.path),
        "split": split,
        "model": args.model,
        "documents": len(docs),
        "gold_entities": sum(map(len, gold)),
        "scoring": "exact character span and mapped type; micro-averaged",
        "pipeline": score(pipeline, gold),
        "pipeline_role_mentions_not_scored": role_mentions,
        "documents_another_extractor_failed_on": len(failed),
        "bare_model": score(bare, gold),
        "timing": {
            "note": "one process, nlp.pipe batch 32; contended machine (2 cores shared by several sessions)",
            "bare_model_seconds": round(bare_seconds, 2),
            "nlp_step_seconds": round(pipe_seconds, 2),
            "nlp_step_per_article_ms": round(1000 * pipe_seconds / len(docs), 1),
            "bare_model_per_article_ms": round(1000 * bare_seconds / len(docs), 1),
            "extractors_share_of_step": round(1 - bare_seconds / pipe_seconds, 3) if pipe_seconds else None,
        },
        "pipeline_errors": errors(texts, pipeline, gold),
    }
    out = args.out or PROJECT_ROOT / "benchmarks" / "results" / f"entities_conll_{split}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for system in ("pipeline", "bare_model"):
        s = result[system]
        print(f"{system:10s} typed F1 {s['overall']['f1']:.3f} (P {s['overall']['precision']:.3f} "
              f"R {s['overall']['recall']:.3f}) " + " ".join(f"{t} {s[t]['f1']:.3f}" for t in TYPES)
              + f" | untyped F1 {s['untyped']['f1']:.3f}")
    print(f"time: bare {bare_seconds:.1f} s, NLP step {pipe_seconds:.1f} s ({len(docs)} docs) -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

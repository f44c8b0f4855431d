"""Which attribution paths predict a wrong speaker, and what abstaining on them costs.

Candidate abstention rules (a quote keeps its words and speaker mention, loses its speaker) are
scored on the judged outside-news dev sets and on PolNeAR train:

- judged, at draw: every judged quote with a speaker of `benchmarks/judged/quotes_news_s<seed>.json`,
  the rules applied to the row as drawn (the entity label looked up in the warehouse when the row is
  still there, else guessed from the capital);
- judged, now: those whose speaker, mention and span a warehouse built at the current code still
  stores unchanged (`quotes_judged_recheck.py`), so the judgment holds, the rules applied to that row;
- PolNeAR train end-to-end F1 with the abstained quotes scored as no speaker (strict) — the speaker
  mention is kept in the row, so the benchmark's own scoring, which reads its offsets, is unchanged.

    .venv/bin/python benchmarks/quotes_abstention.py --keep /tmp/quotes.duckdb \
        --polnear ../shared/eval/polnear --cache /tmp/cache --out benchmarks/results/quotes_abstention_r18.json
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.quotes_polnear as P  # noqa: E402
import pipelines.core.quotes as quotes_package  # noqa: E402
from benchmarks.quotes_judged_recheck import recheck  # noqa: E402
from pipelines import warehouse  # noqa: E402
from pipelines.core.entities.names import ROLE_NOUNS  # noqa: E402
from pipelines.core.quotes.abstain import antecedent_inside_quote, unresolved_office  # noqa: E402
from pipelines.core.speech_verbs import DOCUMENT_NOUNS, PERSON_PRONOUNS, UNNAMED_SOURCE_ROLES  # noqa: E402

JUDGED = Path(__file__).resolve().parent / "judged"
SEEDS = range(3101, 3122)
_DET = ("the", "a", "an")


def _as_written(q) -> bool:
    """An unresolved noun phrase stored as written ('the company' as 'company')."""
    if q.speaker is None or q.speaker_label is not None or not q.speaker_mention:
        return False
    words = q.speaker_mention.split()
    return len(words) >= 2 and words[0].lower() in _DET and q.speaker == " ".join(words[1:])


def _head(q) -> str:
    return re.split(r"\s(?:of|for|at|in)\s", q.speaker)[0].split()[-1].lower()


def _def_office_any(q) -> bool:
    return _as_written(q) and q.speaker_mention.split()[0].lower() == "the" and _head(q) in ROLE_NOUNS - UNNAMED_SOURCE_ROLES


def _pronoun_unnamed(q) -> bool:
    return q.speaker is not None and (q.speaker_mention or "").lower() in PERSON_PRONOUNS and q.speaker_label is None


# Each rule takes the quote and the article body (None where the body is not at hand).
RULES = {
    "none (current code)": lambda q, body: False,
    "document noun as written": lambda q, body: _as_written(q) and _head(q) in DOCUMENT_NOUNS,
    "bare definite office as written (no apposition guard)": lambda q, body: _def_office_any(q),
    "he/she resolved to an unnamed role or group": lambda q, body: _pronoun_unnamed(q),
    "any unresolved noun phrase as written": lambda q, body: _as_written(q),
    "confidence < 0.6": lambda q, body: q.confidence < 0.6,
    "confidence <= 0.6": lambda q, body: q.confidence <= 0.6,
    "SHIPPED: bare definite office as written + he/she named inside the quote":
        lambda q, body: unresolved_office(q) or (body is not None and antecedent_inside_quote(body, q)),
}


def _tally(items: list[tuple[object, str | None, bool]]) -> dict:
    n, right = len(items), sum(ok for _, _, ok in items)
    out = {}
    for name, rule in RULES.items():
        dropped = [ok for q, body, ok in items if rule(q, body)]
        kept_n, kept_right = n - len(dropped), right - sum(dropped)
        out[name] = {"with_speaker": kept_n, "right": kept_right, "accuracy": round(kept_right / kept_n, 4),
                     "abstained": len(dropped), "abstained_right": sum(dropped),
                     "abstained_wrong": len(dropped) - sum(dropped),
                     "right_speakers_kept": round(kept_right / right, 4)}
    return out


def judged(db: Path) -> dict:
    with warehouse.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT q.quote_id, q.text, q.speaker, q.speaker_label, q.speaker_mention,
                                     q.speaker_start, q.speaker_end, q.cue, q.quote_type, q.start_char,
                                     q.end_char, q.confidence, q.segments, a.body
                              FROM quotes q JOIN articles a USING (article_id)""").fetchall()
    stored = {r[0]: (P.Quote(*r[1:12], segments=tuple(tuple(s) for s in r[12])), r[13]) for r in rows}
    changed = {(i["seed"], i["quote_id"]) for i in recheck(db, list(SEEDS))["items"]}
    at_draw, now = [], []
    for seed in SEEDS:
        path = JUDGED / f"quotes_news_s{seed}.json"
        if not path.exists():
            continue
        for it in json.loads(path.read_text(encoding="utf-8"))["items"]:
            if not (it.get("gold_is_quote") and it.get("speaker") and it.get("gold_speaker_ok") is not None):
                continue
            row = stored.get(it["quote_id"])
            label = row[0].speaker_label if row else ("PERSON" if it["speaker"][:1].isupper() else None)
            q = SimpleNamespace(speaker=it["speaker"], speaker_label=label, speaker_mention=it["speaker_mention"],
                                confidence=it["confidence"], speaker_start=None, segments=())
            at_draw.append((q, None, it["gold_speaker_ok"]))
            if row and (seed, it["quote_id"]) not in changed:
                now.append((row[0], row[1], it["gold_speaker_ok"]))
    return {"at_draw": _tally(at_draw), "now_unchanged": _tally(now)}


def polnear(corpus: Path, split: str, cache: Path | None) -> dict:
    """End-to-end F1 with each rule's quotes scored as no speaker, on the quotes as they were
    before any abstention (the shipped rule switched off, then applied like the others)."""
    quotes_package.abstain = lambda text, quotes: quotes
    nlp = P.load_model(P.MODEL)
    articles = P.load_split(corpus, split)
    docs, _ = P.parsed_docs(nlp, [text for _, text, _ in articles], cache)
    totals = {name: [0, 0, 0] for name in RULES}
    for (_, text, gold), doc in zip(articles, docs):
        quotes = [q for q in P.extract_quotes(doc, P.find_mentions(doc)) if P.is_quoted(q)]
        for name, rule in RULES.items():
            strict = [dataclasses.replace(q, speaker=None, speaker_start=None, speaker_end=None)
                      if rule(q, text) else q for q in quotes]
            pairs = P.match(P.units(strict), gold)
            t = totals[name]
            t[0] += len(strict)
            t[1] += len(gold)
            t[2] += sum(P.speaker_is_right(*p) for p in pairs)
    out = {}
    for name, (n_pred, n_gold, right) in totals.items():
        p, r = right / n_pred, right / n_gold
        out[name] = {"end_to_end_f1": round(2 * p * r / (p + r), 4), "precision": round(p, 4), "recall": round(r, 4)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="a warehouse built at the current code")
    parser.add_argument("--polnear", type=Path, required=True, help="PolNeAR root")
    parser.add_argument("--split", default="train", choices=("train", "dev"))
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    result = {"judged_dev": judged(args.keep), f"polnear_{args.split}_strict": polnear(args.polnear, args.split, args.cache)}
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

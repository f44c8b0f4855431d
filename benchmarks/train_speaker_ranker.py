"""Train the quote speaker ranker on PolNeAR train and write its weights.

    .venv/bin/python benchmarks/train_speaker_ranker.py /work/shared/eval/polnear --cache /tmp/pcache

For every direct or partial quote the rules attribute, `speaker_candidates` (in
pipelines/core/quotes/features.py, the one definition of the features) lists the rules' pick
and the other speakers of reporting verbs around the quote. A candidate is right when
its span overlaps the gold Source of the PolNeAR attribution the quote matches (the
benchmark's matching). A linear model with a softmax over each quote's candidates is
fitted by gradient descent with an L2 penalty; quotes where no candidate, or only the
rules' pick, is right teach nothing and are left out.

The script first reports a 4-fold cross-validation by article (how many quote
speakers the ranker would make right and wrong against the rules alone), then fits on
the whole split and writes pipelines/core/quotes/speaker_ranker.json (every feature name,
the ones training left at 0 included: the extractor refuses a file whose names differ). Only the train split
is used; dev stays the reporting split of benchmarks/quotes_polnear.py.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quotes_polnear as bench  # noqa: E402

from pipelines.core.entities import find_mentions  # noqa: E402
from pipelines.core.quotes import RANKER_FILE, SpeakerRanker, rule_quotes, speaker_candidates  # noqa: E402

L2 = 3.0  # picked by the cross-validation below (0.3 moves more quotes, right and wrong)
STEPS = 2000
FOLDS = 4


@dataclass
class Group:
    """One matched quote: its candidates' features, which are right, which is the rules'."""
    article: int
    features: list[dict[str, float]]
    right: np.ndarray
    rule: int


def build_groups(corpus: Path, cache: Path | None) -> list[Group]:
    nlp = bench.load_model(bench.MODEL)
    articles = bench.load_split(corpus, "train")
    docs, _ = bench.parsed_docs(nlp, [text for _, text, _ in articles], cache)
    groups = []
    for n, ((_, _, gold), doc) in enumerate(zip(articles, docs)):
        art, events, quotes = rule_quotes(doc, find_mentions(doc))
        units = bench.units(quotes)
        for unit, attribution in bench.match(units, gold):
            candidates = speaker_candidates(art, events, unit.quote)
            if len(candidates) < 2 or not attribution.source:
                continue
            right = np.array([bench._shared(attribution.source, *c.span) > 0 for c in candidates])
            rule = next(k for k, c in enumerate(candidates) if c.is_rule)
            groups.append(Group(n, [c.features for c in candidates], right, rule))
    return groups


def _matrix(groups: list[Group], names: dict[str, int]) -> list[np.ndarray]:
    matrices = []
    for g in groups:
        x = np.zeros((len(g.features), len(names)))
        for r, features in enumerate(g.features):
            for name, value in features.items():
                if name in names:
                    x[r, names[name]] = value
        matrices.append(x)
    return matrices


def fit(groups: list[Group], names: dict[str, int], l2: float) -> np.ndarray:
    """Softmax over each quote's candidates; the target spreads over the right ones."""
    useful = [g for g in groups if g.right.any()]
    x = np.vstack(_matrix(useful, names))
    group_of = np.concatenate([[k] * len(g.features) for k, g in enumerate(useful)])
    target = np.concatenate([g.right / g.right.sum() for g in useful])
    w = np.zeros(len(names))
    for _ in range(STEPS):
        scores = x @ w
        exp = np.exp(scores - scores.max())
        totals = np.zeros(len(useful))
        np.add.at(totals, group_of, exp)
        gradient = x.T @ (exp / totals[group_of] - target) / len(useful) + l2 * w / len(useful)
        w -= 5.0 * gradient
    return w


def changes(groups: list[Group], names: dict[str, int], w: np.ndarray) -> Counter:
    """Quotes whose speaker the ranker changes, by effect against the rules alone."""
    counts: Counter = Counter()
    for g, x in zip(groups, _matrix(groups, names)):
        scores = x @ w
        best = int(np.argmax(scores))
        if scores[best] <= scores[g.rule]:
            continue
        before, after = bool(g.right[g.rule]), bool(g.right[best])
        counts["made right" if after and not before else "made wrong" if before and not after
               else "still right" if after else "still wrong"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the PolNeAR directory (with data/)")
    parser.add_argument("--cache", type=Path, default=None, help="directory for cached parses")
    parser.add_argument("--l2", type=float, default=L2, help=f"L2 penalty (default {L2})")
    args = parser.parse_args(argv)

    groups = build_groups(args.corpus, args.cache)
    names = {name: k for k, name in enumerate(sorted({n for g in groups for f in g.features for n in f}))}
    articles = sorted({g.article for g in groups})
    random.Random(0).shuffle(articles)
    cross_validated: Counter = Counter()
    for fold in range(FOLDS):
        held_out = set(articles[fold::FOLDS])
        w = fit([g for g in groups if g.article not in held_out], names, args.l2)
        cross_validated += changes([g for g in groups if g.article in held_out], names, w)
    print(f"{len(groups)} matched quotes with several candidates; {FOLDS}-fold cross-validation:",
          dict(cross_validated))
    w = fit(groups, names, args.l2)
    fitted = changes(groups, names, w)
    print("fitted on all of train:", dict(fitted))
    weights = {name: round(float(w[k]), 4) for name, k in names.items() if abs(w[k]) >= 1e-4}
    ranker = SpeakerRanker(weights, {
        "trained_on": "PolNeAR train, quotes matched to an attribution with a source",
        "l2": args.l2,
        "cross_validation": dict(cross_validated),
    })
    ranker.save(RANKER_FILE)
    print(f"{len(weights)} non-zero weights written to {RANKER_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

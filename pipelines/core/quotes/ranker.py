"""The speaker ranker: a linear model over `features.py` that may replace the rules' speaker.

Weights: speaker_ranker.json next to this module, trained on PolNeAR train by
benchmarks/train_speaker_ranker.py (which writes it with `SpeakerRanker.save`). The file
holds one weight per name in `FEATURE_NAMES`, no more and no fewer: loading a file whose
keys differ fails, naming the unknown and missing features.

Entry points: `SpeakerRanker` (`load`, `default`, `score`, `save`), `choose_speakers`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from pipelines.core.quotes.article import Article
from pipelines.core.quotes.attribution import Attribution, reported_by_fields
from pipelines.core.quotes.features import FEATURE_NAMES, speaker_candidates
from pipelines.core.quotes.model import Quote

RANKER_FILE = Path(__file__).with_name("speaker_ranker.json")


class RankerWeightsError(ValueError):
    """The weights do not name the features the code computes (renamed or retired features)."""


def _check_names(weights: dict[str, float], complete: bool) -> None:
    unknown = sorted(set(weights) - FEATURE_NAMES)
    missing = sorted(FEATURE_NAMES - set(weights)) if complete else []
    if unknown or missing:
        raise RankerWeightsError(
            "speaker ranker weights do not match the features in pipelines/core/quotes/features.py"
            + (f"; unknown: {unknown[:10]}" + (" ..." if len(unknown) > 10 else "") if unknown else "")
            + (f"; missing: {missing[:10]}" + (" ..." if len(missing) > 10 else "") if missing else "")
            + " (retrain with benchmarks/train_speaker_ranker.py)")


@dataclass(frozen=True)
class SpeakerRanker:
    """Feature name -> weight. Built directly (tests, training), every key must be a known
    feature name; a missing one weighs 0. `load` also requires every feature name."""
    weights: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)  # what the weights file says about its training

    def __post_init__(self) -> None:
        _check_names(self.weights, complete=False)

    @classmethod
    def load(cls, path: Path = RANKER_FILE) -> SpeakerRanker:
        """Read a weights file ({"weights": {name: weight}, ...}); raises RankerWeightsError
        when its names are not exactly FEATURE_NAMES."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = data.pop("weights")
        _check_names(weights, complete=True)
        return cls(weights, data)

    @staticmethod
    @cache
    def default() -> SpeakerRanker:
        """The shipped ranker (speaker_ranker.json), loaded once per process."""
        return SpeakerRanker.load(RANKER_FILE)

    def score(self, features: dict[str, float]) -> float:
        """The linear score of one candidate's features."""
        return sum(self.weights.get(name, 0.0) * v for name, v in features.items())

    def save(self, path: Path = RANKER_FILE) -> None:
        """Write the weights (every feature name, sorted; unnamed ones as 0) and the meta."""
        weights = {name: self.weights.get(name, 0.0) for name in sorted(FEATURE_NAMES)}
        Path(path).write_text(json.dumps({**self.meta, "weights": weights}, indent=1) + "\n", encoding="utf-8")


def choose_speakers(art: Article, events: list[Attribution], quotes: list[Quote],
                    ranker: SpeakerRanker | None = None) -> list[Quote]:
    """Each direct or partial quote keeps the rules' speaker unless the ranker (default: the
    shipped one) scores another candidate higher. The outer source of a nested report ('Law
    enforcement sources have said he said "no more baby parts"') becomes reported_by, and the
    speaker stays whose words they are; any other winner replaces the speaker and cue.
    Returns the quotes in the same order."""
    if ranker is None:
        ranker = SpeakerRanker.default()
    chosen = []
    for quote in quotes:
        candidates = speaker_candidates(art, events, quote)
        if len(candidates) > 1:
            scores = [ranker.score(c.features) for c in candidates]
            rule = next(k for k, c in enumerate(candidates) if c.is_rule)
            best = max(range(len(candidates)), key=scores.__getitem__)
            if scores[best] > scores[rule]:
                c = candidates[best]
                if c.relays_rule:
                    quote = replace(quote, **reported_by_fields(c.reported_by or c.speaker))
                else:
                    quote = replace(quote, speaker=c.speaker.name, speaker_label=c.speaker.label,
                                    speaker_mention=c.speaker.mention, speaker_start=c.speaker.start,
                                    speaker_end=c.speaker.end, cue=c.cue,
                                    **reported_by_fields(c.reported_by) if c.reported_by else _NO_RELAY)
        chosen.append(quote)
    return chosen


_NO_RELAY = dict.fromkeys(("reported_by", "reported_by_mention", "reported_by_start", "reported_by_end",
                           "reported_by_label"))

"""The learned similarity of an article and a story: the pair's features (`pair_features`) and the
logistic regressions over them (`StoryModel`, weights in stories.weights.json beside this package,
fitted by benchmarks/stories_model_fit.py)."""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.core.stories.terms import ENTITY_PREFIX, shared_entity_weight

if TYPE_CHECKING:
    from pipelines.core.stories import ArticleDoc, StoryParams, StoryState


def days_apart(doc: ArticleDoc, story: StoryState) -> float | None:
    """Days between a dated article and a dated story's published span (0 inside it; None when
    either side has no published date: time then says nothing)."""
    if doc.published_at is None or story.first_published_at is None:
        return None
    if doc.published_at < story.first_published_at:
        return (story.first_published_at - doc.published_at).total_seconds() / 86400
    return max(0.0, (doc.published_at - story.last_published_at).total_seconds() / 86400)


def time_factor(doc: ArticleDoc, story: StoryState, params: StoryParams) -> float:
    """A fade from the days between a dated article and a dated story's span: 1.0 within
    `time_grace_days`, then halved every `time_half_life_days` (1.0 when either side is undated)."""
    days = days_apart(doc, story)
    if days is None:
        return 1.0
    return 0.5 ** (max(0.0, days - params.time_grace_days) / params.time_half_life_days)


# The learned similarity's features, in the weights file's order. The time features exist only when
# both sides are dated (the undated model has none).
TEXT_FEATURES = ("cosine", "entity_cosine", "word_cosine", "shared_entity_weight", "salient_share", "title_cosine")
TIME_FEATURES = ("time_factor", "log_days_apart", "log_relative_days")
WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "stories.weights.json"
# What the undated merge model reads of two stories (`story_pair_features`).
STORY_PAIR_FEATURES = ("cosine", "entity_cosine", "word_cosine", "shared_top_entities", "entity_weight_shared",
                       "log_smaller_story", "log_larger_story")


def pair_features(doc: ArticleDoc, vector: dict[str, float], title: dict[str, float], salient: Sequence[str],
                  story: StoryState, params: StoryParams) -> dict[str, float]:
    """What the learned similarity reads of an article (its vector, headline vector and salient
    entities) against a story's centroid; the time features only when both are dated."""
    centroid = story.centroid
    dot_entities = dot_words = 0.0
    article_entities = 0.0
    for term, w in vector.items():
        c = centroid.get(term, 0.0)
        if term.startswith(ENTITY_PREFIX):
            dot_entities += w * c
            article_entities += w * w
        else:
            dot_words += w * c
    article_words = math.sqrt(max(0.0, 1.0 - article_entities))
    article_entities = math.sqrt(article_entities)
    entity_norm, word_norm = story.entity_norm(), story.word_norm()
    features = {
        "cosine": (dot_entities + dot_words) / story.norm(),
        "entity_cosine": dot_entities / (article_entities * entity_norm) if article_entities and entity_norm else 0.0,
        "word_cosine": dot_words / (article_words * word_norm) if article_words and word_norm else 0.0,
        "shared_entity_weight": shared_entity_weight(vector, story),
        "salient_share": sum(1 for t in salient if t in centroid) / len(salient) if salient else 0.0,
        "title_cosine": sum(w * centroid.get(t, 0.0) for t, w in title.items()) / story.norm(),
    }
    days = days_apart(doc, story)
    if days is not None:
        span = (story.last_published_at - story.first_published_at).total_seconds() / 86400
        features["time_factor"] = time_factor(doc, story, params)
        features["log_days_apart"] = math.log1p(days)
        # The days against the story's own span: a fight reported over two weeks is near an article
        # five days after its last report; a one-day item is not (the follow-up model reads it).
        features["log_relative_days"] = math.log1p(days / (1.0 + span))
    return features


def story_pair_features(a: StoryState, b: StoryState, top_a: Sequence[str], top_b: Sequence[str]) -> dict[str, float]:
    """What the undated merge model reads of two stories (both centroids whole; `top_*`: each one's
    heaviest entity terms): how alike their centroids are (whole, entity terms, words), the share of
    the smaller list of heaviest entities the two have in common, the smaller of the two shares of a
    story's entity weight on entities the other holds (tf-idf: its specific entities weigh most, so
    two stories sharing only common names share little), and the log of each one's size."""
    dot_entities = dot_words = 0.0
    small, large = sorted((a.centroid, b.centroid), key=len)
    for term, w in small.items():
        c = large.get(term, 0.0)
        if term.startswith(ENTITY_PREFIX):
            dot_entities += w * c
        else:
            dot_words += w * c
    entities, word_norms = a.entity_norm() * b.entity_norm(), a.word_norm() * b.word_norm()
    return {
        "cosine": (dot_entities + dot_words) / (a.norm() * b.norm()),
        "entity_cosine": dot_entities / entities if entities else 0.0,
        "word_cosine": dot_words / word_norms if word_norms else 0.0,
        "shared_top_entities": len(set(top_a) & set(top_b)) / max(1, min(len(top_a), len(top_b))),
        "entity_weight_shared": min(_entity_share(a, b), _entity_share(b, a)),
        "log_smaller_story": math.log(max(1, min(a.articles, b.articles))),
        "log_larger_story": math.log(max(1, max(a.articles, b.articles))),
    }


def _entity_share(story: StoryState, other: StoryState) -> float:
    """The share of a story's entity weight on entities the other story holds."""
    total = shared = 0.0
    for term, w in story.centroid.items():
        if term.startswith(ENTITY_PREFIX):
            total += w
            shared += w if term in other.centroid else 0.0
    return shared / total if total else 0.0


@dataclass(frozen=True)
class StoryModel:
    """Logistic regressions over `pair_features`, each {"bias": b, "weights": {feature: w}} over the
    features it was fitted on (a subset of what `pair_features` gives: what the dev sets supported):
    'dated' (time features among its own), 'undated' (none of them) and, optional, 'follow_up': a
    dated article days from the span of a story of several articles (`StoryParams.follow_up_*`), and,
    optional, 'merge_undated': over `story_pair_features`, whether two stories, either undated, are one."""

    dated: dict
    undated: dict
    meta: dict = field(default_factory=dict, compare=False)
    follow_up: dict | None = None
    merge_undated: dict | None = None

    def __post_init__(self) -> None:
        for name, model, known in (("dated", self.dated, {*TEXT_FEATURES, *TIME_FEATURES}),
                                   ("undated", self.undated, set(TEXT_FEATURES)),
                                   ("follow_up", self.follow_up, {*TEXT_FEATURES, *TIME_FEATURES}),
                                   ("merge_undated", self.merge_undated, set(STORY_PAIR_FEATURES))):
            if model is None:
                continue
            unknown = sorted(set(model["weights"]) - known)
            if unknown or not model["weights"]:
                raise ValueError(f"story model '{name}' weighs {sorted(model['weights'])}; the code computes "
                                 f"{sorted(known)} (refit with benchmarks/stories_model_fit.py)")

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> StoryModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        model = cls(data.pop("dated"), data.pop("undated"), data, data.pop("follow_up", None),
                    data.pop("merge_undated", None))
        # A model the code does not apply (one fitted by other code: a dated story merge model) would
        # sit in the weights doing nothing while the file says it is there.
        unused = sorted(k for k, v in data.items() if isinstance(v, dict) and "weights" in v)
        if unused:
            raise ValueError(f"{path} holds models the stories code does not apply: {unused}")
        return model

    def probability(self, features: dict[str, float], follow_up: bool = False) -> float:
        """The probability that the article belongs to the story: by the follow-up model when asked
        (dated features only), else the dated or undated one."""
        if follow_up:
            model = self.follow_up
        else:
            model = self.dated if "time_factor" in features else self.undated
        return _logistic(model, features)

    def merge_probability(self, features: dict[str, float]) -> float:
        """The probability that two stories, either undated, are one (`story_pair_features`)."""
        return _logistic(self.merge_undated, features)


def _logistic(model: dict, features: dict[str, float]) -> float:
    z = model["bias"] + sum(w * features[name] for name, w in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def is_follow_up(features: dict[str, float], story: StoryState, params: StoryParams) -> bool:
    """Whether a dated pair is one the follow-up path scores: the article at least
    `follow_up_min_days` from the span of a story of `follow_up_min_articles` or more."""
    return ("log_days_apart" in features and story.articles >= params.follow_up_min_articles
            and math.expm1(features["log_days_apart"]) >= params.follow_up_min_days)


@lru_cache(maxsize=1)
def default_model() -> StoryModel:
    return StoryModel.load()

"""Stories: articles about the same event across outlets, grouped online.

The way online news-clustering systems do it (single pass, one article at a time; Miranda et al.
2018): each article becomes a sparse tf-idf vector over its salient named entities (weighted up) and
its content words; a story is the sum of its articles' vectors (its centroid, kept to its heaviest
terms). A new article looks up the candidate stories that share one of its salient entities (an
index lookup: term -> story postings), keeps those inside the time window, and scores each with a
learned similarity: a logistic regression over a few features of the article and the story
(`pair_features`: the cosine of the whole vectors, of their entity terms and of their words, the
weight of the shared entities, the share of the article's salient entities the story holds, the
headline's cosine to the story, and, when both sides are dated, how far apart in time they are).
The weights (`stories.weights.json` beside this package, part of the stories code version) were
fitted on event-labelled dev sets by benchmarks/stories_model_fit.py: one model for dated pairs
and one without the time features for pairs where either side has no published date. The article
joins the most probable candidate when its probability reaches `min_probability`
(`min_probability_undated`), it shares at least `min_shared_entities` salient entities with it and,
dated, the shared entities weigh at least `min_shared_entity_weight` of its vector; otherwise it
founds a new story. A dated follow-up days after a story that several articles have reported over
days (a takeover fight's later moves) is also scored by a third model that weighs the days against
the story's own span (`is_follow_up`, `StoryParams.follow_up_*`). Story ids are derived from the
founding article, never reused and never renumbered, so they are stable as stories grow.

A second stage (`StoryIndex.merge_converged`, after each batch): a story the batch founded or grew
merges with a candidate story whose centroid has come close to its own (cosine of the centroids),
as one event worded two ways grows into one; when either story is undated, a merge model in the
weights decides instead, over `story_pair_features` (how alike the centroids are, how much of their
specific entities they share, how large they are). Dated stories days apart merge when the smaller,
read as one article, would join the larger (a story of several articles) by the follow-up path: one
large event's reports over weeks (`StoryIndex._follows_up`). The larger keeps its id, the other's id
is no longer used (the stage records the merge in story_merges).

Time: an article's time is its published date, else when it was ingested; the window is
checked on published dates when both sides have one, else on ingest times (an undated
article cannot be placed on the publication timeline of a dated story).

Pure functions and a small in-memory index the stage fills from the warehouse; the vectors are in
`terms.py`, the learned similarity in `similarity.py` (their names are also this package's).
"""
from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# The vectors and the learned similarity live in their own modules; their names are this package's.
from pipelines.core.stories.similarity import (  # noqa: F401
    STORY_PAIR_FEATURES, TEXT_FEATURES, TIME_FEATURES, WEIGHTS_FILE, StoryModel, days_apart, default_model,
    is_follow_up, pair_features, story_pair_features, time_factor)
from pipelines.core.stories.terms import (  # noqa: F401
    ENTITY_PREFIX, SALIENT_LABELS, article_vector, cosine, idf, salient_entities, shared_entity_weight, stop_words,
    term_counts, title_vector, words)

# The one outlet of every article without a publisher (sql/views.sql's outlet_name says the same).
UNKNOWN_OUTLET = "(unknown outlet)"


@dataclass(frozen=True)
class StoryParams:
    """Tunables of story assignment (defaults in pipelines/settings.py via the stage)."""

    # The learned similarity's probability an article needs to join a story. Chosen on the dev set
    # (docs/quality.md) with precision first: merging two events is worse than splitting one.
    min_probability: float = 0.5
    # Undated nothing told one topic's events apart on the dev set; this keeps its large events mostly
    # in one story (a plateau of the dev set's curve, not its edge: docs/quality.md).
    min_probability_undated: float = 0.06
    min_shared_entities: int = 2
    # Dated, the entities an article shares with a story must also weigh this much of its vector: two
    # shared common entities (an agency, a region) do not carry one body's other item of the day into
    # a story (dev set: one wrong pair fewer at the same recall; undated it only cost recall).
    min_shared_entity_weight: float = 0.35
    window_days: float = 7.0
    # Dated on both sides, how far from a story's published span an article may still join it: a
    # takeover fight runs for weeks, its follow-ups days after the last report (the dated model's
    # fade makes a join past a few days improbable; the follow-up path below is what uses the rest).
    dated_window_days: float = 21.0
    # The follow-up path (dated on both sides): an article at least `follow_up_min_days` from the
    # span of a story of `follow_up_min_articles` or more also joins it when the follow-up model
    # (which weighs the days against the story's own span) gives `min_probability_follow_up`. Dev
    # sets: 4-10 articles and 0.3-0.45 are one plateau; stories of two or three articles took one
    # official's other appearances and one campaign's other days (docs/quality.md).
    follow_up_min_days: float = 1.0
    follow_up_min_articles: int = 6
    min_probability_follow_up: float = 0.35
    # Second stage: a dated story that grew merges into a dated story whose centroid has come this close
    # to its own (cosine of the two centroids), sharing `min_shared_entities` of its heaviest entities
    # (either undated: `min_probability_merge_undated` below, or this without an undated merge model). One
    # event worded differently by its outlets often founds two stories that converge as they grow
    # (dev set: 0.47-0.55 is one plateau of the curve, 0.45 and below begins merging one topic's events).
    merge_min_cosine: float = 0.5
    # Dated on both sides, the two stories' published spans at most this far apart (an official's
    # appearances days apart stay apart); otherwise their last ingest times within `window_days`.
    merge_max_gap_days: float = 1.0
    # Either side undated, two stories merge when the undated merge model (`story_pair_features`: how
    # alike, how much of their specific entities in common, how large) gives this probability; one
    # cosine threshold left one official's stories a hair apart (dev sets: 0.06 raised recall on all
    # three at the same topic precision; 0.04 began joining one topic's events, 0.08 lost most of it).
    min_probability_merge_undated: float = 0.06
    # Dated on both sides and more than `merge_max_gap_days` apart (within `dated_window_days`), a story
    # of this many articles or more merges into a story of `follow_up_min_articles` or more when the
    # follow-up path would let it join: its centroid, read as one article, reaches
    # `min_probability_follow_up` by the follow-up model (StoryIndex._follows_up). One large event's
    # reports over weeks found stories of a few articles each that the 1-day gap keeps apart; a single
    # article days from a large story is the follow-up path's own case. 0 turns it off. Dev sets: 6 and
    # 0.25-0.45 change none of their stories; stories of 4-5 already merged one topic's events there.
    merge_follow_up_min_articles: int = 2
    # ... and only when both stories' heaviest entity is the same: on a larger unlabelled corpus, without
    # it, large stories of one topic's items drew in other matters days apart (docs/quality.md).
    merge_follow_up_same_heaviest_entity: bool = True
    # Dated on both sides, the time features see the days between the article and the story's span
    # beyond `time_grace_days`, also as a fade halved every `time_half_life_days`.
    time_grace_days: float = 0.5
    time_half_life_days: float = 1.0
    entity_boost: float = 2.0      # an entity term weighs this many times a word
    article_terms: int = 40        # terms kept per article vector
    story_terms: int = 80          # terms kept per story centroid
    salient_entities: int = 8      # entities per article used for candidate lookup
    candidates_per_term: int = 50  # stories per entity looked at (the heaviest): a bounded lookup


@dataclass
class ArticleDoc:
    """What story assignment needs of an article."""

    article_id: str
    body: str
    title: str | None
    publisher: str | None
    published_at: datetime | None
    ingested_at: datetime
    entities: Sequence[tuple[str, str, int]]   # (entity_id, name, start_char) per mention

    @property
    def seen_at(self) -> datetime:
        return self.published_at or self.ingested_at


@dataclass
class StoryState:
    story_id: str
    label: str
    centroid: dict[str, float]
    first_published_at: datetime | None
    last_published_at: datetime | None
    first_seen_at: datetime
    last_seen_at: datetime
    last_ingested_at: datetime
    entity_names: dict[str, str] = field(default_factory=dict)
    dirty: bool = False
    # How many articles the story holds (the stage reads stories.article_count): a story of one article
    # is one article's vector, not yet a profile several outlets agree on.
    articles: int = 0
    # False while `centroid` holds only the terms a batch can compare on (its articles' vector and
    # salient terms), with the whole centroid's length given as `_norm`: the index loads the rest
    # (StoryIndex.load_centroid) before the story grows. Comparing needs no more, and loading every
    # candidate's whole centroid made a batch cost more as the warehouse grew.
    complete: bool = True
    # The centroid's length, computed once per change of the centroid (StoryIndex._grow resets it):
    # every candidate comparison needs it.
    _norm: float | None = field(default=None, repr=False, compare=False)
    # The length of the centroid's entity terms alone (its words' length follows from both), kept and
    # given like `_norm`.
    _entity_norm: float | None = field(default=None, repr=False, compare=False)

    def norm(self) -> float:
        if self._norm is None:
            self._norm = math.sqrt(sum(w * w for w in self.centroid.values())) or 1.0
        return self._norm

    def entity_norm(self) -> float:
        if self._entity_norm is None:
            self._entity_norm = math.sqrt(sum(w * w for t, w in self.centroid.items() if t.startswith(ENTITY_PREFIX)))
        return self._entity_norm

    def word_norm(self) -> float:
        return math.sqrt(max(0.0, self.norm() ** 2 - self.entity_norm() ** 2))


@dataclass
class Merge:
    """A story absorbed into another by the second stage (StoryIndex.merge_converged)."""

    story_id: str        # the absorbed story: its id is no longer used
    into_story_id: str   # the story that keeps its id and now holds both
    cosine: float        # of the two centroids when they merged


@dataclass
class Assignment:
    article_id: str
    story_id: str
    similarity: float
    method: str                    # founder | joined


def story_id_for(article_id: str) -> str:
    return "s" + hashlib.sha1(f"story|{article_id}".encode()).hexdigest()[:15]


def centroid_cosine(a: StoryState, b: StoryState) -> float:
    """Cosine of two stories' centroids (both whole)."""
    small, large = sorted((a.centroid, b.centroid), key=len)
    return sum(w * large.get(t, 0.0) for t, w in small.items()) / (a.norm() * b.norm())


def spans_close(a: StoryState, b: StoryState, params: StoryParams) -> bool:
    """Whether two stories are close enough in time to merge: dated on both sides, published spans at
    most `merge_max_gap_days` apart; otherwise last ingest times within `window_days`."""
    if a.first_published_at is not None and b.first_published_at is not None:
        gap = max(a.first_published_at - b.last_published_at, b.first_published_at - a.last_published_at,
                  timedelta(0))
        return gap <= timedelta(days=params.merge_max_gap_days)
    return abs(a.last_ingested_at - b.last_ingested_at) <= timedelta(days=params.window_days)


def follow_up_gap(a: StoryState, b: StoryState, params: StoryParams) -> bool:
    """Whether two stories are dated, more than `merge_max_gap_days` apart and within
    `dated_window_days` (the follow-up merge's distance; off when `merge_follow_up_min_articles` is 0)."""
    if a.first_published_at is None or b.first_published_at is None or params.merge_follow_up_min_articles <= 0:
        return False
    gap = max(a.first_published_at - b.last_published_at, b.first_published_at - a.last_published_at)
    return timedelta(days=params.merge_max_gap_days) < gap <= timedelta(days=params.dated_window_days)


def heaviest_entities(story: StoryState, limit: int) -> list[str]:
    """The story's `limit` heaviest entity terms (ties: by term)."""
    entities = [(w, t) for t, w in story.centroid.items() if t.startswith(ENTITY_PREFIX)]
    return [t for _w, t in sorted(entities, key=lambda wt: (-wt[0], wt[1]))[:limit]]


def in_window(doc: ArticleDoc, story: StoryState, days: float, dated_days: float | None = None) -> bool:
    """Whether an article may join a story: dated on both sides, its published date within `dated_days`
    (default `days`) of the story's published span; otherwise ingest times within `days`."""
    if doc.published_at is not None and story.first_published_at is not None:
        window = timedelta(days=days if dated_days is None else dated_days)
        return story.first_published_at - window <= doc.published_at <= story.last_published_at + window
    return abs(doc.ingested_at - story.last_ingested_at) <= timedelta(days=days)


def label_for(doc: ArticleDoc) -> str:
    if doc.title and doc.title.strip():
        return doc.title.strip()
    counts = Counter(name for _eid, name, _start in doc.entities)
    names = [n for n, _ in counts.most_common(3)]
    return ", ".join(names) if names else doc.body.strip().split("\n")[0][:80]


class StoryIndex:
    """Candidate stories in memory: what the stage loaded from the postings for this batch,
    plus the stories the batch creates or grows."""

    def __init__(self, params: StoryParams,
                 load_centroids: Callable[[list[str]], dict[str, dict[str, float]]] | None = None,
                 lazy_loads: int = 64, model: StoryModel | None = None):
        self.params = params
        self._model = model  # the learned similarity: the shipped weights unless given
        # The whole centroids of stories added incomplete (StoryState.complete), read when one grows:
        # one story per read for the first `lazy_loads`, then every incomplete story at once, so a
        # large batch joining many stored stories makes one more query, not one per story.
        self.load_centroids = load_centroids
        self.lazy_loads = lazy_loads
        self.loads = 0
        self.stories: dict[str, StoryState] = {}
        self.postings: dict[str, dict[str, float]] = {}
        # Per term, a heap of (-weight, story_id) with stale entries (a weight since changed or
        # dropped) discarded when met: the heaviest stories of a term in O(k log n), where a scan
        # of its whole posting made a batch quadratic (a common entity's posting grows with every
        # story the batch founds). Built on a term's first lookup: most loaded terms are never
        # looked up, and pushing every posting of the loaded stories cost more than the lookups.
        self._heaps: dict[str, list[tuple[float, str]]] = {}

    @property
    def model(self) -> StoryModel:
        if self._model is None:
            self._model = default_model()
        return self._model

    def _post(self, term: str, story_id: str, weight: float) -> None:
        self.postings.setdefault(term, {})[story_id] = weight
        heap = self._heaps.get(term)
        if heap is not None:
            heapq.heappush(heap, (-weight, story_id))

    def add_story(self, story: StoryState) -> None:
        self.stories[story.story_id] = story
        for term, weight in story.centroid.items():
            self._post(term, story.story_id, weight)

    def heaviest(self, term: str, limit: int) -> list[str]:
        """The `limit` stories with the highest weight for `term` (ties: lower story id first,
        as the warehouse lookup in the stories stage orders them)."""
        posting = self.postings.get(term, {})
        heap = self._heaps.setdefault(term, [])
        if not heap or len(heap) > 4 * len(posting) + 64:  # first lookup, or mostly stale: (re)build
            heap[:] = [(-w, sid) for sid, w in posting.items()]
            heapq.heapify(heap)
        found: list[tuple[float, str]] = []
        seen: set[str] = set()
        while heap and len(found) < limit:
            entry = heapq.heappop(heap)
            if posting.get(entry[1]) == -entry[0] and entry[1] not in seen:
                found.append(entry)
                seen.add(entry[1])
        for entry in found:  # the live entries go back; the stale ones popped stay out
            heapq.heappush(heap, entry)
        return [sid for _w, sid in found]

    def candidates(self, terms: Iterable[str]) -> set[str]:
        """Stories holding any of the terms; per term only the heaviest few, so a very common
        entity ('United States') costs the same in a large warehouse as in a small one."""
        found: set[str] = set()
        limit = self.params.candidates_per_term
        for term in terms:
            posting = self.postings.get(term)
            if not posting:
                continue
            found.update(posting if len(posting) <= limit else self.heaviest(term, limit))
        return found

    def _add_terms(self, story: StoryState, vector: dict[str, float]) -> None:
        """Add weights to a whole centroid, keep its heaviest `story_terms`, and post the change."""
        for term, w in vector.items():
            story.centroid[term] = story.centroid.get(term, 0.0) + w
        if len(story.centroid) > self.params.story_terms:
            kept = dict(sorted(story.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:self.params.story_terms])
            for term in story.centroid.keys() - kept.keys():  # dropped terms leave the index too
                self.postings.get(term, {}).pop(story.story_id, None)
            story.centroid = kept
        story._norm = story._entity_norm = None
        self._repost(story)

    def _grow(self, story: StoryState, vector: dict[str, float], doc: ArticleDoc) -> None:
        if not story.complete:
            self._complete(story)
        self._add_terms(story, vector)
        _widen_span(story, doc.published_at, doc.published_at, doc.seen_at, doc.seen_at, doc.ingested_at)
        story.articles += 1
        story.dirty = True

    def merge_converged(self, story_ids: Iterable[str]) -> list[Merge]:
        """The second stage, over the stories a batch founded or grew (in id order): each merges with
        the candidate (a story holding one of its heaviest entities, close in time, sharing
        `min_shared_entities` of them) whose centroid is nearest its own among those it converged with
        (`_converged`: dated, a cosine of `merge_min_cosine` or more; either undated, the undated merge
        model) or, dated and days apart (`follow_up_gap`), that it follows up (`_follows_up`). The
        story with more articles keeps its id (ties: the one seen first, then the lower id); the
        other's centroid is added to it and it leaves the index. Returns the merges in order (a
        story may absorb several, and a story that absorbed one may itself be absorbed later)."""
        params = self.params
        merges: list[Merge] = []
        for story_id in sorted(set(story_ids)):
            story = self.stories.get(story_id)
            if story is None:  # absorbed earlier in this pass
                continue
            if not story.complete:
                self._complete(story)
            top = heaviest_entities(story, params.salient_entities)
            best: tuple[float, str] | None = None
            for other_id in sorted(self.candidates(top)):
                other = self.stories[other_id]
                if other_id == story_id:
                    continue
                close = spans_close(story, other, params)
                if not close and not follow_up_gap(story, other, params):
                    continue
                if sum(1 for t in top if t in other.centroid) < params.min_shared_entities:
                    continue
                if not other.complete:
                    self._complete(other)
                c = centroid_cosine(story, other)
                if (self._converged(story, other, top, c) if close else self._follows_up(story, other)) \
                        and (best is None or c > best[0]):
                    best = (c, other_id)
            if best is None:
                continue
            keep, gone = sorted((story, self.stories[best[1]]),
                                key=lambda st: (-st.articles, st.first_seen_at, st.story_id))
            self._absorb(keep, gone)
            merges.append(Merge(gone.story_id, keep.story_id, round(best[0], 6)))
        return merges

    def _follows_up(self, a: StoryState, b: StoryState) -> bool:
        """Whether the smaller of two dated stories days apart (`follow_up_gap`) is a follow-up of the
        larger: the smaller has `merge_follow_up_min_articles` or more, the larger
        `follow_up_min_articles` or more, both have the same heaviest entity
        (`merge_follow_up_same_heaviest_entity`), and the smaller's centroid, read as one article
        published at its end nearest the larger's span (its heaviest `article_terms` terms, unit length; its heaviest
        entities as the salient ones; no headline), would join the larger by the follow-up path."""
        params = self.params
        small, large = sorted((a, b), key=lambda st: (st.articles, -st.first_seen_at.timestamp(), st.story_id))
        if small.articles < params.merge_follow_up_min_articles or large.articles < params.follow_up_min_articles:
            return False
        # One event's reports days apart keep naming its protagonist most (the company fought over);
        # a desk's items of one kind, or one large topic story and another matter, do not.
        heaviest = heaviest_entities(small, 1)
        if params.merge_follow_up_same_heaviest_entity and (not heaviest or heaviest != heaviest_entities(large, 1)):
            return False
        terms = sorted(small.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:params.article_terms]
        norm = math.sqrt(sum(w * w for _t, w in terms)) or 1.0
        vector = {t: w / norm for t, w in terms}
        when = small.first_published_at if small.first_published_at >= large.last_published_at \
            else small.last_published_at
        doc = ArticleDoc(small.story_id, "", None, None, when, small.last_ingested_at, [])
        features = pair_features(doc, vector, {}, heaviest_entities(small, params.salient_entities), large, params)
        if features["shared_entity_weight"] < params.min_shared_entity_weight:
            return False
        return self.model.follow_up is not None and \
            self.model.probability(features, follow_up=True) >= params.min_probability_follow_up

    def _converged(self, story: StoryState, other: StoryState, top: Sequence[str], cosine: float) -> bool:
        """Whether two candidate stories are one: dated on both sides (or without an undated merge
        model in the weights) when their centroids' cosine reaches `merge_min_cosine`; otherwise when
        the undated merge model gives `min_probability_merge_undated`."""
        params = self.params
        if self.model.merge_undated is None or (
                story.first_published_at is not None and other.first_published_at is not None):
            return cosine >= params.merge_min_cosine
        features = story_pair_features(story, other, top, heaviest_entities(other, params.salient_entities))
        return self.model.merge_probability(features) >= params.min_probability_merge_undated

    def _absorb(self, keep: StoryState, gone: StoryState) -> None:
        """`gone`'s centroid, span and articles into `keep`; `gone` leaves the index."""
        for term in gone.centroid:
            self.postings.get(term, {}).pop(gone.story_id, None)
        del self.stories[gone.story_id]
        self._add_terms(keep, gone.centroid)
        _widen_span(keep, gone.first_published_at, gone.last_published_at, gone.first_seen_at, gone.last_seen_at,
                    gone.last_ingested_at)
        keep.articles += gone.articles
        keep.dirty = True

    def _complete(self, story: StoryState) -> None:
        """Read the whole centroid of an incomplete story (past `lazy_loads` reads: of every incomplete one)."""
        if self.load_centroids is None:
            raise ValueError(f"story {story.story_id} holds part of its centroid and the index cannot load the rest")
        self.loads += 1
        ids = [story.story_id] if self.loads <= self.lazy_loads else \
            sorted(sid for sid, s in self.stories.items() if not s.complete)
        for sid, centroid in self.load_centroids(ids).items():
            loaded = self.stories[sid]
            loaded.centroid, loaded.complete = dict(centroid), True
            loaded._norm = loaded._entity_norm = None
            self._repost(loaded)  # its other terms join the postings

    def _repost(self, story: StoryState) -> None:
        """Post the centroid's terms whose weight the postings do not hold yet."""
        for term, weight in story.centroid.items():
            if self.postings.get(term, {}).get(story.story_id) != weight:
                self._post(term, story.story_id, weight)

    def assign(self, doc: ArticleDoc, vector: dict[str, float], title: dict[str, float] | None = None) -> Assignment:
        """Join the most probable candidate story or found a new one; updates the index. `title`:
        the article's `title_vector` (none: the headline counts for nothing)."""
        params = self.params
        salient = salient_entities(doc, params.salient_entities)
        best: tuple[float, str] | None = None
        for story_id in sorted(self.candidates(salient)):
            story = self.stories[story_id]
            if not in_window(doc, story, params.window_days, params.dated_window_days):
                continue
            if sum(1 for t in salient if t in story.centroid) < params.min_shared_entities:
                continue
            features = pair_features(doc, vector, title or {}, salient, story, params)
            if "time_factor" in features and features["shared_entity_weight"] < params.min_shared_entity_weight:
                continue
            p = self.model.probability(features)
            needed = params.min_probability if "time_factor" in features else params.min_probability_undated
            if p < needed and self.model.follow_up is not None and is_follow_up(features, story, params):
                # An event's follow-up days after its last report: the dated model weighs the days
                # from the story's last article; the follow-up model weighs them against its span.
                p, needed = self.model.probability(features, follow_up=True), params.min_probability_follow_up
            if p >= needed and (best is None or p > best[0]):
                best = (p, story_id)
        if best is not None:
            story = self.stories[best[1]]
            self._grow(story, vector, doc)
            return Assignment(doc.article_id, story.story_id, round(best[0], 6), "joined")
        story = StoryState(
            story_id=story_id_for(doc.article_id), label=label_for(doc), centroid={},
            first_published_at=doc.published_at, last_published_at=doc.published_at,
            first_seen_at=doc.seen_at, last_seen_at=doc.seen_at, last_ingested_at=doc.ingested_at,
        )
        self.add_story(story)
        self._grow(story, vector, doc)
        return Assignment(doc.article_id, story.story_id, 1.0, "founder")


def merge_targets(merges: Sequence[Merge]) -> dict[str, str]:
    """Absorbed story id -> the story now holding its articles (a story absorbed into one that was
    absorbed in turn goes to the last)."""
    into = {m.story_id: m.into_story_id for m in merges}
    final = {}
    for gone, target in into.items():
        while target in into:
            target = into[target]
        final[gone] = target
    return final


def split_story_id(story_id: str, article_ids: Sequence[str]) -> str:
    """Id of the story that the given articles move to when `story_id` is split."""
    key = "|".join(sorted(article_ids))
    return "s" + hashlib.sha1(f"split|{story_id}|{key}".encode()).hexdigest()[:15]


def _widen_span(story: StoryState, first_published, last_published, first_seen, last_seen, ingested) -> None:
    """A story's spans taken out to cover an article's (or an absorbed story's) times. A dated
    story's span is its published span: an undated member (seen when it was loaded) never stretches it."""
    if first_published is not None:
        story.first_published_at = min(filter(None, [story.first_published_at, first_published]))
        story.last_published_at = max(filter(None, [story.last_published_at, last_published]))
    if story.first_published_at is not None:
        story.first_seen_at, story.last_seen_at = story.first_published_at, story.last_published_at
    else:
        story.first_seen_at = min(story.first_seen_at, first_seen)
        story.last_seen_at = max(story.last_seen_at, last_seen)
    story.last_ingested_at = max(story.last_ingested_at, ingested)

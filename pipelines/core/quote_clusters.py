"""Quote reach: the same statement by the same speaker across articles is one cluster.

A new quote joins an existing cluster of the *same speaker* (never another's) when its
words are

- `exact`: the same words (case and punctuation aside), anywhere in the warehouse;
- `contained`: a run of at least `MIN_CONTAINED` words found verbatim inside the other
  quote (a partial quote cut out of another outlet's direct quote);
- `near`: the same statement with small wording differences (a word-sequence match
  ratio of at least `NEAR_RATIO`);
- `paraphrase` (same story only): a different rendering, e.g. two translations of one
  remark ('very substantive and very frank' / 'very substantive and quite candid'): the
  shorter quote aligns with a window of the longer one on at least `PARAPHRASE_RATIO` of
  its words, with an unbroken run of `PARAPHRASE_RUN` words and one content word.

Indirect (reported) speech is the writer's wording, so it joins nothing and founds its own
cluster. Pure functions; the stage supplies the candidates (same speaker, same story, or
the same exact text anywhere).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipelines.core.stories import stop_words


MIN_CONTAINED = 3
NEAR_RATIO = 0.8
PARAPHRASE_RATIO = 0.6
PARAPHRASE_RUN = 3
_TOKEN = re.compile(r"[\w']+")


@dataclass
class QuoteItem:
    quote_id: str
    speaker_key: str | None
    story_id: str | None
    quote_type: str
    text: str

    @property
    def tokens(self) -> list[str]:
        return normalize(self.text)


@dataclass
class ClusterMember:
    quote_id: str
    cluster_id: str
    speaker_key: str | None
    story_id: str | None
    quote_type: str
    text: str


@dataclass
class ClusterAssignment:
    quote_id: str
    cluster_id: str
    speaker_key: str | None
    text_key: str
    match: str
    similarity: float


def normalize(text: str) -> list[str]:
    return [t.strip("'") for t in _TOKEN.findall(text.lower().replace("’", "'")) if t.strip("'")]


def text_key(text: str) -> str:
    return hashlib.sha1(" ".join(normalize(text)).encode()).hexdigest()[:16]


def _contains(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def match_quotes(a: Sequence[str], b: Sequence[str], same_story: bool) -> tuple[str, float] | None:
    """How two quotes' words relate, or None when they are different statements."""
    a, b = list(a), list(b)
    if not a or not b:
        return None
    if a == b:
        return "exact", 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= MIN_CONTAINED and _contains(long, short):
        return "contained", round(len(short) / len(long), 4)
    if min(len(a), len(b)) >= 4:
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        # The quick ratios are upper bounds of ratio(): most pairs are ruled out without the alignment.
        if matcher.real_quick_ratio() >= NEAR_RATIO and matcher.quick_ratio() >= NEAR_RATIO:
            ratio = matcher.ratio()
            if ratio >= NEAR_RATIO:
                return "near", round(ratio, 4)
    # A paraphrase needs an unbroken run of PARAPHRASE_RUN words found in both: without a shared
    # run that long no window can qualify, and the window-by-window alignment below is skipped.
    if same_story and len(short) >= PARAPHRASE_RUN + 1 and _runs(short) & _runs(long):
        best = 0.0
        width = len(short)
        stop = stop_words()
        for i in range(0, max(1, len(long) - width + 1)):
            window = long[i:i + width + 1]
            sm = SequenceMatcher(None, short, window, autojunk=False)
            blocks = sm.get_matching_blocks()
            matched = sum(bl.size for bl in blocks)
            run = max(bl.size for bl in blocks)
            content = any(w not in stop for bl in blocks for w in short[bl.a:bl.a + bl.size])
            if run >= PARAPHRASE_RUN and content:
                best = max(best, matched / width)
        if best >= PARAPHRASE_RATIO:
            return "paraphrase", round(best, 4)
    return None


def _runs(tokens: list[str]) -> set[tuple[str, ...]]:
    """Every run of PARAPHRASE_RUN consecutive words."""
    return {tuple(tokens[i:i + PARAPHRASE_RUN]) for i in range(len(tokens) - PARAPHRASE_RUN + 1)}


_RANK = {"exact": 3, "contained": 2, "near": 1, "paraphrase": 0}


def assign_clusters(new: Sequence[QuoteItem], candidates: Sequence[ClusterMember]) -> list[ClusterAssignment]:
    """Cluster new quotes (in the given order, earliest first) against existing members and
    each other. A quote joins the cluster of its best match (strongest kind, then score);
    with none it founds a cluster named after itself. Candidates are the same speaker's
    quotes in the same story, or with the same words anywhere (indexed, never all pairs)."""
    by_story: dict[tuple, list[ClusterMember]] = {}
    by_text: dict[tuple, list[ClusterMember]] = {}

    def index(m: ClusterMember) -> None:
        if m.speaker_key is None or m.quote_type == "indirect":
            return
        by_story.setdefault((m.speaker_key, m.story_id), []).append(m)
        by_text.setdefault((m.speaker_key, text_key(m.text)), []).append(m)

    for m in candidates:
        index(m)
    words_of: dict[str, list[str]] = {}  # a member's words, normalized once (it meets many new quotes)
    out: list[ClusterAssignment] = []
    for q in new:
        tokens = q.tokens
        key = text_key(q.text)
        best: tuple[int, float, str] | None = None
        kind, score = "founder", 1.0
        if q.speaker_key is not None and q.quote_type != "indirect":
            pool = {id(m): m for m in by_story.get((q.speaker_key, q.story_id), []) if q.story_id is not None}
            pool.update((id(m), m) for m in by_text.get((q.speaker_key, key), []))
            for m in pool.values():
                if m.quote_id not in words_of:
                    words_of[m.quote_id] = normalize(m.text)
                found = match_quotes(tokens, words_of[m.quote_id], q.story_id is not None and m.story_id == q.story_id)
                if found is None:
                    continue
                rank = (_RANK[found[0]], found[1], m.cluster_id)
                if best is None or rank[:2] > best[:2]:
                    best = rank
                    kind, score = found
        if best is not None:
            assignment = ClusterAssignment(q.quote_id, best[2], q.speaker_key, key, kind, score)
        else:
            assignment = ClusterAssignment(q.quote_id, q.quote_id, q.speaker_key, key, "founder", 1.0)
        out.append(assignment)
        index(ClusterMember(q.quote_id, assignment.cluster_id, q.speaker_key, q.story_id, q.quote_type, q.text))
    return out

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
  its words (`PARAPHRASE_RATIO_SAME_ARTICLE` for two quotes of one article), with an unbroken run of `PARAPHRASE_RUN` words and one content word, and the
  names and numbers of the shorter quote are all in the longer one ('the year of the
  Rooster' is not 'the year of the Monkey').

A title or slogan in capitals ('Make Britain Great Again') never joins a statement because
the statement contains it. A phrase (at most `PHRASE_WORDS` words: 'delighted', 'a red
line') joins the same words only when the text around the two agrees somewhat
(`context_agreement` at least `CONTEXT_AGREEMENT`: the same sentence reported twice), not
when the speaker used the word again on another occasion, and never to the same words in the
same article (an article quotes a statement once: a phrase it quotes twice is a term it repeats).
The thresholds were set on
judged pairs (docs/quality-quotes.md).

Indirect (reported) speech is the writer's wording, so it joins nothing and founds its own
cluster. Pure functions; the stage supplies the candidates (same speaker, same story, or
the same exact text anywhere) and the words around each quote.
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
PARAPHRASE_RATIO = 0.6  # two articles (two outlets' renderings of one remark)
PARAPHRASE_RATIO_SAME_ARTICLE = 0.8  # one article renders a remark once: other wording is mostly another remark
PARAPHRASE_RUN = 3
PHRASE_WORDS = 3
CONTEXT_WORDS = 8  # words on each side of a quote that `context_agreement` compares
CONTEXT_AGREEMENT = 0.3
_TOKEN = re.compile(r"[\w']+")


@dataclass
class QuoteItem:
    quote_id: str
    speaker_key: str | None
    story_id: str | None
    quote_type: str
    text: str
    context: str = ""  # the text around the quote (the quote itself may be left in); "" when unknown
    article_id: str | None = None

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
    context: str = ""
    article_id: str | None = None


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


def looks_like_title(text: str) -> bool:
    """'Make Britain Great Again', 'The Apprentice': every significant word capitalized."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3 or w[0].isupper()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _context_words(context: str, text: str) -> set[str]:
    """Content words around a quote: `CONTEXT_WORDS` on each side of it in `context`."""
    stop = stop_words()
    i = context.find(text) if text else -1
    before, after = (context[:i], context[i + len(text):]) if i >= 0 else (context, "")
    around = normalize(before)[-CONTEXT_WORDS:] + normalize(after)[:CONTEXT_WORDS]
    return {w for w in around if w not in stop}


def context_agreement(a_context: str, a_text: str, b_context: str, b_text: str) -> float:
    """How far the words around two quotes agree: shared content words over the fewer of the
    two sides' (1.0 for the same sentence reported twice); 1.0 when either context is unknown."""
    if not a_context or not b_context:
        return 1.0
    a, b = _context_words(a_context, a_text), _context_words(b_context, b_text)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def paraphrase_score(short: Sequence[str], long: Sequence[str], min_run: int = PARAPHRASE_RUN
                     ) -> tuple[float, int, tuple[str, ...]]:
    """The best window of `long` aligned with `short` among those sharing an unbroken run of
    `min_run` words and a content word: the share of `short`'s words matched, the longest
    matched run, and the words of `short` left unmatched."""
    short, long = list(short), list(long)
    stop = stop_words()
    best: tuple[float, int, tuple[str, ...]] = (0.0, 0, tuple(short))
    width = len(short)
    for i in range(0, max(1, len(long) - width + 1)):
        window = long[i:i + width + 1]
        blocks = SequenceMatcher(None, short, window, autojunk=False).get_matching_blocks()
        matched = sum(bl.size for bl in blocks)
        run = max(bl.size for bl in blocks)
        if run < min_run or not any(w not in stop for bl in blocks for w in short[bl.a:bl.a + bl.size]):
            continue  # no run long enough, or only stop words in common
        if (matched / width, run) > best[:2]:
            taken = {k for bl in blocks for k in range(bl.a, bl.a + bl.size)}
            best = (matched / width, run, tuple(w for k, w in enumerate(short) if k not in taken))
    return best


def _names_and_numbers(text: str) -> set[str]:
    """Lower-cased words of `text` written with a capital (not opening a sentence) or a digit."""
    out = set()
    for m in re.finditer(r"[\w'’]+", text):
        w = m.group()
        start = text[:m.start()].rstrip()
        sentence_start = not start or start[-1] in ".!?\"“‘'…"
        if any(ch.isdigit() for ch in w) or w[0].isupper() and not sentence_start:
            out.add(w.lower().replace("’", "'").strip("'"))
    return out


def match_quotes(a: Sequence[str], b: Sequence[str], same_story: bool, a_text: str = "",
                 b_text: str = "", same_article: bool = False) -> tuple[str, float] | None:
    """How two quotes' words relate, or None when they are different statements. `a_text` and
    `b_text`, the quotes as written, let titles and names count (see the module docstring)."""
    a, b = list(a), list(b)
    if not a or not b:
        return None
    if a == b:
        return "exact", 1.0
    (short, short_text), (long, long_text) = sorted(((a, a_text), (b, b_text)), key=lambda x: len(x[0]))
    if len(short) >= MIN_CONTAINED and _contains(long, short):
        if looks_like_title(short_text):
            return None  # a title or a slogan inside a statement is not that statement
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
        ratio, run, unmatched = paraphrase_score(short, long)
        if ratio >= (PARAPHRASE_RATIO_SAME_ARTICLE if same_article else PARAPHRASE_RATIO) and run >= PARAPHRASE_RUN:
            if short_text and long_text and set(unmatched) & _names_and_numbers(short_text):
                return None  # another name or number: another statement
            return "paraphrase", round(ratio, 4)
    return None


def _runs(tokens: list[str]) -> set[tuple[str, ...]]:
    """Every run of PARAPHRASE_RUN consecutive words."""
    return {tuple(tokens[i:i + PARAPHRASE_RUN]) for i in range(len(tokens) - PARAPHRASE_RUN + 1)}


def _cut_from(phrase: list[str], statement: list[str]) -> bool:
    """`phrase` is a shorter run of words found inside `statement`."""
    return len(statement) > len(phrase) and _contains(statement, phrase)


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
            clusters: dict[str, list[ClusterMember]] = {}
            for m in pool.values():
                clusters.setdefault(m.cluster_id, []).append(m)
                if m.quote_id not in words_of:
                    words_of[m.quote_id] = normalize(m.text)

            def found_with(m: ClusterMember) -> tuple[str, float] | None:
                return match_quotes(tokens, words_of[m.quote_id], q.story_id is not None and m.story_id == q.story_id,
                                    q.text, m.text, q.article_id is not None and q.article_id == m.article_id)

            for m in pool.values():
                found = found_with(m)
                if found is None:
                    continue
                if found[0] == "contained" and len(tokens) > len(words_of[m.quote_id]) and any(
                        _cut_from(words_of[m.quote_id], words_of[o.quote_id]) and found_with(o) is None
                        for o in clusters[m.cluster_id] if o is not m):
                    # A phrase cut from one statement, found again in another: the phrase both
                    # contain does not make them one statement.
                    continue
                if found[0] in ("exact", "near") and min(len(tokens), len(words_of[m.quote_id])) <= PHRASE_WORDS and (
                        q.article_id is not None and q.article_id == m.article_id
                        or context_agreement(q.context, q.text, m.context, m.text) < CONTEXT_AGREEMENT):
                    # The speaker's word again in another sentence; within one article, a phrase
                    # quoted twice is a term the article repeats ('bot nets'), not one statement.
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
        index(ClusterMember(q.quote_id, assignment.cluster_id, q.speaker_key, q.story_id, q.quote_type, q.text,
                            q.context, q.article_id))
    return out

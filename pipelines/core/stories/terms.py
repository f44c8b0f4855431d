"""Story terms: an article's content words and entities as a tf-idf vector, and the plain
comparisons of a vector with a story's centroid (stories/__init__.py holds the types and the index)."""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.core.stories import ArticleDoc, StoryParams, StoryState


ENTITY_PREFIX = "e:"
# Named-entity labels that make an article's topic (dates, numbers and languages do not).
SALIENT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported on first use: importing spaCy takes about a second, and
    `newsetl run`'s nothing-pending check imports this module without needing them."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def words(text: str) -> list[str]:
    """Content words: lower case, no stop words, a plural 's' folded."""
    out = []
    stop = stop_words()
    for w in _WORD.findall(text.lower()):
        w = w.strip("'-")
        if len(w) < 3 or w in stop:
            continue
        if w.endswith("s") and not w.endswith("ss") and len(w) > 4:
            w = w[:-1]
        out.append(w)
    return out


def term_counts(doc: ArticleDoc) -> Counter:
    """Raw counts of an article's terms: entity ids (prefixed) and content words."""
    counts: Counter = Counter(words(doc.body))
    if doc.title:
        counts.update(words(doc.title))  # the title counts twice
    counts.update(ENTITY_PREFIX + eid for eid, _name, _start in doc.entities)
    return counts


def idf(df: int, n_docs: int) -> float:
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def article_vector(counts: Counter, df: dict[str, int], n_docs: int, params: StoryParams) -> dict[str, float]:
    """L2-normalized tf-idf vector of the heaviest terms; entities boosted."""
    weights = {}
    for term, tf in counts.items():
        w = (1.0 + math.log(tf)) * idf(df.get(term, 0), n_docs)
        if term.startswith(ENTITY_PREFIX):
            w *= params.entity_boost
        weights[term] = w
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:params.article_terms]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


def salient_entities(doc: ArticleDoc, limit: int) -> list[str]:
    """The article's most mentioned entities (earlier first on ties), as terms."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for eid, _name, start in doc.entities:
        counts[eid] += 1
        first[eid] = min(first.get(eid, start), start)
    ranked = sorted(counts, key=lambda e: (-counts[e], first[e], e))
    return [ENTITY_PREFIX + e for e in ranked[:limit]]


def cosine(vector: dict[str, float], story: StoryState) -> float:
    return sum(w * story.centroid.get(t, 0.0) for t, w in vector.items()) / story.norm()


def shared_entity_weight(vector: dict[str, float], story: StoryState) -> float:
    """The weight (in the article's unit-length vector) of its entity terms the story holds."""
    return sum(w for t, w in vector.items() if t.startswith(ENTITY_PREFIX) and t in story.centroid)


def title_vector(doc: ArticleDoc, df: dict[str, int], n_docs: int) -> dict[str, float]:
    """The headline's content words, idf-weighted, unit length (empty without a headline)."""
    weights = {w: idf(df.get(w, 0), n_docs) for w in set(words(doc.title or ""))}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}

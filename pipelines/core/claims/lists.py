"""Lists that name their things once, read after each claim was read on its own: 'wheat, maize and barley rose
5, 6 and 7 pct respectively' pairs the n-th figure with the n-th noun (each figure alone read the first noun, or
none, for all of them), and each listed figure is a rise.

Entry point: `listed_objects(text, index, claims)` -> claims.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipelines.core.claims.changes import change_unit
from pipelines.core.claims.model import Claim
from pipelines.core.claims.parse import TokenIndex, object_phrase
from pipelines.core.claims.patterns import LIST_GAP
from pipelines.core.claims.things import counted_thing


def _runs(text: str, claims: list[Claim]) -> list[list[int]]:
    """Indexes of claims listed one after another (', ', ' and ', ', and ' between them)."""
    runs: list[list[int]] = []
    for i, claim in enumerate(claims):
        if runs and LIST_GAP.fullmatch(text, claims[runs[-1][-1]].end_char, claim.start_char):
            runs[-1].append(i)
        else:
            runs.append([i])
    return [run for run in runs if len(run) >= 2]


def _listed_nouns(index: TokenIndex, start: int, first: int, count: int) -> list[Token] | None:
    """The last coordination of `count` common nouns between the sentence start and the first figure."""
    tokens = [t for t in index.span_tokens(start, first) if t.idx < first]
    for token in reversed(tokens):
        if token.dep_ == "conj" or token.pos_ != "NOUN":
            continue
        nouns = [token, *token.conjuncts]
        first_noun = min(nouns, key=lambda n: n.i)
        holder = first_noun.head.head if first_noun.dep_ == "pobj" and first_noun.head.dep_ == "prep" else None
        if holder is not None and holder.pos_ == "NOUN" and holder.i < first_noun.i and len(nouns) == count:
            # 'lending for house purchases and mortgage lending were 29% and 18% lower': the parser joins the
            # second noun to the nearer one; the first listed thing is the noun the phrase modifies
            nouns = [holder, *(n for n in nouns if n is not first_noun)]
        if len(nouns) == count and all(n.idx < first and counted_thing(n) is not None for n in nouns):
            return sorted(nouns, key=lambda n: n.i)
    return None


def listed_objects(text: str, index: TokenIndex, claims: list[Claim]) -> list[Claim]:
    """Figures listed after as many listed nouns that are the clause's subject or are taken 'respectively', each
    read one thing (or none) for all: the n-th figure takes the n-th noun. Listed figures after a change are
    changes too."""
    out = list(claims)
    for run in _runs(text, claims):
        first = claims[run[0]]
        start, end = index.sentence_bounds(first.start_char)
        if first.qualifier in ("up", "down") and change_unit(first.unit):
            for i in run[1:]:  # 'rose 5, 6 and 7 pct': each a rise
                if claims[i].qualifier == "=" and claims[i].unit == first.unit:
                    out[i] = replace(out[i], qualifier=first.qualifier)
        if len({claims[i].object_lemma for i in run}) > 1:
            continue
        nouns = _listed_nouns(index, start, first.start_char, len(run))
        # 'respectively', or the listed nouns are the subject: 'sales and profits rose 5 and 6 pct'
        if nouns is None or "respectively" not in text[start:end].lower() and nouns[0].dep_ not in ("nsubj",
                                                                                                 "nsubjpass"):
            continue
        for i, noun in zip(run, nouns):
            _, _, obj, lemma = object_phrase(noun, text)
            out[i] = replace(out[i], object=obj, object_lemma=lemma)
    return out

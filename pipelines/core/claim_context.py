"""What happened to the thing a numeric claim counts: its event (predicate) and its subject.

'Russia launched 273 drones' and 'its air defenses shot down 127 drones' count the same
object (drones) in different events; comparing their numbers across outlets only makes
sense within one event. This module reads the parse around each claim's offsets and adds
to the claim dict:

- `predicate`: the lemma of the verb whose argument the counted thing is, with its
  particle ('launch', 'shoot down'); a nominal event is used when the number sits in an
  'of' phrase of a noun ('a swap of 1,000 prisoners' -> 'swap'). A participial clause
  that elaborates the main verb's object ('launched its largest drone attack, firing 273
  drones') takes the main verb's event, because its object restates the main object.
- `predicate_start`, `predicate_end`: offsets of the predicate word (the evidence).
- `subject`, `subject_label`: who did it (the verb's subject, or the agent of a passive),
  as the canonical entity name when a mention covers it, else the subject's words;
  pronouns are left empty (no coreference here).

Pure function over a spaCy Doc; no Dagster, no DuckDB.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

# Dependency labels through which a noun is an argument of the verb above it.
_ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "pobj", "attr", "oprd", "dative", "conj", "appos", "npadvmod",
                  "compound", "amod", "nummod", "quantmod", "nmod", "prep", "agent", "acomp", "advmod"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "who", "which"}
_MAX_CLIMB = 8


def _claim_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _object_token(span: Span) -> Token:
    """The counted noun: the span's syntactic root (the noun the number modifies)."""
    root = span.root
    # 'five of the drones': the root is the number, the noun is in the 'of' phrase.
    if root.like_num or root.pos_ == "NUM":
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return root


# Adverbs the parser sometimes labels advmod where they are the verb's particle ('shot down').
_PARTICLES = {"down", "up", "off", "out", "back", "away", "over"}


def _verb_phrase(verb: Token) -> str:
    particles = [c.lower_ for c in verb.children
                 if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES and c.i == verb.i + 1)]
    return " ".join([verb.lemma_.lower(), *particles])


def _lemmas_of_object(verb: Token) -> set[str]:
    """Lemmas of the verb's direct object and of its compound/adjectival modifiers."""
    lemmas: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(t.lemma_.lower() for t in child.children if t.dep_ in ("compound", "amod"))
    return lemmas


def find_predicate(obj: Token) -> tuple[Token | None, str | None]:
    """The event token and its normalized phrase for a counted noun."""
    token = obj
    came_from_of = False
    for _ in range(_MAX_CLIMB):
        if token.dep_ == "ROOT" and token.pos_ not in ("VERB", "AUX"):
            return None, None
        head = token.head
        if head == token:  # the root (a Token is made per access: compare, not `is`)
            return None, None
        if head.pos_ == "VERB" or (head.pos_ == "AUX" and token.dep_ in ("nsubj", "attr")):
            if head.pos_ == "AUX":
                return head, head.lemma_.lower()
            verb = head
            # A participial elaboration of a governing verb's object takes that verb's event
            # ('launched its largest drone attack ..., firing 273 drones' -> launch).
            if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj"):
                above = verb.head
                for _ in range(3):
                    if above.pos_ != "VERB":
                        break
                    if obj.lemma_.lower() in _lemmas_of_object(above):
                        verb = above
                        break
                    if above.head == above:
                        break
                    above = above.head
            return verb, _verb_phrase(verb)
        if came_from_of and head.pos_ in ("NOUN", "PROPN") and token.dep_ == "prep":
            return head, head.lemma_.lower()  # 'a swap of 1,000 prisoners'
        came_from_of = token.dep_ == "pobj" and head.lower_ == "of"
        token = head
    return None, None


def _subject_token(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    for child in verb.children:  # passive: 'were shot down by Russia'
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    # A participle or infinitive inherits the subject of the verb it hangs on.
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX") and verb.head != verb:
        return _subject_token(verb.head)
    return None


def _subject_name(subject: Token, mentions: Sequence[dict]) -> tuple[str | None, str | None]:
    if subject.lower_ in _PRONOUNS:
        return None, None
    left = min(t.idx for t in subject.subtree)
    # The head noun and what is glued to it ('air defenses', 'Russia's Defense Ministry').
    words = [t for t in subject.subtree if t.i <= subject.i and t.dep_ in ("compound", "amod", "poss") or t is subject]
    for m in mentions:  # a named mention on the head itself
        if m["start_char"] <= subject.idx < m["end_char"]:
            return m["canonical_name"], m["label"]
    for m in mentions:  # 'its air defenses' -> no; 'Ukraine's air force' -> the possessor is named
        if left <= m["start_char"] and m["end_char"] <= subject.idx + len(subject.text) and \
                any(t.dep_ == "poss" and m["start_char"] <= t.idx < m["end_char"] for t in subject.children):
            return m["canonical_name"], m["label"]
    text = " ".join(t.text for t in words if t.lower_ not in _PRONOUNS and t.dep_ != "poss")
    return (text or None), None


def add_claim_context(doc: Doc, claims: list[dict], mentions: Sequence[dict]) -> list[dict]:
    """Add predicate, predicate offsets and subject to each claim dict (in place; also returned).

    `claims` carry `start_char`/`end_char` into doc.text; `mentions` are the mention dicts of
    the same article (`canonical_name`, `label`, offsets)."""
    for claim in claims:
        claim.update(predicate=None, predicate_start=None, predicate_end=None, subject=None, subject_label=None)
        span = _claim_span(doc, claim["start_char"], claim["end_char"])
        if span is None or not len(span):
            continue
        token, phrase = find_predicate(_object_token(span))
        if token is None:
            continue
        claim.update(predicate=phrase, predicate_start=token.idx, predicate_end=token.idx + len(token.text))
        if token.pos_ in ("VERB", "AUX"):
            subject = _subject_token(token)
            if subject is not None and not (subject.idx <= claim["start_char"] < subject.idx + len(subject.text)):
                claim["subject"], claim["subject_label"] = _subject_name(subject, mentions)
    return claims

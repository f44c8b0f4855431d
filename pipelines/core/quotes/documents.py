"""Documents as speakers: who issued a report, a statement or a suit.

Entry points: `is_document` (a noun for a document), `document_author` (who issued a document
named in its own phrase: its possessor, a 'by'/'from' phrase, a publication that printed it, a
name before it), `possessor_of_own_work` ('In his new book, X suggests') and `noun_phrase` (the
char span of a speaker noun phrase). Who issued a document the article introduced earlier is
found in `speakers.py`, which resolves the issuing verb's subject.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from pipelines.core.entities import ROLE_NOUNS, mention_at
from pipelines.core.quotes.article import SPEAKER_ENTITY_TYPES, Article, Speaker
from pipelines.core.speech_verbs import DOCUMENT_NOUNS, ORG_NOUNS

_NP_LEFT = ("compound", "amod", "nmod", "poss", "nummod", "det", "case", "quantmod", "npadvmod")

# Entity labels of places: a place speaks through its government ('Russia said'), but a longer
# name that starts with a place's is something else.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

_DASHES = frozenset({"-", "--", "–", "—"})


def noun_phrase(head: Token) -> tuple[int, int]:
    """Char span of a speaker noun phrase: left modifiers + head (+ 'of'/'from' phrase)."""
    start_token, end_token = head, head
    for child in head.lefts:
        if child.dep_ in _NP_LEFT:
            start_token = min(start_token, child.left_edge, key=lambda t: t.i)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            end_token = max(end_token, child.right_edge, key=lambda t: t.i)
    doc = head.doc
    dash = next((i for i in range(head.i - 1, start_token.i - 1, -1) if doc[i].text in _DASHES
                 and doc[i].whitespace_ and i > 0 and doc[i - 1].whitespace_), None)  # not '43-year-old'
    if dash is not None and not any(t.ent_type_ == "PERSON" for t in doc[start_token.i : dash]):
        # 'WASHINGTON - Members of the caucus said': a dateline or heading is no part of the speaker
        # (but in 'Ann Lee - his co-host - said' the name is)
        start_token = doc[dash + 1]
    while end_token.is_space and end_token.i > start_token.i:
        end_token = doc[end_token.i - 1]  # a paragraph break hangs off the phrase's last word
    return start_token.idx, end_token.idx + len(end_token)


# Verbs of issuing a document ('a survey published by X'): their agent is its author.
_ISSUED_BY = ("by", "from")
# Documents a publication prints ('a report in the Daily Courier'): the publication speaks.
_PUBLISHED_IN = frozenset(("report", "survey", "poll", "review", "analysis"))


def is_document(token: Token) -> bool:
    """A noun for a document ('the report', 'a paper'); not one that in the plural names bodies
    that speak ('the papers said': the press, an organization noun too)."""
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and lemma in DOCUMENT_NOUNS and not (token.tag_ == "NNS" and lemma in ORG_NOUNS)


def named_possessor(art: Article, body: Token) -> Speaker | None:
    """The named person or organization whose body a noun is ("Governor X's office": X; "the
    Harbour Board's press office": the Harbour Board); None for a pronoun or a common noun."""
    owner = next((c for c in body.children if c.dep_ == "poss" and c.pos_ == "PROPN" and not art.quoted[c.i]), None)
    if owner is None:
        return None
    mention = art.mention_of(owner)
    if mention is None or mention.label not in SPEAKER_ENTITY_TYPES:
        return None
    return Speaker.named(mention)


def document_author(art: Article, document: Token) -> Speaker | None:
    """Who issued a document: its possessor ("the Embassy's report"), a 'by'/'from' phrase ('a
    report by X', 'a report from analysts Vantix', 'a survey published by X'), or a name before
    it ('the Pew report'); a body among them stands for its named possessor ("from X's office": X)
    or as written ("the campaign's statement": campaign); None when the sentence names nobody that
    can speak."""
    candidates = [c for c in document.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ in _ISSUED_BY:
            candidates += [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ == "in" and document.lemma_.lower() in _PUBLISHED_IN:
            publication = _publication(art, child)
            if publication is not None:
                return publication
        elif child.dep_ == "acl":
            candidates += [o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    candidates += [c for c in document.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
    for token in candidates:
        if art.quoted[token.i] or any(c.dep_ == "conj" for c in token.children):
            continue  # 'Statements from the White House and the Kremlin': no one issuer
        # 'analysts Vantix': the name a common noun introduces
        named = next((c for c in token.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"
                      and c.i > token.i), None) if token.pos_ == "NOUN" else None
        mention = art.mention_of(token)
        if mention is None and named is not None:
            mention = mention_at(art.mentions, named.idx, named.idx + len(named))
        if mention is not None and mention.label in SPEAKER_ENTITY_TYPES | PLACE_LABELS:
            return Speaker.named(mention)
        if mention is None and token.pos_ == "NOUN" and (
                token.lemma_.lower() in ORG_NOUNS or token.lemma_.lower() in ROLE_NOUNS):
            holder = named_possessor(art, token) if token.lemma_.lower() in ORG_NOUNS else None
            if holder is not None:  # "a statement from X's office": X speaks through the office (not
                return holder       # through "X's inspector general": a role is a speaker of its own)
            start, end = noun_phrase(token)
            return Speaker(re.sub(r"^(?:the|a|an)\s+", "", art.text[start:end], flags=re.I), None,
                           art.text[start:end], start, end, False)
    return None


def _publication(art: Article, prep: Token) -> Speaker | None:
    """'a report in the Daily Courier': the named publication, a proper name the NER takes for a
    body or for nothing (not a place, a date: 'a report in Beijing', 'in March')."""
    name = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN" and not art.quoted[c.i]), None)
    if name is None:
        return None
    mention = mention_at(art.mentions, name.idx, name.idx + len(name))
    if mention is not None:
        return Speaker.named(mention) if mention.label == "ORG" else None
    first = name
    while first.i > 0 and art.tokens[first.i - 1].head.i == name.i and art.tokens[first.i - 1].pos_ == "PROPN" \
            and art.tokens[first.i - 1].dep_ == "compound":
        first = art.tokens[first.i - 1]
    start, end = first.idx, name.idx + len(name)
    return Speaker(art.text[start:end], "ORG", art.text[start:end], start, end, True)


def possessor_of_own_work(art: Article, document: Token) -> Speaker | None:
    """'In his new book, X suggests': the subject of the clause a document with a possessive
    pronoun hangs on, when it is a named person ('his', 'her') or organization ('its', 'their');
    with the subject misparsed ('In his book, Title, X, a lawyer, suggests' makes X a conjunct of
    the title), the first such name between the document and the clause's verb."""
    owner = next((c.lower_ for c in document.children if c.dep_ == "poss"), None)
    label = "PERSON" if owner in ("his", "her") else "ORG" if owner in ("its", "their") else None
    if label is None:
        return None
    clause = document
    while clause.dep_ in ("pobj", "prep", "appos", "dobj") and clause.head.i != clause.i:
        clause = clause.head
    subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.i != document.i), None)
    if subject is not None:
        found = [art.mention_of(subject)]
    else:
        found = [m for m in art.mentions if document.idx < m.start_char < clause.idx and m.label == label]
    mention = found[0] if found else None
    if mention is None or mention.label != label or art.in_quote(mention.start_char):
        return None
    return Speaker.named(mention)

"""Reading the parse (never re-running it): the token at an offset, the counted thing
(`object`), the entity a number is about, names that look like counts ('iPhone 11'),
and the sentence a claim sits in.

Entry points: `TokenIndex(doc, text)`, `counted_noun`, `object_phrase`, `about_entity`,
`is_label`, `glued_m_counted`, `sentence_of`.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from pipelines.core.claims.numbers import Quantity
from pipelines.core.claims.patterns import (
    CAPITALIZED_NEXT,
    GROUP_OF_BEFORE,
    LABEL_LIST_BEFORE,
    TOP_BEFORE,
    ROUND_BEFORE,
    ROUND_AFTER,
    MODIFIER_DEPS,
    NOUN_POS,
    PARAGRAPH_BREAK,
    PREV_WORD,
    SUBJECT_DEPS,
    THOUSANDS_SEPARATOR,
    UNIT_FORMS,
)
from pipelines.core.entities import Mention, mention_at
from pipelines.core.doc_cache import doc_tokens, sentences, token_starts
from pipelines.core.quantities import AGE_NOUNS, CONTRAST_DETERMINERS, DEICTIC_DAYS, LABEL_WORDS, LEMMA_OVERRIDES, METRE_EVENT_NOUNS
from pipelines.core.quantities import MONEY_VERB_NOUNS, TAKINGS_PARTICLE_LEMMAS


class TokenIndex:
    """Char offset -> token or sentence, by bisection (Doc.text and Token.sent cost a pass over the doc)."""

    def __init__(self, doc: Doc, text: str):
        self.doc = doc
        self.text = text
        self.tokens = doc_tokens(doc)
        self.starts = token_starts(doc)
        self._sentences: list[tuple[int, int]] | None = None

    def sentence_bounds(self, char: int) -> tuple[int, int]:
        if self._sentences is None:
            self._sentences = [(s.start_char, s.end_char) for s in sentences(self.doc)]
        i = bisect.bisect_right(self._sentences, (char, len(self.text) + 1)) - 1
        return self._sentences[max(0, i)]

    def at(self, char: int) -> Token:
        return self.tokens[max(0, bisect.bisect_right(self.starts, char) - 1)]

    def span_tokens(self, start: int, end: int) -> list[Token]:
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = max(first, bisect.bisect_left(self.starts, end) - 1)
        return self.tokens[first:last + 1]


def whole_word(token: Token) -> Token:
    """The word a one-letter prefix was split from at a hyphen ('e-mail' -> 'mail'), else the token ('cattle' of
    'cattle-on-feed' stays)."""
    doc = token.doc
    if len(token.text) == 1 and not token.whitespace_ and token.i + 2 < len(doc) and doc[token.i + 1].text == "-" \
            and not doc[token.i + 1].whitespace_ and doc[token.i + 2].is_alpha:
        return doc[token.i + 2]
    return token


def _model_code(token: Token) -> bool:
    """A model code written between a count and its noun: letters and digits in one word ('MD-11', 'A320')."""
    return token.pos_ in ("NUM", "PROPN") and any(c.isalpha() for c in token.text) \
        and any(c.isdigit() for c in token.text)


def counted_noun(number_tokens: list[Token], after: Token | None) -> Token | None:
    """The noun a bare count counts: the head of its nummod, 'of X' after 'hundreds', or the next noun."""
    last = number_tokens[-1]
    for tok in reversed(number_tokens):
        head = tok.head
        if tok.dep_ == "nummod" and head.i == tok.i + 1 and _model_code(head) and head.head.pos_ in NOUN_POS \
                and head.head.i > head.i:
            head = head.head  # 'six MD-11 aircraft': the code names the model of the thing counted
        if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.pos_ in NOUN_POS and head.i > last.i:
            while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in NOUN_POS:
                head = head.head
            joined = next((c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
            if joined is not None and head.tag_ == "NN" and joined.tag_ == "NNS" and head.i + 1 < joined.i and any(
                    c.dep_ == "amod" for c in joined.lefts) and not any(c.dep_ == "nummod" for c in joined.children):
                head = joined  # '2,000 business and political leaders': the singular noun modifies the plural
            # not the 'pct' of 'the 4.50/43 pct rate', nor the 'olds' of '16 and 17-year-olds'
            return None if head.text in UNIT_FORMS or head.lower_ in AGE_NOUNS else whole_word(head)
    if after is not None:
        if after.lower_ == "of" and after.i + 1 < len(after.doc):  # 'hundreds of people'
            candidate = next((c for c in after.children if c.dep_ == "pobj"), None)
            bare = candidate is not None and not any(c.dep_ in ("det", "poss", "nummod") for c in candidate.children)
            if bare and candidate.pos_ in NOUN_POS:
                return candidate
            return None
        if after.pos_ == "NOUN" and after.text not in UNIT_FORMS and after.lower_ not in AGE_NOUNS \
                and after.lower_ not in DEICTIC_DAYS:  # '1.3080/85 yesterday': when, not what
            head = after
            while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in NOUN_POS:
                head = head.head
            return whole_word(head)  # '300 e-books': the word, not its 'e'
    return None


def money_verb_noun(verb: Token) -> str | None:
    """'takings' for a verb of takings ('has grossed', 'brought in'), 'spending' for 'spend': what its money is."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in MONEY_VERB_NOUNS:
        return None
    if lemma in TAKINGS_PARTICLE_LEMMAS and not any(c.dep_ == "prt" and c.lower_ == "in" for c in verb.children):
        return None  # 'took $5m' may be a loan, a fee, a charge; 'took in $5m' is takings
    return MONEY_VERB_NOUNS[lemma]



def object_phrase(noun: Token, text: str, after: int = 0) -> tuple[int, int, str, str]:
    """Counted thing as written (compounds, 'of X'; from char `after` on) and its lemma -> (start, end, text, lemma);
    a verb of takings or spending standing for its money is named by the noun it stands for ('grossed': takings)."""
    named = money_verb_noun(noun)
    if named is not None:
        return noun.idx, noun.idx + len(noun.text), named, named
    doc = noun.doc
    first = noun.i
    while (first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i in range(first, noun.i + 1)
           and doc[first - 1].idx >= after  # not the 'm' of '39m cases'
           and not (first > 2 and doc[first - 2].text == "-" and doc[first - 3].like_num)):  # nor the 'year' of '10-year'
        first -= 1
    hyphened = first == noun.i and _hyphened_to(noun, after)
    if hyphened:
        first -= 2  # 'a 10 mln acre sign-up': the word the parser split at its hyphen
    last = noun.i
    if noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ == "of" and doc[noun.i + 1].head.i == noun.i:
        pobj = doc[noun.i + 2]
        if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and not list(pobj.children):
            last = noun.i + 2  # 'prisoners of war'
    words = [doc[i].text for i in range(first, last + 1)]
    head_lemma = LEMMA_OVERRIDES.get(noun.lower_) or (noun.lemma_ if noun.pos_ == "PROPN" else noun.lemma_.lower())
    lemma_words = words[:]
    lemma_words[noun.i - first] = head_lemma
    if hyphened:
        lemma_words[:3] = ["".join(lemma_words[:3]).lower()]
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    return start, end, text[start:end], " ".join(lemma_words)


def _hyphened_to(noun: Token, after: int) -> bool:
    """The noun is the second half of a word split at its hyphen ('sign-up', 'take-up'), the first half a
    word of letters (not the '10' of '10-day')."""
    doc = noun.doc
    if noun.i < 2:
        return False
    hyphen, before = doc[noun.i - 1], doc[noun.i - 2]
    return hyphen.text == "-" and not hyphen.whitespace_ and not before.whitespace_ and before.is_alpha \
        and before.idx >= after and (before.head.i == noun.i or len(before.text) == 1)  # 'e-mail', 'e-books'


def _mention_over(mentions: Sequence[Mention], first: Token, last: Token) -> Mention | None:
    return mention_at(mentions, first.idx, last.idx + len(last.text))


def about_entity(root: Token, noun: Token | None, quantity: tuple[int, int], mentions: Sequence[Mention],
           text: str) -> Mention | None:
    """Entity the number is about: a modifier of the counted thing, else the clause subject."""
    for holder in (noun, root):
        if holder is None:
            continue
        for child in holder.children:
            if quantity[0] <= child.idx < quantity[1]:
                continue  # the number and its unit ('N.Z. Dlrs') are not what it is about
            if child.dep_ in MODIFIER_DEPS:
                hit = _mention_over(mentions, child.left_edge, child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                hit = _mention_over(mentions, pobj, pobj) if pobj is not None else None
            else:
                continue
            if hit:
                return hit
    token = root
    for _ in range(4):  # climb to the governing verb, then to the verb it depends on
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            token = token.head
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.left_edge.i <= root.i <= subject.right_edge.i:
                return None  # the number is inside the subject; its modifiers were checked above
            return _mention_over(mentions, subject.left_edge, subject)
        if token.head.i == token.i or PARAGRAPH_BREAK.search(text, token.head.idx, token.idx):
            return None  # the root, or a verb across a paragraph break the parser missed
        token = token.head
    return None


def _describes(token: Token) -> bool:
    """An adjective-like word between a number and its noun ('six new pledges', 'six single-battalion regiments')."""
    return (token.pos_ in ("ADJ", "ADV") or token.tag_ in ("HYPH", "VBN", "VBG")
            or (token.i > 0 and token.nbor(-1).tag_ == "HYPH"))


def is_label(index: TokenIndex, text: str, q: Quantity, noun: Token | None) -> bool:
    """'iPhone 11', 'FTSE 100', 'section 5', '10 Downing Street': a number that names something."""
    prev = PREV_WORD.search(text, max(0, q.start - 30), q.start)
    word = prev["w"].lower().rstrip(".") if prev else ""
    if word in LABEL_WORDS or (word.endswith("s") and word[:-1] in LABEL_WORDS):
        return True  # 'section 5', 'numbers 19 and 10'
    if q.unit is None and GROUP_OF_BEFORE.search(text, max(0, q.start - 20), q.start) and (
            text[q.number_start].isupper() or CAPITALIZED_NEXT.match(text, q.end)):
        return True  # 'Group of 7 finance ministers', 'the Group of Seven': a name
    if noun is None and q.unit is None and TOP_BEFORE.search(text, max(0, q.start - 8), q.start):
        return True  # 'firmly in the top 10': a chart's name; 'the top 10 firms' counts firms
    if noun is None and q.unit is None and ROUND_BEFORE.search(text, max(0, q.start - 10), q.start) \
            and ROUND_AFTER.match(text, q.end):
        return True  # 'reached the last 16 of the Cup', 'into the last eight.': a round's name
    if LABEL_LIST_BEFORE.search(text, max(0, q.start - 40), q.start):
        return True  # the '10' of 'reached numbers 19 and 10', 'sections 4 and 5'
    first = index.at(q.number_start)
    if first.i > 0 and q.start == q.number_start:  # a sign ('minus 10') is no name
        prev_tok = first.doc[first.i - 1]
        adjacent = prev_tok.idx + len(prev_tok.text) >= q.start - 1
        possessive = prev_tok.tag_ == "POS"
        if possessive and prev_tok.i > 0 and prev_tok.nbor(-1).pos_ == "PROPN":
            prev_tok = prev_tok.nbor(-1)  # "Ocean's 12"
        named = prev_tok.pos_ == "PROPN" or (prev_tok.text[:1].isupper() and not prev_tok.is_sent_start)
        # Names carry small bare numbers: '70,000' (a thousands separator) or '30.8 mln' is an amount.
        amount = q.scaled or THOUSANDS_SEPARATOR.search(text, q.number_start, q.number_end) is not None
        version = "." in text[q.number_start:q.number_end]  # 'USB 2.0 connections': a count is whole
        if named and (prev_tok.is_alpha or prev_tok.text.isupper() and len(prev_tok.text) > 1) and adjacent \
                and not amount:  # 'Boeing 747', 'S&P 500' 
            # "Scotland's six single-battalion regiments": a plural noun a few words on is what is counted
            last = index.at(q.end - 1)  # not "Poor's 500 stock index futures"
            # ('Boeing 767 planes': a bare figure right after a name is its model, whatever follows)
            counted = ((possessive or q.kind == "words") and not version and noun is not None and noun.tag_ in ("NNS", "NNPS") and 0 < noun.i - last.i <= 4
                       and all(_describes(t) for t in noun.doc[last.i + 1:noun.i]))
            if not counted:
                return True
    if noun is not None and _names_singular(index, q, noun):
        return True
    if noun is not None and _one_of_contrast(first, noun):
        return True
    return noun is not None and noun.pos_ == "PROPN" and noun.ent_type_ != "NORP" and noun.tag_ != "NNPS"


def _one_of_contrast(first: Token, noun: Token) -> bool:
    """'One huge clearance ... while another booming punt': 'one' before a singular noun, answered later in its
    sentence by 'another' or 'the other' before a noun, picks one of several; it counts nothing."""
    if first.lower_ != "one" or first.dep_ != "nummod" or noun.tag_ != "NN":
        return False
    return any(t.lower_ in CONTRAST_DETERMINERS and t.dep_ in ("det", "amod") and t.head.pos_ == "NOUN"
               and t.head.i != noun.i for t in first.sent if t.i > noun.i)


def _names_singular(index: TokenIndex, q: Quantity, noun: Token) -> bool:
    """'the 19 firm', 'an old 386 computer': a bare whole number above one before a singular noun names it
    (a count of more than one takes a plural); not '200 head of cattle', not '3 bedroom house'."""
    number = index.text[q.number_start:q.number_end]
    if q.kind != "digits" or q.scaled or q.low is not None or not number.isdigit() or q.value <= 1:
        return False
    first = index.at(q.end + 1)
    if noun.i != first.i or noun.tag_ != "NN" or noun.idx != q.end + 1:
        return False
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return after is None or (after.pos_ not in NOUN_POS and after.lower_ != "of")


def sentence_of(index: TokenIndex, start: int, end: int) -> str:
    """The parser's sentence, cut to the paragraph holding the claim (it sometimes runs across blank lines)."""
    sent_start, sent_end = index.sentence_bounds(start)
    sent_end = max(sent_end, end)
    breaks = [(m.start(), m.end()) for m in PARAGRAPH_BREAK.finditer(index.text, sent_start, sent_end)]
    first = max((b_end for _, b_end in breaks if b_end <= start), default=sent_start)
    last = min((b_start for b_start, _ in breaks if b_start >= end), default=sent_end)
    return index.text[first:last].strip()


def glued_m_counted(index: TokenIndex, q: Quantity) -> Token | None:
    """'sold almost 4m DS consoles': a glued 'm' before a counted plural (not '60m hurdles') is million."""
    doc = index.doc
    m_token = index.at(q.end - 1)
    for i in range(m_token.i + 1, min(m_token.i + 4, len(doc))):
        tok = doc[i]
        if tok.pos_ == "NOUN":
            if tok.tag_ == "NNS" and tok.lower_ not in METRE_EVENT_NOUNS and tok.text not in UNIT_FORMS:
                return tok
            return None
        if tok.pos_ not in ("PROPN", "ADJ") and tok.tag_ != "HYPH":
            return None
    return None

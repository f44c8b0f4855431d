"""What can be the counted thing of a figure, shared by the phrase readers (`objects.py`) and the clause
readers (`clauses.py`): a phrase's head, a common noun that is no unit, time word or light noun, the thing
behind a light or change noun."""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.parse import whole_word
from pipelines.core.claims.patterns import (
    NOUN_POS,
    MEASURE_NAME,
    UNIT_FORMS,
)
from pipelines.core.quantities import (
    AGE_NOUNS,
    CHANGE_NOUNS,
    CHANGE_VERB_LEMMAS,
    FRAME_NOUNS,
    GDP_WORDS,
    LEVEL_VERB_LEMMAS,
    LIGHT_NOUNS,
    MEASURE_HOLDER_NOUNS,
    RATE_CHANGE_NOUNS,
    TIME_NOUNS,
)

CHANGE_NOUN_LEMMAS = frozenset(n for ns in CHANGE_NOUNS.values() for n in ns)
CHANGE_VERBS = frozenset(v for vs in CHANGE_VERB_LEMMAS.values() for v in vs)
SUBJECT_VERBS = CHANGE_VERBS | LEVEL_VERB_LEMMAS
# Named entities whose name as a clause's subject is who has the figure, not the thing measured.
NOT_A_THING_ENTITIES = frozenset({"PERSON", "GPE", "NORP"})


def phrase_head(token: Token) -> Token:
    """The head of a compound chain ('unit' of 'unit sales' -> 'sales')."""
    while token.dep_ == "compound" and token.head.i > token.i and token.head.pos_ in NOUN_POS:
        token = token.head
    return whole_word(token)  # 'e-mail' split by the tokenizer: the word, not its 'e'


def counted_thing(token: Token | None) -> Token | None:
    """token when it can be a counted thing: a common noun, not a unit, a time word or a light noun."""
    if token is not None and token.pos_ == "PROPN" and MEASURE_NAME.fullmatch(token.text):
        return token  # 'M3 rose 2.2 pct': a measure of money supply, not a name
    if token is None or token.pos_ != "NOUN" or token.text in UNIT_FORMS or token.lower_ in AGE_NOUNS:
        return None
    lemma = token.lemma_.lower()
    if lemma in LIGHT_NOUNS and token.tag_ == "NNS" and any(
            c.dep_ == "compound" and c.pos_ == "NOUN" and c.lemma_.lower() not in TIME_NOUNS for c in token.lefts):
        return token  # 'visitor numbers', 'passenger numbers': a count named by what it counts
    if lemma in TIME_NOUNS or lemma in LIGHT_NOUNS or is_gdp(token):
        return None
    if lemma in MEASURE_HOLDER_NOUNS:  # 'the value of exports': the exports are what the figure measures
        prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        target = pobj(prep) if prep is not None else None
        measured = counted_thing(phrase_head(target)) if target is not None and target.pos_ == "NOUN" else None
        form = (UNIT_FORMS.get(target.text) or UNIT_FORMS.get(target.lower_)) if target is not None else None
        if measured is None and form is not None and form[1] is not None and not any(
                c.like_num for c in target.subtree):  # not 'a par value of one dlr': the figure itself
            measured = target  # 'the value of the euro rose to 1.3 dollars': a currency priced in another
        return measured or token
    return token


def is_gdp(token: Token) -> bool:
    """'GDP', 'gross domestic product': the base of a share of the economy."""
    words = [t.lower_ for t in token.lefts if t.dep_ in ("compound", "amod")] + [token.lower_]
    return token.lower_ in GDP_WORDS or " ".join(words) in GDP_WORDS


def past_light(noun: Token) -> Token | None:
    """A light noun's 'of' phrase ('its estimate of rebuilding costs' -> costs), else the noun if it is a thing."""
    if noun.lemma_.lower() in LIGHT_NOUNS:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        target = pobj(prep) if prep is not None else None
        if target is not None and noun.lemma_.lower() == "number" and target.tag_ == "NNPS":
            return target  # 'the number of Europeans online': a people counted by its plural name
        return counted_thing(phrase_head(target)) if target is not None else None
    return counted_thing(noun)


def pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def through_change_noun(noun: Token) -> Token | None:
    """'a 5% increase in unit sales' -> sales; a change noun with no 'in'/'of' phrase names no thing."""
    if noun.lemma_.lower() not in CHANGE_NOUN_LEMMAS:
        return noun
    for prep in noun.children:
        target = pobj(prep) if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "on") and prep.i > noun.i \
            else None
        found = counted_thing(target) or past_light(target) if target is not None else None
        if found is not None:  # 'a 1p rise on income tax', 'a 5% rise in the number of cars sold': the cars
            return found
    modifiers = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    modified = next((counted_thing(c) for c in reversed(modifiers) if counted_thing(c) is not None), None)  # 'debt reduction
    # of 67 mln dlrs', 'a 5% price cut'
    if modified is None and noun.lemma_.lower() in RATE_CHANGE_NOUNS:
        return noun  # 'growth of just 0.1%': the growth rate is what is measured
    return modified


def frame(noun: Token) -> bool:
    """'in the range of', 'to the tune of': a noun that only frames the figure inside a prepositional phrase."""
    return noun.lemma_.lower() in FRAME_NOUNS and noun.dep_ == "pobj"


def is_figure(token: Token) -> bool:
    """A unit word or a number standing as a verb's object: 'fell 1.01 billion guilders'."""
    return token.like_num or token.text in UNIT_FORMS or token.lower_ in UNIT_FORMS


def named_thing(head: Token) -> Token | None:
    """A name standing as the subject of a verb of level or change, when the clause names no common noun for
    the thing: an index, a crude grade, a company's shares ('Coastal Sour was raised by 50 cts', 'the Dow
    Jones industrial average closed down 1.6%'). Not a person, a place or a people: they have figures, they
    are not one."""
    if head.lemma_.lower() in LIGHT_NOUNS and head.pos_ == "NOUN":
        named = any(c.pos_ == "PROPN" and c.dep_ in ("compound", "nmod") for c in head.lefts)
        return head if named else None  # 'the Dow Jones industrial average'
    if head.pos_ != "PROPN" or head.ent_type_ in NOT_A_THING_ENTITIES or head.lower_ in UNIT_FORMS or head.text in UNIT_FORMS:
        return None
    if head.ent_type_ == "LOC" and not any(c.dep_ == "compound" for c in head.children):
        return None  # 'Asia grew 5%'; the small model tags grades named from a region as places ('North Sea Light')
    if head.is_sent_start and not head.ent_type_ and not any(c.dep_ in ("compound", "nmod") for c in head.children):
        return None  # 'Employment rose 129,000': a common noun capitalized at the start, no name
    return head

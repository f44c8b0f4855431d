"""What money a verb spends, earns or takes off is for: the object of the infinitive of purpose of a verb of
spending ('will spend 40 mln dlrs to expand a plant'), a spending verb's 'on' phrase ('spend $9 a head on
maps'), a verb of takings' 'from' phrase ('made $3m from the sale of its stake'), a noun a share or an amount
is taken 'off'.

Entry points: `spent_to(root, unit)`, `spent_on(root, unit)`, `taken_off(last, unit)`, `money_verb(root, unit)`
-> Token or None (`objects.py` reads them after the figure's own phrases and its clause)."""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.parse import money_verb_noun
from pipelines.core.claims.patterns import MONEY_UNITS, NOUN_POS
from pipelines.core.claims.things import counted_thing, past_light, phrase_head, pobj
from pipelines.core.quantities import EARNING_VERB_LEMMAS, SPENDING_VERB_LEMMAS


def _money(unit: str | None) -> bool:
    return unit is not None and unit.split(" per ")[0] in MONEY_UNITS


def spent_to(root: Token, unit: str | None) -> Token | None:
    """'will spend 40 mln dlrs to expand a plant': money a verb of spending takes as its object with an
    infinitive of purpose after it is for the infinitive's object."""
    verb = root.head
    if not _money(unit) or root.dep_ != "dobj" or verb.lemma_.lower() not in SPENDING_VERB_LEMMAS:
        return None
    purpose = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.i > root.i
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    obj = next((c for c in purpose.children if c.dep_ == "dobj"), None) if purpose is not None else None
    return counted_thing(phrase_head(obj)) if obj is not None else None


def _money_verb_of(root: Token) -> Token | None:
    """The verb whose object the money is, or the participle hung on it ('the 5 mln dlrs already spent')."""
    verb = root.head if root.dep_ == "dobj" else next(
        (c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
    return verb if verb is not None and verb.pos_ == "VERB" else None


def money_verb(root: Token, unit: str | None) -> Token | None:
    """Money a verb of takings or spending takes, with no noun for it in the sentence ('the film has grossed
    $40m', 'is earning $2m a week'): the verb, which `parse.object_phrase` names by `money_verb_noun`."""
    verb = _money_verb_of(root) if _money(unit) else None
    return verb if verb is not None and money_verb_noun(verb) is not None else None


def spent_on(root: Token, unit: str | None) -> Token | None:
    """Money a verb of spending spends 'on' a noun ('spend $9 a head on maps', 'the 5 mln dlrs already spent on
    renewing the fleet': the gerund's object), or a verb of takings makes 'from' one ('raked in $5m from concert
    tickets'): the money is of that noun. The money is the verb's object or the noun its participle hangs on."""
    verb = _money_verb_of(root) if _money(unit) else None
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    word = "on" if lemma in SPENDING_VERB_LEMMAS else "from" if lemma in EARNING_VERB_LEMMAS else None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == word and c.i > root.i), None)
    if prep is None:
        return None
    target = pobj(prep)
    if target is None:  # 'spent on renewing the fleet': what the gerund acts on
        gerund = next((c for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
        target = next((c for c in gerund.children if c.dep_ == "dobj"), None) if gerund is not None else None
    return past_light(phrase_head(target)) if target is not None and target.pos_ == "NOUN" else None


def taken_off(last: Token, unit: str | None) -> Token | None:
    """'up to 20 pct off (of) standard premiums', '30% off the list price': a share or an amount taken 'off'
    a noun is of that noun (the parser hangs 'off' anywhere: a preposition, a particle)."""
    doc = last.doc
    if unit is None or (unit != "percentage" and not _money(unit)) \
            or last.i + 2 >= len(doc) or doc[last.i + 1].lower_ != "off":
        return None
    j = last.i + 2 + (doc[last.i + 2].lower_ == "of")
    while j < len(doc) and (doc[j].pos_ in ("DET", "ADJ", "PRON") or doc[j].tag_ == "POS"
                            or doc[j].dep_ in ("compound", "poss") and doc[j].pos_ in NOUN_POS):
        j += 1
    return counted_thing(phrase_head(doc[j])) if j < len(doc) and doc[j].pos_ == "NOUN" else None

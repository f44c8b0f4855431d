"""The counted thing (`object`) of a claim that has a unit, read from the parse: what an amount,
a share or a measure is of.

In order: the noun the figure modifies ('a 53 mln dlr contract', 'a seven-inch screen', 'a 58-year-old
singer'; through a change noun to its 'in' phrase: 'a 5% increase in unit sales'), an 'of' phrase after it
('25.7 mln pounds of wheat flour', '20% of the holdings'), the noun whose 'of' phrase holds it ('a debt of
£103m', 'sales of $15.6bn'), a 'for' or 'in' phrase ('£1.7bn for the broadcast rights', '£86m in
efficiency savings'), the noun a 'worth' or a 'valued at' describes ('a deal worth £17m'), the object of
a change verb ('boost its profits by 40%'), and the subject of a verb of level or change ('sales were
about 52.5 mln dlrs', 'vehicle sales rose to 4.7 million'). A name or a pronoun is no counted thing (the
entity a claim is about is `about`).

Entry point: `measured_noun(span_tokens, unit)` -> Token or None. This module reads the figure's own
phrases; the clause's verb (its object or subject) is read by `clauses.py`. Labelled lines and figures that
restate another are `restated.py`'s.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.spending import money_verb, spent_on, spent_to, taken_off
from pipelines.core.claims.slots import noun_tagged_adjective, pronoun_taken_to
from pipelines.core.claims.clauses import (
    change_noun_level,
    clause_noun,
    verbless_move,
    elided_count,
    gapped_subject,
    set_against_change,
)
from pipelines.core.claims.things import (
    CHANGE_NOUN_LEMMAS,
    CHANGE_VERBS,
    phrase_head,
    counted_thing,
    past_light,
    pobj,
    through_change_noun,
    frame,
)
from pipelines.core.claims.patterns import (
    DURATION_UNITS,
    MONEY_UNITS,
    NOUN_POS,
    QUALIFIER_OF,
    UNIT_FORMS,
)
from pipelines.core.quantities import (
    AGE_CUES,
    AMOUNT_NOUNS,
    BOUND_PREPOSITIONS,
    DURATION_LEVEL_NOUNS,
    DURATION_SPAN_NOUNS,
    LIGHT_NOUNS,
    MEASURE_HOLDER_NOUNS,
    NOUN_MOVE_WORDS,
    PAYMENT_FORM_NOUNS,
    RATE_CHANGE_NOUNS,
    RESULTS_ITEM_NOUNS,
    RESULTS_WORDS,
    SIGN_WORDS,
    TIME_NOUNS,
    TRANSITIVE_CHANGE_LEMMAS,
)


_TIME_UNITS = DURATION_UNITS


def _billed(root: Token) -> Token | None:
    """'a bill for three mln dlrs for services', 'receive a bill for ...': money in a 'for' phrase right after a
    noun is what that noun is for (the parser may hang the phrase on the noun's verb)."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "for" or prep.i == 0:
        return None
    noun = prep.doc[prep.i - 1]
    held = noun.i == prep.head.i or noun.dep_ == "dobj" and noun.head.i == prep.head.i
    return counted_thing(noun) if noun.pos_ == "NOUN" and held else None


def _stacked_modifier(root: Token, last: Token) -> Token | None:
    """'a 500 mln franc, 10-year bond': an amount written as the first of two modifiers split by a comma, the
    parser taking the noun after the second for an apposition of the amount's unit."""
    doc = root.doc
    if last.i + 1 >= len(doc) or doc[last.i + 1].text != ",":
        return None
    noun = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > last.i + 1), None)
    if noun is None or not any(t.like_num for t in doc[last.i + 2:noun.i]):
        return None  # '£5m, a record': an apposition, not a second modifier
    return counted_thing(phrase_head(noun))


def _modified_noun(root: Token, last: Token) -> Token | None:
    """The noun after the figure that it modifies ('a 53 mln dlr contract', 'a 58-year-old singer')."""
    head = root.head
    aged = root.dep_ in ("npadvmod", "amod") and head.pos_ == "ADJ" and head.lower_ == "old" and head.dep_ == "amod"
    if aged:
        head = head.head  # '58-year-old US singer'
    elif root.dep_ == "npadvmod" and head.tag_ == "JJ" and head.dep_ == "amod" and head.head.pos_ == "NOUN":
        head = head.head  # 'a 36 cent final dividend': the parser hangs the amount on the adjective before the noun
    elif root.dep_ not in ("compound", "nmod", "amod", "nummod", "quantmod"):
        return None
    if head.i <= last.i or head.pos_ not in NOUN_POS:
        return None
    if aged and root.head.i + 1 < head.i and root.doc[root.head.i + 1].tag_ in ("VBD", "VBN"):
        return None  # 'The 31-year-old admitted pressure was ...': the sentence's verb read as a participle
    if head.dep_ == "ROOT" and head.i + 1 < len(head.doc) and head.doc[head.i + 1].pos_ == "DET":
        return None  # 'The 31-year-old set a record': the sentence's verb read as a noun ('set', 'cut')
    head = phrase_head(head)
    while head.dep_ == "nmod" and head.head.i > head.i and head.head.pos_ == "NOUN" \
            and all(t.pos_ in ("ADJ", "NOUN") for t in head.doc[head.i + 1:head.head.i]):
        head = phrase_head(head.head)  # 'a 5 bln dlr state farm export loan': the loan, not the farm
    if head.lemma_.lower() in PAYMENT_FORM_NOUNS:
        return _holder_of(head)  # 'sold the unit for an initial 250 mln dlrs cash': what is paid for
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "NOUN" and c.i > last.i), None)
    if aged and owner is not None:
        head = phrase_head(owner)  # "the 34-year-old Leicester lock's final match": the lock is 34
    if aged and head.pos_ == "PROPN":  # '22-year-old Liverpool student David Dunne': the common noun before the name
        head = next((t for t in reversed(list(head.lefts)) if t.pos_ == "NOUN" and t.i > last.i), head)
        head = next((t for t in head.doc[last.i + 1:head.i + 1] if t.pos_ == "NOUN" and t.head.pos_ == "PROPN"
                     and t.dep_ in ("compound", "appos") and t.tag_ == "NN"), head) if head.pos_ == "PROPN" else head
    if head.lemma_.lower() in DURATION_LEVEL_NOUNS | DURATION_SPAN_NOUNS and last.lemma_.lower() in TIME_NOUNS \
            and not aged:
        return head  # 'an 18-year low': the low is what the duration measures
    if head.lemma_.lower() in AMOUNT_NOUNS and _money(root):
        return head  # 'a 22.5 mln dlr extraordinary gain': the gain is the amount, not a change
    if head.lemma_.lower() in LIGHT_NOUNS and not aged:
        return past_light(head)  # 'its 40 mln dlrs face amount of notes': what the amount is of
    if counted_thing(head) is None and head.lemma_.lower() not in CHANGE_NOUN_LEMMAS:
        return None
    return through_change_noun(head)


def _phrase_after(root: Token, last: Token, unit: str | None,
                  words: tuple[str, ...] = ("of", "for", "in", "into")) -> Token | None:
    """'of', 'for', 'in' or 'into' phrase right after the figure: '25.7 mln pounds of flour', '£1.7bn for the
    rights'."""
    doc = root.doc
    preps = [c for c in root.children if c.dep_ in ("prep", "dative") and last.i < c.i <= last.i + 2]
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.dep_ in ("prep", "dative") and after.head.i == root.head.i \
            and after.lower_ in ("for", "in", "into"):
        preps.append(after)  # 'paid £1.7bn for the rights': the parser hangs the phrase on the verb
    elif after is not None and after.lower_ == "in" and after.dep_ == "prep" and root.dep_ == "pobj" \
            and (root.head.dep_ == "agent" or root.head.lower_ == "with") and after.head.i == root.head.head.i:
        preps.append(after)  # 'funded by $2bn in bonds', 'paid with £5m in shares': the parser hangs it on the verb
    for prep in preps:
        word = prep.lower_
        target = pobj(prep)
        if word not in words:
            continue
        if target is None or target.pos_ not in NOUN_POS or any(ch.isdigit() for ch in target.text):
            continue  # not the '£1.34bn' of '47% of the £1.34bn spent on games'
        if word == "of":
            if target.pos_ == "PROPN" and unit != "percentage":
                continue  # '£5m of Acme's': a name is what the amount is about
            return target if target.pos_ == "PROPN" else counted_thing(target)
        if word == "into" and unit is not None and unit.split(" per ")[0] in MONEY_UNITS:
            return counted_thing(target)  # 'put £200 a month into a pension plan': what the money goes into
        if word == "for" and unit not in _TIME_UNITS:
            return counted_thing(target)
        if word == "in" and target.tag_ == "NNS":  # '£86m in efficiency savings', not 'in London'
            return counted_thing(target)
        if word == "in" and target.tag_ == "NN" and _spent_in(root, prep, target, unit):
            return counted_thing(target)  # 'cut £35bn in wasteful spending'
    return None


def _worth_of(last: Token) -> Token | None:
    """'14 bln roubles worth of spare parts': what the money is the worth of."""
    doc = last.doc
    worth = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if worth is None or worth.lower_ != "worth":
        return None
    prep = next((c for c in worth.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    target = pobj(prep) if prep is not None else None
    return counted_thing(phrase_head(target)) if target is not None else None


def _spent_in(root: Token, prep: Token, target: Token, unit: str | None) -> bool:
    """Money 'in' a bare singular noun names what it is of when the phrase is the figure's own or a transitive
    change verb's ('cut £35bn in wasteful spending'); not 'in the company', 'in cash', 'in band one' (a label),
    nor a circumstance of a level ('at 115.5 pence in morning trade')."""
    doc = root.doc
    return (unit in MONEY_UNITS and target.lemma_.lower() not in PAYMENT_FORM_NOUNS and root.dep_ != "pobj"
            and (prep.head.i == root.i or prep.head.lemma_.lower() in TRANSITIVE_CHANGE_LEMMAS)
            and not any(c.lemma_.lower() in TIME_NOUNS for c in target.children)
            and not any(c.dep_ in ("det", "poss", "nummod") for c in target.children)
            and not (target.i + 1 < len(doc) and doc[target.i + 1].like_num)
            and "\n\n" not in doc.text[root.idx:target.idx])


def _holder_of(root: Token) -> Token | None:
    """The noun whose 'of', 'worth' or 'at' phrase holds the figure: 'a debt of £103m', 'a deal worth £17m',
    'a stake valued at £5m'; through a light noun ('an average of 24%') to what holds that."""
    prep = root.head
    if root.dep_ in ("pobj", "npadvmod") and prep.lower_ == "worth" and prep.head.pos_ == "NOUN":
        return counted_thing(phrase_head(prep.head))
    if root.dep_ in ("pobj", "npadvmod") and prep.lower_ == "worth" and prep.i > 0 and prep.nbor(-1).pos_ == "NOUN":
        return counted_thing(prep.nbor(-1))  # 'buy a ... supercomputer worth 8.3 mln dlrs' hung on the verb
    if root.dep_ != "pobj" or prep.dep_ not in ("prep", "agent"):
        return None
    holder = prep.head
    if prep.lower_ == "of" and _period_participle_holder(holder) is not None:
        return _period_participle_holder(holder)  # 'a loss for the year ended June 30 of 5 mln dlrs'
    if prep.lower_ == "of" and _outer_holder(holder) is not None:
        return _outer_holder(holder)
    if prep.lower_ == "of" and holder.pos_ == "NOUN" and holder.i < prep.i and _measure_had(holder) is not None:
        return _measure_had(holder)
    if prep.lower_ == "of" and holder.pos_ == "NOUN" and holder.i < prep.i:
        if (holder.lemma_.lower() in LIGHT_NOUNS or frame(holder)) and holder.dep_ == "pobj":
            verb = holder.head.head
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < holder.i), None) \
                if holder.head.lower_ == "in" and verb.pos_ == "VERB" else None
            # 'sell laptops in quantities of one million': the verb's object is what is counted; 'by an average
            # of 24%': the change verb's object, read later
            return counted_thing(phrase_head(obj)) if obj is not None else None
        if holder.lemma_.lower() in AMOUNT_NOUNS and _money(root):
            return holder  # 'an extraordinary gain of 60 mln stg': the gain is the amount
        if holder.lemma_.lower() in CHANGE_NOUN_LEMMAS:
            return through_change_noun(holder) or _own_in_phrase(root)
        return counted_thing(holder)
    if prep.lower_ == "from" and holder.pos_ == "NOUN" and holder.i < prep.i and counted_thing(holder) is not None \
            and holder.lemma_.lower() not in CHANGE_NOUN_LEMMAS \
            and any(t.like_num is False and (t.text in ("%", "$", "£", "€") or t.lower_ in ("pct", "percent"))
                    for t in (root, *root.children)):
        return counted_thing(phrase_head(holder))  # 'its proportion of turnover ... drop from 52%'
    if prep.lower_ in BOUND_PREPOSITIONS and holder.pos_ == "NOUN" and holder.i < prep.i and holder.tag_ == "NNS":
        return counted_thing(phrase_head(holder))  # '436 properties over £1m'
    if prep.lower_ in ("to", "from") and holder.pos_ == "NOUN" and holder.lemma_.lower() in CHANGE_NOUN_LEMMAS:
        return through_change_noun(holder)  # 'a decline in output to 2.3 mln tonnes'
    if prep.lower_ in ("to", "from") and holder.pos_ == "NOUN" and holder.dep_ == "pobj" \
            and holder.head.lower_ in ("in", "of") and holder.head.head.lemma_.lower() in CHANGE_NOUN_LEMMAS:
        return counted_thing(phrase_head(holder))  # 'a rise in profits to $67m': the parser hangs 'to' on 'profits'
    if prep.lower_ in ("at", "to") and _projected_noun(holder) is not None:
        return _projected_noun(holder)  # 'a record deficit projected to peak at $427bn'
    if prep.lower_ in ("at", "for") and holder.pos_ == "VERB" and holder.dep_ == "acl" and holder.head.pos_ == "NOUN":
        obj = next((c for c in holder.children if c.dep_ == "dobj" and c.i < prep.i), None)
        # 'a stake valued at £5m'; 'an agreement to acquire the share capital for 12.5 mln dlrs': what is bought
        return counted_thing(phrase_head(obj if obj is not None else holder.head))
    before = prep.doc[prep.i - 1]
    if prep.lower_ == "at" and before.pos_ == "NOUN" and before.dep_ == "pobj" and before.head.lower_ == "with" \
            and holder.i < before.i:
        return counted_thing(phrase_head(before))  # 'sales of 703 mln dlrs with operating profit at 52 mln dlrs'
    if prep.lower_ in ("at", "for") and holder.pos_ == "NOUN" and holder.i < prep.i:
        return counted_thing(phrase_head(holder))  # 'real growth at 1.9 pct', 'broadband for less than £20'
    if prep.lower_ == "over" and holder.pos_ == "VERB" and any(c.lower_ in ("ago", "earlier", "year-ago", "year-earlier")
                                                              for c in root.subtree if c.i < root.i):
        # 'report improved earnings for the quarter over the year-ago 4.3 mln dlrs': the object set against it
        obj = next((c for c in holder.children if c.dep_ == "dobj" and c.i < prep.i), None)
        return counted_thing(phrase_head(obj)) if obj is not None else None
    if prep.lower_ == "for" and holder.pos_ == "VERB":  # 'sold the unit for $5m'
        obj = next((c for c in holder.children if c.dep_ == "dobj" and c.i < prep.i), None)
        return counted_thing(phrase_head(obj)) if obj is not None else _passive_subject(holder)
    return None


def _period_participle_holder(verb: Token) -> Token | None:
    """'a loss for the year ended June 30 of 5 mln dlrs': an 'of' phrase the parser hangs on the participle of a
    period ('ended', 'ending') belongs to the noun the period's phrase hangs on."""
    period = verb.head
    prep = period.head
    if verb.dep_ != "acl" or verb.pos_ != "VERB" or period.lemma_.lower() not in TIME_NOUNS or period.dep_ != "pobj" \
            or prep.head.pos_ != "NOUN" or prep.head.i > prep.i:
        return None
    return counted_thing(phrase_head(prep.head))


def _projected_noun(verb: Token) -> Token | None:
    """'a record deficit projected to peak at $427bn', 'a loss expected to reach 5 mln dlrs': the level an
    infinitive reaches, when the infinitive hangs from a participle on a noun, is that noun's (not when the
    infinitive has an object or subject of its own)."""
    participle = verb.head
    if verb.dep_ != "xcomp" or verb.pos_ != "VERB" or participle.dep_ != "acl" or participle.tag_ != "VBN" \
            or participle.head.pos_ != "NOUN" or participle.head.i > participle.i:
        return None
    if any(c.dep_ in ("dobj", "nsubj", "nsubjpass") for c in verb.children):
        return None
    return counted_thing(phrase_head(participle.head))


def _fronted_of(first: Token) -> Token | None:
    """'Of the immediate payment, the firm said it would pay $30m', 'Of the 22 million owners, 59% are men': an
    'of' phrase opening the sentence and closed by a comma names what a figure after it is of (when the
    figure's own phrases name nothing)."""
    sent = first.sent
    opening = sent[0]
    if opening.lower_ != "of" or opening.dep_ != "prep":
        return None
    target = pobj(opening)
    close = opening.right_edge.i + 1
    if target is None or close >= len(first.doc) or first.doc[close].text != "," or first.i <= close:
        return None
    if target.tag_ == "NNPS":
        return target  # 'Of the 22 million Americans who ...': a people named by its plural
    return counted_thing(phrase_head(target))


def _between_on_noun(first: Token) -> Token | None:
    """'firms with yearly turnovers between 5 and 9 mln dlrs': a range whose 'between' hangs on a noun before it
    is that noun's (not a change noun's: 'a rise between 2 and 3 pct' is read through the change)."""
    holder = first.head
    if first.lower_ != "between" or first.dep_ != "prep" or holder.pos_ != "NOUN" or holder.i > first.i \
            or holder.lemma_.lower() in CHANGE_NOUN_LEMMAS:
        return None
    return counted_thing(phrase_head(holder))


def _own_in_phrase(root: Token) -> Token | None:
    """'a decrease of 45 pct in income from oil sales': a change noun's figure whose own 'in' or 'on' phrase
    names what changed (the parser hangs it on the figure, not on the change noun)."""
    prep = next((c for c in root.children if c.dep_ == "prep" and c.lower_ in ("in", "on") and c.i > root.i), None)
    target = pobj(prep) if prep is not None else None
    return counted_thing(phrase_head(target)) if target is not None else None


_DASHES = ("-", "--", "–", "—")


def _before_aside(first: Token) -> Token | None:
    """A figure opening an aside set off by a spaced dash states the noun right before the dash: 'the price
    offered - 300p a share -', 'rising inflation - reaching 0.7% -', 'spend a similar sum - around 30bn baht
    -'; through a light noun in a verb's phrase to that verb's subject ('investment is starting to flow in
    serious amounts - $7bn in 2003 -')."""
    doc = first.doc
    i = first.i - 1
    while i > first.i - 3 and i >= 0 and doc[i].text not in _DASHES and (
            doc[i].tag_ == "VBG" or doc[i].lower_ in QUALIFIER_OF):
        i -= 1  # 'around', 'reaching' between the dash and the figure; not 'down from 39%' (a comparison)
    if i < 2 or doc[i].text not in _DASHES or not doc[i].whitespace_ or not doc[i - 1].whitespace_:
        return None  # a spaced dash, not the hyphen of a word
    opening = doc[i].sent.start
    if sum(1 for t in doc[opening:i] if t.text in _DASHES and t.whitespace_) % 2:
        return None  # the dash closes an aside: '5 million shares - a third of the firm - for 11-14 euros'
    noun = doc[i - 1]
    if noun.tag_ in ("VBN", "VBG") and doc[i - 2].pos_ == "NOUN":
        noun = doc[i - 2]  # 'the price offered -'
    if noun.pos_ != "NOUN":
        return None
    thing = past_light(noun)
    if thing is not None or noun.lemma_.lower() not in LIGHT_NOUNS or noun.dep_ != "pobj":
        return thing
    verb = noun.head.head
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return counted_thing(phrase_head(subject)) if subject is not None and subject.i < noun.i else None


def _outer_holder(holder: Token) -> Token | None:
    """'an estimated surplus for 1986 of 7.2 billion', 'a yield at launch of 13.33 pct': an 'of' phrase the
    parser hangs on the object of another noun's prepositional phrase holds that noun's amount; not a change
    or light noun's ('a rise in profits of 5 pct' measures the profits), nor one holding a figure of its own."""
    inner = holder.head
    outer = inner.head
    if outer.pos_ == "VERB" and holder.ent_type_ == "DATE" and inner.dep_ == "prep" and inner.lower_ == "for":
        # 'had profits for 1991 of 12 mln dlrs': the parser hangs the period on the verb, after its object
        outer = next((c for c in outer.children if c.dep_ == "dobj" and c.i == inner.i - 1), outer)
    if holder.dep_ != "pobj" or holder.pos_ not in ("NOUN", "NUM") or inner.dep_ != "prep" or inner.lower_ == "of" \
            or outer.pos_ != "NOUN" or outer.i > inner.i:
        return None
    own = holder.lemma_.lower()
    if own in LIGHT_NOUNS or own in MEASURE_HOLDER_NOUNS or own in AGE_CUES or frame(holder):
        return None  # 'by an average of 24%', 'at the age of 31': the holder is the figure's own measure
    lemma = outer.lemma_.lower()
    if any(c.dep_ in ("nummod", "appos") or c.dep_ == "prep" and c.lower_ in ("of", "at") and c.i != inner.i
           for c in outer.children):
        return None  # 'net income of 3.7 mln dlrs ... on revenues of 71 mln dlrs': the outer noun has its own figure
    if lemma in AMOUNT_NOUNS and inner.lower_ == "from":
        return outer  # 'a gain from sold units of 5 mln dlrs': the gain is the amount
    if holder.tag_ == "NNS" and counted_thing(holder) is not None:
        return None  # 'in return for fees of $5': a plural thing holds its own figure
    if lemma in CHANGE_NOUN_LEMMAS or lemma in LIGHT_NOUNS or frame(outer):
        return None
    return counted_thing(phrase_head(outer))


def _passive_subject(verb: Token) -> Token | None:
    """'the scanner may be leased or purchased for 95,000 dlrs': what a passive verb (or the passive verb it is
    joined to) is done to is what the price is of; so is the noun a participle with no subject hangs from ('its
    subsidiary, bought from a group for 100 mln stg') and the noun a relative clause's 'that' stands for ('a
    laptop that will go on sale for less than $100')."""
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        doc = verb.doc
        held = verb.head if verb.dep_ == "acl" else next(
            (c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if verb.dep_ == "advcl" and verb.i > 1 and doc[verb.i - 1].text == "," and doc[verb.i - 2].pos_ == "NOUN":
            held = doc[verb.i - 2]  # 'expected to float its subsidiary, bought ...': the noun before the comma
        return counted_thing(phrase_head(held)) if held is not None and held.pos_ == "NOUN" else None
    relative = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP")), None)
    if relative is not None and verb.dep_ == "relcl" and verb.head.pos_ == "NOUN":
        return counted_thing(phrase_head(verb.head))
    for _ in range(2):
        if any(c.dep_ == "auxpass" for c in verb.children):
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            return counted_thing(phrase_head(subject)) if subject is not None else None
        if verb.dep_ != "conj" or verb.head.pos_ != "VERB":
            return None
        verb = verb.head
    return None


def _measure_had(holder: Token) -> Token | None:
    """'the market had an estimated worth of $2bn': a measure noun that is the object of 'have' measures the
    subject of 'have'."""
    if holder.lemma_.lower() not in MEASURE_HOLDER_NOUNS or holder.dep_ != "dobj" or holder.head.lemma_ != "have":
        return None
    subject = next((c for c in holder.head.children if c.dep_ == "nsubj"), None)
    return counted_thing(phrase_head(subject)) if subject is not None else None


def _after_brackets(last: Token, words: tuple[str, ...] = ("for",)) -> Token | None:
    """The noun or 'for' phrase right after a bracketed conversion: '$6.75bn (£3.6bn) buyout', '$339m
    (£182.5m) for the unit' (the parser often loses the figure's link to it); with `words` ('of',) only the
    phrase: 'the sale of 11bn euros ($14.4bn) of bonds'."""
    doc = last.doc
    j = last.i + 1
    if j < len(doc) and doc[j].text == "(":
        j = next((k for k in range(j + 1, min(j + 12, len(doc))) if doc[k].text == ")"), None)
        if j is None:
            return None
    elif not (j < len(doc) and doc[j].text == ")"):
        return None
    if j + 1 >= len(doc):
        return None
    after = doc[j + 1]
    if after.lower_ in words and after.i + 1 < len(doc):
        target = pobj(after)
        if after.lower_ == "in" and (target is None or target.tag_ != "NNS"):
            return None  # '$1.6bn (£857m) in ticket sales', not 'in London', 'in 2004'
        return counted_thing(phrase_head(target)) if target is not None else None
    if after.pos_ == "NOUN" and "for" in words:
        return counted_thing(phrase_head(after))
    return None


def _bracketed_after_noun(first: Token, last: Token) -> Token | None:
    """A figure alone in brackets right after a common noun gives that noun's figure: 'more retired women (53%)
    were buying ...' (the parser hangs the bracket anywhere)."""
    doc = first.doc
    if first.i < 2 or last.i + 1 >= len(doc) or doc[first.i - 1].text != "(" or doc[last.i + 1].text != ")":
        return None
    noun = doc[first.i - 2]
    if noun.pos_ != "NOUN" or noun.lemma_.lower() in PAYMENT_FORM_NOUNS \
            or any(t.like_num or any(ch.isdigit() for ch in t.text) for t in doc[noun.left_edge.i:noun.i + 1]):
        return None  # '£21bn (£10.8bn)', '5 mln pounds cash (9 mln dlrs)': the bracket converts a figure
    return counted_thing(phrase_head(noun))


def _time_taken(root: Token) -> Token | None:
    """'a career-best time of 9.85 seconds': a duration held by the noun 'time' measures that time (elsewhere
    'time' is no counted thing: 'four times', 'at the time')."""
    prep = root.head
    holder = prep.head
    if root.dep_ == "pobj" and prep.lower_ == "of" and holder.lemma_.lower() == "time" and holder.pos_ == "NOUN" \
            and holder.i < prep.i and holder.tag_ == "NN":
        return holder
    return None


def _of_before(first: Token) -> Token | None:
    """'speeds of up to 15Mbps' when the parser hangs the figure elsewhere: the noun right before 'of'."""
    doc = first.doc
    if first.i < 2 or doc[first.i - 1].lower_ != "of":
        return None
    holder = doc[first.i - 2]
    if holder.pos_ != "NOUN" or holder.lemma_.lower() in LIGHT_NOUNS or frame(holder):
        return None
    if holder.lemma_.lower() in AMOUNT_NOUNS and _money(first):
        return holder  # 'an operating loss of $82m': the loss is the amount
    return through_change_noun(holder) if holder.lemma_.lower() in CHANGE_NOUN_LEMMAS else counted_thing(holder)


def _money(root: Token) -> bool:
    """The figure is an amount of money: a currency word or sign in its span or right after it."""
    doc = root.doc
    # the sign may hang on the number and the scale be the root ('a loss of $470m': '$' -> '470', 'm')
    near = [root, *root.children, *(doc[root.i + k] for k in (-2, -1, 1, 2) if 0 <= root.i + k < len(doc))]
    return any((UNIT_FORMS.get(t.text) or UNIT_FORMS.get(t.lower_) or (None, None))[1] is not None
               or t.text in ("$", "£", "€", "¥") for t in near)


def _changed_noun(root: Token) -> Token | None:
    """'increased flow of funds to agriculture by 30%': a 'by' phrase on a noun that a change participle
    modifies measures that noun."""
    prep = root.head
    noun = prep.head
    if root.dep_ != "pobj" or prep.lower_ != "by" or noun.pos_ != "NOUN" or noun.i > prep.i:
        return None
    if not any(c.dep_ == "amod" and c.tag_ in ("VBN", "VBD") and c.lemma_.lower() in CHANGE_VERBS
               for c in noun.children):
        return None
    return counted_thing(phrase_head(noun))


def _noun_before_move(first: Token, unit: str | None) -> Token | None:
    """'with sales up 5%', 'profits down 3 pct', 'allocations minus 15 pct': the noun right before 'up', 'down',
    'minus' or 'plus' and the figure."""
    doc = first.doc
    # a signed share is of the noun before it ('allocations minus 15 pct'); a signed amount is a premium on a
    # base ('quoted at gsp plus 19 dlrs'), not of it
    move = first if first.lower_ in SIGN_WORDS and unit == "percentage" else doc[first.i - 1] if first.i > 0 else first
    if move.i < 1 or move.lower_ not in NOUN_MOVE_WORDS:  # 'minus' may open the figure as its sign
        return None
    noun = doc[move.i - 1]
    return counted_thing(noun) if noun.pos_ == "NOUN" else None


def _label_before(first: Token) -> Token | None:
    """'Excludes gain 2.10 dlrs a share versus gain 35 cts': a results word written bare before the figure."""
    if first.i == 0:
        return None
    prev = first.doc[first.i - 1]
    if prev.lemma_.lower() in RESULTS_ITEM_NOUNS and prev.tag_ in ("NN", "NNS") and prev.i > 0 \
            and prev.nbor(-1).lemma_.lower() in ("include", "exclude"):
        return prev  # 'Net includes charges 4.1 mln dlrs'
    if prev.pos_ == "VERB" and prev.tag_ in ("VBD", "VBN", "VBG", "VBZ"):
        return None  # 'RSS3 gained 10 cents': the verb of the clause, not a results line's label
    if prev.lemma_.lower() not in RESULTS_WORDS or prev.pos_ not in ("NOUN", "PROPN", "VERB") or (
            prev.i > 0 and prev.nbor(-1).pos_ in ("DET", "NUM")):
        return None
    return prev


def measured_noun(tokens: list[Token], unit: str | None) -> Token | None:
    """The thing a figure with a unit counts or measures (its span's tokens), or None."""
    ids = {t.i for t in tokens}
    last = tokens[-1]
    roots = [t for t in reversed(tokens) if t.head.i not in ids or t.head.i == t.i]
    per = next((t.i for t in tokens if t.lower_ == "per"), None)
    # a per unit's word hung outside the span ('249.10 dlrs per tonne c and f Taiwan') is not the figure's link
    roots = [t for t in roots if per is None or t.i < per] or roots
    # a scale the parser took for a verb ('£1m' with 'm' as an auxiliary): the number holds the link
    root = next((t for t in roots if t.pos_ not in ("AUX", "VERB")), roots[0] if roots else last)
    doc = root.doc
    held = (unit not in _TIME_UNITS and root.dep_ == "pobj" and root.head.lower_ == "of"
            and root.head.head.pos_ == "NOUN" and root.head.head.i < root.i)
    reads = [lambda: _label_before(tokens[0]) if unit is not None and unit.split(" per ")[0] in MONEY_UNITS
             else None,
             lambda: _modified_noun(root, last),
             lambda: noun_tagged_adjective(root, last),
             lambda: _stacked_modifier(root, last) if unit in MONEY_UNITS else None,
             lambda: _bracketed_after_noun(tokens[0], last),
             # 'the sale of 50,000 tonnes of wheat', 'a release of 1.2 bn francs of provisions': what a measure
             # or an amount is of, before the noun holding it
             lambda: _phrase_after(root, last, unit, ("of",)) if held and unit is not None
             and unit != "percentage" else None,
             lambda: _after_brackets(last, ("of",)) if held and unit is not None and unit != "percentage" else None,
             lambda: _holder_of(root) if held else None,
             # 'a bill for three mln dlrs for services': the noun the figure's 'for' phrase belongs to
             lambda: _billed(root) if unit in MONEY_UNITS else None,
             lambda: _worth_of(last) if unit in MONEY_UNITS else None,
             lambda: _phrase_after(root, last, unit),
             lambda: _phrase_after(last, last, unit) if last is not root else None,
             # 'has 25bn rupees ($250m) of loans outstanding', 'taking $1.6bn (£857m) in ticket sales'
             lambda: _after_brackets(last, ("for", "of", "in") if unit in MONEY_UNITS else ("for", "of")),
             lambda: pronoun_taken_to(root)]
    aged = last.i + 1 < len(doc) and doc[last.i + 1].lower_ == "old"
    if unit not in _TIME_UNITS or aged:  # a duration is when or how long ('within two years'), not of what
        reads += [lambda: _before_aside(tokens[0]), lambda: _holder_of(root), lambda: _of_before(tokens[0]), lambda: gapped_subject(root),
                  lambda: elided_count(root) if unit is None else None, lambda: clause_noun(root, unit),
                  lambda: change_noun_level(root),
                  lambda: verbless_move(root),
                  lambda: set_against_change(root, last),
                  lambda: _noun_before_move(tokens[0], unit), lambda: _changed_noun(root),
                  lambda: _between_on_noun(tokens[0]), lambda: _fronted_of(tokens[0]),
                  lambda: spent_to(root, unit), lambda: spent_on(root, unit),
                  lambda: taken_off(last, unit), lambda: money_verb(root, unit)]
    elif root.dep_ == "pobj" and root.head.lower_ == "of" and not any(
            c.dep_ in ("det", "amod", "poss") for c in root.children):  # not 'the best song of the past 25 years'
        reads.append(lambda: root.head.head if root.head.head.lemma_.lower() in DURATION_SPAN_NOUNS else None)
        reads.append(lambda: _holder_of(root))  # 'a prison term of up to six years', 'at the age of 71'
        reads.append(lambda: _time_taken(root))  # 'a best time of 9.85 seconds'
    for read in reads:
        noun = read()
        if noun is not None and noun.i not in ids:
            # 'tax cuts worth £4bn': a change noun a 'worth' hangs on is what the money is the value of
            worth = root.head.lower_ == "worth" and noun in (root.head.head, doc[root.head.i - 1])
            return None if _bare_change(noun, tokens[0]) and not worth else noun
    return None


def _bare_change(noun: Token, first: Token) -> bool:
    """'a rise of more than 20 cts' set after a level: a change noun before the figure names no thing (a rate
    one or an amount one does: 'growth of 0.1%', 'a gain of 60 mln stg'; so do things after it: 'in spending
    cuts')."""
    lemma = noun.lemma_.lower()
    return noun.i < first.i and lemma in CHANGE_NOUN_LEMMAS and lemma not in AMOUNT_NOUNS \
        and lemma not in RATE_CHANGE_NOUNS

"""The counted thing (`object`) of a claim that has a unit, read from the parse: what an amount,
a share or a measure is of.

In order: the noun the figure modifies ('a 53 mln dlr contract', 'a five-inch screen', 'a 58-year-old
singer'; through a change noun to its 'in' phrase: 'a 5% increase in unit sales'), an 'of' phrase after it
('25.7 mln pounds of wheat flour', '20% of the holdings'), the noun whose 'of' phrase holds it ('a debt of
£103m', 'sales of $15.6bn'), a 'for' or 'in' phrase ('£1.7bn for the broadcast rights', '£86m in
efficiency savings'), the noun a 'worth' or a 'valued at' describes ('a deal worth £17m'), the object of
a change verb ('boost its profits by 40%'), and the subject of a verb of level or change ('sales were
about 52.5 mln dlrs', 'vehicle sales rose to 4.7 million'). A name or a pronoun is no counted thing (the
entity a claim is about is `about`).

Entry point: `measured_noun(span_tokens, unit)` -> Token or None. Labelled lines and figures that restate
another are `restated.py`'s.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.parse import whole_word
from pipelines.core.claims.patterns import (
    DURATION_UNITS,
    MONEY_UNITS,
    NOUN_POS,
    MEASURE_NAME,
    UNIT_FORMS,
)
from pipelines.core.quantities import (
    AGE_NOUNS,
    AMOUNT_NOUNS,
    BOUND_PREPOSITIONS,
    CHANGE_NOUNS,
    CHANGE_VERB_LEMMAS,
    CLAUSE_PREPOSITIONS,
    DURATION_LEVEL_NOUNS,
    FRAME_NOUNS,
    GDP_WORDS,
    LEVEL_VERB_LEMMAS,
    LEVEL_MOVER_LEMMAS,
    LIGHT_NOUNS,
    PAYMENT_FORM_NOUNS,
    PRICED_SALE_LEMMAS,
    RAISING_VERB_LEMMAS,
    RATE_CHANGE_NOUNS,
    RESULTS_WORDS,
    TIME_NOUNS,
    TRANSITIVE_CHANGE_LEMMAS,
    VALUATION_VERB_LEMMAS,
)

_CHANGE_NOUN_LEMMAS = frozenset(n for ns in CHANGE_NOUNS.values() for n in ns)
_CHANGE_VERBS = frozenset(v for vs in CHANGE_VERB_LEMMAS.values() for v in vs)
_SUBJECT_VERBS = _CHANGE_VERBS | LEVEL_VERB_LEMMAS
_TIME_UNITS = DURATION_UNITS


def _phrase_head(token: Token) -> Token:
    """The head of a compound chain ('unit' of 'unit sales' -> 'sales')."""
    while token.dep_ == "compound" and token.head.i > token.i and token.head.pos_ in NOUN_POS:
        token = token.head
    return whole_word(token)  # 'e-mail' split by the tokenizer: the word, not its 'e'


def _thing(token: Token | None) -> Token | None:
    """token when it can be a counted thing: a common noun, not a unit, a time word or a light noun."""
    if token is not None and token.pos_ == "PROPN" and MEASURE_NAME.fullmatch(token.text):
        return token  # 'M3 rose 2.2 pct': a measure of money supply, not a name
    if token is None or token.pos_ != "NOUN" or token.text in UNIT_FORMS or token.lower_ in AGE_NOUNS:
        return None
    lemma = token.lemma_.lower()
    if lemma in TIME_NOUNS or lemma in LIGHT_NOUNS or is_gdp(token):
        return None
    return token


def is_gdp(token: Token) -> bool:
    """'GDP', 'gross domestic product': the base of a share of the economy."""
    words = [t.lower_ for t in token.lefts if t.dep_ in ("compound", "amod")] + [token.lower_]
    return token.lower_ in GDP_WORDS or " ".join(words) in GDP_WORDS


def _past_light(noun: Token) -> Token | None:
    """A light noun's 'of' phrase ('its estimate of rebuilding costs' -> costs), else the noun if it is a thing."""
    if noun.lemma_.lower() in LIGHT_NOUNS:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        target = _pobj(prep) if prep is not None else None
        return _thing(_phrase_head(target)) if target is not None else None
    return _thing(noun)


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _through_change_noun(noun: Token) -> Token | None:
    """'a 5% increase in unit sales' -> sales; a change noun with no 'in'/'of' phrase names no thing."""
    if noun.lemma_.lower() not in _CHANGE_NOUN_LEMMAS:
        return noun
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "on") and prep.i > noun.i \
                and _thing(_pobj(prep)) is not None:  # 'a 1p rise on income tax'
            return _thing(_pobj(prep))
    modifiers = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    modified = next((_thing(c) for c in reversed(modifiers) if _thing(c) is not None), None)  # 'debt reduction
    # of 67 mln dlrs', 'a 5% price cut'
    if modified is None and noun.lemma_.lower() in RATE_CHANGE_NOUNS:
        return noun  # 'growth of just 0.1%': the growth rate is what is measured
    return modified


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
    head = _phrase_head(head)
    if head.lemma_.lower() in PAYMENT_FORM_NOUNS:
        return _holder_of(head)  # 'sold the unit for an initial 250 mln dlrs cash': what is paid for
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "NOUN" and c.i > last.i), None)
    if aged and owner is not None:
        head = _phrase_head(owner)  # "the 34-year-old Leicester lock's final match": the lock is 34
    if aged and head.pos_ == "PROPN":  # '22-year-old Liverpool student David Dunne': the common noun before the name
        head = next((t for t in reversed(list(head.lefts)) if t.pos_ == "NOUN" and t.i > last.i), head)
        head = next((t for t in head.doc[last.i + 1:head.i + 1] if t.pos_ == "NOUN" and t.head.pos_ == "PROPN"
                     and t.dep_ in ("compound", "appos") and t.tag_ == "NN"), head) if head.pos_ == "PROPN" else head
    if head.lemma_.lower() in DURATION_LEVEL_NOUNS and last.lemma_.lower() in TIME_NOUNS and not aged:
        return head  # 'an 18-year low': the low is what the duration measures
    if _thing(head) is None and head.lemma_.lower() not in _CHANGE_NOUN_LEMMAS:
        return None
    return _through_change_noun(head)


def _phrase_after(root: Token, last: Token, unit: str | None, words: tuple[str, ...] = ("of", "for", "in")) -> Token | None:
    """'of', 'for' or 'in' phrase right after the figure: '25.7 mln pounds of flour', '£1.7bn for the rights'."""
    doc = root.doc
    preps = [c for c in root.children if c.dep_ in ("prep", "dative") and last.i < c.i <= last.i + 2]
    if last.i + 1 < len(doc) and doc[last.i + 1].dep_ in ("prep", "dative") and doc[last.i + 1].head.i == root.head.i \
            and doc[last.i + 1].lower_ in ("for", "in"):
        preps.append(doc[last.i + 1])  # 'paid £1.7bn for the rights': the parser hangs the phrase on the verb
    for prep in preps:
        word = prep.lower_
        target = _pobj(prep)
        if word not in words:
            continue
        if target is None or target.pos_ not in NOUN_POS or any(ch.isdigit() for ch in target.text):
            continue  # not the '£1.34bn' of '47% of the £1.34bn spent on games'
        if word == "of":
            if target.pos_ == "PROPN" and unit != "percentage":
                continue  # '£5m of Acme's': a name is what the amount is about
            return target if target.pos_ == "PROPN" else _thing(target)
        if word == "for" and unit not in _TIME_UNITS:
            return _thing(target)
        if word == "in" and target.tag_ == "NNS":  # '£86m in efficiency savings', not 'in London'
            return _thing(target)
        if word == "in" and target.tag_ == "NN" and _spent_in(root, prep, target, unit):
            return _thing(target)  # 'cut £35bn in wasteful spending'
    return None


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
        return _thing(_phrase_head(prep.head))
    if root.dep_ in ("pobj", "npadvmod") and prep.lower_ == "worth" and prep.i > 0 and prep.nbor(-1).pos_ == "NOUN":
        return _thing(prep.nbor(-1))  # 'buy a ... supercomputer worth 8.3 mln dlrs' hung on the verb
    if root.dep_ != "pobj" or prep.dep_ not in ("prep", "agent"):
        return None
    holder = prep.head
    if prep.lower_ == "of" and holder.pos_ == "NOUN" and holder.i < prep.i:
        if (holder.lemma_.lower() in LIGHT_NOUNS or _frame(holder)) and holder.dep_ == "pobj":
            return None  # 'by an average of 24%': the verb's object (read later) is what is counted
        if holder.lemma_.lower() in AMOUNT_NOUNS and _money(root):
            return holder  # 'an extraordinary gain of 60 mln stg': the gain is the amount
        return _through_change_noun(holder) if holder.lemma_.lower() in _CHANGE_NOUN_LEMMAS else _thing(holder)
    if prep.lower_ == "from" and holder.pos_ == "NOUN" and holder.i < prep.i and _thing(holder) is not None \
            and holder.lemma_.lower() not in _CHANGE_NOUN_LEMMAS \
            and any(t.like_num is False and (t.text in ("%", "$", "£", "€") or t.lower_ in ("pct", "percent"))
                    for t in (root, *root.children)):
        return _thing(_phrase_head(holder))  # 'its proportion of turnover ... drop from 52%'
    if prep.lower_ in BOUND_PREPOSITIONS and holder.pos_ == "NOUN" and holder.i < prep.i and holder.tag_ == "NNS":
        return _thing(_phrase_head(holder))  # '436 properties over £1m'
    if prep.lower_ in ("to", "from") and holder.pos_ == "NOUN" and holder.lemma_.lower() in _CHANGE_NOUN_LEMMAS:
        return _through_change_noun(holder)  # 'a decline in output to 2.3 mln tonnes'
    if prep.lower_ in ("to", "from") and holder.pos_ == "NOUN" and holder.dep_ == "pobj" \
            and holder.head.lower_ in ("in", "of") and holder.head.head.lemma_.lower() in _CHANGE_NOUN_LEMMAS:
        return _thing(_phrase_head(holder))  # 'a rise in profits to $67m': the parser hangs 'to' on 'profits'
    if prep.lower_ in ("at", "for") and holder.pos_ == "VERB" and holder.dep_ == "acl" and holder.head.pos_ == "NOUN":
        return _thing(_phrase_head(holder.head))  # 'a stake valued at £5m'
    before = prep.doc[prep.i - 1]
    if prep.lower_ == "at" and before.pos_ == "NOUN" and before.dep_ == "pobj" and before.head.lower_ == "with" \
            and holder.i < before.i:
        return _thing(_phrase_head(before))  # 'sales of 703 mln dlrs with operating profit at 52 mln dlrs'
    if prep.lower_ in ("at", "for") and holder.pos_ == "NOUN" and holder.i < prep.i:
        return _thing(_phrase_head(holder))  # 'real growth at 1.9 pct', 'broadband for less than £20'
    if prep.lower_ == "over" and holder.pos_ == "VERB" and any(c.lower_ in ("ago", "earlier", "year-ago", "year-earlier")
                                                              for c in root.subtree if c.i < root.i):
        # 'report improved earnings for the quarter over the year-ago 4.3 mln dlrs': the object set against it
        obj = next((c for c in holder.children if c.dep_ == "dobj" and c.i < prep.i), None)
        return _thing(_phrase_head(obj)) if obj is not None else None
    if prep.lower_ == "for" and holder.pos_ == "VERB":  # 'sold the unit for $5m'
        obj = next((c for c in holder.children if c.dep_ == "dobj" and c.i < prep.i), None)
        return _thing(_phrase_head(obj)) if obj is not None else None
    return None


def _after_brackets(last: Token) -> Token | None:
    """The noun or 'for' phrase right after a bracketed conversion: '$6.75bn (£3.6bn) buyout', '$339m
    (£182.5m) for the unit' (the parser often loses the figure's link to it)."""
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
    if after.lower_ == "for" and after.i + 1 < len(doc):
        target = _pobj(after)
        return _thing(_phrase_head(target)) if target is not None else None
    if after.pos_ == "NOUN":
        return _thing(_phrase_head(after))
    return None


def _time_taken(root: Token) -> Token | None:
    """'a career-best time of 9.85 seconds': a duration held by the noun 'time' measures that time (elsewhere
    'time' is no counted thing: 'four times', 'at the time')."""
    prep = root.head
    holder = prep.head
    if root.dep_ == "pobj" and prep.lower_ == "of" and holder.lemma_.lower() == "time" and holder.pos_ == "NOUN" \
            and holder.i < prep.i and holder.tag_ == "NN":
        return holder
    return None


def _frame(noun: Token) -> bool:
    """'in the range of', 'to the tune of': a noun that only frames the figure inside a prepositional phrase."""
    return noun.lemma_.lower() in FRAME_NOUNS and noun.dep_ == "pobj"


def _of_before(first: Token) -> Token | None:
    """'speeds of up to 15Mbps' when the parser hangs the figure elsewhere: the noun right before 'of'."""
    doc = first.doc
    if first.i < 2 or doc[first.i - 1].lower_ != "of":
        return None
    holder = doc[first.i - 2]
    if holder.pos_ != "NOUN" or holder.lemma_.lower() in LIGHT_NOUNS or _frame(holder):
        return None
    if holder.lemma_.lower() in AMOUNT_NOUNS and _money(first):
        return holder  # 'an operating loss of $82m': the loss is the amount
    return _through_change_noun(holder) if holder.lemma_.lower() in _CHANGE_NOUN_LEMMAS else _thing(holder)


def _money(root: Token) -> bool:
    """The figure is an amount of money: a currency word or sign in its span or right after it."""
    doc = root.doc
    # the sign may hang on the number and the scale be the root ('a loss of $470m': '$' -> '470', 'm')
    near = [root, *root.children, *(doc[root.i + k] for k in (-2, -1, 1, 2) if 0 <= root.i + k < len(doc))]
    return any((UNIT_FORMS.get(t.text) or UNIT_FORMS.get(t.lower_) or (None, None))[1] is not None
               or t.text in ("$", "£", "€", "¥") for t in near)


def _as_far_as(prep: Token) -> bool:
    """The second 'as' of 'as low as', 'as much as': the figure is a bound of the clause's level."""
    head = prep.head
    return prep.lower_ == "as" and head.pos_ in ("ADJ", "ADV") and any(
        c.lower_ == "as" and c.i < head.i for c in head.children)


def _governing_verb(root: Token) -> Token | None:
    """The verb a figure hangs on, through its preposition ('rose to 4.7 million', 'by an average of 24%')."""
    token = previous = root
    bound = False
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token if not bound or token.lemma_.lower() in _SUBJECT_VERBS else None
        if token.dep_ == "prep" and (token.lower_ in BOUND_PREPOSITIONS or _as_far_as(token)):
            bound = True  # 'plunged below 150 yen', 'could fall as low as 4%': only a verb of level or change
        elif token.dep_ == "prep" and token.lower_ == "for" and token.head.lemma_ == "be":
            pass  # 'the plan was for 12.50 dlrs a share'
        elif token.dep_ == "prep" and token.lower_ not in CLAUSE_PREPOSITIONS and not _frame(previous):
            return None  # 'in nine years', 'for a ticket': the figure is not what the clause states
        previous = token
        if token.dep_ not in ("pobj", "prep", "agent", "dobj", "attr", "npadvmod", "advmod", "acomp", "oprd", "conj",
                              "appos"):
            return None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _priced_against(root: Token | None) -> bool:
    """The figure, or its verb, has 'against' another currency: a rate of exchange."""
    if root is None:
        return False
    holders = [root, root.head, root.head.head]
    for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "against"):
        target = _pobj(prep)
        form = UNIT_FORMS.get(target.text) or UNIT_FORMS.get(target.lower_) if target is not None else None
        if form is not None and form[1] is not None:
            return True
    return False


def _measured_unit_word(noun: Token, unit: str | None, root: Token | None = None) -> Token | None:
    """A unit word that is itself what is measured: a currency priced in another ('the dollar was 148 yen'),
    or a compound counted unit ('revenue passenger miles rose to 13.4 mln')."""
    form = UNIT_FORMS.get(noun.text) or UNIT_FORMS.get(noun.lower_)
    if form is None or noun.pos_ != "NOUN":
        return None
    if form[1] is not None and unit is not None and unit.split(" per ")[0] in MONEY_UNITS and unit != form[0]:
        return noun
    if form[1] is not None and unit == form[0] and _priced_against(root):
        return noun  # 'the dollar was trading at $1.29 against the euro'
    return noun if any(c.dep_ == "compound" for c in noun.children) else None


def _respective(subject: Token, root: Token, verb: Token) -> Token | None:
    """'Exports and imports were 12% and 7% higher respectively': the n-th figure measures the n-th subject."""
    if not any(c.lower_ == "respectively" for c in verb.subtree):
        return None
    subjects = [subject, *subject.conjuncts]
    figures = sorted((t for t in root.head.children if t.dep_ == root.dep_ and t.like_num is False
                      and any(c.like_num for c in t.subtree)), key=lambda t: t.i)
    figures = figures or [root]
    if len(subjects) < 2 or len(subjects) != len(figures) or root not in figures:
        return None
    return sorted(subjects, key=lambda t: t.i)[figures.index(root)]


def _before_dashes(subject: Token) -> Token:
    """'Consumer lending - credit cards and overdrafts - was £1.2bn': the noun before an aside set off by
    dashes (the parser takes the aside's noun for the subject); else the subject."""
    doc = subject.doc
    for t in doc[subject.left_edge.i:subject.i]:
        if t.text in ("-", "–", "—") and t.i > 0 and doc[t.i - 1].pos_ == "NOUN" and doc[t.i - 1].whitespace_:
            # a spaced dash; 'year-on-year M-1 growth' is one word
            return doc[t.i - 1]
    return subject


def _gapped_subject(root: Token) -> Token | None:
    """'Sales rose 5% and profits 3%': a figure hung on a noun coordinated with a verb of level or change
    (the verb is left out) measures that noun."""
    noun = root.head
    if root.dep_ == "npadvmod" and noun.pos_ == "NOUN" and noun.dep_ == "conj" and noun.i < root.i \
            and noun.head.lemma_.lower() in _SUBJECT_VERBS:
        return _thing(_phrase_head(noun))
    return None


def _antecedent_subject(verb: Token) -> Token | None:
    """'Total loans rose 3.3 pct from December when they rose 1.2 pct': a pronoun subject of a clause inside
    another stands for the thing the outer clause's verb of level or change states."""
    if verb.dep_ not in ("relcl", "advcl", "conj", "ccomp"):
        return None
    token = verb.head
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _SUBJECT_VERBS:
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.pos_ == "PRON":
                return None
            return _past_light(_phrase_head(subject)) or (
                subject if subject.pos_ == "PROPN" and MEASURE_NAME.fullmatch(subject.text) else None)
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _deferred_subject(verb: Token) -> Token | None:
    """'It would cost £80m to run a referendum': with 'it' standing for a 'to' clause after the verb, the
    object of that clause is what the figure is of."""
    for clause in verb.children:
        if clause.dep_ == "xcomp" and clause.pos_ == "VERB" and clause.i > verb.i \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            obj = next((c for c in clause.children if c.dep_ == "dobj"), None)
            return _past_light(_phrase_head(obj)) if obj is not None else None
    return None


def _moved_object(root: Token, verb: Token) -> Token | None:
    """The object of a verb that moves it to the level in its 'to' phrase ('taking the number of people employed to
    38.9 million'; the parser may hang the 'to' phrase inside that object)."""
    if root.dep_ != "pobj" or root.head.lower_ != "to":
        return None
    prep, mover = root.head, verb
    for _ in range(4):
        if mover.pos_ == "VERB" and mover.lemma_.lower() in LEVEL_MOVER_LEMMAS:
            obj = next((c for c in mover.children if c.dep_ == "dobj" and c.i < prep.i and not _is_figure(c)), None)
            if obj is not None and (prep.head.i == mover.i or obj.left_edge.i <= prep.i <= obj.right_edge.i):
                return _past_light(_phrase_head(obj))
            return None
        if mover.head.i == mover.i:
            return None
        mover = mover.head
    return None


def _is_figure(token: Token) -> bool:
    """A unit word or a number standing as a verb's object: 'fell 1.01 billion guilders'."""
    return token.like_num or token.text in UNIT_FORMS or token.lower_ in UNIT_FORMS


def _gapped_object(root: Token, obj: Token) -> Token | None:
    """'boost output to 100,000 units and local content to above 80 pct': a noun joined to the verb's object,
    right before the figure's own 'to'/'by' phrase, is what that figure measures (the verb is left out)."""
    prep = root.head
    if root.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("to", "by") or prep.i == 0:
        return None
    before = prep.doc[prep.i - 1]
    if before.pos_ != "NOUN" or before.dep_ != "conj" or before.i <= obj.i:
        return None
    return _past_light(_phrase_head(before))


def _elided_count(root: Token) -> Token | None:
    """'merge 40 councils into twelve': a bare figure in a verb's 'into'/'to' phrase counts the verb's counted
    object."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("into", "to") or prep.head.pos_ != "VERB":
        return None
    obj = next((c for c in prep.head.children if c.dep_ == "dobj" and c.i < prep.i), None)
    if obj is None or not any(c.dep_ == "nummod" for c in obj.children):
        return None
    return _thing(obj)


def _changed_noun(root: Token) -> Token | None:
    """'increased flow of funds to agriculture by 30%': a 'by' phrase on a noun that a change participle
    modifies measures that noun."""
    prep = root.head
    noun = prep.head
    if root.dep_ != "pobj" or prep.lower_ != "by" or noun.pos_ != "NOUN" or noun.i > prep.i:
        return None
    if not any(c.dep_ == "amod" and c.tag_ in ("VBN", "VBD") and c.lemma_.lower() in _CHANGE_VERBS
               for c in noun.children):
        return None
    return _thing(_phrase_head(noun))


def _noun_before_move(first: Token) -> Token | None:
    """'with sales up 5%', 'profits down 3 pct': the noun right before 'up' or 'down' and the figure."""
    doc = first.doc
    if first.i < 2 or doc[first.i - 1].lower_ not in ("up", "down"):
        return None
    noun = doc[first.i - 2]
    return _thing(noun) if noun.pos_ == "NOUN" else None


def _label_before(first: Token) -> Token | None:
    """'Excludes gain 2.10 dlrs a share versus gain 35 cts': a results word written bare before the figure."""
    if first.i == 0:
        return None
    prev = first.doc[first.i - 1]
    if prev.lemma_.lower() not in RESULTS_WORDS or prev.pos_ not in ("NOUN", "PROPN", "VERB") or (
            prev.i > 0 and prev.nbor(-1).pos_ in ("DET", "NUM")):
        return None
    return prev


def _clause_noun(root: Token, unit: str | None = None) -> Token | None:
    """The object of a change verb, or the subject of a verb of level or change (of a transitive change
    verb only the passive subject: 'the firm raised $2bn' counts no firm)."""
    verb = _governing_verb(root)
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in verb.children)  # 'and is priced at 101 pct': the shared subject
    transitive = (lemma in TRANSITIVE_CHANGE_LEMMAS or lemma in VALUATION_VERB_LEMMAS) and not passive
    subject_deps = ("nsubjpass",) if transitive else ("nsubj", "nsubjpass")
    if lemma in _CHANGE_VERBS or lemma in VALUATION_VERB_LEMMAS:  # 'put the cost at $5bn', 'cut prices by 2%'  # 'boost its profits by 40%', 'cut prices by an average of 24%'
        obj = next((c for c in verb.children if c.dep_ == "dobj" and not (c.left_edge.i <= root.i <= c.right_edge.i)),
                   None)
        if obj is not None and not _is_figure(obj):  # 'fell 1.01 billion guilders to 9.5 billion': a change, no thing
            return _gapped_object(root, obj) or _past_light(_phrase_head(obj))
    moved = _moved_object(root, verb)
    if moved is not None:  # 'taking the number of people employed to 38.9 million'
        return moved
    if lemma not in _CHANGE_VERBS and any(c.lower_ in ("up", "down") and c.dep_ in ("prt", "advmod")
                                          for c in verb.children):
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < root.i), None)
        if obj is not None:  # 'sent shares up 8.5p to 113.5p', 'drove the index down 3%': what moved
            return _past_light(_phrase_head(obj))
    if lemma in _CHANGE_VERBS or lemma in VALUATION_VERB_LEMMAS:
        if lemma in TRANSITIVE_CHANGE_LEMMAS and root.dep_ == "dobj" and root.head.i == verb.i:
            source = next((_pobj(c) for c in verb.children if c.dep_ == "prep" and c.lower_ in ("from", "off")
                           and c.i > root.i), None)  # 'cut $68m from profit targets', 'knocked 5% off shares'
            if source is not None:
                return _past_light(_phrase_head(source))
    sold = lemma in PRICED_SALE_LEMMAS and root.dep_ == "pobj" and root.head.lower_ == "at" \
        and not any(c.dep_ in ("dobj", "dative") for c in verb.children)  # 'flats were selling at 1,100 dlrs'
    if lemma not in _SUBJECT_VERBS and lemma not in VALUATION_VERB_LEMMAS and not sold:
        return None
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in subject_deps), None)
        if subject is not None:
            if subject.left_edge.i <= root.i <= subject.right_edge.i:
                return None
            if subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" and verb.head.pos_ == "NOUN":
                return _past_light(_phrase_head(verb.head))  # 'screens that are at least 42in': what 'that' stands for
            if subject.lower_ == "it" and subject.pos_ == "PRON":
                deferred = _deferred_subject(verb)
                if deferred is not None:  # 'it could cost £80m to run a referendum': the referendum
                    return deferred
            if subject.lower_ in ("it", "they") and subject.pos_ == "PRON":
                antecedent = _antecedent_subject(verb)
                if antecedent is not None:  # 'loans rose 3.3 pct from December, when they rose 1.2 pct'
                    return antecedent
            subject = _respective(subject, root, verb) or subject
            dashed = _before_dashes(subject)
            head = dashed if dashed is not subject else _phrase_head(subject)
            thing = _past_light(head) or _measured_unit_word(head, unit, root)
            if thing is not None or subject.lemma_.lower() not in TIME_NOUNS:
                return thing  # a time word as subject is a misparse ('for the year-to-date declined')
        if subject is None and verb.dep_ == "ccomp" and lemma in _SUBJECT_VERBS:
            shown = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if shown is not None:  # 'data showed consumer spending - which ... - grew 0.2%'
                return _past_light(_phrase_head(shown))
        # 'revenues rose 3.4 pct and ...', 'shares were suspended, having fallen by 10%', 'is expected to be'
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            return _thing(_phrase_head(verb.head))  # 'a deal rumoured to be about £1.4m'
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX") \
                and subject is None:
            verb = verb.head.head  # 'fell ..., before recovering to close 6% down': the shared subject
            continue
        if subject is None and verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp" \
                and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # 'exports are likely to rise to 95,000 tonnes': the subject of 'are'
            continue
        if verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        if subject is None and any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
            return None  # 'the firm lost 40m pesos': who acts is said, what is lost is not
        infinitive = verb.dep_ == "xcomp" or verb.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        raised = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None) \
            if infinitive and subject is None and lemma in _SUBJECT_VERBS \
            and verb.head.lemma_.lower() in RAISING_VERB_LEMMAS else None
        if raised is not None and not _is_figure(raised):  # 'forecasts cocoa exports to rise to 35,000 tonnes'
            return _past_light(_phrase_head(raised))
        verb = verb.head
        if not transitive:  # a transitive verb's thing is a passive subject, also up the chain ('were given
            subject_deps = ("nsubj", "nsubjpass")  # ... and priced at'), never who acts ('sources gave ..., but estimated')
    return None


def measured_noun(tokens: list[Token], unit: str | None) -> Token | None:
    """The thing a figure with a unit counts or measures (its span's tokens), or None."""
    ids = {t.i for t in tokens}
    last = tokens[-1]
    roots = [t for t in reversed(tokens) if t.head.i not in ids or t.head.i == t.i]
    # a scale the parser took for a verb ('£1m' with 'm' as an auxiliary): the number holds the link
    root = next((t for t in roots if t.pos_ not in ("AUX", "VERB")), roots[0] if roots else last)
    doc = root.doc
    held = (unit not in _TIME_UNITS and root.dep_ == "pobj" and root.head.lower_ == "of"
            and root.head.head.pos_ == "NOUN" and root.head.head.i < root.i)
    reads = [lambda: _label_before(tokens[0]) if unit is not None and unit.split(" per ")[0] in MONEY_UNITS
             else None,
             lambda: _modified_noun(root, last),
             # 'the sale of 50,000 tonnes of wheat', 'a release of 1.2 bn francs of provisions': what a measure
             # or an amount is of, before the noun holding it
             lambda: _phrase_after(root, last, unit, ("of",)) if held and unit is not None
             and unit != "percentage" else None,
             lambda: _holder_of(root) if held else None,
             lambda: _phrase_after(root, last, unit),
             lambda: _phrase_after(last, last, unit) if last is not root else None, lambda: _after_brackets(last)]
    aged = last.i + 1 < len(doc) and doc[last.i + 1].lower_ == "old"
    if unit not in _TIME_UNITS or aged:  # a duration is when or how long ('within two years'), not of what
        reads += [lambda: _holder_of(root), lambda: _of_before(tokens[0]), lambda: _gapped_subject(root),
                  lambda: _elided_count(root) if unit is None else None, lambda: _clause_noun(root, unit),
                  lambda: _noun_before_move(tokens[0]), lambda: _changed_noun(root)]
    elif root.dep_ == "pobj" and root.head.lower_ == "of" and not any(
            c.dep_ in ("det", "amod", "poss") for c in root.children):  # not 'the best song of the past 25 years'
        reads.append(lambda: _holder_of(root))  # 'a prison term of up to six years', 'at the age of 71'
        reads.append(lambda: _time_taken(root))  # 'a best time of 9.85 seconds'
    for read in reads:
        noun = read()
        if noun is not None and noun.i not in ids:
            return noun
    return None

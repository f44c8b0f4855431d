"""The counted thing a clause names for a figure: the object of a change verb, the subject of a verb of
level or change (also through a relative or coordinated clause, a left-out verb, 'it' standing for a 'to'
clause), the object a verb moves to a level.

Entry points: `clause_noun(root, unit)`, `gapped_subject(root)`, `elided_count(root)`,
`set_against_change(root, last)` -> Token or None
(`objects.py` reads them after the figure's own phrases)."""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.things import (
    CHANGE_VERBS,
    SUBJECT_VERBS,
    phrase_head,
    counted_thing,
    past_light,
    named_thing,
    pobj,
    frame,
    is_figure,
    through_change_noun,
    CHANGE_NOUN_LEMMAS,
)
from pipelines.core.claims.patterns import (
    MONEY_UNITS,
    MEASURE_NAME,
    UNIT_FORMS,
)
from pipelines.core.quantities import (
    BOUND_PREPOSITIONS,
    SELF_MOVE_LEMMAS,
    CLAUSE_PREPOSITIONS,
    LEVEL_MOVER_LEMMAS,
    MOVE_LEMMAS,
    PRICED_SALE_LEMMAS,
    RAISING_VERB_LEMMAS,
    SET_AGAINST_WORDS,
    STATING_VERB_LEMMAS,
    TIME_NOUNS,
    TRANSITIVE_CHANGE_LEMMAS,
    VALUATION_VERB_LEMMAS,
)


def _as_far_as(prep: Token) -> bool:
    """The second 'as' of 'as low as', 'as much as': the figure is a bound of the clause's level."""
    head = prep.head
    return prep.lower_ == "as" and head.pos_ in ("ADJ", "ADV") and any(
        c.lower_ == "as" and c.i < head.i for c in head.children)


def _verb_read_as_adjective(token: Token) -> bool:
    """'sales should double to $5m': a change verb the parser tags an adjective, with a subject of its own."""
    return token.pos_ == "ADJ" and token.lemma_.lower() in CHANGE_VERBS and any(c.dep_ == "nsubj" for c in token.children)


def _governing_verb(root: Token) -> Token | None:
    """The verb a figure hangs on, through its preposition ('rose to 4.7 million', 'by an average of 24%')."""
    token = previous = root
    bound = False
    for _ in range(6):
        if (token.pos_ in ("VERB", "AUX") or _verb_read_as_adjective(token)) \
                and not (token is root and token.is_alpha and token.lower_ in UNIT_FORMS):
            # 'dipped 4.2 pct' with 'pct' tagged a verb: the unit word is the figure, the verb is its head
            return token if not bound or token.lemma_.lower() in SUBJECT_VERBS else None
        if token.dep_ == "prep" and (token.lower_ in BOUND_PREPOSITIONS or _as_far_as(token)):
            bound = True  # 'plunged below 150 yen', 'could fall as low as 4%': only a verb of level or change
        elif token.dep_ == "prep" and token.lower_ == "for" and token.head.lemma_ == "be":
            pass  # 'the plan was for 12.50 dlrs a share'
        elif token.dep_ == "prep" and token.lower_ not in CLAUSE_PREPOSITIONS and not frame(previous):
            return None  # 'in nine years', 'for a ticket': the figure is not what the clause states
        previous = token
        if token.dep_ not in ("pobj", "prep", "agent", "dobj", "attr", "npadvmod", "advmod", "acomp", "oprd", "conj",
                              "appos", "quantmod"):  # 'fell by 25,000 to 1.4 million' read as a range's low end
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
        target = pobj(prep)
        form = UNIT_FORMS.get(target.text) or UNIT_FORMS.get(target.lower_) if target is not None else None
        if form is not None and form[1] is not None:
            return True
    return False


def _measured_unit_word(noun: Token, unit: str | None, root: Token | None = None) -> Token | None:
    """A unit word that is itself what is measured: a currency priced in another ('the dollar was 148 yen'),
    or a compound counted unit ('revenue passenger miles rose to 13.4 mln')."""
    form = UNIT_FORMS.get(noun.text) or UNIT_FORMS.get(noun.lower_)
    if form is None or noun.pos_ not in ("NOUN", "PROPN"):  # 'freight ton miles' tagged a name
        return None
    if noun.pos_ == "PROPN" and not any(c.dep_ == "compound" for c in noun.children):
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


def _shared_head(subject: Token) -> Token:
    """'Bus and coach sales fell 9 pct': a bare singular noun joined to a plural noun compound shares its head
    (the parser may take the first noun for the subject); else the subject."""
    if subject.tag_ != "NN" or any(c.dep_ in ("det", "poss", "amod", "compound") for c in subject.children):
        return subject
    joined = next((c for c in subject.children if c.dep_ == "conj" and c.tag_ == "NNS"
                   and any(m.dep_ == "compound" and m.i == c.i - 1 for m in c.children)), None)
    return joined if joined is not None else subject


def _before_dashes(subject: Token) -> Token:
    """'Consumer lending - credit cards and overdrafts - was £1.2bn': the noun before an aside set off by
    dashes (the parser takes the aside's noun for the subject); else the subject."""
    doc = subject.doc
    for t in doc[subject.left_edge.i:subject.i]:
        if t.text in ("-", "–", "—") and t.i > 0 and doc[t.i - 1].pos_ == "NOUN" and doc[t.i - 1].whitespace_:
            # a spaced dash; 'year-on-year M-1 growth' is one word
            return doc[t.i - 1]
    return subject


def gapped_subject(root: Token) -> Token | None:
    """'Sales rose 5% and profits 3%': a figure hung on a noun coordinated with a verb of level or change
    (the verb is left out) measures that noun."""
    noun = root.head
    if root.dep_ == "npadvmod" and noun.pos_ == "NOUN" and noun.dep_ == "conj" and noun.i < root.i \
            and noun.head.lemma_.lower() in SUBJECT_VERBS:
        return counted_thing(phrase_head(noun))
    return None


def _relative_clause(verb: Token) -> Token | None:
    """The relative clause a verb opens or is reported in ('the document, which the office says has cost'),
    when it describes a noun."""
    for _ in range(3):
        if verb.dep_ == "relcl":
            return verb if verb.head.pos_ == "NOUN" else None
        if verb.dep_ != "ccomp":
            return None
        verb = verb.head
    return None


def _antecedent_subject(verb: Token) -> Token | None:
    """'Total loans rose 3.3 pct from December when they rose 1.2 pct': a pronoun subject of a clause inside
    another stands for the thing the outer clause's verb of level or change states."""
    if verb.dep_ not in ("relcl", "advcl", "conj", "ccomp"):
        return None
    token = verb.head
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SUBJECT_VERBS:
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.pos_ == "PRON":
                return None
            return past_light(phrase_head(subject)) or (
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
            return past_light(phrase_head(obj)) if obj is not None else None
    return None


def _moved_object(root: Token, verb: Token) -> Token | None:
    """The object of a verb that moves it to the level in its 'to' phrase ('taking the number of people employed to
    38.9 million'; the parser may hang the 'to' phrase inside that object)."""
    if root.dep_ != "pobj" or root.head.lower_ != "to":
        return None
    prep, mover = root.head, verb
    for _ in range(4):
        if mover.pos_ == "VERB" and mover.lemma_.lower() in LEVEL_MOVER_LEMMAS:
            obj = next((c for c in mover.children if c.dep_ == "dobj" and c.i < prep.i and not is_figure(c)), None)
            if obj is not None and (prep.head.i == mover.i or obj.left_edge.i <= prep.i <= obj.right_edge.i):
                return past_light(phrase_head(obj))
            return None
        if mover.head.i == mover.i:
            return None
        mover = mover.head
    return None


def _gapped_object(root: Token, obj: Token) -> Token | None:
    """'boost output to 100,000 units and local content to above 80 pct': a noun joined to the verb's object,
    right before the figure's own 'to'/'by' phrase, is what that figure measures (the verb is left out)."""
    prep = root.head
    if root.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("to", "by") or prep.i == 0:
        return None
    before = prep.doc[prep.i - 1]
    if before.pos_ != "NOUN" or before.dep_ != "conj" or before.i <= obj.i:
        return None
    return past_light(phrase_head(before))


def _perfect_participle_subject(verb: Token) -> Token | None:
    """'London Brent crude closed at $40.15 - a drop of 5.1% - having dived below $40': a 'having' participle
    states the subject of the clause it hangs from (the parser may hang it on a noun of that clause)."""
    token = verb.head
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return past_light(phrase_head(subject)) if subject is not None else None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def set_against_change(root: Token, last: Token) -> Token | None:
    """A change noun the figure modifies, with no thing of its own, measures the subject of the change verb it
    is set against ('profits rose four pct ... against a 2.6 pct rise in the preceding quarter') or of the verb
    that states it ('the new schedule represents a 12 pct increase')."""
    noun = root.head
    if root.dep_ not in ("compound", "nmod", "amod", "nummod", "npadvmod") or noun.i <= last.i \
            or noun.lemma_.lower() not in CHANGE_NOUN_LEMMAS or through_change_noun(noun) is not None:
        return None
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in SET_AGAINST_WORDS and prep.head.lemma_.lower() in CHANGE_VERBS:
        verb = prep.head
    elif noun.dep_ in ("dobj", "attr") and noun.head.lemma_.lower() in STATING_VERB_LEMMAS:
        verb = noun.head
    else:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return past_light(phrase_head(subject)) if subject is not None else None


def elided_count(root: Token) -> Token | None:
    """'merge 40 councils into twelve': a bare figure in a verb's 'into'/'to' phrase counts the verb's counted
    object."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("into", "to") or prep.head.pos_ != "VERB":
        return None
    obj = next((c for c in prep.head.children if c.dep_ == "dobj" and c.i < prep.i), None)
    if obj is None or not any(c.dep_ == "nummod" for c in obj.children):
        return None
    return counted_thing(obj)


def _reached_without_object(root: Token, verb: Token) -> bool:
    """'exports will triple to 12 mln tonnes': a transitive change verb with no object, the figure the level
    it reaches, is used of its subject."""
    to = root.head if root.dep_ == "pobj" else next((c for c in root.subtree if c.dep_ == "quantmod"), None)
    return to is not None and to.lower_ == "to" and not any(c.dep_ in ("dobj", "dative") for c in verb.children)


def clause_noun(root: Token, unit: str | None = None) -> Token | None:
    """The object of a change verb, or the subject of a verb of level or change (of a transitive change
    verb only the passive subject: 'the firm raised $2bn' counts no firm)."""
    verb = _governing_verb(root)
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in verb.children)  # 'and is priced at 101 pct': the shared subject
    transitive = (lemma in TRANSITIVE_CHANGE_LEMMAS or lemma in VALUATION_VERB_LEMMAS) and not passive \
        and not (lemma in SELF_MOVE_LEMMAS and unit in ("percentage", "point") and root.dep_ == "dobj") \
        and not _reached_without_object(root, verb)
    subject_deps = ("nsubjpass",) if transitive else ("nsubj", "nsubjpass")
    if lemma in CHANGE_VERBS or lemma in VALUATION_VERB_LEMMAS:  # 'put the cost at $5bn', 'cut prices by 2%'  # 'boost its profits by 40%', 'cut prices by an average of 24%'
        obj = next((c for c in verb.children if c.dep_ == "dobj" and not (c.left_edge.i <= root.i <= c.right_edge.i)),
                   None)
        if obj is not None and not is_figure(obj):  # 'fell 1.01 billion guilders to 9.5 billion': a change, no thing
            return _gapped_object(root, obj) or past_light(phrase_head(obj))
    moved = _moved_object(root, verb)
    if moved is not None:  # 'taking the number of people employed to 38.9 million'
        return moved
    if lemma not in CHANGE_VERBS and any(c.lower_ in ("up", "down") and c.dep_ in ("prt", "advmod")
                                          for c in verb.children):
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < root.i), None)
        if obj is not None:  # 'sent shares up 8.5p to 113.5p', 'drove the index down 3%': what moved
            return past_light(phrase_head(obj))
    if lemma in CHANGE_VERBS or lemma in VALUATION_VERB_LEMMAS:
        if lemma in TRANSITIVE_CHANGE_LEMMAS and root.dep_ == "dobj" and root.head.i == verb.i:
            source = next((pobj(c) for c in verb.children if c.dep_ == "prep" and c.lower_ in ("from", "off")
                           and c.i > root.i), None)  # 'cut $68m from profit targets', 'knocked 5% off shares'
            if source is not None:
                return past_light(phrase_head(source))
    sold = lemma in PRICED_SALE_LEMMAS and root.dep_ == "pobj" and root.head.lower_ == "at" \
        and not any(c.dep_ in ("dobj", "dative") for c in verb.children)  # 'flats were selling at 1,100 dlrs'
    moved_up = lemma in MOVE_LEMMAS and (any(c.lower_ in ("up", "down") and c.dep_ in ("prt", "advmod")
                                             for c in verb.children)  # 'revenues edged up to 1.1 billion dlrs'
                                         or root.dep_ == "pobj" and root.head.lower_ in ("from", "to")
                                         and root.head.head.i == verb.i and any(
                                             c.dep_ == "prep" and c.lower_ == "from" for c in verb.children))
    # 'profits went from 3 mln dlrs to 5 mln dlrs': a verb of movement between two levels
    if lemma not in SUBJECT_VERBS and lemma not in VALUATION_VERB_LEMMAS and not sold and not moved_up:
        return None
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in subject_deps), None)
        if subject is not None:
            if subject.left_edge.i <= root.i <= subject.right_edge.i:
                return None
            relative = _relative_clause(verb) if subject.tag_ in ("WDT", "WP") else None
            if relative is not None:  # 'screens that are at least 42in': what 'that' stands for
                return past_light(phrase_head(relative.head))
            if subject.lower_ == "it" and subject.pos_ == "PRON":
                deferred = _deferred_subject(verb)
                if deferred is not None:  # 'it could cost £80m to run a referendum': the referendum
                    return deferred
            if subject.lower_ in ("it", "they") and subject.pos_ == "PRON":
                antecedent = _antecedent_subject(verb)
                if antecedent is not None:  # 'loans rose 3.3 pct from December, when they rose 1.2 pct'
                    return antecedent
            subject = _respective(subject, root, verb) or _shared_head(subject)
            dashed = _before_dashes(subject)
            head = dashed if dashed is not subject else phrase_head(subject)
            thing = past_light(head) or _measured_unit_word(head, unit, root) or (
                named_thing(head) if unit is not None else None)  # 'Gold gained 7/8': no unit, nothing said of what
            if thing is not None or subject.lemma_.lower() not in TIME_NOUNS:
                return thing  # a time word as subject is a misparse ('for the year-to-date declined')
        if subject is None and verb.dep_ == "ccomp" and lemma in SUBJECT_VERBS:
            shown = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if shown is not None:  # 'data showed consumer spending - which ... - grew 0.2%'
                return past_light(phrase_head(shown))
        participle = verb.doc[verb.i - 1] if verb.i > 0 else None
        if subject is None and lemma == "be" and participle is not None and participle.tag_ == "VBN" \
                and participle.head.i == verb.head.i and participle.dep_ == verb.dep_:
            verb = participle  # 'the bonus paid was $5': the participle read as the verb holds the subject
            continue
        if subject is None and any(c.dep_ == "aux" and c.lower_ == "having" for c in verb.children):
            return _perfect_participle_subject(verb)  # 'crude closed at ... - having dived below $40'
        # 'revenues rose 3.4 pct and ...', 'shares were suspended, having fallen by 10%', 'is expected to be'
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            return counted_thing(phrase_head(verb.head))  # 'a deal rumoured to be about £1.4m'
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
            if infinitive and subject is None and lemma in SUBJECT_VERBS \
            and verb.head.lemma_.lower() in RAISING_VERB_LEMMAS else None
        if raised is not None and not is_figure(raised):  # 'forecasts cocoa exports to rise to 35,000 tonnes'
            return past_light(phrase_head(raised))
        verb = verb.head
        if not transitive:  # a transitive verb's thing is a passive subject, also up the chain ('were given
            subject_deps = ("nsubj", "nsubjpass")  # ... and priced at'), never who acts ('sources gave ..., but estimated')
    return None


def change_noun_level(root: Token) -> Token | None:
    """'sought an increase in the number of its shares to 300 mln': the parser hangs a change noun's 'to' or
    'from' level on the verb; a verb that is no verb of level or change states no thing of its own, so the
    level is of what the change noun before it changes."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("to", "from") or prep.head.pos_ not in ("VERB", "AUX") \
            or prep.head.lemma_.lower() in SUBJECT_VERBS and not any(c.dep_ == "expl" for c in prep.head.children):
        return None  # 'there was a rise in sales to 5 mln' states no subject of its own
    nouns = [t for t in prep.head.subtree if t.i < prep.i and t.pos_ == "NOUN"
             and t.lemma_.lower() in CHANGE_NOUN_LEMMAS]
    if not nouns or any(t.like_num for t in prep.doc[nouns[-1].i:prep.i]):
        return None  # 'a fall in the price from 3 dlrs per tonne to 2 dlrs': the figure set against the one before
    thing = through_change_noun(nouns[-1])
    return thing if thing is not None and thing is not nouns[-1] else None


def verbless_move(root: Token) -> Token | None:
    """'exports of wheat so far up to 9,000 tonnes', 'with sales up 5% to 3 mln dlrs': a level 'to' or 'from'
    after 'up' or 'down' that hangs on a noun with no verb between is that noun's."""
    prep = root.head
    move = prep.head
    if root.dep_ != "pobj" or prep.lower_ not in ("to", "from") or move.lower_ not in ("up", "down"):
        return None
    holder = move.head
    if holder.pos_ != "NOUN" or holder.i > move.i or any(t.pos_ in ("VERB", "AUX") for t in root.doc[holder.i:move.i]):
        return None
    return past_light(phrase_head(holder))

"""The claim extractor: numbers read from the text (`numbers`), checked and completed against
the parse (`parse`, `objects`, `changes`), one `Claim` each.

Entry point: `extract_claims(doc, mentions)`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from pipelines.core.claims.contrasted import borrow_contrasted_objects, bracketed_pair_units
from pipelines.core.claims.combined import line_of, read_together
from pipelines.core.claims.changes import change_from_parse, change_unit, read_qualifier
from pipelines.core.claims.model import Claim
from pipelines.core.claims.numbers import Quantity, blocked_mask, not_a_quantity, read_quantity
from pipelines.core.claims.objects import measured_noun
from pipelines.core.claims.ones import one_is_no_count
from pipelines.core.claims.lists import listed_objects
from pipelines.core.claims.rates import exchange_rates
from pipelines.core.claims.restated import dash_label, elided_share, restates, results_label, shares_object
from pipelines.core.claims.parse import (
    TokenIndex,
    about_entity,
    counted_noun,
    glued_m_counted,
    is_label,
    object_phrase,
    sentence_of,
    whole_word,
)
from pipelines.core.claims.patterns import (
    CAPITALIZED_NEXT,
    CHANGE_AFTER_LEVEL,
    DURATION_UNITS,
    EACH_AFTER,
    CORE,
    COUNT_LEFT_OUT_GAP,
    GLUED_WORD,
    FROM_GAP,
    VS_GAP,
    PART_GAP,
    AND_GAP,
    ALTERNATIVE_GAP,
    BRACKETED_AFTER_NAME,
    BOUND_OF_AFTER,
    IN_SCALE_AFTER,
    LEVEL_AFTER_CHANGE,
    IMPLIED_UNIT_GAP,
    LIST_GAP,
    MONEY_UNITS,
    PARAGRAPH_BREAK,
    PARALLEL_GAP,
    AGE_APPOSITION_AFTER,
    AGE_HOLDER_BEFORE,
    AGE_CUE_BEFORE,
    AT_AGE_OPENING,
    PERSON_SUBJECT_AFTER,
    AGE_CLAUSE_END,
    PERSON_IS_BEFORE,
    NAME_COMMA_BEFORE,
    MULTIPLE_AFTER,
    NOUN_POS,
    PER_SHARED_GAP,
    PER_UNIT,
    PERCENT_OF_GDP,
    TABLE_FIGURE,
    SCALE,
    SCORE_CONTEXT,
    SIGNED_MOVE_UNITS,
    UNIT_FORMS,
    UNIT_OR_BEFORE,
    WORD_TOKEN,
    WORDS_ONLY,
    WRITTEN_UNIT_FORMS,
)
from pipelines.core.doc_cache import doc_text
from pipelines.core.entities import Mention
from pipelines.core.quantities import AMBIGUOUS_UNIT_FORMS, GLUED_SCALES, LIGHT_NOUNS, MULTIPLE_NOUNS


def extract_claims(doc: Doc, mentions: Sequence[Mention]) -> list[Claim]:
    """Numeric claims of a parsed article, sorted by start_char."""
    text = doc_text(doc)
    if not any(ch.isdigit() for ch in text) and not CORE.search(text):
        return []
    blocked = blocked_mask(text)
    index = TokenIndex(doc, text)
    claims: list[Claim] = []
    quantities: list[Quantity] = []
    previous: tuple[Claim, Quantity] | None = None
    unbracketed: tuple[Claim, Quantity] | None = None  # the last claim not inside brackets
    pos = 0
    while True:
        m = CORE.search(text, pos)
        if not m:
            break
        pos = m.end()
        if any(blocked[m.start():m.end()]):
            continue
        q = read_quantity(text, m)
        if q is None:
            continue
        pos = max(pos, q.end)
        claim = _claim_from(doc, text, q, index, mentions, previous, unbracketed, claims)
        if claim is not None:
            if previous is not None and claims and claims[-1] is previous[0]:
                claims[-1] = _change_per_level_unit(text, previous[0], claim)
                claim = _change_after_level_per_unit(text, previous[0], claim)
            claims.append(claim)
            quantities.append(q)
            previous = (claim, q)
            if not _in_brackets(text, index, claim.start_char):
                unbracketed = previous
    claims = _units_of_change_and_level(text, index, *_units_written_last(text, claims, quantities))
    claims = read_together(text, index, claims)
    claims = listed_objects(text, index, exchange_rates(index, claims))
    return borrow_contrasted_objects(text, index, bracketed_pair_units(text, index, claims))


def _units_of_change_and_level(text: str, index: TokenIndex, claims: list[Claim],
                               quantities: list[Quantity]) -> list[Claim]:
    """A change followed by the level it reached ('fell 39 points to 2367', 'rose 200 mln to 11.9 billion
    guilders'): a bare level after a change in index points is in points; a scaled change with no unit takes
    the unit of the scaled level."""
    out = list(claims)
    for i in range(len(out) - 1):
        change, q, level, level_q = out[i], quantities[i], out[i + 1], quantities[i + 1]
        if change.qualifier not in ("up", "down") or LEVEL_AFTER_CHANGE.fullmatch(
                text, change.end_char, level.start_char) is None:
            continue
        if index.sentence_bounds(change.start_char) != index.sentence_bounds(level.start_char):
            continue
        if change.unit == "point" and level.unit is None and level.currency is None \
                and level.end_char == level_q.end and level_q.kind == "digits" and not level_q.scaled:
            out[i + 1] = replace(level, unit="point")
        elif change.unit is None and change.currency is None and change.end_char == q.end and q.scaled \
                and level_q.scaled and level.unit is not None and level.unit != "percentage":
            out[i] = replace(change, unit=level.unit, currency=level.currency)
    return out


def _units_written_last(text: str, claims: list[Claim], quantities: list[Quantity]) -> tuple[list[Claim], list[Quantity]]:
    """'to 10 million, 20 million and 30 million dollars', '10, 20 and 30 dlrs a tonne': bare figures listed
    before one with a unit (of the same scale and size) take its unit, and its counted thing when they have
    none."""
    out = list(claims)
    for i in range(len(out) - 2, -1, -1):
        claim, q, last, last_q = out[i], quantities[i], out[i + 1], quantities[i + 1]
        if last.unit is None or claim.unit not in (None, last.unit) or claim.currency not in (None, last.currency) \
                or claim.end_char != q.end:
            continue
        if claim.value is None or last.value is None or q.kind != last_q.kind or q.factor != last_q.factor:
            continue
        if not (0 < claim.value <= 10 * last.value and last.value <= 10 * claim.value):
            continue  # listed figures are of one size
        if LIST_GAP.fullmatch(text, claim.end_char, last.start_char) is None:
            continue
        out[i] = replace(claim, unit=last.unit, currency=last.currency,
                         object=claim.object or last.object, object_lemma=claim.object_lemma or last.object_lemma)
    return out, quantities


def _change_per_level_unit(text: str, change: Claim, level: Claim) -> Claim:
    """'closed up $1.26 at $50.88 a barrel': a change stated right before the level it reached is counted
    per the same thing as the level."""
    if (change.qualifier in ("up", "down") and change.unit is not None and level.unit is not None
            and level.unit.startswith(change.unit + " per ") and LEVEL_AFTER_CHANGE.fullmatch(
                text, change.end_char, level.start_char)):
        return replace(change, unit=level.unit)
    return change


def _change_after_level_per_unit(text: str, level: Claim, change: Claim) -> Claim:
    """'sold at 20.10 rupees per kilo, up five cents': a change in money stated right after a price per
    something is per the same thing, and of the same thing when it names none."""
    per = (level.unit or "").partition(" per ")
    if (change.qualifier in ("up", "down") and change.unit in MONEY_UNITS and per[0] in MONEY_UNITS and per[2]
            and CHANGE_AFTER_LEVEL.fullmatch(text, level.end_char, change.start_char)):
        change = replace(change, unit=f"{change.unit} per {per[2]}")
        if change.object is None:
            change = replace(change, object=level.object, object_lemma=level.object_lemma)
    return change


def _joined_to_inherited(parallel: tuple[Claim, Quantity], unit: str | None, gap: str) -> bool:
    """'from 52.53 billion at the end of March and 55.68 billion': a figure joined by 'and' to one that took
    the unit of an earlier figure restates the same thing."""
    before, before_q = parallel
    return (before.object is not None and before_q.unit is None and before.unit is not None and unit == before.unit
            and len(gap) <= IMPLIED_UNIT_GAP and AND_GAP.search(gap) is not None)


def _last_scaled_amount(text: str, index: TokenIndex, q: Quantity, earlier: Sequence[Claim]) -> Claim | None:
    """A scaled amount of money followed by its rate ('bought 72 mln stg at 9-13/16 pct, in band three 52 mln'):
    the money unit is the one meant for the next bare scaled figure of the sentence."""
    if len(earlier) < 2:
        return None
    rate, amount = earlier[-1], earlier[-2]  # 'X mln stg at Y pct, ... Z mln at W pct'
    bounds = index.sentence_bounds(q.start)
    if rate.unit != "percentage" or rate.end_char > q.start or amount.currency is None or not SCALE.search(amount.text):
        return None
    if index.sentence_bounds(amount.start_char) != bounds or q.start - amount.end_char > 2 * IMPLIED_UNIT_GAP:
        return None
    return amount


def _earlier_share(text: str, index: TokenIndex, q: Quantity, unit: str, earlier: Sequence[Claim]) -> Claim | None:
    """The last percentage of the sentence before q with a thing of its own, when a change or level joined to it
    ('after a 3.1 pct rise', 'and 5 pct') comes after a figure of another unit."""
    bounds = index.sentence_bounds(q.start)
    for before in reversed(earlier):
        if before.end_char > q.start or index.sentence_bounds(before.start_char) != bounds:
            return None
        if before.unit == unit:
            gap = text[before.end_char:q.start].replace(".", "")  # one parsed sentence: '607.17 bn H.K. Dlrs' holds no stop
            return before if elided_share(before, unit, gap) else None
    return None


def _converted_in_brackets(text: str, index: TokenIndex, before: Claim, q: Quantity, unit: str | None) -> bool:
    """'$200m (£104m; 151m euros)': conversions listed in one bracket are all of the same thing."""
    return (before.object is not None and unit is not None and before.unit is not None
            and unit.split(" per ")[0] in MONEY_UNITS and before.unit.split(" per ")[0] in MONEY_UNITS
            and text[before.end_char:q.start].strip() in (";", ",") and _in_brackets(text, index, q.start)
            and _in_brackets(text, index, before.start_char))


def _count_left_out(before: Claim, unit: str | None, currency: str | None, gap: str) -> bool:
    """'eight provinces in the north, two in the east': a bare count after a count with its noun, in the same
    clause run, counts the same noun."""
    return (unit is None and currency is None and before.unit is None and before.object is not None
            and len(gap) <= IMPLIED_UNIT_GAP and COUNT_LEFT_OUT_GAP.fullmatch(gap) is not None)


def _heading(line: str, surface: str) -> bool:
    """A line holding only a period and at most one more word: a results table's column heading."""
    rest = line.strip()
    if not rest.startswith(surface):
        return False
    words = rest[len(surface):].split()
    return len(words) <= 1 and all(w.isalpha() for w in words)


def _list_of_minutes(text: str, index: TokenIndex, q: Quantity) -> bool:
    """A bare number alone in brackets after a name, in a sentence listing several such ('Priscott for Roberts
    (71), Green for Dowd (71)'): substitution minutes or list references, not quantities."""
    if text[q.start - 1:q.start] != "(" or text[q.end:q.end + 1] != ")" or q.kind != "digits":
        return False
    start, end = index.sentence_bounds(q.start)
    return len(BRACKETED_AFTER_NAME.findall(text, start, end)) >= 2


def _named_by_unit(text: str, index: TokenIndex, q: Quantity) -> bool:
    """'50 Cent', '21 Grams': a unit word capitalized in running text is part of a name."""
    form = text[q.number_end:q.end].strip(" -")
    if not form[:1].isupper() or not form[1:2].islower() or form in WRITTEN_UNIT_FORMS:
        return False
    words = WORD_TOKEN.findall(text[slice(*index.sentence_bounds(q.start))])
    return sum(w[0].isupper() for w in words) * 2 < len(words)  # a headline capitalizes most words


def _across_paragraphs(text: str, q: Quantity, char: int) -> bool:
    return PARAGRAPH_BREAK.search(text, min(q.end, char), max(q.start, char)) is not None


def _table_cell(text: str, q: Quantity) -> bool:
    """A bare figure in a row of figures ('Wheat  1,234  5,678  9,012'): table furniture, not a claim.
    Also nothing but a label and figures on a short line ('Edible 137.1 176.4')."""
    cells = text[slice(*line_of(text, q.start))].split()
    figures = sum(1 for cell in cells if TABLE_FIGURE.fullmatch(cell))
    return (figures >= 3 and 2 * figures >= len(cells)) or (
        len(cells) <= 5 and figures >= 2 and figures + 1 >= len(cells) and "vs" not in cells)


def _in_figure_run(text: str, q: Quantity) -> bool:
    """A table flattened into running text ('Wheat 21,044.6 20,398.3 19,725.8 Soybeans ...'): the figure is in
    a run of three bare figures (the next row's label is no counted thing)."""
    line_start, line_end = line_of(text, q.start)
    before = text[line_start:q.start].split()[-2:]
    after = text[q.start:line_end].split()[:3]
    run = [*before, *after]
    column = [TABLE_FIGURE.fullmatch(cell) is not None for cell in run]
    at = len(before)
    return any(all(column[i:i + 3]) and i <= at < i + 3 for i in range(max(0, len(column) - 2)))


def _byline_age(text: str, index: TokenIndex, q: Quantity) -> bool:
    """'Lena M, 41' in a byline or a caption line: a short line with no verb, a name, a comma, the age."""
    if q.kind != "digits" or not (10 <= q.value <= 110) or q.value != int(q.value):
        return False
    if not NAME_COMMA_BEFORE.search(text, max(0, q.start - 40), q.start):
        return False
    line_start, line_end = line_of(text, q.start)
    tokens = index.span_tokens(line_start, line_end)
    return len(tokens) <= 14 and not any(t.pos_ in ("VERB", "AUX") for t in tokens)


def _person_age(text: str, index: TokenIndex, q: Quantity) -> bool:
    """A whole number of years after an age cue ('aged 40', 'at the age of 40', 'aged 18 to 24'), or set
    off by commas after a person's name ('Bratman, 26, proposed'): the person's age."""
    low, high = (q.low, q.high) if q.bounded else (q.value, q.value)
    if q.kind != "digits" or q.scaled or low is None or high is None or not (0 < low <= high <= 120) \
            or low != int(low) or high != int(high):
        return False
    if AGE_CUE_BEFORE.search(text, max(0, q.start - 20), q.start):
        return True
    if q.unit is None and AT_AGE_OPENING.fullmatch(text, index.sentence_bounds(q.start)[0], q.start) \
            and PERSON_SUBJECT_AFTER.match(text, q.end):
        return True  # 'At 12, he was canvassing'
    if q.unit is None and PERSON_IS_BEFORE.search(text, max(0, q.start - 12), q.start) and AGE_CLAUSE_END.match(text, q.end):
        return True  # 'I am 25.', 'she was 19 when ...'
    if q.unit is not None or q.low is not None or not AGE_APPOSITION_AFTER.match(text, q.end) \
            or not NAME_COMMA_BEFORE.search(text, max(0, q.start - 40), q.start):
        return False
    name = index.at(text.rfind(",", 0, q.start) - 1)
    # the small model often takes a lone surname for an organisation; a place or an acronym is no person
    return name.pos_ == "PROPN" and name.ent_type_ in ("", "PERSON", "ORG") and not name.text.isupper()


def _apposed_to_name(index: TokenIndex, q: Quantity) -> bool:
    """The number stands in apposition to a name ('boys ... are A B, 15, C D, 14'): what the list counts is the
    name's, the number the person's."""
    number = index.at(q.number_start)
    return number.dep_ == "appos" and number.head.pos_ == "PROPN" and number.head.i < number.i


def _in_brackets(text: str, index: TokenIndex, char: int) -> bool:
    """Inside an open bracket of its sentence: '$175.6bn' of '1,546 trillion rials ($175.6bn; £93.6bn)'."""
    before = text[index.sentence_bounds(char)[0]:char]
    return before.count("(") > before.count(")")


def _parallel_to(previous: tuple[Claim, Quantity] | None, q: Quantity, text: str,
                 index: TokenIndex) -> tuple[Claim, Quantity] | None:
    """The claim just before, when it is in the same sentence (and paragraph) as q."""
    if previous is None or previous[0].end_char > q.start:
        return None
    if index.sentence_bounds(previous[0].start_char) != index.sentence_bounds(q.start):
        return None
    if PARAGRAPH_BREAK.search(text, previous[0].end_char, q.start):
        return None
    return previous


def _claim_from(doc: Doc, text: str, q: Quantity, index: TokenIndex, mentions: Sequence[Mention],
                previous: tuple[Claim, Quantity] | None = None,
                unbracketed: tuple[Claim, Quantity] | None = None, earlier: Sequence[Claim] = ()) -> Claim | None:
    """The claim a quantity makes, completed from the parse (counted thing, qualifier and change,
    unit implied by the figure before it, subject); None when it is no claim (a name, a label,
    a score, the pronoun 'one')."""
    if not_a_quantity(text, q) or _named_by_unit(text, index, q):
        return None
    share_of_gdp = PERCENT_OF_GDP.match(text, q.end) if q.unit == "percentage" else None
    if share_of_gdp:  # the economy is the base, not the counted thing
        q.unit, q.end = "percentage of GDP", share_of_gdp.end()
    counted_m = None
    if q.unit == "metre" and q.low is None and text[q.number_end:q.end] == "m":
        counted_m = glued_m_counted(index, q)
        if counted_m is not None:  # '4m DS consoles': 4 million consoles, not 4 metres
            q.value *= GLUED_SCALES["m"]
            q.unit, q.scaled, q.number_end = None, True, q.end
    number_tokens = index.span_tokens(q.number_start, q.number_end)
    last_token = index.span_tokens(q.start, q.end)[-1]
    after = doc[last_token.i + 1] if last_token.i + 1 < len(doc) else None
    noun = counted_m
    if counted_m is not None:
        pass
    elif q.unit is None:
        noun = counted_noun(number_tokens, after)
    elif q.unit == "percentage" and after is not None and (after.lower_ == "of" or BOUND_OF_AFTER.match(text, q.end)):
        if after.lower_ != "of":  # '30 pct or more of the voting stock'
            after = next((c for c in last_token.children if c.dep_ == "prep" and c.lower_ == "of"
                          and after.i < c.i <= after.i + 2), after)
        noun = next((whole_word(c) for c in after.children if c.dep_ == "pobj" and c.pos_ in NOUN_POS
                     and not any(ch.isdigit() for ch in c.text)), None)  # '61 percent of Americans', not '47% of the £1.34bn'
    capitalized = q.kind == "words" and text[q.number_start].isupper() and not number_tokens[0].is_sent_start
    name_before = doc[number_tokens[0].i - 1] if number_tokens[0].i > 0 else None
    if capitalized and (CAPITALIZED_NEXT.match(text, q.number_end) or text.startswith(("'s", "’s"), q.number_end)
                        or name_before is not None and name_before.pos_ == "PROPN" and name_before.text[:1].isupper()
                        and not name_before.is_sent_start):
        return None  # 'Six Nations', 'Three Degrees', "Five's", 'League One', 'Formula One': part of a name
    glued = GLUED_WORD.match(text, q.end) if q.unit is None else None
    if glued:  # 'two-time winner', '22-event programme': the glued word is the counted thing
        if q.kind == "words" and q.value == 1:
            return None  # 'one-off', 'one-sided'
        noun = index.at(glued.start(1))
        if glued.group(1).lower().endswith("ed") and noun.pos_ in ("ADJ", "VERB"):
            return None  # 'a three-cornered fight', 'two-pronged': a shape, not a count
        if noun.pos_ == "ADJ" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
            noun = noun.head  # 'a 2,700-strong audience': the audience is counted
    partitive = None
    if noun is None and q.unit is None and after is not None and after.lower_ == "of" \
            and q.kind in ("digits", "words") and not (q.kind == "words" and q.value == 1):
        partitive = next((c for c in after.children if c.dep_ == "pobj" and c.pos_ == "NOUN"
                          and c.lemma_.lower() not in LIGHT_NOUNS), None)
        noun = partitive or noun  # 'five of the world's leading institutions': the institutions are counted
    if q.unit is None and q.currency is None:
        if is_label(index, text, q, noun):
            return None
        if q.low is not None and q.kind == "digits" and SCORE_CONTEXT.search(text, max(0, q.start - 25), min(len(text), q.end + 25)):
            return None  # '3-1 win'
    qualifier = read_qualifier(text, q, index)
    if q.kind == "plural" and qualifier == "=":
        qualifier = "~"  # 'hundreds of': between two hundred and a thousand
    if q.move == "up" and qualifier == "=" and change_unit(q.unit):
        qualifier = "up"  # '+0.4%': a level is not written with a plus sign
    if q.move == "down" and qualifier == "=" and q.unit in SIGNED_MOVE_UNITS:
        qualifier, q.value = "down", -q.value  # 'the pound -2.3%': the sign is the move
    proportion = IN_SCALE_AFTER.match(text, q.end) if q.unit is None and noun is None else None
    if proportion:  # 'one in five workers': the proportion's first figure counts the noun after its scale
        scale = index.span_tokens(proportion.end(), proportion.end() + 1)
        noun = counted_noun(scale, doc[scale[-1].i + 1] if scale and scale[-1].i + 1 < len(doc) else None) \
            if scale else None
    if one_is_no_count(text, q, index, noun, qualifier):
        return None
    end = q.end
    obj = obj_lemma = None
    if noun is not None and _across_paragraphs(text, q, noun.idx):
        noun = None  # the parser joined a byline or a heading to the next paragraph
    measured = noun is None or partitive is not None  # a partitive's noun stays out of the surface
    counted = noun is not None  # a count's own noun ('2,000 tonnes from 1,500' still borrows the unit)
    # 'Shr loss 73 cts vs loss 1.17 dlrs', 'Gold - 1.50 to 2.00 dlrs higher'
    label = (results_label(index, q.start) or dash_label(index, q.start)) if noun is None else None
    if noun is None and label is None:  # an amount, a share or a measure: what it is of, from the parse
        noun = measured_noun(index.span_tokens(q.start, q.end), q.unit)
    if noun is not None and _across_paragraphs(text, q, noun.idx):
        noun = None
    if noun is not None:
        obj_start, obj_end, obj, obj_lemma = object_phrase(noun, text, q.end if noun.idx >= q.end else 0)
        gap = text[end:obj_start]
        if q.unit is None and not measured and obj_start >= end and len(gap) <= 40 and WORDS_ONLY.fullmatch(gap):
            end = obj_end  # the surface includes the counted thing: 'more than two hundred drones'
            per = PER_UNIT.match(text, end)
            if per and per["u"] not in AMBIGUOUS_UNIT_FORMS and obj_lemma.split():  # '10,000 tests per day'
                q.unit, end = f"{obj_lemma.split()[-1]} per {UNIT_FORMS[per['u']][0]}", per.end()
    tokens = index.span_tokens(q.start, end)
    token_ids = {t.i for t in tokens}
    root = min(tokens, key=lambda t: (t.head.i in token_ids and t.head.i != t.i, abs(t.i - number_tokens[-1].i)))
    if qualifier not in ("up", "down"):
        qualifier = change_from_parse(root, q) or qualifier
    unit, currency = q.unit, q.currency
    parallel = _parallel_to(previous, q, text, index)
    # a figure after a bracketed conversion takes the unit of the figure before the brackets ('1,546 trillion
    # rials ($175.6bn) from 1,070 trillion')
    level = unbracketed if previous is not unbracketed and not _in_brackets(text, index, q.start) else previous
    source = _parallel_to(level, q, text, index)
    if source is not None:
        before, before_q = source
        gap = text[before.end_char:q.start]
        if (unit is None and not counted and q.scaled and before_q.scaled and before.unit is not None
                and len(gap) <= IMPLIED_UNIT_GAP and q.kind in ("digits", "words")):
            unit, currency = before.unit, before.currency  # 'to 450 mln stg from 400 mln'
        elif (unit is None and not counted and not q.scaled and before_q.scaled and before.unit is not None
              and q.kind == "digits" and "." in text[q.number_start:q.number_end] and VS_GAP.search(gap)
              and len(gap) <= IMPLIED_UNIT_GAP and 0 < before_q.value / 3 <= q.value * before_q.factor
              <= 3 * before_q.value):
            # 'profit 2.63 billion marks vs 3.04': a decimal set against a scaled amount has its scale and unit
            q.value *= before_q.factor
            unit, currency = before.unit, before.currency
        elif (unit is not None and not q.scaled and not before_q.scaled and before.unit is not None
              and before.unit.startswith(unit + " per ") and (FROM_GAP.search(gap) or PER_SHARED_GAP.search(gap))
              and len(gap) <= IMPLIED_UNIT_GAP):
            unit = before.unit  # 'to 10.60 dlrs per cwt from the current 11.35 dlrs', '12.67 dlrs a barrel in 1986
            # compared to 23.81 dlrs', '423.60 dlrs an ounce, up one dlr but below a session high of 425.20 dlrs'
        elif (unit is None and not counted and not q.scaled and not before_q.scaled and before.unit is not None
              and (q.kind == "digits" or q.kind == "words" and VS_GAP.search(gap)) and len(gap) <= IMPLIED_UNIT_GAP
              and not (before.qualifier in ("up", "down") and before.unit in SIGNED_MOVE_UNITS)  # 'fell by 23%
              # from 36,185': a rate of change is no unit of the level
              and (FROM_GAP.search(gap) or VS_GAP.search(gap) or PART_GAP.search(gap)
                   or before.object_lemma != "age" and AND_GAP.search(gap) and (
                       before_q.unit is None or before.unit not in DURATION_UNITS and before.value is not None
                       and before.value / 3 <= q.value <= 3 * before.value)
                   or ALTERNATIVE_GAP.fullmatch(gap) and before.value is not None
                   and before.value / 2 <= q.value <= 2 * before.value)):
            unit, currency = before.unit, before.currency  # 'rose to 17,978 tonnes in January from 13,961 (and
            # 12,500 in 1985)': a figure joined to one that took the unit takes it too; 'about 300 pence, maybe 305'
    if unit is None and currency is None and not counted and q.scaled and q.kind in ("digits", "words"):
        scaled = _last_scaled_amount(text, index, q, earlier)
        if scaled is not None:  # 'bought 72 mln stg at 9-13/16 pct, in band three 52 mln at 9-3/4 pct'
            unit, currency = scaled.unit, scaled.currency
    if parallel is not None:
        before = parallel[0]
        gap = text[before.end_char:q.start]
        if (qualifier == "=" and before.qualifier in ("up", "down") and change_unit(unit)
                and change_unit(before.unit) and PARALLEL_GAP.fullmatch(gap)
                and root.dep_ in ("conj", "appos") and before.start_char <= root.head.idx < before.end_char):
            qualifier = before.qualifier  # 'fell by 1.6% and 0.5%', 'sank 14.87% - or $1.83'
    each = parallel[0] if parallel is not None and unit is not None and " per " not in unit \
        and unit in MONEY_UNITS and parallel[0].unit is None and parallel[0].object_lemma \
        and EACH_AFTER.match(text, end) else None
    if each is not None:  # 'seven mln shares ... at 12 dlrs each': a price per share
        unit = f"{unit} per {each.object_lemma.split()[-1]}"
        obj, obj_lemma = each.object, each.object_lemma
    if obj_lemma is not None and obj_lemma.split()[-1] in MULTIPLE_NOUNS:
        obj = obj_lemma = None  # 'had become two-fold': a multiple
    if obj_lemma is not None and obj_lemma.split()[-1] == "time" and unit not in DURATION_UNITS and (
            obj_lemma == "time" or MULTIPLE_AFTER.match(text, end)):
        obj = obj_lemma = None  # 'won the title four times': a frequency; '1.9 times more likely': a multiple
    if unit is None and obj is None and (_table_cell(text, q) or _byline_age(text, index, q)):
        return None
    if unit is None and currency is None and _in_figure_run(text, q):
        return None
    if unit in DURATION_UNITS and _heading(text[slice(*line_of(text, q.start))], text[q.start:end]):
        return None  # 'Nine mths', 'Nine months net' heading the columns of a results table
    if unit is None and _list_of_minutes(text, index, q):
        return None  # 'Priscott for Roberts (71), Green for Dowd (71)': a team sheet's minutes
    unit_or = UNIT_OR_BEFORE.search(text, max(0, q.start - 30), q.start) if unit is None and obj is None else None
    if unit_or and unit_or["u"] not in AMBIGUOUS_UNIT_FORMS:
        unit, currency = UNIT_FORMS[unit_or["u"]]  # 'in a year or two'
    if (obj_lemma in (None, "age") or _apposed_to_name(index, q)) and currency is None and unit in (None, "year") \
            and _person_age(text, index, q):
        unit, obj, obj_lemma = "year", "age", "age"  # 'Bratman, 26,', 'aged 40': an age, not a count
    holder = AGE_HOLDER_BEFORE.search(text, max(0, q.number_start - 24), q.number_start) \
        if unit is None and obj is None and q.kind in ("digits", "words") and q.value == int(q.value) and 0 < q.value <= 120 \
        and text[q.number_start - 1:q.number_start] == " " else None
    if holder and not q.scaled and end == q.end:  # 'children under 18': their age, not a count
        unit, obj = "year", holder["n"]
        obj_lemma = index.at(holder.start("n")).lemma_.lower()
    if obj is None and label is not None:
        obj, obj_lemma = label
    if parallel is not None and _converted_in_brackets(text, index, parallel[0], q, unit):
        obj, obj_lemma = parallel[0].object, parallel[0].object_lemma  # '$200m (£104m; 151m euros)'
    if obj is None and parallel is not None and (
            shares_object(parallel[0], unit, text[parallel[0].end_char:q.start])
            or _joined_to_inherited(parallel, unit, text[parallel[0].end_char:q.start])
            or elided_share(parallel[0], unit, text[parallel[0].end_char:q.start])
            or restates(parallel[0], unit, text[parallel[0].end_char:q.start])
            or _count_left_out(parallel[0], unit, currency, text[parallel[0].end_char:q.start])):
        obj, obj_lemma = parallel[0].object, parallel[0].object_lemma  # '2.3 mln tonnes from 2.48 mln', '$5bn (£2.6bn)'
    if obj is None and parallel is not None and unit in ("percentage", "percentage point"):
        share = _earlier_share(text, index, q, unit, earlier)
        if share is not None:  # 'M3 rose 2.2 pct to 607 billion dlrs, after a 3.1 pct rise': past the level
            obj, obj_lemma = share.object, share.object_lemma
    about = about_entity(root, noun, (q.start, q.end), mentions, text)
    return Claim(
        text=text[q.start:end],
        value=None if q.bounded else q.value,
        value_low=q.low,
        value_high=q.high,
        qualifier=qualifier,
        unit=unit,
        currency=currency,
        object=obj,
        object_lemma=obj_lemma,
        sentence=sentence_of(index, q.start, end),
        start_char=q.start,
        end_char=end,
        about=about.canonical if about else None,
        about_label=about.label if about else None,
    )

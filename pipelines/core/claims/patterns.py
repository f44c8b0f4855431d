"""The regexes and lookup tables of the claim extractor, compiled once at import from the
vocabulary in `pipelines/core/quantities.py` (one place for each fact)."""
from __future__ import annotations

import re
from functools import lru_cache

from pipelines.core.quantities import (
    LIGHT_NOUNS,
    RESTATING_NOUNS,
    AMBIGUOUS_UNIT_FORMS,
    AGE_CUES,
    AGE_HOLDER_NOUNS,
    ONE_MOMENT_VERBS,
    PERSON_IS,
    AMOUNT_NOUNS,
    CHANGE_AMOUNT_MODIFIERS,
    CHANGE_CUES,
    CHANGE_CUES_WITH_BY,
    CHANGE_NOUNS,
    CHANGE_VERB_LEMMAS,
    CURRENCY_PREFIXES,
    EVENT_DISCIPLINE_WORDS,
    EVENT_TITLE_NOUNS,
    FRACTION_WORDS,
    FROM_TO_MOVES,
    LABEL_WORDS,
    GLUED_SCALES,
    MILLION_COUNT_NOUNS,
    MONEY_WITHOUT_CODE,
    MONTHS,
    MULTIPLIER_WORDS,
    ONE_IDIOM_AFTER,
    PER_NOUN_ADJECTIVES,
    PER_NOUNS,
    PLURAL_SCALES,
    QUALIFIER_AFTER_CUES,
    QUALIFIER_CUES,
    SCALE_AFTER_DIGITS,
    SCALE_WORDS,
    SIGN_WORDS,
    SMALL_NUMBERS,
    UNITS,
    VULGAR_FRACTIONS,
)

# One space, including the non-breaking kinds and a line break inside a paragraph (newswire wraps lines).
_S = r"(?:[ \t\u00a0\u202f\u2009]|\n(?![ \t]*\n))"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_NUMBER_WORD = _alternation([*SMALL_NUMBERS, *MULTIPLIER_WORDS, *SCALE_WORDS])
_DAY_WORD = _alternation(w for w, v in SMALL_NUMBERS.items() if 1 <= v <= 9)  # the wires spell days below ten
_BIG_WORD = _alternation([*MULTIPLIER_WORDS, *SCALE_WORDS])
_WORD_JOIN = (
    rf"(?:-|{_S}+|{_S}*&{_S}*"
    rf"|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)){_S}+and{_S}+"
    rf"|(?:(?<=thousand)|(?<=million)|(?<=billion)),{_S}+)"
)
_VULGAR = "".join(VULGAR_FRACTIONS)
# Digits start after a non-word character, or glued to a currency code or symbol ending in a
# letter ('USD2,300', 'RM14.20', '$US12,500,000').
_DIGITS_START = r"(?=\.?\d)(?:(?<![\w.,])|" + "|".join(
    f"(?<=(?<![\\w]){re.escape(prefix)})" for prefix in sorted(CURRENCY_PREFIXES) if prefix[-1].isalpha()) + ")"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+(?:\.\d+)?|\.\d+"

# 'and a half' after a whole number, spaced or hyphened ('two and a half hours', '15-and-a-half miles').
_AND_A_HALF = rf"(?:{_S}+|-)and(?:{_S}+|-)a(?:{_S}+|-)half\b"

# The letters a figure in words can start with ('a', 'half', the number and scale words).
_WORD_FIGURE_FIRST = "".join(sorted({re.escape(w[0].lower()) for w in (
    *SMALL_NUMBERS, *MULTIPLIER_WORDS, *SCALE_WORDS, *PLURAL_SCALES, "a", "half")}))

# A figure starts after a non-word character or at a digit, a point or a vulgar fraction, and one
# in words with one of `_WORD_FIGURE_FIRST`: the scan skips the inside of words, and words no
# figure starts with, without trying every alternative there (same matches).
CORE = re.compile(
    rf"""(?:(?<![\w])|(?=[\d.{_VULGAR}]))(?:
    (?i:(?=[{_WORD_FIGURE_FIRST}])(?:
      (?<![\w])(?P<plural>{_alternation(PLURAL_SCALES)})(?:{_S}+of{_S}+(?P<plural2>thousands|millions|billions))?(?={_S}+of\b)
    | (?<![\w])half{_S}+an?{_S}+(?P<halfscale>{_BIG_WORD})\b
    | (?<![\w])(?P<fracnum>{_alternation(SMALL_NUMBERS)}|an?)(?:-|{_S}+)(?P<fracden>{_alternation(FRACTION_WORDS)})\b(?:{_S}+of{_S}+an?{_S}+(?P<fracscale>{_BIG_WORD})\b)?
    | (?<![\w])(?P<words>(?:an?{_S}+(?=(?:{_BIG_WORD})\b))?(?:{_NUMBER_WORD})\b(?:{_WORD_JOIN}(?:{_NUMBER_WORD})\b)*
                          (?:{_AND_A_HALF})?)
    ))
    | (?<![\w.,])(?P<mixed>\d+)(?:{_S}|-)(?P<mixnum>\d+)[/\u2044](?P<mixden>\d+)(?![\d/])
    | (?<![\w.,/])(?P<fracn>\d+)[/\u2044](?P<fracd>\d+)(?![\d/])
    | {_DIGITS_START}(?P<digits>{_DIGITS})(?P<exp>[eE][-+]?\d+(?![\w]))?(?:{_S}*×{_S}*10\^?(?P<exp10>[-−]?\d+))?(?P<vulgar>[{_VULGAR}])?(?P<half>{_AND_A_HALF})?
    | (?<![\w])(?P<vulgaronly>[{_VULGAR}])
    )""",
    re.X,
)


def _unit_forms() -> dict[str, tuple[str, str | None]]:
    """Surface form -> (canonical unit, currency); lowercase words also Capitalized and UPPER ('N.Z. Dlrs')."""
    forms: dict[str, tuple[str, str | None]] = {}
    for unit, (currency, surfaces) in UNITS.items():
        for surface in surfaces:
            variants = {surface}
            if any(w.islower() and len(w) >= 3 for w in surface.split()) and surface not in AMBIGUOUS_UNIT_FORMS:
                capitalized = " ".join(w.capitalize() if w.islower() else w for w in surface.split())
                variants |= {capitalized, surface.upper()}
            if " " in surface and all(w.islower() for w in surface.split()):
                variants.add(surface.replace(" ", "-"))  # 'a 16,000-square-foot plant'
            for variant in variants:
                forms.setdefault(variant, (unit, currency))
    return forms


UNIT_FORMS = _unit_forms()
_UNIT_ALT = _alternation(UNIT_FORMS)
# Between number and unit: nothing, a space, or a hyphen ('two-hour', '8- to 16-meter').
UNIT = re.compile(rf"(?:{_S}?-{_S}?|{_S})?(?P<u>{_UNIT_ALT})(?![A-Za-z0-9])")
# '$15.4/hour', '50 cts a barrel', '6.66 dlrs an hour', '2.4 million barrels per day'.
PER_UNIT = re.compile(
    rf"(?:{_S}*/{_S}*|{_S}+(?:per|an?){_S}+|-(?:per|an?)-)(?P<u>{_UNIT_ALT})(?![A-Za-z0-9])"  # also '£3bn-a-year'
    rf"(?!{_S}+(?:ago|earlier|before|later)\b)")
# What an amount is counted per ('64 cts per share', '$5 a share', 'per child per year').
PER_NOUN = re.compile(rf"(?:{_S}+|-(?=(?:per|an?)-))(?:(?:per|for{_S}+(?:each|every)(?:{_S}+(?:{_alternation(PER_NOUN_ADJECTIVES)}|[A-Z][A-Za-z&'-]*))?)"
                      rf"(?:{_S}+|-)(?P<any>[a-z]{{3,}})"
                      rf"|an?(?:{_S}+|-)(?P<listed>{_alternation(PER_NOUNS)})|{_S}*(?P<shr>shr))\b(?!-)")  # 'five cts shr'
# 'at 12 dlrs each': a price of each of the things counted before it.
EACH_AFTER = re.compile(rf"{_S}+each\b")
# 'billions of roubles', 'hundreds of miles': the unit of a vague quantity.
OF_UNIT = re.compile(rf"{_S}+of{_S}+(?P<u>{_UNIT_ALT})(?![A-Za-z0-9])")
SIGN_WORD_BEFORE = re.compile(rf"(?i)\b(?P<w>{_alternation(SIGN_WORDS)})(?:{_S}+|{_S}?-{_S}?)$")
PLUS_BEFORE = re.compile(r"(?:^|(?<=[\s(]))\+$")
# Words before a signed figure that make it a level ('a growth rate of -0.1%'); after others a signed
# percentage or point figure is a move ('the pound -2.3%').
LEVEL_BEFORE = re.compile(rf"(?i)\b(?:of|at|to|was|is|were|be|been|by|from|rate|and|or|between|than|with){_S}*$")
MONTH_AFTER = re.compile(rf"{_S}+(?:{MONTHS})\b")
SCALE = re.compile(rf"(?:{_S}|{_S}?-{_S}?)?(?P<s>(?i:{_alternation(SCALE_AFTER_DIGITS)}))(?![A-Za-z])")
GLUED_SCALE = re.compile(rf"(?P<s>[{''.join(GLUED_SCALES)}])(?![A-Za-z0-9])")
COUNTED_PLURAL = re.compile(rf"(?i){_S}+(?:{_alternation(MILLION_COUNT_NOUNS)})\b")
CURRENCY_BEFORE = re.compile(rf"(?:^|(?<=[^\w$]))(?P<c>{_alternation(CURRENCY_PREFIXES)}){_S}?(?P<sign>[-−])?$")
SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s(]))[-−]$")
# '8- to 16' before '8-'; '150,000 to-180,000'; '$5/$8' (a slash only between two amounts of money)
RANGE_JOIN = re.compile(rf"(?P<j>-?{_S}+to(?:{_S}+|-(?=\d))|{_S}+(?:and|or){_S}+|{_S}*[-–—]{_S}*"
                        rf"|/(?=(?:{_alternation(CURRENCY_PREFIXES)})\d))")
RANGE_END_PREFIX = re.compile(rf"(?P<c>{_alternation(CURRENCY_PREFIXES)})?{_S}?(?P<sign>[-−])?")
BETWEEN_BEFORE = re.compile(rf"(?i)\bbetween{_S}+$")
FROM_AFTER_CHANGE = re.compile(
    rf"(?i)\b(?:{_alternation(CHANGE_CUES['up'] + CHANGE_CUES['down'] + FROM_TO_MOVES)})(?:{_S}+\w+){{0,3}}{_S}+from{_S}+"
    rf"(?:\w+{_S}+)?$")
QUALIFIER_BEFORE = re.compile(
    rf"(?i)(?<![\w-])(?P<q>{_alternation(w for ws in QUALIFIER_CUES.values() for w in ws)}){_S}+$")
QUALIFIER_OF = {cue: q for q, cues in QUALIFIER_CUES.items() for cue in cues}
QUALIFIER_AFTER = re.compile(
    rf"(?i){_S}+(?P<q>{_alternation(w for ws in QUALIFIER_AFTER_CUES.values() for w in ws)})\b")
QUALIFIER_AFTER_OF = {cue: q for q, cues in QUALIFIER_AFTER_CUES.items() for cue in cues}
CHANGE_BEFORE = re.compile(
    rf"(?i)(?<![\w-])(?:(?P<c>{_alternation(CHANGE_CUES['up'] + CHANGE_CUES['down'])})(?P<by>{_S}+by)?"
    rf"|(?P<cb>{_alternation(CHANGE_CUES_WITH_BY['up'] + CHANGE_CUES_WITH_BY['down'])})(?P<cb_by>(?:{_S}+\w+)?{_S}+by)?"
    rf"|(?P<n>{_alternation(n for n in CHANGE_NOUNS['up'] + CHANGE_NOUNS['down'] if n not in AMOUNT_NOUNS)}){_S}+of)"
    rf"{_S}+$")  # 'a gain of 117,000'
CHANGE_MODIFIED_BEFORE = re.compile(
    rf"(?i)(?<![\w-])(?:{_alternation(CHANGE_CUES['up'] + CHANGE_CUES['down'] + CHANGE_CUES_WITH_BY['up'] + CHANGE_CUES_WITH_BY['down'])})"
    rf"(?:{_S}+(?:{_alternation(CHANGE_AMOUNT_MODIFIERS)}))+{_S}+$")  # 'declined a record 508 points'
TO_LEVEL_AFTER = re.compile(rf"{_S}+to{_S}+(?:{_alternation(CURRENCY_PREFIXES)})?\d")
CHANGE_OF = {cue: d for cues_of in (CHANGE_CUES, CHANGE_CUES_WITH_BY) for d, cues in cues_of.items() for cue in cues}
CHANGE_AFTER = re.compile(
    rf"(?i)(?:{_S}*-?{_S}*)(?P<c>{_alternation(CHANGE_NOUNS['up'] + CHANGE_NOUNS['down'])}|higher|lower)\b"
    # '1% up on the year'; not '£800m - up £40m' (a change of the next figure), 'up to', 'down from'
    rf"|{_S}+(?P<c2>up|down)\b(?!{_S}+(?:to|from|by)\b)(?!{_S}*[-$£€¥\d])")
CHANGE_NOUN_OF = {**{n: d for d, ns in CHANGE_NOUNS.items() for n in ns}, "higher": "up", "lower": "down", "up": "up",
                  "down": "down"}
PREV_WORD = re.compile(r"(?P<w>[A-Za-z][\w.]*)[ \u00a0]+$")
INCH_CONTEXT = re.compile(rf"{_S}*(?:[.,;:!?)]|$|thick|long|wide|tall|high|deep)")
CAPITALIZED_NEXT = re.compile(rf"{_S}+[A-Z]")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
OF_A = re.compile(rf"{_S}+of{_S}+an?(?={_S})")
A_BEFORE_UNIT = re.compile(rf"{_S}+an?(?={_S}+(?:{_UNIT_ALT})\b)")
OF_AFTER = re.compile(rf"{_S}+of\b")
GLUED_WORD = re.compile(r"-([A-Za-z]{2,})\b")
FRACTION_END = re.compile(rf"{_S}+of\b|{_S}*(?:[.,;:!?)]|$)")
SCORE_CONTEXT = re.compile(r"(?i)\b(?:won|win|wins|beat|beaten|lost|lose|loses|drew|draw|defeat|victory|lead|led|trail|score|scored|thrashing)\b")

WORD = re.compile(r"[a-z]+")
AND_A_HALF = re.compile(r"and[\s-]+a[\s-]+half$")
THOUSANDS_SEPARATOR = re.compile(r"[,\u00a0\u202f\u2009]")
NUMBER_TEXT = re.compile(r"[\d,.]+")
WORDS_ONLY = re.compile(r"[^\W\d]*(?:[ \t.'’-]+[^\W\d]*){0,4}")  # words between a number and its noun

# Spans that are never claims: dates, clock times, phone numbers, URLs; one kind an entry, in the
# order they are tried. A kind whose gate finds nothing in a text cannot match in it: `blocked_spans`
# leaves it out of that text's scan, which finds the same spans faster (most texts hold no link, no
# '-for-' and no 'split', and those kinds cost the most to try at every position).
_BLOCKED_KINDS: tuple[tuple[str, re.Pattern | None], ...] = (
    (rf"""
      \b(?:{MONTHS})\.?{_S}+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?{_S}*\d{{4}}\b)?      # May 19, 2025
        (?:{_S}*(?:-|–|and|through|until){_S}*\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,]\d)   # May 14 and 22
           (?!{_S}*(?:%|pct|per|percent|mln|million|billion|bln|[a-z]+s\b)))?
    | \b\d{{1,2}}(?:st|nd|rd|th)?{_S}+(?:of{_S}+)?(?:{MONTHS})\b\.?(?:,?{_S}*\d{{4}}\b)?  # 19 May 2025
    | \b(?:{MONTHS})\.?,?{_S}+\d{{4}}\b                                       # May 2025
    | \b(?:{MONTHS})\.?{_S}+(?:{_DAY_WORD})\b  # the wires' 'April three'
        (?={_S}*(?:[,.;)]|$)|{_S}+(?:to|and|from|in|at|for|of|,)\b)          # not 'in April two firms merged'
    | \b\d{{1,2}}(?:,{_S}*\d{{1,2}})*,?{_S}+(?:and|or|to){_S}+\d{{1,2}}{_S}+(?:{MONTHS})\b  # 14, 20 and 27 April
    | \b\d{{4}}(?P<iso>[-./])\d{{1,2}}(?P=iso)\d{{1,2}}\b                         # 2025.05.20
    | \b\d{{1,2}}(?P<dmy>[/.-])\d{{1,2}}(?P=dmy)\d{{2,4}}\b                       # 5/19/2025, not '2.5-10%'
    | (?<![\d.])\d{{1,2}}(?:[:.]\d{{2}})?{_S}?(?:[ap]\.m\.|[AaPp][Mm]\b)     # 2 pm, 2.17pm
    | (?<![\d.])\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b                              # 15:29
    | \b[0-2]\d[0-5]\d{_S}?(?:GMT|EST|EDT|CST|CDT|PST|PDT|BST|CET|UTC|JST)\b     # 1530 EST
    | \b[0-2]\d[0-5]\d{_S}(?:hours|hrs)\b(?!{_S}+of\b)                        # set for 1900 hours
    | (?i:\bin{_S}+a{_S}+(?:million|billion|thousand|hundred){_S}+years\b)        # never in a million years
    | (?<![\w+])(?:\+\d{{1,3}}[ .-]?\(?\d{{1,5}}\)?[ .-]?\d{{2,5}}[ .-]?\d{{2,5}}(?:[ .-]?\d{{2,5}})?
                  |\(\d{{2,5}}\)[ .-]?\d{{3,4}}[ .-]\d{{3,4}}
                  |\d{{3,5}}[ .-]\d{{3,4}}[ .-]\d{{3,4}})(?![\w])             # phone numbers
""", None),
    (r"(?:https?://|www\.)\S+", None),  # links
    (r"\S+@\S+\.\w+", re.compile("@")),
    (r"\S+\.(?:com|org|net|gov|co\.uk)(?:/\S*)?", re.compile(r"\.(?:com|org|net|gov|co\.uk)")),
    (rf"""
      &\#x?[0-9a-fA-F]+;                                                     # HTML entities ('&#233;')
    | (?m:^)[ \t]*\(?\d{{1,2}}[.)](?=[ \t]+\S)                                  # list items: '1. ', '2) '
    | (?m:^)[ \t]*\#\d{{1,3}}\b                                                  # '#1' at a line's start
    | \b\d+(?:\.\d+)?-for-\d+\b                                             # 2-for-1 split ratios
""", None),
    (rf"""
      (?i:\b(?:{_NUMBER_WORD})-for-(?:{_NUMBER_WORD})\b)                       # three-for-one
""", re.compile("(?i)-for-")),
    (rf"""
      (?i:\b(?:\d+|{_NUMBER_WORD}){_S}+for{_S}+(?:\d+|{_NUMBER_WORD})(?={_S}+(?:stock{_S}+)?split))  # two for one split
""", re.compile("(?i)split")),
    (rf"""
      \b(?:A\.D\.|AD){_S}*\d{{1,4}}\b|\b\d{{1,4}}{_S}*(?:A\.D\.|B\.C\.(?:E\.)?|BCE?\b|AD\b)  # era years: A.D. 900
""", None),
)


@lru_cache(maxsize=None)
def _blocked_of(kinds: tuple[bool, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{source}\n)" for (source, _), kept in zip(_BLOCKED_KINDS, kinds) if kept), re.X)


BLOCKED = _blocked_of((True,) * len(_BLOCKED_KINDS))


def blocked_spans(text: str) -> re.Pattern:
    """`BLOCKED` without the kinds of span `text` cannot hold: the same matches, faster."""
    return _blocked_of(tuple(gate is None or gate.search(text) is not None for _, gate in _BLOCKED_KINDS))


MONEY_UNITS = frozenset(unit for unit, (currency, _) in UNITS.items() if currency) | MONEY_WITHOUT_CODE
CHANGE_UNITS = MONEY_UNITS | {"percentage", "percentage point", "basis point", "point"}
SIGNED_MOVE_UNITS = frozenset({"percentage", "percentage point", "basis point", "point"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
CHANGE_VERB_OF = {lemma: d for d, lemmas in CHANGE_VERB_LEMMAS.items() for lemma in lemmas}
CHANGE_NOUN_LEMMA_OF = {n: d for d, ns in CHANGE_NOUNS.items() for n in ns}
PRONOUN_ONE_BEFORE = re.compile(rf"(?i)\b(?:the|this|that|any|each|no){_S}+$")
# Between two figures of one statement: 'fell 1.6% and 0.5%', 'sank 14.87% - or $1.83', 'fell $10m (£5m)'.
PARALLEL_GAP = re.compile(rf"{_S}*(?:,?{_S}*(?:and|or)|[-–—]{_S}*or|\(){_S}*")
# A figure that repeats the unit of the one before it: 'to 450 mln stg from 400 mln', '20.6 billion dlrs ...
# of which 7.6 billion'.
IMPLIED_UNIT_GAP = 80
FROM_BEFORE = re.compile(rf"(?i)\bfrom{_S}+$")
LEVEL_AFTER_CHANGE = re.compile(rf"(?i),?{_S}+(?:at|to){_S}+")  # 'up $1.26 at $50.88 a barrel'
CHANGE_AFTER_LEVEL = re.compile(rf"(?i),{_S}*(?:up|down){_S}+")  # '20.10 rupees per kilo, up five cents'
BRACKETED_AFTER_NAME = re.compile(r"\b[A-Z][\w'’-]*[ \t]+\(\d{1,3}\)")  # 'Roberts (71)'
AND_GAP = re.compile(rf"(?i)(?:^|{_S}|,)and{_S}+$")  # 'from 300,000 in 1986/87 and 375,000'
# Words before a plain figure compared with a figure per something: it is per the same thing.
PER_SHARED_GAP = re.compile(rf"(?i)(?:\bcompared{_S}+(?:with|to)|\bagainst|\bvs\.?|\bversus|\bup|\bdown"
                            rf"|\b(?:high|low|peak|average){_S}+of){_S}+$")
VS_GAP = re.compile(rf"(?i)(?:\bvs\.?|\bversus|\bagainst|\bcompared{_S}+(?:with|to)|\binstead{_S}+of|\brather{_S}+than),?{_S}+$")  # '8.4 mln ounces, vs 19.9 mln'
# Between a figure with a unit and a bare one that is a part of it or more of it: the unit is meant ('487,000
# tonnes, of which 107,000 are grains', '15 miles - only another 11 to go').
PART_GAP = re.compile(rf"(?i)(?:\bof{_S}+which|\banother|\ba{_S}+further){_S}+$")
FROM_GAP = re.compile(rf"(?i)\bfrom{_S}+(?:the{_S}+)?(?:[a-z]+{_S}+)?$")  # 'from', 'from the current'

# A market report's line: a label, a spaced dash, then the move ('World sugar - 0.07 to 0.10 cent lower').
DASH_LABEL_LINE = re.compile(r"[ \t]*(?P<label>[A-Z][A-Za-z]*(?:[ \t]+[A-Za-z]+){0,2})[ \t]+[-–—][ \t]+")
# A measure named by a letter and a digit ('M3', 'M-1' money supply): a thing, not an entity.
MEASURE_NAME = re.compile(r"M-?[0-4][A-Za-z]?")
# A results line: a few words, then the figure, and 'vs' later on the line ('Shr loss 73 cts vs loss 1.17 dlrs').
RESULTS_LABEL = re.compile(r"[ \t]*(?P<words>[A-Z][A-Za-z.'&/-]*(?:[ \t]+[A-Za-z][A-Za-z.'&/-]*){0,4})[ \t]+")
RESULTS_VS = re.compile(r"\bvs\.?(?=[ \t])")
# Between two figures that count the same thing: a conversion in brackets, 'vs', 'from', 'compared with'.
OBJECT_SHARED_GAP = re.compile(rf"(?i)^[^.;:]*?(?:\(|\bvs\b\.?|\bversus\b|\bagainst\b|\bcompared?{_S}+(?:with|to)\b|\bfrom\b)"
                               rf"[^.;:()]*$")
OBJECT_GAP_MAX = 60
# Between a count with its noun and a bare count of the same noun: a phrase, then a comma or 'and'.
COUNT_LEFT_OUT_GAP = re.compile(rf"[^.;:()\d]*(?:,|{_S}and|{_S}but){_S}+")
# A second guess at the same figure: 'about 300 pence, maybe 305', '20 pct or perhaps 25'.
ALTERNATIVE_GAP = re.compile(rf"(?i){_S}*,?{_S}*(?:or{_S}+)?(?:maybe|perhaps|possibly|even){_S}+")
RESTATED_GAP = re.compile(rf"{_S}*,?{_S}*(?:and|or|(?:or{_S}+)?(?:maybe|perhaps|possibly)){_S}+")  # '1,000 and 10,000 dlrs', '44.1 mln dlrs or 4.69 dlrs'
ELIDED_JOIN = re.compile(rf"(?i)^[^.;:()]*\b(?:and|but|while|whereas|after|for)\b[^.;:()]*$")
# '4% of GDP', 'four pct of gross domestic product': a share of the economy, the unit 'percentage of GDP'.
PERCENT_OF_GDP = re.compile(
    rf"{_S}+of{_S}+(?:(?:the|its|their|(?:the{_S}+)?[A-Za-z]+(?:'s|’s)){_S}+)?(?:annual{_S}+)?"
    rf"(?:(?i:gross{_S}+(?:domestic|national){_S}+product)|GDP|GNP)\b")
# An age compound after the number: '26-year-old', '18-month-old'.
AGE_COMPOUND = re.compile(rf"{_S}?-{_S}?(?:year|month|week|day)s?-old\b")
# A difference after the figure: '12 more than Rovers', 'one mln acres less than last year'.
DIFFERENCE_AFTER = re.compile(rf"{_S}+(?P<d>more|fewer|less){_S}+than\b")
# A multiple, not a count of times: 'three times as much', '1.9 times more likely'.
MULTIPLE_AFTER = re.compile(rf"(?i){_S}*[\"”']|{_S}+(?:as|more|less|higher|lower|larger|bigger|greater|smaller|faster|"
                            rf"slower|the|that|what|over|above|below)\b")
# The scale of a rating or a proportion: the '5' of '3.5 out of 5', the 'ten' of 'nine out of ten'.
# 'one in five workers': the figure after 'in' is the scale of a proportion, not a count of its own.
IN_SCALE_BEFORE = re.compile(rf"(?i)(?:(?<![\w.,])\d+|\b(?:{_NUMBER_WORD})){_S}+in{_S}+$")
IN_SCALE_AFTER = re.compile(rf"(?i){_S}+(?:in|out{_S}+of){_S}+(?=(?:\d+|(?:{_NUMBER_WORD}))\b)")  # also 'seven out of 10'
GROUP_OF_BEFORE = re.compile(rf"\b[A-Z][a-z]+{_S}+of{_S}+$")  # 'Group of 7', 'Club of Ten'
TOP_BEFORE = re.compile(rf"(?i)\btop{_S}+$")  # 'in the top 10' with no noun: a chart's name
# 'the last 16' with no noun, ending the clause or before a competition's name: a knockout round's name.
ROUND_BEFORE = re.compile(rf"\b[Tt]he{_S}+last{_S}+$")
ROUND_AFTER = re.compile(rf"{_S}*(?:[.;:!?)]|$|of{_S}+the{_S}+[A-Z])")
# Ranks and labels listed after a label word: the '10' of 'reached numbers 19 and 10'.
LABEL_LIST_BEFORE = re.compile(
    rf"(?i)\b(?:{_alternation(LABEL_WORDS)})s?{_S}+\d+(?:{_S}*,{_S}*\d+)*,?{_S}+(?:and|or|&){_S}+$")
# A bare figure joined to the next one, which carries the unit: 'three- or six-day', '45 and 50 mg'.
# Between two figures of a list: 'to 10 million, 20 million and 30 million dollars'.
LIST_GAP = re.compile(rf"{_S}*,{_S}*(?:(?:and|or){_S}+)?|{_S}+(?:and|or){_S}+")
SUSPENDED_JOIN = re.compile(rf"-?{_S}+(?:or|and){_S}+(?=\S)")
# The second half of a price quote before the unit: '149.05/10 yen', '1.50/55 dlrs'.
QUOTE_SECOND_HALF = re.compile(r"/\d{1,4}(?:\.\d+)?(?![\d/])")
# An 'of' phrase of one to three words between a unit and its per unit: '30,000 tonnes of ore a month'.
OF_PHRASE_BEFORE_PER = re.compile(rf"{_S}+of{_S}+(?:[A-Za-z][\w-]*{_S}+){{0,2}}[A-Za-z][\w-]*(?={_S}+(?:per|an?){_S})")
# Thousands written after a comma and a space: '$30, 000'.
SPACED_THOUSANDS = re.compile(r",[ ](?P<d>\d{3})(?![\d,]|\.\d)")
# Also with the thing rated between: 'four stars out of five'.
OUT_OF_BEFORE = re.compile(rf"(?i)(?:\d|\b(?:{_NUMBER_WORD}))\S*(?:{_S}+[a-z]+)?{_S}+out{_S}+of{_S}+$")
# A unit after a word of frequency is per that time: '450,000 daily barrels'.
PERIOD_ADVERB = re.compile(rf"{_S}+(?P<a>daily|weekly|monthly|yearly)(?={_S})")
# Grain and futures prices in eighths of a cent after the cents: '3.17-1/4 dlrs' is 3.1725 dollars.
CENT_FRACTION_AFTER = re.compile(r"-(?P<n>[1-7])/(?P<d>[248])(?![\d/])")
# Feet before inches: the '3in' of '6ft 3in' is inches (a spaced 'in' is otherwise a preposition).
FEET_BEFORE = re.compile(rf"\d{_S}?(?:ft|feet|foot){_S}+\d{{1,2}}(?:\.\d+)?{_S}?$")
# Where a bracketed amount is a negative in an accounting statement ('revenue was ($45.10)', 'a balance of
# ($450)'): after a linking verb, 'of', a colon or at the start of a line or cell; not after a figure it converts.
ACCOUNTING_BEFORE = re.compile(rf"(?i)(?:\b(?:is|was|were|are|be|been|of)|:|^|\n|\t|{_S}{{2}}){_S}*\($")
# A price per a scaled measure: '$4 per 1,000 cubic metres', '40 cts per hundred pounds', 'per thousand cubic feet'.
PER_SCALED = re.compile(rf"(?i)(?:{_S}+(?:per|a|for{_S}+every){_S}+|{_S}*/{_S}*)"
                        rf"(?P<n>100|1,?000|1,000,000|1{_S}+million|hundred|thousand|million)"
                        rf"{_S}+(?P<u>(?-i:{_UNIT_ALT}))(?![A-Za-z0-9])")
# A figure given as the equivalent of another ('a 50mm equivalent'): the measurement is stated elsewhere.
EQUIVALENT_AFTER = re.compile(rf"(?i){_S}?-?{_S}*equivalent\b(?!{_S}+(?:of|to)\b)")
# A score right before an open bracket: the bracket holds a tie-break's score ('6-7 (4-7)').
SCORE_BEFORE_BRACKET = re.compile(r"\d[ \t]*[-–][ \t]*\d+[ \t]*\($")
# The base of an index ('1975 base 100', 'base year = 100'): a convention, not a quantity.
INDEX_BASE_BEFORE = re.compile(rf"(?i)\bbase(?:{_S}+year)?{_S}*=?{_S}*$")
# A set's score next to another in a run of a match's sets ('7-5 2-6 6-3', '7-6 (7-4) 6-3'): no range.
SET_SCORE = re.compile(r"\d{1,2}[-–]\d{1,2}")
SET_SCORES_BEFORE = re.compile(r"(?<![\d.,])\d{1,2}[-–]\d{1,2}(?:[ \t]*\(\d{1,2}[-–]\d{1,2}\))?[ \t]+$")
SET_SCORES_AFTER = re.compile(r"(?:[ \t]*\(\d{1,2}[-–]\d{1,2}\))?[ \t]+\d{1,2}[-–]\d{1,2}(?![\d.,]|[ \t]*(?:%|pct|per))")
# A score that starts at nothing ('came from 0-40 down'): no range of a quantity.
ZERO_SCORE = re.compile(r"0[ \t]*[-–][ \t]*\d+")
# A cell of a table row: a figure alone ('1,234', '(5.6)', '-3%', '12/14').
TABLE_FIGURE = re.compile(r"[-+(]?[\d][\d.,/]*%?\)?")
# A row of a price or figure table: a label, a dash or not, the figure and the previous one in brackets.
TABLE_ROW = re.compile(r"[ \t]*[A-Z][A-Za-z.&'/ -]*?[ \t]+(?:-[ \t]+)?[\d][\d.,]*(?:[ \t]*\([\d][\d.,]*\))?[ \t]*")
# The unit a table's heading states for all its figures ('prices, all U.S. Dlrs per troy ounce.', '(in dlrs)');
# the unit is read after the cue and must end the phrase.
HEADING_UNIT_CUE = re.compile(r"(?:\ball|\(in)(?=[ \t\n])")
HEADING_UNIT_END = re.compile(r" ?[.)]")
# A name and a comma before a figure: a byline's age ('Lena M, 41'), an age in apposition ('Bratman, 26, proposed').
NAME_COMMA_BEFORE = re.compile(r"\b[A-Z][\w'’.-]*,[ \t]*$")
# Before a unit only counted in large amounts ('2bn won', '1,500 won'): a scale word or a thousands separator.
LARGE_AMOUNT_BEFORE = re.compile(rf"(?i)(?:\d,\d{{3}}|\d{_S}*(?:{_alternation(SCALE_AFTER_DIGITS)}))$")
DURATION_UNITS = frozenset({"millisecond", "microsecond", "nanosecond", "second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century"})
CURRENCY_BEFORE_FIGURE = re.compile(rf"(?:{_alternation(CURRENCY_PREFIXES)})?{_S}?")
# A bracketed conversion after a figure, or the bracket closing round one: '$40,000 (£21,000) per day'.
BRACKET_AFTER = re.compile(r"[ \t]*\([^()\n]{1,40}\)|\)")
# The words between 'vs' and a later figure of a results line: that figure's own label ('vs profit 26 cts').
RESULTS_OWN_LABEL = re.compile(r"\bvs\.?[ \t]+(?P<words>[A-Za-z][A-Za-z.'&/-]*(?:[ \t]+[A-Za-z][A-Za-z.'&/-]*){0,2})[ \t]+$")
# Unit forms as written in the vocabulary; a Capitalized variant ('Cent', 'Grams') mid-sentence is mostly a name.
WRITTEN_UNIT_FORMS = frozenset(surface for _, surfaces in UNITS.values() for surface in surfaces)
WORD_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words that make the words before a figure a clause, not the label of a results line.
RESULTS_NOT_LABEL = frozenset(
    [w for ws in (*CHANGE_CUES.values(), *CHANGE_CUES_WITH_BY.values()) for w in ws]
    + """vs vs. was were is are be been totalled totaled reached hit stood has have had the a an its their his her
    it they he she said says will would to at in on for by and or with""".split())
# A results line is short ('Net profit 8.1 mln dlrs vs loss 7.1 mln'); prose with 'vs' is longer.
RESULTS_LINE_MAX_WORDS = 14
# After a bare figure, a model name: a singular acronym ('386 PC', not '3 BBC reporters') or '-based'.
MODEL_AFTER = re.compile(
    r"-based\b|[ \t]+[A-Z]{2,}\b(?!['’]?s\b)(?![ \t]+(?!(?:was|is|has|as|this|his|its|does|plus|thus)\b)[a-z]+s\b)")
AGE_APPOSITION_AFTER = re.compile(r"[ \t]*(?:,|\)|;|\.(?!\d)|$)|[ \t]+[-–—][ \t]")  # 'Smith, 17 - who
AGE_HOLDER_BEFORE = re.compile(rf"(?i)\b(?P<n>{_alternation(AGE_HOLDER_NOUNS)}){_S}+(?:under|over|below|above){_S}+$")
AGE_CUE_BEFORE = re.compile(rf"(?i)\b(?:{_alternation(AGE_CUES)}){_S}+(?:between{_S}+|just{_S}+|only{_S}+)?$")  # "at the age of just 28"
PERSON_IS_BEFORE = re.compile(rf"(?<![\w'’])(?:{_alternation(PERSON_IS)}){_S}+$")
# 'At 12, he was canvassing': a sentence opening with 'At' and a bare whole number, then a person as subject.
AT_AGE_OPENING = re.compile(r"[\s\"“]*At[ \t]+$")
PERSON_SUBJECT_AFTER = re.compile(r",[ \t]+(?:he|she|I|we|they)\b")
AGE_CLAUSE_END = re.compile(r"(?:[.!?,;\"”]|[ \t]+(?:when|and|but|now)\b|$)")  # 'I am 25.', 'she was 19 when'
ONE_MOMENT_BEFORE = re.compile(rf"(?i)\b(?:{_alternation(ONE_MOMENT_VERBS)})(?:{_S}+\w+){{0,2}}{_S}+for{_S}+$")
# A sum written as a formula: '2+2=5'.
FORMULA_BEFORE = re.compile(r"\d[+=×*/-]$")
FORMULA_AFTER = re.compile(r"[+=×*][\d(]")
# 'One day you will ...': the idiom 'some day', not a count of one day.
ONE_DAY_IDIOM_AFTER = re.compile(rf"(?:,|{_S}+(?:you|we|I|he|she|they|it|this|that|there|the|a|an)\b)")
# Between the distance and the title, discipline words or a meeting's initials ('the 800m NCAA title').
EVENT_TITLE_AFTER = re.compile(rf"(?:{_S}+(?:(?i:{_alternation(EVENT_DISCIPLINE_WORDS)})|[A-Z][A-Za-z]*[A-Z][A-Za-z]*))"
                               rf"{{0,2}}{_S}+(?i:{_alternation(EVENT_TITLE_NOUNS)})\b")
# Capital letters hyphened to a number word ('grade two-B'): a name or grade.
LETTER_CODE_AFTER = re.compile(r"-[A-Z]{1,3}(?![A-Za-z0-9])")
# A number word glued to an ordinal ('its twenty-first year'): a rank, not a count.
ORDINAL_AFTER = re.compile(r"(?i)-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b")
# A match format, a count set against the same count ('a three-against-three game', '11 against 11'): no claim.
FACE_OFF_BEFORE = re.compile(rf"(?i)\b(?P<n>\w+)(?:-|{_S}+)(?:against|on|v)(?:-|{_S}+)$")
FACE_OFF_AFTER = re.compile(rf"(?i)(?:-|{_S}+)(?:against|on|v)(?:-|{_S}+)(?P<n>\w+)\b")
# 'one of the best': one member of a ranked set, not a count of one.
ONE_OF_SUPERLATIVE = re.compile(rf"(?i){_S}+of{_S}+(?:the|its|his|her|their|our|my|your){_S}+"
                                rf"(?:most{_S}+|least{_S}+)?(?:[a-z]+est|best|worst)\b")
# 'run the 800m' standing alone (before a comma, a full stop, 'and', 'or') as a verb's object: the event, named by
# its distance ('in the 1500m' may be a stretch of a race).
EVENT_THE_BEFORE = re.compile(rf"(?i)\b(?!(?:in|at|on|of|over|for|from|into|to|by|within|across|after)\b)[a-z]+"
                              rf"{_S}+the{_S}+$")
EVENT_ALONE_AFTER = re.compile(rf"(?:{_S}*[,.;:!?)\"”]|{_S}*$|{_S}+(?:and|or)\b)")
ONE_IDIOM = re.compile(rf"(?i){_S}+(?:{'|'.join(w.replace(' ', _S + '+') for w in ONE_IDIOM_AFTER)})\b")
# A scale word after a bracket that follows the figure: '30.08 (revised from 30.06) billion'.
SCALE_AFTER_BRACKET = re.compile(rf"{_S}*\([^()\n]{{1,40}}\)(?={_S}*(?:{_alternation(SCALE_AFTER_DIGITS)})(?![A-Za-z]))")
SCALE_AFTER_CLOSING = re.compile(rf"\)(?={_S}*(?:{_alternation(SCALE_AFTER_DIGITS)})(?![A-Za-z]))")
BY_BEFORE = re.compile(rf"(?i)\bby{_S}+(?:about{_S}+|around{_S}+|some{_S}+)?$")
# 'a year or two', 'a mile or so': the figure after 'or' takes the unit of the one before.
UNIT_OR_BEFORE = re.compile(rf"(?i)\b(?:an?|one){_S}+(?P<u>{_UNIT_ALT}){_S}+or{_S}+$")

# A figure set against an earlier one of the same kind (what it counts is the earlier one's): the words between.
CONTRAST_GAP = re.compile(rf"(?i)\b(?:against|compared?{_S}+(?:with|to)|compares{_S}+with|versus|vs\b\.?|from|while"
                          rf"|whereas|but|including|with|and|or|respectively|below|above)\b")  # not 'of which X were Y': Y names the part
# ... or the words right after it: 'against 3 mln dlrs a year earlier', '7 pct in the previous year', '£4.5bn
# higher than'.
CONTRAST_AFTER_FIGURE = re.compile(rf"(?i),?{_S}+(?:(?:a|one){_S}+year{_S}+(?:earlier|ago|before)"
                                   rf"|(?:higher|lower|more|less|greater|smaller|bigger){_S}+than\b"
                                   rf"|(?:in{_S}+)?the{_S}+(?:year-earlier|year-ago|previous|prior|same){_S}"
                                   rf"|(?:in{_S}+)?(?:last|the{_S}+previous){_S}+(?:year|quarter|month|week)\b)")
# 'from 25.88 dlrs per barrel in 1985 to 13.90 dlrs': the second end of a 'from ... to' pair.
# A light noun holding the figure ('making a total of 54 cents'): the figure sums or restates one named before.
LIGHT_HOLDER_BEFORE = re.compile(rf"(?i)\b(?:{_alternation(sorted(LIGHT_NOUNS))}){_S}+of{_S}+$")
# A bound written after a share, before what it is of: '30 pct or more of the voting stock'.
BOUND_OF_AFTER = re.compile(rf"(?i){_S}+or{_S}+(?:more|less|fewer){_S}+of\b")
# A bound written as part of the figure that sets it against another ('well below 260 mln dlrs').
LEADING_WORDS = re.compile(rf"(?i)(?:(?:below|above){_S}+)?")
FROM_TO_GAP = re.compile(rf"(?i)\bto{_S}+$")
# The opening of a sentence that continues the one before: a contrast in time, 'that compared with', or a
# pronoun subject ('They were 35 mln dlrs a year earlier').
CONTINUING_SENTENCE_OPENING = re.compile(
    rf"(?i)[\s\"'“‘(]*(?:(?:a|one){_S}+year{_S}+(?:earlier|ago|before)|in{_S}+the{_S}+(?:year-earlier|year-ago|"
    rf"previous|prior|same)\b|(?:that|this){_S}+(?:compared|compares|was{_S}+against)|last{_S}+year|it|they|this"
    rf"|that|(?:(?:now|today|then|in{_S}+\d{{4}}),?{_S}+)?the{_S}+(?:{_alternation(RESTATING_NOUNS)}))\b")
# A figure and its comparison in brackets before the unit both are in ('3,426 (168,682) tonnes of rye',
# '16,818 (nil) tonnes'): the brackets after the first, then the unit.
BRACKETED_PAIR_AFTER = re.compile(rf"{_S}*\({_S}*(?:\d[\d.,]*|nil|none){_S}*\){_S}*(?P<u>{_UNIT_ALT})(?![A-Za-z0-9])"
                                  rf"(?:{_S}+of{_S}+(?=[A-Za-z]))?")
BRACKETED_PAIR_INSIDE = re.compile(rf"{_S}*\){_S}*(?P<u>{_UNIT_ALT})(?![A-Za-z0-9])(?:{_S}+of{_S}+(?=[A-Za-z]))?")
FIGURE_OPENING_BRACKET = re.compile(rf"\d{_S}*\({_S}*$")
# 'one 20th the size': a fraction written with a digit ordinal, not a count of one.
ORDINAL_DIGITS_AFTER = re.compile(rf"{_S}+\d+(?:st|nd|rd|th)\b")
# '4-4-2': a third number hyphened on (a formation, a code), not a range.
HYPHENED_NUMBER_AFTER = re.compile(r"-\d")

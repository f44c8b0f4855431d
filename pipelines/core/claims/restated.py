"""The counted thing of a figure read from the text around it rather than the parse: the label of a
results or market line ('Shr loss 73 cts vs loss 1.17 dlrs', 'Gold - 1.50 to 2.00 dlrs higher'), and
figures that restate, compare with or parallel the one before them and so count the same thing
('to 2.3 mln tonnes from 2.48 mln', '$5bn (£2.6bn)', '1,000 and 10,000 dlrs', 'a rise of 0.4%' after
'prices rose by 0.8%').

Entry points: `results_label(index, start)`, `dash_label(index, start)` -> (head as written, lemma) or None;
`shares_object`, `restates`, `elided_share` (before, unit, gap) -> bool.
"""
from __future__ import annotations

from pipelines.core.claims.patterns import (
    CORE,
    CURRENCY_BEFORE_FIGURE,
    DASH_LABEL_LINE,
    ELIDED_JOIN,
    MONEY_UNITS,
    OBJECT_GAP_MAX,
    OBJECT_SHARED_GAP,
    RESTATED_GAP,
    RESULTS_LABEL,
    RESULTS_LINE_MAX_WORDS,
    RESULTS_NOT_LABEL,
    RESULTS_OWN_LABEL,
    RESULTS_VS,
)
from pipelines.core.quantities import (
    SHARE_CLASS_WORDS,
    LEMMA_OVERRIDES,
    PER_NOUNS,
    RESULTS_LABEL_MODIFIERS,
    RESULTS_WORDS,
    RESULTS_ZERO_WORDS,
)

# The words that can head a results line holding one figure and no 'vs' ('Shr 59 cts', 'Net profit 4.1 mln dlrs').
RESULTS_LINE_WORDS = RESULTS_WORDS | {w for w, noun in PER_NOUNS.items() if noun == "share"}


def results_label(index, start: int) -> tuple[str, str] | None:
    """The label of a results line ('Shr loss 73 cts vs loss 1.17 dlrs', 'Qtly div 25 cts vs 25 cts prior'):
    a few words opening the line, then its first figure; every figure of the line counts it -> (head as
    written, its lemma)."""
    text = index.text
    line_start = max(text.rfind("\n", 0, start) + 1, index.sentence_bounds(start)[0])
    line_end = text.find("\n", start)
    if len(text[line_start:len(text) if line_end < 0 else line_end].split()) > RESULTS_LINE_MAX_WORDS:
        return None
    line_end = len(text) if line_end < 0 else line_end
    label = RESULTS_LABEL.match(text, line_start, start)
    if label is None or not CORE.match(text, CURRENCY_BEFORE_FIGURE.match(text, label.end()).end()) \
            or not (RESULTS_VS.search(text, line_start, line_end) or _lone_results_figure(text, label, line_end)):
        return None  # the words must open the line and stand right before its first figure
    words = label["words"].split()
    own = RESULTS_OWN_LABEL.search(text, line_start, start)
    label_start = line_start + label.start("words")
    if own is None and len(words) > 2 and words[-1].lower() in ("vs", "vs.") \
            and words[-2].lower() in RESULTS_ZERO_WORDS:
        words = words[:-2]  # 'Shr nil vs four cts': the line's first figure is a zero in words
    elif own is not None:  # 'vs profit 26 cts': the figure after 'vs' names its own thing
        words, label_start = own["words"].split(), own.start("words")
    elif any(w.lower() in RESULTS_NOT_LABEL for w in words):
        return None  # a clause ('Profits rose 5 pct vs 3 pct') or a line the parser split at 'vs'
    for joint in ("of", "per"):
        if joint in words[1:]:
            words = words[:words.index(joint, 1)]  # 'Share of associated co's' -> 'Share', 'Earnings per share'
    share_class = next((i for i, w in enumerate(words) if i and w.lower() in SHARE_CLASS_WORDS), None)
    if share_class is not None:
        words = words[:share_class]  # 'Qtly div Class C' -> 'div': the class names whose shares, not what
    while len(words) > 1 and words[-1].lower() in RESULTS_LABEL_MODIFIERS \
            and not all(w.lower() in RESULTS_LABEL_MODIFIERS for w in words[:-1]):
        words.pop()  # 'Oper shr diluted' -> 'shr'; 'Oper net' stays 'net'
    head = words[-1]
    token = index.at(text.rfind(head, label_start, start))
    lemma = LEMMA_OVERRIDES.get(head.lower()) or (
        token.lemma_.lower() if token.text == head and token.pos_ == "NOUN" else head.lower())
    return head, lemma


def _lone_results_figure(text: str, label, line_end: int) -> bool:
    """'Shr 59 cts', 'Net profit 4.1 mln dlrs': a line of a results word and one figure, with no 'vs'."""
    words = label["words"].split()
    rest = text[label.end():line_end]
    return (len(words) <= 3 and words[-1].lower() in RESULTS_LINE_WORDS and len(rest.split()) <= 3
            and len(CORE.findall(rest)) == 1)


def dash_label(index, start: int) -> tuple[str, str] | None:
    """The label of a market report's line ('World sugar - 0.07 to 0.10 cent lower'): a few words opening a
    short line, a spaced dash, then the figure -> (head as written, its lemma)."""
    text = index.text
    line_start = max(text.rfind("\n", 0, start) + 1, index.sentence_bounds(start)[0])
    line_end = text.find("\n", start)
    if len(text[line_start:len(text) if line_end < 0 else line_end].split()) > RESULTS_LINE_MAX_WORDS:
        return None
    label = DASH_LABEL_LINE.match(text, line_start, start)
    if label is None or text[label.end():start].strip():
        return None
    head = label["label"].split()[-1]
    token = index.at(label.end("label") - len(head))
    lemma = token.lemma_.lower() if token.text == head and token.pos_ == "NOUN" else head.lower()
    return head, lemma


def shares_object(before, unit: str | None, gap: str) -> bool:
    """A figure that restates or compares with the one before it counts the same thing ('to 2.3 mln
    tonnes from 2.48 mln', '$56.5m (£30.4m)', '25 cts vs 25 cts prior')."""
    if before.object is None or len(gap) > OBJECT_GAP_MAX or not OBJECT_SHARED_GAP.search(gap):
        return False
    fraction = before.unit is None and 0 < (before.value if before.value is not None else before.value_high or 0) <= 1
    if fraction and unit == "percentage" and gap.strip() in ("(", "-", "–", "—"):
        return True  # 'three-quarters of respondents (73%)', 'half of all voters - some 47% -': the share restated
    def money(u: str | None) -> bool:
        return u is not None and u.split(" per ")[0] in MONEY_UNITS
    return unit == before.unit or (money(unit) and money(before.unit))


def restates(before, unit: str | None, gap: str) -> bool:
    """'1,000 and 10,000 dlrs', '44.1 mln dlrs or 4.69 dlrs per share': a figure right after 'and'/'or' with the
    same unit (or both money) counts the same thing as the one before."""
    if before.object is None or RESTATED_GAP.fullmatch(gap) is None or unit is None or before.unit is None:
        return False
    money = unit.split(" per ")[0] in MONEY_UNITS and before.unit.split(" per ")[0] in MONEY_UNITS
    return unit == before.unit or money


def elided_share(before, unit: str | None, gap: str) -> bool:
    """'prices rose by 0.8% ... and another index showed a rise of 0.4%', '70 pct of the market but under 10 pct
    in Japan': a percentage with no noun of its own, joined to a percentage that has one, measures the same thing."""
    return (before.object is not None and unit in ("percentage", "percentage point") and unit == before.unit
            and len(gap) <= OBJECT_GAP_MAX and ELIDED_JOIN.search(gap) is not None)


"""Dates as claims: a date expression, the event it dates, and the calendar day it means.

'Russian and Ukrainian delegations resumed direct negotiations in Istanbul on May 16' is a
claim that the talks happened on 2025-05-16; another outlet saying they met 'On May 15'
contradicts it. This module finds day-precise date expressions ('May 16', 'Friday',
'on the 19th', 'yesterday', '2025-05-16', '16 May 2025'), resolves them against a
reference date (the article's own date), and reads from the parse the event each one
dates: the governing verb or event noun, its event class, and the named places and
participants of that clause.

Page furniture is not a claim: a date on a line without a verb (a byline, 'Updated
15:29'), a date next to a clock time, a newswire dateline ('WASHINGTON, May 20 (Agency)
--'), or one after 'published/updated/posted' is skipped.

Two halves, so an article is parsed once: `date_candidates` reads from the NLP pass's
parse of the whole article everything the article alone decides (expression, event,
tense, clause and place offsets), and the NLP pass stores it (table date_candidates);
`resolve_candidate` turns a stored candidate into a claim with what only the stories
stage knows (the reference date, the mentions' entity ids), without spaCy.
Pure functions; the caller supplies the parse and the mentions.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text

if TYPE_CHECKING:  # annotations only: the nothing-pending check imports this module without spaCy
    from spacy.tokens import Doc, Token

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1}

_MONTH_RE = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(r"\b" + _MONTH_RE + r"\s+" + _DAY_RE + r"\b(?!:)" + _YEAR_RE + r"(?![\d:])")),
    ("day_month", re.compile(r"\b" + _DAY_RE + r"\s+" + _MONTH_RE + r"\b" + _YEAR_RE)),
    ("weekday", re.compile(r"\b(?:(?P<modifier>last|next|this|on)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|"
                           r"Friday|Saturday|Sunday)\b")),
    ("day_of_month", re.compile(r"\b(?:on|of)\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b")),
    ("relative", re.compile(r"\b(?P<relative>yesterday|today|tomorrow)\b", re.IGNORECASE)),
]
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_FURNITURE_WORDS = re.compile(r"\b(updated|published|posted|modified|last edited)(\s+on)?\W*$", re.IGNORECASE)
# A newswire dateline: an upper-case place at the start of a paragraph, a comma, the date,
# an optional (Agency) and a dash.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'/-]{2,},\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(\([^)]{1,40}\))?\s*(--|-|—|–)")

# Event frames: different words for the same kind of event, so 'met in Istanbul' and
# 'resumed negotiations in Istanbul' can be recognized as one dated event.
EVENT_CLASSES: dict[str, frozenset[str]] = {
    "meeting": frozenset({"meet", "meeting", "talk", "talks", "negotiation", "negotiate", "summit", "session",
                          "conference", "round", "delegation"}),
    "call": frozenset({"call", "phone", "conversation", "speak", "phonecall"}),
    "attack": frozenset({"attack", "strike", "launch", "fire", "bomb", "shell", "raid", "shoot", "airstrike"}),
    "election": frozenset({"election", "elect", "vote", "ballot", "poll", "referendum"}),
    "statement": frozenset({"say", "tell", "announce", "state", "claim", "add", "note", "warn", "report", "declare",
                            "confirm", "post", "write"}),
    "agreement": frozenset({"sign", "agreement", "deal", "accord", "treaty", "ceasefire", "truce"}),
}
_CLASS_OF = {word: cls for cls, words in EVENT_CLASSES.items() for word in words}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Child clauses that are events of their own, not part of the dated event.
_OTHER_CLAUSES = {"ccomp", "advcl", "relcl", "conj", "parataxis", "acl", "csubj"}
_FUTURE_AUX = {"will", "shall", "'ll", "going"}
_MAX_CLIMB = 6


@dataclass
class DateExpression:
    start: int
    end: int
    text: str
    kind: str                    # iso | month_day | day_month | weekday | day_of_month | relative
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None   # Monday = 0
    modifier: str | None = None  # last | next | this | on
    shift: int = 0               # days, for yesterday/today/tomorrow


@dataclass
class DateClaim:
    text: str
    start_char: int
    end_char: int
    sentence: str
    date_value: date | None      # None: nothing fixes the day (resolution says why)
    resolution: str
    event: str
    event_class: str
    event_start: int
    event_end: int
    subject: str | None
    locations: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)


@dataclass
class DateCandidate:
    """A date expression and the event the parse hangs it on: everything about a date claim
    that the article alone decides. Offsets index the parsed text (the article's body)."""
    text: str
    start_char: int
    end_char: int
    kind: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None
    modifier: str | None
    shift: int
    future: bool
    sentence: str
    event: str
    event_class: str
    event_start: int
    event_end: int
    subject: str | None
    clause_start: int            # the event's clause without the expression: mentions inside are its
    clause_end: int              # participants
    place_spans: list[list[int]] = field(default_factory=list)  # its 'in'/'at' phrases: places inside

    def expression(self) -> DateExpression:
        return DateExpression(self.start_char, self.end_char, self.text, self.kind, self.year, self.month,
                              self.day, self.weekday, self.modifier, self.shift)


def find_date_expressions(text: str) -> list[DateExpression]:
    """Day-precise date expressions in text, left to right; 'Monday (May 19)' and
    'Friday, May 16' are one expression (the explicit date wins)."""
    found: list[DateExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            g = m.groupdict()
            expr = DateExpression(m.start(), m.end(), m.group(0), kind)
            if kind == "iso":
                expr.year, expr.month, expr.day = int(g["year"]), int(g["month"]), int(g["day"])
                expr.kind = "absolute"
            elif kind in ("month_day", "day_month"):
                expr.month = _MONTHS[g["month"].lower().rstrip(".")]
                expr.day = int(g["day"])
                expr.year = int(g["year"]) if g.get("year") else None
                expr.kind = "absolute" if expr.year else "month_day"
            elif kind == "weekday":
                expr.weekday = _WEEKDAYS[g["weekday"].lower()]
                expr.modifier = g.get("modifier")
            elif kind == "day_of_month":
                expr.day = int(g["day"])
            else:
                expr.shift = _RELATIVE[g["relative"].lower()]
            if expr.day is not None and not 1 <= expr.day <= 31:
                continue
            if expr.month is not None and not 1 <= expr.month <= 12:
                continue
            found.append(expr)
            taken.append((m.start(), m.end()))
    found.sort(key=lambda e: e.start)
    merged: list[DateExpression] = []
    for expr in found:
        prev = merged[-1] if merged else None
        if prev is not None and 0 <= expr.start - prev.end <= 3 and re.fullmatch(r"[\s,(]*", text[prev.end:expr.start]):
            explicit, other = (expr, prev) if prev.kind == "weekday" else (prev, expr)
            if other.kind == "weekday" and explicit.kind in ("absolute", "month_day"):
                end = expr.end + (1 if text[expr.end:expr.end + 1] == ")" and "(" in text[prev.end:expr.start] else 0)
                explicit.start, explicit.end, explicit.text = prev.start, end, text[prev.start:end]
                merged[-1] = explicit
                continue
        merged.append(expr)
    return merged


def is_furniture(text: str, expr: DateExpression, para_start: int, para_end: int) -> bool:
    """A dateline, a timestamp or a byline date rather than a dated event."""
    window = text[max(para_start, expr.start - 12):min(para_end, expr.end + 12)]
    if _CLOCK.search(window):
        return True
    before = text[para_start:expr.start]
    if _FURNITURE_WORDS.search(before[-30:]):
        return True
    return bool(_DATELINE.match(before) and _DATELINE_AFTER.match(text[expr.end:para_end]))


def resolve(expr: DateExpression, reference: date, future: bool = False) -> date | None:
    """The calendar day an expression means, read against `reference` (the article's date).
    Past tense looks back from the reference, future tense forward."""
    try:
        if expr.kind == "absolute":
            return date(expr.year, expr.month, expr.day)
        if expr.kind == "month_day":  # the nearest such day; tense decides only far ones
            value = date(reference.year, expr.month, expr.day)
            if not future and value > reference + timedelta(days=31):
                value = date(reference.year - 1, expr.month, expr.day)
            elif future and value < reference - timedelta(days=31):
                value = date(reference.year + 1, expr.month, expr.day)
            return value
        if expr.kind == "weekday":
            delta = (expr.weekday - reference.weekday()) % 7  # days forward to that weekday
            if expr.modifier == "next" or (future and expr.modifier != "last"):
                return reference + timedelta(days=delta or (7 if expr.modifier == "next" else 0))
            back = (reference.weekday() - expr.weekday) % 7
            if expr.modifier == "last" and back == 0:
                back = 7
            return reference - timedelta(days=back)
        if expr.kind == "day_of_month":  # this, the previous or the next month: the nearest
            options = []
            for shift in (-1, 0, 1):
                month, year = reference.month + shift, reference.year
                if month == 0:
                    year, month = year - 1, 12
                elif month == 13:
                    year, month = year + 1, 1
                try:
                    candidate = date(year, month, expr.day)
                except ValueError:
                    continue
                distance = (candidate - reference).days
                # Tense breaks ties and rules out the wrong side when far: past looks back.
                penalty = 0 if (distance >= 0) == future or distance == 0 else 1
                options.append((abs(distance) + 10 * penalty * (abs(distance) > 7), candidate))
            return min(options)[1] if options else None
        if expr.kind == "relative":
            return reference + timedelta(days=expr.shift)
    except ValueError:  # 'February 30'
        return None
    return None


def paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-empty line: the unit parsed for date events."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def candidate_paragraphs(text: str) -> list[tuple[int, int, list[DateExpression]]]:
    """Paragraphs holding at least one date expression that is not page furniture."""
    out = []
    for start, end in paragraphs(text):
        exprs = [e for e in find_date_expressions(text[start:end])]
        keep = []
        for e in exprs:
            e.start += start
            e.end += start
            if not is_furniture(text, e, start, end):
                keep.append(e)
        if keep and len(text[start:end].split()) >= 5:
            out.append((start, end, keep))
    return out


def _event_head(doc: Doc, first: int, last: int, inside) -> tuple[Token | None, list[Token]]:
    """The verb (or event noun) the date hangs on, and the tokens climbed through; the climb
    stays inside the expression's paragraph (`inside`)."""
    token = doc[last]
    for t in doc[first:last + 1]:  # the token of the expression that attaches outside it
        if not (first <= t.head.i <= last) or t.head.i == t.i:  # positions: a Token is made per access
            token = t
            break
    path = []
    for _ in range(_MAX_CLIMB):
        head = token.head
        if head.i == token.i or not inside(head):  # the root is its own head
            break
        path.append(head)
        if head.pos_ in ("VERB", "AUX") and head.dep_ != "aux":
            return head, path
        if head.pos_ == "NOUN" and head.lemma_.lower() in _CLASS_OF and head.lemma_.lower() != "round":
            return head, path
        token = head
    if token.pos_ in ("VERB", "AUX"):
        return token, path
    return None, path


def _clause_tokens(head: Token, inside) -> list[Token]:
    """The event's own clause: the head's subtree without embedded clauses of their own."""
    keep = [head]
    for child in head.children:
        if child.dep_ in _OTHER_CLAUSES:
            continue
        keep.extend(child.subtree)
    return sorted((t for t in keep if inside(t)), key=lambda t: t.i)


def _event_words(head: Token, clause: Sequence[Token], inside) -> tuple[str, str]:
    """(event words, event class): the head lemma with its object, classed by the frames."""
    lemma = head.lemma_.lower()
    objects = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass", "attr") and inside(c)]
    words = [lemma] + [o.lemma_.lower() for o in objects]
    if lemma in _CLASS_OF and not (lemma == "call" and head.pos_ == "VERB"):
        return " ".join(words), _CLASS_OF[lemma]
    for obj in objects:
        for t in (obj, *(c for c in obj.children if c.dep_ in ("compound", "amod"))):
            if t.lemma_.lower() in _CLASS_OF:
                return " ".join(words), _CLASS_OF[t.lemma_.lower()]
    for t in clause:  # 'showed up at the negotiation table'
        if t.pos_ == "NOUN" and t.lemma_.lower() in _CLASS_OF and t.dep_ in ("pobj", "compound", "dobj"):
            return " ".join(words + [t.lemma_.lower()]), _CLASS_OF[t.lemma_.lower()]
    return " ".join(words), lemma


def _place_spans(head: Token, offset: int, inside) -> list[list[int]]:
    """Where the event took place: 'in'/'at' phrases on the head or on its object."""
    owners = [head, *(c for c in head.children if c.dep_ in ("dobj", "nsubjpass", "attr", "nsubj"))]
    spans = []
    for owner in owners:
        for prep in owner.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at") and inside(prep):
                sub = [t for t in prep.subtree if inside(t)]
                spans.append([offset + sub[0].idx, offset + sub[-1].idx + len(sub[-1].text)])
    return spans


def _is_future(head: Token) -> bool:
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in head.children):
        return True
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) and head.dep_ == "xcomp"


def _candidate(doc: Doc, expr: DateExpression, offset: int, lo: int, hi: int) -> DateCandidate | None:
    """The candidate of one expression (article offsets) in `doc`, which starts at article offset
    `offset`; [lo, hi) are the doc offsets of the expression's paragraph: the parse is read
    inside it only, as if the paragraph had been parsed alone."""
    def inside(t: Token) -> bool:
        return lo <= t.idx and t.idx + len(t.text) <= hi

    span = doc.char_span(expr.start - offset, expr.end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head, _path = _event_head(doc, span.start, span.end - 1, inside)
    if head is None:
        return None
    clause = [t for t in _clause_tokens(head, inside) if not (span.start <= t.i < span.end)] or [head]
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and inside(c)), None)
    event, event_class = _event_words(head, clause, inside)
    sent = span.sent
    return DateCandidate(
        text=expr.text, start_char=expr.start, end_char=expr.end, kind=expr.kind, year=expr.year,
        month=expr.month, day=expr.day, weekday=expr.weekday, modifier=expr.modifier, shift=expr.shift,
        future=_is_future(head), sentence=doc_text(doc)[max(sent.start_char, lo):min(sent.end_char, hi)],
        event=event, event_class=event_class, event_start=offset + head.idx,
        event_end=offset + head.idx + len(head.text),
        subject=" ".join(t.text for t in subject.subtree if inside(t)) if subject is not None else None,
        clause_start=offset + min(t.idx for t in clause),
        clause_end=offset + max(t.idx + len(t.text) for t in clause),
        place_spans=_place_spans(head, offset, inside),
    )


def date_candidates(doc: Doc) -> list[DateCandidate]:
    """Every date expression of a parsed article (or piece of one) with its event, in text order:
    what the NLP pass stores per article. A date with no event to hang on is not a candidate."""
    out = []
    for start, end, exprs in candidate_paragraphs(doc_text(doc)):
        for expr in exprs:
            if (candidate := _candidate(doc, expr, 0, start, end)) is not None:
                out.append(candidate)
    return out


# The resolution of an expression that needs a reference day when none is known: no calendar
# day is made up from the day the file was loaded.
UNFIXED_PREFIX = "unfixed_"


def resolve_candidate(candidate: DateCandidate, reference: date | None,
                      mentions: Sequence[tuple[int, int, str, str]]) -> DateClaim | None:
    """A stored candidate as a claim: its calendar day read against `reference` (the article's
    published date, else its story's; None when neither is known), its places and participants
    from `mentions` ((start, end, entity_id, label) in article offsets). Without a reference, an
    expression the text does not fix by itself (a weekday, 'yesterday', a day and month without a
    year) keeps date_value None and the resolution `unfixed_<kind>`. None when the day does not
    exist ('February 30')."""
    c = candidate
    if reference is None and c.kind != "absolute":
        value, resolution = None, UNFIXED_PREFIX + c.kind
    else:
        value, resolution = resolve(c.expression(), reference, future=c.future), c.kind
        if value is None:
            return None
    inside = [m for m in mentions if c.clause_start <= m[0] and m[1] <= c.clause_end and m[2]]
    return DateClaim(
        text=c.text, start_char=c.start_char, end_char=c.end_char, sentence=c.sentence, date_value=value,
        resolution=resolution, event=c.event, event_class=c.event_class, event_start=c.event_start,
        event_end=c.event_end, subject=c.subject,
        locations=sorted({m[2] for m in inside if m[3] in _PLACE_LABELS
                          and any(a <= m[0] and m[1] <= b for a, b in c.place_spans)}),
        participants=sorted({m[2] for m in inside}),
    )


def date_claims_in_paragraph(
    doc: Doc, offset: int, exprs: Sequence[DateExpression], reference: date,
    mentions: Sequence[tuple[int, int, str, str]],
) -> list[DateClaim]:
    """Date claims of one paragraph parsed alone (`doc`), which starts at article offset
    `offset`; `mentions` are (start, end, entity_id, label) in article offsets. A date with
    no event to hang on (a bare date line) is not a claim."""
    claims = []
    for expr in exprs:
        candidate = _candidate(doc, expr, offset, 0, len(doc_text(doc)))
        if candidate is not None and (claim := resolve_candidate(candidate, reference, mentions)) is not None:
            claims.append(claim)
    return claims

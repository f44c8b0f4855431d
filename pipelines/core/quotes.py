"""Quote attribution: direct, partial and reported speech with resolved speakers.

One pass over an already parsed article, no re-parsing:
1. quote marks are paired on the raw text (any style; paragraphs that continue
   a quote reopen it without closing the previous one);
2. each quoted span is classified from where it sits in its sentence: a quote
   that stands as its own sentence or follows a lead-in is direct, one embedded
   in a clause governed by a reporting verb is partial, anything else is a scare
   quote or a title and is dropped;
3. the speaker is the subject of the nearest reporting verb (after the quote,
   before it, or in the previous sentence for a lead-in); pronouns and role nouns
   ('the Kremlin spokesman') resolve to the article's named entities; a trained
   linear ranker then re-scores that pick against the other speakers of reporting
   verbs around the quote (nested reports: the outer source becomes reported_by);
4. reporting verbs with a that-clause outside quotes give indirect quotes, and a
   first-person paragraph ending ', Putin emphasized.' is a direct quote whose
   marks were lost.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from operator import attrgetter
from pathlib import Path

from spacy.tokens import Doc, Token

from pipelines.core.entities import TITLE_WORDS, Mention, mention_at
from pipelines.core.speech_verbs import (
    ACCORDING_TO,
    CUE_MEDIUM_WORDS,
    GROUP_PRONOUNS,
    INDEFINITE_SPEAKERS,
    NAMING_VERBS,
    PERSON_PRONOUNS,
    SPEECH_NOUNS,
    SPEECH_PHRASES,
    SPEECH_VERBS,
)


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str | None
    speaker_label: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    quote_type: str  # 'direct' | 'partial' | 'indirect'
    start_char: int
    end_char: int
    confidence: float
    # [start, end) of each piece of the quoted text: one piece, or several when the
    # attribution splits the quote ('"A," he said. "B."'); text joins them with SPLIT_JOINER.
    segments: tuple[tuple[int, int], ...] = ()
    # Who relays the statement ('"...," he said, according to CNN': CNN), when there is a
    # speaker mention as well; the outer source of a nested attribution.
    reported_by: str | None = None
    reported_by_mention: str | None = None
    reported_by_start: int | None = None
    reported_by_end: int | None = None
    reported_by_label: str | None = None  # entity label of the relay, NULL for an unnamed one

    def __post_init__(self) -> None:
        if not self.segments:
            object.__setattr__(self, "segments", ((self.start_char, self.end_char),))


SPLIT_JOINER = " … "  # stands for the attribution left out between the pieces of a split quote


# --- quote marks -----------------------------------------------------------

# Two straight single marks ('') stand for a double mark in some archives (NYT).
_MARKS = re.compile("''|[\"“”„«»'‘’]")
_DOUBLE_MARKS = "\"“”„«»"
_DOUBLE_OPENERS = "“„«"
_DOUBLE_CLOSERS = "”»"
_PARAGRAPH = re.compile(r"[^\n]+")
# Characters that may sit right before an opening mark / right after a closing one.
_BEFORE_OPEN = set("([{—–-/:;,") | set(_DOUBLE_MARKS) | set("‘'")
_AFTER_CLOSE = set(".,;:!?)]}—–-…") | set(_DOUBLE_MARKS) | set("’'")


@dataclass(frozen=True)
class QuotedSpan:
    open_mark: int          # offset of the opening mark
    end: int                # offset just past the closing mark (or the paragraph end)
    start_char: int         # content offsets, marks and trailing comma excluded
    end_char: int
    closed: bool            # False when the closing mark is missing


def _can_open(text: str, i: int, width: int = 1) -> bool:
    j = i
    while j > 0 and unicodedata.category(text[j - 1]) == "Cf":
        j -= 1  # invisible marks (a left-to-right embedding before '”This is why ...')
    before = text[j - 1] if j > 0 else "\n"
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in _BEFORE_OPEN) and not after.isspace()


def _can_close(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)


def _content(text: str, open_mark: int, stop: int, end: int, closed: bool) -> QuotedSpan | None:
    start, stop_at = open_mark + (2 if text.startswith("''", open_mark) else 1), stop
    while start < stop_at and text[start].isspace():
        start += 1
    # A comma before the closing mark belongs to the sentence, not to the quote.
    while stop_at > start and (text[stop_at - 1].isspace() or text[stop_at - 1] == ","):
        stop_at -= 1
    if not any(ch.isalnum() for ch in text[start:stop_at]):
        return None
    return QuotedSpan(open_mark, end, start, stop_at, closed)


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair quote marks paragraph by paragraph.

    A double quote left open at the end of a paragraph continues when the next
    paragraph opens with a quote mark (the journalists' convention); otherwise it
    ends with its paragraph, so a stray mark never swallows the article. Single
    quotes count only outside double quotes and at word boundaries (apostrophes
    sit between letters).
    """
    spans: list[QuotedSpan] = []
    pending: int | None = None   # open double quote carried from the previous paragraph
    pending_end = 0
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.start(), para.end()
        first = p_start
        while first < p_end and text[first].isspace():
            first += 1
        skip = -1
        if pending is not None:
            if first < p_end and (text[first] in _DOUBLE_MARKS or text.startswith("''", first)):
                skip = first  # the quote goes on in this paragraph
            else:
                span = _content(text, pending, pending_end, pending_end, closed=False)
                if span:
                    spans.append(span)
                pending = None
        open_double, open_single = pending, None
        for mark in _MARKS.finditer(text, p_start, p_end):
            i, ch, width = mark.start(), mark.group(), len(mark.group())
            if i == skip:
                continue
            if ch in _DOUBLE_MARKS or ch == "''":
                open_single = None  # a single mark before a double one was an apostrophe
                if open_double is None:
                    if ch in _DOUBLE_OPENERS or _can_open(text, i, width):
                        open_double = i
                elif ch in _DOUBLE_CLOSERS or _can_close(text, i, width) or not _can_open(text, i, width):
                    span = _content(text, open_double, i, i + width, closed=True)
                    if span:
                        spans.append(span)
                    open_double = None
                else:  # a second opening mark: the previous quote lost its closing mark,
                    # unless a stray straight mark meets a curly opener: only the curly pair counts.
                    stray = text[open_double] == '"' and ch in _DOUBLE_OPENERS
                    span = None if stray else _content(text, open_double, i, i, closed=False)
                    if span:
                        spans.append(span)
                    open_double = i
            elif open_double is None:
                if open_single is None:
                    if ch in "‘'" and _can_open(text, i) and text[i + 1].isalnum():
                        open_single = i
                elif ch in "’'" and _can_close(text, i):
                    span = _content(text, open_single, i, i + 1, closed=True)
                    if span:
                        spans.append(span)
                    open_single = None
        pending, pending_end = open_double, p_end
    if pending is not None:
        span = _content(text, pending, pending_end, pending_end, closed=False)
        if span:
            spans.append(span)
    return spans


# --- per-article lookups ------------------------------------------------------

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_TITLE_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f", "dame": "f"}


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    label: str | None
    mention: str
    start: int
    end: int
    resolved: bool  # True when it rests on a named entity or a resolved pronoun/role

    @classmethod
    def named(cls, mention: Mention) -> _Speaker:
        """The speaker a named mention is, resting on that mention."""
        return cls(mention.canonical, mention.label, mention.text, mention.start_char, mention.end_char, True)


class _Article:
    """Offsets, sentences, paragraphs and salience lookups computed once per doc."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], spans: list[QuotedSpan]):
        self.doc = doc
        self.text = doc.text
        self.spans = spans
        self.mentions = sorted(mentions, key=lambda m: m.start_char)
        self.mention_starts = [m.start_char for m in self.mentions]
        self.token_starts = [t.idx for t in doc]
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = k
        self.para_starts = [m.start() for m in _PARAGRAPH.finditer(self.text)] or [0]
        self.quoted = bytearray(len(doc))
        for span in spans:
            for i in self.tokens_in(span.open_mark, span.end):
                self.quoted[i] = 1
        self.quoted_marks = [(s.open_mark, s.end) for s in spans]
        self.surnames = self._surnames()
        self.subject_people = self._subject_people()
        self.subject_positions = [pos for pos, _ in self.subject_people]
        self.person_titles = self._person_titles()
        self.genders = self._genders()

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.token_starts, char) - 1)

    def tokens_in(self, start: int, end: int) -> range:
        return range(bisect_left(self.token_starts, start), bisect_left(self.token_starts, end))

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def in_quote(self, char: int) -> bool:
        k = bisect_right(self.quoted_marks, (char, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted_marks[k][0] <= char < self.quoted_marks[k][1]

    def person_at(self, token: Token) -> Mention | None:
        """The named person a token belongs to; a surname the NER missed ('Trump' tagged
        as a common noun) still counts when the article names that person in full."""
        mention = mention_at(self.mentions, token.idx, token.idx + len(token))
        if mention is not None:
            return mention if mention.label == "PERSON" else None
        canonical = self.surnames.get(token.text)
        if canonical is None:
            return None
        return Mention(token.text, "PERSON", "", token.idx, token.idx + len(token), self.sent_of[token.i], canonical)

    def _surnames(self) -> dict[str, str]:
        by_surname: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.label == "PERSON" and " " in m.canonical:
                by_surname.setdefault(m.canonical.split()[-1], set()).add(m.canonical)
        return {surname: names.pop() for surname, names in by_surname.items() if len(names) == 1}

    def _subject_people(self) -> list[tuple[int, Mention]]:
        """Named people in subject position outside quotes: the likeliest antecedents of 'he'/'she'."""
        # A one-word 'person' named once is more often a tagging error ('Kyiv') than a person.
        counts: dict[str, int] = {}
        for m in self.mentions:
            counts[m.canonical] = counts.get(m.canonical, 0) + 1
        found = []
        for token in self.doc:
            if token.dep_ not in ("nsubj", "nsubjpass") or self.quoted[token.i]:
                continue
            person = self.person_at(token)
            if person is not None and (" " in person.canonical or counts.get(person.canonical, 0) >= 2):
                found.append((token.idx, person))
        return found

    def _head_of(self, start: int, end: int) -> Token:
        tokens = [self.doc[i] for i in self.tokens_in(start, end)] or [self.doc[self.token_at(start)]]
        inside = {t.i for t in tokens}
        return next((t for t in tokens if t.head.i not in inside or t.head is t), tokens[-1])

    def _person_titles(self) -> dict[str, list[Mention]]:
        """Role words around each named person ('Kremlin spokesman Dmitry Peskov',
        'Peskov, the Kremlin spokesman') -> the people they describe."""
        titles: dict[str, list[Mention]] = {}
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            head = self._head_of(m.start_char, m.end_char)
            words = {w.lower() for w in m.text.split()} - {w.lower() for w in m.canonical.split()}
            for child in head.children:
                if child.dep_ in ("compound", "amod", "appos") and not (m.start_char <= child.idx < m.end_char) \
                        and self.person_at(child) is None:
                    words.update(t.lower_ for t in child.subtree if not t.is_punct)
                    words.add(child.lemma_.lower())
            for word in words:
                titles.setdefault(word, []).append(m)
        return titles

    def _genders(self) -> dict[str, str]:
        """Known gender of the article's people, from a title ('Mrs. Clinton') or from a
        pronoun subject of a clause their own statement governs ('Rajoy said he will')."""
        votes: dict[str, dict[str, int]] = {}
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            k = self.token_at(m.start_char)
            words = [w.lower().rstrip(".") for w in m.text.split()[:1]]
            if k > 0:
                words.append(self.doc[k - 1].lower_.rstrip("."))
            gender = next((_TITLE_GENDER[w] for w in words if w in _TITLE_GENDER), None)
            if gender:
                votes.setdefault(m.canonical, {}).setdefault(gender, 0)
                votes[m.canonical][gender] += 2
        for token in self.doc:
            gender = _PRONOUN_GENDER.get(token.lower_)
            if gender is None or token.dep_ not in ("nsubj", "nsubjpass") or self.quoted[token.i]:
                continue
            clause = token.head
            if clause.dep_ != "ccomp" or clause.head is clause:
                continue
            outer = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            person = self.person_at(outer) if outer is not None and not self.quoted[outer.i] else None
            if person is not None:
                votes.setdefault(person.canonical, {}).setdefault(gender, 0)
                votes[person.canonical][gender] += 1
        return {name: max(v, key=v.get) for name, v in votes.items() if len(v) == 1 or
                max(v.values()) >= 2 * min(v.values())}

    def person_before(self, char: int, pronoun: str = "") -> Mention | None:
        """Antecedent of a personal pronoun: the last named person in subject position,
        else the last named person outside quotes; people whose known gender differs
        from the pronoun's are skipped."""
        gender = _PRONOUN_GENDER.get(pronoun.lower())

        def fits(m: Mention) -> bool:
            return gender is None or self.genders.get(m.canonical, gender) == gender

        k = bisect_left(self.subject_positions, char)
        for _, person in reversed(self.subject_people[max(0, k - 8) : k]):
            if fits(person):
                return person
        for m in reversed(self.mentions[: bisect_left(self.mention_starts, char)]):
            if m.label == "PERSON" and not self.in_quote(m.start_char) and fits(m):
                return m
        return None

    def group_before(self, pronoun: Token) -> Mention | None:
        """Antecedent of 'they'/'we': an organization or group ('Senate Democrats blocked
        the bill because they said ...') that is the subject of a clause governing the
        pronoun, else the main subject of the previous sentence."""
        candidates = [a for a in pronoun.head.ancestors if a.pos_ in ("VERB", "AUX")]
        k = self.sent_of[pronoun.i]
        if k > 0:
            candidates.append(self.sents[k - 1].root)
        for verb in candidates:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or self.quoted[subject.i] or subject.i == pronoun.i:
                continue
            mention = mention_at(self.mentions, subject.idx, subject.idx + len(subject))
            if mention is not None and mention.label in ("ORG", "NORP"):
                return mention
            return None  # the nearest subject is not a group
        return None

    def person_with_role(self, head: Token, modifiers: set[str]) -> Mention | None:
        """'the Kremlin spokesman' -> the person introduced with that role; ties go to
        the most recent one before the role noun."""
        people = self.person_titles.get(head.lemma_.lower()) or self.person_titles.get(head.lower_)
        if not people:
            return None

        def score(m: Mention) -> tuple[int, int]:
            words = {w for w, ms in self.person_titles.items() if m in ms}
            before = m.start_char if m.start_char < head.idx else -m.start_char
            return len(words & modifiers), before

        best = max(people, key=score)
        if modifiers and score(best)[0] == 0:
            return None  # 'the U.S. president' is not 'Russian President Vladimir Putin'
        return next((m for m in reversed(self.mentions) if m.canonical == best.canonical and m.label == "PERSON"
                     and m.start_char < head.idx), best)


# --- speakers and cues ----------------------------------------------------------

_NP_LEFT = ("compound", "amod", "nmod", "poss", "nummod", "det", "case", "quantmod", "npadvmod")


# A legislator's party and state after the name: '(R-OH)', '(D-Vt.)'.
_PARTY_STATE = re.compile(r"\([RDI]-[A-Z][A-Za-z.]{1,5}\)")


def _subject_of(art: _Article, verb: Token) -> Token | None:
    """Grammatical subject of a reporting verb, following participles ('..., saying'),
    coordination ('and added') and relative clauses ('Peskov, who said'). Subjects
    inside quotes or in another paragraph (a heading the parser glued on) do not count."""
    reporting_verb = verb
    paragraph = art.paragraph_of(verb.idx)
    for _ in range(5):
        for child in verb.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or art.quoted[child.i]:
                continue
            if child.dep_ == "nsubjpass" and verb is reporting_verb:
                # 'Priebus was said to be "furious"': the topic, not the speaker.
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if art.paragraph_of(child.idx) != paragraph:
                continue
            if (child.ent_type_ in ("DATE", "TIME") and child.pos_ == "PROPN"
                    or _PARTY_STATE.match(art.text, max(0, child.idx - 3))):
                # A misparse: 'Saturday ... Sen. Elizabeth Warren (D-MA) said' has the
                # date or the '(D-MA)' tag as its subject; the name near the verb speaks.
                return _nearby_name(art, reporting_verb)
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return child  # 'Obama, who called ...': resolved through the relative clause
            if child.lower_ == "it" and child.dep_ == "nsubj" and verb is reporting_verb and not any(
                    c.dep_ == "auxpass" or c.dep_ == "ccomp" and c.i < child.i and not art.quoted[c.i]
                    for c in verb.children):
                return child  # 'it said in a statement': an organization or a document speaks
            if child.lower_ in ("it", "there", "this", "that", "which", "what", "who"):
                return None
            return child
        for child in verb.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if verb is reporting_verb:
            # '"Meh," wrote a Trump supporter': with the quote parsed as the subject,
            # the speaker after the verb is parsed as its object.
            before = next((t for t in reversed(art.doc[: verb.i]) if not t.is_punct and not t.is_space), None)
            if before is not None and art.quoted[before.i] and any(
                    c.dep_ == "nsubj" and art.quoted[c.i] for c in verb.children):
                inverted = next((c for c in verb.rights if c.dep_ == "dobj" and not art.quoted[c.i]), None)
                if inverted is not None:
                    return inverted
            # '“...?” the 43-year-old asked': the speaker parsed as the head the verb modifies.
            head = verb.head
            if verb.dep_ == "acl" and head.i < verb.i and head.pos_ in ("NOUN", "ADJ", "PROPN") \
                    and head.left_edge.i > 0 and art.quoted[head.left_edge.i - 1]:
                return head
            # '..., adding, "..."' hung on the reported clause ('Trump told Newsmax that Romney
            # "had a crazy policy," adding, "He lost ..."'): the reporter adds, not the reported.
            # Only when the reporter comes first: in 'Jones held a meeting and pledged "...",
            # the Sentinel reported' Jones pledges and the Sentinel relays.
            reporter = head.head
            if verb.dep_ in ("advcl", "conj") and head.dep_ == "ccomp" and not _is_speech_verb(head) \
                    and reporter.i < head.i and _is_speech_verb(reporter) and not art.quoted[reporter.i]:
                verb = reporter
                continue
        # Object control: 'prompted Rubio to ... call Trump "very flexible"' - the object speaks.
        if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB" and any(c.tag_ == "TO" for c in verb.children):
            controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if controller is not None and not art.quoted[controller.i] and (
                    art.person_at(controller) is not None or controller.lower_ in ("him", "her", "them")):
                return controller
        # An implicit subject is the governing clause's, also when that clause is quoted.
        # ('talked about continuing ...': through the preposition to 'talked').
        if verb.head is not verb and (
            verb.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") or art.quoted[verb.i]
            or verb.dep_ == "prep" and verb.pos_ == "ADP"
        ):
            verb = verb.head
        else:
            break
    return _nearby_name(art, reporting_verb)


# Entity types that can speak; '' keeps names the NER missed.
_SPEAKER_ENTITY_TYPES = frozenset({"", "PERSON", "ORG", "NORP"})


def _nearby_name(art: _Article, verb: Token) -> Token | None:
    """When the parse gives a reporting verb no subject (common right after a quote:
    '“...,” Ramos, 58, told AFP' / '“...,” said Ramos'), the nearest name or personal
    pronoun before it in its sentence and paragraph, else right after it, is the speaker."""
    sent = art.sents[art.sent_of[verb.i]]
    paragraph = art.paragraph_of(verb.idx)
    window = []
    for i in (*range(verb.i - 1, sent.start - 1, -1), *range(verb.i + 1, min(verb.i + 4, sent.end))):
        token = art.doc[i]
        if i > verb.i and (art.quoted[i] or token.is_punct):
            break
        if art.quoted[i] or art.paragraph_of(token.idx) != paragraph:
            continue
        while token.dep_ == "compound" and token.head.i > token.i:
            token = token.head
        if i < verb.i and (token.dep_ in ("poss", "pobj", "dative")
                           or token.dep_ == "dobj" and (i < verb.i - 1 or art.person_at(token) is None)) \
                or i > verb.i and token.dep_ == "pobj":
            # 'his remarks', 'from Sverdlovsk Oblast', 'wrote on Twitter' are not speakers; a
            # name parsed as an object before the verb is ('screenwriter Cole Haddon wrote').
            continue
        if token.pos_ == "ADP":
            continue  # 'Of Carson, Levine said': a capitalized preposition is no name
        window.append(token)
    # People first: a date or place the NER missed is also a proper noun.
    for token in window:
        if art.person_at(token) is not None or token.lower_ in PERSON_PRONOUNS or token.lower_ in GROUP_PRONOUNS:
            return token
    return next((t for t in window if t.pos_ == "PROPN" and t.ent_type_ in _SPEAKER_ENTITY_TYPES), None)


def _noun_phrase(head: Token) -> tuple[int, int]:
    """Char span of a speaker noun phrase: left modifiers + head (+ 'of'/'from' phrase)."""
    start_token, end_token = head, head
    for child in head.lefts:
        if child.dep_ in _NP_LEFT:
            start_token = min(start_token, child.left_edge, key=lambda t: t.i)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            end_token = max(end_token, child.right_edge, key=lambda t: t.i)
    return start_token.idx, end_token.idx + len(end_token)


def _resolve_speaker(art: _Article, subject: Token) -> _Speaker | None:
    lower = subject.lower_
    token_span = (subject.idx, subject.idx + len(subject))
    if lower in PERSON_PRONOUNS:
        person = art.person_before(subject.idx, lower)
        if person is None:
            return _Speaker(None, None, subject.text, *token_span, resolved=False)
        return _Speaker(person.canonical, person.label, subject.text, *token_span, resolved=True)
    if lower in ("they", "we"):
        group = art.group_before(subject)
        if group is not None:
            return _Speaker(group.canonical, group.label, subject.text, *token_span, resolved=True)
    if lower in GROUP_PRONOUNS or lower == "it":
        return _Speaker(None, None, subject.text, *token_span, resolved=False)
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        antecedent = _resolve_speaker(art, subject.head.head)
        if antecedent is None:
            return None
        return _Speaker(antecedent.name, antecedent.label, subject.text, *token_span, antecedent.resolved)
    if lower in INDEFINITE_SPEAKERS or subject.like_num or subject.pos_ == "NUM":
        # 'Someone called it a "quiet revolution"', 'About four in 10 said they were "angry"'
        np_start, np_end = _noun_phrase(subject)
        return _Speaker(None, None, art.text[np_start:np_end], np_start, np_end, resolved=False)
    if subject.pos_ == "PRON" or not subject.is_alpha and not any(ch.isalpha() for ch in subject.text):
        return None
    mention = mention_at(art.mentions, *token_span) or art.person_at(subject)
    if mention is None:  # 'his aide Yury Ushakov', 'the company's founder, Bill Gates'
        named = (c for c in subject.children if c.dep_ in ("appos", "compound") and c.i > subject.i)
        mention = next((m for c in named if (m := art.person_at(c)) is not None), None)
    if mention is not None and mention.label != "NORP":
        return _Speaker.named(mention)
    np_start, np_end = _noun_phrase(subject)
    np_text = art.text[np_start:np_end]
    if subject.tag_ == "NN" and (subject.is_lower or subject.lower_ in TITLE_WORDS):
        modifiers = {t.lower_ for t in subject.lefts if t.dep_ in ("compound", "amod")}
        person = art.person_with_role(subject, modifiers)
        if person is not None:
            return _Speaker(person.canonical, person.label, np_text, np_start, np_end, True)
    group = re.sub(r"^(?:the|a|an|some|many|several)\s+", "", np_text, flags=re.I)
    return _Speaker(group, None, np_text, np_start, np_end, resolved=False)


def _cue_of(verb: Token) -> str:
    """The verb, its particle, and a medium phrase ('stated on Truth Social')."""
    words = [verb.text]
    for child in verb.rights:
        if child.dep_ == "prt":
            words.append(child.text)
        elif child.dep_ == "prep" and child.lower_ in ("in", "on", "via", "through") and any(
            t.lower_ in CUE_MEDIUM_WORDS for t in child.subtree
        ):
            words.append(child.doc.text[child.idx : child.right_edge.idx + len(child.right_edge)])
            break
    return " ".join(words)


def _is_speech_verb(token: Token) -> bool:
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    return lemma in SPEECH_VERBS or any((lemma, child.lower_) in SPEECH_PHRASES for child in token.children)


@dataclass(frozen=True)
class _Attribution:
    speaker: _Speaker | None
    cue: str | None
    position: int  # char offset of the cue (or of the speaker when there is no cue)
    reported_by: _Speaker | None = None  # the outer source relaying the speaker's words


_POSITION = attrgetter("position")  # key for bisecting attributions, which are in text order


def _according_to(art: _Article, token: Token) -> _Attribution | None:
    """'according to X' -> X."""
    according, to_word = ACCORDING_TO
    if token.lower_ != according:
        return None
    to = next((c for c in token.children if c.lower_ == to_word), None)
    if to is None and token.i + 1 < len(art.doc) and art.doc[token.i + 1].lower_ == to_word:
        to = art.doc[token.i + 1]
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    return _Attribution(_resolve_speaker(art, obj), " ".join(ACCORDING_TO), token.idx)


def _according_after(art: _Article, attribution: _Attribution | None) -> _Attribution | None:
    """'"...," Grayson said, according to Frankel.' / 'According to the school's post, al
    Ashry said ...' / '..., the Orlando Sentinel reported.': the source that reports the
    statement is the outer attribution, the one the quote rests on."""
    if attribution is None or attribution.cue == " ".join(ACCORDING_TO):
        return attribution
    cue = art.token_at(attribution.position)
    sent = art.sents[art.sent_of[cue]]
    for i in range(sent.start, sent.end):
        token = art.doc[i]
        if art.quoted[i] or i == cue:
            continue
        if token.lower_ == ACCORDING_TO[0]:
            found = _according_to(art, token)
            if found is not None and found.speaker is not None:
                return _relayed(attribution, found)
    # '..., the Orlando Sentinel reported.': a report verb governing the cue's clause.
    verb = art.doc[cue]
    for outer in verb.ancestors:
        if outer.lemma_.lower() == "report" and outer.pos_ == "VERB" and outer.i > cue and not art.quoted[outer.i]:
            found = _attribution_at(art, outer)
            if found is not None and found.speaker is not None:
                return _relayed(attribution, found)
    return attribution


def _relayed(inner: _Attribution, outer: _Attribution) -> _Attribution:
    """The speaker stays the person quoted; the outer source is who relays it (or the
    speaker, when the inner attribution names nobody)."""
    if inner.speaker is None:
        return outer
    return replace(inner, reported_by=outer.speaker)


def _verb_attribution(art: _Article, verb: Token) -> _Attribution | None:
    """A verb as the cue: its subject speaks (speaker None when the subject does not
    resolve); None when the verb has no subject."""
    subject = _subject_of(art, verb)
    if subject is None:
        return None
    return _Attribution(_resolve_speaker(art, subject), _cue_of(verb), verb.idx)


def _attribution_at(art: _Article, token: Token) -> _Attribution | None:
    if art.quoted[token.i]:
        return None
    if _is_speech_verb(token):
        return _verb_attribution(art, token)
    return _according_to(art, token)


def _attribution_in(art: _Article, start: int, end: int, last: bool) -> _Attribution | None:
    """First (or last) reporting verb with a subject among the tokens of [start, end)."""
    tokens = art.tokens_in(start, end)
    for i in reversed(tokens) if last else tokens:
        token = art.doc[i]
        found = _attribution_at(art, token)
        if found is not None:
            return found
    return None


# --- classification ------------------------------------------------------------------


def _sentence_bounds(art: _Article, char: int) -> tuple[int, int]:
    sent = art.sents[art.sent_of[art.token_at(char)]]
    return sent.start_char, sent.end_char


def _paragraph_bounds(art: _Article, char: int) -> tuple[int, int]:
    k = art.paragraph_of(char)
    end = art.text.find("\n", art.para_starts[k])
    return art.para_starts[k], len(art.text) if end < 0 else end


# A sentence end right before a quote: '.', '!' or '?' (and closing marks) then space;
# not after an initial or a short abbreviation ('U.S.', 'Mr.').
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bMrs)[.!?][\"”’')]*\s+")


def _lead_in(art: _Article, span: QuotedSpan, previous_end: int) -> tuple[int, str]:
    """Start and text of what precedes the quote in its sentence (after the previous quote)."""
    sent_start, _ = _sentence_bounds(art, span.open_mark)
    para_start, _ = _paragraph_bounds(art, span.open_mark)
    start = max(sent_start, para_start, previous_end)
    # The parser often glues a quote to the sentence before it ('... problems. ''America
    # is already great,'' he said.'): a lead ending a sentence is no lead.
    for match in _SENTENCE_END.finditer(art.text, start, span.open_mark):
        start = match.end()
    lead = "".join(ch for ch in art.text[start : span.open_mark] if unicodedata.category(ch) != "Cf")
    return start, lead.strip()


def _tail(art: _Article, span: QuotedSpan, next_start: int) -> tuple[int, int]:
    """What follows the quote up to the end of its sentence (before the next quote).
    A quote ending with a comma that closes its paragraph continues on the next line
    ('“..., an END to the war,”' / 'Trump stated on Truth Social.')."""
    _, para_end = _paragraph_bounds(art, span.end - 1)
    stop = para_end
    if art.text[span.end : para_end].strip() == "" and _last_char(art.text, span) == ",":
        nxt = span.end
        while nxt < len(art.text) and art.text[nxt].isspace():
            nxt += 1
        if nxt < len(art.text):
            stop = _paragraph_bounds(art, nxt)[1]
    if span.end >= len(art.text):
        return span.end, span.end
    first = span.end
    while first < stop and art.text[first].isspace():
        first += 1
    if first >= stop:
        return span.end, span.end
    _, sent_end = _sentence_bounds(art, first)
    return span.end, min(max(sent_end, first), stop, next_start)


def _tail_verb(art: _Article, start: int, end: int) -> _Attribution | None:
    """'"...," the nominee riffed.' / '"I am still Sanders," it read.': right after a quote
    that ends like a clause going on, the first verb of the tail is its cue even when it is
    not a reporting verb, provided it comes within a few words and has a subject."""
    tokens = art.tokens_in(start, end)
    for i in tokens[:8]:
        token = art.doc[i]
        if token.pos_ == "VERB" and not art.quoted[i]:
            found = _verb_attribution(art, token)
            return found if found is not None and found.speaker is not None else None
    return None


_MODALS = frozenset("will would should could can may might must shall".split())


def _hypothetical(verb: Token) -> bool:
    """A reporting verb in a clause that says what someone should, will or is to say
    ('should condemn', 'to announce', 'would call'), or a gerund or participle complement
    without an auxiliary, not what was said."""
    if verb.dep_ not in ("ccomp", "xcomp", "advcl", "relcl"):
        return False
    if verb.tag_ == "VB":
        # A purpose clause ('took to Twitter to call Fields "delusional"') did say it.
        return any(c.dep_ == "aux" and (c.lower_ in _MODALS or c.tag_ == "TO" and verb.dep_ in ("ccomp", "xcomp"))
                   for c in verb.children)
    return verb.tag_ in ("VBG", "VBN") and verb.dep_ == "ccomp" and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _governing_attribution(art: _Article, span: QuotedSpan) -> _Attribution | None:
    """For an embedded quote: the reporting verb among the ancestors of the quote's
    head ('described the discussion as “informative”'), or 'according to X'."""
    inside = art.tokens_in(span.start_char, span.end_char)
    if not inside:
        return None
    doc = art.doc
    heads = [doc[i] for i in inside if not (inside.start <= doc[i].head.i < inside.stop) or doc[i].head.i == i]
    for head in heads[:2]:
        # A parenthetical cue ('There was, she said, "an implicit bargain"') speaks
        # the whole clause around it.
        for ancestor in (head, *head.ancestors):
            for child in ancestor.children:
                if child.dep_ == "parataxis" and not art.quoted[child.i] and _is_speech_verb(child):
                    found = _attribution_at(art, child)
                    if found is not None and found.speaker is not None:
                        return found
        found = []
        for ancestor in head.ancestors:
            if not art.quoted[ancestor.i] and _is_speech_verb(ancestor):
                found.append(_attribution_at(art, ancestor) or _Attribution(None, _cue_of(ancestor), ancestor.idx))
        # Nested reporting: a verb of what someone should, will or is to say ('she expects
        # Obama to announce an "intensification"') reports nothing; the clause around it does.
        said = [a for a in found if not _hypothetical(art.doc[art.token_at(a.position)])]
        if said:
            found = said
        # In nested reporting ('Schultz said the platform should reiterate "..."') the
        # nearest verb whose speaker is a person wins over one with a thing as subject.
        people = [a for a in found if a.speaker is not None and (a.speaker.label == "PERSON"
                                                                  or a.speaker.mention.lower() in PERSON_PRONOUNS)]
        if people or found:
            return _outer_mention((people or found)[0], art)
    sent = art.sents[art.sent_of[inside.start]]
    for token in sent:
        if token.lower_ == ACCORDING_TO[0]:
            found = _according_to(art, token)
            if found is not None:
                return found
    return None


def _quote(art: _Article, span: QuotedSpan, attribution: _Attribution | None, quote_type: str,
           confidence: float) -> Quote:
    speaker = attribution.speaker if attribution else None
    if speaker is None:
        confidence = min(confidence, 0.5)
    elif not speaker.resolved:
        confidence -= 0.1
    if not span.closed:
        confidence -= 0.15
    return Quote(
        text=art.text[span.start_char : span.end_char],
        speaker=speaker.name if speaker else None,
        speaker_label=speaker.label if speaker else None,
        speaker_mention=speaker.mention if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        cue=attribution.cue if attribution else None,
        quote_type=quote_type,
        start_char=span.start_char,
        end_char=span.end_char,
        confidence=round(max(confidence, 0.05), 2),
        **_reported_by_fields(attribution.reported_by if attribution else None),
    )


def _reported_by_fields(outer: _Speaker | None) -> dict:
    if outer is None:
        return {}
    return {"reported_by": outer.name or outer.mention, "reported_by_mention": outer.mention,
            "reported_by_start": outer.start, "reported_by_end": outer.end,
            "reported_by_label": outer.label if outer.name else None}


def _speech_events(art: _Article) -> list[_Attribution]:
    """Every reporting verb (or 'according to') with a speaker outside quotes, in order."""
    events = []
    for token in art.doc:
        if art.quoted[token.i]:
            continue
        found = _attribution_at(art, token)
        if found is not None and found.speaker is not None:
            events.append(found)
    return events


def _previous_speaker(art: _Article, events: list[_Attribution], before: int) -> _Attribution | None:
    """Who a floating quote continues: the last attribution or else the last named person
    in subject position ('Viguerie is upbeat about ...'), at most two paragraphs back."""
    candidates = []
    k = bisect_left(events, before, key=_POSITION) - 1
    if k >= 0:
        candidates.append(events[k])
    k = bisect_left(art.subject_positions, before) - 1
    if k >= 0:
        person = art.subject_people[k][1]
        speaker = _Speaker.named(person)
        candidates.append(_Attribution(speaker, None, person.start_char))
    paragraph = art.paragraph_of(before)
    recent = [c for c in candidates if paragraph - art.paragraph_of(c.position) <= 2]
    return recent[0] if recent else None  # an attribution first, then a subject


# Last characters of a quote that ends like a clause going on ('"...," he said').
_CLAUSE_GOES_ON = ",?!—–-…"


def _classify(art: _Article, spans: list[QuotedSpan], events: list[_Attribution]) -> list[Quote]:
    quotes: list[Quote] = []
    text = art.text
    last_cued: _Attribution | None = None  # the attribution of the last direct quote with a cue
    last_cued_span = -1
    for n, span in enumerate(spans):
        previous_end = spans[n - 1].end if n else 0
        next_start = spans[n + 1].open_mark if n + 1 < len(spans) else len(text)
        lead_start, lead = _lead_in(art, span, previous_end)
        tail_start, tail_end = _tail(art, span, next_start)
        tail = text[tail_start:tail_end].strip()
        content = text[span.start_char : span.end_char]
        last_char = _last_char(text, span)
        starts_upper = content[:1].isupper() or content[:1].isdigit()
        lead_token = art.doc[art.token_at(span.open_mark - 1)] if lead else None
        first_token = art.doc[art.token_at(span.start_char)]
        lead_in = bool(lead) and (
            lead.endswith(":")
            or starts_upper and first_token.pos_ != "PROPN"
            and (lead.endswith(",") or lead_token is not None and _is_speech_verb(lead_token))
        )
        # Right after another quote of the same sentence ('"a;" "b;"') is not a sentence
        # start: the previous quote (its closing mark at least) is this one's lead.
        if not lead and n and spans[n - 1].end > _sentence_bounds(art, span.open_mark)[0]:
            between = text[spans[n - 1].end : span.open_mark].strip()
            if _last_char(text, spans[n - 1]) not in ".?!" and not between.endswith((".", "?", "!")):
                lead = between or text[spans[n - 1].end - 1]

        # After the quote: '"...," he said.' The tail counts when the quote ends like a
        # clause that goes on, or when the tail starts in lower case.
        tail_attribution = None
        # A short tail also counts after a full stop ('“... missing.” Trump said.').
        if tail and (last_char in _CLAUSE_GOES_ON or tail[:1].islower() or not span.closed
                     or len(tail.split()) <= 4 and tail.endswith(".")):
            tail_attribution = _attribution_in(art, tail_start, tail_end, last=False)

        headline = _name_colon(art, span)
        if lead == "" or lead_in:
            attribution = tail_attribution or _lead_attribution(art, span, lead, lead_start, previous_end)
            if attribution is None and tail and last_char in _CLAUSE_GOES_ON:
                attribution = _tail_verb(art, tail_start, tail_end)
            attribution = _according_after(art, attribution)
            if attribution is not None:
                quotes.append(_quote(art, span, attribution, "direct", 0.9))
                last_cued, last_cued_span = attribution, n
                continue
            if headline is not None:
                quotes.append(_quote(art, span, headline, "direct", 0.8))
                continue
            signed = _dash_signature(art, span)
            if signed is not None:
                quotes.append(_quote(art, span, signed, "direct", 0.8))
                continue
            sentence_like = last_char in ".?!," and len(content.split()) >= 4
            if lead_in or tail.strip(".,;:!?)]—–- ") == "" or lead == "" and sentence_like:
                # A quote sentence with no cue of its own continues the previous speaker.
                floating = _previous_speaker(art, events, span.open_mark)
                if floating is not None and last_cued is not None and floating is not last_cued and (
                        _same_sentence(art, floating.position, last_cued.position)
                        or last_cued_span == n - 1 and art.paragraph_of(spans[n - 1].end - 1)
                        == art.paragraph_of(span.open_mark)):
                    # A side remark in the cue's sentence ('said O'Donnell, who wrote about it
                    # in the book.') does not take over the speaker.
                    floating = last_cued
                quotes.append(_quote(art, span, floating, "direct", 0.65))
                continue
        # Embedded in a sentence: a partial quote when a reporting verb governs it,
        # otherwise a scare quote or a title, which is not a quote.
        if headline is not None:
            quotes.append(_quote(art, span, headline, "partial", 0.8))
            continue
        governing = _according_after(art, _governing_attribution(art, span) or tail_attribution)
        if _looks_like_title(content) and not _named_by(art, span, governing):
            continue  # 'told "Good Morning America"'
        if governing is not None:
            quotes.append(_quote(art, span, governing, "partial", 0.8))
            continue
        # A phrase in a clause whose subject is a person ('Trump blasted Disney for its
        # "outrageous practices"') is likely that person's words.
        person = _person_clause(art, span)
        if person is not None:
            quotes.append(_quote(art, span, person, "partial", 0.45))
    return quotes


_SIGNATURE = re.compile(r"[-–—]+\s*(\S[^\n]{0,80}?)\.?[ \t]*$")


def _dash_signature(art: _Article, span: QuotedSpan) -> _Attribution | None:
    """A quote paragraph signed on the next line ('"..."' / '- Bernie Sanders.', the
    fact-checkers' style): the name after the dash is the speaker."""
    _, para_end = _paragraph_bounds(art, span.end - 1)
    if art.text[span.end : para_end].strip():
        return None
    k = art.paragraph_of(span.end - 1) + 1
    if k >= len(art.para_starts):
        return None
    start = art.para_starts[k]
    if art.text[span.end : start].count("\n") > 2:
        return None
    end = _paragraph_bounds(art, start)[1]
    signature = _SIGNATURE.match(art.text, start, end)
    if signature is None:
        return None
    for i in art.tokens_in(signature.start(1), signature.end(1)):
        name = art.doc[i]
        if name.pos_ == "PROPN" and (art.person_at(name) is not None or name.ent_type_ in ("ORG", "PERSON")):
            speaker = _resolve_speaker(art, name)
            return _Attribution(speaker, art.text[start], start) if speaker is not None else None
        if name.text == ",":
            break
    return None


def _same_sentence(art: _Article, a: int, b: int) -> bool:
    return art.sent_of[art.token_at(a)] == art.sent_of[art.token_at(b)]


def _named_by(art: _Article, span: QuotedSpan, governing: _Attribution | None) -> bool:
    """A capitalized phrase that a naming verb applies ('called it "Crooked Hillary"',
    'what he calls the "Washington cartel"') is the speaker's words, not a title."""
    if governing is None or governing.cue is None:
        return False
    verb = art.doc[art.token_at(governing.position)]
    return verb.lemma_.lower() in NAMING_VERBS


def _last_char(text: str, span: QuotedSpan) -> str:
    """Last character of a quote before its closing mark (a trailing comma included)."""
    return text[span.start_char : span.end].rstrip("”\"’' ")[-1:]


def _looks_like_title(content: str) -> bool:
    """'The Godfather', 'Meet the Press': every significant word capitalized. An
    exclamation or a question ('USA! USA!', 'Mr. D'Souza?') is speech, not a title."""
    if content.rstrip(" ,.'’\"”").endswith(("!", "?")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", content) if len(w) > 3 or w[0].isupper()]
    return bool(words) and all(w[0].isupper() for w in words)


def _person_clause(art: _Article, span: QuotedSpan) -> _Attribution | None:
    inside = art.tokens_in(span.start_char, span.end_char)
    if not inside:
        return None
    head = next((art.doc[i] for i in inside if not (inside.start <= art.doc[i].head.i < inside.stop)), None)
    for verb in head.ancestors if head is not None else ():
        if verb.pos_ not in ("VERB", "AUX") or art.quoted[verb.i]:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        if art.person_at(subject) is not None or subject.lower_ in PERSON_PRONOUNS:
            return _outer_mention(_Attribution(_resolve_speaker(art, subject), verb.text, verb.idx), art)
        # A noun cue: 'Rubio's catch phrase ... was that Crist "would say or do anything"'.
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in SPEECH_NOUNS and owner is not None:
            speaker = _possessor(art, owner)
            if speaker is not None:
                return _Attribution(speaker, subject.text, subject.idx)
    return None


def _possessor(art: _Article, owner: Token) -> _Speaker | None:
    """'Rubio's' / 'his' / 'her' in front of a noun cue -> the person."""
    if owner.lower_ in ("his", "her"):
        person = art.person_before(owner.idx, owner.lower_)
        if person is None:
            return None
        return _Speaker(person.canonical, person.label, owner.text, owner.idx, owner.idx + len(owner), True)
    person = art.person_at(owner)
    if person is None:
        return None
    return _Speaker.named(person)


def _outer_mention(attribution: _Attribution, art: _Article) -> _Attribution:
    """Nested reporting ('Cruz has railed against what he calls the "Washington cartel"',
    'Rajoy said that he will "try ..."'): when the speaker is a pronoun, an earlier
    subject of a governing clause that names the same person (or is the same pronoun)
    is the mention the quote rests on."""
    speaker = attribution.speaker
    if speaker is None or speaker.mention.lower() not in PERSON_PRONOUNS:
        return attribution
    best = speaker
    verb = art.doc[art.token_at(speaker.start)].head  # the clause the pronoun is the subject of
    # Only through complement clauses: a conjunct or relative clause with its own
    # pronoun subject ('Trump called it X, but he also noted "Y"') is its own attribution.
    while verb.head is not verb:
        if verb.dep_ in ("ccomp", "xcomp"):
            verb = verb.head
        elif verb.dep_ in ("pcomp", "dobj", "pobj") and any(c.lower_ == "what" for c in verb.children):
            verb = verb.head.head if verb.dep_ == "pcomp" else verb.head  # 'railed against what he calls'
        else:
            break
        ancestor = verb
        if art.quoted[ancestor.i] or ancestor.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or art.quoted[subject.i] or subject.idx >= best.start:
            continue
        if subject.lower_ == speaker.mention.lower():
            best = _Speaker(speaker.name, speaker.label, subject.text, subject.idx, subject.idx + len(subject),
                            speaker.resolved)
            continue
        person = art.person_at(subject)
        if person is not None and person.canonical == speaker.name:
            best = _Speaker.named(person)
        elif person is None and subject.pos_ == "NOUN":  # a role: 'The president denounced what he called'
            role = _resolve_speaker(art, subject)
            if role is not None and role.resolved and role.name == speaker.name:
                best = role
    if best is speaker:
        return attribution
    return replace(attribution, speaker=best)


def _name_colon(art: _Article, span: QuotedSpan) -> _Attribution | None:
    """Headline style 'Graham: Trump's ‘Incredibly Hateful Rhetoric’ ...': a paragraph
    opening with a bare name and a colon attributes its quotes to that name."""
    para_start, _ = _paragraph_bounds(art, span.open_mark)
    colon = art.text.find(":", para_start, span.open_mark)
    if colon < 0:
        return None
    tokens = [art.doc[i] for i in art.tokens_in(para_start, colon) if not art.doc[i].is_space]
    if tokens and len(tokens) <= 12 and not art.text[colon + 1 : span.open_mark].strip() \
            and (person := art.person_at(tokens[0])) is not None \
            and person.start_char == tokens[0].idx:
        # A headline led by a person ('Sarah Silverman heckles Sanders supporters: ...').
        return _Attribution(_Speaker.named(person), ":", colon)
    # 'CNN President On Trump:' names the speaker before the preposition.
    preposition = next((k for k, t in enumerate(tokens) if t.pos_ == "ADP"), len(tokens))
    tokens = tokens[:preposition]
    if not tokens or len(tokens) > 5 or any(t.pos_ in ("VERB", "AUX", "SCONJ") for t in tokens):
        return None
    name = tokens[-1]
    if name.ent_type_ not in _SPEAKER_ENTITY_TYPES or not (name.pos_ == "PROPN" or art.person_at(name)):
        return None
    return _Attribution(_resolve_speaker(art, name), ":", colon)


def _lead_attribution(art: _Article, span: QuotedSpan, lead: str, lead_start: int,
                      previous_end: int) -> _Attribution | None:
    """Attribution before the quote: in its sentence ('Trump stated: "..."') or, for a
    quote opening a paragraph, a lead-in ending the previous one ('Trump stated,').
    A colon introduces a quote even without a reporting verb ('Article 33 affirms:',
    'He then listed the qualities ...:'): the subject of the lead-in speaks."""
    if lead:
        start, end = lead_start, span.open_mark
    else:
        para_start, _ = _paragraph_bounds(art, span.open_mark)
        before = art.text[:para_start].rstrip()
        if not before.endswith((":", ",")) or previous_end > len(before):
            return None
        start, end = max(_sentence_bounds(art, len(before) - 1)[0], previous_end), len(before)
    if not art.text[start:end].rstrip().endswith(":"):
        return _attribution_in(art, start, end, last=True)
    return _name_before_colon(art, start, end) or _attribution_in(art, start, end, last=True) \
        or _colon_subject(art, start, end)


def _name_before_colon(art: _Article, start: int, end: int) -> _Attribution | None:
    """'... - Carl Bialik: “...”': a bare name right before the colon is the speaker."""
    tokens = [art.doc[i] for i in art.tokens_in(start, end) if not art.doc[i].is_space]
    if len(tokens) < 2 or tokens[-1].text != ":":
        return None
    k = len(tokens) - 2
    while k >= 0 and (tokens[k].pos_ == "PROPN" or tokens[k].lower_ == "and"):
        k -= 1
    if k == len(tokens) - 2 or k >= 0 and not tokens[k].is_punct:
        return None
    name = tokens[-2]
    if name.ent_type_ not in _SPEAKER_ENTITY_TYPES:
        return None
    speaker = _resolve_speaker(art, name)
    return _Attribution(speaker, ":", tokens[-1].idx) if speaker is not None else None


def _colon_subject(art: _Article, start: int, end: int) -> _Attribution | None:
    """The subject of the last verb of a lead-in ending with a colon."""
    for i in reversed(art.tokens_in(start, end)):
        token = art.doc[i]
        if token.pos_ in ("VERB", "AUX") and not art.quoted[i]:
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                speaker = _resolve_speaker(art, subject)
                return _Attribution(speaker, ":", token.idx) if speaker is not None else None
    return None


# --- statements that lost their quote marks -------------------------------------------

_FIRST_PERSON = frozenset("i we me us my our".split())


def _unquoted_statements(art: _Article, events: list[_Attribution], spans: list[QuotedSpan]) -> list[Quote]:
    """A paragraph without quote marks that ends with ', Putin emphasized.' and speaks in
    the first person is a direct quote whose marks were lost in copying; in the third
    person it is ordinary reported speech."""
    quoted_paragraphs = {art.paragraph_of(s.open_mark) for s in spans}
    found = []
    for event in events:
        speaker = event.speaker
        paragraph = art.paragraph_of(event.position)
        if event.cue == " ".join(ACCORDING_TO) or paragraph in quoted_paragraphs or event.position < speaker.start:
            continue
        para_start, para_end = _paragraph_bounds(art, event.position)
        subject_first = art.token_at(speaker.start)
        if subject_first == 0 or art.doc[subject_first - 1].text != ",":
            continue
        comma = art.doc[subject_first - 1]
        after = art.text[event.position : para_end].rstrip()
        if not after.endswith(".") or len(after.split()) > 8 or comma.idx <= para_start:
            continue
        start, end = para_start, comma.idx
        while art.text[start].isspace():
            start += 1
        if not any(art.doc[i].lower_ in _FIRST_PERSON for i in art.tokens_in(start, end)):
            continue
        found.append(Quote(art.text[start:end], speaker.name, speaker.label, speaker.mention, speaker.start,
                           speaker.end, event.cue, "direct", start, end, 0.6))
    return found


# --- indirect speech -----------------------------------------------------------------


def _indirect(art: _Article, events: list[_Attribution], quotes: list[Quote]) -> list[Quote]:
    """Reporting verbs with a clausal complement outside quotes: 'Putin said that Russia ...'."""
    taken = sorted((q.start_char, q.end_char) for q in quotes)
    found = []
    for event in events:
        verb = art.doc[art.token_at(event.position)]
        if verb.lower_ == ACCORDING_TO[0]:
            continue
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        tokens = list(clause.subtree)
        while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct or tokens[0].is_space):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens = tokens[:-1]
        if len(tokens) < 3:
            continue
        if art.paragraph_of(tokens[0].idx) != art.paragraph_of(tokens[-1].idx):
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if any(s < end and start < e for s, e in taken):
            continue
        speaker = event.speaker
        confidence = 0.7 if speaker.resolved else 0.6
        found.append(Quote(art.text[start:end], speaker.name, speaker.label, speaker.mention, speaker.start,
                           speaker.end, event.cue, "indirect", start, end, confidence))
    return found


def _join_split_quotes(art: _Article, quotes: list[Quote]) -> list[Quote]:
    """One statement, one row: consecutive quoted pieces resting on the same speaker
    mention and cue ('"I love cats!" insists Burton. "I absolutely do."', or a floating
    paragraph continuing the same attribution) become one quote with several segments,
    so counting quotes per speaker counts statements, not fragments. Pieces join within
    a paragraph, or across one paragraph break when both are direct: on PolNeAR a
    partial quote and a later paragraph's quote are two statements more often than one."""
    joined: list[Quote] = []
    for q in quotes:
        last = joined[-1] if joined else None
        if (last is not None and q.speaker_start is not None and last.speaker_start == q.speaker_start
                and last.speaker_end == q.speaker_end and last.cue == q.cue
                and _paragraphs_apart(art, last, q) <= (1 if last.quote_type == q.quote_type == "direct" else 0)):
            joined[-1] = replace(
                last,
                text=last.text + SPLIT_JOINER + q.text,
                quote_type="direct" if "direct" in (last.quote_type, q.quote_type) else last.quote_type,
                end_char=q.end_char,
                confidence=max(last.confidence, q.confidence),
                segments=last.segments + q.segments,
            )
        else:
            joined.append(q)
    return joined


def _paragraphs_apart(art: _Article, first: Quote, second: Quote) -> int:
    return art.paragraph_of(second.start_char) - art.paragraph_of(first.segments[-1][0])


# --- speaker choice ---------------------------------------------------------------
# The rules above pick one speaker per quote from the nearest reporting verb. A linear
# ranker re-scores that pick against the other speakers of reporting verbs around the
# quote (the sentence before to the sentence after, and the last one before it) and
# takes another only when it scores higher: nested reports ('Meeks said Clinton
# reassured them ... "were not going to be like Trump"'), where PolNeAR and readers
# credit the outer source, are what the rules get wrong and the features capture.
# Weights: speaker_ranker.json, trained on PolNeAR train by
# benchmarks/train_speaker_ranker.py (the features below are the only definition).

_RANKER_FILE = Path(__file__).with_name("speaker_ranker.json")
# Lemmas that get their own feature; the rest share one.
_RANKED_LEMMAS = ("say", "tell", "add", "write", "call", "according", "ask", "describe", "note",
                  "explain", "report", "argue", "declare", "tweet", "insist", "warn", "claim",
                  "suggest", "continue", "state")
_RANKED_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis"})


@dataclass(frozen=True)
class SpeakerCandidate:
    """One speaker a quote could rest on, with the features the ranker scores."""
    speaker: _Speaker
    reported_by: _Speaker | None
    cue: str | None
    is_rule: bool  # the rules' own pick
    relays_rule: bool  # its reporting verb governs the rules' cue: the outer source of a nested report
    features: dict[str, float]

    @property
    def span(self) -> tuple[int, int]:
        """The source span: the relay's when there is one (PolNeAR's outer source)."""
        source = self.reported_by or self.speaker
        return source.start, source.end


@cache
def _ranker_weights() -> dict[str, float]:
    return json.loads(_RANKER_FILE.read_text())["weights"]


def speaker_candidates(art: _Article, events: list[_Attribution], quote: Quote) -> list[SpeakerCandidate]:
    """The rules' speaker and the speakers of reporting verbs near the quote, with features;
    empty when the rules found no speaker (the ranker never adds one)."""
    if quote.speaker_start is None:
        return []
    text = art.text
    tokens = art.tokens_in(quote.start_char, quote.end_char)
    if not tokens:
        return []
    first, last = tokens.start, tokens.stop - 1
    doc = art.doc
    head = next(doc[i] for i in tokens if not (first <= doc[i].head.i <= last) or doc[i].head.i == i)
    governing = [a.i for a in head.ancestors if not art.quoted[a.i] and _is_speech_verb(a)]
    s_first, s_last = art.sent_of[first], art.sent_of[last]
    lo = art.sents[max(0, s_first - 1)].start_char
    hi = art.sents[min(len(art.sents) - 1, s_last + 1)].end_char
    near = events[bisect_left(events, lo, key=_POSITION) : bisect_left(events, hi, key=_POSITION)]
    found: dict[tuple[int, int], tuple[_Speaker, _Speaker | None, str | None, Token | None, str]] = {}
    for e in near:
        cue_token = doc[art.token_at(e.position)]
        found.setdefault((e.speaker.start, e.speaker.end), (e.speaker, None, e.cue, cue_token, "event"))
        if e.reported_by is not None:
            found.setdefault((e.reported_by.start, e.reported_by.end),
                             (e.speaker, e.reported_by, e.cue, cue_token, "relay"))
    k = bisect_left(events, quote.start_char, key=_POSITION) - 1
    if k >= 0:
        e = events[k]
        found.setdefault((e.speaker.start, e.speaker.end),
                         (e.speaker, None, e.cue, doc[art.token_at(e.position)], "previous"))
    if quote.reported_by_start is not None:
        rule_span = (quote.reported_by_start, quote.reported_by_end)
        rule_name = quote.reported_by
    else:
        rule_span = (quote.speaker_start, quote.speaker_end)
        rule_name = quote.speaker
    if rule_span not in found:
        # A mention the rules moved to ('Cruz has railed against what he calls': Cruz) keeps
        # the cue of its attribution; a speaker from no reporting verb (a 'Name:' lead) has none.
        rule_speaker = _Speaker(rule_name, quote.speaker_label, text[rule_span[0]:rule_span[1]], *rule_span, True)
        cue_token = next((doc[art.token_at(e.position)] for e in near
                          if e.cue == quote.cue and e.speaker.name == quote.speaker), None)
        found[rule_span] = (rule_speaker, None, quote.cue, cue_token, "rule only")
    rule_label, rule_cue = found[rule_span][0].label, found[rule_span][3]
    # The verbs the rules' cue hangs under: a candidate there is the outer source of a nested report.
    outer_of_rule = {a.i for a in rule_cue.ancestors} if rule_cue is not None else set()
    rule_lemma = rule_cue.lemma_.lower() if rule_cue is not None else "none"
    rule_lemma = rule_lemma if rule_lemma in _RANKED_LEMMAS else "other"
    event_tokens = {art.token_at(e.position) for e in near}
    candidates = []
    for span, (speaker, relay, cue, cue_token, kind) in found.items():
        is_rule = span == rule_span
        source = relay or speaker
        f: dict[str, float] = {"bias": 1, f"kind {kind}": 1, f"label {source.label}": 1,
                               "pronoun": source.mention.lower() in PERSON_PRONOUNS,
                               "resolved": source.resolved,
                               "relative pronoun": doc[art.token_at(source.start)].tag_ in ("WP", "WDT"),
                               "log candidates x rule": is_rule * math.log(len(found))}
        if is_rule:
            f |= {"rule": 1, f"rule confidence {quote.confidence}": 1, f"rule {quote.quote_type}": 1,
                  f"rule kind {kind}": 1}
        else:
            f[f"label {source.label} x rule label {rule_label}"] = 1
            f["same name as rule"] = source.name is not None and source.name == rule_name
        if cue_token is None:
            f["no cue"] = 1
        else:
            i = cue_token.i
            side = "before" if i < first else "after" if i > last else "inside"
            distance = first - i if side == "before" else i - last if side == "after" else 0
            lemma = cue_token.lemma_.lower()
            lo_i, hi_i = sorted((i, first if side == "before" else last))
            f |= {f"lemma {lemma if lemma in _RANKED_LEMMAS else 'other'}": 1,
                  f"lemma {lemma if lemma in _RANKED_LEMMAS[:6] else 'other'} {side}": 1,
                  f"side {side}": 1, f"kind {kind} {side}": 1,
                  "log distance": math.log1p(distance), f"distance <= 3 {side}": distance <= 3,
                  "governs": i in governing, "governs nearest": bool(governing) and i == governing[0],
                  f"cue dep {cue_token.dep_ if cue_token.dep_ in _RANKED_DEPS else 'other'}": 1,
                  "hypothetical": _hypothetical(cue_token),
                  f"sentences apart {max(-2, min(2, art.sent_of[i] - s_first))}": 1,
                  "same paragraph": art.paragraph_of(cue_token.idx) == art.paragraph_of(quote.start_char),
                  f"verb between {side}": any(lo_i < t < hi_i and not art.quoted[t] for t in event_tokens),
                  f"cue by another quote {side}": any(
                      art.quoted[t] and not first <= t <= last
                      for t in range(max(0, i - 3), min(len(doc), i + 4)))}
            if i in governing:
                f[f"governing depth {min(2, governing.index(i))}"] = 1
            if i in outer_of_rule:
                # How the rules' clause hangs under this verb: a reported clause (ccomp) is
                # nesting; an adverbial or a conjunct ('denied it, with X taking to ...') is not.
                link = next(a for a in (rule_cue, *rule_cue.ancestors) if a.head.i == i).dep_
                f |= {"outer of rule": 1, f"outer of rule lemma {rule_lemma}": 1,
                      f"outer of rule via {link if link in _RANKED_DEPS else 'other'}": 1}
            if is_rule:
                f |= {f"rule {side}": 1, f"rule {quote.quote_type} {side}": 1}
        relays = cue_token is not None and cue_token.i in outer_of_rule
        candidates.append(SpeakerCandidate(speaker, relay, cue, is_rule, relays,
                                           {name: float(v) for name, v in f.items() if v}))
    return candidates


def _choose_speakers(art: _Article, events: list[_Attribution], quotes: list[Quote]) -> list[Quote]:
    """Each direct or partial quote keeps the rules' speaker unless the ranker scores
    another candidate higher. The outer source of a nested report ('Law enforcement
    sources have said he said "no more baby parts"') becomes reported_by, and the
    speaker stays whose words they are; any other winner replaces the speaker."""
    weights = _ranker_weights()
    chosen = []
    for quote in quotes:
        candidates = speaker_candidates(art, events, quote)
        if len(candidates) > 1:
            scores = [sum(weights.get(name, 0.0) * v for name, v in c.features.items()) for c in candidates]
            rule = next(k for k, c in enumerate(candidates) if c.is_rule)
            best = max(range(len(candidates)), key=scores.__getitem__)
            if scores[best] > scores[rule]:
                c = candidates[best]
                if c.relays_rule:
                    quote = replace(quote, **_reported_by_fields(c.reported_by or c.speaker))
                else:
                    quote = replace(quote, speaker=c.speaker.name, speaker_label=c.speaker.label,
                                    speaker_mention=c.speaker.mention, speaker_start=c.speaker.start,
                                    speaker_end=c.speaker.end, cue=c.cue,
                                    **_reported_by_fields(c.reported_by) if c.reported_by else _NO_RELAY)
        chosen.append(quote)
    return chosen


_NO_RELAY = dict.fromkeys(("reported_by", "reported_by_mention", "reported_by_start", "reported_by_end",
                           "reported_by_label"))


def rule_quotes(doc: Doc, mentions: Sequence[Mention]) -> tuple[_Article, list[_Attribution], list[Quote]]:
    """The direct and partial quotes as the rules attribute them, before the ranker."""
    spans = find_quoted_spans(doc.text)
    art = _Article(doc, mentions, spans)
    events = _speech_events(art)
    return art, events, _join_split_quotes(art, _classify(art, spans, events))


def extract_quotes(doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
    """Direct, partial and indirect quotes of one parsed article, sorted by offset."""
    art, events, quotes = rule_quotes(doc, mentions)
    quotes = _choose_speakers(art, events, quotes)
    quotes += _unquoted_statements(art, events, art.spans)
    quotes += _indirect(art, events, quotes)
    return sorted(quotes, key=lambda q: (q.start_char, q.end_char))

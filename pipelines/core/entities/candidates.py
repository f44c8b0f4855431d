"""Step 1 of `find_mentions` (mentions.py): the model's spans, cleaned, as candidate names.

A trailing possessive is not part of a name, nor is a scorecard's number (a station's is: 'Radio
4'); a verb or a common noun in front of a person's name is cut off; a group's name the model cut
from a longer one takes its modifier back; a span without a capital letter, a time zone or a
technical format is no name; 'U.S.-Russia' is two places, and a span across a free-standing dash
or a number ('Pohang 3 Ulsan') is two names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text, doc_tokens, span_text
from pipelines.core.entities.knowledge import (dictionary_words, given_names, is_demonym, is_major_place,
                                              place_population, time_zone_abbreviations)
from pipelines.core.entities.names import (ALIASES, FORMAT_ABBREVIATIONS, MENTION_LABELS, ROLE_NOUNS, TITLE_WORDS)

if TYPE_CHECKING:
    from spacy.tokens import Doc

_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame lord lady".split())
# Words that open a name after them: a role title or an honorific ('aide Yuri Ushakov', 'Mr Smith').
TITLE_OPENERS = ROLE_NOUNS | HONORIFICS
# Words that are given names somewhere but open place and other names here ('San Fierro', 'Al Otro Lado').
NAME_PREFIXES = frozenset(
    "san santa santo sao saint st fort port new el la las los le les al de del da di van von du".split())


# Generational suffixes written after a person's name ('Xx Yy Jr.'); no Roman numeral ('II' ends
# rulers' and events' names too, which the model keeps whole).
NAME_SUFFIX_WORDS = frozenset({"jr", "sr"})


@dataclass
class Candidate:
    """A name's token span [start, end) in the article before it is resolved to a mention."""
    start: int
    end: int
    ner_label: str
    label: str
    source: str = "model"
    shouted: bool = False
    why: str = ""   # label_source when a rule set the label


def model_candidates(doc: Doc, ents: list) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """The model's entities (`ents`, doc.ents) cleaned into candidates, and the character spans
    of the places split out of hyphenated spans ('U.S.-Russia')."""
    tok = doc_tokens(doc)
    ent_tokens = {i for ent in ents for i in range(ent.start, ent.end)}
    cands: list[Candidate] = []
    place_parts: list[tuple[int, int]] = []
    for ent in _with_split_modifiers(doc, ents):
        if ent.label_ not in MENTION_LABELS:
            continue
        start, end = ent.start, ent.end
        while end - start > 1 and tok[end - 1].text in _POSSESSIVE_TOKENS:
            end -= 1
        # 'Xx Yy Jr.' where the model stopped before the suffix: the suffix is the name's; so is a
        # ruler's number after a given name ('Xavier II'; 'I' only after a ruler's title: 'Queen Xa I').
        if ent.label_ == "PERSON" and end == ent.end and end < len(doc) and tok[end - 1].whitespace_ and (
                (tok[end].is_title and tok[end].lower_.rstrip(".") in NAME_SUFFIX_WORDS)
                or (_REGNAL.match(tok[end].text) and tok[end - 1].lower_ in given_names()
                    and (tok[end].text != "I" or (end - 2 >= 0 and tok[end - 2].lower_ in RULER_TITLES)))):
            end += 1
        # 'J. Ratcliffe 63' in a scorecard: the score is not the name; a station's number is ('Radio 4').
        if ent.label_ in _NUMBERLESS and not (ent.label_ == "ORG" and end - start >= 2 and tok[end - 1].text.isdigit()
                                              and tok[end - 2].lower_ in _NUMBERED_MEDIA):
            while end - start > 1 and (_NUMBER.match(tok[end - 1].text) or tok[end - 1].text in _DASHES):
                end -= 1
        # A name does not start with a verb ('Analysing Mr Brown') or, for a person, with a
        # common noun in front of the name ('Star Christina Applegate', 'Sprinter Michelle Collins').
        # A given name the tagger calls a noun or verb ('Ray Knight', 'Mark McNulty') stays,
        # unless another given name follows it.
        while end - start > 1 and (tok[start].pos_ == "VERB" or (
                tok[start].pos_ == "NOUN" and tok[start + 1].pos_ == "PROPN"
                and (ent.label_ == "PERSON" or tok[start + 1].lower_ in given_names()))) \
                and not (ent.label_ == "PERSON" and tok[start].is_title and tok[start].lower_ in given_names()
                         and (tok[start + 1].lower_ not in given_names() or end - start == 2
                              or _particle(tok[start + 1]))) \
                and not (ent.label_ == "PERSON" and tok[start].is_title and _paired_given_name(doc, start + 1)):
            start += 1
        # 'Analyst Xx Yy' opening a sentence: a capitalised role noun is no part of the name after it.
        while ent.label_ == "PERSON" and end - start > 2 and tok[start].is_title \
                and tok[start].lower_ in ROLE_NOUNS and tok[start + 1].pos_ == "PROPN" and tok[start + 1].text[:1].isupper():
            start += 1
        # 'Tory Neil Hamilton', 'Star Christina Applegate': a person's name starts at the given name.
        if end - start >= 3 and ent.label_ in ("PERSON", "ORG") and tok[start].lower_ not in given_names() \
                and tok[start + 1].is_title and tok[start + 1].lower_ in given_names() \
                and tok[start + 1].lower_ not in NAME_PREFIXES and not _paired_given_name(doc, start + 1):
            start += 1
        if ent.label_ == "NORP" and end - start == 1:
            start = _with_cut_modifier(doc, start, end, ent_tokens)
        name = span_text(doc, start, end)
        if not any(c.isupper() for c in name) or not any(c.isalpha() for c in name):
            continue  # 'ballistic missile': no name is written all in lower case
        if name.isupper() and (name.lower() in FORMAT_ABBREVIATIONS or name.lower() in time_zone_abbreviations()):
            continue  # a time zone or a format ('1400 CET', 'MP3 files'), no organisation
        if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP") and "-" in name:
            parts = _place_parts(doc, start, end)
            if parts:  # 'U.S.-Russia relations': two places
                place_parts.extend(parts)
                continue
        if ent.label_ in _NUMBERLESS and any(_NUMBER.match(tok[i].text) for i in range(start + 1, end - 1)):
            cands.extend(_number_parts(doc, start, end, ent.label_))  # 'Pohang 3 Ulsan' in a results line
            continue
        if ent.label_ not in ("WORK_OF_ART", "EVENT") and any(_free_dash(doc, i) for i in range(start + 1, end - 1)):
            cands.extend(_dash_parts(doc, start, end, ent.label_))  # 'Lithuania - Danius Gleveckas'
            continue
        cands.append(Candidate(start, end, ent.label_, ent.label_))
    return cands, place_parts


_REGNAL = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X{1,2}I{0,3}|XI?V)$")
# Titles of rulers, whose given name may take a number ('Queen Xa I').
RULER_TITLES = frozenset("king queen pope emperor empress tsar czar sultan prince princess".split())


def _paired_given_name(doc: Doc, i: int) -> bool:
    """'Xx-yy' at token i: a given name of two syllables joined by a hyphen, the second in lower case
    (East Asian names, family name first: the word before it is the family name, no common noun)."""
    tok = doc_tokens(doc)
    return (i + 2 < len(doc) and tok[i].is_title and tok[i + 1].text == "-" and tok[i + 2].is_lower
            and tok[i + 2].is_alpha and not tok[i].whitespace_ and not tok[i + 1].whitespace_)


def _particle(token) -> bool:
    """A name's particle in lower case ('van', 'de', 'von'): the word before it is the person's given name."""
    return token.is_lower and token.lower_ in NAME_PREFIXES


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label_: str


_PEOPLE_ADJECTIVE_ENDING = re.compile(r"(?:an|ese|ish|i)$")


def _place_adjective(word: str) -> bool:
    """A people's or a region's adjective ('Georgian', 'Xcaucasian': no English word, of a
    people's ending): a name of its own, never the noun of a group a modifier joins."""
    return is_demonym(word) or (bool(_PEOPLE_ADJECTIVE_ENDING.search(word)) and word.lower() not in dictionary_words())


def _with_split_modifiers(doc: Doc, ents: list) -> list:
    """A group's name the model split in two ('Radical' tagged ORG + 'Democrat' NORP, side by
    side; 'Christian' NORP + 'Democrat' NORP) is one NORP span: a one-word capitalised modifier the
    model called an organisation or a group, right before a one-word group name. A people's
    adjective ('Iraqi' before 'Kurds') or a place stays its own name, and so does a people's or a
    region's adjective after another adjective (two adjectives are no group's name)."""
    tok = doc_tokens(doc)
    out: list = []
    for ent in ents:
        prev = out[-1] if out else None
        if (prev is not None and ent.label_ == "NORP" and ent.end - ent.start == 1 and tok[ent.start].is_title
                and (prev.label_ == "ORG" or prev.label_ == "NORP" and not is_demonym(tok[prev.start].text)
                     and place_population(tok[prev.start].text) is None)
                and prev.end - prev.start == 1 and prev.end == ent.start and tok[prev.start].whitespace_ == " "
                and tok[prev.start].is_title and tok[prev.start].is_alpha and tok[prev.start].pos_ in ("ADJ", "PROPN")
                and (prev.label_ == "NORP" or tok[prev.start].lower_ not in given_names())
                and tok[prev.start].lower_ not in TITLE_WORDS and not _place_adjective(tok[ent.start].text)):
            out[-1] = _Span(prev.start, ent.end, "NORP")
            continue
        out.append(ent)
    return out


def ideology_adjective(word: str) -> bool:
    """'liberal', 'social', 'national': an adjective whose -ism is an English word (liberalism)."""
    words = dictionary_words()
    return len(word) > 3 and (word + "ism" in words or word[:-1] + "ism" in words)


def _with_cut_modifier(doc: Doc, start: int, end: int, ent_tokens: set[int]) -> int:
    """Start of a group's name the model cut from a longer one ('Progressive Federalist(s)'
    tagged NORP as 'Federalist(s)'): the capitalised modifiers right before it that are in no
    other name (at most two) are part of it. At a sentence's start a capital says nothing, so
    there the longer name must be written again in the article, or the modifier capitalised
    elsewhere inside a sentence, or be the adjective of an ideology ('Liberal', 'Social': a party's
    word, where 'Senior' or 'Many' before 'Democrats' is not)."""
    tok = doc_tokens(doc)
    text = doc_text(doc)
    first = start
    while first > 0 and start - first < 2:
        t = tok[first - 1]
        if first - 1 in ent_tokens or not t.is_title or not t.is_alpha or t.pos_ not in ("ADJ", "PROPN") \
                or t.lower_ in TITLE_OPENERS or t.lower_ in TITLE_WORDS or t.lower_ in given_names():
            break
        if t.is_sent_start and text.count(span_text(doc, first - 1, end)) < 2 \
                and not any(o.text == t.text and not o.is_sent_start for o in tok if o.i != t.i) \
                and not ideology_adjective(t.lower_):
            break
        first -= 1
    return first



_NUMBERLESS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Media nouns a number names a station or channel after ('Radio 4', 'Channel 5').
_NUMBERED_MEDIA = frozenset({"radio", "channel", "tv", "fm"})
_NUMBER = re.compile(r"^[\d][\d.,:/-]*$")
_DASHES = frozenset({"-", "–", "—", "--"})


def _free_dash(doc: Doc, i: int) -> bool:
    """A dash standing free ('Lithuania - Gleveckas') or a line break, not 'Ata-ur-Rehman'."""
    tok = doc_tokens(doc)
    t = tok[i]
    if t.is_space and "\n" in t.text:
        return True
    return t.text in _DASHES and bool(t.whitespace_) and i > 0 and bool(tok[i - 1].whitespace_)


def _dash_parts(doc: Doc, start: int, end: int, label: str) -> list[Candidate]:
    """A span across a free-standing dash is two names; a known place among them is a GPE."""
    tok = doc_tokens(doc)
    parts, first = [], start
    for i in range(start, end + 1):
        if i == end or _free_dash(doc, i):
            if i > first and any(c.isupper() for c in span_text(doc, first, i)) \
                    and not all(t.is_stop or t.is_punct for t in tok[first:i]):  # 'Jerry Springer - The
                name = span_text(doc, first, i)
                parts.append(Candidate(first, i, label, "GPE" if is_major_place(name) else label))
            first = i + 1
    return parts


def _number_parts(doc: Doc, start: int, end: int, label: str) -> list[Candidate]:
    """A name span across a number is two names ('Pohang 3 Ulsan' in a results line)."""
    tok = doc_tokens(doc)
    parts, first = [], start
    for i in range(start, end + 1):
        if i == end or _NUMBER.match(tok[i].text):
            if i > first and any(c.isupper() for c in span_text(doc, first, i)):
                parts.append(Candidate(first, i, label, label))
            first = i + 1
    return parts



def _place_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans of 'U.S.-Russia' when every hyphen-separated part is a known place."""
    span = doc[start:end]
    parts = []
    offset = span.start_char
    for piece in span.text.split("-"):
        name = piece.strip()
        if not name or (ALIASES.get(name.lower()) is None and not is_major_place(name)):
            return []
        lead = len(piece) - len(piece.lstrip())
        parts.append((offset + lead, offset + lead + len(name)))
        offset += len(piece) + 1
    return parts if len(parts) >= 2 else []


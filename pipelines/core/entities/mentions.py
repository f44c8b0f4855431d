"""Named-entity mentions of one article, repaired around the model.

`find_mentions(doc)` starts from the model's entities and then, in order:
1. cleans spans: a trailing possessive is not part of a name (a leading 'the' is cut
   when the mention is stored, `stored_span`); a span
   without a capital letter is parse debris; 'U.S.-Russia' is two places, not a person;
2. keeps shouting out: a capitals-only span in a capitals-only line (a shouted headline)
   or a shouted ordinary word ('an END to the war') stays only when the article or the
   gazetteer knows the name; a one-word name written in lower case elsewhere in the
   article ('Trade' / 'trade') is an ordinary word;
3. joins a given name the model split off ('Yury' + 'Ushakov') and finds names right
   after a role title that the model missed ('aide Yuri Ushakov');
4. resolves short forms to the article's full names ('Putin' -> 'Vladimir Putin');
5. decides one label per name from all its mentions (`labels.py`: person names,
   outlets and platforms named as sources, the gazetteer, the model's vote);
6. gives an acronym the full name the article states for it ('Workers Party (PKK)') or
   uses with matching initials (`acronyms.py`);
7. finds the known names again where the model missed them: the same name, the surname
   alone, a spelling variant ('Zelenskyy' / 'Zelensky', 'Yury' / 'Yuri Ushakov') (`known_again.py`);
8. makes the places that play in the article the teams named after them (`teams.py`) and a
   one-word 'person' followed by an organisation's word ('X CEO') an organisation;
9. resolves role phrases to the person the article names for that role (`roles.py`).
Every mention records where it came from (`source`) and why it has its label (`label_source`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text, doc_tokens, span_text
from pipelines.core.entities.acronyms import join_acronyms
from pipelines.core.entities.gender import compatible, name_gender, pronoun_gender, title_gender, titled_surname
from pipelines.core.entities.knowledge import (common_words, given_names, is_country, is_major_place, place_population,
                                               time_zone_abbreviations)
from pipelines.core.entities.known_again import find_known_again
from pipelines.core.entities.labels import decide_labels, organisation_words
from pipelines.core.entities.names import (ALIASES, FORMAT_ABBREVIATIONS, MENTION_LABELS, ROLE_NOUNS, TITLE_WORDS, clean_name,
                                           normalize_key, same_person)
from pipelines.core.entities.products import products
from pipelines.core.entities.roles import role_mentions
from pipelines.core.entities.spans import Mention, in_spans, is_name_token, sentence_index_of
from pipelines.core.entities.teams import relabel_teams

if TYPE_CHECKING:  # the entities stage resolves names without loading spaCy
    from spacy.tokens import Doc


# One-word nationality adjectives the model sometimes tags as places.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ic)s?$")
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
_HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame lord lady".split())


def _shouted_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of lines written in capitals (a shouted headline or dateline)."""
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        letters = [c for c in m.group() if c.isalpha()]
        if len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            lines.append((m.start(), m.end()))
    return lines


@dataclass
class _Cand:
    start: int   # token indices [start, end)
    end: int
    ner_label: str
    label: str
    source: str = "model"
    shouted: bool = False
    why: str = ""   # label_source when a rule set the label


def find_mentions(doc: Doc, *, roles: bool = False) -> list[Mention]:
    """Named-entity mentions of one article with per-article canonical names and labels;
    with `roles`, also the role phrases that stand for a named person ('the U.S. president')."""
    text = doc_text(doc)
    tok = doc_tokens(doc)
    words = common_words()
    shouted_lines = _shouted_lines(text)
    lower_words = {t.text for t in tok if t.is_lower and t.is_alpha}

    ents = list(doc.ents)  # doc.ents is rebuilt on every access
    ent_tokens = {i for ent in ents for i in range(ent.start, ent.end)}
    # 1. The model's spans, cleaned.
    cands: list[_Cand] = []
    place_parts: list[tuple[int, int]] = []
    for ent in ents:
        if ent.label_ not in MENTION_LABELS:
            continue
        start, end = ent.start, ent.end
        while end - start > 1 and tok[end - 1].text in _POSSESSIVE_TOKENS:
            end -= 1
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
                         and tok[start + 1].lower_ not in given_names()):
            start += 1
        # 'Tory Neil Hamilton', 'Star Christina Applegate': a person's name starts at the given name.
        if end - start >= 3 and ent.label_ in ("PERSON", "ORG") and tok[start].lower_ not in given_names() \
                and tok[start + 1].is_title and tok[start + 1].lower_ in given_names() \
                and tok[start + 1].lower_ not in _NAME_PREFIXES:
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
        cands.append(_Cand(start, end, ent.label_, ent.label_))

    # 2. Shouting and ordinary words.
    def shouted(c: _Cand) -> bool:
        letters = [ch for ch in span_text(doc, c.start, c.end) if ch.isalpha()]
        return len(letters) >= 2 and not any(ch.islower() for ch in letters)

    known_keys = {normalize_key(clean_name(span_text(doc, c.start, c.end), c.label)) for c in cands if not shouted(c)}
    known_keys |= {k.split()[-1] for c in cands if c.label == "PERSON" and not shouted(c)
                   for k in [normalize_key(span_text(doc, c.start, c.end))] if k}
    kept = []
    for c in cands:
        name = span_text(doc, c.start, c.end)
        key = normalize_key(clean_name(name, c.label))
        if shouted(c):
            c.shouted = True
            in_shouted_line = in_spans(shouted_lines, tok[c.start].idx)
            known = key in known_keys or place_population(name) is not None
            shouted_word = c.end - c.start == 1 and len(name) >= 3 and name.lower() in words
            if not known and (in_shouted_line or shouted_word):
                continue
        elif (c.end - c.start == 1 and c.label not in ("PERSON", "NORP", "GPE", "LOC")
              and name.lower() in lower_words and place_population(name) is None):
            continue  # 'Trade' when the article also writes 'trade': an ordinary word
        kept.append(c)
    cands = _join_given_names(doc, kept, words)
    # The places split out of a span ('U.S.-Russia') are names already: no pass below may find them again.
    place_spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in place_parts]
    cands = _given_name_people(doc, cands, shouted_lines, [(span.start, span.end) for span in place_spans])
    cands = _trim_ordinary_words(doc, cands, words)
    cands.extend(_names_after_titles(doc, cands, words))
    cands.extend(_untagged_places(doc, cands, words, ents))
    cands = [_trim_descriptor(doc, c) for c in cands]
    cands.sort(key=lambda c: c.start)

    mentions = _resolve_in_article(doc, cands)
    sent_ord = sentence_index_of(doc)
    for (s, e), span in zip(place_parts, place_spans):
        name = clean_name(text[s:e], "GPE")
        mentions.append(Mention(text[s:e], "GPE", "", s, e, sent_ord.get(doc[span.start].sent.start, 0),
                                name, "model", "gazetteer"))
    mentions = _short_group_forms(decide_labels(doc, mentions))
    mentions = join_acronyms(doc, mentions)
    mentions = mentions + find_known_again(doc, mentions, words, shouted_lines)
    mentions = products(doc, organisation_words(doc, relabel_teams(doc, mentions)))
    if roles:
        mentions = mentions + role_mentions(doc, mentions)
    return _one_per_span(mentions)


def _with_cut_modifier(doc: Doc, start: int, end: int, ent_tokens: set[int]) -> int:
    """Start of a group's name the model cut from a longer one ('Progressive Federalist(s)'
    tagged NORP as 'Federalist(s)'): the capitalised modifiers right before it that are in no
    other name (at most two) are part of it. At a sentence's start a capital says nothing, so
    there the longer name must be written again in the article."""
    tok = doc_tokens(doc)
    text = doc_text(doc)
    first = start
    while first > 0 and start - first < 2:
        t = tok[first - 1]
        if first - 1 in ent_tokens or not t.is_title or not t.is_alpha or t.pos_ not in ("ADJ", "PROPN") \
                or t.lower_ in _TITLE_OPENERS or t.lower_ in TITLE_WORDS or t.lower_ in given_names():
            break
        if t.is_sent_start and text.count(span_text(doc, first - 1, end)) < 2:
            break
        first -= 1
    return first


def _short_group_forms(mentions: list[Mention]) -> list[Mention]:
    """A one-word plural organisation or group name that ends exactly one longer such name of the
    article is that name, with its label ('Federalists' in an article that names the
    'Progressive Federalists'), so it never joins another group of the short name across articles."""
    longer: dict[str, dict[str, str]] = {}
    for m in mentions:
        words = m.canonical.split()
        if m.label in ("ORG", "NORP") and len(words) >= 2:
            longer.setdefault(normalize_key(words[-1]), {})[m.canonical] = m.label
    out = []
    for m in mentions:
        plural = m.canonical.endswith("s") and not m.canonical.endswith("ss")
        fulls = longer.get(normalize_key(m.canonical)) if m.label in ("ORG", "NORP") and plural \
            and " " not in m.canonical.strip() else None
        if fulls and len(fulls) == 1:
            (full, label), = fulls.items()
            m = replace(m, canonical=full, label=label)
        out.append(m)
    return out


def _one_per_span(mentions: list[Mention]) -> list[Mention]:
    """Mentions in text order, the first found of each span kept: a span is one mention (its
    row key), however many passes find it."""
    seen: set[tuple[int, int]] = set()
    out = []
    for m in sorted(mentions, key=lambda m: m.start_char):
        if (m.start_char, m.end_char) not in seen:
            seen.add((m.start_char, m.end_char))
            out.append(m)
    return out


def stored_span(m: Mention) -> tuple[str, int, int]:
    """Text and offsets a mention is stored with: without a leading 'the' ('the United
    States' is stored as 'United States'), which is not part of the name."""
    if m.source != "role" and len(m.text) > 4 and m.text[:4].lower() == "the " and m.text[4:5].isupper():
        return m.text[4:], m.start_char + 4, m.end_char
    return m.text, m.start_char, m.end_char


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


def _dash_parts(doc: Doc, start: int, end: int, label: str) -> list[_Cand]:
    """A span across a free-standing dash is two names; a known place among them is a GPE."""
    tok = doc_tokens(doc)
    parts, first = [], start
    for i in range(start, end + 1):
        if i == end or _free_dash(doc, i):
            if i > first and any(c.isupper() for c in span_text(doc, first, i)) \
                    and not all(t.is_stop or t.is_punct for t in tok[first:i]):  # 'Jerry Springer - The
                name = span_text(doc, first, i)
                parts.append(_Cand(first, i, label, "GPE" if is_major_place(name) else label))
            first = i + 1
    return parts


def _number_parts(doc: Doc, start: int, end: int, label: str) -> list[_Cand]:
    """A name span across a number is two names ('Pohang 3 Ulsan' in a results line)."""
    tok = doc_tokens(doc)
    parts, first = [], start
    for i in range(start, end + 1):
        if i == end or _NUMBER.match(tok[i].text):
            if i > first and any(c.isupper() for c in span_text(doc, first, i)):
                parts.append(_Cand(first, i, label, label))
            first = i + 1
    return parts


# Head nouns of place and organisation names: 'Marion County', 'Jordan Valley' are no people.
_NAME_HEADS = frozenset(
    """county city town valley street road avenue lane park square station bridge river lake mountain mount
    island islands bay beach hall house centre center school college university academy hospital church
    cathedral palace castle abbey group bank company corporation corp inc ltd plc club party council committee commission
    foundation institute airport port harbour harbor hotel tower building museum league cup open championship
    championships games fund trust press times post news journal herald tribune review records studios
    motors airlines airways international united rovers athletic wanderers""".split()
)


# Words that are given names somewhere but open place and other names here ('San Fierro', 'Al Otro Lado').
_NAME_PREFIXES = frozenset(
    "san santa santo sao saint st fort port new el la las los le les al de del da di van von du".split())


@lru_cache(maxsize=1)
def not_surnames() -> frozenset[str]:
    """Ordinary words and the head nouns of place names: built once, since the union copies
    every common word (it was a tenth of the extractors' time when built per article)."""
    return common_words() | _NAME_HEADS


def _given_name_people(doc: Doc, cands: list[_Cand], shouted_lines: list[tuple[int, int]],
                       taken: list[tuple[int, int]] = ()) -> list[_Cand]:
    """People the model mislabelled or missed, known by a given name (gender-guesser's
    dictionary) in front of a surname: 'Bill' + 'Clinton' (PERSON) is 'Bill Clinton';
    'Mihai Tararache' tagged ORG and an untagged 'Monica Seles' are people. The surname must
    not be an ordinary word or a place ('Marion County', 'Jordan Valley')."""
    from spacy.symbols import PROPN

    tok = doc_tokens(doc)
    given = given_names()
    ordinary = not_surnames()
    covered = bytearray(len(doc))
    for start, end in [(c.start, c.end) for c in cands] + list(taken):
        for i in range(start, end):
            covered[i] = 1

    # Token.pos (an int) rather than pos_ (a string looked up per access): this runs on every token.
    def given_at(i: int) -> bool:
        t = tok[i]
        return (t.pos == PROPN and t.is_title and t.lower_ in given and t.lower_ not in TITLE_WORDS
                and t.lower_ not in _NAME_PREFIXES)

    def model_surname_at(i: int) -> bool:  # inside a span the model already saw as one name
        t = tok[i]
        return (t.pos == PROPN and t.is_title and t.lower_ not in _NAME_HEADS and t.lower_ not in TITLE_WORDS)

    def surname_at(i: int) -> bool:
        t = tok[i]
        return (t.pos == PROPN and t.text[:1].isupper() and not t.text.isupper() and t.lower_ not in ordinary
                and t.lower_ not in TITLE_WORDS and any(ch.isalpha() for ch in t.text))

    out = []
    for c in cands:
        n = c.end - c.start
        if c.label == "PERSON" and c.start > 0 and not covered[c.start - 1] and given_at(c.start - 1) \
                and tok[c.start - 1].whitespace_ == " ":
            c = _Cand(c.start - 1, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        elif (c.label != "PERSON" and n >= 2 and tok[c.start].lower_.rstrip(".") in _HONORIFICS
              and tok[c.start + 1].pos_ == "PROPN"):  # 'Mr Brown' tagged ORG
            c = _Cand(c.start, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        elif (c.label not in ("PERSON", "NORP") and 2 <= n <= 3 and not c.shouted and given_at(c.start)
              and all(model_surname_at(i) for i in range(c.start + 1, c.end))
              and place_population(doc[c.start:c.end].text) is None and place_population(tok[c.end - 1].text) is None):
            c = _Cand(c.start, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        out.append(c)
    i = 1
    while i < len(doc) - 1:
        if (not covered[i] and not covered[i + 1] and given_at(i) and surname_at(i + 1)
                and not (tok[i - 1].pos_ == "PROPN" and tok[i - 1].text[:1].isupper())
                and not in_spans(shouted_lines, tok[i].idx)
                and place_population(tok[i + 1].text) is None and place_population(tok[i].text) is None):
            end = i + 2
            if end < len(doc) and not covered[end] and surname_at(end) and place_population(tok[end].text) is None:
                end += 1
            out.append(_Cand(i, end, "", "PERSON", "given name", False, "given name"))
            i = end
            continue
        i += 1
    out.sort(key=lambda c: c.start)
    return out


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


def _join_given_names(doc: Doc, cands: list[_Cand], words: frozenset[str]) -> list[_Cand]:
    """'Yury' (tagged ORG) + 'Ushakov' (PERSON), written side by side, are one person."""
    tok = doc_tokens(doc)
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev is not None and c.label == "PERSON" and prev.end == c.start and prev.end - prev.start == 1
                and prev.label not in ("PERSON", "NORP") and not prev.shouted and is_name_token(tok[prev.start])
                and tok[prev.start].lower_ not in TITLE_WORDS and tok[prev.start].lower_ not in words
                and place_population(tok[prev.start].text) is None and tok[prev.start].whitespace_):
            out[-1] = _Cand(prev.start, c.end, c.ner_label, "PERSON")
            continue
        out.append(c)
    return out


def _trim_ordinary_words(doc: Doc, cands: list[_Cand], words: frozenset[str]) -> list[_Cand]:
    """'Will Putin' / 'Trump Discuss' in a headline: an ordinary word at the edge of a person
    name is cut off when the rest is a person the article names elsewhere."""
    tok = doc_tokens(doc)
    keys = [normalize_key(span_text(doc, c.start, c.end)) if c.label == "PERSON" else "" for c in cands]
    people = Counter(k for k in keys if k)
    surnames = Counter(k.split()[-1] for k in keys if k)
    out = []
    for c in cands:
        if c.label == "PERSON" and c.end - c.start >= 2:
            s, e = c.start, c.end
            while e - s > 1 and tok[s].lower_ in words and tok[s].lower_ not in TITLE_WORDS \
                    and tok[s].lower_ not in surnames:
                s += 1
            while e - s > 1 and tok[e - 1].lower_ in words and tok[e - 1].lower_ not in surnames:
                e -= 1
            rest = normalize_key(span_text(doc, s, e))
            # The rest must be a person named elsewhere: 'Ray Knight' is not cut to its own surname.
            own = normalize_key(span_text(doc, c.start, c.end))
            if (s, e) != (c.start, c.end) and rest and (surnames[rest] - (own.split()[-1] == rest) > 0
                                                        or people[rest] - (own == rest) > 0):
                c = _Cand(s, e, c.ner_label, c.label, c.source, c.shouted)
        out.append(c)
    return out


_TITLE_OPENERS = ROLE_NOUNS | _HONORIFICS


def _names_after_titles(doc: Doc, cands: list[_Cand], words: frozenset[str]) -> list[_Cand]:
    """A capitalised name right after a role title or honorific that the model left untagged
    ('Presidential Aide Yuri Ushakov', 'Mr Smith') is a person."""
    tok = doc_tokens(doc)
    covered = bytearray(len(doc))
    for c in cands:
        for i in range(c.start, c.end):
            covered[i] = 1
    found = []
    i = 0
    while i < len(doc) - 1:
        t = tok[i]
        if t.lower_.rstrip(".") in _TITLE_OPENERS and not covered[i + 1]:
            j = i + 1
            while (j < len(doc) and j - i <= 3 and not covered[j] and is_name_token(tok[j]) and tok[j].pos_ == "PROPN"
                   and tok[j].lower_ not in words and tok[j].lower_.rstrip(".") not in TITLE_WORDS
                   and not tok[j].is_sent_start and not tok[j].text.isupper()):
                j += 1
            if j > i + 1 and (j - i > 2 or t.lower_.rstrip(".") in _HONORIFICS) \
                    and place_population(span_text(doc, i + 1, j)) is None:
                found.append(_Cand(i + 1, j, "", "PERSON", "title"))
                i = j
                continue
        i += 1
    return found


def _untagged_places(doc: Doc, cands: list[_Cand], words: frozenset[str], ents) -> list[_Cand]:
    """A large known place the model left untagged ('BELGRADE 1996-08-30', 'in Belarus'),
    standing alone (not part of a longer capitalised name such as 'Paris Hilton'); in a table
    row any known town, as the team named after it (ORG)."""
    tok = doc_tokens(doc)
    n_tokens = len(doc)
    covered = bytearray(n_tokens)
    for ent in ents:
        for i in range(ent.start, ent.end):
            covered[i] = 1
    for c in cands:
        for i in range(c.start, c.end):
            covered[i] = 1
    texts = [t.text for t in tok]
    capital = [t[:1].isupper() for t in texts]
    alpha = [t.is_alpha for t in tok]
    propn = [t.pos_ == "PROPN" for t in tok]
    # Table rows ('BOSTON 63 71 .470 11'): there a place's name names a team.
    table_rows = []
    for m in re.finditer(r"[^\n]+", doc_text(doc)):
        line = m.group()
        numbers = len(re.findall(r"(?<![\w.])[\d.,:/-]*\d[\d.,:/-]*(?![\w.])", line))
        if numbers >= 2 and numbers >= len(re.findall(r"[A-Za-z]{2,}", line)):
            table_rows.append((m.start(), m.end()))

    def name_like(i: int) -> bool:
        return 0 <= i < n_tokens and capital[i] and propn[i]

    found = []
    i = 0
    while i < n_tokens:
        in_table = bool(table_rows) and in_spans(table_rows, tok[i].idx)
        if covered[i] or not (capital[i] and alpha[i]):
            i += 1
            continue
        hit = 0
        for n in (3, 2, 1):
            j = i + n
            if j > n_tokens or any(covered[i:j]) or not all(capital[k] and alpha[k] for k in range(i, j)):
                continue
            if n == 1 and texts[i].lower() in words:
                continue  # 'Nice weather', 'Mobile phones'
            if name_like(i - 1) and not tok[i - 1].is_sent_start or name_like(j):
                continue
            name = " ".join(texts[i:j])
            # In a table row a town's name is its team ('Pohang 3 Ulsan 2'); a country's is its side.
            if (is_major_place(name) if not in_table else
                    place_population(name) is not None and not is_country(name)):
                hit = n
                break
        if hit:
            found.append(_Cand(i, i + hit, "", "ORG" if in_table else "GPE", "gazetteer", why="team" if in_table else ""))
            i += hit
        else:
            i += 1
    return found


_DESCRIPTORS = frozenset({"news", "agency", "newspaper", "daily", "group", "company", "firm", "website", "channel"})


def _trim_descriptor(doc: Doc, c: _Cand) -> _Cand:
    """'Interfax news agency': the lower-case descriptor after an ORG's name is not part of it."""
    tok = doc_tokens(doc)
    if c.label != "ORG":
        return c
    end = c.end
    while end - c.start > 1 and tok[end - 1].lower_ in _DESCRIPTORS and tok[end - 1].is_lower:
        end -= 1
    return c if end == c.end else _Cand(c.start, end, c.ner_label, c.label, c.source, c.shouted)


_MISDECODED_POSSESSIVE = re.compile(r"^(.*[A-Za-z])(?:[^\x00-\x7F]{1,3}|&#?\w{1,8};)s$")


def _without_misdecoded_possessive(name: str, text: str) -> str:
    """'Velkaroĺs', 'Velkaro&#191;s' (a possessive whose apostrophe was mis-decoded) is 'Velkaro' when the article
    also writes the name without it; 'Andrés' stays (no 'Andr' in the article)."""
    m = _MISDECODED_POSSESSIVE.match(name)
    if m is None:
        return name
    stem = m.group(1)
    return stem if re.search(r"(?<!\w)" + re.escape(stem) + r"(?!\w)", text) else name


def _resolve_in_article(doc: Doc, cands: list[_Cand]) -> list[Mention]:
    """Canonical names inside the article: full person names are the anchors; a shorter
    form ('Putin', 'Trump' tagged ORG) resolves to the one anchor it fits."""
    sent_ord = sentence_index_of(doc)
    text = doc_text(doc)
    spans = []
    for c in cands:
        span = doc[c.start:c.end]
        name = _without_misdecoded_possessive(clean_name(span.text, c.label), text)
        if name and any(ch.isalpha() for ch in name):
            spans.append((c, span, name))
    person_full: list[str] = []
    variant_of: dict[str, str] = {}
    for c, _, name in spans:
        if c.label == "PERSON" and " " in name and name not in person_full and name not in variant_of:
            first = next((full for full in person_full if same_person(name, full)), None)
            if first is None:
                person_full.append(name)
            else:  # 'Yury Ushakov' after 'Yuri Ushakov': one person, the first spelling names it
                variant_of[name] = first
    # Where each full name is written, and its gender (given name, else a title on it): two
    # people sharing a surname ('Ingrid' and 'Olav Halvorsen') are told apart by 'Mr'/'Mrs', a
    # pronoun and, failing both, by which of them the article named last.
    full_at: dict[str, list[int]] = {}
    full_gender: dict[str, str | None] = {full: name_gender(full) for full in person_full}
    for c, span, name in spans:
        full = variant_of.get(name, name)
        if full in full_gender:
            full_at.setdefault(full, []).append(span.start_char)
            if full_gender[full] is None:
                full_gender[full] = title_gender(doc, c.start, c.end)
    person_starts = {c.start for c, _, _ in spans if c.label == "PERSON"}

    def nearest(hits: list[str], char: int) -> str:
        before = [(max(p for p in full_at.get(h, [char + 1]) if p < char), h)
                  for h in hits if any(p < char for p in full_at.get(h, []))]
        if before:
            return max(before)[1]
        return min(hits, key=lambda h: (min(full_at.get(h, [10**9])), h))

    def person_anchor(c: _Cand, span, name: str) -> str | None:
        if name in variant_of:
            return variant_of[name]
        hits = [full for full in person_full if same_person(name, full)]
        if name in hits:
            return name
        if hits and " " not in name.strip():  # a bare surname: the title's gender must agree
            gender = title_gender(doc, c.start, c.end)
            if gender is not None:
                hits = [h for h in hits if compatible(full_gender[h], gender)]
                if not hits:  # 'Mr Halvorsen' when only 'Ingrid Halvorsen' is named: someone else
                    return titled_surname(doc, c.start, name)
            elif len({full_gender[h] for h in hits}) > 1:
                gender = pronoun_gender(doc, c.end, person_starts - {c.start})
                hits = [h for h in hits if compatible(full_gender[h], gender)] or hits
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:  # the full name written nearest before (else first after)
            return nearest(hits, span.start_char)
        # A family name written first ('Wang Donghai' ... 'Wang'): the one full name it opens.
        key = normalize_key(name)
        if key and " " not in key:
            firsts = [full for full in person_full if normalize_key(full).split()[0] == key]
            if len(firsts) == 1:
                return firsts[0]
        return None

    mentions = []
    for c, span, name in spans:
        label, canonical = c.label, name
        if label == "GPE" and _DEMONYM.match(name) and place_population(name) is None:
            # 'Ukrainian' tagged GPE is a nationality; 'Atlantic' (LOC) is no demonym
            label = "NORP"
        anchor = person_anchor(c, span, name) if label in ("PERSON", "ORG", "GPE", "NORP") else None
        if anchor is not None and (label == "PERSON" or normalize_key(name) in
                                   {normalize_key(anchor), normalize_key(anchor.split(" ")[-1]),
                                    normalize_key(anchor.split(" ")[0])}):
            label, canonical = "PERSON", anchor
        mentions.append(Mention(span.text, label, c.ner_label, span.start_char, span.end_char,
                                sent_ord.get(span.sent.start, 0), canonical, c.source,
                                c.why or ("gazetteer" if c.source == "gazetteer" else "model")))
    return mentions

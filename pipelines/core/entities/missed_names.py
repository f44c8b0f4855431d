"""Step 3 of `find_mentions` (mentions.py): names the model missed, cut or mislabelled.

A given name the model split off ('Yury' + 'Ushakov'); people known by a given name in front of a
surname (gender-guesser's dictionary); ordinary words at the edge of a person's name; a name right
after a role title or honorific; large known places left untagged (in a table row, the team named
after a town); a lower-case descriptor after an organisation's name.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text, doc_tokens, span_text
from pipelines.core.entities.candidates import HONORIFICS, NAME_PREFIXES, NAME_SUFFIX_WORDS, TITLE_OPENERS, Candidate
from pipelines.core.entities.knowledge import (common_words, given_names, is_country, is_county_name, is_major_place,
                                               place_population)
from pipelines.core.entities.names import ALIASES, TITLE_WORDS, normalize_key
from pipelines.core.entities.spans import in_spans, is_name_token

if TYPE_CHECKING:
    from spacy.tokens import Doc


# Head nouns of place and organisation names: 'Marion County', 'Jordan Valley' are no people.
NAME_HEADS = frozenset(
    """county city town valley street road avenue lane park square station bridge river lake mountain mount
    island islands bay beach hall house centre center school college university academy hospital church
    cathedral palace castle abbey group bank company corporation corp inc ltd plc club party council committee commission
    foundation institute airport port harbour harbor hotel tower building museum league cup open championship
    championships games fund trust press times post news journal herald tribune review records studios
    motors airlines airways international united rovers athletic wanderers""".split()
)




@lru_cache(maxsize=1)
def not_surnames() -> frozenset[str]:
    """Ordinary words and the head nouns of place names: built once, since the union copies
    every common word (it was a tenth of the extractors' time when built per article)."""
    return common_words() | NAME_HEADS


def given_name_people(doc: Doc, cands: list[Candidate], shouted_lines: list[tuple[int, int]],
                       taken: list[tuple[int, int]] = ()) -> list[Candidate]:
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
                and t.lower_ not in NAME_PREFIXES)

    def model_surname_at(i: int) -> bool:  # inside a span the model already saw as one name
        t = tok[i]
        return (t.pos == PROPN and t.is_title and t.lower_ not in NAME_HEADS and t.lower_ not in TITLE_WORDS)

    def surname_at(i: int) -> bool:
        t = tok[i]
        return (t.pos == PROPN and t.text[:1].isupper() and not t.text.isupper() and t.lower_ not in ordinary
                and t.lower_ not in TITLE_WORDS and any(ch.isalpha() for ch in t.text))

    def hyphenated_given_at(i: int) -> bool:  # 'Ole-Kristian': two given names joined by a hyphen
        return (i + 2 < len(doc) and given_at(i) and tok[i + 1].text == "-" and not tok[i].whitespace_
                and not tok[i + 1].whitespace_ and given_at(i + 2))

    out = []
    for c in cands:
        n = c.end - c.start
        if c.label == "PERSON" and c.start > 0 and not covered[c.start - 1] and given_at(c.start - 1) \
                and tok[c.start - 1].whitespace_ == " ":
            c = Candidate(c.start - 1, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        elif (c.label != "PERSON" and n >= 2 and tok[c.start].lower_.rstrip(".") in HONORIFICS
              and tok[c.start + 1].pos_ == "PROPN"):  # 'Mr Brown' tagged ORG
            c = Candidate(c.start, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        elif (c.label not in ("PERSON", "NORP") and c.start > 0 and tok[c.start - 1].lower_.rstrip(".") in HONORIFICS
              and tok[c.start - 1].lower_ != "miss" and tok[c.start - 1].is_title and tok[c.start].pos == PROPN
              and all(tok[k].is_title and tok[k].pos == PROPN or tok[k].text == "-" for k in range(c.start, c.end))
              and not c.shouted and place_population(doc[c.start:c.end].text) is None):
            # 'Mr Okafor-Lind' with only the name tagged ORG: a person ('Miss X' is also a contest's name).
            c = Candidate(c.start, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        elif (c.label not in ("PERSON", "NORP") and 4 <= n <= 5 and not c.shouted and hyphenated_given_at(c.start)
              and all(model_surname_at(i) for i in range(c.start + 3, c.end))
              and place_population(doc[c.start:c.end].text) is None and place_population(tok[c.end - 1].text) is None):
            c = Candidate(c.start, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        elif (c.label not in ("PERSON", "NORP") and 2 <= n <= 3 and not c.shouted and given_at(c.start)
              and all(model_surname_at(i) for i in range(c.start + 1, c.end))
              and place_population(doc[c.start:c.end].text) is None and place_population(tok[c.end - 1].text) is None):
            c = Candidate(c.start, c.end, c.ner_label, "PERSON", c.source, c.shouted, "given name")
        out.append(c)
    i = 0
    while i < len(doc) - 1:
        if (not covered[i] and not covered[i + 1] and given_at(i) and surname_at(i + 1)
                and not (i > 0 and tok[i - 1].pos_ == "PROPN" and tok[i - 1].text[:1].isupper())
                and not in_spans(shouted_lines, tok[i].idx)
                and place_population(tok[i + 1].text) is None and place_population(tok[i].text) is None):
            end = i + 2
            if end < len(doc) and not covered[end] and surname_at(end) and place_population(tok[end].text) is None:
                end += 1
            if end < len(doc) and not covered[end] and tok[end].is_title and tok[end].lower_.rstrip(".") in NAME_SUFFIX_WORDS:
                end += 1  # 'Xx Yy Jr.'
            out.append(Candidate(i, end, "", "PERSON", "given name", False, "given name"))
            i = end
            continue
        i += 1
    out.sort(key=lambda c: c.start)
    return out



_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
_CAPITAL_STOP = re.compile(r"[A-Z]\.")
_CAPITAL_ALONE = re.compile(r"\b[A-Z]\b")
# A team sheet's line: three or more entries of an initial without a full stop and a surname
# ('X Aaa (Club); Y Bbb, Z Ccc'), where a lone capital letter is an initial, not the article 'A'.
_SHEET_ENTRY = re.compile(r"(?:^|[,;:(]\s*)[A-Z] [A-Z][a-z]")


def _team_sheet_lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if len(_SHEET_ENTRY.findall(m.group())) >= 3]


def initialled_people(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """'K. Dravell', 'A.J. Morrow' in a scorecard or a list, 'K Dravell' in a team sheet's line: one to
    three initials before a capitalised word (no place, no title) are a person's name, where the model tagged the initial or the surname
    alone (as a group, inside a number's span, or as an organisation) or nothing. A span the model
    tagged over both stays its ('J. Xyz' a firm's name)."""
    from spacy.symbols import PROPN

    tok = doc_tokens(doc)
    owner: dict[int, int] = {}
    for n, c in enumerate(cands):
        for i in range(c.start, c.end):
            owner[i] = n
    sheets = _team_sheet_lines(doc_text(doc))

    def initial_at(k: int) -> bool:
        text = tok[k].text
        return (_INITIAL.match(text) is not None and normalize_key(text) not in ALIASES
                and place_population(text) is None) or (
            len(text) == 1 and text.isupper() and bool(sheets) and in_spans(sheets, tok[k].idx))

    # Only tokens holding a capital and its stop, or a capital alone in a team sheet's line, can be
    # initials: the text's search finds them without reading every token.
    text = doc_text(doc)
    hits = [m.start() for m in _CAPITAL_STOP.finditer(text)]
    hits += [m.start() for m in _CAPITAL_ALONE.finditer(text) if in_spans(sheets, m.start())] if sheets else []
    starts = sorted({span.start for p in hits if (span := doc.char_span(p, p + 1, alignment_mode="expand")) is not None})
    drop: set[int] = set()
    found = []
    after = 0  # the first token after the last run of initials read
    for i in starts:
        if i < after or i >= len(doc) - 1:
            continue
        j = i
        while j < len(doc) - 1 and j - i < 3 and tok[j].whitespace_ == " " and initial_at(j):
            j += 1
        if j == i:
            continue
        s = tok[j]
        touched = {owner[k] for k in range(i, j + 1) if k in owner}
        if (s.is_title and s.is_alpha and len(s.text) > 1 and s.pos == PROPN and s.lower_ not in TITLE_WORDS
                and not (i > 0 and tok[i - 1].text[:1].isupper() and (tok[i - 1].is_alpha or tok[i - 1].text.endswith(".")))
                # ('Xx Y. Zz' or 'Abc. X. Yy Spa': the name goes on, the model's to tag)
                and not (j + 1 < len(doc) and tok[j + 1].text[:1].isupper() and tok[j + 1].is_alpha)
                and not is_major_place(s.text)
                and all(i <= cands[n].start and cands[n].end <= j + 1 for n in touched)
                and not any(cands[n].start == i and cands[n].end == j + 1 for n in touched)
                and not any(cands[n].label == "PERSON" and cands[n].start == i for n in touched)):
            drop |= touched
            found.append(Candidate(i, j + 1, "", "PERSON", "given name", False, "given name"))
        after = j + 1
    if not found:
        return cands
    out = [c for n, c in enumerate(cands) if n not in drop] + found
    out.sort(key=lambda c: c.start)
    return out


def join_given_names(doc: Doc, cands: list[Candidate], words: frozenset[str]) -> list[Candidate]:
    """'Yury' (tagged ORG) + 'Ushakov' (PERSON), written side by side, are one person."""
    tok = doc_tokens(doc)
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev is not None and c.label == "PERSON" and prev.end == c.start and prev.end - prev.start == 1
                and prev.label not in ("PERSON", "NORP") and not prev.shouted and is_name_token(tok[prev.start])
                and tok[prev.start].lower_ not in TITLE_WORDS and tok[prev.start].lower_ not in words
                and place_population(tok[prev.start].text) is None and tok[prev.start].whitespace_):
            out[-1] = Candidate(prev.start, c.end, c.ner_label, "PERSON")
            continue
        out.append(c)
    return out


_QUOTES = frozenset({'"', "“", "”", "``", "''"})


def nicknamed_people(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """'Marcus "Kit" Dunne': a given name, a nickname of one to three words in double quotes, a
    capitalised surname are one person, whatever the model made of the nickname (a place, a
    firm); the name is 'Marcus Dunne' (clean_name drops the quoted part)."""
    tok = doc_tokens(doc)
    people: list[tuple[int, int]] = []
    for i in range(len(tok) - 4):
        if tok[i + 1].text not in _QUOTES or not (is_name_token(tok[i]) and tok[i].is_alpha
                                                  and tok[i].lower_ in given_names()):
            continue
        close = next((j for j in range(i + 3, min(i + 6, len(tok) - 1)) if tok[j].text in _QUOTES), None)
        if close is not None and tok[i].whitespace_ and tok[close].whitespace_ \
                and all(is_name_token(t) and not t.is_punct for t in tok[i + 2:close]) \
                and is_name_token(tok[close + 1]) and tok[close + 1].is_alpha and not tok[close + 1].is_sent_start:
            people.append((i, close + 2))
    if not people:
        return cands
    out = [c for c in cands if not any(c.start < e and s < c.end for s, e in people)]
    out += [Candidate(s, e, "PERSON", "PERSON", why="person name") for s, e in people]
    return sorted(out, key=lambda c: c.start)


def trim_ordinary_words(doc: Doc, cands: list[Candidate], words: frozenset[str]) -> list[Candidate]:
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
                c = Candidate(s, e, c.ner_label, c.label, c.source, c.shouted)
        out.append(c)
    return out



def names_after_titles(doc: Doc, cands: list[Candidate], words: frozenset[str]) -> list[Candidate]:
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
        if t.lower_.rstrip(".") in TITLE_OPENERS and not covered[i + 1]:
            j = i + 1
            while (j < len(doc) and j - i <= 3 and not covered[j] and is_name_token(tok[j]) and tok[j].pos_ == "PROPN"
                   and tok[j].lower_ not in words and tok[j].lower_.rstrip(".") not in TITLE_WORDS
                   and not tok[j].is_sent_start and not tok[j].text.isupper()):
                j += 1
            if j > i + 1 and (j - i > 2 or t.lower_.rstrip(".") in HONORIFICS) \
                    and place_population(span_text(doc, i + 1, j)) is None:
                found.append(Candidate(i + 1, j, "", "PERSON", "title"))
                i = j
                continue
        i += 1
    return found


def untagged_places(doc: Doc, cands: list[Candidate], words: frozenset[str], ents) -> list[Candidate]:
    """A large known place the model left untagged ('BELGRADE 1996-08-30', 'in Belarus'),
    standing alone (not part of a longer capitalised name such as 'Paris Hilton'); in a table
    row any known town or county ('Xshire'), as the team named after it (ORG)."""
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
                    (place_population(name) is not None or is_county_name(name)) and not is_country(name)):
                hit = n
                break
        if hit:
            found.append(Candidate(i, i + hit, "", "ORG" if in_table else "GPE", "gazetteer", why="team" if in_table else ""))
            i += hit
        else:
            i += 1
    return found


_DESCRIPTORS = frozenset({"news", "agency", "newspaper", "daily", "group", "company", "firm", "website", "channel"})


def trim_descriptor(doc: Doc, c: Candidate) -> Candidate:
    """'Interfax news agency': the lower-case descriptor after an ORG's name is not part of it."""
    tok = doc_tokens(doc)
    if c.label != "ORG":
        return c
    end = c.end
    while end - c.start > 1 and tok[end - 1].lower_ in _DESCRIPTORS and tok[end - 1].is_lower:
        end -= 1
    return c if end == c.end else Candidate(c.start, end, c.ner_label, c.label, c.source, c.shouted)



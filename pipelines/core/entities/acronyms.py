"""Acronyms, clipped names and their expansions as one entity inside an article.

'the Kurdistan Workers Party (PKK) ... the PKK said': the article states the acronym right
after the full name, or uses both and the acronym's letters are the full name's initials.
Either way every mention of the acronym takes the full name (its canonical name and label),
and an acronym in brackets the model left untagged becomes a mention of it. (A first word is
no short form: 'BBC' beside 'BBC Radio', 'Senate' beside 'Senate Finance Committee' are other
things, unless the rest names the kind of body only: 'Labour' is the 'Labour Party'; a first word
clipped, 'Fed' beside 'Federal Reserve', is a short form too.) A clipped name ('Lib Dems' in an
article that writes 'Liberal Democrats') is the full name too. All are marked label_source
'acronym': the entities stage makes them aliases of the full name's entity, so the short form
alone in other articles finds it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text
from pipelines.core.entities.knowledge import dictionary_words, given_names, is_adjective_phrase, place_population
from pipelines.core.entities.names import ALIASES, COMPANY_DESIGNATORS, HEAD_LABELS, normalize_key
from pipelines.core.entities.spans import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Words an acronym may skip ('Organization of the Petroleum Exporting Countries' -> 'OPEC').
_SKIPPED = frozenset("of the and for de del la le du des et on in to at a an &".split())
_ACRONYM = re.compile(r"^[A-Z](?:[A-Z&]|\.(?=[A-Z]))*\.?$")
# Labels whose full names give acronyms: bodies, places, groups, events, laws.
_EXPANDABLE = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})


def acronym_letters(text: str) -> str | None:
    """'PKK' -> 'PKK', 'U.N.' -> 'UN'; None when `text` is no acronym (2 to 8 capitals)."""
    text = text.strip()
    if not _ACRONYM.match(text):
        return None
    letters = text.replace(".", "")
    return letters if 2 <= len(letters.replace("&", "")) <= 8 else None


def _initials(name: str) -> set[str]:
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isalnum()]
    every = "".join(w[0].upper() for w in words)
    kept = "".join(w[0].upper() for w in words if w.lower() not in _SKIPPED)
    # A word in capitals inside the name counts whole ('BP Oil Company' -> 'BPOC').
    # ('U.S. X Y' -> 'USXY': a short form with full stops counts by its letters).
    whole = "".join(w.replace(".", "") if w.isupper() and len(w.replace(".", "")) <= 4 else w[0].upper()
                    for w in words if w.lower() not in _SKIPPED)
    return {every, kept, whole} - {""}


def _country_first_reordered(letters: str, name: str) -> bool:
    """'XYZW' for 'X.Y. Wy Zed Department': a body's name that opens with its country's short form
    (an acronym the alias list names, 'U.S.', 'UK'), whose acronym is that form's letters and then the
    initials of the other content words in another order (the acronym follows the body's long name,
    'Department of Wy', not the short one). At least two words after the country, every initial used once."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isalnum()]
    if len(words) < 3:
        return False
    country = acronym_letters(words[0])
    if country is None or words[0].lower() not in ALIASES or not letters.startswith(country):
        return False
    rest = [w for w in words[1:] if w.lower() not in _SKIPPED]
    initials = "".join(w[0].upper() for w in rest)
    return len(rest) >= 2 and sorted(letters[len(country):]) == sorted(initials) \
        and letters[len(country):] != initials


def expands(acronym: str, name: str) -> bool:
    """The acronym's letters are the initials of the name's words ('NATO', 'North Atlantic Treaty
    Organization'); one-word names never expand an acronym, nor a name the acronym is a word of."""
    letters = acronym_letters(acronym)
    words = name.split()
    if letters is None or len(words) < 2:
        return False
    if acronym.strip() in words:  # 'XY' is no short form of 'XY Council' (the XY's council), only of 'XY Group'
        return all(w.lower().rstrip(".") in COMPANY_DESIGNATORS for w in words if w != acronym.strip())
    letters = letters.replace("&", "")
    return letters in _initials(name) or _country_first_reordered(letters, name)


def stated_for(acronym: str, name: str) -> bool:
    """An acronym in brackets right after a name stands for it when its letters are the name's
    initials in any order ('Kurdistan Workers Party (PKK)', named in another language's order)."""
    letters = acronym_letters(acronym)
    if letters is None or len(name.split()) < 2:
        return False
    initials = {w[0].upper() for w in re.split(r"[\s-]+", name) if w and w[0].isalnum()}
    return expands(acronym, name) or set(letters.replace("&", "")) <= initials


def clipped_form(short: str, full: str) -> bool:
    """'Lib Dems' is 'Liberal Democrats' clipped: as many words, each the full word or its first
    three or four letters (a plural's 's' kept), at most half of it, at least one clipped."""
    s, f = short.split(), full.split()
    if len(s) != len(f) or len(s) < 2 or s == f:
        return False
    for a, b in zip(s, f):
        if a == b:
            continue
        stem = a[:-1] if a.endswith("s") and b.endswith("s") and len(a) > 3 else a
        if not (a[:1].isupper() and 3 <= len(stem) <= min(4, len(b) // 2) and b.lower().startswith(stem.lower())):
            return False
    return True


def _clipped_target(m: Mention, full: list[Mention]) -> Mention | None:
    """The one organisation or group name of the article that `m` clips (a plural clips a plural)."""
    fits = {f.canonical: f for f in full if f.label in ("ORG", "NORP") and clipped_form(m.canonical, f.canonical)}
    if len(fits) > 1:
        plural = m.canonical.endswith("s")
        fits = {c: f for c, f in fits.items() if c.endswith("s") == plural}
    return next(iter(fits.values())) if len(fits) == 1 else None


# Words that name an organisation's kind without changing which one it is: 'Labour' is the 'Labour
# Party', 'Xbank' the 'Xbank Bank AG' (a bank called by its first word, as banks are).
_KIND_WORDS = COMPANY_DESIGNATORS | {"party", "bank"}


def first_word_form(short: str, full: str) -> bool:
    """'XY' is short for 'XY Party' or 'XY Group' (the rest names its kind only), and 'Nat' for
    'National Grid' (a clip of the first word, of three or four letters, of a word at least twice
    as long, in a name of two or three words). A first word alone otherwise is no short form
    ('Senate' beside 'Senate Finance Committee')."""
    s, f = short.strip(), full.split()
    if " " in s or len(f) < 2 or not s[:1].isupper():
        return False
    if s == f[0]:
        return all(w.lower().rstrip(".") in _KIND_WORDS for w in f[1:])
    return (len(f) <= 3 and 3 <= len(s) <= 4 and len(f[0]) >= 2 * len(s) and s.isalpha()
            and not s.isupper() and f[0].lower().startswith(s.lower()))


def _core(name: str) -> list[str]:
    """A firm's name without its designators and an ampersand ('XY Lynch & Co Inc' -> XY, Lynch)."""
    words = [w for w in name.split() if w != "&"]
    while len(words) > 1 and words[-1].lower().rstrip(".") in COMPANY_DESIGNATORS:
        words.pop()
    return words


def firm_first_word(short: str, full: str) -> bool:
    """'Harwell' is short for 'Harwell Lyle' (or 'Harwell Lyle & Co Inc'): a firm of two names,
    called by the first, when that word is no English word nor a place ('Senate', 'General',
    'Manchester' are not short forms), the second names no kind of body ('... United', '... Hall') and
    no place (a firm's regional arm: '... Europe', '... Tokyo')."""
    core, s = _core(full), short.strip()
    return (len(core) == 2 and core[0] == s and s[:1].isupper() and s.isalpha() and not s.isupper()
            and core[1][:1].isupper() and core[1].lower() not in HEAD_LABELS and place_population(core[1]) is None
            and s.lower() not in dictionary_words() and place_population(s) is None)


def _first_word_target(m: Mention, full: list[Mention]) -> Mention | None:
    """The one organisation name of the article that the one-word organisation name `m` is short for."""
    fits = {normalize_key(f.canonical): f for f in full
            if f.label == "ORG" and first_word_form(m.canonical, f.canonical)}
    if not fits:  # 'Harwell' beside 'Harwell Lyle': one firm of two names, however many designators
        firms = [f for f in full if f.label == "ORG" and firm_first_word(m.canonical, f.canonical)]
        if len({normalize_key(" ".join(_core(f.canonical))) for f in firms}) == 1:
            return min(firms, key=lambda f: (len(f.canonical.split()), f.canonical))
    return next(iter(fits.values())) if len(fits) == 1 else None


def compound_initials(acronym: str, full: str) -> bool:
    """'XW' is short for 'Xylowerk AG': a company named by one long word (a compound: 'Xylo|werk')
    whose rest names its kind only, and an acronym of two or three capitals, the word's first
    letter and then letters of it in order, each at least three letters after the one before and
    after a consonant (where a later part starts: 'Xylo|s|werk', not the next syllable's letter:
    'EC' is not 'Electrolux')."""
    letters = acronym_letters(acronym)
    words = full.split()
    if letters is None or not 2 <= len(letters) <= 3 or not letters.isalpha() or not words \
            or any(c in "AEIOUY" for c in letters[1:]):
        return False
    if not all(w.lower().rstrip(".") in COMPANY_DESIGNATORS for w in words[1:]):
        return False
    word = words[0].lower()
    if not word.isalpha() or len(word) < 3 * len(letters) or word[0] != letters[0].lower():
        return False
    at = 0
    for letter in letters[1:].lower():
        at = next((i for i in range(at + 3, len(word)) if word[i] == letter and word[i - 1] not in "aeiouy"), -1)
        if at < 0:
            return False
    return True


def _compound_target(m: Mention, mentions: list[Mention]) -> Mention | None:
    """The one company of the article whose one-word name the acronym `m` is built from; never for
    a name the article also expands by initials, nor a place's short name ('US', 'UK')."""
    if normalize_key(m.canonical) in ALIASES:
        return None
    fits = {normalize_key(f.canonical): f for f in mentions
            if f.label == "ORG" and f is not m and acronym_letters(f.canonical) is None
            and compound_initials(m.canonical, f.canonical)}
    if len(fits) != 1:
        return None
    target = next(iter(fits.values()))
    # The longest form the article writes of it ('Xylowerk AG' over 'Xylowerk').
    forms = [f for f in mentions if f.label == "ORG" and compound_initials(m.canonical, f.canonical)
             and normalize_key(f.canonical).split()[0] == normalize_key(target.canonical).split()[0]]
    return max(forms, key=lambda f: (len(f.canonical.split()), f.canonical))


def join_acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions of an acronym take the full name it stands for in this article; an untagged
    '(ABC)' right after a full name becomes a mention of that name."""
    text = doc_text(doc)
    # A people's or a place's adjective ('South African') is no body's name: no acronym is taken from it.
    full = [m for m in mentions if m.label in _EXPANDABLE and len(m.canonical.split()) >= 2
            and acronym_letters(m.canonical) is None and not is_adjective_phrase(m.canonical)]
    if not full and not any(m.label == "ORG" for m in mentions):  # a one-word company may have an acronym
        return mentions
    stated: dict[str, Mention] = {}  # acronym letters -> the full name's mention
    covered = {(m.start_char, m.end_char) for m in mentions}
    extra = []
    for m in full:
        after = re.match(r"\s*\(\s*([A-Z][A-Z.&]{1,11})\s*\)", text[m.end_char:m.end_char + 16])
        if after is None or not stated_for(after.group(1), m.canonical):
            continue
        stated.setdefault(acronym_letters(after.group(1)), m)
        s, e = m.end_char + after.start(1), m.end_char + after.end(1)
        if not any(a < e and s < b for a, b in covered):
            extra.append(Mention(text[s:e], m.label, "", s, e, m.sentence_index, m.canonical, "acronym", "acronym"))
    out = []
    for m in mentions + extra:
        letters = acronym_letters(m.canonical) if m.source != "acronym" else None
        if letters is not None:
            target = stated.get(letters)
            if target is None and m.label != "PERSON":  # not stated: an expansion the article uses, if exactly one fits
                fits = {normalize_key(f.canonical): f for f in full if expands(m.canonical, f.canonical)}
                target = next(iter(fits.values())) if len(fits) == 1 else None
                if target is None and not fits and m.label == "ORG":  # 'XW' beside 'Xylowerk AG'
                    target = _compound_target(m, mentions)
            if target is not None:
                m = replace(m, label=target.label, canonical=target.canonical, label_source="acronym")
        elif m.label in ("PERSON", "ORG", "NORP") and m.source != "role" and " " in m.canonical \
                and m.canonical.split()[0].lower() not in given_names():
            target = _clipped_target(m, full)
            if target is not None:  # 'Lib Dems' beside 'Liberal Democrats'
                m = replace(m, label=target.label, canonical=target.canonical, label_source="acronym")
        elif m.label == "ORG" and m.source != "role" and " " not in m.canonical.strip():
            target = _first_word_target(m, full)
            if target is not None:  # 'Labour' beside 'Labour Party'
                m = replace(m, canonical=target.canonical, label_source="acronym")
        out.append(m)
    return out

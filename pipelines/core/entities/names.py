"""Name normalization, label families, ids and person-name matching (no spaCy needed)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# Labels that name things; numeric labels (DATE, CARDINAL, MONEY...) are claims, not mentions.
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})

# Words that precede a name as a title or role and are not part of it.
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary chancellor
    senator sen rep representative governor gov mayor king queen prince princess pope general gen
    colonel col captain capt spokesman spokeswoman spokesperson aide adviser advisor ambassador
    chairman chairwoman chair ceo director leader premier judge justice press presidential foreign
    defense defence state deputy former u.s u.s. us russian ukrainian french german british chinese
    american kremlin white house the""".split()
)

# Role nouns: words that introduce the person holding a role ('aide Yuri Ushakov') and
# that stand for that person later ('the aide'). Generic job titles, not names.
ROLE_NOUNS = frozenset(
    """president minister secretary chancellor senator governor mayor king queen prince princess pope
    general colonel captain spokesman spokeswoman spokesperson aide adviser advisor ambassador chairman
    chairwoman chair ceo director leader premier judge envoy negotiator commander official diplomat
    chief head founder manager coach economist analyst correspondent editor lawyer attorney prosecutor
    inspector commissioner strategist executive boss owner""".split()
)

# Common aliases of places and bodies that no model normalizes (one place for them).
ALIASES = {
    "us": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
    "united states": "United States", "america": "United States", "the united states": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "united kingdom": "United Kingdom",
    "eu": "European Union", "e.u.": "European Union", "european union": "European Union",
    "un": "United Nations", "u.n.": "United Nations", "united nations": "United Nations",
    "türkiye": "Turkey", "turkiye": "Turkey",
}

# GPE/ORG labels collapse into one family so 'EU' (ORG) and 'EU' (GPE) are one entity.
LABEL_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ORG", "NORP": "NORP", "PERSON": "PERSON"}

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # the same names recur across mentions and articles
def normalize_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for comparing names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s]", "", text)
    return _SPACE.sub(" ", text).strip()


def family_of(label: str) -> str:
    return LABEL_FAMILY.get(label, label)


def entity_id_for(label: str, name: str) -> str:
    """Id of an entity from its label family and canonical name: the same name and family
    give the same id in any warehouse, whatever order the articles were loaded in."""
    return hashlib.sha1(f"{family_of(label)}|{normalize_key(name)}".encode()).hexdigest()[:16]


def clean_name(text: str, label: str) -> str:
    """Surface text -> name: no possessive, no leading article or titles (for people)."""
    name = _SPACE.sub(" ", text).strip()
    name = _POSSESSIVE.sub("", name).strip()
    if re.match(r"(?i)the\s", name):
        name = name[4:]
    if label == "PERSON":
        words = name.split(" ")
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
            words = words[1:]
        name = " ".join(words)
    alias = ALIASES.get(name.lower())
    return alias or name


def surname(name: str) -> str:
    return name.split(" ")[-1]


def similar_surname(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 88)


def similar_given_name(a: str, b: str) -> bool:
    """'yuri' ~ 'yury', 'j' ~ 'john'; not 'mike' ~ 'boris'."""
    a, b = sorted((a, b), key=len)
    if a == b or (len(a) == 1 and b.startswith(a)):
        return True
    return len(a) >= 4 and a[0] == b[0] and fuzz.ratio(a, b) >= 75


def same_person(short: str, full: str) -> bool:
    """'Putin' ~ 'Vladimir Putin'; 'Zelenskyy' ~ 'Volodymyr Zelensky'; 'Yury Ushakov' ~
    'Yuri Ushakov'; not 'Mike Johnson' ~ 'Boris Johnson', not 'Vladimir Medinsky' ~ 'Vladimir Putin'."""
    s, f = normalize_key(short).split(), normalize_key(full).split()
    if not s or not f:
        return False
    if s == f:
        return True
    if not similar_surname(s[-1], f[-1]):
        return False
    if len(s) == 1 or len(f) == 1:  # a bare surname
        return True
    # Both have given names: they must agree (an initial agrees with its name).
    return similar_given_name(s[0], f[0])


def canonical_choice(names: set[str] | list[str], label: str) -> str:
    """The display name (and so the id) of an entity from all its known forms, independent
    of the order they were seen in: for people the fullest form; then a form that is not all capitals, the
    longest, the alphabetically first."""
    forms = sorted(set(names))
    words = (lambda n: len(n.split())) if label == "PERSON" else (lambda n: 0)
    # Mixed case beats a shouted form ('Reuters' over 'REUTERS'); ties go to the first in order.
    return min(forms, key=lambda n: (-words(n), n.isupper(), -len(n), n))

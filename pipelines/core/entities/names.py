"""Name normalization, label families, ids and person-name matching (no spaCy needed)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# Labels that name things; numeric labels (DATE, CARDINAL, MONEY...) are claims, not mentions.
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})

# Words that end a company's name with its legal form or kind without changing which company it
# is ('XY Group', 'XY Motors Corp', 'XY AG'): a name ending so is one firm, 'XY Corp' and 'XY' are
# one body, and a name made of them alone is a fragment ('Co Inc').
COMPANY_DESIGNATORS = frozenset(
    "group company corporation corp co cos inc plc ltd llc holdings industries ag sa nv bv gmbh spa".split())

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

# Abbreviations of technical formats the model tags as organisations ('MP3 files', 'a DVD'):
# they name no thing. (Time zones come from the tz database: knowledge.time_zone_abbreviations.)
FORMAT_ABBREVIATIONS = frozenset(
    """hd uhd sd dvd dvds cd cds cd-rom mp3 mp4 jpeg jpg gif png pdf html xml usb lcd led oled gps sms mms
    wifi wi-fi 3g 4g 5g lte dsl adsl vhs hdmi rss api url""".split())

# Words after a number that make it a quantity, not a model number ('300 barrels', '450 pct').
QUANTITY_WORDS = frozenset(
    """percent pct per cent cents million billion trillion mln bln dlrs dollars pounds euros yen shares barrels
    tonnes tons kg km miles metres meters feet days years months weeks hours minutes points runs goals votes seats
    jobs people workers employees staff members units""".split())

# Head nouns that end the names of things that are no people, and the label such a name takes
# ('Royal Albert Hall' FAC, 'Manchester United' ORG, 'Wall Street' FAC): a name ending in one is
# never a person's unless it opens with a given name or follows a title ('Stuart Hall', 'Mr Post').
HEAD_LABELS = {
    **dict.fromkeys("""hall stadium arena theatre theater cinema gallery museum cathedral abbey church chapel
                    mosque temple palace castle airport station bridge tower street road avenue lane square
                    racecourse velodrome""".split(), "FAC"),
    **dict.fromkeys("""group bank company corporation corp inc ltd plc llc club party council committee commission
                    foundation institute university college school academy hospital league united rovers athletic
                    wanderers albion rangers hotspur fc afc times post news journal herald tribune gazette
                    magazine records studios motors airlines airways""".split(), "ORG"),
    **dict.fromkeys("river lake mountains valley bay island islands sea ocean".split(), "LOC"),
}
# One-word names of a legislature or one of its chambers ('the Commons', 'the Senate'): bodies (ORG),
# never a nationality or a person.
CHAMBER_NAMES = frozenset("commons lords senate congress parliament assembly legislature".split())
# Words around a one-word name that make it a prize won, not a person: 'X-winning', 'X nomination'.
AWARD_WORDS = frozenset("winning winner winners nominated nomination nominations nominee nominees".split())
# Of those, the heads that make a place of a name the model calls an organisation ('Wall Street').
FACILITY_HEADS = frozenset("street road avenue lane square stadium arena racecourse".split())

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

# US states' abbreviations with their full stop, as wire copy writes them after a city ('Xtown, Ga.'):
# the state, never a city or body that shares their letters. Matched as written (case and stop).
STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
    "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
    "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nebr.": "Nebraska",
    "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon",
    "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}

# GPE/ORG labels collapse into one family so 'EU' (ORG) and 'EU' (GPE) are one entity.
LABEL_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ORG", "NORP": "NORP", "PERSON": "PERSON"}

# Abbreviations a name may hold with their full stop ('St. Louis', 'Acme Co. Ltd', 'Sammy Davis Jr.').
NAME_ABBREVIATIONS = frozenset(
    """jr sr st ste mt ft dr mr mrs ms messrs prof rev gen sen rep gov lt col capt sgt cmdr adm
    co corp inc ltd bros plc llc no nos vol ave blvd rd pt""".split())

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_EDGE_PUNCTUATION = re.compile(r"^[-–—<>*•/\\|]+|[-–—<>*•/\\|,;:]+$")
_SPACE = re.compile(r"\s+")
_NICKNAME = re.compile(r" [\"“][^\"“”]{1,30}[\"”] ")


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


@lru_cache(maxsize=65536)  # the same surface texts recur within and across articles
def clean_name(text: str, label: str) -> str:
    """Surface text -> name: no possessive, no leading article or titles (for people)."""
    name = _SPACE.sub(" ", text).strip()
    name = _POSSESSIVE.sub("", name).strip()
    name = _EDGE_PUNCTUATION.sub("", name).strip()  # '-Reagan', '<Gabelli and Co Inc>', '- Ireland': markup
    if name.count("(") > name.count(")"):  # 'Group of Eight (G8': the span ends inside brackets
        name = name[:name.rfind("(")].strip()
    elif name.count(")") > name.count("("):  # 'EC) Commission': it began inside them
        name = _SPACE.sub(" ", name.replace(")", " ")).strip()
    if label in ("GPE", "LOC") and name in STATE_ABBREVIATIONS:
        return STATE_ABBREVIATIONS[name]
    if name.endswith(".") and name.split()[-1].rstrip(".") and "." not in name.split()[-1][:-1]:
        last = name.split()[-1][:-1]
        if len(last) > 1 and last.lower() not in NAME_ABBREVIATIONS:
            name = name[:-1]  # 'Twickenham.': the sentence's full stop; not 'Jr.', 'U.S.', 'Co.'
    if re.match(r"(?i)the\s", name):
        name = name[4:]
    if label == "PERSON":
        name = _NICKNAME.sub(" ", name)  # 'Marcus "Kit" Dunne': the person is 'Marcus Dunne'
        words = name.split(" ")
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLE_WORDS:
            words = words[1:]
        name = " ".join(words)
    alias = ALIASES.get(name.lower())
    return alias or name


# Generational suffixes after a surname ('Sammy Davis Jr.'): part of the name, not its surname.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_parts(name: str) -> list[str]:
    """The normalized words of a name without a trailing generational suffix."""
    parts = normalize_key(name).split()
    while len(parts) > 1 and parts[-1] in NAME_SUFFIXES:
        parts.pop()
    return parts


def surname_key(name: str) -> str:
    """Normalized surname: the last word, less a generational suffix ('Davis' of 'Sammy Davis Jr.')."""
    parts = name_parts(name)
    return parts[-1] if parts else ""


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
    s, f = name_parts(short), name_parts(full)
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


def middle_initials_differ(a: str, b: str) -> bool:
    """'Anna K. Holm' and 'Anna Holm' (or 'Anna J. Holm'): the same given name and surname, and a
    middle initial that one of them writes and the other lacks or writes otherwise. Inside one
    article, two people (a father and son of one name, namesakes); an article that writes one form
    alone may mean either."""
    s, f = name_parts(a), name_parts(b)
    if len(s) < 2 or len(f) < 2 or s[0] != f[0] or s[-1] != f[-1]:
        return False
    ms, mf = s[1:-1], f[1:-1]
    return any(len(p) == 1 for p in ms + mf) and [p[0] for p in ms] != [p[0] for p in mf]


def generation(name: str) -> str | None:
    """The generational suffix a name writes ('jr' of 'Sammy Davis Jr.'), or None."""
    parts = normalize_key(name).split()
    return parts[-1] if len(parts) > 2 and parts[-1] in NAME_SUFFIXES else None


def generations_differ(a: str, b: str) -> bool:
    """'X Z Jr.' and 'X Z Sr.' (or 'X Z III'): two generations of one name, never one person."""
    ga, gb = generation(a), generation(b)
    return ga is not None and gb is not None and ga != gb


def marks_of_one_generation(marked: str, plain: str) -> bool:
    """Whether `marked` writes a mark that tells a father from his son which `plain` (the same given
    name and surname) lacks: a middle initial ('X Y. Z' / 'X Z') or a generational suffix ('X Z Jr.' /
    'X Z'). An article writing `plain` alone may mean either man."""
    s, f = name_parts(marked), name_parts(plain)
    if len(s) < 2 or len(f) < 2 or s[0] != f[0] or s[-1] != f[-1]:
        return False
    initial = any(len(p) == 1 for p in s[1:-1]) and not f[1:-1]
    return initial or (generation(marked) is not None and generation(plain) is None and s == f)


_CAMEL_WORD = re.compile(r"^[A-Za-z][a-z]*[A-Z][A-Za-z]*[a-z]$")


def camel_number(name: str) -> str | None:
    """The other number of a one-word name with a capital inside it, as products' names are
    ('xFoo' <-> 'xFoos', 'XFoos' at a sentence's start <-> 'xFoo'): the plural's 's' added or taken
    off. None for other names: 'Fenwick', 'Harlows' have no inner capital and are no plurals."""
    word = name.strip()
    if " " in word or not _CAMEL_WORD.match(word):
        return None
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word + "s"


def canonical_choice(names: set[str] | list[str], label: str) -> str:
    """The display name (and so the id) of an entity from all its known forms, independent
    of the order they were seen in: for people the fullest form; then a form that is not all capitals, the
    longest, the alphabetically first."""
    forms = sorted(set(names))
    # A product's plural names it only when its singular is unknown ('xFoo' over 'xFoos', 'XFoos').
    forms = [n for n in forms if not (n.endswith("s") and (camel_number(n) or "").lower() in {f.lower() for f in forms})]
    words = (lambda n: len(n.split())) if label == "PERSON" else (lambda n: 0)
    # Mixed case beats a shouted form ('Reuters' over 'REUTERS'); ties go to the first in order.
    return min(forms, key=lambda n: (-words(n), n.isupper(), -len(n), n))

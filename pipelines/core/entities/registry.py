"""Resolution of names across articles to entities, with ids that do not depend on load order.

An entity's id is `entity_id_for(label family, canonical name)`, where the canonical name is
chosen from all its known forms by `canonical_choice` (the fullest person name, ...), never
'the first spelling seen'. When a new form changes the canonical name (a warehouse that
knew only 'Putin' meets 'Vladimir Putin'), the id changes and `renamed` records old -> new,
so the stage can keep the old id resolvable (entity_aliases) and relink the rows that used it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pipelines.core.entities.gender import word_gender
from pipelines.core.entities.knowledge import given_name_gender
from pipelines.core.entities.names import (COMPANY_DESIGNATORS, camel_number, LABEL_FAMILY, NAME_ABBREVIATIONS, TITLE_WORDS, canonical_choice,
                                           entity_id_for, family_of, generations_differ, marks_of_one_generation,
                                           middle_initials_differ, name_parts, normalize_key,
                                           similar_given_name, similar_surname, surname_key)


@dataclass
class RegisteredEntity:
    entity_id: str
    name: str
    label: str
    aliases: set[str] = field(default_factory=set)
    label_counts: Counter = field(default_factory=Counter)


_DEBRIS = re.compile(r"[/\n(),;:|<>]| - | vs?\.? ")  # lists, credits, 'Tottenham v Nottingham Forest'
_CONNECTORS = frozenset({"and", "of", "the", "for", "or", "v", "vs", "to", "in", "at", "on"})
# A full stop inside a name is an initial ('T.S. Eliot', 'Harry S. Truman', 'U.S. Steel') or one of
# names.NAME_ABBREVIATIONS ('St. Louis', 'Acme Co. Ltd'); after any other word it ends a sentence.
# Suffixes written after a comma that belong to the name ('Sammy Davis, Jr.', 'Acme, Inc.').
_NAME_SUFFIX = re.compile(r",\s*(?:jr|sr|ii|iii|iv|v|inc|ltd|llc|plc|co|corp)\.?$", re.IGNORECASE)
# Lower-case particles that open a surname ('de Gaulle', 'van Gogh', 'al-Assad', 'bin Salman').
NAME_PARTICLES = frozenset(
    """van von de da di du del della der den ter ten le la las los el al bin ibn ben dos das do mac""".split())
_WORD_BEFORE_STOP = re.compile(r"([\w.'’-]+)\.\s")


def _sentence_break(name: str) -> bool:
    """A full stop followed by a space that is neither an initial nor a known abbreviation."""
    for m in _WORD_BEFORE_STOP.finditer(name):
        word = m.group(1).split("-")[-1]
        parts = [p for p in word.split(".") if p]
        if parts and all(len(p) == 1 and p.isalpha() for p in parts):
            continue  # 'J.D.', 'W.', 'U.S.'
        if word.lower().rstrip(".") in NAME_ABBREVIATIONS:
            continue
        return True
    return False


def is_noise_name(name: str, label: str) -> str | None:
    """Why a stored name is not a usable entity name (None when it is): parse debris,
    a fragment cut at a connector, no capital letter, a bare title. In doubt a name is kept:
    initials, suffixes and particles ('T.S. Eliot', 'Sammy Davis, Jr.', 'Vincent van Gogh',
    'de Gaulle') are parts of names."""
    stripped = name.strip()
    if not any(c.isalpha() for c in stripped):
        return "no letters"
    if not any(c.isupper() for c in stripped):
        return "no capital letter"
    if _DEBRIS.search(_NAME_SUFFIX.sub("", stripped)) or _sentence_break(stripped):
        return "parse debris"
    words = stripped.split()
    if len(words) > 8:
        return "parse debris"
    first = words[0].split("-")[0].lower()
    if words[0][0].islower() and not (len(words[0]) > 1 and words[0][1].isupper()) \
            and first not in NAME_PARTICLES and label not in ("GPE", "LOC", "FAC"):
        return "parse debris"  # 'today Brent South'; not 'iPod', not 'west London', not 'de Gaulle'
    if words[-1].lower() in _CONNECTORS or (len(words) > 1 and words[0].lower() in _CONNECTORS - {"the"}):
        return "fragment"
    if label == "PERSON" and all(w.lower().rstrip(".") in TITLE_WORDS for w in words):
        return "title only"
    if all(w.lower().replace(".", "") in COMPANY_DESIGNATORS for w in words):
        return "fragment"  # 'Co Inc' cut from 'Morgan Stanley and Co Inc'; 'S.A.' alone
    return None


_VOWELS = frozenset("aeiouy")


def vowel_edit(a: str, b: str) -> bool:
    """The two spellings differ by one vowel written, dropped or changed ('zelensky' / 'zelenskyy')."""
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1:
        return False
    return any(long_[i] in _VOWELS and long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# Transliteration endings of one surname ('-y', '-yy', '-i', '-iy', '-ii'; '-sky' / '-ski'): the
# same letters before them are one surname family.
_TRANSLITERATED_ENDING = re.compile(r"(?<=[a-z]{4})(?:iy|yy|ii|yi|ij|y|i)$")


def surname_family(surname: str) -> str:
    """The key of a surname's spellings across transliterations: 'kovalensky', 'kovalenskyy',
    'kovalenskiy', 'kovalenski' -> 'kovalensk'. A feminine '-a' form ('kovalenska') is another
    family: another person."""
    return _TRANSLITERATED_ENDING.sub("", surname) if len(surname) >= 6 else surname


def _gendered_ending(a: str, b: str) -> bool:
    """'kovalensky' / 'kovalenska', 'petrov' / 'petrova': the same stem with a feminine '-a' on one is
    a man's and a woman's surname (a husband and wife), never one spelling of the other."""
    short, long_ = sorted((a, b), key=len)
    return (a[-1] != b[-1] and "a" in (a[-1], b[-1]) and a[:-1] == b[:-1]) or \
        (len(long_) == len(short) + 1 and long_.endswith("a") and long_[:-1] == short)


def one_edit(a: str, b: str) -> bool:
    """One letter written, dropped or changed (Levenshtein distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# A bare surname spelt one letter otherwise (not a transliteration or a vowel) is its person only on
# the stronger evidence of shared rare names, and only when both are this long.
LONG_SURNAME = 8


def bare_surname_variant(bare: str, surname: str) -> str | None:
    """How a bare surname spelt otherwise than a full name's surname may be it: 'family' (the same
    transliteration family: 'kovalenski' / 'kovalenskyy'), 'vowel' (one vowel written, dropped or
    changed: 'verrali' / 'verraly'), 'letter' (one other letter on long surnames: needs stronger
    evidence), or None: another surname ('Gerard' / 'Gerrard' are short; 'Kovalenska' is a woman's)."""
    if bare == surname:
        return "same"
    if _gendered_ending(bare, surname):
        return None
    if surname_family(bare) == surname_family(surname) != bare and surname_family(surname) != surname:
        return "family"  # both end in one of the endings ('Peroni' is not 'Peron' by this)
    if similar_surname(bare, surname) and vowel_edit(bare, surname):
        return "vowel"
    if min(len(bare), len(surname)) >= LONG_SURNAME and one_edit(bare, surname):
        return "letter"
    return None


def same_person_across_articles(name: str, form: str) -> bool:
    """Whether `name` from one article and `form` from another are one person: stricter than
    within an article, where the text around them shows it. A surname spelt otherwise needs the
    same given name written out ('Bohdan Kovalenskyy' / 'Bohdan Kovalensky') and no feminine form;
    alone, a spelling `bare_surname_variant` allows (the registry asks the articles' evidence); a
    given name spelt otherwise ('Yury' / 'Yuri') the same surname and no other gender ('Daniel' is
    not 'Danielle'). 'Gerard' is not 'Gerrard'."""
    s, f = name_parts(name), name_parts(form)
    if not s or not f or generations_differ(name, form):
        return False  # 'X Z Jr.' is never 'X Z Sr.'
    if s == f:
        return True
    full = len(s) > 1 and len(f) > 1
    if s[-1] != f[-1]:
        if not full:  # a bare surname: a transliteration, a vowel, or (on evidence) a letter of a long one
            return bare_surname_variant(s[-1], f[-1]) is not None
        if not similar_surname(s[-1], f[-1]) or _gendered_ending(s[-1], f[-1]):
            return False
        return len(s[0]) > 1 and s[0] == f[0]
    if not full:  # a bare surname
        return True
    if s[0] != f[0] and min(len(s[0]), len(f[0])) > 1:
        genders = {given_name_gender(s[0]), given_name_gender(f[0])}
        if genders == {"male", "female"}:
            return False
    return similar_given_name(s[0], f[0])


def _has_given_name(name: str) -> bool:
    """'Jason White' has a given name written out; 'J White', 'J. White' only an initial."""
    first = normalize_key(name).split()[0] if normalize_key(name) else ""
    return len(first) > 1 and " " in name.strip()


@dataclass
class SurnameEvidence:
    """What the articles show about bare surnames, for `EntityRegistry`: `titled` maps the bare
    names some article writes after a person's title ('Mr X', 'President X', 'Lord X') to the
    genders of those titles (None for a title without one: 'President');
    `people_around` maps a person's name (normalized, as written in full or bare) to the people
    named in the same articles; `articles_naming` counts the articles that name each person.
    `names_around` maps a person's name to the names of any label ('PLACE|kelbury') named in the
    same articles, `articles_with` counts the articles that name each, over `named_articles`;
    `articles_of` holds the articles that name each person, `names_in` the names of each article."""
    titled: dict[str, set[str | None]] = field(default_factory=dict)
    people_around: dict[str, set[str]] = field(default_factory=dict)
    articles_naming: Counter = field(default_factory=Counter)
    articles: int = 0
    names_around: dict[str, set[str]] = field(default_factory=dict)
    articles_with: Counter = field(default_factory=Counter)
    named_articles: int = 0
    articles_of: dict[str, set[str]] = field(default_factory=dict)
    names_in: dict[str, set[str]] = field(default_factory=dict)
    _by_family: dict[str, set[str]] | None = field(default=None, repr=False)

    def rare(self, key: str) -> bool:
        """A person named in at most 1 % of the articles (at least 2): sharing one says something."""
        return self.articles_naming[key] <= max(2, self.articles // 100)

    def rare_name(self, name: str) -> bool:
        """A name of any label in at most 1 % of the articles that name anything (at least 2)."""
        return self.articles_with[name] <= max(2, self.named_articles // 100)

    def spellings(self, key: str) -> set[str]:
        """The bare surnames the articles write that are `key` or a spelling of it (a transliteration
        or a vowel): their evidence is one surname's when the warehouse knows one person of it."""
        if self._by_family is None:
            self._by_family = {}
            for bare in (*self.titled, *self.people_around):
                if " " not in bare:
                    self._by_family.setdefault(surname_family(bare)[:5], set()).add(bare)
        return {key} | {b for b in self._by_family.get(surname_family(key)[:5], ())
                        if bare_surname_variant(b, key) in ("same", "family", "vowel")}


# A bare surname joins the one full name of that surname only when its articles write it after a
# title or name at least this many rare people the full name's articles name too, or at least
# SHARED_NAMES_FOR_SURNAME rare names of any label (places, bodies, people: stronger, more of them).
SHARED_PEOPLE_FOR_SURNAME = 2
SHARED_NAMES_FOR_SURNAME = 3


def surname_evidence(rows: Iterable[tuple[str, str, str | None, str | None]],
                     names: Iterable[tuple[str, str, str]] = ()) -> SurnameEvidence:
    """Evidence from the warehouse's person mentions, (article id, canonical name, label source,
    text as written: 'Mrs X' keeps its title), and its other mentions, (article id, label, canonical
    name)."""
    evidence = SurnameEvidence()
    by_article: dict[str, set[str]] = {}
    for article_id, name, label_source, text in rows:
        key = normalize_key(name)
        if not key:
            continue
        by_article.setdefault(article_id, set()).add(key)
        if label_source == "person name" and " " not in key:
            words = (text or "").split()
            evidence.titled.setdefault(key, set()).add(word_gender(words[0]) if len(words) > 1 else None)
    evidence.articles = len(by_article)
    for article_id, keys in by_article.items():
        for key in keys:
            evidence.articles_naming[key] += 1
            evidence.articles_of.setdefault(key, set()).add(article_id)
            evidence.people_around.setdefault(key, set()).update(keys - {key})
    named: dict[str, set[str]] = {a: {f"PERSON|{k}" for k in keys} for a, keys in by_article.items()}
    for article_id, label, name in names:
        key = normalize_key(name)
        if key and family_of(label) != "PERSON":
            named.setdefault(article_id, set()).add(f"{family_of(label)}|{key}")
    evidence.named_articles = len(named)
    evidence.names_in = named
    for article_id, keys in named.items():
        for key in keys:
            evidence.articles_with[key] += 1
        for person in by_article.get(article_id, ()):
            evidence.names_around.setdefault(person, set()).update(keys)
    return evidence


def _surname_supported(evidence: SurnameEvidence, surname: str, full_names: set[str], *,
                       shared_names_only: bool = False) -> bool:
    """Whether the articles that write a bare surname (and never its person in full) show it is
    the one person of that surname the warehouse knows in full: a title before it somewhere, or
    rare people named around it who are named around the full name too, or more rare names of any
    label shared so. The articles of its other spellings ('Kovalenskiy' of 'Kovalensky') count with it.
    With `shared_names_only` (a surname one letter off), only the shared names count. Otherwise it
    may be anyone of that name (a programme named after its presenter, a namesake in a comment): in
    doubt, two entities."""
    key = normalize_key(surname)
    spellings = evidence.spellings(key)
    titles = set().union(*(evidence.titled.get(k, set()) for k in spellings))
    genders = {given_name_gender(f.split()[0]) for f in full_names} - {None}
    if titles and genders and titles <= ({"male", "female"} - genders):
        return False  # only ever 'Mrs X' for a man's full name: someone else
    if not shared_names_only and any(g is None or g in genders or not genders for g in titles):
        return True
    return _context_shared(evidence, surname, full_names, shared_names_only=shared_names_only)


def _context_shared(evidence: SurnameEvidence, surname: str, full_names: set[str], *,
                    shared_names_only: bool = False) -> bool:
    """Whether the articles that write a bare surname name at least SHARED_PEOPLE_FOR_SURNAME rare
    people (unless `shared_names_only`) or SHARED_NAMES_FOR_SURNAME rare names of any label that the
    full name's articles name too."""
    key = normalize_key(surname)
    spellings = evidence.spellings(key)
    full_keys = {normalize_key(f) for f in full_names}
    own = spellings | full_keys

    def not_the_person(p: str) -> bool:
        return p not in own and surname_key(p) not in spellings

    if not shared_names_only:
        around_full = set().union(*(evidence.people_around.get(k, set()) for k in full_keys))
        around_bare = set().union(*(evidence.people_around.get(k, set()) for k in spellings))
        shared = {p for p in around_bare & around_full if not_the_person(p) and evidence.rare(p)}
        if len(shared) >= SHARED_PEOPLE_FOR_SURNAME:
            return True
    names_full = set().union(*(evidence.names_around.get(k, set()) for k in full_keys))
    names_bare = set().union(*(evidence.names_around.get(k, set()) for k in spellings))
    shared_names = {n for n in names_bare & names_full
                    if not (n.startswith("PERSON|") and not not_the_person(n[7:])) and evidence.rare_name(n)}
    return len(shared_names) >= SHARED_NAMES_FOR_SURNAME


def _every_article_shares(evidence: SurnameEvidence, surname: str, full_names: set[str]) -> bool:
    """Whether each article that writes the bare surname names a rare name (any label, not the person)
    that the full name's articles name too: a bare name that stands for several people across its
    articles (a politician in one, a player in a squad list in another) is no one person."""
    spellings = evidence.spellings(normalize_key(surname))
    full_keys = {normalize_key(f) for f in full_names}
    around = set().union(*(evidence.names_around.get(k, set()) for k in full_keys))
    own = {f"PERSON|{k}" for k in spellings | full_keys}
    articles = set().union(*(evidence.articles_of.get(k, set()) for k in spellings))
    return bool(articles) and all(
        any(n not in own and evidence.rare_name(n) for n in evidence.names_in.get(a, set()) & around)
        for a in articles)


class EntityRegistry:
    """Cross-article resolution of (label, canonical name) pairs to entities.

    Seeded with the warehouse entities that could match the batch (the stage queries them
    by normalized key and surname), so nothing reloads the whole table; `resolve` returns
    the entity for a name, creating one when nothing matches. People are indexed by surname
    so a new name is compared with the few people whose surname is equal or close. With
    `surnames` (what the articles show, `surname_evidence`), a bare surname and a full name of
    that surname are one person only on that evidence (`_surname_supported`).
    """

    def __init__(self, entities: Iterable[RegisteredEntity] = (), surnames: SurnameEvidence | None = None):
        self.entities: dict[str, RegisteredEntity] = {}
        self.surnames = surnames  # None: a bare surname joins the one person of that surname
        self._by_key: dict[tuple[str, str], str] = {}
        self._people_by_surname: dict[str, set[str]] = {}
        self._surnames: list[str] = []
        self.touched: set[str] = set()
        self.renamed: dict[str, str] = {}  # old id -> current id
        for entity in entities:
            self._add(entity)

    def _index_alias(self, entity: RegisteredEntity, alias: str) -> None:
        family = family_of(entity.label)
        key = normalize_key(alias)
        self._by_key.setdefault((family, key), entity.entity_id)
        if family == "PERSON" and key:
            last = surname_key(alias)
            if last not in self._people_by_surname:
                self._people_by_surname[last] = set()
                self._surnames.append(last)
            self._people_by_surname[last].add(entity.entity_id)

    def _add(self, entity: RegisteredEntity) -> None:
        self.entities[entity.entity_id] = entity
        for alias in {entity.name, *entity.aliases}:
            self._index_alias(entity, alias)

    def remove(self, entity_id: str) -> RegisteredEntity | None:
        """Take an entity out with its index entries, so no later name finds its id."""
        entity = self.entities.pop(entity_id, None)
        if entity is not None:
            families = {family_of(label) for label in (entity.label, *entity.label_counts)}
            for alias in {entity.name, *entity.aliases}:
                for key in ((family, normalize_key(alias)) for family in families):
                    if self._by_key.get(key) == entity_id:
                        del self._by_key[key]
            for ids in self._people_by_surname.values():
                ids.discard(entity_id)
        return entity

    def _person_candidates(self, name: str) -> set[str]:
        last = surname_key(name)
        if not last:
            return set()
        surnames = {last}
        if len(last) >= 5:
            surnames.update(match for match, _, _ in process.extract(
                last, self._surnames, scorer=fuzz.ratio, score_cutoff=80, limit=None))
        return {eid for s in surnames for eid in self._people_by_surname.get(s, ()) if eid in self.entities}

    def _find(self, label: str, name: str) -> RegisteredEntity | None:
        family = family_of(label)
        hit = self._by_key.get((family, normalize_key(name)))
        if hit:
            return self.entities[hit]
        other = camel_number(name) if family not in ("PERSON", "PLACE") else None  # not 'McX' / 'the McXs'
        hit = other and self._by_key.get((family, normalize_key(other)))
        if hit:  # 'xFoos' is the 'xFoo' (either may come first)
            return self.entities[hit]
        if family == "PERSON":
            # Another form of the same person: surname only, or a spelling variant. A full name
            # is compared with the entity's full forms when it has any: its bare-surname alias
            # ('Miller') must not let 'Mark Miller' join 'Sienna Miller'.
            # Likewise a full given name is compared with the entity's full given names when it has
            # any: an initial ('J White') must not bridge 'Jason White' to 'Julian White'.
            def forms(e: RegisteredEntity) -> set[str]:
                every = {e.name, *e.aliases}
                full = {a for a in every if " " in a.strip()}
                if " " not in name.strip() or not full:
                    return every
                if _has_given_name(name):
                    return {a for a in full if _has_given_name(a)} or full
                return full

            candidates = [
                self.entities[eid] for eid in sorted(self._person_candidates(name))
                if any(same_person_across_articles(name, a) and not self._told_apart(name, a)
                       for a in forms(self.entities[eid]))
            ]
            if len(candidates) > 1 and " " not in name.strip() and self.surnames is not None:
                candidates = self._namesake(name, candidates)
            if len(candidates) == 1:
                found = candidates[0]
                forms_known = {found.name, *found.aliases}
                full = {a for a in forms_known if " " in a.strip()}
                # One letter off a long surname ('letter', not a transliteration or a vowel) needs
                # the stronger evidence of shared names.
                letter_only = all(bare_surname_variant(surname_key(name), surname_key(f)) in (None, "letter")
                                  for f in full)
                if " " not in name.strip() and not full and all(
                        bare_surname_variant(surname_key(name), surname_key(f)) in (None, "letter") for f in forms_known):
                    return None  # two bare names a letter apart ('Hollwood' / 'Hallwood'): nothing shows they are one
                if self.surnames is None:
                    return None if " " not in name.strip() and full and letter_only else found
                if " " not in name.strip() and full and not _surname_supported(
                        self.surnames, name, full, shared_names_only=letter_only):
                    return None
                # An initial says little more than a bare surname ('J Xyz' in a team sheet is not the
                # businessman 'James Xyz' of another article): it needs the same shared names.
                if " " in name.strip() and not _has_given_name(name) and full \
                        and not any(_has_given_name(f) for f in full if normalize_key(f) == normalize_key(name)) \
                        and not _context_shared(self.surnames, name, full):
                    return None
                # The same question when a full name comes after its initial form (a later run).
                if " " in name.strip() and _has_given_name(name) and full \
                        and not any(_has_given_name(f) for f in full) \
                        and not any(_context_shared(self.surnames, f, {name}) for f in full):
                    return None
                # The same question when the full name comes after its bare surname (a later run).
                if " " in name.strip() and not full and not any(
                        _surname_supported(self.surnames, bare, {name}, shared_names_only=bare_surname_variant(
                            surname_key(bare), surname_key(name)) == "letter") for bare in forms_known):
                    return None
                return found
        return None

    def _told_apart(self, name: str, form: str) -> bool:
        """'Anna Holm' and 'Anna K. Holm' (or 'Anna Holm Jr.') are two people where some article names
        both (each article keeps them apart by the middle initial); elsewhere one may be written for the
        other (the stage then decides per article: entity_generations.py)."""
        marks = middle_initials_differ(name, form) or marks_of_one_generation(name, form) \
            or marks_of_one_generation(form, name)
        return marks and self.surnames is not None \
            and normalize_key(form) in self.surnames.people_around.get(normalize_key(name), ())

    def _namesake(self, surname: str, candidates: list[RegisteredEntity]) -> list[RegisteredEntity]:
        """Of several people the warehouse knows by a bare surname's full names, the one its articles
        show it is: not a person whose given name's gender no title of the bare name has ('Mr X' is
        not 'Anna X'), and the only one whose articles name rare people or names the bare surname's
        articles name too. Nobody (an empty list) when no single one has that evidence: a namesake
        never joins on the surname alone."""
        assert self.surnames is not None
        spellings = self.surnames.spellings(normalize_key(surname))
        titles = set().union(*(self.surnames.titled.get(k, set()) for k in spellings)) - {None}
        fits = []
        for entity in candidates:
            full = {a for a in {entity.name, *entity.aliases} if " " in a.strip()}
            if not full:
                continue
            genders = {given_name_gender(f.split()[0]) for f in full} - {None}
            if titles and genders and not titles & genders:
                continue
            if _context_shared(self.surnames, surname, full) and _every_article_shares(self.surnames, surname, full):
                fits.append(entity)
        return fits

    def resolve(self, label: str, name: str, count: int = 1) -> RegisteredEntity:
        """The entity `name` (a `label` mention) refers to; ids are settled by `settle()`."""
        entity = self._find(label, name)
        if entity is None:
            entity = RegisteredEntity(entity_id_for(label, name), name, label, {name})
            self._add(entity)
        elif name not in entity.aliases:
            entity.aliases.add(name)
            self._index_alias(entity, name)
        entity.label_counts[label] += count
        self.touched.add(entity.entity_id)
        return entity

    def add_alias(self, entity: RegisteredEntity, alias: str) -> None:
        """Another name of `entity` ('IMF' of 'International Monetary Fund'), unless that name
        already stands for another entity."""
        if (family_of(entity.label), normalize_key(alias)) not in self._by_key:
            entity.aliases.add(alias)
            self._index_alias(entity, alias)

    def settle(self) -> dict[str, RegisteredEntity]:
        """Give every touched entity its canonical name, label (the commonest of its family)
        and id; entities whose id changed are renamed (and merged when the new id exists).
        Returns the current entity of every id resolved in this batch (old ids included)."""
        current: dict[str, RegisteredEntity] = {}
        work = sorted(self.touched)
        while work:
            eid = work.pop(0)
            entity = self.entities.get(eid)
            if entity is None:
                continue
            if entity.label_counts:
                top = max(entity.label_counts.values())
                entity.label = min(lbl for lbl, n in entity.label_counts.items() if n == top)
            entity.name = canonical_choice(entity.aliases, entity.label)
            new_id = entity_id_for(entity.label, entity.name)
            if new_id != eid:
                del self.entities[eid]
                other = self.entities.get(new_id)
                if other is not None:  # two entities turn out to be one: merge, then settle it again
                    other.aliases |= entity.aliases
                    other.label_counts.update(entity.label_counts)
                    entity = other
                    work.append(new_id)
                entity.entity_id = new_id
                self.entities[new_id] = entity
                self.renamed[eid] = new_id
                for old, new in list(self.renamed.items()):
                    if new == eid:
                        self.renamed[old] = new_id
                for alias in entity.aliases:
                    self._by_key[(family_of(entity.label), normalize_key(alias))] = new_id
                for ids in self._people_by_surname.values():
                    if eid in ids:
                        ids.discard(eid)
                        ids.add(new_id)
                current.pop(eid, None)
            current[new_id] = entity
        for old, new in self.renamed.items():
            current[old] = self.entities[new]
        self.touched = set()
        return current


__all__ = ["LABEL_FAMILY", "EntityRegistry", "RegisteredEntity", "SurnameEvidence", "is_noise_name", "surname_evidence"]

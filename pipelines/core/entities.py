"""Named-entity mentions and their resolution to canonical names.

Two levels:
- `find_mentions(doc)`: mentions in one article, each with the canonical name of
  the entity it refers to inside that article ('Putin' -> 'Vladimir Putin',
  'Trump' tagged ORG -> PERSON 'Donald Trump').
- `EntityRegistry`: resolution across articles (the warehouse's entities table),
  used by the entities stage; exact alias, surname and fuzzy (rapidfuzz) matches.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:  # the entities stage resolves names without loading spaCy
    from spacy.tokens import Doc, Span

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

# One-word nationality adjectives the model sometimes tags as places.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ic)s?$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACE = re.compile(r"\s+")


def normalize_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for comparing names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s]", "", text)
    return _SPACE.sub(" ", text).strip()


def entity_id_for(label: str, name: str) -> str:
    """Stable id of an entity from its label family and canonical name."""
    family = LABEL_FAMILY.get(label, label)
    return hashlib.sha1(f"{family}|{normalize_key(name)}".encode()).hexdigest()[:16]


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


@dataclass(frozen=True)
class Mention:
    text: str          # surface text as in the article
    label: str         # resolved label (PERSON for 'Trump' even when tagged ORG)
    ner_label: str     # label the model gave
    start_char: int
    end_char: int
    sentence_index: int
    canonical: str     # canonical name inside this article ('Vladimir Putin')

    @property
    def entity_id(self) -> str:
        return entity_id_for(self.label, self.canonical)


def _surname(name: str) -> str:
    return name.split(" ")[-1]


def _similar_surname(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 88)


def _same_person(short: str, full: str) -> bool:
    """'Putin' ~ 'Vladimir Putin'; 'Zelenskyy' ~ 'Volodymyr Zelensky'; not 'Mike Johnson' ~ 'Boris Johnson'."""
    s, f = normalize_key(short).split(), normalize_key(full).split()
    if not s or not f:
        return False
    if s == f:
        return True
    if not _similar_surname(s[-1], f[-1]):
        return False
    if len(s) == 1 or len(f) == 1:  # a bare surname
        return True
    # Both have first names: they must agree (an initial agrees with its name).
    a, b = sorted((s[0], f[0]), key=len)
    return a == b or (len(a) == 1 and b.startswith(a))


def sentence_index_of(doc: Doc) -> dict[int, int]:
    """Map each sentence's start token index to its ordinal in the doc."""
    return {sent.start: i for i, sent in enumerate(doc.sents)}


def find_mentions(doc: Doc) -> list[Mention]:
    """Named-entity mentions of one article with per-article canonical names."""
    sent_ord = sentence_index_of(doc)
    spans: list[tuple[Span, str]] = []
    for ent in doc.ents:
        if ent.label_ not in MENTION_LABELS:
            continue
        name = clean_name(ent.text, ent.label_)
        if not name or not any(ch.isalpha() for ch in name):
            continue
        spans.append((ent, name))

    # Full person names are the anchors; shorter forms resolve to a unique anchor.
    person_full = []
    for ent, name in spans:
        if ent.label_ == "PERSON" and " " in name and name not in person_full:
            person_full.append(name)

    def person_anchor(name: str) -> str | None:
        hits = [full for full in person_full if _same_person(name, full)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:  # prefer the exact full form, else the longest
            return name if name in hits else max(hits, key=len)
        return None

    mentions = []
    for ent, name in spans:
        label, canonical = ent.label_, name
        if label in ("GPE", "LOC") and _DEMONYM.match(name):  # 'Ukrainian' tagged GPE is a nationality
            label = "NORP"
        anchor = person_anchor(name) if label in ("PERSON", "ORG", "GPE", "NORP") else None
        if anchor is not None and (label == "PERSON" or normalize_key(name) in
                                   {normalize_key(anchor), normalize_key(_surname(anchor))}):
            label, canonical = "PERSON", anchor
        mentions.append(
            Mention(
                text=ent.text,
                label=label,
                ner_label=ent.label_,
                start_char=ent.start_char,
                end_char=ent.end_char,
                sentence_index=sent_ord.get(ent.sent.start, 0),
                canonical=canonical,
            )
        )
    # A short PERSON form with no full name in the article, also tagged ORG elsewhere
    # in it ('Trump' PERSON and 'Trump' ORG), is the same person.
    person_names = {normalize_key(m.canonical) for m in mentions if m.label == "PERSON"}
    return [
        Mention(m.text, "PERSON", m.ner_label, m.start_char, m.end_char, m.sentence_index, m.canonical)
        if m.label != "PERSON" and normalize_key(m.canonical) in person_names
        else m
        for m in mentions
    ]


def mention_at(mentions: Iterable[Mention], start_char: int, end_char: int) -> Mention | None:
    """The mention overlapping [start_char, end_char), preferring PERSON, then the longest."""
    hits = [m for m in mentions if m.start_char < end_char and start_char < m.end_char]
    if not hits:
        return None
    return max(hits, key=lambda m: (m.label == "PERSON", m.end_char - m.start_char))


@dataclass
class RegisteredEntity:
    entity_id: str
    name: str
    label: str
    aliases: set[str] = field(default_factory=set)


class EntityRegistry:
    """Cross-article resolution of (label, canonical name) pairs to entities.

    Seeded with the warehouse's existing entities so ids stay stable across runs;
    `resolve` returns the entity for a name, creating one when nothing matches.
    People are indexed by surname so a new name is compared with the few people
    whose surname is equal or close (rapidfuzz), not with everyone.
    """

    def __init__(self, entities: Iterable[RegisteredEntity] = ()):
        self.entities: dict[str, RegisteredEntity] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        self._people_by_surname: dict[str, set[str]] = {}
        self._surnames: list[str] = []
        for entity in entities:
            self._add(entity)

    def _index_alias(self, entity: RegisteredEntity, alias: str) -> None:
        family = LABEL_FAMILY.get(entity.label, entity.label)
        key = normalize_key(alias)
        self._by_key.setdefault((family, key), entity.entity_id)
        if family == "PERSON" and key:
            surname = key.split(" ")[-1]
            if surname not in self._people_by_surname:
                self._people_by_surname[surname] = set()
                self._surnames.append(surname)
            self._people_by_surname[surname].add(entity.entity_id)

    def _add(self, entity: RegisteredEntity) -> None:
        self.entities[entity.entity_id] = entity
        for alias in {entity.name, *entity.aliases}:
            self._index_alias(entity, alias)

    def _person_candidates(self, name: str) -> set[str]:
        key = normalize_key(name)
        if not key:
            return set()
        surname = key.split(" ")[-1]
        surnames = {surname}
        if len(surname) >= 5:
            surnames.update(match for match, _, _ in process.extract(
                surname, self._surnames, scorer=fuzz.ratio, score_cutoff=88, limit=None))
        return {eid for s in surnames for eid in self._people_by_surname.get(s, ())}

    def _find(self, label: str, name: str) -> RegisteredEntity | None:
        family = LABEL_FAMILY.get(label, label)
        hit = self._by_key.get((family, normalize_key(name)))
        if hit:
            return self.entities[hit]
        if family == "PERSON":
            # Another form of the same person: surname only, or a spelling variant.
            candidates = [
                self.entities[eid] for eid in sorted(self._person_candidates(name))
                if _same_person(name, self.entities[eid].name) or _same_person(self.entities[eid].name, name)
            ]
            if len(candidates) == 1:
                return candidates[0]
        return None

    def resolve(self, label: str, name: str) -> RegisteredEntity:
        entity = self._find(label, name)
        if entity is None:
            entity = RegisteredEntity(entity_id_for(label, name), name, label, {name})
            self._add(entity)
            return entity
        if name not in entity.aliases:
            entity.aliases.add(name)
            self._index_alias(entity, name)
        # Prefer the fuller person name as the display name ('Putin' -> 'Vladimir Putin').
        if entity.label == "PERSON" and len(name.split(" ")) > len(entity.name.split(" ")) and _same_person(entity.name, name):
            entity.name = name
        return entity

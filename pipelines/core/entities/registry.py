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

from pipelines.core.entities.names import (LABEL_FAMILY, TITLE_WORDS, canonical_choice, entity_id_for, family_of,
                                           normalize_key, same_person)


@dataclass
class RegisteredEntity:
    entity_id: str
    name: str
    label: str
    aliases: set[str] = field(default_factory=set)
    label_counts: Counter = field(default_factory=Counter)


def surname_key(name: str) -> str:
    key = normalize_key(name)
    return key.split(" ")[-1] if key else ""


_DEBRIS = re.compile(r"[/\n(),;:|]| - |\.\s| vs?\.? ")  # lists, credits, 'Tottenham v Nottingham Forest'
_CONNECTORS = frozenset({"and", "of", "the", "for", "or", "v", "vs", "to", "in", "at", "on"})


def is_noise_name(name: str, label: str) -> str | None:
    """Why a stored name is not a usable entity name (None when it is): parse debris,
    a fragment cut at a connector, no capital letter, a bare title."""
    stripped = name.strip()
    if not any(c.isalpha() for c in stripped):
        return "no letters"
    if not any(c.isupper() for c in stripped):
        return "no capital letter"
    if _DEBRIS.search(stripped):
        return "parse debris"
    words = stripped.split()
    if len(words) > 8:
        return "parse debris"
    if words[0][0].islower() and not (len(words[0]) > 1 and words[0][1].isupper()) \
            and label not in ("GPE", "LOC", "FAC"):  # 'today Brent South'; not 'iPod', not 'west London'
        return "parse debris"
    if words[-1].lower() in _CONNECTORS or (len(words) > 1 and words[0].lower() in _CONNECTORS - {"the"}):
        return "fragment"
    if label == "PERSON" and all(w.lower().rstrip(".") in TITLE_WORDS for w in words):
        return "title only"
    return None


class EntityRegistry:
    """Cross-article resolution of (label, canonical name) pairs to entities.

    Seeded with the warehouse entities that could match the batch (the stage queries them
    by normalized key and surname), so nothing reloads the whole table; `resolve` returns
    the entity for a name, creating one when nothing matches. People are indexed by surname
    so a new name is compared with the few people whose surname is equal or close.
    """

    def __init__(self, entities: Iterable[RegisteredEntity] = ()):
        self.entities: dict[str, RegisteredEntity] = {}
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
            last = key.split(" ")[-1]
            if last not in self._people_by_surname:
                self._people_by_surname[last] = set()
                self._surnames.append(last)
            self._people_by_surname[last].add(entity.entity_id)

    def _add(self, entity: RegisteredEntity) -> None:
        self.entities[entity.entity_id] = entity
        for alias in {entity.name, *entity.aliases}:
            self._index_alias(entity, alias)

    def _person_candidates(self, name: str) -> set[str]:
        key = normalize_key(name)
        if not key:
            return set()
        last = key.split(" ")[-1]
        surnames = {last}
        if len(last) >= 5:
            surnames.update(match for match, _, _ in process.extract(
                last, self._surnames, scorer=fuzz.ratio, score_cutoff=88, limit=None))
        return {eid for s in surnames for eid in self._people_by_surname.get(s, ())}

    def _find(self, label: str, name: str) -> RegisteredEntity | None:
        family = family_of(label)
        hit = self._by_key.get((family, normalize_key(name)))
        if hit:
            return self.entities[hit]
        if family == "PERSON":
            # Another form of the same person: surname only, or a spelling variant. A full name
            # is compared with the entity's full forms when it has any: its bare-surname alias
            # ('Miller') must not let 'Mark Miller' join 'Sienna Miller'.
            def forms(e: RegisteredEntity) -> set[str]:
                every = {e.name, *e.aliases}
                full = {a for a in every if " " in a.strip()}
                return full if (" " in name.strip() and full) else every

            candidates = [
                self.entities[eid] for eid in sorted(self._person_candidates(name))
                if any(same_person(name, a) or same_person(a, name) for a in forms(self.entities[eid]))
            ]
            if len(candidates) == 1:
                return candidates[0]
        return None

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


__all__ = ["LABEL_FAMILY", "EntityRegistry", "RegisteredEntity", "is_noise_name", "surname_key"]

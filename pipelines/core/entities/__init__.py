"""Named-entity mentions and their resolution to entities.

Two levels:
- `find_mentions(doc)` (mentions.py, labels.py, roles.py): mentions in one article, each with
  the canonical name and the label of the entity it refers to inside that article, repaired
  around the model's errors with knowledge (knowledge.py: places, common words).
- `EntityRegistry` (registry.py): resolution across articles (the warehouse's entities table),
  used by the entities stage; ids derived from an order-independent canonical name.
"""
from pipelines.core.entities.mentions import find_mentions
from pipelines.core.entities.names import (ALIASES, COMPANY_DESIGNATORS, LABEL_FAMILY, MENTION_LABELS, ROLE_NOUNS, TITLE_WORDS,
                                           canonical_choice, clean_name, entity_id_for, family_of, normalize_key,
                                           same_person, surname_key)
from pipelines.core.entities.registry import EntityRegistry, RegisteredEntity, is_noise_name
from pipelines.core.entities.spans import Mention, mention_at, sentence_index_of

__all__ = [
    "ALIASES", "COMPANY_DESIGNATORS", "LABEL_FAMILY", "MENTION_LABELS", "ROLE_NOUNS", "TITLE_WORDS", "EntityRegistry", "Mention",
    "RegisteredEntity", "canonical_choice", "clean_name", "entity_id_for", "family_of", "find_mentions",
    "is_noise_name", "mention_at", "normalize_key", "same_person", "sentence_index_of", "surname_key",
]

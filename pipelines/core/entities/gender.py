"""Gender evidence that keeps two people who share a surname apart ('Mr X' is not 'Ingrid X').

Three kinds, each only ever used to choose between people the article names in full:
- a gendered title at or right before the name ('Mr', 'Mrs', 'Sir', 'Queen', ...);
- the given name of a full name (gender-guesser's dictionary, `knowledge.given_name_gender`);
- the first personal pronoun after a bare surname, in its sentence or the next, before any
  other person is named ('Halvorsen said he ...').
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_tokens
from pipelines.core.entities.knowledge import given_name_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc

MALE_TITLES = frozenset(
    "mr messrs sir lord king prince duke earl baron count emperor sultan sheikh father brother uncle".split())
FEMALE_TITLES = frozenset(
    """mrs ms miss mme madame madam lady dame queen princess duchess countess baroness empress sister mother
    aunt""".split())
_PRONOUNS = {"he": "male", "him": "male", "his": "male", "himself": "male",
             "she": "female", "her": "female", "hers": "female", "herself": "female"}


def word_gender(word: str) -> str | None:
    """Gender a title word gives ('Mrs.' -> female), None for an ungendered one ('President')."""
    w = word.lower().rstrip(".")
    return "male" if w in MALE_TITLES else "female" if w in FEMALE_TITLES else None


def title_gender(doc: Doc, start: int, end: int) -> str | None:
    """Gender of the title opening the tokens [start, end) or right before them ('Mrs Halvorsen')."""
    tok = doc_tokens(doc)
    for i in (start, start - 1):
        if 0 <= i < end and i < len(tok):
            gender = word_gender(tok[i].text)
            if gender:
                return gender
    return None


def name_gender(name: str) -> str | None:
    """Gender of a full name from its given name ('Ingrid Halvorsen' -> female) or its title ('Mr Halvorsen')."""
    words = name.split()
    if len(words) < 2:
        return None
    return word_gender(words[0]) or given_name_gender(words[0])


def pronoun_gender(doc: Doc, end: int, person_starts: set[int]) -> str | None:
    """The first he/she (his, her...) after token `end`, in its sentence or the next, before
    another person is named."""
    tok = doc_tokens(doc)
    if end >= len(tok):
        return None
    sentence = tok[end - 1].sent if end > 0 else tok[0].sent
    limit = sentence.end
    if limit < len(tok):
        limit = tok[limit].sent.end
    for i in range(end, min(limit, len(tok))):
        if i in person_starts:
            return None
        gender = _PRONOUNS.get(tok[i].lower_)
        if gender:
            return gender
    return None


def compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def titled_surname(doc: Doc, start: int, surname: str) -> str:
    """'Mr Halvorsen': the name of a person the article knows only by title and surname, kept
    apart from the person of the other gender it names in full."""
    tok = doc_tokens(doc)
    for i in (start, start - 1):
        if 0 <= i < len(tok) and word_gender(tok[i].text):
            return f"{tok[i].text.rstrip('.').capitalize()} {surname}"
    return surname

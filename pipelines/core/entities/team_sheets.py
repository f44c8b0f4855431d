"""Team sheets and lists of players: whose a bare surname there is.

A team sheet writes its players by an initial and a surname ('J Surname (Club, capt); M Other
(Club)') or a list of surnames ('..., Xx, Surname, Yy, ...'). A bare surname there is a player:
never the coach, manager or chairman of that surname the article names in full (a staff role
right before the full name), and after an initial only a full name of that initial.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_tokens
from pipelines.core.entities.teams import STAFF_ROLES

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LIST_MARKS = frozenset({",", ";"})


def _initial_before(tok, start: int) -> str | None:
    """'J' of a team sheet's 'J Surname (Club)': one capital letter (a full stop after it or not)
    right before the surname, at a list's item start."""
    i = start - 1
    if i >= 0 and tok[i].text == ".":
        i -= 1
    if i < 0 or not (len(tok[i].text) == 1 and tok[i].text.isupper()):
        return None
    return tok[i].text if i == 0 or tok[i - 1].text in _LIST_MARKS | {"(", ":"} or "\n" in tok[i - 1].text \
        or tok[i - 1].is_space else None


def _listed(tok, start: int, end: int) -> bool:
    """A surname between list marks after another capitalised name ('..., Xx, Surname, Yy'): an item
    of a list of names, as a team sheet writes its players."""
    return (start >= 2 and tok[start - 1].text in _LIST_MARKS and tok[start - 2].text[:1].isupper()
            and end < len(tok) and tok[end].text in _LIST_MARKS)


def staff_names(doc: Doc, names: list[tuple[int, str, str]]) -> set[str]:
    """Full person names (token start, label, full name) the article writes with a staff role right
    before them ('coach Xx Yy', 'the Xx manager Xx Yy'): people who never play."""
    tok = doc_tokens(doc)
    return {full for start, label, full in names if label == "PERSON" and " " in full
            and any(tok[i].lower_ in STAFF_ROLES for i in range(max(0, start - 2), start))}


def sheet_anchor(tok, start: int, end: int, surname: str, fulls: list[str],
                 staff: set[str]) -> tuple[list[str], str | None]:
    """The full names a bare surname at tokens start:end may be, on a team sheet: after an initial
    ('J Surname (Club)') only those of that initial, and never a staff member of another initial;
    an item of a list of names is a player, never a staff member's surname (the bare surname names
    its own when only staff are left). Off a team sheet, `fulls` unchanged. Returns (fulls left, the name when none)."""
    initial = _initial_before(tok, start)
    if initial is not None:
        left = [f for f in fulls if f[:1] == initial]
        # Only a staff member's name is set aside: any other stays as it was (the warehouse tells
        # players of one surname apart by their own evidence).
        return (left, None) if left or not all(f in staff for f in fulls) else ([], surname)
    if _listed(tok, start, end):
        return [f for f in fulls if f not in staff], surname
    return fulls, None

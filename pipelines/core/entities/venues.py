"""A sports ground named after its place: 'the X crowd', 'the X pitch' (FAC, not the town).

In a sports article (some name in it plays), a place's name the model read as a GPE or LOC is the
venue where the article shows it: a ground's noun right after it ('X pitch'; 'the X crowd' for a
name the gazetteer does not know as a town and no 'in X' in the article makes one), or,
for a name the gazetteer does not know as a town or city, 'at X' in a sentence with a match's noun
('the win at X') when the name is no club's ('X City', a one-word plural). Every place mention of
that name in the article then takes FAC (label_source 'venue'), but for a dateline and 'in X' (the
town); a name that plays is a team (teams.py) and keeps ORG.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_tokens, expanded_span
from pipelines.core.entities.knowledge import is_country, place_population
from pipelines.core.entities.names import normalize_key
from pipelines.core.entities.spans import Mention, with_label
from pipelines.core.entities.teams import MATCH_NOUNS, names_a_dateline, sports_article

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Nouns that, right after a place's name, make it the ground ('the X pitch', 'the X turf').
_GROUND_NOUNS = frozenset("pitch turf terraces stands groundsman".split())
# A crowd is the town's people as often as the ground's ('a raucous X crowd' at a final held in X):
# it makes a ground only of a name the gazetteer does not know as a town that no 'in X' makes one.
_CROWD_NOUNS = frozenset("crowd crowds faithful".split())
_PLACE = frozenset({"GPE", "LOC"})
# A match's nouns: 'at X' in a sentence with one is where the match is played.
_MATCH_WORDS = MATCH_NOUNS | frozenset("final semi-final kick-off".split())


def _noun_after(doc: Doc, m: Mention) -> str | None:
    span = expanded_span(doc, m.start_char, m.end_char)
    tok = doc_tokens(doc)
    if span is None or span.end >= len(tok):
        return None
    after = tok[span.end]
    return after.lower_ if after.pos_ == "NOUN" else None


def _venue_noun_after(doc: Doc, m: Mention, towns: set[str]) -> bool:
    """A ground's noun after the name; a crowd's only for a name that is no town ('towns')."""
    noun = _noun_after(doc, m)
    if noun in _GROUND_NOUNS:
        return True
    return noun in _CROWD_NOUNS and place_population(m.canonical) is None and normalize_key(m.canonical) not in towns


def _at_in_a_match(doc: Doc, m: Mention) -> bool:
    """'at X' in a sentence that holds a match's noun ('the win at X', 'the final at X')."""
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None or span.start == 0:
        return False
    tok = doc_tokens(doc)
    if tok[span.start - 1].lower_ != "at":
        return False
    sent = span.sent
    return any(t.lemma_.lower() in _MATCH_WORDS for t in sent)


def _club_like(name: str) -> bool:
    """'Xtown City', 'Xtown Villa': a name that holds a known place's word besides itself is a
    club's; a one-word plural ('Xers') is a club's nickname."""
    words = name.split()
    if len(words) == 1:
        return name.endswith("s")
    return any(place_population(w) is not None for w in words)


def _in_place(doc: Doc, m: Mention) -> bool:
    """'in X': a town, where a ground is 'at X'."""
    span = expanded_span(doc, m.start_char, m.end_char)
    return span is not None and span.start > 0 and doc_tokens(doc)[span.start - 1].lower_ == "in"


def venues(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Place mentions of a sports article's ground take FAC where the article shows it is one."""
    places = [m for m in mentions if m.label in _PLACE and m.source != "role" and not is_country(m.canonical)]
    if not places or not sports_article(doc, mentions):
        return mentions
    towns = {normalize_key(m.canonical) for m in places if _in_place(doc, m)}
    grounds = set()
    for m in places:
        if _venue_noun_after(doc, m, towns) or (place_population(m.canonical) is None and not _club_like(m.canonical)
                                           and _at_in_a_match(doc, m)):
            grounds.add(normalize_key(m.canonical))
    if not grounds:
        return mentions
    return [with_label(m, "FAC", "venue") if m.label in _PLACE and m.source != "role"
            and normalize_key(m.canonical) in grounds and not names_a_dateline(doc, m) and not _in_place(doc, m) else m for m in mentions]

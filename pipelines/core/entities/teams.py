"""A place's name used for the team or club that plays there ('Surrey closed on 429 for seven',
'Chicago beat Boston 5-3', 'CHICAGO 63 71 .470'): an organisation, not the place.

Evidence on one mention, any of:
- a score right after the name ('Surrey 429-7', 'Boston 3');
- the subject of a verb of play ('beat', 'won', 'signed', 'drew'), or the object of one
  ('beat Chicago', 'against Kent', 'v Essex');
- the subject of a plural verb ('Tottenham are', 'Leicester have'), as a team is in British English;
- a player or staff role after the name ('Surrey captain', 'Chicago's coach').
Countries are left alone: a national side keeps its country's name and label.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_tokens
from pipelines.core.entities.knowledge import is_country

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from pipelines.core.entities.spans import Mention

PLAY_VERBS = frozenset(
    """beat defeat win lose draw tie play sign score lead trail host face edge thrash rout crush overcome
    outplay eliminate qualify relegate promote clinch hammer down upset blank sweep whip overpower bat bowl
    declare dismiss concede equalise equalize snatch outscore outlast shut""".split())
TEAM_ROLES = frozenset(
    """captain coach manager striker goalkeeper keeper midfielder defender forward winger pitcher batsman
    bowler skipper quarterback fullback centre-back playmaker squad side team fans supporters player players
    boss""".split())
_SCORE = re.compile(r"^\d{1,3}(?:-\d{1,3})?$")
_AGAINST = frozenset({"against", "v", "v.", "vs", "vs.", "versus"})


def plays_as_team(doc: Doc, m: Mention) -> bool:
    """The mention names a team: a score follows it, it plays, or a player's role follows it."""
    if is_country(m.canonical):
        return False
    span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
    if span is None:
        return False
    tok = doc_tokens(doc)
    after = tok[span.end] if span.end < len(tok) else None
    if after is not None and _SCORE.match(after.text):
        return True
    if after is not None and after.lower_ in ("'s", "’s") and after.i + 1 < len(tok):
        after = tok[after.i + 1]
    if after is not None and after.lower_ in TEAM_ROLES and after.pos_ in ("NOUN", "PROPN"):
        return True
    before = tok[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in _AGAINST:
        return True
    head = span.root
    while head.dep_ == "conj" and head.head is not head:  # 'Essex and Surrey won'
        head = head.head
    verb = head.head
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ == "VERB" and verb.lemma_.lower() in PLAY_VERBS:
        return True
    # 'Tottenham are primed', 'Leicester have won': one place takes a plural verb only as a team.
    if head.dep_ in ("nsubj", "nsubjpass") and head.tag_ == "NNP" and not span.text.endswith("s"):
        verbs = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        return any(v.tag_ == "VBP" or v.lower_ == "were" for v in verbs)
    return False

"""Step 4 of `find_mentions` (mentions.py): canonical names inside one article.

Full person names are the anchors; a shorter form ('Putin', 'Trump' tagged ORG) resolves to the
one anchor it fits. Two people who share a surname are told apart by a title's gender, a pronoun
and, failing both, by which of them the article named last (`gender.py`).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text, doc_tokens, span_text
from pipelines.core.entities.candidates import Candidate
from pipelines.core.entities.gender import compatible, name_gender, pronoun_gender, title_gender, titled_surname
from pipelines.core.entities.knowledge import place_population
from pipelines.core.entities.names import clean_name, middle_initials_differ, normalize_key, same_person
from pipelines.core.entities.spans import Mention, sentence_index_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

# One-word nationality adjectives the model sometimes tags as places.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ic)s?$")


_MISDECODED_POSSESSIVE = re.compile(r"^(.*[A-Za-z])(?:[^\x00-\x7F]{1,3}|&#?\w{1,8};)s$")


# Titles that go with a given name alone: a ruler known by it.
_RULERS = frozenset("king queen prince princess emperor empress pope sultan sheikh emir".split())


def _without_misdecoded_possessive(name: str, text: str) -> str:
    """'Velkaroĺs', 'Velkaro&#191;s' (a possessive whose apostrophe was mis-decoded) is 'Velkaro' when the article
    also writes the name without it; 'Andrés' stays (no 'Andr' in the article)."""
    m = _MISDECODED_POSSESSIVE.match(name)
    if m is None:
        return name
    stem = m.group(1)
    return stem if re.search(r"(?<!\w)" + re.escape(stem) + r"(?!\w)", text) else name


def resolve_in_article(doc: Doc, cands: list[Candidate]) -> list[Mention]:
    """Canonical names inside the article: full person names are the anchors; a shorter
    form ('Putin', 'Trump' tagged ORG) resolves to the one anchor it fits."""
    sent_ord = sentence_index_of(doc)
    text = doc_text(doc)
    spans = []
    for c in cands:
        span = doc[c.start:c.end]
        # The span's text cut from the doc's (Span.text makes a Token per token).
        name = _without_misdecoded_possessive(clean_name(span_text(doc, c.start, c.end), c.label), text)
        if name and any(ch.isalpha() for ch in name):
            spans.append((c, span, name))
    person_full: list[str] = []
    variant_of: dict[str, str] = {}
    for c, _, name in spans:
        if c.label == "PERSON" and " " in name and name not in person_full and name not in variant_of:
            # 'George W. Bush' beside 'George Bush': a middle initial tells two people apart.
            first = next((full for full in person_full
                          if same_person(name, full) and not middle_initials_differ(name, full)), None)
            if first is None:
                person_full.append(name)
            else:  # 'Yury Ushakov' after 'Yuri Ushakov': one person, the first spelling names it
                variant_of[name] = first
    # Where each full name is written, and its gender (given name, else a title on it): two
    # people sharing a surname ('Ingrid' and 'Olav Halvorsen') are told apart by 'Mr'/'Mrs', a
    # pronoun and, failing both, by which of them the article named last.
    full_at: dict[str, list[int]] = {}
    full_gender: dict[str, str | None] = {full: name_gender(full) for full in person_full}
    for c, span, name in spans:
        full = variant_of.get(name, name)
        if full in full_gender:
            full_at.setdefault(full, []).append(span.start_char)
            if full_gender[full] is None:
                full_gender[full] = title_gender(doc, c.start, c.end)
    person_starts = {c.start for c, _, _ in spans if c.label == "PERSON"}
    # One name after a ruler's title ('Prince Tarquin', 'King Abdullah'): a given name, the ruler's
    # own, never a family name written first ('Mr Wang' is; 'Sir Joshua' is Sir Joshua Reynolds).
    tok = doc_tokens(doc)
    titled_given = {normalize_key(name) for c, span, name in spans
                    if c.label == "PERSON" and " " not in name.strip()
                    and any(tok[i].lower_.rstrip(".") in _RULERS for i in (c.start, c.start - 1) if 0 <= i < c.end)}

    def nearest(hits: list[str], char: int) -> str:
        before = [(max(p for p in full_at.get(h, [char + 1]) if p < char), h)
                  for h in hits if any(p < char for p in full_at.get(h, []))]
        if before:
            return max(before)[1]
        return min(hits, key=lambda h: (min(full_at.get(h, [10**9])), h))

    def person_anchor(c: Candidate, span, name: str) -> str | None:
        if name in variant_of:
            return variant_of[name]
        hits = [full for full in person_full if same_person(name, full)]
        if name in hits:
            return name
        if hits and " " not in name.strip():  # a bare surname: the title's gender must agree
            gender = title_gender(doc, c.start, c.end)
            if gender is not None:
                hits = [h for h in hits if compatible(full_gender[h], gender)]
                if not hits:  # 'Mr Halvorsen' when only 'Ingrid Halvorsen' is named: someone else
                    return titled_surname(doc, c.start, name)
            elif len({full_gender[h] for h in hits}) > 1:
                gender = pronoun_gender(doc, c.end, person_starts - {c.start})
                hits = [h for h in hits if compatible(full_gender[h], gender)] or hits
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:  # the full name written nearest before (else first after)
            return nearest(hits, span.start_char)
        # A family name written first ('Wang Donghai' ... 'Wang'): the one full name it opens.
        key = normalize_key(name)
        if key and " " not in key and key not in titled_given:
            firsts = [full for full in person_full if normalize_key(full).split()[0] == key]
            if len(firsts) == 1:
                return firsts[0]
        return None

    mentions = []
    for c, span, name in spans:
        label, canonical = c.label, name
        if label == "GPE" and _DEMONYM.match(name) and place_population(name) is None:
            # 'Ukrainian' tagged GPE is a nationality; 'Atlantic' (LOC) is no demonym
            label = "NORP"
        anchor = person_anchor(c, span, name) if label in ("PERSON", "ORG", "GPE", "NORP") else None
        if anchor is not None and (label == "PERSON" or normalize_key(name) in
                                   {normalize_key(anchor), normalize_key(anchor.split(" ")[-1]),
                                    normalize_key(anchor.split(" ")[0])}):
            label, canonical = "PERSON", anchor
        mentions.append(Mention(span.text, label, c.ner_label, span.start_char, span.end_char,
                                sent_ord.get(span.sent.start, 0), canonical, c.source,
                                c.why or ("gazetteer" if c.source == "gazetteer" else "model")))
    return mentions

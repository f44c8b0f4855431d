"""Named-entity mentions of one article, repaired around the model.

`find_mentions(doc)` starts from the model's entities and then, in order:
1. cleans spans (`candidates.py`): a trailing possessive is not part of a name (a leading 'the'
   is cut when the mention is stored, `stored_span`); a span without a capital letter is parse
   debris; 'U.S.-Russia' is two places, not a person; a group name the model cut or split takes
   its modifier back;
2. keeps shouting out: a capitals-only span in a capitals-only line (a shouted headline)
   or a shouted ordinary word ('an END to the war') stays only when the article or the
   gazetteer knows the name; a one-word name written in lower case elsewhere in the
   article ('Trade' / 'trade') is an ordinary word; a table row's label is no person, nor a
   minister's portfolio ('Trade Minister') an organisation;
3. joins a given name the model split off ('Yury' + 'Ushakov') and finds names right
   after a role title that the model missed ('aide Yuri Ushakov') (`missed_names.py`);
4. resolves short forms to the article's full names ('Putin' -> 'Vladimir Putin') (`in_article.py`);
5. decides one label per name from all its mentions (`labels.py`: person names,
   outlets and platforms named as sources, the gazetteer, the model's vote);
6. gives an acronym or a clipped name the full name the article states for it ('Workers Party
   (PKK)') or uses with matching initials or clipped words (`acronyms.py`);
7. finds the known names again where the model missed them: the same name, the surname
   alone, a spelling variant ('Zelenskyy' / 'Zelensky', 'Yury' / 'Yuri Ushakov') (`known_again.py`);
8. makes the places that play in the article the teams named after them (`teams.py`; such a town's
   name is the one club the article names in full that holds it: 'X' beside 'Real X') and a
   one-word 'person' followed by an organisation's word ('X CEO') an organisation; in a sports
   article, a place's name with a venue's evidence ('the X crowd') the ground, FAC (`venues.py`);
9. resolves role phrases to the person the article names for that role (`roles.py`).
Every mention records where it came from (`source`) and why it has its label (`label_source`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_entities, doc_text, doc_tokens, expanded_span, span_text
from pipelines.core.entities.acronyms import join_acronyms
from pipelines.core.entities.candidates import Candidate, model_candidates
from pipelines.core.entities.in_article import resolve_in_article
from pipelines.core.entities.knowledge import common_words, dictionary_words, place_population
from pipelines.core.entities.known_again import find_known_again
from pipelines.core.entities.labels import decide_labels, organisation_words
from pipelines.core.entities.missed_names import (given_name_people, initialled_people, join_given_names,
                                                  names_after_titles, nicknamed_people,
                                                  not_surnames, trim_descriptor, trim_ordinary_words, untagged_places)
from pipelines.core.entities.names import clean_name, normalize_key
from pipelines.core.entities.products import countable_products, products
from pipelines.core.entities.roles import role_mentions
from pipelines.core.entities.spans import Mention, in_spans, sentence_index_of
from pipelines.core.entities.teams import cut_club_names, relabel_teams, towns_as_clubs, untagged_sides
from pipelines.core.entities.venues import venues

if TYPE_CHECKING:  # the entities stage resolves names without loading spaCy
    from spacy.tokens import Doc

__all__ = ["find_mentions", "not_surnames", "stored_span"]


def _shouted_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of lines written in capitals (a shouted headline or dateline)."""
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        letters = "".join(filter(str.isalpha, m.group()))  # C loops: this ran over every character
        if len(letters) >= 6 and sum(map(str.isupper, letters)) >= 0.8 * len(letters):
            lines.append((m.start(), m.end()))
    return lines



def _row_label(doc: Doc, i: int) -> bool:
    """Token i opens a line of figures without a verb and a lower-case word follows it ('Avg units
    1,200 vs 950'), or the rest of the line is figures and lower-case words only ('Qty 1.2 mln vs
    950,000'): the label of a table's row. (A player's line 'Hollins 6-3 6-4' has no word.)"""
    tok = doc_tokens(doc)
    if i + 1 >= len(doc):
        return False
    if not (tok[i + 1].is_lower and tok[i + 1].is_alpha):
        rest = doc_text(doc)[tok[i].idx + len(tok[i].text):].split("\n", 1)[0].split()
        if not (rest and rest[0][:1].isdigit() and any(w.isalpha() and w.islower() for w in rest)
                and all(w[:1].isdigit() or (w.isalpha() and w.islower()) for w in rest)):
            return False
    if i > 0 and not (tok[i - 1].is_space and "\n" in tok[i - 1].text) and "\n" not in tok[i - 1].whitespace_:
        return False
    text = doc_text(doc)
    end = text.find("\n", tok[i].idx)
    end = end if end >= 0 else len(text)
    line = text[tok[i].idx:end]
    j = i
    while j < len(doc) and tok[j].idx < end:  # a table's row has no verb ('Smith scored 45 off 58' has)
        if tok[j].pos_ in ("VERB", "AUX"):
            return False
        j += 1
    return len(re.findall(r"(?<![\w.])\d[\d.,]*(?![\w.])", line)) >= 2


def find_mentions(doc: Doc, *, roles: bool = False) -> list[Mention]:
    """Named-entity mentions of one article with per-article canonical names and labels;
    with `roles`, also the role phrases that stand for a named person ('the U.S. president')."""
    text = doc_text(doc)
    tok = doc_tokens(doc)
    words = common_words()
    shouted_lines = _shouted_lines(text)
    lower_words = {t.text for t in tok if t.is_lower and t.is_alpha}

    ents = list(doc_entities(doc))  # doc.ents is rebuilt on every access; the claims' context reads it too
    # 1. The model's spans, cleaned.
    cands, place_parts = model_candidates(doc, ents)


    # 2. Shouting and ordinary words.
    def shouted(c: Candidate) -> bool:
        letters = [ch for ch in span_text(doc, c.start, c.end) if ch.isalpha()]
        return len(letters) >= 2 and not any(ch.islower() for ch in letters)

    known_keys = {normalize_key(clean_name(span_text(doc, c.start, c.end), c.label)) for c in cands if not shouted(c)}
    known_keys |= {k.split()[-1] for c in cands if c.label == "PERSON" and not shouted(c)
                   for k in [normalize_key(span_text(doc, c.start, c.end))] if k}
    kept = []
    for c in cands:
        name = span_text(doc, c.start, c.end)
        key = normalize_key(clean_name(name, c.label))
        if shouted(c):
            c.shouted = True
            in_shouted_line = in_spans(shouted_lines, tok[c.start].idx)
            known = key in known_keys or place_population(name) is not None
            shouted_word = c.end - c.start == 1 and len(name) >= 3 and name.lower() in words
            if not known and (in_shouted_line or shouted_word):
                continue
        elif (c.end - c.start == 1 and c.label not in ("PERSON", "NORP", "GPE", "LOC")
              and name.lower() in lower_words and place_population(name) is None):
            continue  # 'Trade' when the article also writes 'trade': an ordinary word
        elif c.label == "PERSON" and c.end - c.start == 1 and _row_label(doc, c.start):
            continue  # 'Qty units 1,200 vs 950': the label of a table's row, not a person
        elif c.label != "PERSON" and c.end - c.start == 1 and c.end < len(doc) and tok[c.end].text == "Minister" \
                and name.lower() in dictionary_words() and place_population(name) is None:
            continue  # 'Trade Minister X': the minister's portfolio, no organisation
        kept.append(c)
    cands = nicknamed_people(doc, join_given_names(doc, kept, words))
    # The places split out of a span ('U.S.-Russia') are names already: no pass below may find them again.
    place_spans = [expanded_span(doc, s, e) for s, e in place_parts]
    cands = given_name_people(doc, cands, shouted_lines, [(span.start, span.end) for span in place_spans])
    cands = initialled_people(doc, cands)
    cands = trim_ordinary_words(doc, cands, words)
    cands.extend(names_after_titles(doc, cands, words))
    cands.extend(untagged_places(doc, cands, words, ents))
    cands = [trim_descriptor(doc, c) for c in cands]
    cands.sort(key=lambda c: c.start)

    mentions = resolve_in_article(doc, cands)
    sent_ord = sentence_index_of(doc)
    for (s, e), span in zip(place_parts, place_spans):
        name = clean_name(text[s:e], "GPE")
        mentions.append(Mention(text[s:e], "GPE", "", s, e, sent_ord.get(doc[span.start].sent.start, 0),
                                name, "model", "gazetteer"))
    mentions = _short_group_forms(decide_labels(doc, mentions))
    mentions = join_acronyms(doc, mentions)
    mentions = mentions + find_known_again(doc, mentions, words, shouted_lines)
    mentions = venues(doc, towns_as_clubs(doc, cut_club_names(doc, untagged_sides(doc, relabel_teams(doc, mentions)))))
    mentions = products(doc, organisation_words(doc, mentions))
    mentions = countable_products(doc, mentions)
    if roles:
        mentions = mentions + role_mentions(doc, mentions)
    return _one_per_span(mentions)




def _short_group_forms(mentions: list[Mention]) -> list[Mention]:
    """A one-word plural organisation or group name that ends exactly one longer such name of the
    article is that name, with its label ('Federalists' in an article that names the
    'Progressive Federalists'), so it never joins another group of the short name across articles."""
    longer: dict[str, dict[str, str]] = {}
    for m in mentions:
        words = m.canonical.split()
        if m.label in ("ORG", "NORP") and len(words) >= 2:
            longer.setdefault(normalize_key(words[-1]), {})[m.canonical] = m.label
    out = []
    for m in mentions:
        plural = m.canonical.endswith("s") and not m.canonical.endswith("ss")
        fulls = longer.get(normalize_key(m.canonical)) if m.label in ("ORG", "NORP") and plural \
            and " " not in m.canonical.strip() else None
        if fulls and len(fulls) == 1:
            (full, label), = fulls.items()
            m = replace(m, canonical=full, label=label)
        out.append(m)
    return out


def _one_per_span(mentions: list[Mention]) -> list[Mention]:
    """Mentions in text order, the first found of each span kept: a span is one mention (its
    row key), however many passes find it."""
    seen: set[tuple[int, int]] = set()
    out = []
    for m in sorted(mentions, key=lambda m: m.start_char):
        if (m.start_char, m.end_char) not in seen:
            seen.add((m.start_char, m.end_char))
            out.append(m)
    return out


def stored_span(m: Mention) -> tuple[str, int, int]:
    """Text and offsets a mention is stored with: without a leading 'the' ('the United
    States' is stored as 'United States'), which is not part of the name."""
    if m.source != "role" and len(m.text) > 4 and m.text[:4].lower() == "the " and m.text[4:5].isupper():
        return m.text[4:], m.start_char + 4, m.end_char
    return m.text, m.start_char, m.end_char


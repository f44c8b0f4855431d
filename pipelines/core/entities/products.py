"""Products named by their maker and a model string ('Velmora Z40', 'Trendak Pulsa 3310',
'Korvel A380 jets'): one PRODUCT mention, never a person.

The model tags such names in pieces and under any label (the maker ORG or PERSON, the model
string ORG, DATE, LAW, WORK_OF_ART, or nothing). A product here is a model code (letters and
digits mixed, 'Z40', 'XR5', or a number of three to five digits that is no year and no
quantity) after one to three capitalised words, the first of which the article names (a
mention: the maker). Then, in the same article:
- the maker + model string is one PRODUCT mention, whatever the pieces were;
- the model string alone ('the Z40', 'the Pulsa 3310') is the same product;
- the maker alone is an organisation, never a person ('Velmora said').
A code after an ordinary noun the article does not name ('Article 50', 'Channel 4') is no product.

A one-word 'organisation' the article writes as a thing owned or counted ('an X', 'their X', a
company's 'Y's X') is a product too (`countable_products`): no company is had or counted so. The
article is lower case (a list's initial 'A' is none) and the name heads its phrase: in 'a X
"smear" campaign' or 'their X hopes' it only modifies the noun after it.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text, doc_tokens, expanded_span
from pipelines.core.entities.knowledge import place_population
from pipelines.core.entities.names import FORMAT_ABBREVIATIONS, QUANTITY_WORDS, ROLE_NOUNS, TITLE_WORDS, normalize_key
from pipelines.core.entities.spans import Mention, sentence_index_of, with_label

if TYPE_CHECKING:
    from spacy.tokens import Doc

# 'Z40', 'XR5', 'A380', 'N95i', 'PS3'; 'G8'-like two-character codes too.
_MIXED_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z]{0,3}\d{1,5}[A-Za-z]{0,3}$")
_NUMBER_CODE = re.compile(r"^\d{3,5}$")
_ORDINAL_OR_PERIOD = re.compile(r"^(?:\d+(?:st|nd|rd|th)|[QqHh][1-4])$")
# The labels a maker's or a model string's piece comes with (a LAW 'Resolution 1441' is left alone
# unless its code mixes letters and digits).
_PIECE_LABELS = frozenset({"ORG", "PERSON", "FAC", "LAW", "WORK_OF_ART", "PRODUCT"})  # a nationality makes nothing
_MAX_NAME_WORDS = 3
_SCORE_WORDS = frozenset({"for", "all", "and", "v", "vs", "after", "in", "off"})


def _is_code(tok, i: int) -> bool:
    text = tok[i].text
    if text.lower() in FORMAT_ABBREVIATIONS:  # 'MP3', '3G': a format, no model
        return False
    if _MIXED_CODE.match(text):
        # '77th' (a minute, a rank) and 'Q2', 'H1' (a quarter, a half year) are no models.
        return not _ORDINAL_OR_PERIOD.match(text)
    if not _NUMBER_CODE.match(text) or (len(text) == 4 and 1800 <= int(text) <= 2099):
        return False
    after = tok[i + 1] if i + 1 < len(tok) else None
    if after is not None and not tok[i].whitespace_ and after.is_alpha:
        return False  # '200m', '500kg': a unit glued to the number
    # '300 barrels', '450 pct', '120 - 98', '301 for 5', '245 all out' (a score) or a table row: a quantity, no model.
    return after is None or not (after.lower_ in QUANTITY_WORDS or after.lower_ in _SCORE_WORDS or after.like_num
                                 or after.text in "-–%.,/")


def _name_word(t) -> bool:
    return (t.text[:1].isupper() and t.text.replace("-", "").isalnum() and t.pos_ not in ("DET", "ADP", "PRON", "AUX")
            and t.lower_ not in TITLE_WORDS and t.lower_ not in ROLE_NOUNS)


def products(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The article's mentions with maker + model strings made one PRODUCT each (see module doc)."""
    tok = doc_tokens(doc)
    text = doc_text(doc)
    starts = {}  # token index -> mentions starting there
    for m in mentions:
        span = expanded_span(doc, m.start_char, m.end_char)
        if span is not None:
            starts.setdefault(span.start, []).append(m)
    found: list[tuple[int, int, str, str]] = []  # (start char, end char, product, model string)
    for i in range(1, len(tok)):
        if not _is_code(tok, i) or not _name_word(tok[i - 1]):
            continue
        first = i - 1
        while first > 0 and i - first < _MAX_NAME_WORDS and _name_word(tok[first - 1]) \
                and not tok[first].is_sent_start:
            first -= 1
        # The maker is the first word the article names of them ('Trendak' in 'Trendak Pulsa 3310').
        maker = next((j for j in range(first, i) if any(
            m.label in _PIECE_LABELS and m.source != "role" for m in starts.get(j, ()))), None)
        if maker is not None and any(m.label_source == "team" or (m.label == "PERSON" and " " in m.canonical.strip())
                                     for m in starts.get(maker, ())):
            continue  # a team and its score; a person's full name and a score ('Ann Quist 113')
        if maker is None or place_population(tok[maker].text) is not None:
            continue
        pieces = [m for j in range(maker, i + 1) for m in starts.get(j, ())]
        if any(m.label == "LAW" for m in pieces) and not _MIXED_CODE.match(tok[i].text):
            continue
        start, end = tok[maker].idx, tok[i].idx + len(tok[i].text)
        model = text[tok[maker + 1].idx:end] if maker + 1 <= i else ""
        found.append((start, end, text[start:end], model))
    if not found:
        return mentions
    # The model string written alone ('the Pulsa 3310' after 'Trendak Pulsa 3310') is the product too.
    for _, _, name, model in list(found):
        if not any(ch.isalpha() for ch in model):
            continue  # a bare number ('100 points') is no model string
        for hit in re.finditer(r"(?<![\w-])" + re.escape(model) + r"(?![\w-])", text):
            if not any(hit.start() < e and s < hit.end() for s, e, _, _ in found):
                found.append((hit.start(), hit.end(), name, model))
    sent_ord = sentence_index_of(doc)
    makers = {normalize_key(name.split()[0]) for _, _, name, _ in found}
    model_of = {normalize_key(model): name for _, _, name, model in found if _MIXED_CODE.search(model.split()[-1])}
    covered = [(s, e) for s, e, _, _ in found]
    out = []
    for m in mentions:
        if any(m.start_char < e and s < m.end_char for s, e in covered):
            continue  # a piece of a product
        key = normalize_key(m.canonical)
        if key in model_of:
            out.append(Mention(m.text, "PRODUCT", m.ner_label, m.start_char, m.end_char, m.sentence_index,
                               model_of[key], m.source, "product"))
        elif key in makers and m.label in _PIECE_LABELS - {"ORG"} and " " not in m.canonical.strip() \
                and m.source != "title":
            out.append(with_label(m, "ORG", "product"))
        else:
            out.append(m)
    for s, e, name, _ in found:
        span = expanded_span(doc, s, e)
        ner = next((m.ner_label for m in mentions if s <= m.start_char < e and m.ner_label), "")
        out.append(Mention(text[s:e], "PRODUCT", ner, s, e, sent_ord.get(span.sent.start, 0), name, "product",
                           "product"))
    return sorted(out, key=lambda m: m.start_char)


# Words before a name that make it a thing one has or counts ('an X', 'their X'); 'his'/'her' are
# left out ('his X' is also a manager's club), and 'the' (a body is 'the X' too).
_OWNING_WORDS = frozenset("a an my your our their its".split())
# What follows a name that modifies it rather than being modified ('their X hopes', 'an X 3310').
_MODIFIED_POS = frozenset(("NOUN", "PROPN", "ADJ", "NUM"))


def _owned_thing(doc: Doc, m: Mention, orgs: set[int]) -> bool:
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None or len(span) != 1 or span.start == 0 or span.root.dep_ in ("compound", "amod", "poss"):
        return False
    before = doc[span.start - 1]
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and (after.is_quote or after.pos_ in _MODIFIED_POS):
        return False  # 'a X "dirty tricks" campaign', 'their X hopes': the name modifies a noun
    if before.text in _OWNING_WORDS:  # lower case only: a list's initial 'A' is no article
        return True
    # 'Velmora's X': a company's own thing (a person's 'X' may be his club).
    return before.lower_ in ("'s", "’s") and span.start >= 2 and doc[span.start - 2].idx in orgs


def countable_products(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """One-word 'organisations' written as a thing owned or counted in some mention ('an X', 'their
    X', 'Velmora's X') are products in the whole article; never a team, a place, a person's name,
    a source nor an acronym."""
    spans = [expanded_span(doc, m.start_char, m.end_char) for m in mentions if m.label == "ORG"]
    orgs = {span[-1].idx for span in spans if span is not None}  # where each company's name ends
    groups: dict[str, list[int]] = {}
    for k, m in enumerate(mentions):
        if m.label == "ORG" and " " not in m.canonical.strip() and m.source != "role":
            groups.setdefault(normalize_key(m.canonical), []).append(k)
    out = list(mentions)
    for idx in groups.values():
        ms = [mentions[k] for k in idx]
        if any(m.label_source in ("team", "source role", "acronym", "organisation word") for m in ms) \
                or ms[0].canonical.isupper() or place_population(ms[0].canonical) is not None:
            continue
        if any(_owned_thing(doc, m, orgs) for m in ms):
            for k in idx:
                out[k] = with_label(mentions[k], "PRODUCT", "product")
    return out

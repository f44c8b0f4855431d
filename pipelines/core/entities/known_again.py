"""Step 6 of `find_mentions` (mentions.py): the names an article already names, found again where
the model missed them."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_tokens
from pipelines.core.entities.gender import compatible, name_gender, title_gender, titled_surname
from pipelines.core.entities.knowledge import dictionary_words
from pipelines.core.entities.spans import Mention, in_spans, is_name_token, sentence_index_of
from pipelines.core.entities.names import (NAME_SUFFIXES, TITLE_WORDS, clean_name, normalize_key, similar_given_name,
                                           similar_surname)

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_known_again(doc: Doc, mentions: list[Mention], words: frozenset[str],
                      shouted_lines: list[tuple[int, int]]) -> list[Mention]:
    """Names the article already names, found where the model missed them: the same words,
    a person's surname alone (when one person in the article has it), a spelling variant of
    a surname ('Zelenskyy'), with the given name in front when it agrees ('Yury Ushakov')."""
    tok = doc_tokens(doc)
    covered = bytearray(len(doc))
    starts = {t.idx: t.i for t in tok}
    for m in mentions:
        i = starts.get(m.start_char)
        if i is None:
            continue
        while i < len(doc) and tok[i].idx < m.end_char:
            covered[i] = 1
            i += 1
    dictionary = dictionary_words()
    known: dict[str, tuple[str, str]] = {}  # token sequence (lower, space-joined) -> (label, canonical)
    surnames: dict[str, set[str]] = {}
    given: dict[str, str] = {}
    for m in mentions:
        if m.source == "role":
            continue
        for form in {clean_name(m.text, m.label), m.canonical}:
            toks = [t.lower() for t in re.findall(r"\w+(?:[.'’-]\w+)*\.?|[^\w\s]", form)]
            if toks and not (len(toks) == 1 and (toks[0] in words or (m.label != "PERSON" and toks[0] in dictionary))):
                known.setdefault(" ".join(toks), (m.label, m.canonical))
        if m.label == "PERSON" and " " in m.canonical:
            parts = m.canonical.split()
            while len(parts) > 2 and normalize_key(parts[-1]) in NAME_SUFFIXES:  # 'Sammy Davis Jr.'
                parts = parts[:-1]
            surnames.setdefault(parts[-1].lower(), set()).add(m.canonical)
            given[m.canonical] = parts[0].lower()
    unique_surnames = {s: next(iter(c)) for s, c in surnames.items() if len(c) == 1 and s not in words}

    def by_title(i: int, canonical: str | None) -> str | None:
        """The person a bare surname at token i is, given a gendered title before it ('Mrs X' is
        the woman of that surname the article names, or someone it names no further)."""
        gender = title_gender(doc, i, i + 1)
        if gender is None:
            return canonical
        if canonical is not None and compatible(name_gender(canonical), gender):
            return canonical
        same = [c for c in surnames.get(tok[i].lower_, ()) if name_gender(c) == gender]
        return same[0] if len(same) == 1 else titled_surname(doc, i, tok[i].text)
    by_first: dict[str, list[tuple[list[str], str, str]]] = {}
    for seq, (label, canonical) in known.items():
        toks = seq.split(" ")
        by_first.setdefault(toks[0], []).append((toks, label, canonical))
    for lst in by_first.values():
        lst.sort(key=lambda x: -len(x[0]))
    sent_ord = sentence_index_of(doc)

    found: list[Mention] = []
    i = 0
    n = len(doc)
    while i < n:
        t = tok[i]
        if covered[i] or not is_name_token(t):
            i += 1
            continue
        shouting = t.text.isupper() and len(t.text) > 1
        if shouting and not in_spans(shouted_lines, t.idx):
            i += 1
            continue
        hit = None
        for toks, label, canonical in by_first.get(t.lower_, ()):
            j = i + len(toks)
            if j <= n and not any(covered[i:j]) and [x.lower_ for x in tok[i:j]] == toks:
                if label == "PERSON" and j == i + 1 and tok[i].lower_ in surnames:
                    canonical = by_title(i, canonical)
                hit = (i, j, label, canonical)
                break
        if hit is None and t.pos_ == "PROPN" and t.lower_ not in words and t.lower_ not in TITLE_WORDS:
            canonical = unique_surnames.get(t.lower_)
            if t.lower_ in surnames:
                canonical = by_title(i, canonical)
            if canonical is None and len(t.text) >= 5 and not shouting:
                close = {c for s, c in unique_surnames.items() if similar_surname(t.lower_, s)}
                canonical = close.pop() if len(close) == 1 else None
            if canonical is not None:
                start = i
                if i > 0 and not covered[i - 1] and is_name_token(tok[i - 1]) and tok[i - 1].pos_ == "PROPN" \
                        and tok[i - 1].lower_ not in TITLE_WORDS:
                    if canonical in given and similar_given_name(tok[i - 1].lower_.rstrip("."), given[canonical]):
                        start = i - 1
                    else:
                        i += 1
                        continue  # another person with that surname ('Mike Johnson' vs 'Boris Johnson')
                hit = (start, i + 1, "PERSON", canonical)
        if hit is None:
            i += 1
            continue
        s, e, label, canonical = hit
        span = doc[s:e]
        found.append(Mention(span.text, label, "", span.start_char, span.end_char,
                             sent_ord.get(span.sent.start, 0), canonical, "known name", "known name"))
        for k in range(s, e):
            covered[k] = 1
        i = e
    return found

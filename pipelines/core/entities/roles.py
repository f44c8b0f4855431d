"""Role phrases resolved to the person the article names for that role.

'U.S. President Donald Trump ... the U.S. president said' -> Donald Trump;
'Kremlin spokesman Dmitry Peskov ... the Kremlin spokesman' -> Dmitry Peskov;
'Presidential Aide Yuri Ushakov ... his aide' -> Yuri Ushakov. A role phrase with
modifiers must share one with the person's title ('the U.S. president' is not 'Russian
President Vladimir Putin'); ties go to the nearest person named before the phrase.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.core.doc_cache import doc_text, doc_tokens, expanded_span
from pipelines.core.entities.spans import Mention, sentence_index_of
from pipelines.core.entities.names import ROLE_NOUNS, normalize_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

_DETERMINERS = frozenset({"the", "his", "her", "their", "its", "our", "this", "that"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def _title_words(doc: Doc, m: Mention) -> set[str]:
    """Words that describe a named person where the article names them: the title in front
    ('U.S. President', 'Kremlin spokesman') and an apposition ('Peskov, the Kremlin spokesman')."""
    span = expanded_span(doc, m.start_char, m.end_char)
    if span is None:
        return set()
    words = {t.lower_.rstrip(".") for t in span if normalize_key(t.text) not in normalize_key(m.canonical).split()}
    # Title words just before the name, up to punctuation, a verb or a determiner.
    i = span.start - 1
    while i >= 0 and span.start - i <= 4:
        t = doc[i]
        if t.is_punct and t.text not in (".",) or t.pos_ in ("VERB", "AUX", "DET", "ADP", "PRON", "CCONJ"):
            break
        words.add(t.lower_.rstrip("."))
        i -= 1
    root = span.root
    for child in root.children:
        if child.dep_ == "appos":
            words.update(t.lower_.rstrip(".") for t in child.subtree if not t.is_punct)
    if root.dep_ == "appos":
        words.update(t.lower_.rstrip(".") for t in root.head.subtree
                     if not t.is_punct and not (span.start <= t.i < span.end))
    words.discard("")
    return words


def role_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions for role phrases ('the U.S. president', 'his aide') that point to a person
    named in the article with that role; `source` and `label_source` are 'role'."""
    people = [m for m in mentions if m.label == "PERSON" and m.source != "role"]
    if not people:
        return []
    titles = {}
    for m in people:
        words = _title_words(doc, m)
        if words & ROLE_NOUNS:
            titles.setdefault(m.canonical, set()).update(words)
    if not titles:
        return []
    first_at = {}
    for m in people:
        first_at.setdefault(m.canonical, m.start_char)
    covered = sorted((m.start_char, m.end_char) for m in mentions)
    sent_ord = sentence_index_of(doc)
    found = []
    tokens = doc_tokens(doc)
    for t in tokens:
        if t.lemma_.lower() not in ROLE_NOUNS or t.pos_ != "NOUN" or t.tag_ in ("NNS", "NNPS"):
            continue
        nxt = tokens[t.i + 1] if t.i + 1 < len(tokens) else None
        if nxt is not None and nxt.pos_ == "PROPN":
            continue  # a title in front of a name, not a role phrase
        kids = list(t.lefts)
        det = [k for k in kids if k.lower_ in _DETERMINERS]
        if not det:
            continue
        modifiers = {w.lower_.rstrip(".") for k in kids if k.dep_ in _MODIFIER_DEPS and k.lower_ not in _DETERMINERS
                     for w in k.subtree if not w.is_punct}
        start = min([k.i for k in kids if k.dep_ in _MODIFIER_DEPS or k.lower_ in _DETERMINERS] + [t.i])
        if doc[start].lower_ == "the":
            start += 1
        start_char, end_char = doc[start].idx, t.idx + len(t)
        # The role noun itself must be untagged; a place inside the phrase ('U.S.') may stay.
        if any(s < end_char and t.idx < e for s, e in covered):
            continue
        candidates = []
        for name, words in titles.items():
            if t.lemma_.lower() not in words and t.lower_ not in words:
                continue
            if modifiers and not (modifiers & words):
                continue
            if first_at[name] >= start_char:
                continue  # the article must name the person before the role stands for them
            candidates.append(name)
        if not candidates:
            continue
        # The nearest person named before the phrase.
        last_before = {name: max(m.start_char for m in people if m.canonical == name and m.start_char < start_char)
                       for name in candidates}
        best = max(candidates, key=lambda n: last_before[n])
        found.append(Mention(doc_text(doc)[start_char:end_char], "PERSON", "", start_char, end_char,
                             sent_ord.get(t.sent.start, 0), best, "role", "role"))
    return found

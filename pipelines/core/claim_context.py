"""What happened to the thing a numeric claim counts: its event (predicate) and its subject.

'Russia launched 273 drones' and 'its air defenses shot down 127 drones' count the same
object (drones) in different events; comparing their numbers across outlets only makes
sense within one event. This module reads the parse around each claim's offsets and adds
to the claim dict:

- `predicate`: the lemma of the verb whose argument the counted thing is, with its
  particle ('launch', 'shoot down'); a nominal event is used when the number sits in an
  'of' phrase of a noun ('a swap of 1,000 prisoners' -> 'swap'). A participial clause
  that elaborates the main verb's object ('launched its largest drone attack, firing 273
  drones') takes the main verb's event, because its object restates the main object.
- `predicate_start`, `predicate_end`: offsets of the predicate word (the evidence).
- `subject`, `subject_label`: who did it (the verb's subject, or the agent of a passive),
  as the canonical entity name when a mention covers it, else the subject's words;
  pronouns are left empty (no coreference here).
- `scope`, `scope_label`: the place, site or group the clause limits the number to ('in the
  warehouse', 'from the club'), as written, with the label of a named place or group in it.
- `time_ref`: an explicit time anchor of the claim, as written ('in 2009', 'last year').
- `predicate_class`, `object_class`, `object_generic`: the lemma classes comparisons match on
  (kill / die / death toll; a generic 'people' against 'workers'); 'attribution' when the
  counted noun is who spoke ('one analyst said'); 'difference' when the number measures how far
  something is from another ('the offer was 10 dlrs a share too low').

A line of a results table ('Net 17.7 mln vs 15.3 mln', one paragraph of its own) has no verb: its
predicate is `results table` (with 'profit' or 'loss' when the line says so of the number) and its
time_ref names its place in the table ('part 2, first column': the part counts the headings such as
'Year' or 'Nine mths' between blocks of lines; the first column is the period reported, the second
the one it is set against), so one period's figure is compared only with the same period's.

Pure function over a spaCy Doc; no Dagster, no DuckDB.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from pipelines.core.doc_cache import doc_entities, doc_text, expanded_span
from pipelines.core.quantities import SMALL_NUMBERS
from pipelines.core.speech_verbs import SPEECH_VERBS

# Dependency labels through which a noun is an argument of the verb above it.
_ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "pobj", "attr", "oprd", "dative", "conj", "appos", "npadvmod",
                  "compound", "amod", "nummod", "quantmod", "nmod", "prep", "agent", "acomp", "advmod"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "who", "which"}
_MAX_CLIMB = 8


def _claim_span(doc: Doc, start: int, end: int) -> Span | None:
    return expanded_span(doc, start, end)


def _object_token(span: Span) -> Token:
    """The counted noun: the span's syntactic root (the noun the number modifies)."""
    root = span.root
    # 'five of the drones': the root is the number, the noun is in the 'of' phrase.
    if root.like_num or root.pos_ == "NUM":
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return root


# Adverbs the parser sometimes labels advmod where they are the verb's particle ('shot down').
_PARTICLES = {"down", "up", "off", "out", "back", "away", "over"}


def _verb_phrase(verb: Token) -> str:
    particles = [c.lower_ for c in verb.children
                 if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES and c.i == verb.i + 1)]
    return " ".join([verb.lemma_.lower(), *particles])


def _lemmas_of_object(verb: Token) -> set[str]:
    """Lemmas of the verb's direct object and of its compound/adjectival modifiers."""
    lemmas: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(t.lemma_.lower() for t in child.children if t.dep_ in ("compound", "amod"))
    return lemmas


def find_predicate(obj: Token) -> tuple[Token | None, str | None]:
    """The event token and its normalized phrase for a counted noun."""
    token = obj
    came_from_of = False
    for _ in range(_MAX_CLIMB):
        if token.dep_ == "ROOT" and token.pos_ not in ("VERB", "AUX"):
            return None, None
        head = token.head
        if head == token:  # the root (a Token is made per access: compare, not `is`)
            return None, None
        if head.pos_ == "VERB" or (head.pos_ == "AUX" and token.dep_ in ("nsubj", "attr")):
            if head.pos_ == "AUX":
                return head, head.lemma_.lower()
            verb = head
            # A participial elaboration of a governing verb's object takes that verb's event
            # ('launched its largest drone attack ..., firing 273 drones' -> launch).
            if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj"):
                above = verb.head
                for _ in range(3):
                    if above.pos_ != "VERB":
                        break
                    if obj.lemma_.lower() in _lemmas_of_object(above):
                        verb = above
                        break
                    if above.head == above:
                        break
                    above = above.head
            return verb, _verb_phrase(verb)
        if came_from_of and head.pos_ in ("NOUN", "PROPN") and token.dep_ == "prep":
            return head, head.lemma_.lower()  # 'a swap of 1,000 prisoners'
        came_from_of = token.dep_ == "pobj" and head.lower_ == "of"
        token = head
    return None, None


def _subject_token(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    for child in verb.children:  # passive: 'were shot down by Russia'
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    # A participle or infinitive inherits the subject of the verb it hangs on.
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX") and verb.head != verb:
        return _subject_token(verb.head)
    return None


def _subject_name(subject: Token, mentions: Sequence[dict]) -> tuple[str | None, str | None]:
    if subject.lower_ in _PRONOUNS:
        return None, None
    left = min(t.idx for t in subject.subtree)
    # The head noun and what is glued to it ('air defenses', 'Russia's Defense Ministry').
    words = [t for t in subject.subtree if t.i <= subject.i and t.dep_ in ("compound", "amod", "poss") or t is subject]
    for m in mentions:  # a named mention on the head itself
        if m["start_char"] <= subject.idx < m["end_char"]:
            return m["canonical_name"], m["label"]
    for m in mentions:  # 'its air defenses' -> no; 'Ukraine's air force' -> the possessor is named
        if left <= m["start_char"] and m["end_char"] <= subject.idx + len(subject.text) and \
                any(t.dep_ == "poss" and m["start_char"] <= t.idx < m["end_char"] for t in subject.children):
            return m["canonical_name"], m["label"]
    text = " ".join(t.text for t in words if t.lower_ not in _PRONOUNS and t.dep_ != "poss")
    return (text or None), None


_PERSONAL_PRONOUNS = {"it", "they", "he", "she", "we"}


def _speaker_of_clause(pronoun: Token) -> Token | None:
    """The named subject of the speech verb whose reported clause a pronoun is the subject of:
    'Lifetime Corp said it agreed to buy' -> 'Lifetime Corp' (who 'it' is, said by itself)."""
    verb = pronoun.head
    for _ in range(3):
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH_VERBS:
        return None
    speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return speaker if speaker is not None and speaker.lower_ not in _PRONOUNS else None


# Verbs that only carry a number to the event noun they describe ('an exchange involving 1,000
# prisoners': the event is the exchange).
_CARRIER_VERBS = {"involve", "include", "see", "total", "number", "comprise"}


# A line of a results table: a label, then figures set against each other by 'vs'
# ('Shr loss six cts vs profit 43 cts', 'Avg shrs 6,874,505 vs 5,951,612').
# Wires write the separator of a results line in either case ('12 cts vs 10 cts', '12 CTS VS 10 CTS').
_VS = re.compile(r"\svs\.?\s", re.I)
_TABLE_LINE = re.compile(r"^[A-Za-z][^\n]{0,60}?\svs\.?\s[^\n]{1,30}$", re.I)
_SIGN_BEFORE = re.compile(r"(profit|loss)\s+$", re.I)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n\s*", text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _line_label(line: str) -> str:
    """The words that name a results line's figure, lower case, without the sign of its first figure:
    'Shr loss primary 80 cts vs profit 37 cts' -> 'shr primary', 'Oper net 2,058,000 vs ...' -> 'oper net'."""
    words = []
    for word in re.findall(r"[A-Za-z][A-Za-z.'&/-]*|\d", line):
        lower = word.lower().rstrip(".")
        if word[0].isdigit() or lower in SMALL_NUMBERS or lower in _NIL or lower == "vs":
            break
        if lower not in _SIGNS:
            words.append(lower)
    return " ".join(words)


_SIGNS = {"profit", "loss"}
_NIL = {"nil", "none"}


def results_table_place(text: str, start: int) -> tuple[str, str, int, int] | None:
    """(predicate, time_ref, label start, label end) of a number at `start` on a line of a results
    table, else None: the predicate is 'results table' and the line's label ('results table oper
    net'; with 'profit' or 'loss' when the line says so of the number), so that 'Oper net' and 'Net',
    'Shr' and 'Shr diluted' are different quantities; the time 'part N, first column' or '..., second
    column'. A part is one period's block of lines: a new one starts after a heading between blocks
    ('Year', 'Nine mths') or where a label of the block comes again (wires often drop the heading:
    'Shr 12 cts vs 10 cts / Net ... / Shr 83 cts vs 70 cts' is a quarter, then the year). The label
    span is the line's first words ('Avg shrs')."""
    parts = _table_parts(text)
    for a, b in _paragraphs(text):
        if a <= start < b:
            if a not in parts:
                return None
            line, label = text[a:b], _line_label(text[a:b])
            vs = _VS.search(line)
            column = "first" if start - a < vs.start() else "second"
            sign = _SIGN_BEFORE.search(line[:start - a])
            predicate = " ".join(["results table", *([label] if label else []),
                                  *([sign.group(1).lower()] if sign else [])])
            words = re.match(r"[A-Za-z][A-Za-z .&'/-]*?(?=\s)", line)
            return predicate, f"part {parts[a]}, {column} column", a, a + (words.end() if words else 0)
    return None


def _table_parts(text: str) -> dict[int, int]:
    """The part (period block, from 1) of each results-table line, by its start offset. A block ends at a
    heading ('Year', 'Nine mths') or where one of its labels comes again; the new block then starts as
    many lines before that line as the label stood from its block's start, since blocks list their
    lines in one order (a first block that opens 'Qtly div' where the second opens 'Shr' still splits
    before the second block's 'Shr')."""
    parts: dict[int, int] = {}
    part, block, seen_table = 1, [], False  # block: (start offset, label) of the current part's lines
    for a, b in _paragraphs(text):
        line = text[a:b]
        if bool(_TABLE_LINE.match(line)) and len(line.split()) <= 12:
            label = _line_label(line)
            labels = [lab for _, lab in block]
            if label in labels:
                # the label stood k lines into its block: the last k lines already open the next one
                k = labels.index(label)
                part += 1
                block = block[len(block) - k:] if 0 < k < len(block) else []
                for start, _ in block:
                    parts[start] = part
            block.append((a, label))
            parts[a] = part
            seen_table = True
        elif seen_table and len(line.split()) <= 6:
            part, block, seen_table = part + 1, [], False  # a heading after a block: the next period
    return parts


# Comparison words a measure of difference hangs on or is followed by ('10 dlrs too low', '5 pct
# higher', '10 to 20 dlrs per share below the breakup value').
_DIFFERENCE_AFTER = re.compile(r"\s*(too|below|above|short of|(higher|lower|more|less|fewer) than)\b", re.I)


def _measures_a_difference(obj: Token, span: Span) -> bool:
    if _DIFFERENCE_AFTER.match(doc_text(span.doc), span.end_char):
        return True
    if obj.dep_ == "pobj" and obj.head.lower_ == "by" and obj.head.dep_ == "prep":
        return True  # 'pare the list by six to 10 members', 'cut by five mln dlrs': how much it changed
    return obj.dep_ == "npadvmod" and (obj.head.pos_ in ("ADJ", "ADV") or obj.head.lower_ in (
        "below", "above", "under", "over", "short"))


def add_claim_context(doc: Doc, claims: list[dict], mentions: Sequence[dict]) -> list[dict]:
    """Add to each claim dict (in place; also returned) its predicate (with offsets) and subject,
    what limits it (scope, scope_label: the place, site or group its clause names, as written),
    its time anchor (time_ref, as written), and the classes it is compared under
    (predicate_class, object_class, object_generic; 'attribution' for 'one analyst said').

    `claims` carry `start_char`/`end_char` into doc.text; `mentions` are the mention dicts of
    the same article (`canonical_name`, `label`, offsets)."""
    for claim in claims:
        claim.update(predicate=None, predicate_start=None, predicate_end=None, subject=None, subject_label=None,
                     scope=None, scope_label=None, time_ref=None, predicate_class=None, object_class=None,
                     object_generic=False)
        span = _claim_span(doc, claim["start_char"], claim["end_char"])
        if span is None or not len(span):
            continue
        obj = _object_token(span)
        table = results_table_place(doc_text(doc), claim["start_char"])
        if table is not None:  # a results table's line: no verb, its place in the table is its time
            claim.update(predicate=table[0], time_ref=table[1], predicate_start=table[2], predicate_end=table[3])
            continue
        token, phrase = find_predicate(obj)
        if token is not None and token.pos_ == "VERB" and token.lemma_.lower() in _CARRIER_VERBS \
                and token.dep_ == "acl" and token.head.pos_ == "NOUN":
            token, phrase = token.head, token.head.lemma_.lower()  # 'an exchange involving 1,000 prisoners'
        claim["scope"], claim["scope_label"] = _scope(token, obj, span, mentions)
        claim["time_ref"] = _time_ref(token, obj, span)
        if token is None:
            continue
        claim.update(predicate=phrase, predicate_start=token.idx, predicate_end=token.idx + len(token.text))
        predicate_class, object_class, generic = quantity_classes(phrase, claim.get("object_lemma"))
        if token.lemma_.lower() in SPEECH_VERBS and obj.dep_ in ("nsubj", "nsubjpass") and obj.head.i == token.i:
            predicate_class = "attribution"  # 'one analyst said': who spoke, not a quantity
        elif _measures_a_difference(obj, span):
            predicate_class = "difference"  # '10 dlrs too low': how far from another figure
        claim.update(predicate_class=predicate_class, object_class=object_class, object_generic=generic)
        if token.pos_ in ("VERB", "AUX"):
            subject = _subject_token(token)
            if subject is not None and subject.lower_ in _PERSONAL_PRONOUNS:
                subject = _speaker_of_clause(subject) or subject
            if subject is not None and not (subject.idx <= claim["start_char"] < subject.idx + len(subject.text)):
                claim["subject"], claim["subject_label"] = _subject_name(subject, mentions)
        elif token.pos_ in ("NOUN", "PROPN"):
            owner = _named_possessor(token)
            if owner is not None:  # 'Acme's offer of 41.25 dlrs': Acme's, whoever else is named
                claim["subject"], claim["subject_label"] = _subject_name(owner, mentions)
            elif claim["scope"] is None:
                claim["scope"] = _part_holding(token, span)
    return claims


def _named_possessor(noun: Token) -> Token | None:
    """The named owner of a nominal event ('Acme's offer', 'Bexley's bid'); not 'its' or 'the firm's'."""
    return next((c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)


def _part_holding(noun: Token, span: Span) -> str | None:
    """The part of an organisation a nominal figure belongs to, as written, when the verb the noun hangs
    on has it as subject ('the European paper business had sales of 512 mln dlrs', 'two of its
    subsidiaries will extend loans totalling 60 mln dlrs'): the part's figure, not the whole's."""
    # only the verb's own object: a noun under another noun ('two pct of worldwide sales') is not the subject's
    verb = noun.head
    if noun.dep_ not in ("dobj", "attr", "oprd") or verb.i == noun.i or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # the second of two joined verbs shares the first one's subject ('three of its subsidiaries will
        # fund or extend loans')
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or any(span.start <= t.i < span.end for t in subject.subtree):
        return None
    heads = [subject] + [p for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"
                         for p in c.children if p.dep_ == "pobj"]  # 'two of its subsidiaries'
    if not any(h.lemma_.lower() in PART_NOUNS for h in heads):
        return None
    words = list(subject.subtree)
    return doc_text(span.doc)[words[0].idx:words[-1].idx + len(words[-1].text)]


# ---- what a number measures: the same quantity across outlets ------------------------------------
# Lemma classes, WordNet-style: the words outlets use for one kind of event, and nouns under one
# generic noun. A class's generic nouns ('people') match any of its members ('worker'); two
# different members ('worker', 'soldier') are different subsets and do not match.
PREDICATE_CLASSES: dict[str, frozenset[str]] = {
    "death": frozenset({"kill", "die", "dead", "death", "perish", "toll", "fatality", "drown", "execute",
                        "murder", "slay", "claim"}),
    "injury": frozenset({"injure", "wound", "hurt", "injury", "maim"}),
    "exchange": frozenset({"swap", "exchange", "trade"}),
    "arrest": frozenset({"arrest", "detain", "apprehend", "detention"}),
    "displacement": frozenset({"evacuate", "displace", "flee", "evacuation"}),
    "rescue": frozenset({"rescue", "save", "evacuate"}),
    "attack": frozenset({"launch", "fire", "attack", "strike"}),
}
OBJECT_CLASSES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # class: (generic nouns, member nouns)
    "person": (frozenset({"person", "people", "individual", "life", "human", "casualty", "victim"}),
               frozenset({"worker", "civilian", "resident", "passenger", "soldier", "child", "man", "woman",
                          "villager", "employee", "miner", "pilgrim", "student", "tourist", "migrant", "refugee",
                          "protester", "demonstrator", "officer", "policeman", "firefighter", "crew", "sailor",
                          "fisherman", "farmer", "patient", "prisoner", "detainee", "hostage", "captive",
                          "player", "fan", "militant", "fighter", "troop", "member", "adult", "teenager",
                          "citizen", "national", "journalist", "doctor", "nurse", "teacher", "voter"})),
    "prisoner": (frozenset({"prisoner", "captive"}), frozenset({"detainee", "hostage", "pow", "inmate"})),
}
# Nouns naming a part of an organisation: the part's figures are not the whole's ('the unit's sales').
PART_NOUNS = frozenset({"unit", "subsidiary", "division", "business", "operation", "arm", "affiliate", "branch",
                        "segment", "plant", "mill", "store", "venture"})
_CLASS_OF_PREDICATE = {w: c for c, ws in PREDICATE_CLASSES.items() for w in ws if c != "rescue" or w != "evacuate"}
_CLASS_OF_OBJECT = {w: (c, w in generic) for c, (generic, members) in OBJECT_CLASSES.items()
                    for w in generic | members}
# Prepositions whose phrase names where or among whom a number counts ('9 died in the mill',
# 'two players from the club'); 'of' only with a named group ('of the Whigs').
_SCOPE_PREPS = {"in", "at", "on", "inside", "outside", "near", "across", "throughout", "around", "from", "among",
                "within", "aboard", "of"}
_SCOPE_LABELS = {"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"}
# Prepositions whose phrase limits a number only when it names a place: where it goes or whom it is for
# ('switched five mln dlrs in credit guarantees to Veldoria', 'a quota for Ostrava').
_PLACE_PREPS = {"to", "for"}
_PLACE_LABELS = {"GPE", "LOC", "FAC", "NORP"}
_TIME_LABELS = {"DATE", "TIME"}
# Clause children that are events of their own (their places and times are not the claim's).
_OWN_CLAUSES = {"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl", "xcomp"}


def quantity_classes(predicate: str | None, object_lemma: str | None) -> tuple[str | None, str | None, bool]:
    """(predicate class, object class, object is the class's generic noun) of a claim; None when
    the word is in no class (compared as itself)."""
    pred = None
    if predicate:
        words = predicate.split()
        pred = _CLASS_OF_PREDICATE.get(words[0]) if words else None
    obj, generic = _CLASS_OF_OBJECT.get((object_lemma or "").lower(), (None, False))
    return pred, obj, generic


def _mention_at(mentions: Sequence[dict], start: int, end: int) -> dict | None:
    for m in mentions:
        if start <= m["start_char"] and m["end_char"] <= end and m.get("label") in _SCOPE_LABELS:
            return m
    return None


def _scope(head: Token | None, obj: Token, span: Span, mentions: Sequence[dict]) -> tuple[str | None, str | None]:
    """The place, site or group a claim's clause limits its number to: an 'in/at/across/from...'
    phrase on the counted noun or on the predicate (as written), with the label of a named place or
    group inside it. Phrases that are times are not scopes."""
    owners = [obj] + ([head] if head is not None and head.i != obj.i else [])
    found: tuple[str, str | None] | None = None
    place: tuple[str, str | None] | None = None
    for owner in owners:
        for prep in owner.children:
            if prep.dep_ != "prep" or prep.lower_ not in _SCOPE_PREPS | _PLACE_PREPS:
                continue
            # the phrase up to a coordination ('from Rovers and four players from United': 'from Rovers')
            cut = min((c.i for p in prep.children for c in p.children if c.dep_ in ("cc", "conj")), default=None)
            sub = [t for t in prep.subtree if cut is None or t.i < cut]
            if any(span.start <= t.i < span.end for t in sub) or all(t.ent_type_ in _TIME_LABELS for t in sub[1:]):
                continue
            start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            named = _mention_at(mentions, start, end)
            if prep.lower_ in _PLACE_PREPS:
                # the place is the phrase's own noun ('to Peru'), not one inside it ('for offices in Texas')
                where = next((m for p in prep.children if p.dep_ == "pobj" for m in mentions
                              if m["start_char"] <= p.idx < m["end_char"] and m.get("label") in _PLACE_LABELS), None)
                if place is None and where is not None:
                    place = doc_text(span.doc)[start:end], where["label"]
                continue
            if prep.lower_ == "of" and named is None:
                continue  # 'five of the drones', 'a swap of prisoners': the counted thing, not a scope
            found = found or (doc_text(span.doc)[start:end], (named or {}).get("label"))
    if found and place:  # both limit it: 'five mln dlrs in credit guarantees to Veldoria'
        return f"{found[0]}, {place[0]}", found[1] or place[1]
    return found or place or (None, None)


def _governing_verb_times(noun: Token) -> list[Token]:
    """The tokens of the time phrases of the verb a nominal event hangs on: 'recorded net income of 908,000
    dlrs for the second quarter' (the income's time is the recording's), outside the noun's own branch."""
    branch = noun
    for _ in range(4):
        verb = branch.head
        if verb.i == branch.i:
            return []
        if verb.pos_ in ("VERB", "AUX"):
            return [t for c in verb.children if c.dep_ not in _OWN_CLAUSES and c.i != branch.i for t in c.subtree]
        branch = verb
    return []


def _time_ref(head: Token | None, obj: Token, span: Span) -> str | None:
    """An explicit time anchor of the claim as written ('in 2009', 'last year'): a date in the
    predicate's own clause or on the counted noun, or on the noun a relative clause describes
    ('the 2009 flood, which killed 173')."""
    tokens: list[Token] = list(obj.subtree)
    if head is not None:
        tokens += [t for c in head.children if c.dep_ not in _OWN_CLAUSES for t in c.subtree]
        if head.dep_ in ("relcl", "acl") and head.head.i != head.i:
            tokens += [t for c in head.head.children if c.dep_ in ("compound", "amod", "nummod", "nmod", "poss")
                       for t in c.subtree]
        if head.pos_ in ("NOUN", "PROPN"):
            tokens += _governing_verb_times(head)
    dates = sorted({t.i for t in tokens if t.ent_type_ in _TIME_LABELS and not (span.start <= t.i < span.end)})
    if not dates:
        return None
    first = span.doc[dates[0]]
    ent = next((e for e in doc_entities(span.doc) if e.start <= first.i < e.end), None)
    if ent is None:
        return first.text
    prep = span.doc[ent.start - 1] if ent.start > 0 and span.doc[ent.start - 1].dep_ == "prep" else None
    return doc_text(span.doc)[(prep or ent[0]).idx:ent.end_char] if prep is not None else ent.text

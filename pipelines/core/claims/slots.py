"""Objects the parse hides in a word's slot: a noun the tagger calls an adjective ('the $3m fine'), a pronoun
standing for what a clause changed ('rose 5 pct, bringing it to 12 pct'). Read by objects.measured_noun."""
from __future__ import annotations

from spacy.tokens import Token

from pipelines.core.claims.patterns import NOUN_POS
from pipelines.core.claims.things import counted_thing, phrase_head
from pipelines.core.quantities import LEVEL_PRONOUNS


def noun_tagged_adjective(root: Token, last: Token) -> Token | None:
    """'to pay the $3m fine': a word right after the figure that the tagger calls an adjective but the parse
    puts in a noun's slot (a verb's object or subject), with the figure inside it, is the noun it modifies."""
    doc = root.doc
    if last.i + 1 >= len(doc):
        return None
    word = doc[last.i + 1]
    slots = ("dobj", "nsubj", "nsubjpass", "pobj", "attr", "amod")
    if word.pos_ != "ADJ" or word.tag_ != "JJ" or word.dep_ not in slots \
            or word.i + 1 < len(doc) and doc[word.i + 1].pos_ in NOUN_POS:
        return None
    # a determiner opens the noun phrase ('the $3m fine'), on the word or on the amount: 'fined $500 extra' has none
    if not any(c.dep_ == "det" and c.i < root.i for c in (*word.children, *root.children)):
        return None
    inside = root.head == word or (root.head == word.head and root.dep_ == word.dep_)
    # 'the $3m fine,' with the adjective hung on the amount
    trailing = word.dep_ == "amod" and word.head == root
    return word if inside or trailing else None


def pronoun_taken_to(root: Token) -> Token | None:
    """'Output rose 5 pct, bringing it to 2.3 mln bpd', 'raised its stake, taking it to 12 pct': a level a
    participle takes a pronoun 'to' is of what the clause it hangs on changed (its object, else its subject)."""
    prep = root.head
    verb = prep.head
    if root.dep_ != "pobj" or prep.lower_ != "to" or verb.tag_ != "VBG" or verb.dep_ != "advcl":
        return None
    if not any(c.dep_ == "dobj" and c.lower_ in LEVEL_PRONOUNS for c in verb.children):
        return None
    clause = verb.head
    for dep in ("dobj", "nsubj", "nsubjpass"):
        noun = next((c for c in clause.children if c.dep_ == dep and c.pos_ == "NOUN"), None)
        if noun is not None and counted_thing(phrase_head(noun)) is not None:
            return counted_thing(phrase_head(noun))
    return None

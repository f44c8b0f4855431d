"""Firm and body nouns left bare ('The company said', 'The party said') after a firm whose name
holds a group word, a firm named in no speaker's role, a name set after the noun, and a name
ending in a possessive. Small made-up cases, real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_firm_named_with_a_group_word_is_the_company(nlp):
    text = ('Marwick Holdings Group Inc said its profits rose 12 percent in the year. '
            'The company said it expected "further growth in all markets" next year.')
    q = the_quote(quotes_of(nlp, text), "further growth")
    assert (q.speaker, q.speaker_mention) == ("Marwick Holdings Group Inc", "The company")


def test_firm_named_in_no_speaker_role_is_the_firm(nlp):
    text = ('Shares in Dellcroft Foods fell 8 percent on Monday after a weak quarter. '
            'The firm said demand for its doughnuts had "fallen sharply" in the spring.')
    q = the_quote(quotes_of(nlp, text), "fallen sharply")
    assert (q.speaker, q.speaker_mention) == ("Dellcroft Foods", "The firm")


def test_name_after_the_firm_noun_speaks(nlp):
    text = ('Customers were locked out of their accounts for hours on Tuesday. '
            '"We are very sorry for the inconvenience," said the online bank Tellamy.')
    q = the_quote(quotes_of(nlp, text), "We are very sorry")
    assert q.speaker == "Tellamy"


def test_party_is_the_body_a_spokesman_spoke_for(nlp):
    text = ('A spokesman for the Northern Unity Movement said the vote was lost. '
            'The party said it would "fight on in every seat" at the next election.')
    q = the_quote(quotes_of(nlp, text), "fight on in every seat")
    assert (q.speaker, q.speaker_mention) == ("Northern Unity Movement", "The party")


def test_party_is_not_a_body_of_another_kind(nlp):
    text = ('A spokesman for the Northern Farm Board said the vote was lost. '
            'The party said it would "fight on in every seat" at the next election.')
    q = the_quote(quotes_of(nlp, text), "fight on in every seat")
    assert q.speaker != "Northern Farm Board"


def test_name_ending_in_a_possessive_is_kept_whole(nlp):
    text = "Hollister's said the outlook for the bank was \"negative\" for now."
    q = the_quote(quotes_of(nlp, text), "negative")
    assert (q.speaker, q.speaker_mention) == ("Hollister's", "Hollister's")

"""No speaker rather than a doubtful one: a bare office no rule tied to a name, and a he/she whose
antecedent is named only inside the quoted words, keep their speaker mention but lose the speaker;
a clear attribution keeps it (reported speech that names its own speaker: test_quote_pronouns). Small made-up cases, real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_unresolved_bare_office_gets_no_speaker(nlp):
    text = ('Bus fares in the region will rise next year. The transport minister said the rise was '
            'needed to keep rural routes open.')
    q = the_quote(quotes_of(nlp, text), "the rise was needed")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (None, None, "The transport minister")
    assert q.confidence == 0.5


def test_he_whose_antecedent_is_inside_the_quote_gets_no_speaker(nlp):
    text = ('Voters in the north will decide the seat next month, said Ann Kent, the party chairwoman. Her '
            'rival Tom Weller has led the race all year. "And Tom Weller would be in the very front line of '
            'that fight," he said.')
    q = the_quote(quotes_of(nlp, text), "And Tom Weller")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (None, None, "he")


def test_he_resolved_before_a_name_inside_the_quote_keeps_the_speaker(nlp):
    text = ('Peter Lowe, the party chairman, spoke to activists in Leeds. "And Tom Weller would be in the '
            'very front line of that fight," he said.')
    q = the_quote(quotes_of(nlp, text), "And Tom Weller")
    assert (q.speaker, q.speaker_mention) == ("Peter Lowe", "he")


def test_named_speaker_and_unnamed_spokesman_keep_theirs(nlp):
    text = ('Bus fares in the region will rise next year. Transport Minister Ann Kent said the rise was '
            'needed to keep rural routes open. "We had no other choice," she said. The spokesman said '
            'the routes would be reviewed in the spring.')
    quotes = quotes_of(nlp, text)
    assert the_quote(quotes, "the rise was needed").speaker == "Ann Kent"
    assert (the_quote(quotes, "We had no other choice").speaker,
            the_quote(quotes, "We had no other choice").speaker_mention) == ("Ann Kent", "she")
    assert the_quote(quotes, "the routes would be reviewed").speaker == "spokesman"



def test_he_continuing_an_unresolved_office_gets_no_speaker(nlp):
    text = ('Bus fares in the region will rise next year. The transport minister said the rise was '
            'needed. "We had no other choice," he said.')
    q = the_quote(quotes_of(nlp, text), "We had no other choice")
    assert (q.speaker, q.speaker_mention) == (None, "he")

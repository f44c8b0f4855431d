"""Quoted phrases whose source is no reporting verb's subject (`quotes/phrases.py`): an aside
lead-in ('as X put it,', 'in her words,'), a noun of speech whose possessor speaks ('X's call
for "..."'), a capitalized phrase a reporting verb reports ('chanted "..."'); and the terms that
stay unquoted (a single word, 'so-called'). Small made-up cases, real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_as_aside_lead_names_the_speaker(nlp):
    text = ('The plan drew criticism from the opposition. As the senator Jane Doe put it, "the numbers '
            'simply do not add up for working families."')
    q = the_quote(quotes_of(nlp, text), "the numbers")
    assert (q.speaker, q.speaker_mention, q.cue, q.quote_type) == (
        "Jane Doe", "Jane Doe", "put", "partial")


def test_in_her_words_names_the_speaker(nlp):
    text = ('Mary Smith, a teacher for thirty years, spoke at the meeting on Monday. In her words, '
            '"the school needs more teachers and smaller classes."')
    q = the_quote(quotes_of(nlp, text), "the school")
    assert (q.speaker, q.speaker_mention, q.cue) == ("Mary Smith", "her", "words")


def test_speech_noun_possessor_speaks(nlp):
    text = ("The mayor's approval rating rose sharply after John Carter's call for \"a total overhaul "
            "of the tax code\" last week.")
    q = the_quote(quotes_of(nlp, text), "a total overhaul")
    assert (q.speaker, q.speaker_mention, q.cue, q.quote_type) == ("John Carter", "John Carter", "call", "partial")


def test_chanted_capitalized_phrase_is_a_quote(nlp):
    text = 'Outside the hall, the striking nurses chanted "Jones Out, Smith In" for an hour.'
    q = the_quote(quotes_of(nlp, text), "Jones Out")
    assert (q.speaker_mention, q.cue, q.quote_type) == ("the striking nurses", "chanted", "partial")


def test_terms_after_a_noun_of_speech_stay_unquoted(nlp):
    one_word = "The mayor's approval rating rose sharply after John Carter's call for \"reform\" last week."
    so_called = ('The scheme, which the council approved, follows John Carter\'s call for a so-called '
                 '"green corridor" along the river.')
    assert quotes_of(nlp, one_word) == []
    assert quotes_of(nlp, so_called) == []


def test_title_told_to_stays_unquoted(nlp):
    text = 'Outside the hall, Anna Berg told "Morning Report" on Sunday that the talks had stalled.'
    assert [q.text for q in quotes_of(nlp, text)] == ["the talks had stalled"]


def test_a_things_capitalized_text_stays_unquoted(nlp):
    text = "The message's subject line says \"Jupiter Awaits You\" in six languages."
    assert quotes_of(nlp, text) == []


def test_single_word_in_a_persons_clause_stays_unquoted(nlp):
    one_word = 'John Carter visited the "brave" staff at the hospital on Monday.'
    phrase = 'John Carter visited the "brave and tireless" staff at the hospital on Monday.'
    assert quotes_of(nlp, one_word) == []
    q = the_quote(quotes_of(nlp, phrase), "brave and tireless")
    assert (q.speaker, q.quote_type) == ("John Carter", "partial")

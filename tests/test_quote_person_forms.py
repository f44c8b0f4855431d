"""A 'he' after a role noun written with a headline capital, a 'she' that skips a person named by
a male given name alone, and a person named by a nation's noun ('the Dutchman said'). Small
made-up cases, real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_he_continues_a_capitalised_role_noun(nlp):
    text = ('Trade officials led by Li Wenqing visited Tokyo last week. A Japanese Trader said there is '
            'no sign that the yen reserves have fallen. "The central bank is both a buyer and a seller '
            'in the market," he said.')
    q = the_quote(quotes_of(nlp, text), "The central bank")
    assert (q.speaker, q.speaker_mention) == ("Japanese Trader", "he")


def test_she_skips_a_man_named_by_his_given_name_alone(nlp):
    text = ('Uncle Marco was arrested when flying to Rome. Also arrested were Clara Benotti and her sons. '
            'Mrs Benotti was the cousin with whom Marco planned to stay. She said it was a "wonderful day" '
            'for the family.')
    q = the_quote(quotes_of(nlp, text), "wonderful day")
    assert (q.speaker, q.speaker_mention) == ("Clara Benotti", "She")


def test_nationality_noun_is_the_person_just_named(nlp):
    text = ('Tottenham manager Marten Vos praised his players after the win. "We were patient," the '
            'Dutchman said.')
    q = the_quote(quotes_of(nlp, text), "We were patient")
    assert (q.speaker, q.speaker_mention) == ("Marten Vos", "the Dutchman")


def test_demonym_noun_is_the_person_just_named(nlp):
    text = ('Marathon winner Joseph Kiprono broke the course record in London on Sunday. "The last mile '
            'was very hard," the Kenyan said.')
    q = the_quote(quotes_of(nlp, text), "The last mile")
    assert (q.speaker, q.speaker_mention) == ("Joseph Kiprono", "the Kenyan")

"""A definite description of a person (a place, club, nation or party with a role noun, a sports
role or a party's member) after the person's own sentences: the person the text was last about.
Small made-up cases, real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_party_member_with_a_state_is_the_senator_before(nlp):
    text = ('Sen. Harold Benning, who co-wrote the spending law, said he will insist Congress meet the target.\n'
            'The Ohio Republican told a news conference he will block any bill that is "a budget in name only".')
    q = the_quote(quotes_of(nlp, text), "a budget in name only")
    assert (q.speaker, q.speaker_mention) == ("Harold Benning", "The Ohio Republican")


def test_club_boss_after_his_quote_is_the_manager(nlp):
    text = ('Sir Colin Marsh backed the appointment. Marsh said: "He would be the outstanding candidate. '
            '"You need somebody who knows the game." The Leeds Utd boss continued: "It is a job that needs '
            'a lot of experience."')
    q = the_quote(quotes_of(nlp, text), "It is a job that needs")
    assert (q.speaker, q.speaker_mention) == ("Colin Marsh", "The Leeds Utd boss")


def test_nations_coach_in_an_inverted_cue_is_the_coach_named_first(nlp):
    text = ('Italy coach Marco Benni believes his team will be nervous against Wales, but claims it will help them.\n\n'
            'The Italians struggled to a narrow win on Saturday. "We will go to Cardiff with a little fear," '
            'said the Italian coach.')
    q = the_quote(quotes_of(nlp, text), "We will go to Cardiff")
    assert (q.speaker, q.speaker_mention) == ("Marco Benni", "the Italian coach")


def test_description_is_not_a_person_introduced_with_another_role(nlp):
    text = ('Lawyer Harold Benning said the law was clear.\n'
            'The Ohio Republican told reporters the bill was "a budget in name only".')
    q = the_quote(quotes_of(nlp, text), "a budget in name only")
    assert q.speaker != "Harold Benning"


def test_bare_body_noun_is_the_agency_that_spoke_before(nlp):
    text = ('Crop damage has spread to four provinces, the Northern Farm Loans Agency said. Losses have risen, it said.\n'
            'The agency said some areas had suffered "the worst drought in memory" this year.')
    q = the_quote(quotes_of(nlp, text), "the worst drought in memory")
    assert (q.speaker, q.speaker_mention) == ("Northern Farm Loans Agency", "The agency")


def test_bare_body_noun_is_not_a_body_of_another_kind(nlp):
    text = ('Exports fell sharply, the Northern Farm Loans Agency said.\n'
            'The department said the fall was "the worst in memory".')
    q = the_quote(quotes_of(nlp, text), "the worst in memory")
    assert q.speaker != "the Northern Farm Loans Agency"


def test_bare_body_noun_continues_the_same_noun_before(nlp):
    text = ('Crop damage has spread to four provinces, the Northern Farm Loans Agency said.\n'
            'The agency said rain was scarce. Wells are dry. Rivers are low.\n'
            'The agency said the drought had cut "the amount of water stored" by half.')
    q = the_quote(quotes_of(nlp, text), "the amount of water stored")
    assert (q.speaker, q.speaker_mention) == ("Northern Farm Loans Agency", "The agency")

"""A 'she' after 'one dealer', a person the NER named by the surname alone after a given name, a
bare office held by the person the story is about, a bare 'the newspaper' for the one newspaper
named paragraphs before, and 'the party' that is not the party's leader. Small made-up cases,
real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_she_continues_one_unnamed_dealer(nlp):
    text = ('Trading in the bond market was quiet today, dealers said. "There has been no real business '
            'today," noted one dealer. "All we have seen is some squaring up of positions," she added.')
    q = the_quote(quotes_of(nlp, text), "All we have seen")
    assert (q.speaker, q.speaker_mention) == ("one dealer", "she")


def test_surname_gets_the_given_name_the_ner_left_out(nlp):
    text = ('Welsh councils should set their taxes at "reasonable levels", says the assembly government. '
            'Finance Minister Sue Kent said it was a "good deal" for local government. Ms Kent said '
            'councils had been warned.')
    q = the_quote(quotes_of(nlp, text), "good deal")
    assert (q.speaker, q.speaker_mention) == ("Sue Kent", "Kent")


def test_bare_office_is_the_person_the_story_is_about(nlp):
    text = ('Margaret Hendry has announced plans to limit the number of new casinos in the country to 20. '
            'It ends plans for up to 40 large casinos. The Culture Secretary said the move showed "she '
            'listened to critics" of the bill. Ms Hendry\'s deputy, Ian Cole, said the cap was cautious.')
    q = the_quote(quotes_of(nlp, text), "she listened")
    assert (q.speaker, q.speaker_mention) == ("Margaret Hendry", "The Culture Secretary")


def test_bare_office_held_by_someone_named_is_not_the_lead_person(nlp):
    text = ('Margaret Hendry has criticised plans to limit the number of new casinos. Ms Hendry said the '
            'cap was too low. Culture Secretary Tom Weller has defended it. The Culture Secretary said '
            'the move showed "the government listened" to critics.')
    q = the_quote(quotes_of(nlp, text), "the government listened")
    assert q.speaker == "Tom Weller"


def test_bare_newspaper_is_the_one_newspaper_named(nlp):
    text = ('Farm incomes in the north rose too fast in the first quarter, the official Rural Economy '
            'newspaper said. It said the total wage bill rose 16 pct. It said bonus payments rose 42 pct. '
            'Industrial output grew 14 pct in the period. The newspaper said allowances rose 20 pct. It '
            'said "overtime pay rose 32 pct" in the year.')
    quotes = quotes_of(nlp, text)
    q = the_quote(quotes, "allowances rose")
    assert (q.speaker, q.speaker_mention) == ("Rural Economy newspaper", "The newspaper")
    q = the_quote(quotes, "overtime pay")
    assert (q.speaker, q.speaker_mention) == ("Rural Economy newspaper", "It")


def test_the_party_is_not_its_leader(nlp):
    text = ('The Greens say their plan would let people buy a share of a home. Party leader Ann Ruiz said '
            'the homes would be cheap. Councils would keep a share of each scheme. The party says "its '
            'help can be funded" at no extra cost.')
    q = the_quote(quotes_of(nlp, text), "its help can be funded")
    assert q.speaker != "Ann Ruiz"

"""Speaker forms: a 'she' after 'one dealer'; a surname the NER cut from its given name; a bare
office held by the person the story is about; a bare 'the newspaper' for the one newspaper named
paragraphs before; 'the party' that is not the party's leader; a 'he' after a person a view came
from, or past the person a partial quote's lead-in talks about; firm names cut to their designators
or after one person's name. Small made-up cases, real spaCy model."""
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
            'It ends plans for up to 40 large casinos. Instead there will be a cap of eight new casinos in '
            'each size category. The Culture Secretary said the move showed she listened to critics who '
            'feared an explosion in gambling. But shadow culture secretary Tom Weller said the bill was a '
            '"shambles". Ms Hendry said the cap was cautious.')
    q = the_quote(quotes_of(nlp, text), "the move showed")
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


def test_he_is_the_person_a_view_came_from(nlp):
    text = ('Ian Ross, an analyst at Beta, agreed that the phone could be popular. "It is a natural next '
            'step," said Mr Ross. "It is very much a computer," he said. One dissenting opinion came from '
            'Brian Hale, vice-president of research at analysts Acme. He said: "I do not think it changes '
            'the world."')
    q = the_quote(quotes_of(nlp, text), "I do not think")
    assert (q.speaker, q.speaker_mention) == ("Brian Hale", "He")


def test_he_is_not_the_person_the_lead_in_talks_about(nlp):
    text = ('Former Acme chief Tom Hale has denied claims that he knew accountants were doctoring the books. '
            'Speaking in court, Mr Hale rejected allegations he pressured finance chief Paul Ward to falsify '
            'statements. Mr Ward "made accounting decisions," he told the court.')
    q = the_quote(quotes_of(nlp, text), "made accounting decisions")
    assert (q.speaker, q.speaker_mention) == ("Tom Hale", "he")


def test_firm_name_cut_to_its_designators_is_whole(nlp):
    text = ('Larkspur Co Ltd said it will issue a 20 billion yen nine-year unsecured convertible bond in the '
            'domestic capital market through public placement with Beta Securities Co Ltd as lead manager.')
    q = the_quote(quotes_of(nlp, text), "it will issue")
    assert (q.speaker, q.speaker_mention) == ("Larkspur Co Ltd", "Larkspur Co Ltd")


def test_firm_named_after_one_person_and_co_is_the_firm(nlp):
    text = ('Roastings of green coffee in the week were about 325,000 bags, compared with 290,000 bags a year '
            'ago, George Gordon Walton and Co Inc reported.')
    q = the_quote(quotes_of(nlp, text), "Roastings")
    assert q.speaker == "George Gordon Walton and Co Inc"


def test_the_spokesman_is_the_unnamed_one_before_not_one_named_after(nlp):
    text = ('Ministers plan to return children who arrived alone to their home countries. A Home Office '
            'spokesman said the plans would protect children. "We do not believe it is right that children '
            'remain separated from their families," he said. The spokesman stressed the UK would abide by '
            'its obligations. But Tom Hale, spokesman for the Refugee Care Trust, said ministers had failed '
            'to reassure agencies.')
    q = the_quote(quotes_of(nlp, text), "the UK would abide")
    assert (q.speaker, q.speaker_mention) == ("Home Office spokesman", "The spokesman")

"""Speaker forms: a 'she' after 'one dealer'; a surname the NER cut from its given name; a bare
office held by the person the story is about; a bare 'the newspaper' for the one newspaper named
paragraphs before; 'the party' that is not the party's leader; a 'he' after a person a view came
from, or past the person a partial quote's lead-in talks about; firm names cut to their designators
or after one person's name. Small made-up cases, real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_she_continues_one_unnamed_dealer(nlp):
    text = ('Trading in the bond market was calm today, dealers said. "Nobody wanted to take a view before '
            'the data," noted one dealer. "We mostly moved old positions around," she added.')
    q = the_quote(quotes_of(nlp, text), "We mostly moved")
    assert (q.speaker, q.speaker_mention) == ("one dealer", "she")


def test_surname_gets_the_given_name_the_ner_left_out(nlp):
    text = ('Town councils must keep their rates "within reason", says the regional government. '
            'Finance Minister Sue Kent said it was a "fair settlement" for the towns. Ms Kent said '
            'councils had been warned.')
    q = the_quote(quotes_of(nlp, text), "fair settlement")
    assert (q.speaker, q.speaker_mention) == ("Sue Kent", "Kent")


def test_bare_office_is_the_person_the_story_is_about(nlp):
    text = ('Margaret Hendry has announced plans to cut the number of new toll roads in the country to 12. '
            'It ends plans for up to 30 toll roads. Instead there will be three new roads in each region. '
            'The Transport Secretary said the change showed she had heard drivers who feared higher costs. '
            'But shadow transport secretary Tom Weller said the plan was a "mess". Ms Hendry said the '
            'limit was sensible.')
    q = the_quote(quotes_of(nlp, text), "the change showed")
    assert (q.speaker, q.speaker_mention) == ("Margaret Hendry", "The Transport Secretary")


def test_bare_office_held_by_someone_named_is_not_the_lead_person(nlp):
    text = ('Margaret Hendry has criticised plans to cut the number of new toll roads. Ms Hendry said the '
            'cut was too deep. Transport Secretary Tom Weller has defended it. The Transport Secretary said '
            'the change showed "the government listened" to drivers.')
    q = the_quote(quotes_of(nlp, text), "the government listened")
    assert q.speaker == "Tom Weller"

def test_bare_newspaper_is_the_one_newspaper_named(nlp):
    text = ('Farm incomes in the north rose sharply in the spring, the official Rural Economy newspaper '
            'said. It said grain sales rose 11 pct. It said dairy prices rose 8 pct. Rainfall was above '
            'the average in the period. The newspaper said fuel grants rose 5 pct. It said "machinery '
            'costs fell 3 pct" in the year.')
    quotes = quotes_of(nlp, text)
    q = the_quote(quotes, "fuel grants rose")
    assert (q.speaker, q.speaker_mention) == ("Rural Economy newspaper", "The newspaper")
    q = the_quote(quotes, "machinery costs")
    assert (q.speaker, q.speaker_mention) == ("Rural Economy newspaper", "It")


def test_the_party_is_not_its_leader(nlp):
    text = ('The Greens say their scheme would let families rent allotments cheaply. Party leader Ann Ruiz '
            'said the plots would be cheap. Towns would keep a share of each site. The party says "the '
            'scheme can be paid for" without new taxes.')
    q = the_quote(quotes_of(nlp, text), "the scheme can be paid for")
    assert q.speaker != "Ann Ruiz"

def test_he_is_the_person_a_view_came_from(nlp):
    text = ('Ian Ross, an analyst at Beta, agreed that the tablet could sell well. "It is an easy choice for '
            'families," said Mr Ross. "It is cheap for what it does," he said. One sceptical voice came from '
            'Brian Hale, head of research at analysts Acme. He said: "I doubt it will change the market."')
    q = the_quote(quotes_of(nlp, text), "I doubt it")
    assert (q.speaker, q.speaker_mention) == ("Brian Hale", "He")

def test_he_is_not_the_person_the_lead_in_talks_about(nlp):
    text = ('Former Acme chief Tom Hale has denied claims that he knew staff were hiding losses. Giving '
            'evidence, Mr Hale rejected claims he pushed finance head Paul Ward to change the figures. Mr '
            'Ward "ran the numbers himself," he told the jury.')
    q = the_quote(quotes_of(nlp, text), "ran the numbers himself")
    assert (q.speaker, q.speaker_mention) == ("Tom Hale", "he")

def test_firm_name_cut_to_its_designators_is_whole(nlp):
    text = ('Larkspur Co Ltd said it will issue a 15 billion yen seven-year unsecured convertible bond in the '
            'domestic market through public placement with Beta Securities Co Ltd as lead manager.')
    q = the_quote(quotes_of(nlp, text), "it will issue")
    assert (q.speaker, q.speaker_mention) == ("Larkspur Co Ltd", "Larkspur Co Ltd")

def test_firm_named_after_one_person_and_co_is_the_firm(nlp):
    text = ('Shipments of raw cocoa in the week were about 41,000 tonnes, compared with 38,000 tonnes a year '
            'ago, George Gordon Walton and Co Inc reported.')
    q = the_quote(quotes_of(nlp, text), "Shipments")
    assert q.speaker == "George Gordon Walton and Co Inc"

def test_the_spokesman_is_the_unnamed_one_before_not_one_named_after(nlp):
    text = ('Ministers plan to move older prisoners to smaller jails. A Home Office spokesman said the plans '
            'would cut costs. "We do not think large jails suit older inmates," he said. The spokesman added '
            'the move would follow the law. But Tom Hale, spokesman for the Prison Reform Trust, said '
            'ministers had failed to consult.')
    q = the_quote(quotes_of(nlp, text), "the move would follow")
    assert (q.speaker, q.speaker_mention) == ("Home Office spokesman", "The spokesman")

"""Who a subject stands for in forms outside news got wrong: a body's officer named inside the
body's phrase, firms named by initials, datelines parsed as subjects, and roles whose holder the
article names in other words. Small made-up cases, real spaCy model."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_officer_named_after_the_body_speaks_not_the_body(nlp):
    text = ('Federation of Small Firms chairwoman Nora Quint said the new rules were "a burden nobody needs". '
            'She did not think Carl Ebbing meant to hurt traders. But she warned that "many will close".')
    quotes = quotes_of(nlp, text)
    first = the_quote(quotes, "a burden nobody needs")
    assert (first.speaker, first.speaker_label, first.speaker_mention) == ("Nora Quint", "PERSON", "Nora Quint")
    assert the_quote(quotes, "many will close").speaker == "Nora Quint"


def test_role_after_a_preposition_is_not_the_subjects_holder(nlp):
    # 'a spokesman for Senator X': X is whom the spokesman serves, not who speaks
    q = the_quote(quotes_of(nlp, 'A spokesman for Senator John Smith said the bill was "dead".'), "dead")
    assert q.speaker != "John Smith"


def test_firm_named_by_initials_joined_by_and(nlp):
    q = the_quote(quotes_of(nlp, 'Rating agencies cut the debt. S and P said margins were "thin" this year.'), "thin")
    assert (q.speaker, q.speaker_mention) == ("S and P", "S and P")


def test_two_bodies_are_not_one_name(nlp):
    q = the_quote(quotes_of(nlp, 'Apple and Google said the rules were "unworkable".'), "unworkable")
    assert q.speaker == "Apple"


def test_dateline_place_is_not_the_speaker(nlp):
    text = 'LONDON (Reuters) - Donald Trump said on Tuesday that the deal was "a disaster" for workers.'
    q = the_quote(quotes_of(nlp, text), "a disaster")
    assert (q.speaker, q.speaker_mention) == ("Donald Trump", "Donald Trump")


def test_role_is_the_main_subject_of_the_sentence_before(nlp):
    text = ('David Marsh has made an appeal for calm after reports claimed Ms Tandy broke a promise to resign.\n\n'
            'The chancellor would not comment on the reports, but insisted he would not be "diverted" from his work.')
    q = the_quote(quotes_of(nlp, text), "diverted")
    assert (q.speaker, q.speaker_mention) == ("David Marsh", "The chancellor")


def test_role_of_a_persons_aide_is_not_the_person_before(nlp):
    text = ('"I am a unifier," David Marsh said, referring to Ms Tandy.\n'
            "Marsh's spokesman said the minister stood by his \"original comments\".")
    q = the_quote(quotes_of(nlp, text), "original comments")
    assert q.speaker != "David Marsh"


def test_role_in_a_lead_is_the_person_the_next_sentence_names(nlp):
    text = ("Wales's health minister has told a group of pupils that it is fine to eat chocolate "
            '"once in a while".\n\nMary Collins was speaking to more than 100 pupils about the problems of obesity.')
    q = the_quote(quotes_of(nlp, text), "once in a while")
    assert (q.speaker, q.speaker_mention) == ("Mary Collins", "Wales's health minister")


def test_bare_role_in_a_lead_is_not_the_next_speaker(nlp):
    text = ('The minister has told a group of pupils that it is fine to eat chocolate "once in a while". '
            'John Smith said it was "wrong".')
    q = the_quote(quotes_of(nlp, text), "once in a while")
    assert (q.speaker, q.speaker_mention) == (None, "The minister")  # a bare office no name holds: none


def test_officer_named_before_a_firm_the_parse_made_the_subject(nlp):
    text = ('Harold Venn, chairman of <Venn Drilling Co>, today called for an import fee, saying action was '
            'needed "before the foothold of foreign producers is irreversible."')
    q = the_quote(quotes_of(nlp, text), "before the foothold")
    assert (q.speaker, q.speaker_mention) == ("Harold Venn", "Harold Venn")


def test_an_honorific_is_no_other_role(nlp):
    text = ('Mr David Marsh has defended the plan to close rural schools.\n\n'
            'The minister said the savings were "too large to ignore".')
    q = the_quote(quotes_of(nlp, text), "too large to ignore")
    assert (q.speaker, q.speaker_mention) == ("David Marsh", "The minister")


def test_name_right_after_a_role_without_a_comma_holds_it(nlp):
    # the parse makes the name a second subject beside the role: the name holds the role
    text = ("Pallas' lawyer Dimitris Pappas described the IAAF's decision as \"not unexpected\" but told "
            "BBC Sport he did not expect the organisation to act so quickly.")
    quotes = quotes_of(nlp, text)
    q = the_quote(quotes, "not unexpected")
    assert (q.speaker, q.speaker_mention) == ("Dimitris Pappas", "Dimitris Pappas")


def test_firm_in_apposition_right_after_a_group_noun_speaks(nlp):
    text = ('The console sold well in its first week.\n\n'
            'Sales have tripled since launch, outstripping its rival, said market analysts Chart-Track.')
    q = the_quote(quotes_of(nlp, text), "Sales have tripled")
    assert (q.speaker, q.speaker_mention) == ("Chart-Track", "Chart-Track")


# --- a definite firm noun stands for the firm the article named; a role for its holder named after


def test_the_company_is_the_firm_that_spoke_before(nlp):
    text = ('Norland Pumps Inc said it would cut 200 jobs this year.\n\n'
            'Subject to a final audit, the company said it would post "a small loss" for the quarter.')
    q = the_quote(quotes_of(nlp, text), "a small loss")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Norland Pumps Inc", "ORG", "the company")


def test_said_the_firm_after_a_firm_the_text_introduced(nlp):
    text = ('Films will be harder to copy thanks to a tool made by software firm Quillex. Quillex says its tool '
            'will stop most copying programs. "It is designed to protect every new release," said the firm.')
    q = the_quote(quotes_of(nlp, text), "It is designed")
    assert (q.speaker, q.speaker_mention) == ("Quillex", "the firm")


def test_a_firm_only_described_nearer_is_not_the_company(nlp):
    text = ('Halvorsen Tools Inc said it would bid for Brenton Corp, a maker of valves and pumps.\n\n'
            'The offer will be worth "about 20 mln dlrs", the company said.')
    q = the_quote(quotes_of(nlp, text), "about 20 mln dlrs")
    assert q.speaker == "Halvorsen Tools Inc"


def test_the_company_is_no_ministry(nlp):
    text = ('The Ministry of Transport said fares would rise.\n\n'
            'The company said the rise was "not needed at all".')
    q = the_quote(quotes_of(nlp, text), "not needed at all")
    assert (q.speaker, q.speaker_label) == ("company", None)


def test_it_after_the_firm_is_the_firm(nlp):
    text = ('Torvia, the private firm which runs the ferries, has offered staff a raise. The firm promised no '
            'jobs would be lost. It said it would "put this in writing" next week.')
    q = the_quote(quotes_of(nlp, text), "put this in writing")
    assert (q.speaker, q.speaker_mention) == ("Torvia", "It")


def test_role_holder_named_after_the_role(nlp):
    text = ('Brenmoor Steel could cut up to 4,000 jobs over the next five years, its chief executive has said.\n\n'
            'The company is due to complete a merger next month. Ravi Anand told investors the cuts would come '
            '"mostly through retirement".')
    q = the_quote(quotes_of(nlp, text), "Brenmoor Steel could cut")
    assert (q.speaker, q.speaker_mention) == ("Ravi Anand", "its chief executive")


def test_role_holder_named_in_the_next_sentence(nlp):
    text = ('Fees have doubled since 2001. The health secretary hinted that fees could rise again next year.\n\n'
            '"We must look at it very carefully," Ann Colby told reporters on Monday.')
    q = the_quote(quotes_of(nlp, text), "fees could rise")
    assert (q.speaker, q.speaker_mention) == ("Ann Colby", "The health secretary")


def test_role_is_not_a_person_named_after_with_another_role(nlp):
    text = ('Fees have doubled since 2001. The health secretary hinted that fees could rise again next year.\n\n'
            '"That is nonsense," opposition leader Tom Reyes told reporters on Monday.')
    q = the_quote(quotes_of(nlp, text), "fees could rise")
    assert q.speaker != "Tom Reyes"


def test_two_groups_joined_by_and_speak_together(nlp):
    q = the_quote(quotes_of(nlp, 'Bankers and economists said the rate cut was "a step too far".'), "a step too far")
    assert (q.speaker, q.speaker_mention) == ("Bankers and economists", "Bankers and economists")


def test_inverted_cue_after_a_quote_parsed_as_its_clause(nlp):
    # the name in parentheses is no speaker: the group after the verb is
    text = ('Talks on the accession of Norland to the World Customs Organisation (WCO) have been "making '
            'steady headway" say those behind the negotiations.')
    q = the_quote(quotes_of(nlp, text), "making steady headway")
    assert (q.speaker, q.speaker_mention) == ("those behind the negotiations", "those behind the negotiations")


def test_the_companies_are_the_firms_that_spoke_together(nlp):
    text = ('Harrow Mills Inc and Delvin Corp said they had agreed to merge.\n\n'
            'The companies said the deal would close "by the end of August".')
    q = the_quote(quotes_of(nlp, text), "the deal would close")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Harrow Mills Inc and Delvin Corp", None, "The companies")


def test_a_news_outlet_that_reported_is_not_the_company(nlp):
    text = ('Three engineers died in the blast, the Harbour Courier reported.\n\n'
            'The company confirmed the deaths on Friday and said the plant was "closed for now".')
    q = the_quote(quotes_of(nlp, text), "closed for now")
    assert q.speaker == "company"


def test_a_verb_joined_after_a_partial_quote_is_no_inverted_cue(nlp):
    q = the_quote(quotes_of(nlp, 'Governor Ann Lee summed up the plan as "reckless," denounced its cost and said '
                                 'it would fail.'), "reckless")
    assert q.speaker == "Ann Lee"

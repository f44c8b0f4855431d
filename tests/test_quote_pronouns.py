"""Who a 'he'/'she' saying something stands for: small made-up cases of the forms that outside news
got wrong (the reporter goes on; the people in what was reported do not speak)."""
from __future__ import annotations

from tests.quote_text import quotes_of, the_quote


def test_pronoun_after_an_unnamed_person_noun_is_that_person(nlp):
    text = ('Mr Tom Varga, head of the central bank, rejected a request last week. A foreign trader, who asked '
            'not to be named, said the rules were unclear. He said "the market needs new tools" to cope.')
    q = the_quote(quotes_of(nlp, text), "the market needs new tools")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("foreign trader", None, "He")


def test_pronoun_after_a_definite_person_noun_stays_the_named_person(nlp):
    text = ('Dr Karl Obst studies glaciers in Norway. The 52-year-old scientist says the ice is thinning. '
            'But he said "the models are still too crude" to tell.')
    q = the_quote(quotes_of(nlp, text), "the models are still too crude")
    assert (q.speaker, q.speaker_mention) == ("Karl Obst", "he")


def test_subject_of_what_an_inline_attribution_reports_is_passed_over(nlp):
    text = ('Mr Paul Odell spoke on Monday. A Treasury spokesman said the plan was sound. He said the fund '
            'would act soon. The Bank of Ruritania is taking "a careful line" on rates, he said, but he added '
            'the fund was slow.')
    quotes = quotes_of(nlp, text)
    assert [(q.speaker, q.speaker_mention) for q in quotes[-2:]] == [("Treasury spokesman", "he")] * 2
    assert [q.text for q in quotes[-2:]] == ["a careful line", "the fund was slow"]


def test_pronoun_continues_a_pronoun_reporter_past_the_man_in_its_report(nlp):
    text = ('Mr Dan Keller met the board on Friday. He said that Mr Owen Price would lose the vote, and he '
            'warned that "the members are angry" about it.')
    q = the_quote(quotes_of(nlp, text), "the members are angry")
    assert (q.speaker, q.speaker_mention) == ("Dan Keller", "he")


def test_pronoun_continues_the_thinker_past_the_man_in_the_thought(nlp):
    text = ('Mr Dan Keller met the board on Friday. He did not think Mr Owen Price wanted a fight. But he '
            'warned that "the members are angry" about it.')
    q = the_quote(quotes_of(nlp, text), "the members are angry")
    assert (q.speaker, q.speaker_mention) == ("Dan Keller", "he")


def test_pronoun_after_an_according_to_source_is_that_source(nlp):
    text = ('"The line will carry gas to the coast," said Prime Minister Edi Varan. According to Tom Brill, '
            'president of the builder, work will begin in May. He added that "the money is already there".')
    q = the_quote(quotes_of(nlp, text), "the money is already there")
    assert (q.speaker, q.speaker_mention) == ("Tom Brill", "He")


def test_pronoun_continues_the_person_whose_side_the_sentence_is_about(nlp):
    text = ('Coach Rui Nunes has insisted that Mr Sam Holt would swap places with him. Nunes\'s side were '
            'beaten on Sunday. But he denied that "the club is in crisis" now.')
    q = the_quote(quotes_of(nlp, text), "the club is in crisis")
    assert (q.speaker, q.speaker_mention) == ("Rui Nunes", "he")


def test_person_named_in_what_the_pronoun_says_is_not_the_pronoun(nlp):
    text = ('Trade envoy Peter Olsen told ministers that the bill had a good chance of passing.\n\n'
            'The economy needed better figures by then, or President Tom Harlan would struggle to veto the '
            'bill, he said, according to delegates at the meeting.')
    q = the_quote(quotes_of(nlp, text), "The economy needed better figures")
    assert (q.speaker, q.speaker_mention) == ("Peter Olsen", "he")


def test_pronoun_after_a_sentence_is_its_main_subject_not_a_subject_inside_it(nlp):
    text = ('Mr Alan Penrose called for a televised debate on Monday. Mr Penrose\'s proposal for a televised '
            'debate comes just four months after millions of viewers were able to watch Senator Tom Fairley '
            'slug it out verbally with his challenger. He said it was a "dubious proposition" that the leader '
            'should decide.')
    q = the_quote(quotes_of(nlp, text), "dubious proposition")
    assert (q.speaker, q.speaker_mention) == ("Alan Penrose", "He")


def test_pronoun_down_a_chain_after_a_role_is_the_role_holder(nlp):
    text = ('Anyone moving here will have to pass a test, Home Secretary Ann Morley has said. Ms Morley said '
            'migration helped, but Tory Julia Brand said her party offered a "clear choice" on the issue.\n\n'
            'The home secretary said she wanted every visitor fingerprinted. Speaking on the radio, she said '
            '"migrants are of great value", but warned of a "burden on society". She said: "We will build a '
            'system that looks at skills."')
    q = the_quote(quotes_of(nlp, text), "We will build a system")
    assert (q.speaker, q.speaker_mention) == ("Ann Morley", "She")


def test_new_sentence_after_a_quoted_question_is_not_its_cue(nlp):
    text = ('"Our customers know what they want," he said, naming no rival. Mr Ian Hale runs Tunebox, a '
            'music service. "We offer value and freedom," Mr Hale said. "Who wants to buy a song that will not '
            'play next month?" Tunebox offers a download subscription service for five pounds a month.')
    q = the_quote(quotes_of(nlp, text), "We offer value")
    assert (q.speaker, q.quote_type) == ("Ian Hale", "direct")
    assert q.text.endswith("Who wants to buy a song that will not play next month?")


def test_pronoun_chain_after_an_unnamed_role_passes_one_sentence_of_the_writers(nlp):
    text = ('The diplomat said the council would meet in May. "We hope for a quick deal," he said.\n'
            '    He also said he expected talks on the loan fund to start soon.\n'
            '    The fund, set up two years ago, now holds about 2 billion dlrs, but this would double.\n'
            '    He said a deal would be hard. "These will be very long talks," he said.')
    q = the_quote(quotes_of(nlp, text), "These will be very long talks")
    assert (q.speaker, q.speaker_mention) == ("diplomat", "he")


def test_pronoun_is_the_person_its_own_past_story_names(nlp):
    text = ('Supporters often shout at protesters until they leave the hall.\n\n'
            'In Dayton on May 2, Ms. Nora Ekwueme was shocked by the crowd, which pushed her to the door, '
            'she said.')
    q = the_quote(quotes_of(nlp, text), "In Dayton on May 2")
    assert (q.speaker, q.speaker_mention) == ("Nora Ekwueme", "she")


"""Regression tests of the quote extractor on the seed articles and on small cases."""
from __future__ import annotations

import json

import pytest

from pipelines.core import quote_clusters
from pipelines.core.entities import find_mentions
from pipelines.core.quotes import (
    FEATURE_NAMES,
    RANKER_FILE,
    RankerWeightsError,
    SpeakerRanker,
    find_quoted_spans,
    rule_quotes,
    speaker_candidates,
)
from pipelines.settings import SEEDS_DIR
from tests.quote_text import quotes_of, the_quote


def seed_text(prefix: str) -> str:
    path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").replace("\xa0", " ")


@pytest.fixture(scope="module")
def seed_quotes(nlp):
    return {prefix: quotes_of(nlp, seed_text(prefix)) for prefix in ("000", "001", "002", "003", "004")}


# --- seeds ------------------------------------------------------------------------


def test_paragraph_quote_attributed_on_the_next_line(seed_quotes):
    q = the_quote(seed_quotes["001"], "Russia and Ukraine will immediately begin")
    assert q.text == ("Russia and Ukraine will immediately begin negotiations toward a ceasefire and, "
                      "more importantly, an END to the war")
    assert (q.speaker, q.speaker_label, q.quote_type) == ("Donald Trump", "PERSON", "direct")
    assert q.speaker_mention == "Trump"
    assert q.cue == "stated on Truth Social"


def test_colon_lead_in_on_the_previous_line(seed_quotes):
    q = the_quote(seed_quotes["001"], "I think it went very well")
    assert q.text == "I think it went very well."
    assert (q.speaker, q.quote_type, q.cue) == ("Donald Trump", "direct", "stated")


def test_scare_quote_is_not_a_quote(seed_quotes):
    assert not [q for q in seed_quotes["001"] if "annexed" in q.text]


def test_partial_quote_of_a_qualifying_verb(seed_quotes):
    q = the_quote(seed_quotes["001"], "informative and helpful")
    assert q.text == "informative and helpful"
    assert (q.speaker, q.quote_type, q.cue) == ("Vladimir Putin", "partial", "described")


def test_statement_that_lost_its_quote_marks(seed_quotes):
    q = the_quote(seed_quotes["004"], "We are prepared")
    assert q.text == (
        "We are prepared to move in this direction. However, halting hostilities will only be possible "
        "once the relevant agreements are reached. It is necessary to find compromises acceptable to all parties"
    )
    assert (q.speaker, q.speaker_mention, q.quote_type, q.cue) == ("Vladimir Putin", "Putin", "direct", "emphasized")


@pytest.mark.parametrize("prefix, opening", [
    ("000", "The greatest threat to democracy and equality comes from charismatic political strongmen."),
    ("002", "When someone talked to you on a phone call that lasted for two hours"),
])
def test_epigraph_has_no_speaker(seed_quotes, prefix, opening):
    q = the_quote(seed_quotes[prefix], opening)
    assert (q.speaker, q.speaker_mention, q.quote_type) == (None, None, "direct")
    assert q.confidence <= 0.5


def test_quote_after_a_comma_lead_in(seed_quotes):
    q = the_quote(seed_quotes["000"], "There is a tremendous opportunity")
    assert q.text.endswith("in the process of rebuilding its Country.")
    assert (q.speaker, q.quote_type, q.cue) == ("Donald Trump", "direct", "added")


def test_pronoun_speaker_resolves_to_the_named_person(seed_quotes):
    q = the_quote(seed_quotes["003"], "Big egos involved")
    assert q.text.endswith("they're going to have to keep going again")
    assert (q.speaker, q.speaker_label, q.speaker_mention, q.quote_type) == ("Donald Trump", "PERSON", "he", "direct")


def test_name_after_the_quote(seed_quotes):
    q = the_quote(seed_quotes["003"], "I would like to note that")
    assert q.text.endswith("The main thing for us is to eliminate the root causes of this crisis")
    assert (q.speaker, q.speaker_mention, q.quote_type, q.cue) == ("Vladimir Putin", "Putin", "direct", "said")


def test_partial_quote_inside_reported_speech(seed_quotes):
    q = the_quote(seed_quotes["003"], "help to achieve our goals")
    assert q.text == "help to achieve our goals through peaceful means, then this is indeed preferable."
    assert (q.speaker, q.speaker_mention, q.quote_type) == ("Dmitry Peskov", "Dmitry Peskov", "partial")


def test_floating_quote_continues_the_previous_speaker(seed_quotes):
    # '"I also reiterated ...," he said. "It is not necessary ..."': the second sentence
    # has no cue of its own; it continues Zelensky's quote, as one statement.
    q = the_quote(seed_quotes["003"], "I also reiterated that Ukraine")
    assert q.text == ("I also reiterated that Ukraine is ready for direct negotiations with Russia in any format"
                      " that brings results … It is not necessary to convince Ukraine, and our representatives"
                      " are prepared to make real decisions in negotiations.")
    assert (q.speaker, q.speaker_mention, q.quote_type, q.cue) == ("Zelensky", "he", "direct", "said")
    assert len(q.segments) == 2


def test_floating_paragraph_without_cue_keeps_the_speaker(nlp):
    (q,) = quotes_of(nlp, 'Mary Jones spoke first. "We will win this vote," she said.\n\n'
                          '"Nobody in this chamber doubts it any more."')
    assert q.text == "We will win this vote … Nobody in this chamber doubts it any more."
    assert (q.speaker, q.speaker_mention, q.quote_type) == ("Mary Jones", "she", "direct")

    # Without a quote of its own, a cue-less paragraph takes the last named subject, less sure.
    quotes = quotes_of(nlp, 'Mary Jones is upbeat about the vote.\n\n"Nobody in this chamber doubts it any more."')
    assert [(q.speaker, q.quote_type) for q in quotes] == [("Mary Jones", "direct")]
    assert quotes[0].confidence < 0.9


def test_reported_speech_is_indirect(seed_quotes):
    q = the_quote(seed_quotes["000"], "Russia supports a peaceful resolution")
    assert (q.speaker, q.quote_type, q.cue) == ("Vladimir Putin", "indirect", "stated")


def test_group_speaker_keeps_its_text(seed_quotes):
    q = the_quote(seed_quotes["003"], "inconclusive")
    assert (q.speaker, q.speaker_label, q.speaker_mention, q.quote_type) == ("U.S. media", None, "U.S. media", "partial")


# --- small cases -------------------------------------------------------------------


def test_single_quotes_inside_curly_double_quotes(nlp):
    (q,) = quotes_of(nlp, "Prime Minister Keir Starmer spoke on Monday. He said, “She told me ‘no’ twice.”")
    assert q.text == "She told me ‘no’ twice."
    assert (q.speaker, q.speaker_mention, q.quote_type) == ("Keir Starmer", "He", "direct")


def test_quote_over_two_paragraphs(nlp):
    text = "“The first paragraph of the speech is here.\n\n“And the second one ends it,” said Senator Mary Jones."
    (q,) = quotes_of(nlp, text)
    assert q.text == "The first paragraph of the speech is here.\n\n“And the second one ends it"
    assert (q.speaker, q.quote_type) == ("Mary Jones", "direct")


def test_quote_split_by_its_attribution(nlp):
    (q,) = quotes_of(nlp, "'I love cats!' insists Tim Burton. 'I absolutely do.'")
    assert (q.text, q.speaker, q.cue, q.quote_type) == ("I love cats! … I absolutely do.", "Tim Burton", "insists",
                                                        "direct")
    assert q.segments == ((1, 13), (36, 52))

    (q,) = quotes_of(nlp, '"The call went well," he said, "and we agreed on a plan." Tim Burton was there.')
    assert q.text == "The call went well … and we agreed on a plan."

    # Two statements with their own cues stay two quotes.
    first, second = quotes_of(nlp, '"We will win," said Tim Burton. "We will lose," said Mary Jones.')
    assert (first.speaker, second.speaker) == ("Tim Burton", "Mary Jones")


def test_appositive_between_speaker_and_verb(nlp):
    (q,) = quotes_of(nlp, 'John Smith, a top aide, told reporters: "We will not back down."')
    assert (q.text, q.speaker, q.speaker_mention, q.cue) == ("We will not back down.", "John Smith", "John Smith", "told")


@pytest.mark.parametrize("text, cue", [
    ('Senator Mary Jones said in a statement: "The bill is a disaster."', "said in a statement"),
    ('Senator Mary Jones wrote on X: "The bill is a disaster."', "wrote on X"),
])
def test_cue_keeps_the_medium(nlp, text, cue):
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.quote_type, q.cue) == ("The bill is a disaster.", "Mary Jones", "direct", cue)


def test_according_to(nlp):
    (q,) = quotes_of(nlp, 'The plan is "dead on arrival," according to Senator John Smith.')
    assert (q.text, q.speaker, q.quote_type, q.cue) == ("dead on arrival", "John Smith", "partial", "according to")


def test_role_description_resolves_to_the_person(nlp):
    text = 'Kremlin spokesman Dmitry Peskov spoke on Monday. "We are ready to talk," the Kremlin spokesman said.'
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Dmitry Peskov", "PERSON", "the Kremlin spokesman")


def test_name_after_the_quote_with_an_apposition(nlp):
    text = ("Jorge Ramos spoke in Mexico City.\n\n“We were tremendously wrong to not have confronted him "
            "from the beginning,” Ramos, 58, told AFP in an interview.")
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_mention, q.quote_type, q.cue) == ("Jorge Ramos", "Ramos", "direct", "told in an interview")


def test_relative_pronoun_is_the_mention_and_resolves(nlp):
    (q,) = quotes_of(nlp, 'The deal drew criticism from President Barack Obama, who called it "a historic mistake."')
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type) == ("a historic mistake.", "Barack Obama", "who", "partial")


@pytest.mark.parametrize("text, quoted, speaker, quote_type", [
    ("Carl Bialik: “One of the biggest lessons was a simple one.”", "One of the biggest lessons was a simple one.",
     "Carl Bialik", "direct"),
    ("Graham: Trump’s ‘Incredibly Hateful Rhetoric’ Is Destroying the Party", "Incredibly Hateful Rhetoric",
     "Graham", "partial"),
])
def test_name_and_colon(nlp, text, quoted, speaker, quote_type):
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.quote_type, q.cue) == (quoted, speaker, quote_type, ":")


def test_title_is_not_a_quote(nlp):
    assert quotes_of(nlp, 'She watched "The Godfather" again last night with her friends.') == []


def test_unbalanced_mark_ends_with_its_paragraph(nlp):
    text = 'Mary Jones said "this never ends.\n\nThe next paragraph has no quote marks at all and it goes on.'
    quotes = quotes_of(nlp, text)
    assert [q.text for q in quotes] == ["this never ends."]
    assert quotes[0].confidence < 0.8


def test_quote_mark_pairing():
    text = "He said ''yes'' and 'maybe' but Putin's plan—“no”—stands.\n\n“Open and never closed"
    spans = [text[s.start_char : s.end_char] for s in find_quoted_spans(text)]
    assert spans == ["yes", "maybe", "no", "Open and never closed"]
    assert [s.closed for s in find_quoted_spans(text)] == [True, True, True, False]


def test_no_quotes_in_plain_text(nlp):
    assert [q for q in quotes_of(nlp, "The weather was fine and the market rose.") if q.quote_type != "indirect"] == []


@pytest.mark.parametrize("text", [
    "", '"', "“\n\n”", "He said \"", "'Tis the season, he said '", "“A “B “C", "”closing first“ and then ‘open",
    "“First\n\n“Second\n\n“Third, never closed", "It's 5'11\" tall, she said.",
])
def test_odd_quote_marks_never_crash(nlp, text):
    quotes_of(nlp, text)  # the invariants are checked inside


# --- speaker choice (PolNeAR error classes) ------------------------------------------


@pytest.mark.parametrize("text, quoted, speaker, mention, cue", [
    ('Ted Cruz spoke on Monday. Cruz has railed against what he calls the "Washington cartel" for years.',
     "Washington cartel", "Ted Cruz", "Cruz", "calls"),
    ('Paul Ryan spoke on Monday. Ryan said that he would call the plan "a disaster for the country."',
     # 'would call' says what he will do; the cue is the clause that was said.
     "a disaster for the country.", "Paul Ryan", "Ryan", "said"),
])
def test_nested_reporting_rests_on_the_outer_named_subject(nlp, text, quoted, speaker, mention, cue):
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type, q.cue) == (quoted, speaker, mention, "partial", cue)
    assert text[q.speaker_start : q.speaker_end] == mention


def test_pronoun_skips_a_person_of_the_other_gender(nlp):
    text = ('Hillary Clinton and Bernie Sanders met on Monday. Mr. Sanders answered a question from the host. '
            '"We will win this election," she said.')
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type) == ("We will win this election", "Hillary Clinton",
                                                                    "she", "direct")


def test_quote_under_a_noun_cue(nlp):
    text = ("Marco Rubio ran for the Senate in 2010. Rubio's catch phrase in that election against Charlie Crist "
            'was that Crist "would say or do anything to win an election."')
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type, q.cue) == (
        "would say or do anything to win an election.", "Marco Rubio", "Rubio", "partial", "phrase")


def test_according_to_after_the_cue_relays_the_speaker(nlp):
    # Grayson said it; Frankel relays it (PolNeAR's Source is the outer one, Frankel).
    (q,) = quotes_of(nlp, '"She is going to have my name," Alan Grayson said, according to Lois Frankel.')
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type, q.cue) == (
        "She is going to have my name", "Alan Grayson", "Alan Grayson", "direct", "said")
    assert (q.reported_by, q.reported_by_mention) == ("Lois Frankel", "Lois Frankel")


def test_parenthetical_cue_speaks_the_clause(nlp):
    text = ('Hillary Clinton spoke in Ohio. Tax relief is given in exchange for creating jobs. '
            'There was, she said, "an implicit bargain."')
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type, q.cue) == (
        "an implicit bargain.", "Hillary Clinton", "she", "partial", "said")


@pytest.mark.parametrize("text, quoted, speaker, mention", [
    # 'It' continues the organization before it, an unnamed one kept as written.
    ('The company issued a statement on Friday. It said the plan was "dead on arrival" and should be dropped.',
     "dead on arrival", "company", "It"),
    ('Someone called it a "quiet revolution" in the party.', "quiet revolution", None, "Someone"),
])
def test_unnamed_sources_keep_their_mention(nlp, text, quoted, speaker, mention):
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type) == (quoted, speaker, mention, "partial")
    assert q.confidence == 0.7  # an unresolved speaker costs 0.1


def test_capitalized_phrase_under_a_naming_verb_is_a_quote(nlp):
    (q,) = quotes_of(nlp, 'Donald Trump spoke in Ohio on Monday. Trump called her "Crooked Hillary" again.')
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type, q.cue) == (
        "Crooked Hillary", "Donald Trump", "Trump", "partial", "called")


@pytest.mark.parametrize("text, speaker", [
    ('The Heritage Foundation published a report on Monday. They said the plan was "a disaster for taxpayers."',
     "Heritage Foundation"),
    ('Hillary Clinton met the voters. They said the plan was "a disaster for taxpayers."', None),
])
def test_they_resolves_to_a_group_subject_only(nlp, text, speaker):
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.speaker_mention, q.quote_type) == ("a disaster for taxpayers.", speaker, "They",
                                                                    "partial")


# --- attribution rules measured on PolNeAR train (docs/quality-quotes.md) ----------------


def test_any_verb_right_after_a_quote_is_its_cue(nlp):
    (q,) = quotes_of(nlp, '"Governor Hassan, let me help you out - the answer is no," the Republican nominee '
                          'Mike Pence riffed on Tuesday.')
    assert (q.speaker, q.speaker_mention, q.cue, q.quote_type) == ("Mike Pence", "Mike Pence", "riffed", "direct")


def test_short_attribution_after_a_full_stop(nlp):
    (q,) = quotes_of(nlp, '"Russia, if you are listening, I hope you are able to find the emails." Donald Trump said.')
    assert (q.speaker, q.cue, q.quote_type) == ("Donald Trump", "said", "direct")


def test_outlet_that_reported_the_statement_relays_it(nlp):
    (q,) = quotes_of(nlp, 'Senator Mary Jones held a meeting and pledged to "promote the kinds of changes that will '
                          'help," the Orlando Sentinel reported.')
    assert (q.text, q.speaker, q.cue) == ("promote the kinds of changes that will help", "Mary Jones", "pledged")
    assert (q.reported_by, q.reported_by_mention) == ("Orlando Sentinel", "the Orlando Sentinel")


def test_subject_found_through_a_preposition(nlp):
    (q,) = quotes_of(nlp, 'Reprising one of her favorite lines, Hillary Clinton talked about continuing the '
                          '"progress we had under President Obama."')
    assert (q.speaker, q.quote_type) == ("Hillary Clinton", "partial")


def test_reported_speech_may_carry_a_title(nlp):
    (q,) = quotes_of(nlp, 'Donald Trump said that he watched "Meet the Press" every single week.')
    assert (q.text, q.speaker, q.quote_type) == ('he watched "Meet the Press" every single week', "Donald Trump",
                                                 "indirect")


def test_partial_quote_and_next_paragraph_stay_two_quotes(nlp):
    # On PolNeAR a partial quote and a later paragraph's quote are two statements more often than one.
    partial, floating = quotes_of(nlp, 'Senator Mary Jones called the plan "reckless."\n\n'
                                       '"We will fight it in every committee and we will win."')
    assert (partial.text, partial.quote_type) == ("reckless.", "partial")
    assert (floating.speaker, floating.quote_type, len(floating.segments)) == ("Mary Jones", "direct", 1)
    assert floating.confidence < partial.confidence


def test_quote_glued_to_the_previous_sentence(nlp):
    # NYT-style '' marks after a full stop: the parser glues the quote to the sentence
    # before it, which must not make it an embedded (partial) quote.
    text = ("In his speech, Barack Obama argued that the nominee had played on fears rather than offered them "
            "solutions. ''America is already great,'' he said. ''America is already strong. And I promise you, "
            "our strength does not depend on one man.''")
    reported, q = quotes_of(nlp, text)
    assert (reported.quote_type, reported.speaker) == ("indirect", "Barack Obama")
    assert q.text == ("America is already great … America is already strong. And I promise you, our strength "
                      "does not depend on one man.")
    assert (q.speaker, q.speaker_mention, q.quote_type, q.cue) == ("Barack Obama", "he", "direct", "said")


def test_side_remark_in_the_cue_sentence_does_not_take_the_next_quote(nlp):
    text = ('"He did try to intimidate me," said John O\'Donnell, who wrote about the visit in his book. '
            '"Thank goodness, both of those things were not true."')
    (q,) = quotes_of(nlp, text)
    assert q.text == "He did try to intimidate me … Thank goodness, both of those things were not true."
    assert (q.speaker, q.speaker_mention, q.cue) == ("John O'Donnell", "John O'Donnell", "said")


def test_passive_reporting_verb_speaks_through_its_agent_only(nlp):
    (q,) = quotes_of(nlp, 'Republican National Committee Chairman Reince Priebus was said to be "furious" with Trump.')
    assert (q.text, q.speaker, q.speaker_mention, q.cue) == ("furious", None, None, "said")
    (q,) = quotes_of(nlp, 'The plan was described by Senator Mary Jones as "reckless and cruel."')
    assert (q.speaker, q.quote_type, q.cue) == ("Mary Jones", "partial", "described")


def test_document_speaks_as_it(nlp):
    quotes = quotes_of(nlp, 'The email was sent on Monday.\n\n"They are spinning up as we speak. They include a '
                            '(REDACTED)," it said.')
    assert [(q.speaker, q.speaker_mention, q.cue) for q in quotes] == [(None, "it", "said")]


@pytest.mark.parametrize("signature, speaker", [
    ("- Bernie Sanders.", "Bernie Sanders"),
    ("-President Barack Obama, tweeting after the speech.", "Barack Obama"),
])
def test_quote_signed_on_the_next_line(nlp, signature, speaker):
    text = f'Trump won.\n\n"The idea that I would dismantle health care is just not accurate."\n\n{signature}\n\nEnd.'
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.quote_type) == ("The idea that I would dismantle health care is just not accurate.",
                                                 speaker, "direct")


def test_headline_led_by_a_person(nlp):
    quotes = quotes_of(nlp, "Sarah Silverman heckles Sanders supporters: 'You are being ridiculous.'\n\n"
                            "Comedian Sarah Silverman was booed on Monday.")
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [("You are being ridiculous.", "Sarah Silverman", ":")]


def test_according_to_anywhere_in_the_sentence_relays_the_speaker(nlp):
    (q,) = quotes_of(nlp, "According to the school's Facebook post, Ahmed al Ashry said he was going because "
                          '"if something happens to her I cannot imagine how I would live."')
    assert (q.speaker, q.cue, q.quote_type) == ("Ahmed al Ashry", "said", "partial")
    assert q.reported_by_mention == "the school's Facebook post"


def test_speaker_relayed_by_a_news_outlet(seed_quotes):
    # '"Because I think there's a chance ...," he said, according to CNN.'
    q = the_quote(seed_quotes["004"], "Because I think there's a chance")
    assert (q.speaker, q.speaker_mention, q.cue, q.quote_type) == ("Donald Trump", "he", "said", "direct")
    assert (q.reported_by, q.reported_by_mention, q.reported_by_label) == ("CNN", "CNN", "ORG")


def test_stray_straight_mark_before_curly_quotes_is_ignored(nlp):
    text = ('Megyn Kelly asked the first question.\n\n"Donald Trump tried to laugh it off by interjecting, '
            '“Only Rosie O’Donnell.” But Kelly was relentless.')
    spans = [text[s.start_char : s.end_char] for s in find_quoted_spans(text)]
    assert spans == ["Only Rosie O’Donnell."]
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker) == ("Only Rosie O’Donnell.", "Donald Trump")


def test_what_someone_is_expected_to_say_is_the_outer_speakers_quote(nlp):
    (q,) = quotes_of(nlp, "Hillary Clinton says she expects President Barack Obama to announce an "
                          '"intensification" in the U.S. campaign.')
    assert (q.text, q.speaker, q.speaker_mention, q.cue) == ("intensification", "Hillary Clinton",
                                                             "Hillary Clinton", "says")
    (q,) = quotes_of(nlp, 'Wasserman Schultz said the platform should reiterate the party\'s support for '
                          '"stalwart allies," naming Israel.')
    assert (q.speaker, q.cue) == ("Wasserman Schultz", "said")


def test_purpose_clause_verb_keeps_its_speaker(nlp):
    (q,) = quotes_of(nlp, 'The campaign denied it, with Corey Lewandowski taking to Twitter to call Fields '
                          '"totally delusional" for the accusation.')
    assert (q.text, q.speaker, q.cue) == ("totally delusional", "Corey Lewandowski", "call")


def test_invisible_format_mark_before_a_reversed_quote_mark(nlp):
    text = "Comments poured in.\n\n\u202a”This is why ISIS has to be destroyed. They are evil,” said John Krystek."
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.quote_type) == ("This is why ISIS has to be destroyed. They are evil",
                                                 "John Krystek", "direct")


def test_a_date_parsed_as_the_subject_does_not_speak(nlp):
    text = ("Elizabeth Warren: Donald Trump Is a ‘Proven Failure’ in Business.\n\nSaturday at the Massachusetts "
            "Democratic state’s party convention Sen. Elizabeth Warren (D-MA) said presumptive Republican "
            "presidential nominee Donald Trump was a “proven failure” in business.")
    q = the_quote(quotes_of(nlp, text), "proven failure")
    assert (q.speaker, q.speaker_mention, q.cue, q.quote_type) == ("Elizabeth Warren", "Elizabeth Warren",
                                                                   "said", "partial")


def test_speaker_after_the_verb_parsed_as_its_object(nlp):
    text = ('Ford itself said the deal was on.\n\n"Meh," wrote a Trump supporter who runs the Twitter account '
            '@WomenForTrump. "What does Ford know about it . . ."')
    q = the_quote(quotes_of(nlp, text), "Meh")
    assert (q.text, q.speaker_mention, q.cue, q.quote_type) == (
        "Meh … What does Ford know about it . . .", "a Trump supporter", "wrote", "direct")


def test_speaker_parsed_as_the_head_the_verb_modifies(nlp):
    text = ("Serafinowicz, who’s starred in “Parks and Recreation,” posted the clip to YouTube on Thursday.\n\n"
            "“What if Donald Trump had elocution lessons?” the 43-year-old asked in the video’s description.")
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker_mention, q.quote_type) == ("What if Donald Trump had elocution lessons?",
                                                         "the 43-year-old", "direct")


def test_object_of_told_is_not_an_inverted_speaker(nlp):
    text = ("''That was a good speech you gave last night, Mr. President,'' Representative Steve Cohen, "
            "Democrat of Tennessee, told Mr. Obama as he stopped to have his picture taken.")
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_mention, q.cue) == ("Steve Cohen", "Steve Cohen", "told")


@pytest.mark.parametrize("text, mention", [
    ('Christie coached Trump to breathe. That prompted Rubio to make a joke about yoga and call Trump '
     '"very flexible," a nod to the front-runner.', "Rubio"),
    ('I had to spend the weekend figuring out how to attack a friend without saying, '
     '"This is the most retarded argument I have ever read."', "I"),
])
def test_object_of_a_control_verb_speaks(nlp, text, mention):
    (q,) = quotes_of(nlp, text)
    assert q.speaker_mention == mention


def test_name_misparsed_as_an_object_before_the_verb_speaks(nlp):
    # The tagger takes 'screenwriter' for a verb and 'Cole Haddon' for its object.
    text = ('"Just saw #DonaldTrump\'s Star of David tweet. I\'m impressed by his ability to find a way to insult '
            'literally every kind of human being," screenwriter Cole Haddon wrote on Twitter.')
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_mention, q.cue, q.quote_type) == ("Cole Haddon", "Cole Haddon",
                                                                   "wrote on Twitter", "direct")


@pytest.mark.parametrize("text, quoted, speaker, cue", [
    ('To wit, Trump told Newsmax that Mitt Romney “had a crazy policy of self-deportation which was maniacal,” '
     'adding, “He lost all of the Latino vote.”', "He lost all of the Latino vote.", "Trump", "adding"),
    ('Byrne also wrote the agents knew to brace for the eruptions, saying, “They didn’t happen every day.”',
     "They didn’t happen every day.", "Byrne", "saying"),
    ('De Blasio said the move was made by NYPD commissioner Bill Bratton and said, “Who are you going to '
     'trust on security?”', "Who are you going to trust on security?", "De Blasio", "said"),
    ('Democratic front-runner Hillary Clinton, also campaigning in Wisconsin, said Trump is ultimately '
     'responsible for what happens at his events and accused him of "inciting violent behavior, aggressive '
     'behavior, that I think is very dangerous." She praised Fields.', "inciting violent behavior",
     "Hillary Clinton", "accused"),
])
def test_participle_hung_on_the_reported_clause_speaks_for_the_reporter(nlp, text, quoted, speaker, cue):
    q = the_quote(quotes_of(nlp, text), quoted)
    assert (q.speaker, q.cue) == (speaker, cue)


def test_participle_of_a_reporting_verb_keeps_its_subject(nlp):
    text = ('Comey cannot say that “from his perspective,” Lewandowski added, saying it should be “up to the '
            'prosecutor to move forward or not.”')
    assert {q.speaker for q in quotes_of(nlp, text)} == {"Lewandowski"}


def test_quote_after_a_cued_quote_in_its_paragraph_continues_that_speaker(nlp):
    text = ("Trump said France had lost its identity: “France is no longer France,” he claimed.\n"
            "“France will always be France,” an angry Hollande retaliated. “It never gives up, because it still "
            "bears ideals.”\nFrench officials agreed.")
    q = the_quote(quotes_of(nlp, text), "France will always be France")
    assert q.text == "France will always be France … It never gives up, because it still bears ideals."
    assert (q.speaker, q.cue, q.quote_type) == ("Hollande", "retaliated", "direct")


# --- the speaker ranker (trained weights in pipelines/core/quotes/speaker_ranker.json) ------------


@pytest.mark.parametrize("text, quoted, speaker_mention, relay_mention", [
    ('Rep. Gregory Meeks said Clinton reassured them that everyone would come together and that '
     'Democrats "were not going to be like Trump."', "were not going to be like Trump.", "Clinton",
     "Gregory Meeks"),
    ('Law enforcement sources have said he said "no more baby parts" in comments to officials after '
     'the shooting.', "no more baby parts", "he", "Law enforcement sources"),
])
def test_ranker_credits_the_outer_source_of_a_nested_report_as_relay(nlp, text, quoted, speaker_mention,
                                                                     relay_mention):
    # The rules take the nearest reporting verb; the ranker finds the report around it.
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker_mention, q.reported_by_mention) == (quoted, speaker_mention, relay_mention)


def test_ranker_keeps_a_purpose_clause_speaker_under_an_unrelated_outer_verb(nlp):
    # 'denied' governs the quote through an adverbial, not a reported clause.
    (q,) = quotes_of(nlp, 'The campaign denied it, with Corey Lewandowski taking to Twitter to call Fields '
                          '"totally delusional" for the accusation.')
    assert (q.speaker, q.cue, q.reported_by) == ("Corey Lewandowski", "call", None)


TWO_SPEAKERS = 'Anna Smith said the vote was close. "We will win," Tom Jones said.'


@pytest.mark.parametrize("weights, speaker", [
    ({}, "Tom Jones"),  # a tie keeps the rules' pick
    ({"rule": -1.0}, "Anna Smith"),  # a higher-scoring candidate replaces speaker and cue
])
def test_ranker_overrides_the_rules_only_on_a_higher_score(nlp, weights, speaker):
    (q,) = [q for q in quotes_of(nlp, TWO_SPEAKERS, SpeakerRanker(weights)) if q.quote_type == "direct"]
    assert (q.text, q.speaker, q.cue, q.reported_by) == ("We will win", speaker, "said", None)


def test_shipped_weights_name_exactly_the_features():
    ranker = SpeakerRanker.load(RANKER_FILE)
    assert set(ranker.weights) == FEATURE_NAMES
    assert ranker.weights["rule"] != 0 and ranker.meta["trained_on"].startswith("PolNeAR train")


def test_weights_with_a_renamed_or_missing_feature_fail_loudly(tmp_path):
    data = json.loads(RANKER_FILE.read_text())
    data["weights"]["rule (renamed)"] = data["weights"].pop("rule")
    path = tmp_path / "renamed.json"
    path.write_text(json.dumps(data))
    with pytest.raises(RankerWeightsError, match=r"unknown: \['rule \(renamed\)'\].*missing: \['rule'\]"):
        SpeakerRanker.load(path)
    with pytest.raises(RankerWeightsError, match="unknown"):
        SpeakerRanker({"governs nearest verb": 1.0})


def test_computed_features_are_named_in_the_vocabulary(nlp):
    # Every feature the candidates carry has a weight slot: none is silently scored 0.
    doc = nlp('Rep. Gregory Meeks said Clinton reassured them that Democrats "were not going to be like '
              'Trump." ' + TWO_SPEAKERS + ' "It is over," according to the Kremlin spokesman. He told '
              'reporters: "No comment."')
    art, events, quotes = rule_quotes(doc, find_mentions(doc))
    computed = {name for q in quotes for c in speaker_candidates(art, events, q) for name in c.features}
    assert len(computed) > 20
    assert computed <= FEATURE_NAMES


# --- who can speak, and for whom ------------------------------------------------------


def test_participle_after_according_to_continues_that_source(nlp):
    text = ('Mayor Jane Doe visited the port. The ferry sank near the coast on Monday, according to '
            'spokesman Paul Tanner, adding that officials believed "the crew had survived".')
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.speaker, q.cue, q.reported_by) == ("the crew had survived", "Paul Tanner", "adding", None)


def test_participle_after_according_to_gives_an_indirect_quote_of_that_source(nlp):
    text = ('The ferry sank near the coast on Monday, according to spokesman Paul Tanner, adding that '
            'officials believed the crew had survived.')
    (q,) = quotes_of(nlp, text)
    assert (q.quote_type, q.speaker) == ("indirect", "Paul Tanner")


def test_medium_reporting_a_clause_relays_its_subject(nlp):
    (q,) = quotes_of(nlp, 'Bloomberg reported that the minister was "shocked" by the decision.')
    assert (q.text, q.speaker_mention, q.reported_by, q.cue) == ("shocked", "the minister", "Bloomberg", "reported")


def test_medium_reporting_a_clause_about_a_thing_keeps_the_medium(nlp):
    (q,) = quotes_of(nlp, 'Bloomberg reported that the talks were "productive" on Friday.')
    assert (q.speaker, q.reported_by) == ("Bloomberg", None)


@pytest.mark.parametrize("text", [
    "The letters were found in her attic, suggesting that she may never have known about the fraud.",
    "The police found no trace of the money, suggesting that it had been moved abroad.",
    "The figures suggest that the economy is slowing down again.",
])
def test_writers_inference_is_no_quote(nlp, text):
    assert quotes_of(nlp, text) == []


def test_person_suggesting_is_still_a_quote(nlp):
    (q,) = quotes_of(nlp, "Finance Minister John Smith suggested that the economy is slowing down.")
    assert (q.quote_type, q.speaker) == ("indirect", "John Smith")


def test_broadcaster_named_after_a_place_is_not_the_place(nlp):
    q = quotes_of(nlp, "France 2 reported that the strike would continue into next week.")[0]
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("France 2", None, "France 2")


def test_record_cannot_speak(nlp):
    (q,) = quotes_of(nlp, 'Her death certificate said she died of "natural causes".')
    assert (q.text, q.speaker, q.speaker_mention) == ("natural causes", None, None)


def test_what_someone_will_ask_is_part_of_the_statement_around_it(nlp):
    quotes = quotes_of(nlp, "Vice President Mike Pence said Trump would ask whether the deal was fair.")
    assert [(q.quote_type, q.speaker) for q in quotes] == [("indirect", "Mike Pence")]


def test_role_with_an_institution_goes_to_the_person_holding_it(nlp):
    text = ('Jean Dupont, the president of the French Senate, met Anna Berg. Anna Berg is president of the '
            'European Commission. The president of the European Commission said the talks were "productive".')
    q = the_quote(quotes_of(nlp, text), "productive")
    assert (q.speaker, q.speaker_mention) == ("Anna Berg", "The president of the European Commission")


def test_role_of_another_institution_is_not_resolved_to_another_president(nlp):
    text = ('Jean Dupont, the president of the French Senate, met the press. The president of the European '
            'Commission said the talks were "productive".')
    q = the_quote(quotes_of(nlp, text), "productive")
    assert (q.speaker, q.speaker_label) == ("president of the European Commission", None)


def test_signature_after_the_quote_on_its_own_line(nlp):
    text = ('Readers wrote in.\n\n“The plan will fail because nobody asked the farmers.” ― Maria Lopez\n'
            '“We need more water, not more meetings.” ― Tom Becker.\n')
    quotes = quotes_of(nlp, text)
    assert [(q.text[:12], q.speaker, q.cue) for q in quotes] == [("The plan wil", "Maria Lopez", "―"),
                                                                 ("We need more", "Tom Becker", "―")]


def test_pronoun_after_an_unnamed_role_is_that_role(nlp):
    text = ('Mr Leigh said the Home Office should act. A Home Office spokesman said the system had been '
            'toughened. He added "that the old system will be replaced".')
    q = the_quote(quotes_of(nlp, text), "that the old system")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Home Office spokesman", None, "He")


def test_bare_role_is_not_the_shadow_holder(nlp):
    text = ('Shadow chancellor Oliver Letwin spoke first. Gordon Brown has issued a rallying cry. The chancellor '
            'said the poll would give a "clear and fundamental" choice.')
    q = the_quote(quotes_of(nlp, text), "clear and fundamental")
    # not the shadow holder, and a bare office no name holds gives no speaker (abstain.py)
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (None, None, "The chancellor")


def test_they_continues_an_unnamed_group_subject(nlp):
    text = 'Trade officials met on Monday. They said "the talks were useful" and would go on.'
    q = the_quote(quotes_of(nlp, text), "the talks were useful")
    assert (q.speaker, q.speaker_mention) == ("Trade officials", "They")


def test_surname_the_ner_took_for_a_title_is_the_person(nlp):
    text = ('Donald Trump spoke on Monday. Bemoaning the "phony system," Trump accused Holt of being a Democrat, '
            'though a review of records indicate he is a Republican.')
    q = the_quote(quotes_of(nlp, text), "phony system")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Donald Trump", "PERSON", "Trump")


def test_person_speaking_out_suggesting_is_still_speaking(nlp):
    text = 'French Prime Minister Manuel Valls spoke out sharply, suggesting "sweeping accusations" had spread.'
    q = the_quote(quotes_of(nlp, text), "sweeping accusations")
    assert q.speaker == "Manuel Valls"


def test_dash_parsed_as_subject_is_skipped_for_the_name(nlp):
    text = ('When Clinton noted that Trump has not paid anything in federal income taxes ― as was true for the few '
            'years his tax returns were made public ― Trump boasted, “That makes me smart.”')
    q = the_quote(quotes_of(nlp, text), "That makes me smart")
    assert (q.speaker_mention, q.cue) == ("Trump", "boasted")


@pytest.mark.parametrize("text, speaker, label", [
    ("Acme Inc said its profit rose. It said sales would grow next year.", "Acme Inc", "ORG"),
    ("The company said its profit rose. It said sales would grow next year.", "company", None),
])
def test_speaking_it_continues_the_organisation_before(nlp, text, speaker, label):
    q = the_quote(quotes_of(nlp, text), "sales would grow")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, label, "It")


def test_speaking_it_after_a_document_stays_unresolved(nlp):
    q = the_quote(quotes_of(nlp, "The report was published on Monday. It said the economy would grow."), "the economy")
    assert (q.speaker, q.speaker_mention) == (None, "It")


def test_pronoun_chain_continues_an_unnamed_role(nlp):
    text = ('A Xerox spokesman said the company stopped selling PCs. He said Xerox does not expect a charge. '
            'He said for the past five years, Xerox has sold most of its PCs as parts of systems.')
    q = the_quote(quotes_of(nlp, text), "for the past five years")
    assert (q.speaker, q.speaker_mention) == ("Xerox spokesman", "He")


def test_pronoun_after_an_adverbial_subject_is_that_person(seed_quotes):
    # 'his aide Yury Ushakov confirmed ... Although Putin called the conversation ..., he signaled':
    # 'he' is Putin, the subject just before it, not an unnamed 'aide'.
    q = the_quote(seed_quotes["003"], "Moscow's core demands")
    assert (q.speaker, q.speaker_mention) == ("Vladimir Putin", "he")


def test_what_the_president_would_ask_is_not_his_statement(seed_quotes):
    assert not [q for q in seed_quotes["002"] if q.cue == "ask"]


# --- documents, appositive holders, bulleted leads, split sentences ---------------------


@pytest.mark.parametrize("text, speaker, label, mention", [
    ('A report by the Institute for Fiscal Studies concluded that the policy had "failed on every measure".',
     "Institute for Fiscal Studies", "ORG", "the Institute for Fiscal Studies"),
    ('Nurses are "exhausted and demoralised", says a survey by the Royal College of Nursing.',
     "Royal College of Nursing", "ORG", "the Royal College of Nursing"),
    ('The survey, published by the Royal College of Nursing, said staff were "exhausted and demoralised".',
     "Royal College of Nursing", "ORG", "the Royal College of Nursing"),
    ("Rice stocks are expected to fall to \"record lows\" in 1987, the U.S. Embassy's annual agriculture "
     "report said.", "U.S. Embassy", "ORG", "the U.S. Embassy"),
    # A document that names nobody is no speaker; its words stay the speaker mention.
    ('The report concluded that the policy had "failed on every measure".', None, None, "The report"),
    # A publication that prints the report speaks for it.
    ('A report in the Harbour Gazette said the ferry had been "quietly cancelled".',
     "Harbour Gazette", "ORG", "the Harbour Gazette"),
])
def test_a_document_speaks_for_who_issued_it(nlp, text, speaker, label, mention):
    (q,) = [q for q in quotes_of(nlp, text) if q.quote_type == "partial"]
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, label, mention)


def test_it_after_a_document_continues_its_issuer(nlp):
    text = ("Rice stocks are expected to fall in 1987, the U.S. Embassy's annual agriculture report said.\n\n"
            'It said the drop was "expected" because stocks were high.')
    q = the_quote(quotes_of(nlp, text), "expected")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("U.S. Embassy", "ORG", "It")


def test_a_name_after_a_role_and_a_comma_holds_the_role(nlp):
    # The parser makes the name a second subject (and the NER an organization).
    text = ('The director of the Mint Theatre, Paul Denby QC warned there was a real risk that audiences '
            'on the "edge of town" would stay away.')
    (q,) = [q for q in quotes_of(nlp, text) if q.quote_type == "partial"]
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Paul Denby QC", "PERSON", "Paul Denby QC")


def test_bulleted_leads_with_a_role_before_the_name(nlp):
    text = ("Managers gave their verdicts after the match.\n\n"
            '- Northbridge United boss Colin Harker: "We were second best all afternoon and we know it."\n\n'
            '- Ravenford manager Tom Ashby: "I thought we deserved the three points today."')
    quotes = quotes_of(nlp, text)
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [
        ("We were second best all afternoon and we know it.", "Colin Harker", ":"),
        ("I thought we deserved the three points today.", "Tom Ashby", ":")]


def test_it_reaches_the_subject_of_a_sentence_the_parser_split(nlp):
    # The parser ends the first sentence inside the long company name; 'It' opens a new paragraph.
    text = ("Commercial International Corp said it has completed the previously-announced acquisition of most "
            "of the assets of Growers Distributing International Corp, a table grape marketer, for an "
            "undisclosed amount.\n\n"
            'It said the entire purchase price will be "payable over a three-year period" and based on earnings.')
    q = the_quote(quotes_of(nlp, text), "payable")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Commercial International Corp", "ORG", "It")


def test_it_continues_a_magazine(nlp):
    text = ('The list was compiled by the editors. "Portability was a key factor," said the magazine.\n\n'
            '"In the end, we tried to get to the heart of what makes a gadget a gadget," it concluded.')
    q = the_quote(quotes_of(nlp, text), "In the end")
    assert (q.speaker, q.speaker_mention) == ("magazine", "it")


def test_a_role_opening_a_sentence_is_the_one_person_named_just_before(nlp):
    text = ("The government must respect the ruling on detention without trial, Mary Robinson has said.\n\n"
            'The former UN commissioner for human rights told Radio 4 the response would be "scrutinised '
            'internationally".')
    q = the_quote(quotes_of(nlp, text), "scrutinised")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (
        "Mary Robinson", "PERSON", "The former UN commissioner")


@pytest.mark.parametrize("text", [
    # Somebody introduced with that role elsewhere, or two people named: the role stays unnamed.
    'Shadow home secretary David Davis criticised the plan. The home secretary said it was "the right thing".',
    'The talks ended on Tuesday with Anna Berg and Tom Jones present. The minister said they were "productive".',
])
def test_a_role_is_not_guessed_from_a_sentence_naming_another_holder_or_two_people(nlp, text):
    (q,) = [q for q in quotes_of(nlp, text) if q.quote_type == "partial"]
    # the office names nobody: no speaker (abstain.py), the mention kept
    assert q.speaker is None and q.speaker_mention in ("The home secretary", "The minister")


def test_a_document_of_two_issuers_stays_as_written(nlp):
    (q,) = quotes_of(nlp, "Statements from the Town Hall and the Harbour Board said the ferry would resume on Monday.")
    assert (q.quote_type, q.speaker, q.speaker_mention) == (
        "indirect", None, "Statements from the Town Hall and the Harbour Board")


@pytest.mark.parametrize("text, mention", [
    ("A statement said the Harbour Board may be among three bodies excluded from the index.", "A statement"),
    ("Reports suggest the club will lift their offer to five million pounds.", "Reports"),
    ("Research suggests that about 258 million images are shared every day.", "Research"),
])
def test_a_document_that_names_nobody_is_no_speaker(nlp, text, mention):
    (q,) = quotes_of(nlp, text)
    assert (q.quote_type, q.speaker, q.speaker_label, q.speaker_mention) == ("indirect", None, None, mention)


@pytest.mark.parametrize("text, speaker, mention", [
    # The plural of a noun for both a document and a publication is the press: a body that speaks.
    ('The papers said the coach had been "sacked by text message".', "papers", "The papers"),
    ('Both papers said the deal was "as good as done".', "Both papers", "Both papers"),
    # The singular stays a document naming nobody.
    ('The paper said the coach had been "sacked by text message".', None, "The paper"),
])
def test_the_papers_in_the_plural_are_the_press(nlp, text, speaker, mention):
    (q,) = [q for q in quotes_of(nlp, text) if q.quote_type == "partial"]
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, None, mention)


@pytest.mark.parametrize("text, speaker, label, mention", [
    # An office issuing a document speaks for its named holder or its named body.
    ('A statement from Governor Lena Marsh\'s office said the bridge would "reopen within weeks".',
     "Lena Marsh", "PERSON", "Lena Marsh"),
    ('A statement from the Harbour Board\'s press office said the ferry was "fully insured".',
     "Harbour Board", "ORG", "the Harbour Board"),
    # A body named by a common noun stays as written.
    ('A statement from the mayor\'s office said the road would be "closed until further notice".',
     "mayor's office", None, "the mayor's office"),
    ('The campaign\'s statement said the candidate was "deeply disappointed" by the ruling.',
     "campaign", None, "The campaign"),
    # A role is a speaker of its own, not its possessor.
    ('A report from the Harbour Board\'s inspector general said the contract was "badly managed".',
     "Harbour Board's inspector general", None, "the Harbour Board's inspector general"),
])
def test_a_document_from_an_office_or_campaign_speaks_for_it(nlp, text, speaker, label, mention):
    (q,) = [q for q in quotes_of(nlp, text) if q.quote_type == "partial"]
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, label, mention)


def test_a_name_in_apposition_to_one_of_a_group_speaks(nlp):
    text = ("The minister explained the plan. Nevertheless, one of Mr Hale's deputies, Anna Ruiz, told the news "
            "agency that the country was still considering the offer.")
    q = the_quote(quotes_of(nlp, text), "the country")
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Anna Ruiz", "PERSON", "Anna Ruiz")


@pytest.mark.parametrize("text, speaker", [
    # The NER cuts the name in two ('Poole' / "Moore's Corp"); the parse keeps it one subject.
    ("Baxter and Poole's said it may lower its rating of Acme Co's debt.", "Baxter and Poole's"),
    ("Hardy and Moore's Corp said it cut to A-2 from A-1 the commercial paper of Acme Inc.",
     "Hardy and Moore's Corp"),
])
def test_a_firm_named_after_two_people_is_one_speaker(nlp, text, speaker):
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, "ORG", speaker)


def test_two_people_are_not_one_firm(nlp):
    (q,) = quotes_of(nlp, "Ann Lee and Tom Hale said they would appeal against the ruling.")
    assert q.speaker == "Ann Lee"


def test_pronoun_skips_a_person_named_in_an_aside(nlp):
    text = ("Opposition leader Mark Dunn warned of errors like the Ashford case - for which John Peel recently "
            "apologised - as a result of the new rules. \"Those errors would be far worse for a minister than "
            "for a judge,\" he told the radio programme.")
    q = the_quote(quotes_of(nlp, text), "Those errors")
    assert (q.speaker, q.speaker_mention) == ("Mark Dunn", "he")


def test_pronoun_skips_the_person_a_question_was_about(nlp):
    text = ("Prime Minister Tom Hale praised his deputy Peter Grant on Monday. Mr Hale said the inquiry was over. "
            "Asked if Mr Grant could return to the cabinet soon, he replied: \"I have the highest regard for "
            "Peter and it remains.\"")
    quotes = quotes_of(nlp, text)
    q = the_quote(quotes, "I have the highest")
    assert (q.speaker, q.speaker_mention) == ("Tom Hale", "he")
    # The question put to him is nobody's statement in the article.
    assert not [q for q in quotes if q.text.startswith("Mr Grant could return")]


def test_they_after_a_quantifier_continues_the_group_before(nlp):
    text = ("Economists said the figures were lower than they had expected. Most believed the bank had a target "
            "of 500 mln dlrs. But they said that if it had not been for a large miss, the target would have "
            "been reached.")
    q = the_quote(quotes_of(nlp, text), "it had not been")
    assert (q.speaker, q.speaker_mention) == ("Economists", "they")


@pytest.mark.parametrize("text, opening, speaker, label, mention", [
    ("The country is the fourth most digital nation in Europe, according to a report by Jupiter Analytics. "
     "Nordic countries came out top in the report. Although there are differences, the gap between them is "
     "closing, the report concluded.", "there are differences", "Jupiter Analytics", "ORG", "the report"),
    # The parser makes the author a conjunct of the title: the name after the possessive's document.
    ("In his new book, Broken Rules, Philip Manners, a lawyer, suggests the answer was written elsewhere. "
     "The book, being serialised in a newspaper, says the minister met his adviser twice.", "the minister met",
     "Philip Manners", "PERSON", "The book"),
    # Another document introduced since: the one the sentence gives stays, as written.
    ("A report by Jupiter Analytics ranked the country fourth. A new report was published on Monday. "
     "The report said the gap is closing.", "the gap", None, None, "The report"),
    # Who filed or issued the document the sentence before introduced ('they' resolved).
    ("Acme Mills Inc and Brook Foods Corp said they filed a suit against the regulator.\n\n"
     "The suit says the new rule is arbitrary.", "the new rule", "Acme Mills Inc", "ORG", "The suit"),
    ("The ministry issued a statement on Monday. The statement said the talks would resume in March.",
     "the talks", "ministry", None, "The statement"),
])
def test_a_definite_document_speaks_for_the_issuer_named_where_it_was_introduced(nlp, text, opening, speaker,
                                                                                 label, mention):
    q = the_quote(quotes_of(nlp, text), opening)
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, label, mention)


@pytest.mark.parametrize("text, opening, speaker", [
    # A sentence about something that cannot speak stands between the company and 'It said'.
    ("Acme Corp said it would cut 500 jobs. The cuts will be made over two years, mostly in its plants in "
     "Ohio.\n\nIt said the move would save 40 mln dlrs a year.", "the move", "Acme Corp"),
    # The company named only as the owner of the sentence's subject.
    ("Brandt's net income fell to 537m euros during 2004, from 798m euros a year ago. It blamed weak demand "
     "in western Europe.\n\nIt said sales would recover this year.", "sales would", "Brandt"),
    # The organization named in apposition to the subject.
    ("Industrial output showed no growth in January, the national statistics office, Statvik, said in a "
     "report. It said output fell in March.", "output fell", "Statvik"),
])
def test_speaking_it_passes_over_things_that_cannot_speak(nlp, text, opening, speaker):
    q = the_quote(quotes_of(nlp, text), opening)
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, "ORG", "It")


def test_speaking_it_is_not_guessed_past_another_named_body(nlp):
    text = "The US has asked the trade body to investigate the tariffs. The talks will take months.\n\nIt said the duties were unfair."
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_mention) == (None, "It")


@pytest.mark.parametrize("text, opening, mention", [
    # 'He' after a role that stands for the one person named just before.
    ("Tom Hale says his standing with voters will be an issue in the election. The prime minister said he was "
     "ready for it. He told a newspaper he would not stay in charge if he felt unable to contribute.",
     "he would not stay", "He"),
    # The person named just before was introduced with that role himself.
    ("Senate majority leader Tom Hale said he wants the Senate to pass a budget by Friday. The Democratic leader "
     "told a news conference that the Senate would debate the measure today.", "the Senate would",
     "The Democratic leader"),
])
def test_a_role_standing_for_the_person_named_just_before(nlp, text, opening, mention):
    q = the_quote(quotes_of(nlp, text), opening)
    assert (q.speaker, q.speaker_label, q.speaker_mention) == ("Tom Hale", "PERSON", mention)


@pytest.mark.parametrize("text, opening, speaker", [
    ("Air travel has grown fast. \"The days of queues at the airport are over,\" the minister for regional "
     "transport Anil Verma said on Monday.", "The days of queues", "Anil Verma"),
    ("The party's deputy minister for pensions Carol Finch said their sums did not add up.", "their sums",
     "Carol Finch"),
])
def test_a_role_with_its_portfolio_and_the_name_after_it_is_that_person(nlp, text, opening, speaker):
    q = the_quote(quotes_of(nlp, text), opening)
    assert (q.speaker, q.speaker_label) == (speaker, "PERSON")


def test_a_spokesman_for_a_titled_person_is_not_that_person(nlp):
    text = "A spokesman for Senator Tom Hale said the bill would pass."
    q = the_quote(quotes_of(nlp, text), "the bill would")
    assert q.speaker != "Tom Hale"


def test_a_role_after_an_organisations_possessive_is_the_person_named_just_before(nlp):
    text = ("Peter Lomax says one in five families already struggle with their bills. The Greens' energy "
            "spokesman is presenting a plan on the issue. He wants to see \"fair tariffs\" for people on low "
            "incomes.")
    q = the_quote(quotes_of(nlp, text), "fair tariffs")
    assert (q.speaker, q.speaker_mention) == ("Peter Lomax", "He")


@pytest.mark.parametrize("text, opening, speaker", [
    # The reporter named in apposition to a role, and a person named inside what he reported.
    ("The paper's legal correspondent, Martin Hollis, said it appeared Mr Jarvis was putting more weight on "
     "appeals than his predecessor, Anne Crewe. But he said reaching a deal with the courts could be hard.",
     "reaching a deal", "Martin Hollis"),
    ("Ian Osborne explained the slogan was the answer to polling which suggests voters believe the party is "
     "the future while Tom Rigby would take the country backwards. \"Nobody misses the old days,\" he declared.",
     "Nobody misses", "Ian Osborne"),
])
def test_a_pronoun_continues_the_reporter_not_a_person_in_the_report(nlp, text, opening, speaker):
    q = the_quote(quotes_of(nlp, text), opening)
    assert q.speaker == speaker


def test_a_pronoun_after_another_speaker_takes_up_the_report_is_the_person_reported(nlp):
    text = ("The try was ruled out by referee Tom Dale. Referee Tom Dale said that Rhys Evans was tackled short, but "
            "the winger said he was dragged back - years later he exclaimed: \"I did score that try.\"")
    q = the_quote(quotes_of(nlp, text), "I did score")
    assert q.speaker == "Rhys Evans"


@pytest.mark.parametrize("text, opening, speaker, mention", [
    # A short form of the firm's full name, which the NER cuts or tags as a person.
    ("Carl IX Industries Inc said it plans a tender offer for a maker of control valves.\n\nCarl IX said it owns "
     "about 9.9 pct of the maker's shares.", "it owns", "Carl IX Industries Inc", "Carl IX"),
    # A firm named after two trades, before an apposition.
    ("Dayton Gas and Water Co, a unit of Dayton Industries Inc, said it will redeem 40 mln dlrs of bonds.",
     "it will redeem", "Dayton Gas and Water Co", "Dayton Gas and Water Co"),
])
def test_a_firm_is_named_in_full(nlp, text, opening, speaker, mention):
    q = the_quote(quotes_of(nlp, text), opening)
    assert (q.speaker, q.speaker_label, q.speaker_mention) == (speaker, "ORG", mention)


def test_they_down_a_chain_of_they_said_is_the_group_that_began_it(nlp):
    text = ("Bans were imposed at the ports of Sydney and Perth, shipping sources said.\n\nThey said dock unions "
            "imposed the bans late on Wednesday.\n\nOnly about 10 vessels are being delayed, they said.")
    q = the_quote(quotes_of(nlp, text), "Only about 10")
    assert (q.speaker, q.speaker_mention) == ("shipping sources", "they")


def test_pronoun_skips_a_person_whose_given_name_is_of_the_other_gender(nlp):
    text = ("Margaret Hollis, a nurse from Leeds, said the ward was short of staff. Robert Dunne, the "
            "manager, had warned of this. \"We cannot go on like this,\" she said.")
    q = the_quote(quotes_of(nlp, text), "We cannot go on")
    assert (q.speaker, q.speaker_mention) == ("Margaret Hollis", "she")


def test_pronoun_continues_a_chief_executive_named_in_apposition(nlp):
    text = ("Lumino Cruises is exploring the cards but has not committed to them.\n\n\"You want to be sure you can "
            "prove who you are in any port,\" Veritech's CEO, Joanna Pryce, told the programme. She said sailors "
            "from three countries would get the cards first.")
    q = the_quote(quotes_of(nlp, text), "sailors from")
    assert (q.speaker, q.speaker_mention) == ("Joanna Pryce", "She")


def test_a_one_word_firm_that_spoke_is_what_a_later_it_continues(nlp):
    text = ("Halvard Mining Corp said it expects approval of the mine in June.\n\nHalvard said the exploration drift "
            "has advanced 320 feet.\n\nIt said face samples indicate a grade of 1.05 ounces per ton.")
    quotes = quotes_of(nlp, text)
    drift, samples = the_quote(quotes, "the exploration drift"), the_quote(quotes, "face samples")
    assert (drift.speaker, drift.speaker_label, drift.speaker_mention) == ("Halvard Mining Corp", "ORG", "Halvard")
    assert (samples.speaker, samples.speaker_label, samples.speaker_mention) == ("Halvard Mining Corp", "ORG", "It")


def test_a_dateline_is_no_part_of_the_speaker(nlp):
    text = "LONDON - Members of the transport committee on Friday said the plan was a fraud."
    q = the_quote(quotes_of(nlp, text), "the plan was")
    assert q.speaker_mention == "Members of the transport committee"


def test_they_saying_continues_who_said_something_past_the_writers_sentence(nlp):
    text = ("Trade ministers will meet next week to set an agenda, Korean officials said.\n\nSenior Trade Envoys "
            "will attend. The meeting will be held in Lisbon, they said, but gave no other details.")
    q = the_quote(quotes_of(nlp, text), "The meeting will be held")
    assert (q.speaker, q.speaker_mention) == ("Korean officials", "they")


def test_a_passive_report_speaks_through_a_by_phrase_the_parse_hung_on_its_words(nlp):
    text = "His remarks have been described as \"reckless\" and \"divisive\" by the National Farmers Council (NFC)."
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.speaker_label) == ("National Farmers Council", "ORG")


# --- a sentence that ends with an abbreviation's period ---------------------------

@pytest.mark.parametrize("ending", [
    "Harlow Freight Corp.", "Belmont Foods Inc.", "Pryce Holdings Ltd.", "Danforth & Co.", "the U.S.",
    "Samuel Okafor Jr.", "9 a.m.", "11 p.m.", "rail, road, etc.",
])
def test_paragraph_ending_in_an_abbreviation_ends_its_sentence(nlp, ending):
    text = (f'"Volumes will recover," said Laura Pennington, speaking for {ending}\n\n'
            '"We have cut our costs by a third," she said.\n\n'
            '"The worst is behind us," said Victor Almeida, the finance director.\n')
    doc = nlp(text)
    paragraphs = text.split("\n\n")
    assert [s.text.strip() for s in doc.sents] == [p.strip() for p in paragraphs if p.strip()]
    quotes = quotes_of(nlp, text)
    assert [(q.text, q.speaker, q.quote_type) for q in quotes] == [
        ("Volumes will recover", "Laura Pennington", "direct"),
        ("We have cut our costs by a third", "Laura Pennington", "direct"),
        ("The worst is behind us", "Victor Almeida", "direct"),
    ]


@pytest.mark.parametrize("ending", ["Harlow Freight Corp.", "Belmont Foods Inc.", "the U.S.", "Samuel Okafor Jr."])
def test_speaker_phrase_before_a_paragraph_break_has_no_whitespace(nlp, ending):
    text = f'"Volumes will recover," said the head of {ending}\n\n"We have cut our costs," he said.\n'
    quotes = quotes_of(nlp, text)
    assert [(q.text, q.speaker_mention) for q in quotes] == [
        ("Volumes will recover", f"the head of {ending}"), ("We have cut our costs", "he")]
    assert quotes[1].speaker == quotes[0].speaker is not None


def test_unfinished_line_does_not_end_a_sentence(nlp):
    # A line break after a comma is a wrapped line, not a paragraph end: the parser decides.
    doc = nlp("Ministers said the plan was costly, slow,\nand unpopular with voters.\n")
    assert len(list(doc.sents)) == 1


def test_entity_stops_before_a_paragraph_break(nlp):
    doc = nlp("Rating agencies cut the debt of Harlow Freight Corp.\n\nS and P said margins were thin.\n")
    assert all(e.text == e.text.strip() for e in doc.ents)
    assert "Harlow Freight Corp." in [e.text for e in doc.ents]
    assert [s.text.strip() for s in doc.sents] == [
        "Rating agencies cut the debt of Harlow Freight Corp.", "S and P said margins were thin."]


def test_a_subject_the_parse_put_inside_the_claim_before_it_speaks(nlp):
    # The parse makes 'his lawyer' a conjunct inside what the agency claimed and leaves 'told'
    # without a subject: the claim ends before 'but', and the lawyer tells and adds.
    text = ("The agency claimed Mr Hale was one of the group's leaders but his lawyer, Ann Ruiz, told reporters "
            'it was a laughable suggestion and added: "He was living on welfare."')
    quotes = quotes_of(nlp, text)
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [
        ("Mr Hale was one of the group's leaders", "agency", "claimed"),
        ("it was a laughable suggestion", "Ann Ruiz", "told"),
        ("He was living on welfare.", "Ann Ruiz", "added")]


def test_quotes_without_a_speaker_join_no_cluster():
    # Two documents naming nobody ('A statement said', 'Reports suggest') are no one speaker.
    words = "The ferry will resume its crossings on Monday morning."
    items = [quote_clusters.QuoteItem("q1", None, "s1", "direct", words),
             quote_clusters.QuoteItem("q2", None, "s1", "direct", words)]
    out = {a.quote_id: (a.cluster_id, a.match) for a in quote_clusters.assign_clusters(items, [])}
    assert out == {"q1": ("q1", "founder"), "q2": ("q2", "founder")}


def test_an_indirect_quote_ending_in_a_percentage_keeps_its_sign(nlp):
    # spaCy counts '%' as punctuation; the trim at the claim's end must leave the figure's unit.
    text = ("Market figures put the browser's share at about 4% of users. However, other analysts say "
            "the figure is closer to 12%. The economist said growth would be between 2% and 4%.")
    indirect = [q.text for q in quotes_of(nlp, text) if q.quote_type == "indirect"]
    assert indirect == ["the figure is closer to 12%", "growth would be between 2% and 4%"]


def test_an_indirect_quote_still_ends_before_its_full_stop(nlp):
    text = "The minister said the deficit would fall to 12. Nobody else spoke."
    indirect = [q.text for q in quotes_of(nlp, text) if q.quote_type == "indirect"]
    assert indirect == ["the deficit would fall to 12"]

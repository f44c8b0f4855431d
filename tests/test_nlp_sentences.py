"""Sentences of the one spaCy pass (pipelines/core/nlp.py, real model): a title or subhead without a
full stop is a sentence of its own, so the quotes and claims of the sentence after it are that
sentence's. Names are made up."""
from __future__ import annotations

from tests.quote_text import quotes_of

_TITLED = ("Harlow Media profits jump on advertising\n\n"
           "\"We had our best year,\" said Harlow Media chief executive Mary Dunn on Tuesday.\n\n"
           "Profits rose 76% to $1.1bn in the three months to December.")


def test_a_title_without_a_full_stop_is_a_sentence_of_its_own(nlp):
    doc = nlp(_TITLED)
    assert [s.text.strip() for s in doc.sents] == [
        "Harlow Media profits jump on advertising",
        "\"We had our best year,\" said Harlow Media chief executive Mary Dunn on Tuesday.",
        "Profits rose 76% to $1.1bn in the three months to December."]
    assert [(q.text, q.speaker) for q in quotes_of(nlp, _TITLED)] == [("We had our best year", "Mary Dunn")]


def test_the_statement_after_a_title_keeps_its_speaker(nlp):
    text = ("Harlow Media shares slump 12%\n\nProfits at Harlow Media fell 30% to $1.1bn in the three months "
            "to December, chief executive Mary Dunn said.")
    assert [(q.text, q.speaker, q.quote_type) for q in quotes_of(nlp, text)] == [
        ("Profits at Harlow Media fell 30% to $1.1bn in the three months to December", "Mary Dunn", "indirect")]


def test_a_subhead_is_a_sentence_and_a_closing_quote_stays_with_its_sentence(nlp):
    text = ("The council met on Monday.\n\nShe told members: \"The budget is balanced.\"\n\n"
            "Rising costs\n\nAnalysts expect costs to rise by 4% next year.")
    assert [s.text.strip() for s in nlp(text).sents] == [
        "The council met on Monday.", "She told members: \"The budget is balanced.\"", "Rising costs",
        "Analysts expect costs to rise by 4% next year."]


def test_a_hard_wrapped_line_and_a_lower_case_paragraph_go_on(nlp):
    text = "The company said it would buy the\nAcme assets for 20 mln dlrs, and\n\nmore later.\n\nIt agreed."
    assert [s.text.strip() for s in nlp(text).sents] == [
        "The company said it would buy the\nAcme assets for 20 mln dlrs, and\n\nmore later.", "It agreed."]


def test_a_scale_full_stop_after_a_figure_ends_the_sentence(nlp):
    text = ("Shares in Harlow Media fell 4% after a NZ$212m. Harlow Media said it would close 30 stores. "
            "Sales reached $3.25T. \"We are pleased,\" said Mary Dunn.")
    assert [s.text.strip() for s in nlp(text).sents] == [
        "Shares in Harlow Media fell 4% after a NZ$212m.", "Harlow Media said it would close 30 stores.",
        "Sales reached $3.25T.", "\"We are pleased,\" said Mary Dunn."]
    assert [(q.text, q.speaker) for q in quotes_of(nlp, text)] == [
        ("it would close 30 stores", "Harlow Media"), ("We are pleased", "Mary Dunn")]


def test_a_scale_full_stop_before_lower_case_and_an_initial_after_a_number_go_on(nlp):
    text = "The fund lost 5m. in a year, and Route 9 M. Dunn said so."
    assert [s.text.strip() for s in nlp(text).sents] == [text]

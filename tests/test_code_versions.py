"""Code versions follow behaviour: a comment, docstring or layout edit keeps a stage's version,
a code or data edit changes it (on a copy of pipelines/core, hashed as the stages hash it)."""
from __future__ import annotations

import shutil

import pytest

from pipelines import code_versions
from pipelines.settings import DEFAULT_MODEL


@pytest.fixture
def core(tmp_path, monkeypatch):
    copy = tmp_path / "core"
    shutil.copytree(code_versions.CORE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code_versions, "CORE_DIR", copy)
    code_versions.nlp_version.cache_clear()
    yield copy
    code_versions.nlp_version.cache_clear()


def nlp_version() -> str:
    code_versions.nlp_version.cache_clear()
    return code_versions.nlp_version(DEFAULT_MODEL).version


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_comments_docstrings_and_layout_keep_the_version(core):
    before = nlp_version()
    quantities = core / "quantities.py"
    text = quantities.read_text(encoding="utf-8")
    # A comment edited, a comment and blank lines added, the module docstring reworded, a docstring added.
    first_comment = next(line for line in text.splitlines() if line.lstrip().startswith("# "))
    edit(quantities, first_comment, first_comment + " (reworded)\n# a new comment line\n\n")
    edit(quantities, '"""', '"""Reworded. ')
    attribution = core / "quotes" / "attribution.py"
    edit(attribution, "\ndef ", '\ndef _helper_added_for_the_test():\n    """Only a docstring."""\n\n\ndef ')
    after_docs = nlp_version()
    edit(attribution, '\ndef _helper_added_for_the_test():\n    """Only a docstring."""\n', "\ndef _helper_added_for_the_test():\n    pass\n")
    assert after_docs != before  # a new function is new code, even an empty one
    assert nlp_version() == after_docs  # ... but its docstring against a bare `pass` is no change


def test_a_comment_edit_keeps_and_a_code_edit_changes_the_version(core):
    before = nlp_version()
    quantities = core / "quantities.py"
    edit(quantities, "# Plural nouns", "# Nouns in the plural")
    assert nlp_version() == before
    edit(quantities, '"half": 2,', '"half": 3,')
    assert nlp_version() != before


def test_a_data_file_edit_changes_the_version(core):
    before = nlp_version()
    ranker = core / "quotes" / "speaker_ranker.json"
    ranker.write_text(ranker.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # data: byte for byte
    assert nlp_version() != before


def test_behaviour_drops_docstrings_not_strings():
    code = 'def f():\n    """doc"""\n    return "doc"  # why\n'
    assert code_versions.behaviour(code.encode()) == b"def f():\n    return 'doc'"
    assert code_versions.behaviour(b'X = """not a docstring"""\n') == b"X = 'not a docstring'"

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


@pytest.fixture
def behaviour_cache(tmp_path, monkeypatch):
    """A fresh cache folder, and no behaviour hashes remembered in this process."""
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(code_versions, "_known_behaviour", None)
    return tmp_path / "cache"


def direct_hashes(files) -> dict[str, str]:
    """What _file_hashes means, computed without any cache."""
    import hashlib

    return {str(p.relative_to(code_versions.CORE_DIR)): hashlib.sha256(
        code_versions.behaviour(p.read_bytes(), str(p)) if p.suffix == ".py" else p.read_bytes()).hexdigest()[:16]
        for p in files}


def test_remembered_behaviour_hashes_are_the_computed_ones(core, behaviour_cache, monkeypatch):
    files = code_versions._module_files(None)
    first = code_versions._file_hashes(files)
    assert first == direct_hashes(files)
    assert len(list((behaviour_cache / "code_behaviour").glob("*.json"))) == 1
    # Another process reads them back instead of parsing the sources again.
    monkeypatch.setattr(code_versions, "_known_behaviour", None)
    real_behaviour = code_versions.behaviour
    monkeypatch.setattr(code_versions, "behaviour", lambda *a: pytest.fail("parsed a known source again"))
    assert code_versions._file_hashes(files) == first
    # An edited source is a new key: its hash is computed, never taken from the old source's entry.
    monkeypatch.setattr(code_versions, "behaviour", real_behaviour)
    edit(core / "quantities.py", '"half": 2,', '"half": 3,')
    edited = code_versions._file_hashes(files)
    assert edited == direct_hashes(files) and edited["quantities.py"] != first["quantities.py"]
    assert {k for k in first if first[k] != edited[k]} == {"quantities.py"}


def test_an_unreadable_or_unwritable_cache_only_costs_the_computation(core, behaviour_cache, monkeypatch):
    files = code_versions._module_files(None)
    code_versions._file_hashes(files)
    (cache_file,) = (behaviour_cache / "code_behaviour").glob("*.json")
    cache_file.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(code_versions, "_known_behaviour", None)
    assert code_versions._file_hashes(files) == direct_hashes(files)
    blocker = behaviour_cache.parent / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(blocker))
    monkeypatch.setattr(code_versions, "_known_behaviour", None)
    assert code_versions._file_hashes(files) == direct_hashes(files)

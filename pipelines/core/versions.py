"""Article versions: when a new record is an edit of an article already loaded.

An edited article arrives as a new record (new content hash). It is the same article
when it has the same URL, comes from the same single-article source file, or has the
same publisher and title (these two only when the texts overlap, `same_story`: a file
name is reused for other articles, a title for a daily column); it then becomes a new
version that supersedes the old one
instead of a near-duplicate of itself. Syndicated copies (another outlet, another
file) do not match any of these and stay duplicates.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter

_WORD = re.compile(r"\S+")
MAX_DIFF_WORDS = 40_000


def version_keys(*, url: str | None, source_path: str, record_index: int | None,
                 publisher: str | None, title: str | None) -> list[tuple[str, str]]:
    """The identities of an article, strongest first: (kind, key)."""
    keys: list[tuple[str, str]] = []
    if url and url.strip():
        keys.append(("url", url.strip()))
    if record_index is None:  # one article per file: the file is the article
        keys.append(("source_path", source_path))
    if publisher and publisher.strip() and title and title.strip():
        keys.append(("publisher_title", f"{' '.join(publisher.lower().split())}|{' '.join(title.lower().split())}"))
    return keys


# Share of word 4-shingles two texts must have in common to be versions of one story when
# only their file or their publisher and title match.
SAME_STORY_MIN_OVERLAP = 0.3


def same_story(old_body: str, new_body: str, min_overlap: float = SAME_STORY_MIN_OVERLAP) -> bool:
    """True when two texts share enough word 4-shingles (Jaccard) to be one story edited."""
    old, new = _shingles(old_body), _shingles(new_body)
    return bool(old | new) and len(old & new) / len(old | new) >= min_overlap


def _shingles(text: str, size: int = 4) -> set[str]:
    words = text.lower().split()
    return {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}


def describe_changes(old_title: str | None, old_body: str, new_title: str | None, new_body: str,
                     max_examples: int = 5) -> dict:
    """What changed between two versions: words added/removed and a few changed passages."""
    old_words, new_words = _WORD.findall(old_body), _WORD.findall(new_body)
    if len(old_words) + len(new_words) > MAX_DIFF_WORDS:  # a word diff is quadratic: count only
        old_c, new_c = Counter(old_words), Counter(new_words)
        return {"title_changed": (old_title or "") != (new_title or ""),
                "words_added": sum((new_c - old_c).values()), "words_removed": sum((old_c - new_c).values()),
                "word_count": [len(old_words), len(new_words)], "changes": []}
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    added = removed = 0
    examples: list[dict] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed += i2 - i1
        added += j2 - j1
        if len(examples) < max_examples:
            examples.append({"old": " ".join(old_words[i1:i2])[:200], "new": " ".join(new_words[j1:j2])[:200]})
    return {
        "title_changed": (old_title or "") != (new_title or ""),
        "words_added": added,
        "words_removed": removed,
        "word_count": [len(old_words), len(new_words)],
        "changes": examples,
    }

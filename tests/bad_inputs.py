"""A corpus of inputs that once stopped a run, generated on the fly (nothing from /work/shared).

`write_bad_corpus(folder, limit)` writes every case and returns, per file name, the start of
the rejection reason expected for it (or None for files that must load). `limit` is the
article size limit the caller passes to ingest (NEWSETL_MAX_ARTICLE_BYTES).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

PARAGRAPH = ("Officials in the capital said on Tuesday that the new bridge would open next spring, "
             "about two years later than planned, after engineers found cracks in {n} of its supports.")


def genuine_article(paragraphs: int) -> str:
    """A long article whose paragraphs all differ (numbers change), so nothing in it repeats."""
    return "Bridge delayed again\n\n" + "\n\n".join(PARAGRAPH.format(n=i + 3) for i in range(paragraphs)) + "\n"


def deep_json(depth: int = 10_000) -> str:
    return "[" * depth + "]" * depth


def write_bad_corpus(folder: Path, limit: int) -> dict[str, str | None]:
    folder = folder.resolve()  # symlink targets must not depend on the working directory
    folder.mkdir(parents=True, exist_ok=True)
    good = json.dumps({"title": "Bridge delayed", "body": PARAGRAPH.format(n=4)})
    expected: dict[str, str | None] = {}

    (folder / "deep.json").write_text(deep_json(), encoding="utf-8")
    expected["deep.json"] = "malformed JSON: nested too deeply to parse (RecursionError)"

    (folder / "deep.jsonl").write_text("\n".join([good, '{"body": ' + deep_json() + "}",
                                                  json.dumps({"body": PARAGRAPH.format(n=5)})]) + "\n")
    expected["deep.jsonl#2"] = "malformed JSON on line 2: nested too deeply to parse (RecursionError)"

    os.symlink("/proc/self/mem", folder / "proc_mem.txt")  # stat says a file; reading fails with EIO
    expected["proc_mem.txt"] = "unreadable file"

    os.symlink(folder / "loop.txt", folder / "loop.txt")
    expected["loop.txt"] = "symlink loop"

    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    expected["dangling.txt"] = "broken symlink"

    (folder / "sub").mkdir()
    os.symlink(folder, folder / "sub" / "up")
    expected["up"] = "symlink loop: directory links back to"

    os.mkfifo(folder / "pipe.txt")  # reading it would block the run forever
    expected["pipe.txt"] = "not a regular file"

    article = genuine_article(3)
    (folder / "repeated.txt").write_text(article * (limit // len(article) + 2), encoding="utf-8")
    expected["repeated.txt"] = "too large: single-article file of"

    long_article = genuine_article(limit // 300)  # long, genuine, under the limit
    assert len(long_article.encode()) < limit
    (folder / "long_article.txt").write_text(long_article, encoding="utf-8")
    expected["long_article.txt"] = None

    big_line = json.dumps({"body": PARAGRAPH.format(n=6) * (limit // 100)})
    (folder / "big_line.jsonl").write_text("\n".join([good.replace("delayed", "late"), big_line,
                                                      json.dumps({"body": PARAGRAPH.format(n=7)})]) + "\n")
    expected["big_line.jsonl#2"] = "too large: article record of"

    body = PARAGRAPH.format(n=8) + " " + PARAGRAPH.format(n=9)
    (folder / "control.txt").write_text(body[:40] + "\x00" + body[40:90] + "\x07\x1b" + body[90:], encoding="utf-8")
    expected["control.txt"] = None

    (folder / "surrogate.jsonl").write_text('{"body": "' + PARAGRAPH.format(n=10) + ' \\ud800"}\n')
    expected["surrogate.jsonl#1"] = "failed to read record 1 of"
    return expected

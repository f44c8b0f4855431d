"""Newswire company marks: angle brackets around a company's name or its stock symbol.

Made plain in an offset-preserving text: the removed characters become `GONE` (same length, so
offsets into the record's text survive), and each removed span is returned with its rule for the
`cleaning_removals` table.
"""
from __future__ import annotations

import re

# Newswire marks a company by angle brackets around its name ('<Acme Corp> said'), and its stock
# symbol by angle brackets after the name ('Acme Corp <ACME> said'). Not markup: no attribute, no
# closing slash, no quotes; the content may wrap onto the next line of a hard-wrapped text.
_MARK = re.compile(r"<(?P<inner>[^<>\n=\"/!]{1,60}(?:\n[ ]*[^<>\n=\"/!]{1,60})?)>")
# A stock symbol: one token in one case, with an exchange suffix ('ACME', 'ACME.L', 'acme.St').
_SYMBOL = re.compile(r"(?:[A-Z0-9&-]+|[a-z0-9&-]+)(?:\.[A-Za-z]{1,3})*\.?")
# What ends a name just before a symbol: a capitalised word or an abbreviation ('Acme Corp', 'Acme S.A.').
_NAME_END = re.compile(r"(?:\b[A-Z][\w&'-]*\.?|\.)[ ]*$")
# A bracketed name starts with a capital, or with a figure and then a capitalised word (a street
# address, '<1st Acme Savings>'); a figure alone is no name ('<3 of them>').
_NAME_START = re.compile(r"[A-Z]|\d[\w&'.,/-]*\s+[A-Z]")
# A closing tag ('</em>') makes its opening one markup wherever it stands ('<em>', '<script>'), however
# much it looks like a symbol: such text is kept as written.
_CLOSING_TAG = re.compile(r"</\s*([A-Za-z][\w-]*)\s*>")
NAME_MARK_RULE, SYMBOL_MARK_RULE = "name_brackets", "stock_symbol"
GONE = "\x00"  # stands for a removed character in the offset-preserving text until a unit's text is made


def unmark_names(safe: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Newswire's company marks in an offset-preserving text made plain: a bracketed name keeps
    its name ('<Acme Corp> said' -> 'Acme Corp said'), a symbol after a name goes with the space
    before it ('Acme Corp <ACME>, which' -> 'Acme Corp, which'), and so does a symbol in lower case
    wherever it stands ('Acme said <acm> it' -> 'Acme said it': no name is written in lower case,
    so it is never a word of the sentence); a bracketed symbol in capitals elsewhere keeps its
    symbol ('its <ACME> unit', a name too). An element the text closes ('<em>...</em>') is markup,
    never a mark. The removed characters become GONE (same length:
    offsets survive); returns the text and each removed span (start, end, rule)."""
    spans: list[tuple[int, int, str]] = []
    closed = {tag.lower() for tag in _CLOSING_TAG.findall(safe)}
    for m in _MARK.finditer(safe):
        if not (inner := m["inner"].strip()) or inner.split()[0].lower() in closed:
            continue
        before = safe[safe.rfind("\n", 0, m.start()) + 1:m.start()].replace(GONE, "")
        symbol = _SYMBOL.fullmatch(inner)
        if symbol and (_NAME_END.search(before) or inner.split(".")[0].islower()):
            spans.append((m.start() - (len(before) - len(before.rstrip(" "))), m.end(), SYMBOL_MARK_RULE))
        elif symbol or _NAME_START.match(inner):
            spans += [(m.start(), m.start() + 1, NAME_MARK_RULE), (m.end() - 1, m.end(), NAME_MARK_RULE)]
    chars = list(safe)
    for start, end, _ in spans:
        chars[start:end] = GONE * (end - start)
    return "".join(chars), spans

"""Right-to-left runs put in visual order for a left-to-right page.

reportlab draws characters in the order it is given them, left to right. A Hebrew or
Arabic phrase inside a line of English must be drawn from its last character to its
first to read correctly, and PDF readers (and text extraction, which applies the bidi
algorithm to what is on the page) then give the phrase back in its typed order.

This is the part of the Unicode bidi algorithm a left-to-right document needs for
runs of right-to-left text: each maximal run that starts and ends with a right-to-left
letter (with spaces, punctuation and digits between) is reversed, keeping numbers and
combining marks with their characters and mirroring brackets. Limits, by design: no
Arabic letter joining (letters show their isolated forms), and a run longer than a line
wraps with its first line holding the run's end.
"""

from __future__ import annotations

import unicodedata

_STRONG_RTL = {"R", "AL"}
_INSIDE_RUN = {"R", "AL", "WS", "ON", "CS", "ES", "ET", "EN", "AN", "NSM", "BN"}
_NUMBER = {"EN", "AN"}
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _clusters(run: str) -> list[str]:
    """``run`` cut into characters, each with the combining marks that follow it."""
    out: list[str] = []
    for ch in run:
        if out and unicodedata.category(ch) in {"Mn", "Me"}:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _reverse_run(run: str) -> str:
    parts: list[str] = []
    for cluster in _clusters(run):
        is_number = unicodedata.bidirectional(cluster[0]) in _NUMBER
        if is_number and parts and _is_number(parts[-1]):
            parts[-1] += cluster  # digits keep their own left-to-right order
        else:
            parts.append(cluster)
    return "".join(reversed(parts)).translate(_MIRROR)


def _is_number(text: str) -> bool:
    return unicodedata.bidirectional(text[0]) in _NUMBER


def visual_order(line: str) -> str:
    """``line`` (one line, no breaks) with its right-to-left runs reversed for display."""
    if line.isascii() or not any(unicodedata.bidirectional(ch) in _STRONG_RTL for ch in line):
        return line
    classes = [unicodedata.bidirectional(ch) for ch in line]
    out: list[str] = []
    i = 0
    while i < len(line):
        if classes[i] not in _STRONG_RTL:
            out.append(line[i])
            i += 1
            continue
        last_strong = i
        j = i
        while j < len(line) and classes[j] in _INSIDE_RUN:
            if classes[j] in _STRONG_RTL or classes[j] in _NUMBER:
                last_strong = j  # numbers after right-to-left text belong to its run
            j += 1
        end = last_strong + 1
        while end < len(line) and classes[end] == "NSM":  # marks on the run's last letter
            end += 1
        out.append(_reverse_run(line[i:end]))
        i = end
    return "".join(out)

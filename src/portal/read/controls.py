"""Checks of editors' text that no schema pattern can say well: invisible controls that change
how the text AROUND a field reads.

Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reverse or
reorder what follows them up to the end of the paragraph, so one in a title could make the
country and year printed after it in the catalog read backwards (a known spoofing trick).
Spanish and English text never needs them. The right-to-left and left-to-right marks
(U+200F, U+200E) only affect neutral characters next to them and stay allowed, for names
written in Arabic or Hebrew script.
"""

from __future__ import annotations

import re

from portal.i18n import message
from portal.read.problems import Problem
from portal.read.validation import field_name
from portal.read.yamlload import Loaded, walk

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def control_problems(loaded: Loaded, rel: str) -> list[Problem]:
    problems = []
    for path, text in ((p, v) for p, v in walk(loaded.data) if isinstance(v, str)):
        found = BIDI_CONTROLS.search(text)
        if found:
            line, col = loaded.place(path)
            problems.append(Problem(rel, line, col, field_name(path), message(
                "check.bidi_control", char=f"U+{ord(found.group()):04X}")))
    return problems

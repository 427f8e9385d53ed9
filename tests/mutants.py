"""Mutants of the seed practice and the vocabularies, as Hypothesis strategies, for the
property-based tests of `make check` (tests/test_fuzz_check.py).

Each strategy draws (file path from the project root, mutated content, ...). To test what the
build makes of hostile files that `check` ACCEPTS, filter a strategy with `accepted_by(project)`:

    @given(mutant=typed_character_mutants().filter(accepted_by(project)))

(`project` is a copy of the project's practices; see test_fuzz_check.py's fixture.)
"""

from __future__ import annotations

import re
import unicodedata

from harness import ROOT
from hypothesis import strategies as st

from portal.model.catalog import Project
from portal.read.practices import check
from portal.read.problems import Problem, errors_of

SEED = "practices/peru-unidad-integracion-migratoria.yaml"
VOCABULARIES = ["practices/vocabularies/gcm.yaml", "practices/vocabularies/themes.yaml",
                "practices/vocabularies/populations.yaml"]
ORIGINAL = {rel: (ROOT / rel).read_bytes() for rel in [SEED, *VOCABULARIES]}

# Characters no editor means: each must be refused where it stands (C0 and C1 controls, DEL,
# noncharacters, line separators)...
REFUSED = [*map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]),
           "\u2028", "\u2029", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
# ...and unusual ones that may be accepted or refused, but never crash anything.
UNUSUAL = ["\t", "\r", "\u202e", "\u2066", "\u200b", "\u200f", "\ufeff", "\u00a0", "\u0301", "\U0001f600",
           "\\", '"', "'", ":", "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`", "-"]
ESCAPES = {r"\x7f": "U+007F", r"\x80": "U+0080", r"\0": "U+0000", r"\e": "U+001B", r"\x0c": "U+000C",
           r"\uFFFE": "U+FFFE", r"\uFDD0": "U+FDD0", r"\U0010FFFF": "U+10FFFF", r"\N": "U+0085",
           r"\L": "U+2028", r"\P": "U+2029", r"\a": "U+0007", r"\v": "U+000B", r"\x1b[31m": "U+001B"}
CONSTRUCTS = ["&a ", "*a", "!!str ", "!!binary ", "!x ", "? ", "--- ", "...\n", "\n---\n", "{a: b, c}",
              "[a, {b: c}]", "%YAML 1.1\n", "<<: {a: 1}\n", "!!python/object:os.system ", "\"", "'",
              "|", ">-", "- ", ": ", "#", "\n  ", "\n\t", "~", "null", ".nan", "-.inf", "0o17", "0x1F",
              "1_000", "1e400", "2016.0", "yes", "NO"]


def check_mutant(project: Project, rel: str, data: bytes) -> list[Problem]:
    """`check` with one file replaced by the mutant (every other file as shipped)."""
    for name, original in ORIGINAL.items():
        (project.root / name).write_bytes(data if name == rel else original)
    try:
        return check(project)[1]
    finally:
        (project.root / rel).write_bytes(ORIGINAL[rel])


def lines_of(data: bytes) -> list[str]:
    """The file's lines as an editor counts them: split at line feeds only."""
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def assert_well_formed(problems: list[Problem], files: dict[str, bytes]) -> None:
    known = {project_rel for project_rel in files}
    for p in problems:
        assert p.path in known or p.path.startswith("practices/"), p
        if p.path in files:
            lines = lines_of(files[p.path])
            assert 1 <= p.line <= max(1, len(lines)), (str(p), len(lines))
            width = len(lines[p.line - 1]) if lines else 0
            assert 1 <= p.col <= width + 1, (str(p), width)
        for text in (str(p), p.github()):
            hidden = [c for c in text if unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp")]
            assert not hidden, (text, hidden)
        assert p.github().startswith(("::error file=", "::warning file=")), p.github()


def place(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of a character of the text."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# --- Strategies ---------------------------------------------------------------------------------

targets = st.sampled_from([SEED, SEED, *VOCABULARIES])  # the seed twice as often


@st.composite
def byte_mutants(draw):
    rel = draw(targets)
    data = bytearray(ORIGINAL[rel])
    kind = draw(st.sampled_from(["flip", "truncate", "delete", "insert"]))
    i = draw(st.integers(0, len(data) - 1))
    if kind == "flip":
        data[i] = draw(st.integers(0, 255))
    elif kind == "truncate":
        del data[i:]
    elif kind == "delete":
        del data[i : i + draw(st.integers(1, 40))]
    else:
        data[i:i] = draw(st.binary(min_size=1, max_size=8))
    return rel, bytes(data)


@st.composite
def typed_character_mutants(draw):
    """(file, text, index of the inserted character, whether it must be refused there)."""
    rel = draw(targets)
    text = ORIGINAL[rel].decode("utf-8")
    i = draw(st.integers(0, len(text)))
    char = draw(st.sampled_from(REFUSED + UNUSUAL))
    return rel, text[:i] + char + text[i:], i, char in REFUSED


# Plain one-line values: "key: text" on its own line, and "es: text" inside a flow mapping.
_BLOCK_VALUE = re.compile(r"^[ ]*(?:- )?[a-z_]+: ([^|>{\[\"'\s#][^#{\n]*)$", re.M)
_FLOW_VALUE = re.compile(r"[{ ](?:key|es|en|n): ([^,{}\[\]\"'\n]+)(?=[,}])")


@st.composite
def escape_mutants(draw):
    """A one-line value rewritten in double quotes with an escape in it; the message must point
    at the opening quote."""
    rel = draw(targets)
    text = ORIGINAL[rel].decode("utf-8")
    values = [m.span(1) for m in _BLOCK_VALUE.finditer(text)] + [m.span(1) for m in _FLOW_VALUE.finditer(text)]
    start, end = draw(st.sampled_from(values))
    value = text[start:end]
    escape = draw(st.sampled_from(sorted(ESCAPES)))
    cut = draw(st.integers(0, len(value)))
    quoted = value[:cut].replace("\\", "\\\\").replace('"', '\\"') + escape + \
        value[cut:].replace("\\", "\\\\").replace('"', '\\"')
    return rel, f'{text[:start]}"{quoted}"{text[end:]}', place(text, start), ESCAPES[escape]


# Characters that are text inside a value: most of them keep the file valid.
TEXT_CHARS = ["\u200b", "\u200f", "\u00a0", "\u0301", "\U0001f600", "\ufeff", "&", "*", "%", "@", "`", "!",
              "<", ">", "{", "}", "[", "]", "(", ")", "\\", "_", "~", "|", "$", "=", "+"]


@st.composite
def value_mutants(draw):
    """Characters put inside a one-line value (after its first character): mostly accepted, so
    the files reach the generator. (file, text)."""
    rel = draw(targets)
    text = ORIGINAL[rel].decode("utf-8")
    values = [m.span(1) for m in _BLOCK_VALUE.finditer(text)] + [m.span(1) for m in _FLOW_VALUE.finditer(text)]
    start, end = draw(st.sampled_from([v for v in values if v[1] - v[0] > 1]))
    i = draw(st.integers(start + 1, end - 1))
    piece = "".join(draw(st.lists(st.sampled_from(TEXT_CHARS), min_size=1, max_size=4)))
    return rel, text[:i] + piece + text[i:]


@st.composite
def structure_mutants(draw):
    """YAML constructs, deep nesting and huge numbers put somewhere in a file."""
    rel = draw(targets)
    text = ORIGINAL[rel].decode("utf-8")
    kind = draw(st.sampled_from(["construct", "nesting", "number"]))
    if kind == "construct":
        piece = draw(st.sampled_from(CONSTRUCTS))
    elif kind == "nesting":
        depth = draw(st.integers(1, 60))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("- ", "")]))
        piece = opener * depth + "x" + closer * depth
    else:
        piece = draw(st.sampled_from(["", "-", "0x", "0o", "."])) + "9" * draw(st.integers(1, 6000)) + \
            draw(st.sampled_from(["", ".0", "e999", "e-999"]))
    # At the start of a line, after a key's ": ", or anywhere.
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    colons = [i + 2 for i in range(len(text) - 1) if text[i : i + 2] == ": "]
    i = draw(st.one_of(st.sampled_from(starts), st.sampled_from(colons), st.integers(0, len(text))))
    return rel, text[:i] + piece + text[i:]


def accepted_by(project: Project):
    """A predicate for strategy.filter(): the mutant's file passes `check` with no error."""
    def accepted(mutant) -> bool:
        rel, content = mutant[0], mutant[1]
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        return not errors_of(check_mutant(project, rel, data))
    return accepted

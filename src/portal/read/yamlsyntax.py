"""A YAML syntax error said as what to do, at the line where the mistake is.

PyYAML reports where its parser noticed a problem, in its own words ("mapping values are not
allowed in this context" for both a colon in unquoted text and a bad indent), often lines
after the mistake: an unclosed quote runs on to the next quote in the file, `status:ongoing`
is read as the start of a key that the parser gives up on two lines later. Here the error and
the text are read together to find the line an editor must change and say how, in Spanish and
English. Each diagnosis also carries a repaired text (the likely fix applied, or the faulty
line turned into a comment, so line numbers stay), which lets `check` report the rest of the
file's problems instead of stopping at the first syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from portal.i18n import message

# `key:value` with no space: YAML reads it as one plain text, not a field.
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s/])")
_BLOCK_NO_SPACE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:[|>]")
# `key: value` at the start of a line (a list item's first field too); group 2 starts the value.
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?[^\s#'\"{\[][^:#]*?:\s+)(\S.*)$")
# Characters YAML reserves at the start of a plain value.
_RESERVED_START = "@`%*&!|>"


@dataclass(frozen=True)
class Diagnosis:
    line: int
    col: int
    message: str
    repaired: str | None  # the text with the mistake fixed or neutralised; None: give up


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_indent(line: str) -> int:
    """Where the fields of a line start: after "- " for a list item's first field."""
    found = re.match(r"^(\s*-\s+)", line)
    return len(found.group(1)) if found else _indent(line)


def _meaningful(lines: list[str], before: int) -> list[int]:
    """Indexes (from 0) of the lines before `before` that hold YAML, nearest first."""
    return [i for i in range(before - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def _quoted(value: str) -> str:
    """A value as one YAML single-quoted text (a trailing comment is not part of it)."""
    value = re.sub(r"\s+#.*$", "", value).rstrip()
    return "'" + value.replace("'", "''") + "'"


def _tokens_before(text: str, line: int) -> list:
    """The scanner's tokens up to an error (the pure-Python scanner: marks in characters)."""
    tokens = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > line:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _with_line(lines: list[str], index: int, new: str) -> str:
    return "\n".join([*lines[:index], new, *lines[index + 1:]])


def _comment_out(lines: list[str], index: int) -> str:
    return _with_line(lines, index, "#")


def _unclosed_quote(text: str, lines: list[str], error) -> Diagnosis | None:
    """A quote opened and never closed on its line: the parser runs on to the next quote in
    the file (or to its end) and complains there."""
    start = None
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        start = error.context_mark
    else:
        # A quoted text that starts on an earlier line and ends where the parser complains.
        line = error.problem_mark.line
        for token in _tokens_before(text, line + 1):
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and token.start_mark.line < token.end_mark.line
                    and token.start_mark.line < line and token.end_mark.line in (line - 1, line)):
                start = token.start_mark
                break
    if start is None:
        return None
    index, quote = start.line, lines[start.line][start.column]
    repaired = _with_line(lines, index, lines[index].rstrip() + quote)
    return Diagnosis(index + 1, start.column + 1, message("yaml.unclosed_quote", quote=quote), repaired)


def _unclosed_flow(lines: list[str], error) -> Diagnosis | None:
    opener = {"while parsing a flow sequence": ("[", "]"), "while parsing a flow mapping": ("{", "}")}
    if error.context in opener and error.context_mark is not None:
        index, col = error.context_mark.line, error.context_mark.column
    else:  # e.g. at the end of the file: the innermost '[' or '{' that no token closed
        stack = []
        for token in _tokens_before("\n".join(lines), error.problem_mark.line + 1):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                stack.append(token.start_mark)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and stack:
                stack.pop()
        if not stack:
            return None
        index, col = stack[-1].line, stack[-1].column
    if index == error.problem_mark.line:
        return None  # on one line: a missing comma more likely than a missing bracket
    close = "]" if lines[index][col] == "[" else "}"
    return Diagnosis(index + 1, col + 1, message("yaml.unclosed_bracket", opener=lines[index][col], closer=close),
                     _with_line(lines, index, lines[index].rstrip() + close))


def _no_space(lines: list[str], index: int) -> Diagnosis | None:
    found = _NO_SPACE.match(lines[index])
    if not found:
        return None
    colon = found.end()
    return Diagnosis(index + 1, colon, message("yaml.no_space", key=found.group(2)),
                     _with_line(lines, index, lines[index][:colon] + " " + lines[index][colon:]))


def _colon_in_text(lines: list[str], index: int, col: int) -> Diagnosis | None:
    line = lines[index]
    found = _KEY_VALUE.match(line)
    if not found or found.start(2) >= col:
        return None
    return Diagnosis(index + 1, found.start(2) + 1, message("yaml.colon_in_text"),
                     _with_line(lines, index, found.group(1) + _quoted(found.group(2))))


def _reserved_start(lines: list[str], index: int, col: int) -> Diagnosis | None:
    line = lines[index]
    if col >= len(line) or line[col] not in _RESERVED_START:
        return None
    found = _KEY_VALUE.match(line)
    if not found or found.start(2) != col:
        return None
    return Diagnosis(index + 1, col + 1, message("yaml.reserved_start", char=line[col]),
                     _with_line(lines, index, found.group(1) + _quoted(found.group(2))))


def _indentation(lines: list[str], index: int) -> Diagnosis | None:
    """The line at `index` is indented where the parser expects none. Either it is indented too
    far, or the line above should have been indented under the field that opens a block."""
    if index >= len(lines) or not lines[index].strip():
        return None
    above = _meaningful(lines, index)
    if not above:
        return None
    # `key:value` (no space) is read as text, not as a field: the lines under it then look
    # badly indented. The missing space is the mistake.
    for candidate in (index, above[0]):
        found = _no_space(lines, candidate)
        if found:
            return found
    # `es:|` opens no text block: every line of the text below it looks misindented. Look up
    # through those lines, to the field at the start of a line.
    for candidate in above[:80]:
        if _BLOCK_NO_SPACE.match(lines[candidate]):
            return _no_space(lines, candidate)
        if _indent(lines[candidate]) == 0:
            break
    # Practice files indent by two spaces (the scaffold, the examples, the seed files): a line
    # at an odd indentation, this one or one above it in the same field, is the likely mistake.
    for candidate in [index, *above[:80]]:
        level = _indent(lines[candidate])
        if level % 2:
            return _odd(lines, candidate, index)
        if level == 0 and candidate != index:
            break
    here, prev = lines[index], lines[above[0]]
    if _indent(here) > _indent(prev) and len(above) > 1:
        opener = lines[above[1]]
        if opener.rstrip().endswith(":") and _indent(prev) <= _indent(opener):
            key = opener.strip()
            fixed = " " * _indent(here) + prev.lstrip()
            return Diagnosis(above[0] + 1, 1, message("yaml.indent_under", key=key, spaces=_indent(here)),
                             _with_line(lines, above[0], fixed))
    level = _content_indent(prev)
    fixed = " " * level + here.lstrip() if _indent(here) != level else None
    return Diagnosis(index + 1, _indent(here) + 1, message("yaml.indent_above"),
                     _with_line(lines, index, fixed) if fixed is not None else _comment_out(lines, index))


def _odd(lines: list[str], index: int, noticed: int) -> Diagnosis:
    """A line indented by an odd number of spaces: put it at the level of its neighbours."""
    level = _indent(lines[index])
    neighbours = [i for i in [*_meaningful(lines, index)[:1], *_after(lines, index)[:1]]
                  if _indent(lines[i]) % 2 == 0]
    # The level of the nearest neighbour at or below this one; else one step less.
    near = [_indent(lines[i]) for i in neighbours if abs(_indent(lines[i]) - level) == 1]
    fixed = near[0] if near else level - 1
    return Diagnosis(index + 1, level + 1, message("yaml.indent_odd", spaces=level, fixed=fixed),
                     _with_line(lines, index, " " * fixed + lines[index].lstrip(" ")))


def _after(lines: list[str], index: int) -> list[int]:
    return [i for i in range(index + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def explain(text: str, error: yaml.MarkedYAMLError) -> Diagnosis:
    lines = text.split("\n")
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Diagnosis(1, 1, message("yaml.syntax"), None)
    index = min(mark.line, len(lines) - 1)
    col = mark.column
    problem = error.problem or ""
    found = _unclosed_quote(text, lines, error) or _unclosed_flow(lines, error)
    if found:
        return found
    if problem == "could not find expected ':'" and error.context_mark is not None:
        found = _no_space(lines, error.context_mark.line)
        if found:
            return found
        key_line = error.context_mark.line
        return Diagnosis(key_line + 1, 1, message("yaml.missing_colon"), _comment_out(lines, key_line))
    if problem == "mapping values are not allowed in this context":
        found = _colon_in_text(lines, index, col) or _indentation(lines, index)
        if found:
            return found
    if problem == "found character that cannot start any token" or "alias" in (error.context or "") \
            or "anchor" in (error.context or ""):
        found = _reserved_start(lines, index, col)
        if found:
            return found
    if problem.startswith(("did not find expected key", "did not find expected '-' indicator",
                           "expected <block end>", "did not find expected <document start>")):
        found = _indentation(lines, index)
        if found:
            return found
    if problem.startswith("did not find expected ','"):
        if lines[index][col:col + 2] in (": ", ":"):
            # `{es: Título: ñ, en: …}`: the second ': ' ends nothing the parser expects.
            return Diagnosis(index + 1, col + 1, message("yaml.colon_in_text"),
                             _with_line(lines, index, lines[index][:col] + " " + lines[index][col + 1:]))
        return Diagnosis(index + 1, col + 1, message("yaml.missing_comma"), _comment_out(lines, index))
    return Diagnosis(index + 1, col + 1, message("yaml.check_line", problem=problem), _comment_out(lines, index))

"""The rest of a file's problems after a syntax error, so one `make check` shows them all.

The file is parsed again with the mistake fixed or its line turned into a comment (portal.
yamlsyntax gives that text); whatever else is found is reported too, marked as found after a
syntax error (a line turned into a comment can make a field look missing). Up to a few syntax
errors are passed this way; past them the editor fixes those first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from portal.i18n import message
from portal.read.problems import Problem
from portal.read.yamlload import Loaded, YamlError, YamlSyntaxError, _Lines, load

MAX_SYNTAX_ERRORS = 5


def after_syntax() -> str:
    """What is added to a problem found in a file's text once its syntax error was repaired."""
    return f" ({message('yaml.after_syntax')})"


def syntax_problems(first: YamlSyntaxError, rel: str, rest: Callable[[Loaded], list[Problem]],
                    original: str) -> list[Problem]:
    """The first syntax error, then every problem found in the repaired text, each at a place
    of the original text (a repair can make a line longer: quotes added)."""
    lines, after = _Lines(original), after_syntax()

    def at(p: Problem) -> Problem:
        line, col = lines.clamp(p.line, p.col)
        return dataclasses.replace(p, line=line, col=col, message=p.message + after)

    problems = [Problem(rel, first.line, first.col, "", first.message)]
    text = first.repaired
    for _ in range(MAX_SYNTAX_ERRORS):
        if text is None:
            break
        try:
            loaded = load(text.encode("utf-8"))
        except YamlSyntaxError as e:
            problems.append(at(Problem(rel, e.line, e.col, "", e.message)))
            text = e.repaired
            continue
        except YamlError as e:
            problems.append(at(Problem(rel, e.line, e.col, "", e.message)))
            break
        problems += [at(p) for p in rest(loaded)]
        break
    return sorted(set(problems))

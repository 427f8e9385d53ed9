"""Problems found in editors' files, and the two ways they are printed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from portal.i18n import message, plural


def shown(text: str) -> str:
    """Text as it may reach a terminal or a CI log: every control, format, separator, surrogate
    and unassigned character (ANSI escapes, line breaks, bidi overrides) as U+XXXX, so that no
    editor's value can recolour the terminal, start a new line, or start one that GitHub reads
    as a workflow command (`::error ...`)."""
    return "".join(f"U+{ord(c):04X}" if unicodedata.category(c) in _HIDDEN else c for c in text)


_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or, with ``warning=True``, worth a look) at a place in a file.

    ``path`` is relative to the project root, so messages can be pasted into an editor and
    GitHub can put annotations on the right line. ``line`` and ``col`` count from 1.
    """

    path: str
    line: int
    col: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{shown(self.path)}:{self.line}:{self.col}"
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self._text()}"

    @property
    def text(self) -> str:
        """The field and the message, without the place (the preview lists them by line)."""
        return self._text()

    def _text(self, escape=lambda text: text) -> str:
        return shown(escape(f"{self.field}: {self.message}" if self.field else self.message))

    def github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request's line."""
        level = "warning" if self.warning else "error"
        # Workflow commands end at a newline and treat % specially: escape them as GitHub documents
        # (and, inside a property such as file=, also the "," and ":" that separate properties);
        # then every other invisible character as U+XXXX.
        text = self._text(_escape_data)
        path = _escape_data(shown(self.path)).replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={path},line={self.line},col={self.col}::{text}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class ProblemsFound(Exception):
    """Raised when practices do not validate; carries every problem, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(report(self.problems))


def errors_of(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def summary(problems: list[Problem]) -> str:
    errors = errors_of(problems)
    counts = {"errors": plural("report.errors", len(errors)),
              "files": plural("report.files", len({p.path for p in errors}))}
    warnings = len(problems) - len(errors)
    if warnings:
        return message("report.summary_warnings", **counts, warnings=plural("report.warnings", warnings))
    return message("report.summary", **counts)


def report(problems: list[Problem]) -> str:
    return "\n".join([*(str(p) for p in sorted(problems)), summary(problems)])

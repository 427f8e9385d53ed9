"""Editors' messages are data (issue 11, item 5): every word `make check`, the build, `make new`
and `python -m portal` say lives under `messages:` in portal/i18n/<lang>.yaml, one file per
language with the same keys, and no message is left as a string in the package's Python.

(a) No string constant of src/portal (docstrings aside) holds a bilingual "es / en" text or
    Spanish: accented letters, ¿ ¡, or Spanish words no English message uses.
(b) Every key the code asks for (message, message_lines, texts, Phrase, plural) is in every
    language's file, and every key of the files is asked for.
(c) A key missing from en.yaml stops `make check` with the file and the key.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
import yaml
from harness import ROOT, copy_project, run_portal

from portal.i18n import EDITOR_LANGUAGES, MESSAGES, MissingText, template, texts

PACKAGE = ROOT / "src" / "portal"

BILINGUAL = re.compile(r"[a-záéíóúñ)] / [A-Za-z¿¡]")
SPANISH = re.compile(r"[áéíóúñÁÉÍÓÚÑ¿¡]|\b(?:el|los|las|del|una|está|para|ponga|quite|debe|falta)\b")

# Constants that may hold Spanish, by module and the top-level name (function, class or
# assignment) they stand in, and why.
ALLOWED = {
    # The messages about the language files themselves: they cannot come from those files.
    "i18n/__init__.py": {"Words", "_read", "words", "template"},
    # A regular expression (capital letters that start a Spanish sentence), not text.
    "pages/cards.py": {"_SENTENCE_END"},
    # A collation rule (which letter sorts after which), not text.
    "model/collation.py": {"_AFTER_ITS_BASE"},
    # Made-up practices for tests and benchmarks: sample data, never shown to an editor.
    "synthetic.py": {"WORDS_ES", "WORDS_PT", "practice"},
}

CALLS = {"message", "message_lines", "texts", "Phrase", "plural"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _top_level_name(node: ast.stmt) -> str:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return ""


def spanish_constants(source: str, rel: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant outside docstrings that reads as a message in
    Spanish or in both languages, but for the ALLOWED ones."""
    tree = ast.parse(source)
    docstrings, allowed = _docstrings(tree), ALLOWED.get(rel, set())
    found = []
    for statement in tree.body:
        if _top_level_name(statement) in allowed:
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and (BILINGUAL.search(node.value) or SPANISH.search(node.value)):
                found.append((node.lineno, node.value))
    return found


def test_no_message_is_left_in_python():
    left = [f"src/portal/{path.relative_to(PACKAGE).as_posix()}:{line}: {text[:80]!r}"
            for path in _modules()
            for line, text in spanish_constants(path.read_text(encoding="utf-8"),
                                                path.relative_to(PACKAGE).as_posix())]
    assert not left, "editors' messages go in portal/i18n/<lang>.yaml (messages:):\n" + "\n".join(left)


@pytest.mark.parametrize("code", [
    'raise ValueError(f"el archivo {name} no existe / file {name} does not exist")',
    'MESSAGE = "falta este campo obligatorio"',
    'def f():\n    return ("está vacío", "is empty")',
    'print("campo desconocido; ¿quiso decir x?")',
])
def test_a_message_put_back_in_python_is_found(code):
    assert spanish_constants(code, "read/checks.py")


def test_docstrings_comments_and_code_pass():
    code = ('"""Módulo: es / en."""\n'
            'def f(a, b):\n    """Devuelve a / b."""\n    return f"{a} / {b}", a / b  # división / division\n')
    assert spanish_constants(code, "read/checks.py") == []


def _keys_in_code() -> dict[str, str]:
    """Every key named in a call of CALLS -> where; plural() keys as their .one and .other."""
    keys = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in CALLS:
                continue
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for option in options:
                if isinstance(option, ast.Constant) and isinstance(option.value, str):
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                    for key in ([f"{option.value}.one", f"{option.value}.other"] if name == "plural"
                                else [option.value]):
                        keys[key] = where
    return keys


def _keys_in_file(lang: str) -> set[str]:
    data = yaml.safe_load((PACKAGE / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))[MESSAGES]

    def leaves(node, prefix=""):
        for key, value in node.items():
            if isinstance(value, dict):
                yield from leaves(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}"

    return set(leaves(data))


def test_every_key_the_code_asks_for_is_in_every_language():
    used = _keys_in_code()
    assert len(used) > 150  # the collector finds the calls
    missing = []
    for key, where in sorted(used.items()):
        for lang in EDITOR_LANGUAGES:
            try:
                template(lang, key)
            except MissingText as e:
                missing.append(f"{where}: {e}")
    assert not missing, "\n".join(missing)


def test_every_key_of_the_files_is_used_and_every_template_formats():
    used = set(_keys_in_code())
    for lang in EDITOR_LANGUAGES:
        keys = _keys_in_file(lang)
        assert not keys - used, f"{lang}.yaml: messages no code asks for: {sorted(keys - used)}"
        for key in keys:
            text = template(lang, key)
            assert isinstance(text, str), (lang, key)
            list(string.Formatter().parse(text))  # a stray { or } would stop a message at run time


def test_each_language_is_joined_in_order():
    assert texts("check.end_before_start", end=2010, start=2016) == [
        "2010 es anterior a start_year 2016", "2010 is before start_year 2016"]


def test_a_key_missing_from_a_language_stops_make_check(tmp_path):
    project = copy_project(tmp_path / "project")
    en = project / "src" / "portal" / "i18n" / "en.yaml"
    lines = en.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("end_before_start:"))
    en.write_text("\n".join(lines[:at] + lines[at + 1:]), encoding="utf-8")
    # The copy's package, not the installed one, is the one that runs.
    result = run_portal(project, "check", own_package=True)
    assert result.returncode != 0
    assert "portal/i18n/en.yaml" in result.stderr, result.stderr
    assert "'messages.check.end_before_start'" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr

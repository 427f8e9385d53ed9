"""Interface text: every word a reader or editor sees that comes from neither a practice nor a
vocabulary, in one file per language beside this module (es.yaml, en.yaml), with the same keys
in each (the model: Material's partials/languages/<lang>.html).

Templates read a language's words as `t.<key>`, Python as `words(lang)["key"]`. A key missing
from a file, or one that no file has, stops the build with the file and the key: no page is
ever published with a hole or a word of another language in it. Adding a language is one more
file here (its keys those of the default language's file), its entry in mkdocs.yml and the
vocabularies' labels.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).parent
DEFAULT = "es"  # the file every other language's keys are checked against


class MissingText(Exception):
    """A key of the interface text that a language's file lacks. Not a KeyError: templates
    would read that as an undefined value instead of stopping."""


def _file(lang: str) -> str:
    return f"portal/i18n/{lang}.yaml"


class Words(dict):
    """One language's words (or a group of them, such as `status`): a dict whose missing key
    raises MissingText naming the file and the key."""

    def __init__(self, data: dict, lang: str, prefix: str = ""):
        super().__init__({k: Words(v, lang, f"{prefix}{k}.") if isinstance(v, dict) else v
                          for k, v in data.items()})
        self.lang, self.prefix = lang, prefix

    def __missing__(self, key):
        raise MissingText(f"{_file(self.lang)}: falta la clave / missing key '{self.prefix}{key}'")

    def __getattr__(self, key):  # t.key in templates, when a key clashes with no dict method
        if key.startswith("__"):
            raise AttributeError(key)
        return self[key]


def _keys(data: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in data.items():
        out.add(prefix + str(key))
        if isinstance(value, dict):
            out |= _keys(value, f"{prefix}{key}.")
    return out


@cache
def _read(lang: str) -> dict:
    path = FOLDER / f"{lang}.yaml"
    if not path.is_file():
        raise MissingText(f"{_file(lang)}: no existe / does not exist")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise MissingText(f"{_file(lang)}: se esperaba un grupo de claves / expected a mapping of keys")
    return data


@cache
def words(lang: str) -> Words:
    """A language's words, once its keys are checked against the default language's."""
    data = _read(lang)
    if lang != DEFAULT:
        expected, found = _keys(_read(DEFAULT)), _keys(data)
        missing, extra = sorted(expected - found), sorted(found - expected)
        if missing:
            raise MissingText(f"{_file(lang)}: falta la clave / missing key "
                              + ", ".join(f"'{k}'" for k in missing))
        if extra:
            raise MissingText(f"{_file(lang)}: clave que {_file(DEFAULT)} no tiene / key not in "
                              f"{_file(DEFAULT)}: " + ", ".join(f"'{k}'" for k in extra))
    return Words(data, lang)


def files() -> list[Path]:
    """Every language's file (what the text of a page is made from)."""
    return sorted(FOLDER.glob("*.yaml"))

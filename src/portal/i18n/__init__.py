"""Interface text: every word a reader or editor sees that comes from neither a practice nor a
vocabulary, in one file per language beside this module (es.yaml, en.yaml, pt.yaml), with the
same keys in each (the model: Material's partials/languages/<lang>.html).

Templates read a language's words as `t.<key>`, Python as `words(lang)["key"]`. A key missing
from a file, or one that no file has, stops the build with the file and the key: no page is
ever published with a hole or a word of another language in it. Adding a language is one more
file here (its keys those of the default language's file), its entry in mkdocs.yml and the
vocabularies' labels.

What editors see (`make check`, the build's stop messages, `make new`, `python -m portal`) is
under `messages:` in the files of the languages practices must be written in (Spanish and
English: pt.yaml has no `messages`), as str.format templates with named fields, and is shown in
every language at once: `message("check.end_before_start", end=2010, start=2016)` gives
"2010 es anterior a start_year 2016 / 2010 is before start_year 2016". A value that itself
depends on the language is a `Phrase` (another message, or `plural` of one) or a `Localized`
(a function of the language, such as a country's name from CLDR).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from portal.model.practice import REQUIRED

FOLDER = Path(__file__).parent
DEFAULT = "es"  # the file every other language's keys are checked against
MESSAGES = "messages"  # the section of the editor languages' files that holds their messages
# What editors and data users read in every language at once (messages, the data package's
# titles): the languages every practice is written in. Only their files hold `messages`.
EDITOR_LANGUAGES = REQUIRED


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
        default = _read(DEFAULT)
        if lang not in EDITOR_LANGUAGES:  # a reader's language: no editors' messages
            default = {k: v for k, v in default.items() if k != MESSAGES}
        expected, found = _keys(default), _keys(data)
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


# --- Editors' messages ------------------------------------------------------------------------



class Phrase:
    """A message used as a value of another one (what a JSON type is called, a plural), put in
    each language's text in that language."""

    def __init__(self, key: str, /, **values):
        self.key, self.values = key, values

    def in_language(self, lang: str) -> str:
        return _format(lang, self.key, self.values)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r})"


def plural(key: str, n: int, /, **values) -> Phrase:
    """`key.one` when n is 1, else `key.other`, with `n` among its fields. Both languages of
    today count this way (CLDR's rule for es and en); a language with other plural forms would
    need more keys than the default language's file has, which words() refuses."""
    return Phrase(f"{key}.{'one' if n == 1 else 'other'}", n=n, **values)


class Localized:
    """A value that a function gives for each language (a country's name in that language)."""

    def __init__(self, get: Callable[[str], object]):
        self.get = get

    def in_language(self, lang: str) -> object:
        return self.get(lang)


def template(lang: str, key: str) -> str:
    """The text of messages.<key> in one language; MissingText names the file and the full key."""
    node = words(lang)[MESSAGES]
    for part in key.split("."):
        # A missing key raises MissingText with the file and the key.
        node = node[part] if isinstance(node, Words) else None
    if not isinstance(node, str):
        raise MissingText(f"{_file(lang)}: '{MESSAGES}.{key}' no es un texto / is not a text")
    return node


def _format(lang: str, key: str, values: dict) -> str:
    shown = {name: value.in_language(lang) if isinstance(value, (Phrase, Localized)) else value
             for name, value in values.items()}
    return template(lang, key).format(**shown)


def texts(key: str | Phrase, /, **values) -> list[str]:
    """A message in each language, Spanish first. `key` is a key under messages, or a Phrase
    (what plural() gives). Editors read the languages of the practices (LANGUAGES), so a third
    one's file would be joined too; with es and en that is the text editors have always read."""
    if isinstance(key, Phrase):
        key, values = key.key, {**key.values, **values}
    return [_format(lang, key, values) for lang in EDITOR_LANGUAGES]


def message(key: str | Phrase, /, **values) -> str:
    """A message as editors read it on one line: every language's text joined by " / "."""
    return " / ".join(texts(key, **values))


def message_lines(key: str | Phrase, /, **values) -> str:
    """A message with each language's text on a line of its own (the build's longer stops)."""
    return "\n".join(texts(key, **values))

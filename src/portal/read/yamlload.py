"""Strict YAML reading: one practice file's bytes to plain data plus where each value stands.

PyYAML's own loaders surprise editors (YAML 1.1 turns ``NO`` into False and ``2024-01-05``
into a date, keeps the last of two duplicate keys, expands alias bombs, reports byte offsets).
So we build the tree from the parser's events ourselves: anchors, aliases, tags and duplicate
keys are refused where they appear, before anything walks the data, and plain scalars are
resolved by the YAML 1.2 core schema (null, booleans, numbers; everything else stays the text
the editor wrote).

Every string the parser hands back, key or value, escaped (``"\x7f"``) or typed as is, is
checked for characters that no editor means and that break what is written from it (front
matter, feeds, terminals): C0 and C1 controls, DEL, noncharacters, lone surrogates and the
Unicode line separators. Positions count characters from 1, as an editor's status bar does:
we find raw characters ourselves, because PyYAML counts NEL, LS and PS as line breaks and its
C reader reports bytes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

from portal.i18n import message
from portal.read.yamlsyntax import Diagnosis, explain

try:  # The C parser is 5-10 times faster; the pure-Python one gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_BYTES = 256 * 1024
# Deeper than any file needs (institutions[0].name.es is 4 levels); keeps every walk of the data cheap.
MAX_DEPTH = 8
# Longer numerals are never a year or an objective, and Python refuses to print an int of
# 4,301+ digits: refused here, before anything converts or prints one.
MAX_DIGITS = 20
# No list or mapping of a practice or a vocabulary holds more (the schemas allow at most 60):
# a file of 60,000 list items is refused here at once, not walked by every check.
MAX_ITEMS = 100

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


# Never meant by an editor: C0 controls except tab and line feed (a carriage return is allowed
# only as half of a Windows line end, see _RAW_FORBIDDEN), DEL, C1 controls (NEL included),
# lone surrogates, noncharacters, and the Unicode line and paragraph separators (YAML and
# MkDocs' front matter read those as line breaks where an editor sees none).
_NONCHARACTERS = "".join(rf"\U{plane:04X}FFFE\U{plane:04X}FFFF" for plane in range(17))
_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u2028\u2029" + _NONCHARACTERS
_RAW_FORBIDDEN = re.compile(rf"[{_CLASS}]|\r(?!\n)")
_VALUE_FORBIDDEN = re.compile(rf"[{_CLASS}\r]")
# A key is one line: no tab or line feed either.
_LINE_FORBIDDEN = re.compile(rf"[{_CLASS}\r\t\n]")


def char_name(char: str) -> str:
    """How a character is shown in a message: U+XXXX, never the character itself."""
    return f"U+{ord(char):04X}"


class YamlError(Exception):
    """The file cannot be read as data at all; ``line`` and ``col`` count from 1."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class YamlSyntaxError(YamlError):
    """A syntax error; ``repaired`` is the text with it fixed or neutralised (or None), so the
    rest of the file can still be checked."""

    def __init__(self, line: int, col: int, message: str, repaired: str | None):
        super().__init__(line, col, message)
        self.repaired = repaired


@dataclass
class Loaded:
    data: object
    # Where each value starts, and where each mapping key starts, by path from the root.
    places: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_places: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def place(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The closest known place for a path: the path itself, else its nearest parent."""
        path = tuple(path)
        while True:
            if key and path in self.key_places:
                return self.key_places[path]
            if path in self.places:
                return self.places[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def resolve_plain(text: str) -> object:
    """YAML 1.2 core schema for an unquoted scalar."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    return text


def too_big(size: int, *, at_least: bool = False) -> YamlError:
    return YamlError(1, 1, message("yaml.too_big_at_least" if at_least else "yaml.too_big",
                                   size=size, limit=MAX_BYTES))


class Empty(YamlError):
    """A file with no data (nothing, or comments only)."""

    def __init__(self):
        super().__init__(1, 1, message("yaml.empty"))


def utf8_text(raw: bytes) -> str:
    """The bytes as text, or a YamlError at the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlError(line, col, message("yaml.not_utf8", byte=raw[e.start])) from None


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise too_big(len(raw))
    if raw.startswith(b"\xef\xbb\xbf"):  # A BOM, as some Windows editors write: harmless.
        raw = raw[3:]
    text = utf8_text(raw)
    found = _RAW_FORBIDDEN.search(text)
    if found:
        line, col = _Lines(text).place(found.start())
        raise YamlError(line, col, _forbidden_message(found.group()[0]))
    if not text.strip():
        raise Empty()
    for number, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlError(number, indent.index("\t") + 1, message("yaml.tab_indent"))
    return text


def _forbidden_message(char: str, *, typed: bool = True) -> str:
    if char in "\u2028\u2029":
        return message("yaml.line_separator", char=char_name(char))
    if char == "\r" and typed:  # as an escape ("\\r") it is one more control character
        return message("yaml.carriage_return", char=char_name(char))
    return message("yaml.forbidden", char=char_name(char))


class _Lines:
    """Line and column (from 1, in characters) of an offset in the text, counting only line
    feeds as line breaks (decode() has refused every other character YAML reads as one). A
    place past the last line, where the parser stops at the end of the file, is shown at the
    end of the last line, where an editor can put the cursor."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        if len(self.starts) > 1 and self.starts[-1] == len(text):
            self.starts.pop()  # the final line feed ends the last line; it starts none

    def place(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return self.clamp(line, offset - self.starts[line - 1] + 1)

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col - 1

    def clamp(self, line: int, col: int) -> tuple[int, int]:
        if line > len(self.starts):
            line = len(self.starts)
            col = len(self.line_text(line)) + 1
        return line, max(1, min(col, len(self.line_text(line)) + 1))

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end].removesuffix("\r")


def _mark(event) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


class _Builder:
    """Turns parser events into plain data, refusing what practice files never need."""

    def __init__(self, lines: _Lines, max_items: int) -> None:
        self.lines, self.max_items = lines, max_items
        self.loaded = Loaded(None)
        # Each frame: [container, path, pending key or None, {key: (line, col)}]
        self.stack: list[list] = []
        self.documents = 0

    def feed(self, event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(*_mark(event), message("yaml.alias", name=event.anchor))
        if getattr(event, "anchor", None):
            raise YamlError(*_mark(event), message("yaml.anchor", name=event.anchor))
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise YamlError(*_mark(event), message("yaml.tag", tag=_shown(tag)))
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlError(*_mark(event), message("yaml.second_document"))
        elif isinstance(event, yaml.MappingStartEvent):
            self._open({}, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self._open([], event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container = self.stack.pop()[0]
            self._value(container, None)
        elif isinstance(event, yaml.ScalarEvent):
            frame = self.stack[-1] if self.stack else None
            is_key = frame is not None and isinstance(frame[0], dict) and frame[2] is None
            self._check_text(event, key=is_key)
            if is_key:
                self._key(event)
            else:
                # The C parser gives plain scalars style '' and the Python one None.
                value = resolve_plain(self._numeral(event)) if not event.style else event.value
                self._value(value, event)

    def _check_text(self, event, *, key: bool) -> None:
        """Refuse a character no editor means in a value or key. decode() has refused every
        such character typed as is, so this one was written as an escape ("\\x7f"): it is
        reported at the start of its value. Tab and line feed are text in values (paragraphs
        of a summary); the schema refuses them in one-line fields such as ids, titles and
        addresses. A key is one line."""
        found = (_LINE_FORBIDDEN if key else _VALUE_FORBIDDEN).search(event.value)
        if not found:
            return
        char = found.group()
        line, col = self.lines.clamp(*_mark(event))
        if char in "\n\t":
            raise YamlError(line, col, message("yaml.line_break_in_key" if char == "\n" else "yaml.tab_in_key",
                                               char=char_name(char)))
        raise YamlError(line, col, _forbidden_message(char, typed=False))

    def _numeral(self, event) -> str:
        text = event.value
        if len(text) > MAX_DIGITS and (_INT.match(text) or _OCT.match(text) or _HEX.match(text)
                                       or _FLOAT.match(text)):
            raise YamlError(*_mark(event), message("yaml.long_number", digits=len(text)))
        return text

    def _child_path(self) -> Path:
        if not self.stack:
            return ()
        container, path, key, _ = self.stack[-1]
        return (*path, key) if isinstance(container, dict) else (*path, len(container))

    def _open(self, container, event) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
            raise YamlError(*_mark(event), message("yaml.key_not_text"))
        if len(self.stack) >= MAX_DEPTH:
            raise YamlError(*_mark(event), message("yaml.too_deep", limit=MAX_DEPTH))
        path = self._child_path()
        self.loaded.places[path] = _mark(event)
        self.stack.append([container, path, None, {}])

    def _key(self, event) -> None:
        container, path, _, seen = self.stack[-1]
        key = event.value
        if key in seen:
            line = seen[key][0]
            raise YamlError(*_mark(event), message("yaml.duplicate_key", key=_shown(key), line=line))
        seen[key] = _mark(event)
        self.stack[-1][2] = key
        self.loaded.key_places[(*path, key)] = _mark(event)

    def _value(self, value, event) -> None:
        if event is not None:
            self.loaded.places[self._child_path()] = _mark(event)
        if not self.stack:
            self.loaded.data = value
            return
        frame = self.stack[-1]
        if len(frame[0]) >= self.max_items:
            line, col = self.loaded.places[frame[1]]
            raise YamlError(line, col, message("yaml.too_many_items" if isinstance(frame[0], list)
                                               else "yaml.too_many_fields", limit=self.max_items))
        if isinstance(frame[0], dict):
            frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)


def _shown(text: str, limit: int = 60) -> str:
    """Editor's text inside a message: cut short, with anything invisible shown as U+XXXX."""
    text = text if len(text) <= limit else text[:limit] + "…"
    return "".join(char_name(c) if not c.isprintable() else c for c in text)


def load(raw: bytes, *, allow_empty: bool = False, max_items: int = MAX_ITEMS) -> Loaded:
    """Parse one file's bytes; raise YamlError with a line and column for anything refused.
    With ``allow_empty``, a file of comments only is the empty mapping (redirects.yaml, which
    also needs room for more lines than ``MAX_ITEMS``)."""
    try:
        text = decode(raw)
    except Empty:
        if allow_empty:
            return Loaded({})
        raise
    lines = _Lines(text)
    builder = _Builder(lines, max_items)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as e:
        # Said as what to do, at the line of the mistake (portal.read.yamlsyntax).
        try:
            found = explain(text, e)
        except Exception:  # noqa: BLE001 - a hint must never turn a located message into a traceback
            mark = e.problem_mark or e.context_mark
            found = Diagnosis(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                              message("yaml.syntax_detail", detail=e.problem or e.context), None)
        raise YamlSyntaxError(*lines.clamp(found.line, found.col), found.message, found.repaired) from None
    except yaml.YAMLError as e:  # the reader's own refusals; decode() refuses more, so rare
        raise YamlError(1, 1, message("yaml.error", detail=_shown(str(e), 200))) from None
    except YamlError as e:
        raise YamlError(*lines.clamp(e.line, e.col), e.message) from None
    if builder.loaded.data is None:
        if allow_empty:
            return Loaded({})
        raise Empty()
    return builder.loaded


def walk(node, path: tuple = ()):
    """Every node of loaded data with its path, parents before their children: the one walk
    of a practice's tree that the checks share (texts, strings)."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))

"""Strict YAML reading: one practice file's bytes to plain data plus where each value stands.

PyYAML's own loaders surprise editors (YAML 1.1 turns ``NO`` into False and ``2024-01-05``
into a date, keeps the last of two duplicate keys, expands alias bombs, reports byte offsets).
So we build the tree from the parser's events ourselves: anchors, aliases, tags and duplicate
keys are refused where they appear, before anything walks the data, and plain scalars are
resolved by the YAML 1.2 core schema (null, booleans, numbers; everything else stays the text
the editor wrote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # The C parser is 5-10 times faster; the pure-Python one gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_BYTES = 256 * 1024

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class YamlError(Exception):
    """The file cannot be read as data at all; ``line`` and ``col`` count from 1."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


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


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise YamlError(1, 1, f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit; "
                              "practice files hold summaries, not whole reports")
    if raw.startswith(b"\xef\xbb\xbf"):  # A BOM, as some Windows editors write: harmless.
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlError(line, col, f"invalid UTF-8 byte 0x{raw[e.start]:02x}; "
                                   "save the file with UTF-8 encoding") from None
    if not text.strip():
        raise YamlError(1, 1, "file is empty")
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlError(number, indent.index("\t") + 1,
                            "tab character in indentation; indent with spaces")
    return text


def _mark(event) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


class _Builder:
    """Turns parser events into plain data, refusing what practice files never need."""

    def __init__(self) -> None:
        self.loaded = Loaded(None)
        # Each frame: [container, path, pending key or None, {key: (line, col)}]
        self.stack: list[list] = []
        self.documents = 0

    def feed(self, event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(*_mark(event), f"alias *{event.anchor} is not allowed; write the value out")
        if getattr(event, "anchor", None):
            raise YamlError(*_mark(event), f"anchor &{event.anchor} is not allowed; write each value out")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise YamlError(*_mark(event), f"tag {tag} is not allowed; write plain values")
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlError(*_mark(event), "only one YAML document per file; remove the second '---'")
        elif isinstance(event, yaml.MappingStartEvent):
            self._open({}, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self._open([], event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container = self.stack.pop()[0]
            self._value(container, None)
        elif isinstance(event, yaml.ScalarEvent):
            frame = self.stack[-1] if self.stack else None
            if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                self._key(event)
            else:
                # The C parser gives plain scalars style '' and the Python one None.
                value = resolve_plain(event.value) if not event.style else event.value
                self._value(value, event)

    def _child_path(self) -> Path:
        if not self.stack:
            return ()
        container, path, key, _ = self.stack[-1]
        return (*path, key) if isinstance(container, dict) else (*path, len(container))

    def _open(self, container, event) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
            raise YamlError(*_mark(event), "a key must be plain text, not a list or mapping")
        path = self._child_path()
        self.loaded.places[path] = _mark(event)
        self.stack.append([container, path, None, {}])

    def _key(self, event) -> None:
        container, path, _, seen = self.stack[-1]
        key = event.value
        if key in seen:
            line = seen[key][0]
            raise YamlError(*_mark(event), f"duplicate key '{key}' (first given on line {line})")
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
        if isinstance(frame[0], dict):
            frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)


def load(raw: bytes) -> Loaded:
    """Parse one file's bytes; raise YamlError with a line and column for anything refused."""
    text = decode(raw)
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = e.problem or e.context or "cannot be read"
        raise YamlError(line, col, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as e:
        position = getattr(e, "position", None)
        if position is None:
            raise YamlError(1, 1, f"YAML error: {e}") from None
        before = text[:position]
        char = getattr(e, "character", None)
        code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        raise YamlError(before.count("\n") + 1, position - before.rfind("\n"),
                        f"control character {code} is not allowed; delete it") from None
    if builder.loaded.data is None:
        raise YamlError(1, 1, "file is empty")
    return builder.loaded

"""Editors' files as bytes, read without trusting what stands at a path.

practices/ arrives through pull requests: an entry named x.yaml may be a symbolic link (to
/etc/passwd, to a folder, to nothing), a folder, a FIFO (opening one for reading blocks for
ever) or a device (/dev/zero never ends). Only regular files are read, without following a
link, opened non-blocking, and never more than the size cap plus one byte: a file is refused
by what it is, and its content is never echoed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from portal.i18n import message
from portal.read.yamlload import MAX_BYTES, YamlError, too_big

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class Unreadable(YamlError):
    """A file that cannot be read as an editor's file; always at 1:1 (the file as a whole)."""

    def __init__(self, message: str):
        super().__init__(1, 1, message)


def _refusal(mode: int) -> str | None:
    if stat.S_ISLNK(mode):
        return message("files.symlink")
    if stat.S_ISDIR(mode):
        return message("files.folder")
    if not stat.S_ISREG(mode):
        return message("files.special")
    return None


def _os_error(e: OSError) -> Unreadable:
    if isinstance(e, FileNotFoundError):
        return Unreadable(message("files.missing"))
    if isinstance(e, PermissionError):
        return Unreadable(message("files.permission"))
    return Unreadable(message("files.unreadable", reason=e.strerror or type(e).__name__))


def read_capped(path: Path, root: Path, cap: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file under root; Unreadable (a YamlError at 1:1) for anything
    else, a YamlError for a file over the cap. No folder between root and the file may be a
    link either (a linked vocabularies/ would read another tree)."""
    try:
        for parent in path.parents:
            if parent == root or root not in parent.parents:
                break
            if parent.is_symlink():
                raise Unreadable(message("files.inside_link", name=parent.name))
        refused = _refusal(os.lstat(path).st_mode)
        if refused:
            raise Unreadable(refused)
        fd = os.open(path, _FLAGS)
    except OSError as e:
        raise _os_error(e) from None
    try:
        info = os.fstat(fd)
        refused = _refusal(info.st_mode)  # replaced between lstat and open
        if refused:
            raise Unreadable(refused)
        if info.st_size > cap:
            raise too_big(info.st_size)
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(fd, cap + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise _os_error(e) from None
    finally:
        os.close(fd)
    if size > cap:
        raise too_big(cap, at_least=True)
    return b"".join(chunks)

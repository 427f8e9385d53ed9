"""The built site is written into a fresh folder beside its target and swapped in whole.

A build that stops for any reason (killed, a --strict warning, Pagefind failing, a full disk)
leaves the previous site exactly as it was: MkDocs and the hooks write only into
`.<name>.staging-<pid>` next to the site folder, and only a complete site (pages of every
language, search indexes, citation and open data files, _headers) replaces it, in one atomic
step: on Linux renameat2(RENAME_EXCHANGE) exchanges the two folders; elsewhere two renames
leave a moment with no site, never a half one. Nothing is copied (renames only). The staging
folders of builds that died are removed by the next build.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from portal.build.output import display, write_error
from portal.i18n import message_lines

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # <linux/fs.h>


class SiteDirError(Exception):
    """The site folder cannot take a build; the message names the path, a line per language."""


def staging_name(target: Path, pid: int) -> str:
    return f".{target.name}.staging-{pid}"


def _pattern(target: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(target.name)}\.(?:staging|old)-(\d+)")


def is_serve_folder(path: Path) -> bool:
    """`mkdocs serve` builds into a temporary folder of its own (tempfile.mkdtemp, prefix
    mkdocs_), even when it says its command is `build` (serve --clean): no swap there."""
    return path.parent == Path(tempfile.gettempdir()) and path.name.startswith("mkdocs_")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove(path: Path) -> None:
    """Delete a folder of ours, never following a link (a link itself is unlinked)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path, ignore_errors=True)  # rmtree never follows links inside
    else:
        os.unlink(path)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove the staging folders that builds of `target` left when they died."""
    pattern, removed = _pattern(target), []
    try:
        names = os.listdir(target.parent)
    except FileNotFoundError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match and (int(match.group(1)) == os.getpid() or not _alive(int(match.group(1)))):
            remove(target.parent / name)
            removed.append(target.parent / name)
    return removed


def prepare(target: Path) -> Path:
    """A new, empty staging folder for `target` (an absolute path), after removing those of
    dead builds. Raises SiteDirError when the site cannot be built there."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise SiteDirError(write_error(e, where=display(target))) from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise SiteDirError(message_lines("build.site_link", path=display(target)))
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise SiteDirError(message_lines("build.site_not_folder", path=display(target)))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(target)
        staging = target.parent / staging_name(target, os.getpid())
        os.mkdir(staging, 0o755)
    except OSError as e:
        raise SiteDirError(write_error(e, where=display(target.parent))) from None
    return staging


def _load_renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    return function


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Exchange two folders atomically; False where the system cannot (then nothing moved)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system / kernel
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(staging: Path, target: Path) -> None:
    """Put the complete site in `staging` at `target`, then delete the previous one."""
    try:
        _swap(staging, target)
    except OSError as e:
        if e.errno in (errno.EBUSY, errno.EXDEV):
            raise SiteDirError(message_lines("build.mount_point", path=display(target))) from None
        raise


def _swap(staging: Path, target: Path) -> None:
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    if exchange(staging, target):
        remove(staging)  # now the previous site
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old, target)  # put the previous site back
        raise
    remove(old)

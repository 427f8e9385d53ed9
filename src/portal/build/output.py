"""Writing generated pages into the generator's own folders under docs/, and nowhere else.

A page is written only when its bytes change: `mkdocs serve` watches docs/, and rewriting
unchanged files made it rebuild in a loop (16 rebuilds in 18 s, measured).

Nothing here follows a symbolic link. `ln -s .. docs/temas` once made the orphan clean-up
delete every top-level file of the repository: each owned folder is now opened with
O_NOFOLLOW, and every write, rename and delete is done relative to that open folder
(`dir_fd`), so a link swapped in meanwhile is never followed either. A folder that is a link, or
that holds anything but regular files, stops the build before anything is written or deleted.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from portal.i18n import Phrase, message_lines

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


class UnsafeOutput(Exception):
    """An owned folder that the writer will not write into: a link, or not a plain folder of
    plain files. The message names the path, in every language (messages.build.unsafe)."""

    KINDS = {"link": Phrase("build.kind.link"), "folder": Phrase("build.kind.folder"),
             "special": Phrase("build.kind.special"), "file": Phrase("build.kind.file")}

    def __init__(self, path: Path, kind: str):
        self.path, self.kind = path, kind
        super().__init__(message_lines("build.unsafe", path=display(path), kind=self.KINDS[kind]))

    def __reduce__(self):  # raised in the background writer, pickled back to the build
        return UnsafeOutput, (self.path, self.kind)


class UnsafeName(ValueError):
    """A file name that would put a generated file outside its folder (the last guard: ids and
    redirects are checked before)."""


def display(path: Path | str) -> str:
    """A path as the person who ran the build typed it: relative to the working folder."""
    path = str(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("..") else relative


_REASONS = {errno.ENOSPC: Phrase("build.reason.no_space"), errno.EDQUOT: Phrase("build.reason.quota"),
            errno.EROFS: Phrase("build.reason.read_only"), errno.EACCES: Phrase("build.reason.denied"),
            errno.EPERM: Phrase("build.reason.not_permitted"),
            errno.ENOTDIR: Phrase("build.reason.not_folder")}


def write_error(error: OSError, *, where: str | None = None) -> str:
    """One plain line per language for a failed write (full disk, read-only folder...), naming
    the file when the system said which. `where` replaces the path when given. A reason this
    table lacks is the system's own words, the same in every language."""
    reason = _REASONS.get(error.errno, error.strerror or str(error))
    path = where or (display(error.filename) if error.filename else "")
    return message_lines("build.not_written", prefix=f"{path}: " if path else "", reason=reason)


def _split(owned: set[str], name: str) -> tuple[str, str]:
    """("folder", "file") of "folder/file", refusing any other place (ids are checked before,
    this is the last guard against a path that could escape docs/)."""
    parts = name.split("/")
    if len(parts) != 2 or parts[0] not in owned or parts[1] in ("", ".", "..") \
            or "\0" in parts[1] or "\\" in parts[1]:
        raise UnsafeName(f"refusing to write {name!r}: not a file directly in {sorted(owned)}")
    return parts[0], parts[1]


def _open_folder(path: Path, *, create: bool) -> int | None:
    """An fd of the folder at `path` itself, never of what a link there points to; None if
    it does not exist and is not needed."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return None
        os.mkdir(path)
        st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeOutput(path, "link")
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeOutput(path, "file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR):  # replaced by a link since lstat
            raise UnsafeOutput(path, "link") from None
        raise
    return fd


def _plain_files(fd: int, path: Path) -> set[str]:
    """Names of the folder's entries, all of which must be regular files."""
    names = set()
    with os.scandir(fd) as entries:
        for entry in entries:
            if entry.is_symlink():
                raise UnsafeOutput(path / entry.name, "link")
            if entry.is_dir(follow_symlinks=False):
                raise UnsafeOutput(path / entry.name, "folder")
            if not entry.is_file(follow_symlinks=False):
                raise UnsafeOutput(path / entry.name, "special")
            names.add(entry.name)
    return names


def _read(fd: int, name: str) -> bytes | None:
    try:
        handle = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
    except OSError:
        return None  # gone, or a link swapped in: rewritten below, never followed
    with os.fdopen(handle, "rb") as f:
        return f.read()


def _write(fd: int, name: str, data: bytes) -> None:
    """Write through a temporary file and rename it over `name`: a watcher never reads half a
    page, and a rename replaces a link instead of writing where it points."""
    tmp = f".{name}.tmp"
    try:
        os.unlink(tmp, dir_fd=fd)  # a leftover of a killed build
    except FileNotFoundError:
        pass
    handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644,
                     dir_fd=fd)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=fd)
        except OSError:
            pass
        raise


def sync(docs: Path, owned: Iterable[str], pages: dict[str, str]) -> WriteReport:
    """Make the owned folders of `docs` hold exactly `pages` ("folder/file" -> text):
    write what changed, delete orphans, leave everything else alone. Raises UnsafeOutput,
    before touching anything, if an owned folder is a link or holds anything but files."""
    owned = set(owned)
    report = WriteReport()
    wanted: dict[str, dict[str, bytes]] = {folder: {} for folder in owned}
    for name, text in pages.items():
        folder, file = _split(owned, name)
        wanted[folder][file] = text.encode("utf-8")
    fds: dict[str, int] = {}
    try:
        # Every folder is checked before the first write: a refusal leaves all of them as
        # they were.
        present: dict[str, set[str]] = {}
        for folder in sorted(owned):
            fd = _open_folder(docs / folder, create=bool(wanted[folder]))
            if fd is not None:
                fds[folder] = fd
                present[folder] = _plain_files(fd, docs / folder)
        for folder in sorted(fds):
            fd = fds[folder]
            for file, data in sorted(wanted[folder].items()):
                if file in present[folder] and _read(fd, file) == data:
                    report.unchanged += 1
                    continue
                _write(fd, file, data)
                report.written.append(f"{folder}/{file}")
            for file in sorted(present[folder] - set(wanted[folder])):
                try:
                    os.unlink(file, dir_fd=fd)  # removes a link itself, never its target
                except FileNotFoundError:
                    continue
                report.deleted.append(f"{folder}/{file}")
    finally:
        for fd in fds.values():
            os.close(fd)
    report.written.sort()
    return report


def update(docs: Path, owned: Iterable[str], pages: dict[str, str]) -> list[str]:
    """Write those of `pages` whose bytes changed into the owned folders of `docs`, deleting
    nothing (the preview's saves: the other pages stay as the last full build wrote them).
    The same refusals as sync(): no link followed, nothing but plain files."""
    owned = set(owned)
    wanted: dict[str, dict[str, bytes]] = {}
    for name, text in pages.items():
        folder, file = _split(owned, name)
        wanted.setdefault(folder, {})[file] = text.encode("utf-8")
    written, fds = [], {}
    try:
        for folder in sorted(wanted):
            fds[folder] = _open_folder(docs / folder, create=True)
            _plain_files(fds[folder], docs / folder)
        for folder, files in sorted(wanted.items()):
            for file, data in sorted(files.items()):
                if _read(fds[folder], file) != data:
                    _write(fds[folder], file, data)
                    written.append(f"{folder}/{file}")
    finally:
        for fd in fds.values():
            if fd is not None:
                os.close(fd)
    return written


# --- Files written into the built site -------------------------------------------------------


def _open_child(parent_fd: int, name: str, shown: Path) -> int:
    """An fd of the folder `name` inside `parent_fd`, made if missing; never a link's target."""
    try:
        os.mkdir(name, 0o755, dir_fd=parent_fd)
    except FileExistsError:
        pass
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent_fd)
    except OSError as e:
        if e.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        # Linux answers ENOTDIR for a link too (O_DIRECTORY is checked first): tell which.
        is_link = stat.S_ISLNK(os.lstat(name, dir_fd=parent_fd).st_mode)
        raise UnsafeOutput(shown, "link" if is_link else "file") from None


def write_files(root: Path, folder: str, files: dict[str, bytes]) -> list[Path]:
    """Write `files` (name -> bytes) into root/folder ("" for root itself, else names joined by
    "/"), making the folders. No part of the path may be empty, "." or "..", or a link, and a
    link already at a file's place is replaced, not followed: nothing lands outside `root`."""
    parts = folder.split("/") if folder else []
    for part in [*parts, *files]:
        if part in ("", ".", "..") or "/" in part or "\0" in part:
            raise UnsafeName(f"refusing to write {folder!r}/{part!r} into the site")
    # `root` is the build's own folder (the site, or a language's part of it, which MkDocs may
    # not have made yet); it must not be a link either.
    os.makedirs(root, exist_ok=True)
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(root):
            raise UnsafeOutput(Path(root), "link") from None
        raise
    try:
        shown = Path(root)
        for part in parts:
            shown = shown / part
            child = _open_child(fd, part, shown)
            os.close(fd)
            fd = child
        for name, data in files.items():
            try:  # a link here is removed itself; O_NOFOLLOW below refuses one swapped in
                if stat.S_ISLNK(os.lstat(name, dir_fd=fd).st_mode):
                    os.unlink(name, dir_fd=fd)
            except FileNotFoundError:
                pass
            try:
                handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW | _CLOEXEC,
                                 0o644, dir_fd=fd)
            except OSError as e:
                if e.errno == errno.ELOOP:
                    raise UnsafeOutput(shown / name, "link") from None
                raise OSError(e.errno, e.strerror, str(shown / name)) from None
            try:
                with os.fdopen(handle, "wb") as f:
                    f.write(data)
            except OSError as e:  # a full disk: say which file
                raise OSError(e.errno, e.strerror, str(shown / name)) from None
    finally:
        os.close(fd)
    return [Path(root, *parts, name) for name in files]

"""A MkDocs hook that tests/test_faults.py adds to a project copy's mkdocs.yml, after the
project's own: it stops a build at a chosen point, so that the test kills it there, or makes
MkDocs' writes fail as a full disk does. PORTAL_FAULT says what, PORTAL_FAULT_MARK is the
file it writes when the point is reached (the test waits for it, never for a time)."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

from mkdocs import utils

import portal.build.site_files  # loaded by the project's hooks.py before this hook

FAULT = os.environ.get("PORTAL_FAULT", "")
MARK = os.environ.get("PORTAL_FAULT_MARK", "")


def _reached(what: str) -> None:
    Path(MARK).write_text(f"{what} {os.getpid()}\n", encoding="utf-8")


def _block() -> None:
    while True:  # until the test kills the build
        signal.pause()


if FAULT == "reuse":
    _write_all = portal.build.site_files.write_all

    def _stalled_write_all(*args):
        # In the background writer: its files are written, then it hangs as a stuck writer.
        _write_all(*args)
        _reached("reuse")
        _block()

    portal.build.site_files.write_all = _stalled_write_all

if FAULT == "enospc":
    _write_file = utils.write_file
    _count = [0]

    def _full_disk(content, output_path):
        _count[0] += 1
        if _count[0] > 5:  # a few pages fit, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)
        _write_file(content, output_path)

    utils.write_file = _full_disk

if FAULT == "erofs":
    import portal.build.staging

    def _read_only(staged, target):  # the site's file system has become read-only
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(target))

    portal.build.staging.swap = _read_only


def on_page_markdown(markdown, page, config, **kwargs):
    if FAULT == f"page-{config.theme['language']}":
        _reached(FAULT)
        _block()
    return markdown

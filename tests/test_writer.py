"""The writers never follow a link and never leave half of anything: output.sync (generated
pages in docs/) and portal.build.staging (the built site swapped in whole)."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest

from portal.build import output, staging
from portal.build.output import UnsafeOutput, sync, write_files

OWNED = ("practicas", "temas")
PAGES = {"practicas/a.es.md": "A", "practicas/b.es.md": "B", "temas/t.es.md": "T"}


def tree(root) -> dict[str, bytes]:
    """Every file under root (links listed, not followed) and its bytes or link target."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = b"-> " + os.fsencode(os.readlink(path))
            elif os.path.isfile(path):
                out[rel] = open(path, "rb").read()
    return out


@pytest.fixture
def repo(tmp_path):
    """A repository-like folder: top-level files, docs/ with a hand-written page."""
    (tmp_path / "README.md").write_text("readme", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("home", encoding="utf-8")
    return tmp_path


def test_sync_writes_changes_keeps_the_rest_and_deletes_orphans(repo):
    docs = repo / "docs"
    first = sync(docs, OWNED, PAGES)
    assert first.written == sorted(PAGES) and first.deleted == []
    (docs / "practicas" / "old.es.md").write_text("gone", encoding="utf-8")
    second = sync(docs, OWNED, {**PAGES, "practicas/a.es.md": "A2"})
    assert second.written == ["practicas/a.es.md"] and second.unchanged == 2
    assert second.deleted == ["practicas/old.es.md"]
    assert (docs / "practicas" / "a.es.md").read_text(encoding="utf-8") == "A2"
    assert (docs / "index.md").read_text(encoding="utf-8") == "home"


@pytest.mark.parametrize("link_to", ["..", "../..", "."])
def test_a_generated_folder_that_is_a_link_stops_with_its_path_and_touches_nothing(repo, link_to):
    # `ln -s .. docs/temas` used to delete every top-level file of the repository.
    docs = repo / "docs"
    (docs / "temas").symlink_to(link_to)
    before = tree(repo)
    with pytest.raises(UnsafeOutput) as caught:
        sync(docs, OWNED, PAGES)
    message = str(caught.value)
    assert "temas" in message
    assert "enlace simbólico" in message and "symbolic link" in message
    assert tree(repo) == before  # not even practicas/, checked first in order, was created


@pytest.mark.parametrize("kind", ["link", "dangling link", "folder", "fifo", "socket"])
def test_anything_but_a_plain_file_inside_a_generated_folder_stops_the_build(repo, kind):
    docs = repo / "docs"
    sync(docs, OWNED, PAGES)
    odd = docs / "practicas" / "odd.es.md"
    if kind == "link":
        odd.symlink_to(repo / "README.md")
    elif kind == "dangling link":
        odd.symlink_to(repo / "nowhere")
    elif kind == "folder":
        odd.mkdir()
        (odd / "inside").write_text("x", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(odd)
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(odd))
        sock.close()
    before = tree(repo)
    with pytest.raises(UnsafeOutput) as caught:
        sync(docs, OWNED, {name: text + "changed" for name, text in PAGES.items()})
    assert "odd.es.md" in str(caught.value)
    assert tree(repo) == before  # the README the link points to is neither deleted nor written


def test_a_generated_folder_that_is_a_file_is_refused(repo):
    (repo / "docs" / "temas").write_text("not a folder", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match="not a folder"):
        sync(repo / "docs", OWNED, PAGES)


def test_a_page_name_outside_the_owned_folders_is_refused(repo):
    for name in ("../x.md", "practicas/../../x.md", "otra/x.md", "practicas/..", "x.md"):
        with pytest.raises(ValueError):
            sync(repo / "docs", OWNED, {name: "x"})
    assert tree(repo / "docs") == {"index.md": b"home"}


def test_a_full_disk_leaves_the_previous_page_and_no_temporary_file(repo, monkeypatch):
    docs = repo / "docs"
    sync(docs, OWNED, PAGES)
    before = tree(docs)
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.file = real_fdopen(handle, "wb")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fdopen",
                        lambda handle, mode="r": Full(handle) if "w" in mode else real_fdopen(handle, mode))
    with pytest.raises(OSError) as caught:
        sync(docs, OWNED, {**PAGES, "practicas/a.es.md": "A2"})
    assert caught.value.errno == errno.ENOSPC
    assert tree(docs) == before
    message = output.write_error(caught.value, where="docs/practicas/a.es.md")
    assert message.splitlines() == [
        "docs/practicas/a.es.md: no se pudo escribir: no queda espacio en el disco.",
        "docs/practicas/a.es.md: could not write: no space left on the device."]


def test_swap_replaces_the_site_whole_and_removes_the_previous_one(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old", encoding="utf-8")
    folder = staging.prepare(target)
    assert folder.parent == tmp_path and folder.name == f".site.staging-{os.getpid()}"
    (folder / "index.html").write_text("new", encoding="utf-8")
    staging.swap(folder, target)
    assert tree(target) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_without_a_previous_site(tmp_path):
    target = tmp_path / "new" / "site"
    folder = staging.prepare(target)
    (folder / "index.html").write_text("new", encoding="utf-8")
    staging.swap(folder, target)
    assert tree(target) == {"index.html": b"new"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["site"]


def test_the_exchange_is_atomic_on_linux(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").touch()
    (b / "from-b").touch()
    assert staging.exchange(a, b)
    assert [p.name for p in a.iterdir()] == ["from-b"] and [p.name for p in b.iterdir()] == ["from-a"]


def test_staging_folders_of_dead_builds_are_removed_and_live_ones_kept(tmp_path):
    target = tmp_path / "site"
    dead = tmp_path / ".site.staging-999999999"  # above any pid_max
    live = tmp_path / f".site.staging-{os.getppid()}"
    other = tmp_path / ".other.staging-999999999"
    for folder in (dead, live, other):
        (folder / "practicas").mkdir(parents=True)
    (dead / "link").symlink_to(tmp_path / "keep")
    (tmp_path / "keep").write_text("kept", encoding="utf-8")
    folder = staging.prepare(target)
    assert not dead.exists() and live.is_dir() and other.is_dir()
    assert (tmp_path / "keep").read_text(encoding="utf-8") == "kept"
    assert folder.is_dir() and not any(folder.iterdir())


def test_a_site_folder_that_is_a_link_or_a_file_is_refused(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real")
    with pytest.raises(staging.SiteDirError, match="symbolic link"):
        staging.prepare(tmp_path / "site")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(staging.SiteDirError, match="not a folder"):
        staging.prepare(tmp_path / "file")
    with pytest.raises(staging.SiteDirError, match="not a folder"):
        staging.prepare(tmp_path / "file" / "site")  # its parent is a file


def test_files_of_the_built_site_never_go_through_a_link(tmp_path):
    # Citation files, redirects, feeds, open data and _headers are written with write_files.
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (outside / "feed.xml").write_text("mine", encoding="utf-8")
    (site / "practicas").symlink_to(outside)
    (site / "feed.xml").symlink_to(outside / "feed.xml")
    with pytest.raises(UnsafeOutput, match="symbolic link"):
        write_files(site, "practicas/x", {"x.bib": b"@misc{}"})
    written = write_files(site, "", {"feed.xml": b"<feed/>"})
    assert written == [site / "feed.xml"]
    assert not (site / "feed.xml").is_symlink() and (site / "feed.xml").read_bytes() == b"<feed/>"
    assert tree(outside) == {"feed.xml": b"mine"}


@pytest.mark.parametrize("folder, name", [
    ("../outside", "x.html"), ("practicas/../..", "x.html"), ("/abs", "x"), ("practicas", ".."),
    ("practicas//x", "x"), ("", "../x"), ("practicas", "a/b")])
def test_files_of_the_built_site_stay_inside_it(tmp_path, folder, name):
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(ValueError):
        write_files(site, folder, {name: b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"] and not any(site.iterdir())


def test_a_full_disk_names_the_file_of_the_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()

    def full(handle, mode="r"):
        os.close(handle)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fdopen", full)
    with pytest.raises(OSError) as caught:
        write_files(site, "datos", {"practicas.csv": b"a,b"})
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(site / "datos" / "practicas.csv")


def test_the_temporary_folder_of_mkdocs_serve_is_never_staged(tmp_path):
    import tempfile
    served = Path(tempfile.mkdtemp(prefix="mkdocs_"))
    try:
        assert staging.is_serve_folder(served)
    finally:
        served.rmdir()
    assert not staging.is_serve_folder(tmp_path / "site")
    assert not staging.is_serve_folder(Path(tempfile.gettempdir()) / "site")


def test_a_site_folder_that_cannot_be_renamed_says_so(tmp_path, monkeypatch):
    target = tmp_path / "site"
    target.mkdir()
    folder = staging.prepare(target)

    def busy(a, b):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(staging, "exchange", busy)
    with pytest.raises(staging.SiteDirError, match="mount point"):
        staging.swap(folder, target)
    assert target.is_dir() and folder.is_dir()

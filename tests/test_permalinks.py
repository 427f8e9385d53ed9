"""Permanent URLs: renaming a practice without a redirect is caught by `check` (and stops the
build); with the redirect, the old URLs keep answering."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from urllib.parse import urljoin

import bibtexparser
import lxml.html
from harness import ROOT, SEED_ID, build_site, copy_project, run_portal, serve

from portal.data.permalinks import MANIFEST, read_manifest
from portal.model.practice import LANGUAGES, language_prefix

NEW_ID = "peru-integracion-migratoria"


def rename_seed(project):
    old = project / "practices" / f"{SEED_ID}.yaml"
    text = old.read_text(encoding="utf-8").replace(f"id: {SEED_ID}\n", f"id: {NEW_ID}\n", 1)
    (project / "practices" / f"{NEW_ID}.yaml").write_text(text, encoding="utf-8")
    old.unlink()


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url) as response:
        return response.status, response.read().decode("utf-8")


def test_renaming_a_practice_needs_a_redirect_and_then_old_urls_keep_working(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / MANIFEST, project / MANIFEST)
    rename_seed(project)

    # Without a redirect: `make check` points at the first manifest line of the old id.
    result = run_portal(project, "check")
    assert result.returncode == 1
    line, url = next((n, url) for n, url in read_manifest(project)
                     if f"/practicas/{SEED_ID}/" in url)
    assert (f"{MANIFEST}:{line}:1: {url} se publicó pero la práctica '{SEED_ID}' ya no existe: si se "
            f"renombró, añada `{SEED_ID}: <id nuevo>` a redirects.yaml") in result.stderr
    assert (f"{url} was published but practice '{SEED_ID}' no longer exists: if it was renamed, add "
            f"`{SEED_ID}: <new id>` to redirects.yaml") in result.stderr
    # ...and the build stops with the same message instead of publishing a broken link.
    failed = build_site(project, tmp_path / "broken", check=False)
    assert failed.returncode != 0 and f"'{SEED_ID}' no longer exists" in failed.stdout + failed.stderr

    # A redirect to a practice that does not exist is reported at its line.
    (project / "redirects.yaml").write_text(f"# renames\n{SEED_ID}: no-such-practice\n",
                                            encoding="utf-8")
    result = run_portal(project, "check")
    assert result.returncode == 1
    assert f"redirects.yaml:2:1: {SEED_ID}: redirige a 'no-such-practice', que no es una práctica" \
        in result.stderr
    assert "/ redirect to 'no-such-practice', which is not a practice" in result.stderr

    (project / "redirects.yaml").write_text(f"# renames\n{SEED_ID}: {NEW_ID}\n", encoding="utf-8")
    assert run_portal(project, "check").returncode == 0
    site = tmp_path / "site"
    build_site(project, site)

    server, base = serve(site)
    try:
        # Every URL ever published still answers (pages, citation files, data, feeds).
        for _, url in read_manifest(project):
            assert fetch(base + url)[0] == 200, url
        for lang in LANGUAGES:
            prefix = "/" + language_prefix(lang)
            old_url = f"{base}{prefix}practicas/{SEED_ID}/"
            status, body = fetch(old_url)
            doc = lxml.html.fromstring(body)
            assert status == 200 and doc.get("lang") == lang
            refresh = doc.xpath('//meta[@http-equiv="refresh"]/@content')[0]
            target = urljoin(old_url, refresh.split("url=", 1)[1])
            assert target == f"{base}{prefix}practicas/{NEW_ID}/"
            assert doc.xpath("//body//a/@href") == [refresh.split("url=", 1)[1]]
            assert doc.xpath('//link[@rel="canonical"]/@href')[0].endswith(
                f"{prefix}practicas/{NEW_ID}/")
            assert not doc.xpath("//script")
            assert fetch(target)[0] == 200
            # An old citation file URL serves the current reference.
            _, bib = fetch(f"{old_url}{SEED_ID}.bib")
            assert bibtexparser.loads(bib).entries[0]["url"].endswith(f"{prefix}practicas/{NEW_ID}/")
    finally:
        server.shutdown()


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
                    *args], check=True, capture_output=True)


def test_a_practice_published_from_git_history_and_deleted_needs_a_redirect(tmp_path):
    """No one ran `make permalinks` for it: git history says it was on the main branch."""
    from test_validation import BASE, make_project

    root = make_project(tmp_path / "repo", {"ejemplo.yaml": BASE}).root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first practice")
    (root / "practices" / "segundo.yaml").write_text(BASE.replace("id: ejemplo", "id: segundo"), encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "second practice")
    assert run_portal(root, "check").returncode == 0
    (root / "practices" / "segundo.yaml").unlink()
    _git(root, "commit", "-q", "-am", "second practice deleted")

    result = run_portal(root, "check")
    assert result.returncode == 1
    assert ("redirects.yaml:1:1: /practicas/segundo/ se publicó pero la práctica 'segundo' ya no existe: "
            "si se renombró, añada `segundo: <id nuevo>` a redirects.yaml") in result.stderr
    assert ("/practicas/segundo/ was published but practice 'segundo' no longer exists: if it was "
            "renamed, add `segundo: <new id>` to redirects.yaml") in result.stderr

    # The remedy the message names works.
    (root / "redirects.yaml").write_text("segundo: ejemplo\n", encoding="utf-8")
    assert run_portal(root, "check").returncode == 0, run_portal(root, "check").stderr


def test_a_draft_on_another_branch_is_not_a_published_practice(tmp_path):
    from test_validation import BASE, make_project

    root = make_project(tmp_path / "repo", {"ejemplo.yaml": BASE}).root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first practice")
    _git(root, "checkout", "-q", "-b", "borrador")
    (root / "practices" / "borrador.yaml").write_text(BASE.replace("id: ejemplo", "id: borrador"),
                                                       encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "draft")
    (root / "practices" / "borrador.yaml").unlink()
    _git(root, "commit", "-q", "-am", "draft dropped")
    result = run_portal(root, "check")
    assert result.returncode == 0, result.stderr

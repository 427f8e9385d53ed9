"""The offline link checker: clean on the built site, exact messages on a broken one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from harness import ROOT, SEED_ID

LINKCHECK = ROOT / "scripts" / "linkcheck.py"


def _run(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(LINKCHECK), str(site)], capture_output=True, text=True)


def test_built_site_has_no_broken_link(site):
    result = _run(site)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = len(list(site.rglob("*.html")))
    assert result.stdout.startswith(f"{pages} páginas, ")
    assert result.stdout.rstrip().endswith(" 0 problems")


def _break(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {page}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_broken_site_reports_each_problem(site, tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    es = broken / "practicas" / SEED_ID / "index.html"
    en = broken / "en" / "practicas" / SEED_ID / "index.html"
    # A renamed practice (relative link), a missing anchor, a duplicate id, and an absolute
    # link under site_url to a page that does not exist, in both languages.
    _break(es, "<article", '<p><a href="../otra-practica/">x</a> <a href="../../acerca/#nada">y</a>'
                           '<span id="summary"></span></p><article')
    _break(en, "<article", '<p><a href="https://buenaspracticas.example.org/en/gone/">z</a>'
                           ' <a href="../../metodologia#x">w</a></p><article')
    result = _run(broken)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:-1] == [
        f"en/practicas/{SEED_ID}/index.html: broken link https://buenaspracticas.example.org/en/gone/",
        f"en/practicas/{SEED_ID}/index.html: missing anchor #x in en/metodologia/index.html",
        f"practicas/{SEED_ID}/index.html: duplicate id \"summary\"",
        f"practicas/{SEED_ID}/index.html: broken link ../otra-practica/",
        f"practicas/{SEED_ID}/index.html: missing anchor #nada in acerca/index.html",
    ]
    assert result.stdout.splitlines()[-1].endswith(" 5 problems")


def test_no_site_is_a_clear_error(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path}: no built site here (run `make build`)"

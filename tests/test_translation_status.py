"""Translation status: warnings that never fail, `translation: pending` and its English notice,
the editors' Pending translations page, and dates written the way each language writes them."""

from __future__ import annotations

import shutil

import pytest
import yaml
from harness import ROOT, SEED_ID, build_site, copy_project, run_portal, seed_only

from portal.contribute import editors
from portal.i18n import words
from portal.model.catalog import Project
from portal.model.practice import LANGUAGES
from portal.read.practices import load_catalog

OTHER_ID = "peru-copia-sin-traducir"
SEED_TEXT = (ROOT / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8")
SEED = yaml.safe_load(SEED_TEXT)


def _untranslated(text: str, practice_id: str) -> tuple[str, int, int]:
    """The seed with the English title left as a placeholder and lesson 2 left in Spanish.
    Returns the text and the lines of those two English values."""
    title_en = f"  en: {SEED['title']['en']}"
    text = text.replace(f"id: {SEED_ID}", f"id: {practice_id}").replace(title_en, "  en: TODO [EN]")
    lines = text.splitlines()
    es_at = next(i for i, ln in enumerate(lines) if "El trabajo de la UIM" in ln)
    en_at = lines.index("    en: >-", es_at)
    # The English text ends where the next language (Portuguese) or the next item begins.
    next_item = next(i for i in range(en_at + 1, len(lines)) if lines[i].startswith(("  - es:", "    pt:")))
    lines[en_at + 1:next_item] = lines[es_at:en_at]  # the English lesson is the Spanish one
    return "\n".join(lines) + "\n", lines.index("  en: TODO [EN]") + 1, en_at + 1


@pytest.fixture()
def practices_only(tmp_path):
    seed_only(shutil.copytree(ROOT / "practices", tmp_path / "practices"))
    return tmp_path


def test_warnings_name_each_untranslated_text_and_never_fail(practices_only):
    text, title_line, lesson_line = _untranslated(SEED_TEXT, SEED_ID)
    (practices_only / "practices" / f"{SEED_ID}.yaml").write_text(text, encoding="utf-8")
    result = run_portal(practices_only, "check")
    assert result.returncode == 0, result.stderr
    rel = f"practices/{SEED_ID}.yaml"
    assert result.stdout.splitlines() == [
        f"{rel}:{title_line}:7: warning: title.en: el texto en inglés tiene un marcador: tradúzcalo "
        "o ponga translation: pending / English text holds a placeholder; translate it, or set "
        "translation: pending",
        f"{rel}:{lesson_line}:9: warning: lessons[1].en: el texto en inglés es igual al español: "
        "tradúzcalo o ponga translation: pending / English text is the same as the Spanish; "
        "translate it, or set translation: pending",
        "0 errores en 0 archivos, 2 avisos / 0 errors in 0 files, 2 warnings",
        "1 práctica válida / 1 valid practice",
    ]
    annotated = run_portal(practices_only, "check", env={"GITHUB_ACTIONS": "true"})
    assert annotated.returncode == 0
    assert f"::warning file={rel},line={title_line},col=7::title.en: el texto en inglés tiene un " \
        "marcador" in annotated.stdout and "English text holds a placeholder" in annotated.stdout


def test_translation_pending_silences_the_warnings(practices_only):
    text, _, _ = _untranslated(SEED_TEXT, SEED_ID)
    (practices_only / "practices" / f"{SEED_ID}.yaml").write_text(text + "translation: pending\n",
                                                                  encoding="utf-8")
    result = run_portal(practices_only, "check")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["1 práctica válida / 1 valid practice"]


@pytest.fixture(scope="module")
def pending_site(tmp_path_factory):
    """The seed marked `translation: pending`, and a copy of it whose English is unfinished."""
    base = tmp_path_factory.mktemp("pending")
    project = copy_project(base / "project")
    practices = project / "practices"
    (practices / f"{SEED_ID}.yaml").write_text(SEED_TEXT + "translation: pending\n", encoding="utf-8")
    (practices / f"{OTHER_ID}.yaml").write_text(_untranslated(SEED_TEXT, OTHER_ID)[0], encoding="utf-8")
    site = base / "site"
    build_site(project, site)
    return site


def _read(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_pending_translations_page_lists_both_kinds(pending_site):
    es = _read(pending_site, "traducciones/index.html")
    en = _read(pending_site, "en/traducciones/index.html")
    assert f'href="../practicas/{SEED_ID}/"' in es and f'href="../practicas/{OTHER_ID}/"' in es
    assert f'href="../../en/practicas/{SEED_ID}/"' not in en  # English links stay in /en/
    assert f'href="../practicas/{SEED_ID}/"' in en and f'href="../practicas/{OTHER_ID}/"' in en
    assert "Marcada como <code>translation: pending</code>" in es
    assert "Marked <code>translation: pending</code>" in en
    assert "2 textos en inglés por revisar: <code>title.en</code>, <code>lessons[1].en</code>" in es
    assert "2 English texts to review: <code>title.en</code>, <code>lessons[1].en</code>" in en
    assert "<!-- portal:" not in es + en


def test_english_page_of_a_pending_practice_says_so(pending_site):
    notice = "The English text of this practice has not been reviewed yet."
    assert notice in _read(pending_site, f"en/practicas/{SEED_ID}/index.html")
    assert "Translation pending" in _read(pending_site, f"en/practicas/{SEED_ID}/index.html")
    assert notice not in _read(pending_site, f"en/practicas/{OTHER_ID}/index.html")
    assert "Traducción pendiente" not in _read(pending_site, f"practicas/{SEED_ID}/index.html")


def test_pending_translations_page_when_nothing_is_pending(practices_only):
    """The seed alone: reviewed English, and Portuguese in every text."""
    catalog = load_catalog(Project(practices_only))
    assert [p.languages for p in catalog.practices] == [LANGUAGES]
    for lang in LANGUAGES:
        assert editors.pending_translations(catalog, lang) == words(lang)["editors"]["none"] + "\n"
    assert "No hay traducciones pendientes" in words("es")["editors"]["none"]


def test_pending_translations_page_lists_a_practice_without_portuguese(site):
    page = _read(site, "traducciones/index.html")
    assert 'href="../practicas/argentina-migraciudades/"' in page
    assert f'href="../practicas/{SEED_ID}/"' not in page
    assert "Sin texto en portugués." in page


def test_last_updated_reads_as_each_language_writes_dates(site):
    assert SEED["updated"] == "2026-11-26"
    es = _read(site, f"practicas/{SEED_ID}/index.html")
    en = _read(site, f"en/practicas/{SEED_ID}/index.html")
    assert '<time datetime="2026-11-26">26 de noviembre de 2026</time>' in es
    assert '<time datetime="2026-11-26">26 November 2026</time>' in en

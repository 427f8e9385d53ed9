"""Interface text (portal/i18n/<lang>.yaml): one file per language with the same keys, and a
missing key stops the build naming the file and the key."""

from __future__ import annotations

import yaml
from harness import build_site, copy_project

from portal import i18n
from portal.model.practice import LANGUAGES


def _keys(data: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in data.items():
        out.add(prefix + key)
        if isinstance(value, dict):
            out |= _keys(value, f"{prefix}{key}.")
    return out


def test_every_language_has_a_file_with_the_same_keys():
    """Editors' messages only in the languages practices are written in (es, en): a reader's
    language such as Portuguese has every other key."""
    files = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in i18n.files()}
    assert set(files) == set(LANGUAGES)
    reference = _keys(files[LANGUAGES[0]])
    readers = {k for k in reference if not k.startswith(f"{i18n.MESSAGES}")}
    for lang, data in files.items():
        assert _keys(data) == (reference if lang in i18n.EDITOR_LANGUAGES else readers), lang
        assert all(isinstance(v, str) and v.strip() for v in _leaves(data)), lang
    assert i18n.EDITOR_LANGUAGES == ("es", "en")


def test_a_reader_language_file_with_editors_messages_is_refused(tmp_path, monkeypatch):
    """pt.yaml holding `messages` would be text no one reads, left to go stale: refused."""
    data = yaml.safe_load((i18n.FOLDER / "pt.yaml").read_text(encoding="utf-8"))
    data["messages"] = {"check": {"file_name": "x"}}
    for lang in LANGUAGES:
        (tmp_path / f"{lang}.yaml").write_text(
            yaml.safe_dump(data if lang == "pt" else yaml.safe_load(
                (i18n.FOLDER / f"{lang}.yaml").read_text(encoding="utf-8")), allow_unicode=True),
            encoding="utf-8")
    monkeypatch.setattr(i18n, "FOLDER", tmp_path)
    i18n._read.cache_clear()
    i18n.words.cache_clear()
    try:
        try:
            i18n.words("pt")
        except i18n.MissingText as e:
            assert "portal/i18n/pt.yaml" in str(e) and "'messages'" in str(e)
        else:
            raise AssertionError("pt.yaml with messages was accepted")
    finally:
        i18n._read.cache_clear()
        i18n.words.cache_clear()


def _leaves(data: dict):
    for value in data.values():
        if isinstance(value, dict):
            yield from _leaves(value)
        else:
            yield value


def test_a_key_asked_for_that_no_file_has_names_the_file_and_key():
    words = i18n.words("en")
    try:
        words["status"]["paused"]
    except i18n.MissingText as e:
        assert str(e) == "portal/i18n/en.yaml: falta la clave / missing key 'status.paused'"
    else:
        raise AssertionError("a missing key gave a value")


def test_a_key_missing_from_a_language_file_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    english = project / "src" / "portal" / "i18n" / "en.yaml"
    text = english.read_text(encoding="utf-8")
    assert "\n  ongoing: Ongoing\n" in text
    english.write_text(text.replace("\n  ongoing: Ongoing\n", "\n"), encoding="utf-8")
    result = build_site(project, tmp_path / "site", check=False, own_package=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "portal/i18n/en.yaml: falta la clave / missing key 'status.ongoing'" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists()

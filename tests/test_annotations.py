"""Errors where editors look: GitHub annotations from `make check` on the pull request's lines."""

from __future__ import annotations

import shutil

from harness import ROOT, SEED_ID, run_portal

from portal.read.problems import Problem


def test_error_and_warning_format():
    assert Problem("practices/x.yaml", 3, 5, "field", "message").github() == \
        "::error file=practices/x.yaml,line=3,col=5::field: message"
    assert Problem("practices/x.yaml", 3, 5, "title.en", "same as Spanish", warning=True).github() == \
        "::warning file=practices/x.yaml,line=3,col=5::title.en: same as Spanish"
    assert Problem("practices/x.yaml", 1, 1, "", "not UTF-8").github() == \
        "::error file=practices/x.yaml,line=1,col=1::not UTF-8"


def test_percent_newlines_and_property_separators_are_escaped():
    problem = Problem("practices/a,b:c.yaml", 7, 2, "summary.es", "100% done\nsecond line\r")
    assert problem.github() == \
        "::error file=practices/a%2Cb%3Ac.yaml,line=7,col=2::summary.es: 100%25 done%0Asecond line%0D"
    assert "\n" not in problem.github()


def _broken_project(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "practices", project / "practices")
    seed = project / "practices" / f"{SEED_ID}.yaml"
    text = seed.read_text(encoding="utf-8").replace("status: ongoing", "status: going-on")
    seed.write_text(text, encoding="utf-8")
    line = text.splitlines().index("status: going-on") + 1
    return project, line


def test_check_prints_annotations_on_github_actions(tmp_path):
    project, line = _broken_project(tmp_path)
    result = run_portal(project, "check", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    # Both languages, as in the log, with the value meant.
    annotation = (f"::error file=practices/{SEED_ID}.yaml,line={line},col=9::"
                  "status: 'going-on' no es un valor permitido; ¿quiso decir 'ongoing'? / "
                  "'going-on' is not allowed; did you mean 'ongoing'?")
    assert result.stdout.splitlines() == [annotation]
    # The plain message is still printed for the log.
    assert f"practices/{SEED_ID}.yaml:{line}:9: status: 'going-on' no es un valor permitido" in result.stderr


def test_no_annotations_elsewhere(tmp_path):
    project, _ = _broken_project(tmp_path)
    result = run_portal(project, "check")
    assert result.returncode == 1
    assert "::error" not in result.stdout + result.stderr

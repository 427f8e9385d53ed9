"""Files editors and maintainers expect in the repository: the proposal form, the pull-request
checklist, code owners, pre-commit hooks and the hosted workflows, held to the schema and to
the Make targets so that none of them drifts."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from harness import ROOT

from portal.contribute import editors
from portal.model.practice import LANGUAGES

GITHUB = ROOT / ".github"
SCHEMA = json.loads((ROOT / "practices" / "schema.json").read_text(encoding="utf-8"))
MAKE_TARGETS = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _vocabulary(name: str, key: str = "terms") -> list[dict]:
    return _yaml(ROOT / "practices" / "vocabularies" / f"{name}.yaml")[key]


# ---- the proposal form ------------------------------------------------------------------

FORM = GITHUB / "ISSUE_TEMPLATE" / editors.ISSUE_FORM


def _form_fields() -> dict[str, dict]:
    return {item["id"]: item for item in _yaml(FORM)["body"] if "id" in item}


# Who proposes: asked by the form, never a field of the practice file.
PROPOSER = {"proposer_name", "proposer_organisation", "proposer_email", "consent"}


def test_every_form_field_is_a_schema_property():
    assert set(_form_fields()) - PROPOSER <= set(SCHEMA["properties"])
    assert not PROPOSER & set(SCHEMA["properties"])


def test_the_form_asks_who_proposes_and_their_consent_to_the_licence():
    fields = _form_fields()
    for name in ("proposer_name", "proposer_organisation", "proposer_email"):
        assert fields[name]["type"] == "input" and fields[name]["validations"]["required"], name
    assert "correo" in fields["proposer_email"]["attributes"]["label"]
    assert "e-mail" in fields["proposer_email"]["attributes"]["label"]
    # The licence the proposer agrees to is the portal's own (mkdocs.yml extra.license).
    licence = _mkdocs_extra()["license"]
    consent = [o for o in fields["consent"]["attributes"]["options"] if licence["name"] in o["label"]]
    assert len(consent) == 1 and consent[0]["required"]
    es, en = consent[0]["label"].split(" / ")
    assert "Acepto" in es and licence["url"] in es and "I agree" in en and licence["url"] in en


def _mkdocs_extra() -> dict:
    # mkdocs.yml holds !!python/name tags (Material's emoji): read only its `extra:` block.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^extra:\n((?:[ #].*\n|\n)+)", text, re.M).group(0)
    return yaml.safe_load(block)["extra"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contribute_page_tells_editors_everything_in_order(lang):
    page = (ROOT / "docs" / f"contribuir.{lang}.md").read_text(encoding="utf-8")
    steps = {"es": ["<!-- portal:propose-form -->", "<!-- portal:propose-email -->", "*pull request*",
                    "make new ID=", "yaml-language-server: $schema=", "make check", "make serve",
                    "## Renombrar", "redirects.yaml", "## Retirar", "withdrawn:", "## Lo que revisan"],
             "en": ["<!-- portal:propose-form -->", "<!-- portal:propose-email -->", "pull request",
                    "make new ID=", "yaml-language-server: $schema=", "make check", "make serve",
                    "## Renaming", "redirects.yaml", "## Withdrawing", "withdrawn:", "## What reviewers"],
             "pt": ["<!-- portal:propose-form -->", "<!-- portal:propose-email -->", "*pull request*",
                    "make new ID=", "yaml-language-server: $schema=", "make check", "make serve",
                    "## Renomear", "redirects.yaml", "## Retirar", "withdrawn:", "## O que os editores revisam"]}[lang]
    places = [page.find(step) for step in steps]
    assert -1 not in places, [s for s, p in zip(steps, places, strict=True) if p == -1]
    assert places == sorted(places), steps
    assert "redhat.vscode-yaml" in page


def test_contribute_e_mail_route_is_the_portal_contact():
    import lxml.html
    import markdown

    from portal.contribute.editors import propose_email

    email = _mkdocs_extra()["publisher"]["email"]
    for lang, words in (("es", "Escriba a"), ("en", "Write to")):
        paragraph = lxml.html.fromstring(markdown.markdown(propose_email(email, "CC BY 4.0", lang)))
        (link,) = paragraph.xpath("//a")
        assert link.text == email and link.get("href").startswith(f"mailto:{email}?subject=")
        assert paragraph.text_content().startswith(f"{words} {email} ") and "CC BY 4.0" in paragraph.text_content()


def test_the_form_asks_for_every_required_fact():
    # The id and the dates are the editors' to set; everything else comes from the proposer.
    assert set(SCHEMA["required"]) - {"id", "published", "updated"} <= set(_form_fields())


def test_form_labels_are_bilingual():
    form = _yaml(FORM)
    assert " / " in form["name"] and " / " in form["description"]
    for item in form["body"]:
        if item["type"] != "markdown":
            assert " / " in item["attributes"]["label"], item


@pytest.mark.parametrize("field, terms", [
    ("themes", _vocabulary("themes")),
    ("populations", _vocabulary("populations")),
    ("gcm_principles", _vocabulary("gcm", "principles")),
])
def test_form_choices_are_the_vocabulary(field, terms):
    options = _form_fields()[field]["attributes"]["options"]
    assert options == [f"{t['es']} / {t['en']} ({t['key']})" for t in terms]
    enum = SCHEMA["$defs"][SCHEMA["properties"][field]["items"]["$ref"].rsplit("/", 1)[1]]["enum"]
    assert [re.search(r"\(([^)]+)\)$", o)[1] for o in options] == enum


def test_form_status_choices_are_the_schema_values():
    options = _form_fields()["status"]["attributes"]["options"]
    assert [re.search(r"\(([^)]+)\)$", o)[1] for o in options] == SCHEMA["properties"]["status"]["enum"]


# ---- the review checklist ----------------------------------------------------------------

def test_pull_request_checklist_is_the_contribute_pages_checklist():
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+) / (.+)$", template, re.M)
    assert len(items) >= 5
    pages = {lang: (ROOT / "docs" / f"contribuir.{lang}.md").read_text(encoding="utf-8") for lang in LANGUAGES}
    for es, en in items:
        assert f"\n- {es}\n" in pages["es"]
        assert f"\n- {en}\n" in pages["en"]
    # The Portuguese page has the same list, item for item.
    checklist = re.search(r"### Lista de revisão\n\n.*?\n\n((?:- .*\n)+)", pages["pt"]).group(1)
    assert len(checklist.splitlines()) == len(items)


def test_codeowners_cover_the_build_code():
    owned = {line.split()[0] for line in (GITHUB / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")}
    assert {"/scripts/", "/overrides/", "/mkdocs.yml", "/Makefile", "/.github/", "/.ci/"} <= owned
    for path in owned:
        assert (ROOT / path.strip("/")).exists(), path


def test_pre_commit_runs_the_check_and_the_linter():
    hooks = [hook for repo in _yaml(ROOT / ".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]]
    entries = {hook["entry"] for hook in hooks}
    assert entries == {"make check", "make lint"}
    assert {"check", "lint"} <= MAKE_TARGETS
    assert all(hook["language"] == "system" and hook["pass_filenames"] is False for hook in hooks)


def test_contributing_points_to_the_three_steps():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for words in ("make new ID=", "make check", "make serve", editors.ISSUE_FORM, "translation: pending"):
        assert words in text


# ---- hosted workflows ----------------------------------------------------------------------

def _workflow(name):
    path = GITHUB / "workflows" / name
    data = _yaml(path)
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    # Everything GitHub acts on, as text (comments left out: they may name what is avoided).
    return data, data.get("on", data.get(True)), json.dumps({str(k): v for k, v in data.items()})


def _runs(data) -> list[str]:
    return [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]


def _uses(data) -> list[str]:
    return [step["uses"].split("@")[0] for job in data["jobs"].values() for step in job["steps"] if "uses" in step]


def test_pull_request_workflow_is_safe_for_forks():
    data, on, text = _workflow("check.yml")
    assert set(on) == {"pull_request"}
    assert "pull_request_target" not in text
    assert "secrets" not in text
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())
    for job in data["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow_runs_the_local_gate_targets():
    data, _, _ = _workflow("check.yml")
    runs = _runs(data)
    for target in ("make check", "make test", "make build"):
        assert target in runs
    assert runs.index("make check") < runs.index("make test") < runs.index("make build")
    for run in runs:
        for target in re.findall(r"make (\w+)", run):
            assert target in MAKE_TARGETS
    # Browsers from Debian, as on a developer's machine: the job runs in a Debian image.
    assert "bookworm" in next(iter(data["jobs"].values()))["container"]
    assert "make browser" in runs
    assert any("nodejs npm" in run for run in runs)  # make test installs axe-core with npm ci
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_publish_workflow_builds_and_deploys_to_pages_from_main_only():
    data, on, _ = _workflow("publish.yml")
    assert set(on) <= {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    assert "make build" in _runs(data)
    uses = _uses(data)
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    build = next(job for job in data["jobs"].values()
                 if any(step.get("run") == "make build" for step in job["steps"]))
    env = next(step["env"] for step in build["steps"] if step.get("run") == "make build")
    assert {"SITE_URL", "REPO_URL"} <= set(env)
    assert "github.repository" in env["REPO_URL"]
    upload = next(step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site"
    deploy = data["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert data["permissions"] == {"contents": "read"}

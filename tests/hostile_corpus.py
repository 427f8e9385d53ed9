"""A corpus of hostile text, and a project copy with one practice per attack, the attack in
every text field of that practice (without < and > in the plain-text fields, which refuse them)
and in the vocabularies' labels. Used by tests/test_hostile_corpus.py."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from harness import ROOT, SEED_ID, copy_project

from portal.model.practice import LANGUAGES
from portal.read.checks import texts_of

# Each attack names itself in its alert(), so a failure says which one ran.
ATTACKS = {
    # A second Markdown pass with attr_list (the first attack seen on main).
    "attr-img": "# !\\[i\\](https://x.invalid/i.png){: onerror=alert('attr-img') }",
    "js-link": "# \\[clic\\](javascript:alert('js-link'))",
    "attr-para": "Texto\n{: onmouseover=alert('attr-para') }",
    "attr-link": "[x](https://x.invalid/){: onclick=alert('attr-link') }",
    "heading-attr": "## Título {: onclick=alert('heading-attr') }",
    "indented": "Texto\n\n    <img src=x onerror=alert('indented')>\n\n    ![i](x){: onerror=alert('indented2') }",
    "escaped-html": "\\<script\\>alert('escaped-html')\\</script\\>",
    # Markdown and HTML through the field's own pass.
    "autolink": "<javascript:alert('autolink')> <https://x.invalid/\"onmouseover=\"alert('autolink2')>",
    "entities": "&#x3C;script&#x3E;alert('entities')&#x3C;/script&#x3E; &lt;img src=x onerror=alert('entities2')&gt;",
    "mixed-case": "<ScRiPt>alert('mixed-case')</sCrIpT><IMG SRC=x OnErRoR=alert('mixed-case2')>",
    "svg-math": ("<svg><script>alert('svg')</script></svg><svg onload=alert('svg2')></svg>"
                 "<math><mi xlink:href=\"javascript:alert('math')\">x</mi></math>"),
    "ref-link": "[a][r] y ![b][r]\n\n[r]: javascript:alert('ref-link')",
    "js-schemes": ("[a](JaVaScRiPt:alert('case')) [b]( javascript:alert('space')) "
                   "[c](javascript&#58;alert('colon')) [d](data:text/html,x) [e](vbscript:x)"),
    "code": "`<script>alert('code')</script>` y ```<img src=x onerror=alert('fence')>```",
    "breakout": "</article><script>alert('breakout')</script><article>",
    "embeds": ("<iframe src=\"javascript:alert('iframe')\"></iframe>"
               "<object data=\"javascript:alert('object')\"></object><embed src=x>"),
    "style": "<style>body{display:none}</style><p style=\"position:fixed;inset:0\">x</p>",
    "meta-refresh": "<meta http-equiv=\"refresh\" content=\"0;url=https://x.invalid/\"><base href=\"https://x.invalid/\">",
    "form": ("<form action=\"https://x.invalid/\"><input name=q>"
             "<button formaction=\"javascript:alert('form')\">Go</button></form>"),
    # The project's own machinery: its markers, its templates, its front matter.
    "markers": "<!-- portal:body --> <!-- portal:latest --> <!-- portal:by-country --> portal:body",
    "jinja": "{{ config.site_name }} {% raw %} {# c #} {{ 7*7 }} {% endraw %}",
    "front-matter": "---\ntitle: x\nportal_id: y\n---\n...\n---\n\"quoted\" 'single' \\ back",
}
# Vocabulary labels (plain text, one line, no < > { }) reach listings through Markdown, and the
# sheets' chips.
VOCABULARY_ATTACKS = {
    "integration": ("\\[x\\](javascript:alert('vocab-link')) ![i](x) *em* `code` & &amp; #",
                    "Integration [x]: javascript:alert(1) [y](javascript:alert('vocab-en')) \\"),
}
ID = "hostil-{}"


def plain(text: str) -> str:
    """The attack as a plain-text field takes it: one line, and < and > are refused there."""
    return " ".join(text.replace("<", "").replace(">", "").split())


RICH = ("summary", "objectives", "lessons", "recommendations")


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def practice(seed: dict, name: str, attack: str) -> dict:
    data = json.loads(json.dumps(seed))
    data["id"] = ID.format(name)
    for path, _ in list(texts_of(data)):
        text = attack if path[0] in RICH else plain(attack)
        _set(data, path, {lang: f"{text} {lang} {name}" for lang in LANGUAGES})
    for source in data.get("sources", []):
        source["title"], source["publisher"] = plain(attack) + " título", plain(attack) + " editor"
    return data


def hostile_project(dest: Path) -> Path:
    project = copy_project(dest)
    seed = yaml.safe_load((ROOT / "practices" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    for name, attack in ATTACKS.items():
        text = yaml.safe_dump(practice(seed, name, attack), allow_unicode=True, sort_keys=False)
        (project / "practices" / f"{ID.format(name)}.yaml").write_text(text, encoding="utf-8")
    themes = project / "practices" / "vocabularies" / "themes.yaml"
    vocabulary = yaml.safe_load(themes.read_text(encoding="utf-8"))
    for term in vocabulary["terms"]:
        if term["key"] in VOCABULARY_ATTACKS:
            term["es"], term["en"] = VOCABULARY_ATTACKS[term["key"]]
            term["pt"] = term["en"]
    themes.write_text(yaml.safe_dump(vocabulary, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return project

"""Generated parts of the hand-written editors' pages (Contribute, Pending translations).

Each part stands where a page holds a marker comment (portal.build.markers, Markdown stage),
replaced per language at build time, so the prose stays hand-written and the lists and the field reference
come from the practices and practices/schema.json and cannot go stale.
"""

from __future__ import annotations

import urllib.parse

from portal.i18n import words
from portal.model.catalog import Catalog
from portal.model.collation import by_title
from portal.model.countries import country_name
from portal.model.practice import OPTIONAL
from portal.pages import markup

# The GitHub issue form in .github/ISSUE_TEMPLATE/ (a test keeps the file name in step).
ISSUE_FORM = "propose-practice.yml"



def pending_translations(catalog: Catalog, lang: str, *, prefix: str = "practicas/") -> str:
    """Markdown list of practices whose English is pending or still warned about by the check,
    or that lack an optional language (Portuguese)."""
    t = words(lang)
    w = t["editors"]
    warned: dict[str, list[str]] = {}
    for problem in catalog.warnings:
        warned.setdefault(problem.path, []).append(problem.field)
    lines = []
    for p in sorted(catalog.practices, key=by_title(lang)):
        fields = warned.get(p.source_path, [])
        missing = [other for other in OPTIONAL if other not in p.languages]
        if not (p.translation_pending or fields or missing):
            continue
        why = [w["declared"]] if p.translation_pending else []
        if fields:
            why.append(f"{len(fields)} {w['warned']}: " + ", ".join(f"`{f}`" for f in fields))
        why += [w["missing"].format(language=t["language_names"][other]) for other in missing]
        countries = markup.md_text(", ".join(country_name(c, lang) for c in p.countries))
        title = markup.md_text(markup.title_text(p.title(lang)))
        # A title shown in another language than the page's is marked with it (attr_list).
        marked = f'{{ lang="{p.text_language(lang)}" }}' if p.text_language(lang) != lang else ""
        reasons = "; ".join(why)
        lines.append(f"- [{title}]({prefix}{p.id}.md){marked} — {countries}. "
                     f"{reasons[:1].upper()}{reasons[1:]}. `{p.source_path}`")
    return ("\n".join(lines) if lines else w["none"]) + "\n"


def propose_form(repo_url: str, lang: str) -> str:
    if not repo_url:  # no repository configured: no form to link to
        return ""
    url = f"{repo_url.rstrip('/')}/issues/new?template={ISSUE_FORM}"
    label = words(lang)["editors"]["propose"]
    return f"[{label}]({url}){{ .md-button .md-button--primary }}\n"


def propose_email(email: str, license_name: str, lang: str) -> str:
    """The route without a GitHub account: an e-mail to the portal's contact (mkdocs.yml
    `extra.publisher.email`, the address the data package gives too)."""
    w = words(lang)["editors"]
    if not email:
        return w["no_email"] + "\n"
    address = f"mailto:{email}?subject={urllib.parse.quote(w['subject'])}"
    link = f"[{markup.md_text(email)}]({markup.md_url(address)})"
    return w["email"].format(link=link, license=markup.md_text(license_name)) + "\n"

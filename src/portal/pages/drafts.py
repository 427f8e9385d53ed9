"""What the preview adds to pages while a file has errors: the draft page of each practice file
with errors (its problems at the top, then its sheet when its data can still be laid out), and
the banner every page shows. Neither is ever made by `make build`, which stops instead."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from portal.i18n import words
from portal.model.practice import LANGUAGES, Practice
from portal.model.site import Site
from portal.pages.generated import TEMPLATES, Page, make_page, page_title, practice_page, sheet_path
from portal.read.checks import KEBAB, RESERVED
from portal.read.practices import Broken, Draft
from portal.read.problems import errors_of


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def has_page(broken: Broken) -> bool:
    """A file whose name can be a page's (a file named index.yaml or Foo.yaml has none)."""
    return bool(KEBAB.fullmatch(broken.stem)) and not RESERVED.fullmatch(broken.stem)


def _sheet(broken: Broken, draft: Draft, site: Site, lang: str) -> tuple[str, str]:
    """The title and sheet body of a file with errors, or its id and no body."""
    try:
        practice = Practice.from_data(broken.data, broken.rel)
        return practice.title(lang), practice_page(practice, draft.catalog, lang, site, [],
                                                   render_pdf=False).body
    except Exception:  # noqa: BLE001 - data that failed its checks can miss or mistype anything
        title = (broken.data or {}).get("title") if isinstance(broken.data, dict) else None
        text = title.get(lang) if isinstance(title, dict) else None
        return (text.strip() if isinstance(text, str) and text.strip() else broken.stem), ""


def draft_page(broken: Broken, draft: Draft, site: Site, lang: str) -> Page:
    title, body = _sheet(broken, draft, site, lang)
    top = _env().get_template("preview_draft.html.j2").render(
        t=words(lang), rel=broken.rel, problems=errors_of(list(broken.problems)))
    return make_page({"title": page_title(title), "description": "", "portal_source": broken.rel},
                     top + body)


def draft_pages(draft: Draft, site: Site, stems: set[str] | None = None) -> dict[str, Page]:
    """The draft pages of the files with errors (of `stems` only, when given), by path under docs/."""
    return {sheet_path(b.stem, lang): draft_page(b, draft, site, lang)
            for b in draft.broken if has_page(b) and (stems is None or b.stem in stems)
            for lang in LANGUAGES}


def banner(draft: Draft, site: Site, lang: str) -> str:
    """The problems banner in one language: empty when nothing is wrong."""
    errors = errors_of(list(draft.problems))
    if not errors:
        return ""
    with_page = {b.rel: b for b in draft.broken if has_page(b)}
    files = []
    for rel in sorted({p.path for p in errors}):
        mine = [p for p in errors if p.path == rel]
        page = with_page.get(rel)
        files.append({"rel": rel, "count": len(mine), "problems": mine,
                      "href": "/" + site.practice_path(page.stem, lang) if page else None})
    return _env().get_template("preview_banner.html.j2").render(t=words(lang), files=files)

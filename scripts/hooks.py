"""MkDocs glue: the only module that knows MkDocs. The work is done by the portal package.

Hooks run once per language (mkdocs-static-i18n builds the site again for English), so each
one here is idempotent: generating twice writes nothing the second time.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).parent))

from portal import listings, pages, search_index  # noqa: E402
from portal.catalog import Catalog, Project, load_catalog  # noqa: E402
from portal.output import sync  # noqa: E402
from portal.problems import ProblemsFound  # noqa: E402

log = logging.getLogger("mkdocs.hooks.portal")
_state: dict[str, Catalog] = {}

LATEST_MARKER = "<!-- portal:latest -->"
# Home page counts, each value linking its listing page: marker -> facet.
COUNT_MARKERS = {"<!-- portal:by-country -->": "country", "<!-- portal:by-gcm -->": "gcm"}


def on_pre_build(config, **kwargs) -> None:
    if _state.get("depth", 0) > 1 and "catalog" in _state:
        return  # another language's build nested in this one: the pages are already written
    project = Project(Path(config.config_file_path).parent)
    try:
        catalog = load_catalog(project)
    except ProblemsFound as e:
        # PluginError stops the build with its message and no traceback.
        raise PluginError(f"practices do not validate:\n{e}") from None
    for warning in catalog.warnings:
        log.info(str(warning))  # warnings never fail --strict; `make check` shows them
    report = sync(project.docs_dir, pages.OWNED, pages.all_pages(catalog))
    if report.written or report.deleted:
        log.info("portal: %d pages written, %d deleted, %d unchanged",
                 len(report.written), len(report.deleted), report.unchanged)
    _state["catalog"] = catalog


def on_post_template(output: str, template_name: str, config, **kwargs) -> str:
    # The i18n plugin renders 404.html once per language and the last one wins; the page is
    # bilingual, so keep the default language's copy (its <html lang="es"> and Spanish nav).
    if template_name == "404.html":
        if config.theme["language"] == "es":
            _state["404"] = output
        return _state.get("404", output)
    return output


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    source = page.meta.get("portal_source")
    if source and config.repo_url:
        # "Edit this page" opens the practice's YAML file, not the generated Markdown.
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
    if LATEST_MARKER in markdown:
        lang = config.theme["language"]
        markdown = markdown.replace(LATEST_MARKER, pages.latest_list(_state["catalog"], lang))
    for marker, facet in COUNT_MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, listings.home_counts(
                _state["catalog"], facet, config.theme["language"], pages.labels()))
    return markdown


# --- Search (Pagefind). The index is built once, after the last language's build: the i18n
# plugin builds the other languages inside the default language's on_post_build, so builds
# nest; the depth counter finds the outermost end, whichever language reads last.

def on_config(config, **kwargs) -> None:
    _state["depth"] = _state.get("depth", 0) + 1


def on_build_error(error, **kwargs) -> None:
    _state["depth"] = 0


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    practice_id = page.meta.get("portal_id")
    if practice_id:  # only practice sheets are indexed
        practice = _state["catalog"].by_id(practice_id)
        return search_index.practice_body(html, practice, config.theme["language"])
    return html


@event_priority(-200)  # after the i18n plugin's on_post_build (-100), which builds the others
def on_post_build(config, **kwargs) -> None:
    _state["depth"] = max(_state.get("depth", 1) - 1, 0)
    if _state["depth"] == 0:
        try:
            log.info("portal: search index: %s", search_index.build_index(Path(config.site_dir)))
        except search_index.SearchIndexError as e:
            raise PluginError(str(e)) from None

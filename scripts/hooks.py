"""MkDocs glue: the only module that knows MkDocs. The work is done by the portal package.

Hooks run once per language (mkdocs-static-i18n builds the site again for English), so each
one here is idempotent: generating twice writes nothing the second time.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).parent))

from portal import csp, listings, opendata, pages, reuse, search_index  # noqa: E402
from portal.catalog import Catalog, Project, load_catalog  # noqa: E402
from portal.output import sync  # noqa: E402
from portal.problems import ProblemsFound  # noqa: E402
from portal.site import Site, names_from_i18n  # noqa: E402

log = logging.getLogger("mkdocs.hooks.portal")
_state: dict[str, Catalog] = {}

LATEST_MARKER = "<!-- portal:latest -->"
# Home page counts, each value linking its listing page: marker -> facet.
COUNT_MARKERS = {"<!-- portal:by-country -->": "country", "<!-- portal:by-gcm -->": "gcm"}
FIELDS_MARKER = "<!-- portal:fields -->"
LICENSE_MARKER = "<!-- portal:license -->"


def _site(config) -> Site:
    """Address, names and licence from mkdocs.yml. The i18n plugin swaps site_name during the
    English build; its saved original is the general (Spanish) one."""
    i18n = config.plugins.get("i18n")
    default = getattr(i18n, "original_configs", {}).get("site_name", config.site_name)
    languages = [dict(lang) for lang in i18n.config.languages] if i18n else []
    return Site.of(config.site_url, names_from_i18n(default, languages),
                   config.extra.get("license"))


def on_pre_build(config, **kwargs) -> None:
    if config.theme["language"] != pages.LANGUAGES[0] and "catalog" in _state:
        return  # the i18n plugin's build of another language, inside the default one's: the
        # pages were written moments ago
    project = Project(Path(config.config_file_path).parent)
    try:
        catalog = load_catalog(project)
    except ProblemsFound as e:
        # PluginError stops the build with its message and no traceback.
        raise PluginError(f"practices do not validate:\n{e}") from None
    for warning in catalog.warnings:
        log.info(str(warning))  # warnings never fail --strict; `make check` shows them
    site = _site(config)
    report = sync(project.docs_dir, pages.OWNED, pages.all_pages(catalog, site))
    if report.written or report.deleted:
        log.info("portal: %d pages written, %d deleted, %d unchanged",
                 len(report.written), len(report.deleted), report.unchanged)
    _state.update(catalog=catalog, site=site, project=project)


def on_post_build(config, **kwargs) -> None:
    # Citation files, redirects, feed and open data. The i18n plugin keeps site_dir at the
    # root for every language (it prefixes the English pages' paths instead): do the same.
    lang, site = config.theme["language"], _state["site"]
    reuse.write_outputs(Path(config.site_dir) / site.prefix(lang), lang, _state["catalog"],
                        _state["project"], site)
    # Search index, once every language's HTML is written: the i18n plugin builds the other
    # languages inside the default language's on_post_build (priority -100, after this hook),
    # so the last language's call here comes last.
    if lang == pages.LANGUAGES[-1]:
        try:
            log.info("portal: search index: %s", search_index.build_index(Path(config.site_dir)))
        except search_index.SearchIndexError as e:
            raise PluginError(str(e)) from None
    # The Content-Security-Policy hashes the theme's inline scripts of every built page, so it is
    # computed from the whole site folder; rewriting it after each language's build leaves it
    # complete after the last one.
    csp.write_headers(Path(config.site_dir))


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
    if FIELDS_MARKER in markdown or LICENSE_MARKER in markdown:
        lang = config.theme["language"]
        markdown = markdown.replace(FIELDS_MARKER, opendata.fields_markdown(
            _state["project"].schema(), lang))
        markdown = markdown.replace(LICENSE_MARKER, opendata.license_markdown(_state["site"], lang))
    return markdown


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    practice_id = page.meta.get("portal_id")
    if practice_id:  # only practice sheets are indexed
        practice = _state["catalog"].by_id(practice_id)
        return search_index.practice_body(html, practice, config.theme["language"])
    return html

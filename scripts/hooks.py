"""MkDocs glue: the only module that knows MkDocs. The work is done by the portal package.

Hooks run once per language (mkdocs-static-i18n builds the site again for English), so each
one here is idempotent: generating twice writes nothing the second time.
"""

from __future__ import annotations

import logging
import zlib
from pathlib import Path

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc

from portal.build import csp, staging
from portal.build import site_files as reuse
from portal.build.fingerprint import fingerprint
from portal.build.output import UnsafeName, UnsafeOutput, sync, write_error
from portal.build.parallel import Job
from portal.contribute import editors
from portal.data import opendata
from portal.model.catalog import Catalog, Project
from portal.model.practice import LANGUAGES
from portal.model.site import Site, names_from_i18n
from portal.pages import fragments, listings, sheet_pdf
from portal.pages import generated as pages
from portal.pages.livemarkup import live_markup
from portal.read.practices import load_catalog
from portal.read.problems import ProblemsFound
from portal.search import index as search_index

log = logging.getLogger("mkdocs.hooks.portal")
_state: dict[str, Catalog] = {}
# Where this run writes its site and whether it may replace the previous one (see portal.staging).
_build: dict = {}

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
                   config.extra.get("license"), config.extra)


def on_pre_build(config, **kwargs) -> None:
    project = Project(Path(config.config_file_path).parent)
    site = _site(config)
    if "catalog" in _state and _state.get("inputs") == _inputs(project) and _state.get("site") == site:
        return  # the other language of the same build, or nothing changed: pages are current
    try:
        catalog = load_catalog(project)
    except ProblemsFound as e:
        # PluginError stops the build with its message and no traceback.
        raise PluginError(f"practices do not validate:\n{e}") from None
    for warning in catalog.warnings:
        log.info(str(warning))  # warnings never fail --strict; `make check` shows them
    generated = pages.all_pages(catalog, site)
    try:
        report = sync(project.docs_dir, pages.OWNED, generated.files)
    except (UnsafeOutput, UnsafeName) as e:
        raise PluginError(str(e)) from None
    except OSError as e:
        raise PluginError(write_error(e)) from None
    if report.written or report.deleted:
        log.info("portal: %d pages written, %d deleted, %d unchanged",
                 len(report.written), len(report.deleted), report.unchanged)
    _state.update(catalog=catalog, site=site, project=project)
    # The HTML bodies of generated pages (sheets, catalog), put in after MkDocs' Markdown pass
    # (on_page_content); compressed, as they are held for the whole build (~1 MB a thousand).
    _state["bodies"] = {path: (zlib.compress(page.body.encode("utf-8"), 1), tuple(page.toc()))
                        for path, page in generated.bodies.items()}
    _state["schema"] = project.schema()  # for the field reference on the Contribute page
    _state["inputs"] = _inputs(project)  # after sync, so our own writes are part of it
    _state["stale"] = set(LANGUAGES)  # see on_files


def _inputs(project: Project) -> tuple:
    return fingerprint(project.root, Path(pages.__file__).parent, project.docs_dir, pages.OWNED)


def on_post_build(config, **kwargs) -> None:
    lang = config.theme["language"]
    if lang == LANGUAGES[0]:
        try:
            files = _state.pop("outputs").result()  # see on_files
        except (UnsafeOutput, UnsafeName) as e:
            raise PluginError(str(e)) from None
        log.info("portal: %d citation, redirect, feed and open data files", files)
    # This language's search index, by Pagefind in its own process: the i18n plugin builds the
    # next language inside the default language's on_post_build (priority -100, after this
    # hook) meanwhile. The i18n plugin keeps site_dir at the root for every language.
    try:
        indexing = search_index.Indexing(Path(config.site_dir) / _state["site"].prefix(lang),
                                         background=lang != LANGUAGES[-1])
    except search_index.SearchIndexError as e:
        raise PluginError(str(e)) from None
    earlier = _state.get("indexing", []) if lang != LANGUAGES[0] else []  # of this build only
    _state["indexing"] = [*earlier, indexing]
    if lang != LANGUAGES[-1]:
        return
    # What completes the whole site runs once, after the last language, whose call comes last.
    # The Content-Security-Policy hashes the theme's inline scripts of every built page (HTML
    # only, which Pagefind does not write: the last index is built meanwhile).
    csp.write_headers(Path(config.site_dir))
    try:
        for indexing in _state.pop("indexing"):
            log.info("portal: search index: %s", indexing.wait())
    except search_index.SearchIndexError as e:
        raise PluginError(str(e)) from None
    _build["complete"] = True  # every page, index and file is written: the site may be swapped in


# --- Where the site is written, and when it replaces the previous one -------------------------
# `mkdocs build` (and gh-deploy) write into a staging folder beside the site folder; on_shutdown,
# which MkDocs calls after the whole build (both languages and the --strict count), swaps it in
# only if nothing failed. `mkdocs serve` builds into its own temporary folder, and `build
# --dirty` into the site in place: no staging there.


def on_startup(command, dirty, **kwargs) -> None:
    _build.clear()
    # `build --dirty` rewrites only changed pages in place, by request: a staged build would
    # rebuild everything.
    _build["stage"] = command in ("build", "gh-deploy") and not dirty


@event_priority(50)  # before mkdocs-static-i18n (-100), which logs the folder it builds into
def on_config(config, **kwargs):
    _stage_site(config)
    return config


def _stage_site(config) -> None:
    if "staging" in _build:  # the i18n plugin's build of the next language: same folder
        config.site_dir = str(_build["staging"])
        return
    target = Path(config.site_dir).absolute()
    if not _build.get("stage") or staging.is_serve_folder(target):
        return
    try:
        folder = staging.prepare(target)
    except staging.SiteDirError as e:
        raise PluginError(str(e)) from None
    _build.update(staging=folder, target=target, config=config)
    config.site_dir = str(folder)


def on_build_error(error, **kwargs) -> None:
    # Called by MkDocs for any exception of a build, --strict's abort included (once for each
    # language's build it passes through): the staged site must not be swapped in.
    _build.setdefault("error", error)


def on_shutdown(**kwargs) -> None:
    folder = _build.pop("staging", None)
    if folder is None:
        return
    target, config = _build.pop("target"), _build.pop("config")
    config.site_dir = str(target)  # gh-deploy publishes site_dir after this hook
    error = _build.pop("error", None)
    if _build.pop("complete", False) and error is None:
        try:
            staging.swap(folder, target)
            return
        except (OSError, staging.SiteDirError) as e:
            error = e
    _stop_children()
    staging.remove(folder)
    if isinstance(error, staging.SiteDirError):
        raise Abort(str(error))
    if isinstance(error, OSError):
        # A full disk or a read-only folder: one plain message instead of a traceback.
        shown = str(error.filename or "").replace(str(folder), str(target), 1) or None
        raise Abort(f"{write_error(error, where=shown and staging.display(shown))}\n"
                    f"El sitio anterior no se ha modificado. / The previous site is unchanged.")


def _stop_children() -> None:
    """A failed build's background writer and search indexers, before their folder goes."""
    job = _state.pop("outputs", None)
    if job is not None:
        job.stop()
    for indexing in _state.pop("indexing", []):
        indexing.stop()


@event_priority(-200)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files, config, **kwargs):
    lang = config.theme["language"]
    if lang == LANGUAGES[0]:
        # A new build of the site, and MkDocs has emptied site_dir. Citation files, redirects,
        # feeds and open data need only the catalog: they are written on another core while
        # MkDocs builds the pages. The i18n plugin keeps site_dir at the root for every
        # language (it prefixes the English pages' paths instead).
        # First the PDF sheets (from their cache; missing ones rendered on both cores, which a
        # fork allows only before the Job below starts its threads).
        sheet_pdf.write_all(Path(config.site_dir), _state["catalog"], _state["site"])
        _state["outputs"] = Job(reuse.write_all, Path(config.site_dir), _state["catalog"],
                                _state["project"], _state["site"], niceness=10)
    # `mkdocs serve --dirty` rebuilds only pages whose source file changed. Hand-written pages
    # with a portal marker (latest practices, pending translations, field reference) show the
    # catalog: after each regeneration, drop their built copy so that they are rebuilt too.
    if lang in _state.get("stale", ()):
        _state["stale"].discard(lang)
        for file in files.documentation_pages():
            if file.src_uri.split("/")[0] not in pages.OWNED and \
                    "<!-- portal:" in Path(file.abs_src_path).read_text(encoding="utf-8"):
                Path(file.abs_dest_path).unlink(missing_ok=True)
    return files


def on_post_template(output: str, template_name: str, config, **kwargs) -> str:
    # The i18n plugin renders 404.html once per language and the last one wins; the page is
    # bilingual, so keep the default language's copy (its <html lang="es"> and Spanish nav).
    if template_name == "404.html":
        if config.theme["language"] == "es":
            _state["404"] = csp.with_meta_policy(output)
        return _state.get("404", output)
    return output


def on_page_context(context, page, config, nav, **kwargs):
    # The portal's own words for the theme's templates (the header search counts practices).
    context["portal_words"] = pages.labels()[config.theme["language"]]
    return context


def on_template_context(context, template_name, config, **kwargs):
    context["portal_words"] = pages.labels()[config.theme["language"]]  # the 404 page's header
    return context


def on_post_page(output: str, page, config, **kwargs) -> str:
    # The Content-Security-Policy in the page itself, for hosts that send no header of ours.
    return csp.with_meta_policy(output)


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    generated = _generated_path(page, config)
    if generated in _state["bodies"] and "portal_body" not in page.meta:
        # MkDocs drops front matter it cannot read and renders it as text: never let it.
        raise PluginError(f"docs/{generated}: its front matter could not be read")
    source = page.meta.get("portal_source")
    if source and config.repo_url:
        # "Edit this page" opens the practice's YAML file, not the generated Markdown.
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
    elif page.file.src_uri.split("/")[0] in pages.OWNED:
        page.edit_url = None  # generated from many files (catalog, listings): nothing to edit
    for marker, facet in COUNT_MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, listings.home_counts(
                _state["catalog"], facet, config.theme["language"], pages.labels()))
    if FIELDS_MARKER in markdown or LICENSE_MARKER in markdown:
        lang = config.theme["language"]
        markdown = markdown.replace(FIELDS_MARKER, opendata.fields_markdown(
            _state["project"].schema(), lang))
        markdown = markdown.replace(LICENSE_MARKER, opendata.license_markdown(_state["site"], lang))
    # Editors' pages: field reference, pending translations, link to the proposal form.
    markdown = editors.replace_markers(markdown, lang=config.theme["language"], catalog=_state["catalog"],
                                       schema=_state["schema"], repo_url=config.repo_url or "",
                                       site=_state["site"])
    return markdown


def on_serve(server, config, builder, **kwargs):
    # `mkdocs serve` watches all of docs/, so the pages this hook writes into the generator's own
    # folders (docs/practicas/) made every save build the site twice, and once more at start.
    # Their sources (practices/, src/portal) are watched already: watch the rest of docs/.
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    server.watch(str(docs), recursive=False)
    for child in sorted(docs.iterdir()):
        if child.is_dir() and child.name not in pages.OWNED:
            server.watch(str(child))
    return server


def _generated_path(page, config) -> str | None:
    """"practicas/x.es.md" for a page the generator wrote, else None."""
    path = Path(page.file.abs_src_path).relative_to(Path(config.docs_dir)).as_posix()
    return path if path.split("/")[0] in pages.OWNED else None


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    source = _generated_path(page, config) or f"docs/{page.file.src_uri}"
    body = _state["bodies"].get(_generated_path(page, config) or "")
    if body is not None:
        # The page's Markdown held only its marker; its HTML body never met a Markdown parser.
        if html.strip() != pages.BODY_MARKER:
            raise PluginError(f"docs/{source}: a generated page was edited by hand; "
                              "it is rewritten from practices/ at every build")
        html = zlib.decompress(body[0]).decode("utf-8")
        page.toc = get_toc([dict(token) for token in body[1]])
    # Home and listing pages: search box, totals, themes and cards (see portal.fragments).
    html = fragments.fill(html, _state["catalog"], config.theme["language"], _state["site"])
    found = live_markup(html)
    if found:
        # Nothing in content may run or load: see portal.livemarkup (and portal.csp, which
        # relies on it). A hand-written page gets its file named; anything else is a bug.
        raise PluginError(f"{source}: content holds {found[0]}"
                          f"{f' and {len(found) - 1} more' if len(found) > 1 else ''}; "
                          "content may hold no script, event handler, embedded frame or "
                          "script URL (scripts go in overrides/assets/)")
    practice_id = page.meta.get("portal_id")
    if practice_id:  # only practice sheets are indexed
        practice = _state["catalog"].by_id(practice_id)
        lang = config.theme["language"]
        # Readers get "Suggest a correction" (an issue naming the sheet), not the theme's edit
        # pencil, which opened a YAML file: editing is for the Contribute pages.
        return (search_index.practice_body(html, practice, lang)
                + fragments.correction_link(config.repo_url or "", practice, page.canonical_url, lang))
    return html


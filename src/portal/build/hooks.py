"""The MkDocs hooks: the only module that knows MkDocs. The work is done by the rest of the package.

scripts/hooks.py (named in mkdocs.yml) hands each MkDocs event to one `Hooks` object made in
on_startup. Its state is in two typed objects, never in module globals:

- the `Session`: one `mkdocs` process (build, serve or gh-deploy, --dirty or not, or the
  editors' preview: portal.preview.worker) and, for a build, the staging folder its site is
  written into before it replaces the previous one;
- the `BuildState` of the build under way, made afresh by the default language's on_pre_build,
  so nothing of a build outlives it (under `mkdocs serve` every rebuild reads the practices,
  vocabularies, interface text and templates again).

Hooks run once per language (mkdocs-static-i18n builds the site again for English, inside the
default language's on_post_build): the other languages use the state of the first.
"""

from __future__ import annotations

import json
import logging
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.toc import get_toc

from portal import i18n
from portal.build import csp, markers, parallel, staging
from portal.build import site_files as reuse
from portal.build.output import UnsafeName, UnsafeOutput, sync, write_error, write_files
from portal.build.parallel import Job
from portal.data import feeds
from portal.i18n import message, message_lines
from portal.model.catalog import Catalog, Project
from portal.model.practice import LANGUAGES, language_prefix
from portal.model.site import Site, SiteConfigError, names_from_i18n
from portal.pages import drafts, fragments, sheet_pdf
from portal.pages import generated as pages
from portal.pages.livemarkup import live_markup
from portal.read.practices import Draft, check_draft, load_catalog
from portal.read.problems import ProblemsFound
from portal.read.sourcefiles import read_capped
from portal.search import index as search_index

log = logging.getLogger("mkdocs.hooks.portal")


@dataclass
class Session:
    """One `mkdocs` process, from MkDocs' on_startup."""

    command: str  # "build", "serve", "gh-deploy" or "preview" (portal.preview.worker)
    dirty: bool  # MkDocs rebuilds only the pages whose source file changed
    # The preview's reader of practice files (portal.preview.unchanged), else read_capped.
    read: object = None
    builds: int = 0  # whole-site builds begun (a serve session builds once per save)
    # Where a build writes its site and whether it may replace the previous one (see
    # portal.build.staging): the staging folder, the folder it replaces, the config whose
    # site_dir is restored, the first error of the build, and whether every part was written.
    staging: Path | None = None
    target: Path | None = None
    config: object = None
    error: BaseException | None = None
    complete: bool = False

    @property
    def preview(self) -> bool:
        """The editors' preview: problems make draft pages instead of stopping the build, and
        the search index, site files, CSP header file and PDFs are left to the preview's idle
        time (portal.preview.idle)."""
        return self.command == "preview"

    @property
    def stages(self) -> bool:
        # `build --dirty` rewrites only changed pages in place, by request: a staged build would
        # rebuild everything. `mkdocs serve` builds into its own temporary folder.
        return self.command in ("build", "gh-deploy") and not self.dirty


@dataclass
class BuildState:
    """One build of the whole site (every language)."""

    project: Project
    site: Site
    catalog: Catalog
    schema: dict  # for the field references (Contribute and Open data pages)
    # The HTML bodies of generated pages (sheets, catalog) by their path under docs/, put in
    # after MkDocs' Markdown pass (on_page_content); compressed, as they are held for the whole
    # build (~1 MB a thousand), with their toc tokens, what in them could run (Page.live) and
    # a sheet's head (Page.head, as compressed JSON).
    bodies: dict[str, tuple[bytes, tuple, tuple, bytes | None]]
    # Languages whose hand-written pages with a marker must still be dropped from a --dirty
    # site (see on_files).
    stale: set[str]
    outputs: Job | None = None  # the citation, redirect, feed and open data writer
    indexing: list[search_index.Indexing] = field(default_factory=list)  # one per language
    pages_404: dict[str, str] = field(default_factory=dict)  # each language's 404 page
    # The preview only: every problem and the files with errors, and each language's MkDocs
    # files, navigation and template environment, with which it re-renders pages after a save.
    draft: Draft | None = None
    mkdocs: dict[str, dict] = field(default_factory=dict)


def compressed(page: pages.Page) -> tuple[bytes, tuple, tuple, bytes | None]:
    head = None if page.head is None else zlib.compress(json.dumps(page.head).encode("utf-8"), 1)
    return zlib.compress(page.body.encode("utf-8"), 1), tuple(page.toc()), page.live, head


def _site(config) -> Site:
    """Address, names and licence from mkdocs.yml. The i18n plugin swaps site_name during the
    English build; its saved original is the general (Spanish) one."""
    i18n = config.plugins.get("i18n")
    default = getattr(i18n, "original_configs", {}).get("site_name", config.site_name)
    languages = [dict(lang) for lang in i18n.config.languages] if i18n else []
    return Site.of(config.site_url, names_from_i18n(default, languages),
                   config.extra.get("license"), config.extra)


def written_in(lang: str, page) -> bool:
    """Whether a page is written in `lang`. A practice sheet names the languages its text is in
    (front matter `portal_languages`, from portal.pages.generated): its page in another language
    shows the default language's text, and is no alternate to cite, list or link as `lang`.
    Any other page is written in every language of the site."""
    written = (getattr(page, "meta", None) or {}).get("portal_languages")
    return not written or lang in written


def starts_a_build(config) -> bool:
    """The default language comes first: its events begin a new build of the whole site."""
    return config.theme["language"] == LANGUAGES[0]


def _generated_path(page, config) -> str | None:
    """"practicas/x.es.md" for a page the generator wrote, else None."""
    path = Path(page.file.abs_src_path).relative_to(Path(config.docs_dir)).as_posix()
    return path if path.split("/")[0] in pages.OWNED else None


class Hooks:
    def __init__(self, session: Session):
        self.session = session
        self.build: BuildState | None = None
        # `mkdocs serve` runs a web server and a file watcher on threads: never fork there (the
        # preview's worker has no thread: its server is another process).
        parallel.choose(second_core=session.command != "serve")

    # --- Where the site is written, and when it replaces the previous one ---------------------
    # `mkdocs build` (and gh-deploy) write into a staging folder beside the site folder;
    # on_shutdown, which MkDocs calls after the whole build (both languages and the --strict
    # count), swaps it in only if nothing failed.

    def on_config(self, config):
        s = self.session
        if s.staging is not None:  # the i18n plugin's build of the next language: same folder
            config.site_dir = str(s.staging)
            return config
        target = Path(config.site_dir).absolute()
        if not s.stages or staging.is_serve_folder(target):
            return config
        try:
            folder = staging.prepare(target)
        except staging.SiteDirError as e:
            raise PluginError(str(e)) from None
        s.staging, s.target, s.config = folder, target, config
        config.site_dir = str(folder)
        return config

    def on_build_error(self, error) -> None:
        # Called by MkDocs for any exception of a build, --strict's abort included (once for each
        # language's build it passes through): the staged site must not be swapped in.
        if self.session.error is None:
            self.session.error = error

    def on_shutdown(self) -> None:
        s = self.session
        folder, target, config, error = s.staging, s.target, s.config, s.error
        complete = s.complete
        s.staging = s.target = s.config = s.error = None
        s.complete = False
        if folder is None:
            return
        config.site_dir = str(target)  # gh-deploy publishes site_dir after this hook
        if complete and error is None:
            try:
                staging.swap(folder, target)
                return
            except (OSError, staging.SiteDirError) as e:
                error = e
        self._stop_children()
        staging.remove(folder)
        if isinstance(error, staging.SiteDirError):
            raise Abort(str(error))
        if isinstance(error, OSError):
            # A full disk or a read-only folder: one plain message instead of a traceback.
            shown = str(error.filename or "").replace(str(folder), str(target), 1) or None
            raise Abort(f"{write_error(error, where=shown and staging.display(shown))}\n"
                        f"{message('build.previous_unchanged')}")

    def _stop_children(self) -> None:
        """A failed build's background writer and search indexers, before their folder goes."""
        state = self.build
        if state is None:
            return
        if state.outputs is not None:
            state.outputs.stop()
            state.outputs = None
        for indexing in state.indexing:
            indexing.stop()
        state.indexing = []

    # --- The build ------------------------------------------------------------------------------

    def on_pre_build(self, config) -> None:
        if not starts_a_build(config) and self.build is not None:
            return  # the other language of the same build: pages are current
        self.session.builds += 1
        self.build = None  # nothing of the previous build is used again
        project = Project(Path(config.config_file_path).parent)
        draft = None
        try:
            site = _site(config)
            for lang in LANGUAGES:
                i18n.words(lang)  # every language file has every key, before any page is made
            if self.session.preview:
                draft = check_draft(project, self.session.read or read_capped)
                catalog = draft.catalog
                generated = pages.all_pages(catalog, site, render_pdf=False)
                found = drafts.draft_pages(draft, site)
                generated.files.update({path: page.markdown for path, page in found.items()})
                generated.bodies.update(found)
            else:
                catalog = load_catalog(project)
                generated = pages.all_pages(catalog, site)
        except ProblemsFound as e:
            # PluginError stops the build with its message and no traceback.
            raise PluginError(f"{message('build.invalid')}:\n{e}") from None
        except (i18n.MissingText, SiteConfigError) as e:
            raise PluginError(str(e)) from None
        for warning in catalog.warnings:
            log.info(str(warning))  # warnings never fail --strict; `make check` shows them
        try:
            report = sync(project.docs_dir, pages.OWNED, generated.files)
        except (UnsafeOutput, UnsafeName) as e:
            raise PluginError(str(e)) from None
        except OSError as e:
            raise PluginError(write_error(e)) from None
        if report.written or report.deleted:
            log.info("portal: %s", message("build.pages_written", written=len(report.written),
                                           deleted=len(report.deleted), unchanged=report.unchanged))
        self.build = BuildState(
            project, site, catalog, project.schema(),
            {path: compressed(page) for path, page in generated.bodies.items()},
            stale=set(LANGUAGES) if self.session.dirty else set(), draft=draft)

    def on_files(self, files, config):
        state = self.build
        lang = config.theme["language"]
        if lang == LANGUAGES[0] and not self.session.preview:
            # A new build of the site, and MkDocs has emptied site_dir. Citation files,
            # redirects, feeds and open data need only the catalog: they are written on another
            # core while MkDocs builds the pages. The i18n plugin keeps site_dir at the root for
            # every language (it prefixes the English pages' paths instead).
            # First the PDF sheets (from their cache; missing ones rendered on both cores, which
            # a fork allows only before the Job below starts its threads).
            sheet_pdf.write_all(Path(config.site_dir), state.catalog, state.site)
            state.outputs = Job(reuse.write_all, Path(config.site_dir), state.catalog,
                                state.project, state.site, niceness=10)
        # `--dirty` rebuilds only pages whose source file changed. Hand-written pages with a
        # portal marker (latest practices, pending translations, field reference) show the
        # catalog: drop their built copy so that they are rebuilt too.
        if lang in state.stale:
            state.stale.discard(lang)
            for file in files.documentation_pages():
                if file.src_uri.split("/")[0] not in pages.OWNED and \
                        markers.MARKER.search(Path(file.abs_src_path).read_text(encoding="utf-8")):
                    Path(file.abs_dest_path).unlink(missing_ok=True)
        if self.session.preview:
            state.mkdocs[lang] = {"files": files}
        return files

    def on_nav(self, nav, config, files):
        if self.session.preview:  # after the i18n plugin's, which makes each language's nav
            self.build.mkdocs[config.theme["language"]]["nav"] = nav
        return nav

    def on_env(self, env, config, files):
        # `lang is written_in(page)`: overrides/main.html (hreflang) and overrides/sitemap.xml
        # (alternates) ask it the same way.
        env.tests["written_in"] = written_in
        if self.session.preview:
            self.build.mkdocs[config.theme["language"]]["env"] = env
        return env

    def preview_update(self, draft: Draft, bodies: dict[str, pages.Page]) -> None:
        """After a save (portal.preview.worker): the new catalog and problems, and the bodies
        of the pages it re-renders; every other page keeps what the build gave it."""
        state = self.build
        state.catalog, state.draft = draft.catalog, draft
        state.bodies.update({path: compressed(page) for path, page in bodies.items()})

    def on_page_context(self, context, page, config, nav):
        return self._theme_context(context, config)

    def on_template_context(self, context, template_name, config):
        return self._theme_context(context, config)  # the 404 page's

    def _theme_context(self, context, config):
        # What the theme's templates (overrides/) take from the portal: its words (the header
        # search counts practices), the default language and this language's feed.
        lang = config.theme["language"]
        context["portal_words"] = pages.labels()[lang]
        context["portal_default_language"] = LANGUAGES[0]
        context["portal_feed_path"] = feeds.feed_path(lang)
        context["portal_home"] = language_prefix(lang)
        # The preview's problems banner goes where overrides/main.html puts a marker for it.
        context["portal_preview"] = self.session.preview
        context["portal_other_languages"] = [{"lang": other, "home": language_prefix(other),
                                              "words": pages.labels()[other]}
                                             for other in LANGUAGES if other != lang]
        return context

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        state = self.build
        generated = _generated_path(page, config)
        body = state.bodies.get(generated or "")
        if body is not None and "portal_body" not in page.meta:
            # MkDocs drops front matter it cannot read and renders it as text: never let it.
            raise PluginError(message_lines("build.front_matter", page=f"docs/{generated}"))
        if body is not None and body[3] is not None:
            # A sheet's citation metadata, for overrides/main.html and overrides/sitemap.xml.
            page.meta["portal_head"] = json.loads(zlib.decompress(body[3]))
        source = page.meta.get("portal_source")
        if source and config.repo_url:
            # "Edit this page" opens the practice's YAML file, not the generated Markdown.
            page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
        elif generated is not None:
            page.edit_url = None  # generated from many files (catalog, listings): nothing to edit
        path = Path(page.file.abs_src_path)
        try:
            return markers.replace(markdown, markers.MARKDOWN, self._context(config),
                                   source=f"docs/{path.relative_to(config.docs_dir).as_posix()}",
                                   source_text=path.read_text(encoding="utf-8"),
                                   generated=generated is not None)
        except markers.MarkerError as e:
            raise PluginError(str(e)) from None

    def _context(self, config) -> markers.Context:
        state = self.build
        return markers.Context(state.catalog, state.schema, state.site, config.theme["language"],
                               config.repo_url or "")

    def on_page_content(self, html: str, page, config, files) -> str:
        state = self.build
        generated = _generated_path(page, config)
        source = f"docs/{generated or page.file.src_uri}"
        body = state.bodies.get(generated or "")
        if body is not None:
            # The page's Markdown held only its marker; its HTML body never met a Markdown parser.
            if html.strip() != pages.BODY_MARKER:
                raise PluginError(message_lines("build.edited_by_hand", page=source))
            html = zlib.decompress(body[0]).decode("utf-8")
            page.toc = get_toc([dict(token) for token in body[1]])
        # Home and listing pages: search box, totals, themes, map and cards (HTML parts).
        content = markers.replace(html, markers.HTML, self._context(config), source=source)
        # A generated body was looked at when it was made; any other content, or a body a
        # marker changed, is looked at now.
        found = list(body[2]) if body is not None and content is html else live_markup(content)
        html = content
        if found:
            # Nothing in content may run or load: see portal.pages.livemarkup (and
            # portal.build.csp, which relies on it). A hand-written page gets its file named;
            # anything else is a bug.
            raise PluginError(message_lines("build.live_markup_more", page=source, found=found[0],
                                            more=len(found) - 1) if len(found) > 1 else
                              message_lines("build.live_markup", page=source, found=found[0]))
        practice_id = page.meta.get("portal_id")
        if practice_id:  # only practice sheets are indexed
            practice = state.catalog.by_id(practice_id)
            lang = config.theme["language"]
            # MkDocs reads no canonical URL from front matter: a sheet shown in another
            # language's text names its own (portal.pages.generated).
            page.canonical_url = page.meta.get("portal_canonical", page.canonical_url)
            # Readers get "Suggest a correction" (an issue naming the sheet), not the theme's
            # edit pencil, which opened a YAML file: editing is for the Contribute pages.
            return (search_index.practice_body(html, practice, lang)
                    + fragments.correction_link(config.repo_url or "", practice, page.canonical_url, lang))
        return html

    def on_post_page(self, output: str, page, config) -> str:
        # The Content-Security-Policy in the page itself, for hosts that send no header of ours.
        return csp.with_meta_policy(output)

    def on_post_template(self, output: str, template_name: str, config) -> str:
        # The i18n plugin renders 404.html once per language into the same file, and the last
        # one wins: keep the default language's there (it says it in every language); the
        # others are written to <lang>/404.html by on_post_build.
        if template_name == "404.html":
            pages_404 = self.build.pages_404
            pages_404[config.theme["language"]] = csp.with_meta_policy(output)
            return pages_404.get(LANGUAGES[0], output)
        return output

    def on_post_build(self, config) -> None:
        state = self.build
        lang = config.theme["language"]
        if lang != LANGUAGES[0] and lang in state.pages_404:
            write_files(Path(config.site_dir), state.site.prefix(lang).rstrip("/"),
                        {"404.html": state.pages_404[lang].encode("utf-8")})
        if self.session.preview:  # the rest waits for the preview's idle time
            self.session.complete = lang == LANGUAGES[-1]
            return
        if lang == LANGUAGES[0]:
            try:
                files, state.outputs = state.outputs.result(), None  # see on_files
            except (UnsafeOutput, UnsafeName) as e:
                raise PluginError(str(e)) from None
            log.info("portal: %s", message("build.site_files", n=files))
        # This language's search index, by Pagefind in its own process: the i18n plugin builds
        # the next language inside the default language's on_post_build (priority -100, after
        # this hook) meanwhile. The i18n plugin keeps site_dir at the root for every language.
        try:
            state.indexing.append(search_index.Indexing(Path(config.site_dir) / state.site.prefix(lang),
                                                        background=lang != LANGUAGES[-1]))
        except search_index.SearchIndexError as e:
            raise PluginError(str(e)) from None
        if lang != LANGUAGES[-1]:
            return
        # What completes the whole site runs once, after the last language, whose call comes
        # last (every language's build has written the theme's sitemap by now). The
        # Content-Security-Policy hashes the theme's inline scripts of every built page (HTML
        # only, which Pagefind does not write: the last index is built meanwhile).
        reuse.sitemap_index(Path(config.site_dir), state.site)
        csp.write_headers(Path(config.site_dir))
        try:
            for indexing in state.indexing:
                log.info("portal: %s: %s", message("build.search_index"), indexing.wait())
        except search_index.SearchIndexError as e:
            raise PluginError(str(e)) from None
        finally:
            state.indexing = []
        self.session.complete = True  # every page, index and file is written: it may be swapped in

    def on_serve(self, server, config, builder):
        # `mkdocs serve` watches all of docs/, so the pages this hook writes into the generator's
        # own folders (docs/practicas/) made every save build the site twice, and once more at
        # start. Their sources (practices/, src/portal) are watched already: watch the rest.
        docs = Path(config.docs_dir)
        server.unwatch(str(docs))
        server.watch(str(docs), recursive=False)
        for child in sorted(docs.iterdir()):
            if child.is_dir() and child.name not in pages.OWNED:
                server.watch(str(child))
        return server

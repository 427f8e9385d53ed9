"""The preview's builder, a process of its own that the preview server runs (never by hand):

    python -m portal.preview.worker --root PROJECT --site FOLDER

It builds the whole site once into FOLDER through MkDocs' own build() (both languages, draft
mode: see portal.build.hooks.Session.preview), says so on its standard output, then watches
practices/. On a save it re-reads that file only (portal.preview.unchanged), checks it again
and re-renders only the pages it changes (portal.preview.affected) through MkDocs' page
pipeline (portal.preview.pipeline), then the site-wide work waits for idle time
(portal.preview.idle). A practice file added or removed, or a listing page that appears or
goes, changes MkDocs' files and navigation: the worker says `restart` and the server starts
a new one, which builds everything again.

Its standard output carries one JSON object a line for the server: {"ready": seconds},
{"updated": file, "pages": n, "seconds": s}, {"restart": file}, {"failed": message}.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from portal.build import markers
from portal.build.output import update
from portal.i18n import message
from portal.model.catalog import Project
from portal.model.practice import LANGUAGES
from portal.pages import catalog_data, drafts
from portal.pages import generated as pages
from portal.pages.listings import listing_page_paths
from portal.pages.related import related, related_all
from portal.preview import pipeline
from portal.preview.affected import Affected, listing_values, practices_of, related_sheets
from portal.preview.idle import Idle
from portal.preview.unchanged import UnchangedFiles
from portal.read.practices import check_draft
from portal.read.problems import report

POLL = 0.1  # seconds between looks at practices/ (a stat per file)
IDLE_AFTER = 1.0  # seconds without a save before the site-wide work starts
BANNERS = ".portal-preview"  # the banner of each language, in the site folder, for the server

log = logging.getLogger("mkdocs.hooks.portal")


def page_paths(catalog, site) -> set[str]:
    """The listing and numbered catalog pages a catalog has: a save that changes them changes
    MkDocs' files, and the whole site is built again."""
    return listing_page_paths(catalog) | catalog_data.page_paths(catalog, site.catalog_page_size)


def say(**event) -> None:
    print(json.dumps(event), flush=True)


def _statuses(project: Project) -> dict[str, tuple]:
    out = {}
    for path in project.practice_files():
        try:
            st = os.lstat(path)
        except OSError:
            continue
        out[path.name] = (st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return out


class Worker:
    def __init__(self, root: Path, site_dir: Path, parent: int | None = None):
        self.parent = parent
        self.project = Project(root)
        self.site_dir = site_dir
        self.read = UnchangedFiles()
        self.config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
        self.config.plugins.on_startup(command="preview", dirty=False)
        # scripts/hooks.py, as MkDocs loaded it: its Hooks object holds the build's state.
        self.hooks = next(iter(self.config.hooks.values())).current()
        self.hooks.session.read = self.read
        self.idle = Idle(site_dir, lambda: self.hooks.build, self._pdf_done)

    # --- the first build ---------------------------------------------------------------------

    def build(self) -> None:
        self.statuses = _statuses(self.project)
        build(self.config)
        state = self.hooks.build
        self.related = related_all(state.catalog.practices)
        self.listings = page_paths(state.catalog, state.site)
        # Hand-written pages with a marker show the catalog (home's totals, map and latest,
        # pending translations...): every save renders them again.
        self.marked = {lang: [f.src_uri for f in state.mkdocs[lang]["files"].documentation_pages()
                              if f.src_uri.split("/")[0] not in pages.OWNED and
                              markers.MARKER.search(Path(f.abs_src_path).read_text(encoding="utf-8"))]
                       for lang in LANGUAGES}
        self._banners()
        self._log_problems()
        self.idle.saved()

    def _banners(self) -> None:
        state = self.hooks.build
        for lang in LANGUAGES:
            pipeline.write_atomically(self.site_dir / BANNERS / f"banner.{lang}.html",
                                      drafts.banner(state.draft, state.site, lang).encode("utf-8"))

    def _log_problems(self) -> None:
        problems = list(self.hooks.build.draft.problems)
        if problems:
            print(report(problems), file=sys.stderr, flush=True)

    # --- a save ------------------------------------------------------------------------------

    def changes(self) -> tuple[set[str], bool]:
        """The names of practice files saved since the last look, and whether one was added or
        removed."""
        now = _statuses(self.project)
        before, self.statuses = self.statuses, now
        changed = {name for name in now if before.get(name) != now[name]}
        return changed, set(now) != set(before)

    def saved(self, names: set[str]) -> int | None:
        """Re-render what the saved files change; None when the whole site must be built again.
        The saved files' own pages come first, as they are what the editor is looking at; then
        the catalog, listings and home; last the sheets that show them among related practices
        (ranking every practice's related ones is the slowest step at 5,000)."""
        state = self.hooks.build
        before, related_before = state.draft, self.related
        draft = check_draft(self.project, self.read)
        if page_paths(draft.catalog, state.site) != self.listings:
            return None  # a listing or catalog page appears or goes: MkDocs' files change
        stems = {Path(name).stem for name in names}
        current = {p.id: p for p in draft.catalog.practices}
        own = stems & set(practices_of(draft))
        counts = [self._refresh(draft, Affected(own, stems, set()), catalog=False, marked=False,
                                related={s: related(current[s], draft.catalog.practices)
                                         for s in own if s in current})]
        counts.append(self._refresh(draft, Affected(set(), set(), listing_values(before, draft, stems))))
        self.related = related_all(draft.catalog.practices)
        counts.append(self._refresh(draft, Affected(related_sheets(stems, related_before, self.related),
                                                    set(), set()), catalog=False, marked=False))
        return None if None in counts else sum(counts)

    def _refresh(self, draft, what: Affected, *, catalog: bool = True, marked: bool = True,
                 related: dict | None = None) -> int | None:
        state = self.hooks.build
        made = pages.pages_of(draft.catalog, state.site, what.sheets,
                              self.related if related is None else related, what.values,
                              with_catalog=catalog, render_pdf=False)
        found = drafts.draft_pages(draft, state.site, what.drafts) if what.drafts else {}
        files = {**made.files, **{path: page.markdown for path, page in found.items()}}
        # Only the pages whose file changed go through MkDocs again: a generated page's file
        # carries a digest of its body, so an unchanged file is an unchanged page (most of the
        # numbered catalog pages after a save at 5,000 practices).
        changed = set(update(self.project.docs_dir, pages.OWNED, files))
        self.hooks.preview_update(draft, {**made.bodies, **found})
        self._banners()
        done = 0
        for lang in LANGUAGES:
            self.config = pipeline.for_language(self.config, lang)
            uris = sorted(path for path in changed if path.endswith(f".{lang}.md"))
            missing = pipeline.render(self.config, state.mkdocs[lang], uris + (self.marked[lang] if marked else []))
            if missing:
                return None
            done += len(uris) + (len(self.marked[lang]) if marked else 0)
        return done

    def _pdf_done(self, practice_id: str) -> None:
        """A practice's PDFs are in the site: its sheets again, with the PDF's size."""
        self._refresh(self.hooks.build.draft, Affected({practice_id}, set(), set()), catalog=False,
                      marked=False)

    # --- the loop ----------------------------------------------------------------------------

    def run(self) -> int:
        last_save = time.monotonic()
        while self.parent is None or os.getppid() == self.parent:
            names, added_or_removed = self.changes()
            if names or added_or_removed:
                name = sorted(names)[0] if names else ""
                if added_or_removed:
                    say(restart=name)
                    return 0
                started = time.monotonic()
                try:
                    done = self.saved(names)
                except Exception:  # noqa: BLE001 - a whole build is the fallback of a partial one
                    log.exception("portal: %s", message("preview.rebuild", file=f"practices/{name}"))
                    done = None
                if done is None:
                    say(restart=name)
                    return 0
                self._log_problems()
                say(updated=f"practices/{name}", pages=done,
                    seconds=round(time.monotonic() - started, 2))
                self.idle.saved({Path(n).stem for n in names})
                last_save = time.monotonic()
            elif self.idle.busy and time.monotonic() - last_save >= IDLE_AFTER:
                self.idle.step()
                while self.idle.reports:
                    log.info("portal: %s", message("preview.idle", seconds=self.idle.reports.pop(0)))
            time.sleep(POLL)
        return 0  # the server has gone: nothing left to build for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal.preview.worker")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--parent", type=int, default=None)  # ends when that process does
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING,
                        stream=sys.stderr)
    log.setLevel(logging.INFO)
    started = time.monotonic()
    try:
        worker = Worker(args.root.resolve(), args.site.resolve(), args.parent)
        worker.build()
    except (Abort, PluginError) as e:
        say(failed=str(e))
        return 1
    say(ready=round(time.monotonic() - started, 2))
    return worker.run()


if __name__ == "__main__":
    sys.exit(main())

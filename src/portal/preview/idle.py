"""What the preview leaves until nothing has been saved for a moment: the work over the whole
site that `make build` does on every build (citation, feed and open data files; each
language's Pagefind index; the CSP header file) and the PDF sheets the cache lacks. One task
at a time, each in another process (a fork, or Pagefind's own), so that a save is never kept
waiting behind one: the worker polls them between its checks for saves."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from portal.build import csp
from portal.build import site_files as reuse
from portal.build.parallel import Job
from portal.model.practice import LANGUAGES
from portal.pages import sheet_pdf
from portal.search import index as search_index

SITE_WIDE = ("site_files", *(f"search_{lang}" for lang in LANGUAGES), "csp")


def _render_pdfs(practice, catalog, site) -> list:
    return [sheet_pdf.sheet(practice, catalog, site, lang) for lang in LANGUAGES]


class Idle:
    """`state()` gives the hooks' BuildState (catalog, project, site); `sheet_done(id)` is
    called once a practice's PDFs are in the site, to render its sheets again with their size."""

    def __init__(self, site_dir: Path, state: Callable, sheet_done: Callable[[str], None]):
        self.site_dir, self._state, self._sheet_done = site_dir, state, sheet_done
        self._todo: list[str] = []  # SITE_WIDE tasks still to do, in order
        self._pdfs: list[str] = []  # practice ids whose PDFs are to be put in the site
        self._running = None  # (task, Job or Indexing)
        self._started = 0.0
        self.reports: list[str] = []  # finished rounds, for the log

    def saved(self, practice_ids: set[str] | None = None) -> None:
        """Something changed: the site-wide tasks are due again; `practice_ids`' PDFs first
        (None: every practice's, after a full build)."""
        self._todo = list(SITE_WIDE)
        state = self._state()
        ids = ([p.id for p in (*state.catalog.practices, *state.catalog.withdrawn)]
               if practice_ids is None else sorted(practice_ids))
        self._pdfs = ids + [i for i in self._pdfs if i not in ids]
        if not self._started:
            self._started = time.monotonic()

    @property
    def busy(self) -> bool:
        return bool(self._running or self._todo or self._pdfs)

    def step(self) -> None:
        """Start the next task, or collect the one running. Never waits for one."""
        if self._running is not None:
            task, job = self._running
            if not job.done():
                return
            self._running = None
            result = job.result() if isinstance(job, Job) else job.wait()
            if task == "pdf":
                practice_id, sheets = result
                for s in sheets:
                    sheet_pdf.place(self.site_dir, s, self._state().site)
                self._sheet_done(practice_id)
            if not self._todo and task == SITE_WIDE[-1] and self._started:
                self.reports.append(f"{time.monotonic() - self._started:.1f}")
                self._started = 0.0
            return
        state = self._state()
        if self._todo:
            task = self._todo.pop(0)
            if task == "site_files":
                job = Job(reuse.write_all, self.site_dir, state.catalog, state.project, state.site,
                          niceness=10)
            elif task.startswith("search_"):
                job = search_index.Indexing(self.site_dir / state.site.prefix(task[len("search_"):]),
                                            background=True)
            else:
                job = Job(csp.write_headers, self.site_dir, niceness=10)
            self._running = (task, job)
            return
        while self._pdfs:
            practice_id = self._pdfs.pop(0)
            try:
                practice = state.catalog.by_id(practice_id)
            except KeyError:
                continue  # it has errors now: a draft page has no PDF
            cached = [sheet_pdf.cached_sheet(practice, state.catalog, state.site, lang)
                      for lang in LANGUAGES]
            if all(cached):  # the page shows its size already: only link the files
                for s in cached:
                    sheet_pdf.place(self.site_dir, s, state.site)
                continue
            self._running = ("pdf", Job(lambda p=practice: (p.id, _render_pdfs(p, state.catalog, state.site)),
                                        niceness=10))
            return

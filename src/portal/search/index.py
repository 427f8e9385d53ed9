"""The search index: Pagefind over the built HTML, and the attributes that tell it what to index.

Pagefind (PyPI pagefind[bin], the binary ships in the wheel, no network) reads each language's
built practice sheets and writes that language's bundle in its home: site/pagefind/ for
Spanish, site/en/pagefind/ for English, split in small chunks that the browser fetches per
query. Only practice sheets are read, and only their data-pagefind-body, so nav, footer,
listings and the catalog stay out of the index. Facet values are permanent keys (see
portal.pages.facets); the catalog page turns them into labels.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from markupsafe import Markup, escape

from portal.build.parallel import die_with_parent
from portal.i18n import message, message_lines
from portal.model.collation import sort_key
from portal.model.countries import country_name
from portal.model.practice import Practice
from portal.pages.cards import card_meta
from portal.pages.facets import practice_filters
from portal.pages.generated import labels
from portal.pages.markup import title_text

BUNDLE = "pagefind"  # folder of a language's index, under its home
PAGES = "practicas/*/index.html"  # the practice sheets, relative to a language's home


class SearchIndexError(RuntimeError):
    pass


def practice_body(content: str, practice: Practice, lang: str) -> str:
    """A practice's HTML content wrapped as Pagefind's body, with its filters, sort keys and
    result metadata in an element Pagefind reads but does not index as words."""
    # A title is shown the way the theme shows it: entities an editor typed are decoded once
    # (the schema refuses < and >), then escaped, so they read as text.
    title = title_text(practice.title(lang))
    attrs = [Markup('<span data-pagefind-filter="{}"></span>').format(f"{name}:{value}")
             for name, values in practice_filters(practice).items() for value in values]
    data = Markup("").join([
        *attrs,
        Markup('<span data-pagefind-meta="title">{}</span>').format(title),
        Markup('<span data-pagefind-meta="place">{}</span>').format(
            ", ".join(country_name(c, lang) for c in practice.countries)),
        Markup('<span data-pagefind-meta="year">{}</span>').format(practice.start_year),
        # The rest of the practice's card (portal.pages.cards), for result lists that look like it.
        *(Markup('<span data-pagefind-meta="{}">{}</span>').format(name, value)
          for name, value in _card_meta(practice, lang).items() if value),
        Markup('<span data-pagefind-sort="published">{}</span>').format(practice.published),
        Markup('<span data-pagefind-sort="title">{}</span>').format(sort_key(title, lang)),
    ])
    text_lang = practice.text_language(lang)
    if text_lang == lang:
        return (f'<div data-pagefind-body>\n<div hidden data-pagefind-ignore>{data}</div>\n'
                f'<h1>{escape(title)}</h1>\n{content}\n</div>')
    # Not translated into this language: its title (marked as the language it is in) and its
    # filters are indexed, its body is not, so that Spanish words are never stemmed as
    # Portuguese ones (Pagefind stems by the page's <html lang>).
    return (f'<div data-pagefind-body>\n<div hidden data-pagefind-ignore>{data}</div>\n'
            f'<h1 lang="{text_lang}">{escape(title)}</h1>\n'
            f'<div data-pagefind-ignore="all">\n{content}\n</div>\n</div>')


def _card_meta(practice: Practice, lang: str) -> dict[str, str]:
    # title and place are given above (place and year are what the header search shows)
    meta = card_meta(practice, lang, labels()[lang])
    return {name: meta[name] for name in ("institution", "when", "summary", "gcm", "lang")}


def executable() -> Path:
    """Pagefind's program: PAGEFIND_BINARY_PATH, else the one of the pagefind[bin] wheel (what
    `python -m pagefind` would exec). Raises SearchIndexError, in plain words, if it is missing."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None or not os.path.isfile(found) or not os.access(found, os.X_OK):
        raise SearchIndexError(f"{message('build.pagefind_failed')}:\n"
                               + message_lines("build.pagefind_missing", program=found or "pagefind_bin"))
    return Path(found)


class Indexing:
    """Pagefind over one language's practice pages, started now in its own process, so that
    MkDocs builds the next language meanwhile. `lang_folder` is the language's home in the
    built site (the root for Spanish, en/ for English); the bundle goes in its pagefind/ folder,
    holding that language's index only, and result URLs are relative to that home."""

    def __init__(self, lang_folder: Path, *, background: bool = False):
        # A file, not a pipe: a pipe nobody reads while the build goes on could fill and stall.
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        command = [str(executable()), "--site", str(lang_folder), "--glob", PAGES,
                   "--output-subdir", BUNDLE]
        if background and shutil.which("nice"):
            # Its threads must not slow the page build it runs beside (2 cores in CI).
            command = ["nice", "-n", "10", *command]
        # Killed by the kernel if the build dies, even by kill -9 (see background.die_with_parent):
        # a dead build's index must not go on being written.
        self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT,
                                         preexec_fn=functools.partial(die_with_parent, os.getpid()))
        # If the build fails before wait(), the index must not be written later into its site.
        atexit.register(self.stop)

    def stop(self) -> None:
        """End Pagefind now if it still runs (the build failed)."""
        atexit.unregister(self.stop)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()

    def done(self) -> bool:
        """Whether Pagefind has finished (wait() would not wait)."""
        return self._process.poll() is not None

    def wait(self) -> str:
        """Its summary line, once it has finished. Raises SearchIndexError on failure."""
        code = self._process.wait()
        atexit.unregister(self.stop)
        self._log.seek(0)
        output = self._log.read()
        self._log.close()
        if code != 0:
            raise SearchIndexError(f"{message('build.pagefind_failed')}:\n{output}")
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        return next((line for line in reversed(lines) if "Indexed" in line or "Finished" in line),
                    lines[-1] if lines else "")

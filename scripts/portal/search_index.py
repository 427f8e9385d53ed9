"""The search index: Pagefind over the built HTML, and the attributes that tell it what to index.

Pagefind (PyPI pagefind[bin], the binary ships in the wheel, no network) reads the finished
site and writes site/pagefind/: one index per <html lang>, split in small chunks that the
browser fetches per query. Only practice sheets carry data-pagefind-body, so nav, footer,
listings and the catalog stay out of the index. Facet values are permanent keys (see
portal.facets); the catalog page turns them into labels.
"""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

from markupsafe import Markup, escape

from .countries import country_name
from .facets import practice_filters
from .model import Practice

BUNDLE = "pagefind"  # folder of the index under the site root


class SearchIndexError(RuntimeError):
    pass


def practice_body(content: str, practice: Practice, lang: str) -> str:
    """A practice's HTML content wrapped as Pagefind's body, with its filters, sort keys and
    result metadata in an element Pagefind reads but does not index as words."""
    # A title is shown the way the theme shows it: entities an editor typed are decoded once
    # (the schema refuses < and >), then escaped, so they read as text.
    title = html.unescape(practice.title(lang))
    attrs = [Markup('<span data-pagefind-filter="{}"></span>').format(f"{name}:{value}")
             for name, values in practice_filters(practice).items() for value in values]
    data = Markup("").join([
        *attrs,
        Markup('<span data-pagefind-meta="title">{}</span>').format(title),
        Markup('<span data-pagefind-meta="place">{}</span>').format(
            ", ".join(country_name(c, lang) for c in practice.countries)),
        Markup('<span data-pagefind-meta="year">{}</span>').format(practice.start_year),
        Markup('<span data-pagefind-sort="published">{}</span>').format(practice.published),
        Markup('<span data-pagefind-sort="title">{}</span>').format(title.casefold()),
    ])
    return (f'<div data-pagefind-body>\n<div hidden data-pagefind-ignore>{data}</div>\n'
            f'<h1>{escape(title)}</h1>\n{content}\n</div>')


def build_index(site_dir: Path) -> str:
    """Run Pagefind over a built site; returns its summary line. Raises on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed:\n{result.stdout}\n{result.stderr}")
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    return next((line for line in reversed(lines) if "Indexed" in line or "Finished" in line),
                lines[-1] if lines else "")

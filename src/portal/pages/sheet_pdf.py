"""The one-page PDF sheet of every practice in every language, as partners print and e-mail it.

WeasyPrint lays out an HTML template of its own (templates/pdf_sheet.html.j2) with a print
stylesheet (templates/pdf_sheet.css), in the build's own process: no browser. The PDF is PDF/UA-1
(tagged, with /Lang, title and author), its fonts (Noto Sans, Debian's fonts-noto-core) are
embedded and its links live.

One A4 page: a practice that does not fit at the default type size is laid out again a little
smaller, down to READABLE_MIN; one that still does not fit gets a second page (never cut text)
and a warning.

Incremental: each PDF is kept in a cache folder outside site/, named by a content hash of all
it is made from (the practice, the template, the stylesheet, the fonts, the logo, the portal's
names and address, the vocabularies, the code that renders it, the versions of the libraries
that shape it). A build copies cached PDFs and renders only the missing ones, half of them on a
second core.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import logging
import os
import shutil
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from portal import i18n
from portal.build.parallel import parallel_map
from portal.i18n import message, words
from portal.model.practice import LANGUAGES, Practice
from portal.model.site import Site
from portal.pages import markup
from portal.read.problems import Problem

log = logging.getLogger("mkdocs.hooks.portal.pdf")

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
TEMPLATE = TEMPLATES / "pdf_sheet.html.j2"
STYLESHEET = TEMPLATES / "pdf_sheet.css"
PACKAGE = HERE.parent
# The cache's folder below the project's root (git-ignored), unless PORTAL_PDF_CACHE names one.
CACHE_UNDER_ROOT = Path(".cache") / "pdf"

# Noto Sans from Debian's fonts-noto-core (OFL 1.1), which `make pango` installs.
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
FONTS = {("normal", 400): "NotoSans-Regular.ttf", ("normal", 700): "NotoSans-Bold.ttf",
         ("italic", 400): "NotoSans-Italic.ttf", ("italic", 700): "NotoSans-BoldItalic.ttf"}
# The site's logo: Material's default icon for the header (mkdocs.yml sets no other).
LOGO_ICON = ".icons/material/library.svg"
ACCENT = "#3949ab"

# Body type sizes tried in turn until the sheet fits one page. 8 pt is the smallest body text
# commonly held readable on paper; below it a second page is kinder than smaller type.
SIZES_PT = (9.0, 8.5, 8.0)
READABLE_MIN = SIZES_PT[-1]

MEDIA_TYPE = "application/pdf"
# The modules whose code shapes a sheet (the others' edits leave every cached PDF valid).
RENDERED_BY = ("pages/sheet_pdf.py", "cite/citation.py", "model/countries.py", "pages/markup.py",
               "model/practice.py")



class FontsMissing(RuntimeError):
    pass


def file_name(practice_id: str, lang: str) -> str:
    """The PDF beside the page: practicas/<id>/<id>.<lang>.pdf (the language in the name, so a
    downloaded Spanish and English sheet do not overwrite each other)."""
    return f"{practice_id}.{lang}.pdf"


def pdf_url(site: Site, practice_id: str, lang: str) -> str:
    """The absolute URL of a practice's PDF in a language (for citation_pdf_url)."""
    return site.practice_url(practice_id, lang) + file_name(practice_id, lang)


# --- HTML ----------------------------------------------------------------------------------

@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined)
    env.globals.update(block=markup.block, inline=markup.inline)
    return env



@cache
def _logo() -> str:
    svg = (resources.files("material") / "templates" / LOGO_ICON).read_text(encoding="utf-8")
    svg = svg.replace("<svg ", f'<svg fill="{ACCENT}" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def sheet_html(practice: Practice, catalog, site: Site, lang: str) -> str:
    """The sheet as an HTML document, before WeasyPrint lays it out."""
    from portal.cite import citation as cite  # here: citation.py may import pdf_url from this module

    c = cite.citation(practice, catalog, site, lang)
    return _env().get_template(TEMPLATE.name).render(
        p=practice, lang=lang, t=words(lang), t_pdf=words(lang)["pdf"],
        title=c.title, authors="; ".join(c.authors), description=markup.plain(practice.summary(lang)),
        keywords=", ".join(c.keywords), portal=site.name(lang), logo=_logo(),
        countries=list(c.countries),
        themes=list(c.keywords),
        populations=[catalog.vocabularies.populations[k].label(lang) for k in practice.populations],
        objectives=[catalog.vocabularies.objectives[n] for n in sorted(practice.gcm_objectives)],
        url=c.url, cite=cite.apa_text(c), license_name=site.license_name,
        updated=_readable_date(practice.updated, lang))


def _readable_date(iso: str, lang: str) -> str:
    from datetime import date

    from babel.dates import format_date

    return format_date(date.fromisoformat(iso), format="long",
                       locale=words(lang)["locale"]["babel"])


# --- PDF -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    size_pt: float  # the body type size it was laid out at


def font_paths() -> list[Path]:
    paths = [FONT_DIR / name for name in FONTS.values()]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise FontsMissing(message("build.fonts_missing", fonts=", ".join(p.name for p in missing)))
    return paths


def _font_faces() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "Sheet Sans"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{(FONT_DIR / name).as_uri()}"); }}'
        for (style, weight), name in FONTS.items())


@cache
def _styles():
    """WeasyPrint objects made once per process: the fonts, the stylesheet, the fetcher."""
    try:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher
    except OSError as e:  # WeasyPrint loads Pango with ctypes/cffi when imported
        raise FontsMissing(message("build.no_pango", error=e)) from e

    allowed = {path.as_uri() for path in font_paths()}

    class LocalOnly(URLFetcher):
        """The fonts and data: URLs (the logo), nothing else: no file of this machine and no
        network request can reach a PDF, whatever a template or a text would point at."""

        def fetch(self, url, headers=None):
            if url.startswith("data:") or url in allowed:
                return super().fetch(url, headers)
            raise ValueError(f"not fetched for a PDF sheet: {url}")

    fetcher = LocalOnly(allowed_protocols=("data", "file"))
    fonts = FontConfiguration()
    sheet = CSS(string=_font_faces() + "\n" + STYLESHEET.read_text(encoding="utf-8"),
                font_config=fonts, url_fetcher=fetcher)
    sizes = {size: CSS(string=f":root {{ --size: {size}pt; }}", font_config=fonts)
             for size in SIZES_PT}
    # Freed before the interpreter tears modules down: FontConfiguration's __del__ needs them.
    atexit.register(_styles.cache_clear)
    return fonts, sheet, sizes, fetcher


def render(html: str) -> Rendered:
    """The sheet as a PDF/UA-1 document, on one page if a readable type size allows it."""
    from weasyprint import HTML

    fonts, sheet, sizes, fetcher = _styles()
    document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    tried = list(SIZES_PT)
    while tried:
        size = tried.pop(0)
        laid_out = document.render(stylesheets=[sheet, sizes[size]], font_config=fonts)
        if len(laid_out.pages) == 1:
            break
        if len(laid_out.pages) > 2:
            tried = tried[-1:]  # far too long for a step or two: straight to the smallest size
    pdf = laid_out.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)
    return Rendered(pdf, len(laid_out.pages), size)


# --- cache ---------------------------------------------------------------------------------

_common: dict = {}  # (id of vocabularies, repr of site) -> (vocabularies kept alive, digest)


def _common_digest(vocabularies, site: Site) -> str:
    """What every sheet is made from besides its own practice."""
    key = (id(vocabularies), repr(site))
    if key in _common and _common[key][0] is vocabularies:
        return _common[key][1]
    h = hashlib.sha256()
    for path in [*(PACKAGE / module for module in RENDERED_BY), TEMPLATE, STYLESHEET,
                 *i18n.files(), *font_paths()]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(_logo().encode())
    for package in ("weasyprint", "pydyf", "fonttools", "babel", "markdown", "nh3", "jinja2"):
        h.update(f"{package}={metadata.version(package)}\0".encode())
    h.update(repr(vocabularies).encode() + repr(site).encode())
    _common.clear()
    _common[key] = (vocabularies, h.hexdigest())
    return _common[key][1]


def cache_key(practice: Practice, vocabularies, site: Site, lang: str) -> str:
    h = hashlib.sha256(_common_digest(vocabularies, site).encode())
    # The parsed practice holds every value the sheet shows (its file's comments and layout do
    # not change the PDF); repr of the frozen dataclass is deterministic.
    h.update(f"\0{lang}\0{practice!r}".encode())
    return h.hexdigest()[:32]


def _cache_dir(catalog) -> Path:
    if os.environ.get("PORTAL_PDF_CACHE"):
        return Path(os.environ["PORTAL_PDF_CACHE"])
    return (catalog.root or Path.cwd()) / CACHE_UNDER_ROOT


@dataclass(frozen=True)
class Sheet:
    practice_id: str
    lang: str
    path: Path  # the cached PDF
    pages: int
    size_pt: float
    source_path: str

    @property
    def bytes(self) -> int:
        return self.path.stat().st_size


def _cached(key: str, folder: Path) -> tuple[Path, int, float] | None:
    # The page count and type size are in the name, so no PDF needs reading to know them. The
    # usual names are tried first (a few stats, not a listing of a folder of thousands).
    for pages in (1, 2):
        for size in SIZES_PT:
            path = folder / f"{key}-{pages}-{size}.pdf"
            if path.is_file():
                return path, pages, size
    found = sorted(folder.glob(f"{key}-*.pdf"))
    if not found:
        return None
    _, pages, size = found[0].stem.split("-")
    return found[0], int(pages), float(size)


def _render_into_cache(practice: Practice, catalog, site: Site, lang: str,
                       key: str) -> tuple[Path, int, float]:
    rendered = render(sheet_html(practice, catalog, site, lang))
    folder = _cache_dir(catalog)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}-{rendered.pages}-{rendered.size_pt}.pdf"
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(rendered.pdf)
    tmp.replace(path)  # atomic: a concurrent build never reads half a file
    return path, rendered.pages, rendered.size_pt


def sheet(practice: Practice, catalog, site: Site, lang: str) -> Sheet:
    """The PDF of a practice in a language: from the cache, or rendered into it now."""
    key = cache_key(practice, catalog.vocabularies, site, lang)
    hit = _cached(key, _cache_dir(catalog)) or _render_into_cache(practice, catalog, site, lang, key)
    return Sheet(practice.id, lang, *hit, practice.source_path)


def sheets(catalog, site: Site) -> list[Sheet]:
    """Every practice in every language: cached PDFs looked up here, missing ones rendered,
    half of them on another core."""
    todo = [(p, lang, cache_key(p, catalog.vocabularies, site, lang))
            # Withdrawn sheets keep their PDF (their page links to it), with the notice.
            # A language the practice is not translated into links to the default language's.
            for lang in LANGUAGES for p in (*catalog.practices, *getattr(catalog, "withdrawn", ()))
            if lang in p.languages]
    folder = _cache_dir(catalog)
    hits = [_cached(key, folder) for _, _, key in todo]
    missing = [item for item, hit in zip(todo, hits, strict=True) if hit is None]
    made = iter(parallel_map(lambda item: _render_into_cache(item[0], catalog, site, *item[1:]),
                             missing))
    return [Sheet(p.id, lang, *(hit or next(made)), p.source_path)
            for (p, lang, _), hit in zip(todo, hits, strict=True)]


# --- what the build and `make check` call --------------------------------------------------

def write_all(site_root: Path, catalog, site: Site) -> list[Sheet]:
    """Every PDF into the built site, beside its page; logs the sheets that spill over one
    page (an info line: warnings would fail `mkdocs build --strict`)."""
    done = sheets(catalog, site)
    for s in done:
        place(site_root, s, site)
    for problem in overflow_problems(done):
        log.info(str(problem))
    _prune({s.path for s in done}, _cache_dir(catalog))
    return done


def overflow_problems(done: list[Sheet]) -> list[Problem]:
    """A warning per practice whose sheet needs a second page, in both languages (what
    `make check` prints)."""
    problems = []
    for s in done:
        if s.pages > 1:
            problems.append(Problem(s.source_path, 1, 1, "", warning=True, message=message(
                "check.pdf_overflow", lang=s.lang, pages=s.pages, size=READABLE_MIN)))
    return problems


def check_problems(catalog, site: Site) -> list[Problem]:
    """For `portal check`: the overflow warnings of every sheet (cached ones are not redone)."""
    return overflow_problems(sheets(catalog, site))


def _prune(keep: set[Path], folder: Path) -> None:
    """Drop cached PDFs this build did not use (earlier versions of practices, old inputs)."""
    for path in folder.glob("*.pdf"):
        if path not in keep:
            path.unlink(missing_ok=True)


# --- the block on the practice page --------------------------------------------------------

def human_size(size: int, lang: str) -> str:
    from babel.numbers import format_decimal

    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{format_decimal(round(size / 1_000_000, 1), locale=lang)} MB"


def cached_sheet(practice: Practice, catalog, site: Site, lang: str) -> Sheet | None:
    """The PDF of a practice in a language if the cache has it, else None (nothing rendered)."""
    hit = _cached(cache_key(practice, catalog.vocabularies, site, lang), _cache_dir(catalog))
    return Sheet(practice.id, lang, *hit, practice.source_path) if hit else None


def place(site_root: Path, s: Sheet, site: Site) -> Path:
    """Link (or copy) a cached PDF into the built site, beside its page."""
    dest = site_root / site.practice_path(s.practice_id, s.lang) / file_name(s.practice_id, s.lang)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    try:
        os.link(s.path, dest)  # the cache and the site are on one disk: no copy needed
    except OSError:
        shutil.copyfile(s.path, dest)
    return dest


def page_link(practice: Practice, catalog, site: Site, lang: str, *, render: bool = True) -> dict:
    """What templates/practice.md.j2 shows: the PDF's address beside the page, its label and
    size, and the print button's label (the button is made by overrides/assets/sheet.js).
    `render=False` (the preview): a PDF the cache lacks is not rendered now, and its size is
    left out until it is."""
    # A practice not translated into `lang` has no PDF in it: the page links to the PDF of the
    # text it shows, the default language's (what its citation names, too).
    pdf_lang = practice.text_language(lang)
    s = (sheet(practice, catalog, site, pdf_lang) if render
         else cached_sheet(practice, catalog, site, pdf_lang))
    here = "" if pdf_lang == lang else site.practice_link(practice.id, lang, pdf_lang)
    return {"href": here + file_name(practice.id, pdf_lang), "label": words(lang)["pdf"]["download"],
            "size": human_size(s.bytes, lang) if s else "", "type": MEDIA_TYPE,
            "print": words(lang)["pdf"]["print"], "lang": pdf_lang}

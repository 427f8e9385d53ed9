"""Permanent URLs: the committed manifest of every published URL (permalinks.txt) and the
redirects of renamed practices (redirects.yaml, old id -> new id).

A URL, once in the manifest, must keep answering: `check` reports a practice URL whose id
has gone without a redirect, and the build writes a redirect page at each old URL.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from portal.build import csp
from portal.build.output import write_files
from portal.data.published import history
from portal.i18n import message, words
from portal.read.checks import KEBAB, RESERVED
from portal.read.problems import Problem
from portal.read.sourcefiles import read_capped
from portal.read.yamlload import YamlError, load, utf8_text

MANIFEST = "permalinks.txt"
REDIRECTS = "redirects.yaml"
_PRACTICE_URL = re.compile(r"^/(?:[a-z]{2}/)?practicas/([^/]+)/")
# Files of the built site that are published for people to link to, besides the pages.
_NUMBERED_PAGE = re.compile(r"^(?:[a-z]{2}/)?practicas/pagina-[0-9]+/index\.html$")
_PUBLISHED_FILES = re.compile(r"^(?:[a-z]{2}/)?(?:feed\.xml|datos/[^/]+|practicas/[^/]+/[^/]+\.(?:bib|ris|json))$")
_HEADER = ("# Every URL the portal has published, in both languages. A URL never leaves this\n"
           "# list: when a practice is renamed, add `old-id: new-id` to redirects.yaml.\n"
           "# Add new URLs with `make permalinks`.\n")


# The manifest grows with the site (about 40 URLs a practice): far more room than it needs.
_MANIFEST_CAP = 64 * 1024 * 1024


def _manifest_text(root: Path) -> str | None:
    """The manifest's text; None when there is none; YamlError when it cannot be read."""
    path = root / MANIFEST
    if not os.path.lexists(path):
        return None
    return utf8_text(read_capped(path, root, _MANIFEST_CAP))


def read_manifest(root: Path) -> list[tuple[int, str]]:
    """(line number, URL) of every URL in the manifest; [] when it cannot be read (problems()
    then says why)."""
    try:
        text = _manifest_text(root) or ""
    except YamlError:
        return []
    return [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def site_urls(site_dir: Path) -> set[str]:
    """Every page and published file of a built site, as paths from the site root."""
    urls = set()
    for path in site_dir.rglob("*"):
        rel = path.relative_to(site_dir).as_posix()
        if path.name == "index.html":
            if _NUMBERED_PAGE.match(rel):
                continue  # which practices it lists shifts with every new one: not a permalink
            urls.add("/" + rel[: -len("index.html")])
        elif _PUBLISHED_FILES.match(rel):
            urls.add("/" + rel)
    return urls


def update_manifest(root: Path, site_dir: Path) -> int:
    """Add the built site's URLs to the manifest; never remove one. Returns how many were new."""
    known = {url for _, url in read_manifest(root)}
    new = site_urls(site_dir) - known
    (root / MANIFEST).write_text(_HEADER + "".join(f"{u}\n" for u in sorted(known | new)),
                                 encoding="utf-8")
    return len(new)


def _id_problem(value) -> str | None:
    """Why a redirect's old or new id is not a practice id (the rules of the schema's id and
    of checks.py), or None. The build writes a folder at each old id: nothing else may pass."""
    if not isinstance(value, str):
        return message("links.not_id_type")
    if not (3 <= len(value) <= 80 and KEBAB.fullmatch(value)) or RESERVED.fullmatch(value):
        return message("links.not_id")
    return None


def load_redirects(root: Path) -> tuple[dict[str, str], list[Problem], dict[str, tuple[int, int]]]:
    """(old id -> new id, problems, old id -> (line, col)) from redirects.yaml; only lines
    whose two sides are both practice ids are kept."""
    path = root / REDIRECTS
    if not os.path.lexists(path):
        return {}, [], {}
    try:
        loaded = load(read_capped(path, root), allow_empty=True, max_items=100_000)
    except YamlError as e:
        return {}, [Problem(REDIRECTS, e.line, e.col, "", e.message)], {}
    data = loaded.data
    if not isinstance(data, dict):
        return {}, [Problem(REDIRECTS, *loaded.place(()), "", message("links.not_mapping"))], {}
    redirects, found, places = {}, [], {}
    for old, new in data.items():
        bad_old, bad_new = _id_problem(old), _id_problem(new)
        if bad_old:
            found.append(Problem(REDIRECTS, *loaded.place((old,), key=True), "", bad_old))
        if bad_new:
            found.append(Problem(REDIRECTS, *loaded.place((old,)), "", bad_new))
        if not (bad_old or bad_new):
            redirects[old] = new
            places[old] = loaded.place((old,), key=True)
    return redirects, found, places


def resolve(redirects: dict[str, str], practice_id: str) -> str | None:
    """Follow renames (a -> b -> c) to a current id; None on a loop."""
    seen = set()
    while practice_id in redirects:
        if practice_id in seen:
            return None
        seen.add(practice_id)
        practice_id = redirects[practice_id]
    return practice_id


def problems(root: Path, ids: set[str]) -> list[Problem]:
    """Manifest URLs of practices that no longer exist and have no redirect, and redirects
    that lead nowhere."""
    redirects, found, places = load_redirects(root)
    for old, new in redirects.items():
        line, col = places[old]
        target = resolve(redirects, old)
        if old in ids:
            found.append(Problem(REDIRECTS, line, col, old, message("links.still_exists", old=old)))
        elif target not in ids:
            found.append(Problem(REDIRECTS, line, col, old, message("links.nowhere", new=new)))
    try:
        _manifest_text(root)
    except YamlError as e:
        found.append(Problem(MANIFEST, e.line, e.col, "", e.message))
    reported = set()
    for line, url in read_manifest(root):
        match = _PRACTICE_URL.match(url)
        if not match:
            continue
        old = match.group(1)
        if old in ids or old in redirects or old in reported:
            continue
        reported.add(old)
        found.append(Problem(MANIFEST, line, 1, "", _gone(url, old)))
    found += _history_problems(root, ids, redirects, reported)
    return found


def _gone(url: str, old: str) -> str:
    return message("links.gone", url=url, old=old, redirects=REDIRECTS)


def _history_problems(root: Path, ids: set[str], redirects: dict[str, str], reported: set[str]) -> list[Problem]:
    """Practices published from the main branch (git history, portal.data.published) that are gone
    without a redirect, whether or not anyone ran `make permalinks` for them."""
    found = history(root)
    if found is None:
        return []
    published, shallow = found
    problems = []
    if shallow:
        problems.append(Problem(MANIFEST, 1, 1, "", message("links.shallow"), warning=True))
    for old in sorted(published - ids - set(redirects) - reported):
        if KEBAB.fullmatch(old) and not RESERVED.fullmatch(old):
            problems.append(Problem(REDIRECTS, 1, 1, "", _gone(f"/practicas/{old}/", old)))
    return problems


def redirect_page(target: str, lang: str, canonical: str) -> str:
    """A plain HTML page sending the browser to `target` (relative), with a visible link for
    when the refresh does not happen. No script: it works under any CSP."""
    t, c = html.escape(target, quote=True), html.escape(canonical, quote=True)
    moved = words(lang)["redirect"]["moved"]
    go = words(lang)["redirect"]["go"]
    page = (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{moved}</title>\n<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{c}">\n'
            f'<meta http-equiv="refresh" content="0; url={t}">\n</head>\n<body>\n'
            f'<h1>{moved}</h1>\n<p><a href="{t}">{go}: {c}</a></p>\n</body>\n</html>\n')
    return csp.with_meta_policy(page)  # the policy travels with the page (GitHub Pages)


def write_redirects(lang_folder: Path, moved: dict[str, str], lang: str,
                    canonical_of) -> list[Path]:
    """A redirect page at practicas/<old>/ for each rename (old id -> current id)."""
    written = []
    for old, new in moved.items():
        page = redirect_page(f"../{new}/", lang, canonical_of(new)).encode("utf-8")
        written += write_files(lang_folder, f"practicas/{old}", {"index.html": page})
    return written


def aliases(root: Path, ids: set[str]) -> dict[str, str]:
    """Old id -> current id, for every redirect that leads to a practice."""
    redirects = load_redirects(root)[0]
    return {old: resolve(redirects, old) for old in redirects
            if old not in ids and resolve(redirects, old) in ids}

"""Offline check of a built site: every internal link and anchor resolves, no page repeats an id.

    python scripts/linkcheck.py SITE_DIR [--site-url URL]

Reads only files (no network, no server), so it runs in CI in seconds. Internal means relative
URLs, site-absolute paths and absolute URLs under the site's own address (the canonical and
hreflang links are written absolute with site_url). A URL ending in / is the folder's
index.html, as on a static host. External links are not fetched: partners' sites come and go,
and a build must not fail because one of them is down.

Prints one line per problem, `page: message`, and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import functools
import posixpath
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

# Elements and attributes that point at another file of the site.
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("iframe", "src"))
_XPATH = " | ".join(f"//{tag}[@{attr}]" for tag, attr in LINK_ATTRIBUTES)
# A bare "#" links to the top of the page itself.
_THEME_FRAGMENTS = {""}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def read_page(path: Path) -> Page:
    tree = html.fromstring(path.read_bytes())
    page = Page()
    counts = Counter(tree.xpath("//@id"))
    page.ids = set(counts) | set(tree.xpath("//a/@name"))
    page.duplicates = sorted(i for i, n in counts.items() if n > 1)
    for element in tree.xpath(_XPATH):
        attr = "src" if element.tag in ("img", "script", "source", "iframe") else "href"
        page.links.append(element.get(attr).strip())
    return page


def _site_address(site_dir: Path) -> str:
    """The site's own address, from the canonical link of its home page (site_url)."""
    home = site_dir / "index.html"
    if home.is_file():
        found = html.fromstring(home.read_bytes()).xpath("//link[@rel='canonical']/@href")
        if found:
            return found[0]
    return ""


def check(site_dir: Path, site_url: str | None = None) -> tuple[list[str], int, int]:
    """(problems, pages, links) of the site in site_dir."""
    site_url = _site_address(site_dir) if site_url is None else site_url
    base = urlsplit(site_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    # Every file and folder of the site, read once: resolving a link is then a set look-up.
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    folders = {posixpath.dirname(f) for f in files}
    folders |= {f for d in list(folders) for f in _parents(d)}
    pages = {name: read_page(site_dir / name) for name in sorted(f for f in files if f.endswith(".html"))}

    @functools.cache
    def target_of(here: str, href: str) -> tuple[str | None, str] | None:
        """(file or None, fragment) for an internal link; None for an external one."""
        url = urlsplit(urljoin(f"http://site{here}", href))
        if url.scheme in ("http", "https") and url.netloc == base.netloc and base.netloc:
            if not url.path.startswith(base_path):
                return None  # same host, another site
            path = "/" + url.path[len(base_path):]
        elif url.scheme == "http" and url.netloc == "site":
            path = url.path
        else:
            return None  # external, mailto:, tel:, data:...
        return _resolve(files, folders, unquote(path)), unquote(url.fragment)

    problems: list[str] = []
    links = 0
    for name, page in pages.items():
        for dup in page.duplicates:
            problems.append(f"{name}: duplicate id \"{dup}\"")
        # Pages are served at their folder URL: a/b/index.html is /a/b/.
        here = "/" + (name[: -len("index.html")] if name.endswith("index.html") else name)
        for href in page.links:
            links += 1
            if href.startswith("#"):  # within the page: the most common link, no URL to parse
                found = (name, unquote(href[1:]))
            elif href.startswith(("http://", "https://", "mailto:")) and not href.startswith(site_url or "\0"):
                continue  # external
            else:
                found = target_of(here, href)
            if found is None:
                continue
            target, fragment = found
            if target is None:
                problems.append(f"{name}: broken link {href}")
            elif fragment not in _THEME_FRAGMENTS:
                target_page = pages.get(target)
                if target_page is not None and fragment not in target_page.ids:
                    problems.append(f"{name}: missing anchor #{fragment} in {target}")
    return problems, len(pages), links


def _parents(folder: str):
    while folder:
        folder = posixpath.dirname(folder)
        yield folder


def _resolve(files: set[str], folders: set[str], path: str) -> str | None:
    """The file a site path is served from, relative to the site folder, or None."""
    relative = posixpath.normpath(path.lstrip("/")) if path.strip("/") else ""
    if relative.startswith(".."):
        return None
    relative = "" if relative == "." else relative
    if path.endswith("/") or relative in folders:
        relative = posixpath.join(relative, "index.html")
    return relative if relative in files else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--site-url", default=None,
                        help="the site's address (default: the home page's canonical link)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir}: no built site here (run `make build`)", file=sys.stderr)
        return 2
    problems, pages, links = check(args.site_dir, args.site_url)
    for problem in problems:
        print(problem)
    print(f"{pages} páginas, {links} enlaces, {len(problems)} problemas / "
          f"{pages} pages, {links} links, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""The Content-Security-Policy of the built site, and the `_headers` file that publishes it.

The policy allows scripts only from the site itself plus the theme's own inline scripts, each
allowed by its SHA-256 hash. Only scripts OUTSIDE <article> are hashed: whatever sits inside
<article> comes from editors' content, and an inline script there must stay blocked even if
the HTML cleaning ever let one through. `'wasm-unsafe-eval'` lets the search engine (Pagefind)
compile its WebAssembly; it does not allow eval() of JavaScript.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .output import write_files

# <script type> values that a browser executes; JSON and other data blocks are not scripts.
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}

FIXED = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


# One pass over a page finds only what matters here, in document order: comments (skipped),
# <script> and <style> elements (their text is raw, so an "<article>" inside one is no tag) and
# <article> tags. A full HTML parse of every page took most of this step's time at 1,000
# practices; this scan follows the standard library's HTMLParser on the same points (case,
# quoted ">" inside attributes, closing tags as `</script >`), and test_csp checks both agree.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_TOKENS = re.compile(
    r"<!--.*?-->"
    rf"|<(?P<raw>script|style)(?=[\s/>])(?P<attrs>{_ATTRS})>(?P<text>.*?)</\s*(?P=raw)\s*>"
    rf"|<(?P<close>/?)article(?=[\s/>])(?P<article_attrs>{_ATTRS})>",
    re.IGNORECASE | re.DOTALL)


class _StartTag(HTMLParser):
    """The attributes of one start tag, as HTMLParser reads them (names lowercased, values
    unescaped, None for a bare name)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        self.attrs = dict(attrs)

    handle_startendtag = handle_starttag


@functools.lru_cache(maxsize=256)  # the theme writes the same few <script> tags on every page
def _executable_inline(start_tag: str) -> bool:
    parser = _StartTag()
    parser.feed(start_tag)
    parser.close()
    attrs = parser.attrs
    return "src" not in attrs and (attrs.get("type") or "").lower() in _EXECUTABLE


@dataclass
class InlineScripts:
    """The text of executable inline <script> elements, outside and inside <article>."""

    theme: list[str] = field(default_factory=list)
    in_article: list[str] = field(default_factory=list)


def inline_scripts(html: str) -> InlineScripts:
    found = InlineScripts()
    article_depth = 0
    for token in _TOKENS.finditer(html):
        raw = token.group("raw")
        if raw is not None:
            if raw.lower() == "script" and _executable_inline(f"<script{token.group('attrs')}>"):
                (found.in_article if article_depth else found.theme).append(token.group("text"))
        elif token.group("close") is not None:  # an <article> or </article> tag
            if token.group("article_attrs").rstrip().endswith("/"):
                continue  # <article/>: opened and closed at once
            if token.group("close"):
                article_depth = max(article_depth - 1, 0)
            else:
                article_depth += 1
    return found


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def theme_hashes(site_dir: Path) -> list[str]:
    """Hashes of every distinct theme inline script in the site (they differ by page depth)."""
    hashes = set()
    for page in sorted(site_dir.rglob("*.html")):
        for source in inline_scripts(page.read_text(encoding="utf-8")).theme:
            hashes.add(script_hash(source))
    return sorted(hashes)


def policy(site_dir: Path) -> str:
    directives = {name: list(values) for name, values in FIXED.items()}
    directives["script-src"] += theme_hashes(site_dir)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def headers_file(site_dir: Path) -> str:
    """`_headers` as Netlify and Cloudflare Pages read it: the same headers on every path."""
    return ("/*\n"
            f"  Content-Security-Policy: {policy(site_dir)}\n"
            "  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n")


def write_headers(site_dir: Path) -> Path:
    return write_files(site_dir, "", {"_headers": headers_file(site_dir).encode("utf-8")})[0]


def read_headers(path: Path) -> dict[str, str]:
    """The headers of a `_headers` file written by write_headers (one block for /*)."""
    headers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith((" ", "\t")) and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers

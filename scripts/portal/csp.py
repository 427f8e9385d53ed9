"""The Content-Security-Policy of the built site, and the `_headers` file that publishes it.

The policy allows scripts only from the site itself plus the theme's own inline scripts, each
allowed by its SHA-256 hash. Only scripts OUTSIDE <article> are hashed: whatever sits inside
<article> comes from editors' content, and an inline script there must stay blocked even if
the HTML cleaning ever let one through. `'wasm-unsafe-eval'` lets the search engine (Pagefind)
compile its WebAssembly; it does not allow eval() of JavaScript.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

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


class _InlineScripts(HTMLParser):
    """Collects the text of executable inline <script> elements outside <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.theme: list[str] = []
        self.in_article: list[str] = []
        self._article_depth = 0
        self._script: list[str] | None = None
        self._script_in_article = False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._article_depth += 1
        elif tag == "script":
            attrs = dict(attrs)
            if "src" not in attrs and (attrs.get("type") or "").lower() in _EXECUTABLE:
                self._script = []
                self._script_in_article = self._article_depth > 0

    def handle_endtag(self, tag):
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        elif tag == "script" and self._script is not None:
            target = self.in_article if self._script_in_article else self.theme
            target.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def inline_scripts(html: str) -> _InlineScripts:
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser


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
    path = site_dir / "_headers"
    path.write_text(headers_file(site_dir), encoding="utf-8")
    return path


def read_headers(path: Path) -> dict[str, str]:
    """The headers of a `_headers` file written by write_headers (one block for /*)."""
    headers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith((" ", "\t")) and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers

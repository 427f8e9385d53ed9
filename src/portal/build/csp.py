"""The Content-Security-Policy of the built site, in every page and in the `_headers` file.

The policy allows scripts only from the site itself plus the theme's own inline scripts, each
allowed by its SHA-256 hash. A page's content can hold no script at all (the hooks refuse the
page, see portal.pages.livemarkup), so every inline script of a built page comes from the theme's
templates and is hashed; nothing decided by counting tags in the page (content could close an
<article> early) decides what is allowed. `'wasm-unsafe-eval'` lets the search engine
(Pagefind) compile its WebAssembly; it does not allow eval() of JavaScript.

Hosts differ: Netlify and Cloudflare Pages read `_headers`; GitHub Pages sends no header of
ours. So every page also carries the policy in `<meta http-equiv>`, as far as a meta can carry
it: `frame-ancestors` (and reports, sandbox) are ignored there by browsers, so they stay in
`_headers` only.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from portal.build.output import write_files

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


# Directives a <meta http-equiv> policy cannot carry (browsers ignore them there, with a warning).
HEADER_ONLY = {"frame-ancestors"}

# One pass over a page finds only what matters here, in document order: comments (skipped) and
# <script> and <style> elements (their text is raw). A full HTML parse of every page took most
# of this step's time at 1,000 practices; this scan follows the standard library's HTMLParser
# on the same points (case, quoted ">" inside attributes, closing tags as `</script >`), and
# test_csp checks both agree.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_TOKENS = re.compile(
    r"<!--.*?-->"
    rf"|<(?P<raw>script|style)(?=[\s/>])(?P<attrs>{_ATTRS})>(?P<text>.*?)</\s*(?P=raw)\s*>",
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


def inline_scripts(html: str) -> list[str]:
    """The text of every executable inline <script> element of a page, in order."""
    return [token.group("text") for token in _TOKENS.finditer(html)
            if (token.group("raw") or "").lower() == "script"
            and _executable_inline(f"<script{token.group('attrs')}>")]


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def theme_hashes(site_dir: Path) -> list[str]:
    """Hashes of every distinct theme inline script in the site (they differ by page depth)."""
    hashes = set()
    for page in sorted(site_dir.rglob("*.html")):
        hashes.update(map(script_hash, inline_scripts(page.read_text(encoding="utf-8"))))
    return sorted(hashes)


def policy(site_dir: Path) -> str:
    return _policy(theme_hashes(site_dir), header=True)


def _policy(hashes, *, header: bool) -> str:
    directives = {name: list(values) for name, values in FIXED.items()
                  if header or name not in HEADER_ONLY}
    directives["script-src"] += sorted(set(hashes))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


_HEAD = re.compile(r"<head(?:\s[^>]*)?>(?:\s*<meta charset=[^>]*>)?", re.IGNORECASE)


def with_meta_policy(html: str) -> str:
    """The page with its own policy at the top of <head> (after its charset), before any
    script, so that it covers them all: the fixed directives plus the hashes of this page's inline scripts."""
    head = _HEAD.search(html)
    if head is None:
        return html
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{_policy(map(script_hash, inline_scripts(html)), header=False)}">')
    return f"{html[: head.end()]}{meta}{html[head.end():]}"


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

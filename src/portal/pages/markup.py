"""Editors' light Markdown to HTML that can be trusted: each field rendered on its own, then
cleaned with an allowlist, so raw HTML, event handlers and javascript:/data: links never reach
a page (Python-Markdown passes raw HTML through; it has no safe mode since 3.0)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote

import markdown
import nh3
from markupsafe import Markup

from portal.pages.livemarkup import live_markup

TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "br", "code"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = markdown.Markdown(output_format="html")


def clean(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer").strip()


# Rendering is a pure function of the text: under `mkdocs serve`, a save re-renders only the
# texts that changed (rendering every field again was a third of each rebuild at 1,000 practices).
_CACHE = 100_000

# One line with nothing Markdown or HTML would read as markup (no emphasis, link, code, tag,
# entity or escape characters, and no list, heading or quote marker at the start) renders as
# itself: skip Python-Markdown and nh3 for it. They cost about 2 ms a field, most of the
# generation time at 1,000 practices; tests/test_markup_fast_path.py checks both give the same.
_PLAIN = re.compile(r"[^\\`*_\[\]<>&#!|~=\n\r\t]*")
_MARKER_START = re.compile(r"\s|\d+[.)](\s|$)|[-+*>](\s|$)")


def _plain(text: str) -> bool:
    return bool(_PLAIN.fullmatch(text)) and not _MARKER_START.match(text)


# Python-Markdown's link and HTML patterns take time quadratic in the number of '[' and '<' of a
# text (2,000 "![" took 10 s). Past this many, a field's brackets and angle brackets are shown
# as text; `portal check` refuses such a field, so a published page never meets the limit.
MAX_OPENERS = 32


def _bounded(text: str) -> str:
    if text.count("[") + text.count("<") <= MAX_OPENERS:
        return text
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("<", "&lt;")


@lru_cache(maxsize=_CACHE)
def block(text: str) -> Markup:
    """A field as block HTML (paragraphs, lists)."""
    if _plain(text) and text:
        return Markup(f"<p>{text}</p>")
    return Markup(clean(_md.reset().convert(_bounded(text))))


@lru_cache(maxsize=_CACHE)
def inline(text: str) -> Markup:
    """A field as inline HTML, for a list item: a single paragraph loses its <p>."""
    if _plain(text) and text:
        return Markup(text)
    html = clean(_md.reset().convert(_bounded(text)))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


# What an HTML tokenizer would read as a tag, a comment or a declaration.
_TAG_LIKE = re.compile(r"<[A-Za-z/!?][^<>]*>?")


@lru_cache(maxsize=_CACHE)
def plain(text: str) -> str:
    """A field as plain text, for places that take no markup (meta description, citation files,
    open data): rendered, then every tag dropped (script and style with their content), entities
    decoded. Text that would be live markup once decoded (an editor's `<img onerror=...>` in a
    code span) is dropped too: consumers of metadata often render it as HTML; `<C>` stays. Whoever writes the result
    into HTML escapes it."""
    if not _plain(text):
        text = nh3.clean(_md.reset().convert(_bounded(text)), tags=set(), attributes={})
        text = _TAG_LIKE.sub(lambda tag: "" if live_markup(tag.group()) else tag.group(),
                             html.unescape(text))
    return " ".join(text.split())


def title_text(text: str) -> str:
    """A title (of a practice) as the text readers see. A title is plain text, not Markdown; as
    the checks refuse < and >, an editor writes them as &lt; and &gt;: entities are read once.
    Whoever writes the result into HTML escapes it."""
    return " ".join(html.unescape(text).split())


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!"})


def md_escape(text: str) -> str:
    """Plain text placed in Markdown (link texts) stays plain text."""
    return text.translate(_MD_SPECIAL)


# C0 and C1 controls, which the checks refuse in every text: Python-Markdown marks its stash
# of raw HTML with \x02 and \x03, so text holding them could name a stashed fragment.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def md_text(value: str) -> str:
    """Untrusted text (a vocabulary label, a practice title) placed in Markdown: shown as
    written, never read as Markdown or HTML (Python-Markdown passes raw HTML through). One
    line: a line break could start a heading, a list or an indented code block."""
    return md_escape(html.escape(" ".join(_CONTROLS.sub("", value).split()), quote=False))


# Characters a URL keeps as they are inside a Markdown link's <destination>: all that could end
# it or be read as Markdown or HTML (parentheses, brackets, braces, < >, quotes, spaces,
# backslash, backtick) is percent-encoded.
_URL_SAFE = "/:?#@!$&*+,;=%-._~"


def md_url(url: str) -> str:
    """An untrusted URL as a Markdown link destination that nothing can break out of."""
    return f"<{quote(url, safe=_URL_SAFE)}>"

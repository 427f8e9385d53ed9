"""Finds markup in a page's content that could run or load something: the last check before a
page is written, whatever the content came from (an editor's field through nh3, a vocabulary
label, a hand-written page).

Content never needs a script, an event handler or a script-bearing URL: scripts of the site are
files under overrides/assets/, allowed by the Content-Security-Policy, and the theme's own
inline scripts sit outside the content. Because content can hold none, every inline script in a
built page is the theme's, and hashing them all for the policy (portal.build.csp) cannot let one in
from content.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that run, embed or redirect, or change how every URL of the page resolves.
ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
            "link", "portal", "noscript", "template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster", "xlink:href",
                  "background", "ping", "cite", "lowsrc", "dynsrc"}
SCHEMES = {"http", "https", "mailto"}
# Browsers drop ASCII tab and newline anywhere in a URL and leading C0 controls and spaces
# ("java\tscript:" is javascript:); the scheme is read after the same clean-up.
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _scheme(url: str) -> str | None:
    found = _SCHEME.match(_URL_NOISE.sub("", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08"
                                                          "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
                                                          "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                                                          "\x1e\x1f "))
    return found.group(1).lower() if found else None


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ELEMENTS:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event handler {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and value:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] \
                    if name == "srcset" else [value]
                for url in urls:
                    scheme = _scheme(url)
                    if scheme is not None and scheme not in SCHEMES:
                        self.found.append(f"{scheme}: URL in {name}= of <{tag}>")
            elif name == "style" or name == "srcdoc":
                self.found.append(f"{name}= attribute on <{tag}>")

    handle_startendtag = handle_starttag


def live_markup(html: str) -> list[str]:
    """What in `html` could run or load something, one short description each; [] if nothing."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found

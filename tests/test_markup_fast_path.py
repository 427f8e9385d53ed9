"""Plain one-line fields skip Python-Markdown: the result must be exactly what it would give."""

from __future__ import annotations

import random

import pytest

from portal import synthetic
from portal.pages import markup


def _slow_block(text: str) -> str:
    return markup.clean(markup._md.reset().convert(text))


def _slow_inline(text: str) -> str:
    html = _slow_block(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def _slow_plain(text: str) -> str:
    text = markup.nh3.clean(markup._md.reset().convert(text), tags=set(), attributes={})
    return " ".join(markup.html.unescape(text).split())


def _texts():
    rng = random.Random(5)
    texts = []
    for i in range(1, 40):
        data = synthetic.practice(i, rng)
        for field in ("summary", "title"):
            texts += list(data[field].values())
        for field in ("objectives", "lessons", "recommendations"):
            texts += [t for item in data[field] for t in item.values()]
    alphabet = "ab cñá.,;:()%\"'/-+*>#0129—_[]<>&!|~=\\`é\t"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    texts += ["1. x", "2016. Año", "- x", "+ x", "> cita", "a - b", "50% más", 'Dijo "sí"', "l'été",
              "a & b", "<b>x</b>", "x  ", "-", "1.", "Año 2016.", "e.g. 1. a"]
    return [t.strip() for t in texts if t.strip()]


FUNCTIONS = {"block": (markup.block, _slow_block), "inline": (markup.inline, _slow_inline),
             "plain": (markup.plain, _slow_plain)}


@pytest.mark.parametrize("kind", FUNCTIONS)
def test_fast_path_gives_what_python_markdown_gives(kind):
    fast, slow = FUNCTIONS[kind]
    plain = 0
    for text in _texts():
        plain += markup._plain(text)
        assert fast(text) == slow(text), text
    assert plain > 100  # the fast path is really taken

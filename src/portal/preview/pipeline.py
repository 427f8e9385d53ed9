"""Re-rendering some pages of a built site through MkDocs' own page pipeline, as `mkdocs build`
renders them: the same config, files, navigation and template environment as the full build
(kept per language by the hooks), the same plugin events (the i18n plugin's, the portal's
hooks), the theme's main.html. Only the pages asked for are read and written.

mkdocs-static-i18n builds each language by reconfiguring the one config object in on_config
(language, site name, theme) and calling MkDocs' build() again: `for_language` does the same
on_config round before a language's pages are rendered.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import _populate_page, get_context


def for_language(config, lang: str):
    """The config as the i18n plugin makes it for `lang`'s build."""
    config.plugins["i18n"].current_language = lang
    return config.plugins.on_config(config)


def write_atomically(path: Path, data: bytes) -> None:
    """Through a temporary file and a rename: the server never sends half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def render(config, built: dict, src_uris: list[str]) -> list[str]:
    """Render the pages of `src_uris` ("practicas/x.es.md") of one language, whose build left
    `built` ({"files", "nav", "env"}); returns the URIs it has no page for (a new file: the
    caller builds the whole site instead)."""
    files, nav, env = built["files"], built["nav"], built["env"]
    doc_files = files.documentation_pages()
    missing = []
    for uri in src_uris:
        file = files.get_file_from_path(uri)
        if file is None or file.page is None:
            missing.append(uri)
            continue
        page = file.page
        _populate_page(page, config, files)  # the Markdown, and on_page_markdown / _content
        # What mkdocs.commands.build._build_page does, but written atomically.
        config._current_page = page
        page.active = True
        try:
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        write_atomically(Path(file.abs_dest_path), output.encode("utf-8", errors="xmlcharrefreplace"))
    return missing

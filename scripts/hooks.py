"""The hooks file mkdocs.yml names. MkDocs loads a hooks file by its path, as a module of its own,
once per process; the hooks themselves are portal.build.hooks, an ordinary module of the
installed package (loading that file by path would make a second copy of it beside the one the
package imports). Each event goes to the one `Hooks` object made in on_startup.

Under `mkdocs serve` one process builds again after every save, and a module once imported stays
as it was: when any file of the package (code, templates, interface text, map data) changed
since the last build, the package's modules are all imported afresh before the next one, so an
edit to them shows on the next rebuild, as an edit to a practice does. Their caches are then
new too; while the package is unchanged they stay, as each is keyed by what it was made from.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

import portal.build.hooks

_hooks: portal.build.hooks.Hooks | None = None
_package_files: tuple | None = None  # (path, size, mtime) of every file of the package, last build


def _package_stamp() -> tuple:
    root = Path(portal.__file__).parent
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            st = os.stat(os.path.join(folder, name))
            out.append((os.path.join(folder, name), st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def _fresh_package():
    """portal.build.hooks and every module it imports, read again from their files."""
    for name in [name for name in sys.modules if name == "portal" or name.startswith("portal.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("portal.build.hooks")


def on_startup(command: str, dirty: bool, **kwargs) -> None:
    global _hooks, _package_files
    _hooks = portal.build.hooks.Hooks(portal.build.hooks.Session(command, dirty))
    _package_files = _package_stamp() if command == "serve" else None


@event_priority(50)  # before mkdocs-static-i18n (-100), which logs the folder it builds into
def on_config(config, **kwargs):
    return _hooks.on_config(config)


def on_pre_build(config, **kwargs) -> None:
    global _hooks, _package_files
    module = sys.modules["portal.build.hooks"]
    if _package_files is not None and module.starts_a_build(config):
        stamp = _package_stamp()
        if stamp != _package_files:
            _package_files = stamp
            module = _fresh_package()
            _hooks = module.Hooks(module.Session(**vars(_hooks.session)))
    _hooks.on_pre_build(config)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files, config, **kwargs):
    return _hooks.on_files(files, config)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has made this language's navigation
def on_nav(nav, config, files, **kwargs):
    return _hooks.on_nav(nav, config, files)


def on_env(env, config, files, **kwargs):
    return _hooks.on_env(env, config, files)


def current() -> portal.build.hooks.Hooks:
    """The hooks object of this process (the preview's worker drives its re-renders)."""
    return _hooks


def on_page_context(context, page, config, nav, **kwargs):
    return _hooks.on_page_context(context, page, config, nav)


def on_template_context(context, template_name, config, **kwargs):
    return _hooks.on_template_context(context, template_name, config)


def on_page_markdown(markdown, page, config, files, **kwargs):
    return _hooks.on_page_markdown(markdown, page, config, files)


def on_page_content(html, page, config, files, **kwargs):
    return _hooks.on_page_content(html, page, config, files)


def on_post_page(output, page, config, **kwargs):
    return _hooks.on_post_page(output, page, config)


def on_post_template(output, template_name, config, **kwargs):
    return _hooks.on_post_template(output, template_name, config)


def on_post_build(config, **kwargs) -> None:
    _hooks.on_post_build(config)


def on_build_error(error, **kwargs) -> None:
    if _hooks is not None:
        _hooks.on_build_error(error)


def on_shutdown(**kwargs) -> None:
    if _hooks is not None:
        _hooks.on_shutdown()


def on_serve(server, config, builder, **kwargs):
    return _hooks.on_serve(server, config, builder)

"""What the generator needs to know about the published site: its address, its name in each
language, the licence of its content, the organisation that publishes it (the author of every
citation, named per language), a contact address and the image link previews show. Built from
mkdocs.yml (by the hook, from MkDocs' config; by the command line, from the file), never
hard-coded in templates.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from portal.i18n import message
from portal.model.practice import LANGUAGES, language_prefix

DEFAULT_LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Site:
    url: str  # absolute, ends with "/"
    names: dict[str, str]  # site_name by language
    license_name: str
    license_url: str
    # The publishing organisation by language (`extra.publisher.name`); the portal's name when
    # none is set, so a citation always has an author.
    publishers: dict[str, str] = field(default_factory=dict)
    email: str = ""  # `extra.publisher.email`: contact for data users, in the data package
    image: str = ""  # `extra.og_image`: path of the link preview image below the site root
    # `extra.tag_entity`: "authority,date" of the tag: URIs (RFC 4151) that identify the feeds'
    # entries. Fixed in mkdocs.yml, so the ids survive a move of the site to another domain.
    tag_entity: str = ""
    # `extra.catalog_page_size`: practices the catalog page holds in its HTML; the rest are on
    # numbered pages (readers without JavaScript) and in its data files (filters and sort).
    # It keeps the catalog's first load the same at any number of practices.
    catalog_page_size: int = 50

    @classmethod
    def of(cls, site_url: str | None, names: dict[str, str], license: dict | None,
           extra: Mapping | None = None) -> Site:
        """`extra` is mkdocs.yml's `extra:` mapping (publisher, og_image); `license` stays a
        parameter of its own for callers that pass only that."""
        extra = extra or {}
        license = {**DEFAULT_LICENSE, **(license or extra.get("license") or {})}
        url = (site_url or "/").rstrip("/") + "/"
        publisher = extra.get("publisher") or {}
        names_of = publisher.get("name") or {}
        if isinstance(names_of, str):
            names_of = {lang: names_of for lang in LANGUAGES}
        publishers = {lang: " ".join(str(names_of.get(lang) or names_of.get(LANGUAGES[0])
                                         or names[lang]).split()) for lang in LANGUAGES}
        return cls(url, dict(names), license["name"], license["url"], publishers,
                   str(publisher.get("email") or ""), str(extra.get("og_image") or ""),
                   str(extra.get("tag_entity") or ""),
                   _page_size(extra.get("catalog_page_size", cls.catalog_page_size)))

    def name(self, lang: str) -> str:
        return self.names[lang]

    def publisher(self, lang: str) -> str:
        """The organisation that publishes the portal, in `lang`: the author of its sheets."""
        return self.publishers.get(lang) or self.names[lang]

    @property
    def image_url(self) -> str:
        return self.absolute(self.image) if self.image else ""

    def prefix(self, lang: str) -> str:
        return language_prefix(lang)

    def practice_path(self, practice_id: str, lang: str) -> str:
        return f"{self.prefix(lang)}practicas/{practice_id}/"

    def practice_link(self, practice_id: str, lang: str, to_lang: str) -> str:
        """The relative link from a practice's page in `lang` to its page in `to_lang`."""
        up = "../" * self.practice_path(practice_id, lang).count("/")
        return up + self.practice_path(practice_id, to_lang)

    def practice_url(self, practice_id: str, lang: str) -> str:
        """The permanent URL of a practice page, as partners cite it."""
        return self.url + self.practice_path(practice_id, lang)

    def absolute(self, path: str) -> str:
        return self.url + path.lstrip("/")


class SiteConfigError(ValueError):
    """A value of mkdocs.yml's `extra:` the portal cannot use; its text is the message."""


def _page_size(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 10 <= value <= 500:
        raise SiteConfigError(message("build.page_size", value=repr(value)))
    return value


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV [NAME, default]` from the environment; other tags
    (Python names in extensions) are not needed here and read as plain values."""

    environ: Mapping[str, str] = os.environ


def _env_tag(loader, node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)
    return next((loader.environ[n] for n in names if n in loader.environ), default)


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_EnvLoader.add_constructor("!ENV", _env_tag)
_EnvLoader.add_multi_constructor("!", _any_tag)
_EnvLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def names_from_i18n(default_name: str, languages: list[dict]) -> dict[str, str]:
    """site_name per language: a language's own override, else the general one."""
    names = {lang: default_name for lang in LANGUAGES}
    for entry in languages:
        if entry.get("locale") in names and entry.get("site_name"):
            names[entry["locale"]] = entry["site_name"]
    return names


def from_mkdocs_yml(path: Path, environ: Mapping[str, str] | None = None) -> Site:
    """The Site of a project, read from its mkdocs.yml (for `python -m portal`). `environ`
    replaces the process environment for `!ENV` (tests pass {} to get the file's defaults)."""
    loader = type("Loader", (_EnvLoader,), {"environ": os.environ if environ is None else environ})
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    languages = []
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"].get("languages") or []
    extra = config.get("extra") or {}
    return Site.of(config.get("site_url"), names_from_i18n(config["site_name"], languages),
                   extra.get("license"), extra)

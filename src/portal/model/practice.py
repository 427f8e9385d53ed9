"""Frozen objects the pages are rendered from. Templates never see raw dictionaries."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("es", "en", "pt")  # Spanish first: the default language, served at /.
# Every practice is written in these; the others (Portuguese) are optional: a practice either
# has one in every text field or in none, and its page in a language it lacks shows the default
# language's text, marked as such (portal.pages.generated).
REQUIRED = ("es", "en")
OPTIONAL = tuple(lang for lang in LANGUAGES if lang not in REQUIRED)


def language_prefix(lang: str) -> str:
    """Path of a language's home below the site root: "" for the default language, "en/" for
    English. The one place that says where a language lives (the site, the feeds, the theme's
    templates and the tests ask it)."""
    return "" if lang == LANGUAGES[0] else f"{lang}/"


@dataclass(frozen=True)
class Text:
    """A text in the required languages and, when written, the optional ones. Asked in an
    optional language it lacks, it gives the default language's text: `language(lang)` says
    which language that is, for the page to mark it (lang="es")."""

    es: str
    en: str
    pt: str | None = None

    def __call__(self, lang: str) -> str:
        return getattr(self, self.language(lang))

    def language(self, lang: str) -> str:
        """The language `self(lang)` is written in."""
        return lang if getattr(self, lang) is not None else LANGUAGES[0]

    @classmethod
    def of(cls, data: dict | None) -> Text | None:
        if data is None:
            return None
        return cls(**{lang: data[lang].strip() for lang in LANGUAGES if lang in data})


@dataclass(frozen=True)
class Institution:
    name: Text
    role: str
    url: str | None


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    year: int | None
    language: str | None
    url: str | None


@dataclass(frozen=True)
class Link:
    label: Text
    url: str


@dataclass(frozen=True)
class Withdrawal:
    """A practice taken out of the catalogue: its sheet stays, with this notice."""

    date: str
    reason: Text


@dataclass(frozen=True)
class Practice:
    id: str
    source_path: str  # relative to the project root, e.g. practices/<id>.yaml
    title: Text
    summary: Text
    countries: tuple[str, ...]
    locality: Text | None
    institutions: tuple[Institution, ...]
    start_year: int
    end_year: int | None
    status: str
    objectives: tuple[Text, ...]
    lessons: tuple[Text, ...]
    recommendations: tuple[Text, ...]
    gcm_objectives: tuple[int, ...]
    gcm_principles: tuple[str, ...]
    themes: tuple[str, ...]
    populations: tuple[str, ...]
    sources: tuple[Source, ...]
    links: tuple[Link, ...]
    translation_pending: bool
    published: str
    updated: str
    withdrawn: Withdrawal | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages its text is written in (the optional ones are in every field or in
        none: portal.read.checks refuses a partial translation)."""
        return tuple(lang for lang in LANGUAGES if getattr(self.title, lang) is not None)

    def text_language(self, lang: str) -> str:
        """The language of its text on its page in `lang`: `lang`, or the default language
        on the page of a language it is not translated into."""
        return lang if lang in self.languages else LANGUAGES[0]

    @property
    def lead(self) -> tuple[Institution, ...]:
        return tuple(i for i in self.institutions if i.role == "lead")

    @property
    def partners(self) -> tuple[Institution, ...]:
        return tuple(i for i in self.institutions if i.role == "partner")

    @classmethod
    def from_data(cls, data: dict, source_path: str) -> Practice:
        """Build from data that already passed validation (so every key is known to be there)."""
        country = data["country"]
        return cls(
            id=data["id"],
            source_path=source_path,
            title=Text.of(data["title"]),
            summary=Text.of(data["summary"]),
            countries=tuple([country] if isinstance(country, str) else country),
            locality=Text.of(data.get("locality")),
            institutions=tuple(
                Institution(Text.of(i["name"]), i["role"], i.get("url"))
                for i in data["institutions"]
            ),
            start_year=data["start_year"],
            end_year=data.get("end_year"),
            status=data["status"],
            objectives=tuple(map(Text.of, data["objectives"])),
            lessons=tuple(map(Text.of, data["lessons"])),
            recommendations=tuple(map(Text.of, data["recommendations"])),
            gcm_objectives=tuple(data["gcm_objectives"]),
            gcm_principles=tuple(data["gcm_principles"]),
            themes=tuple(data["themes"]),
            populations=tuple(data["populations"]),
            sources=tuple(
                Source(s["title"].strip(), s["publisher"].strip(), s.get("year"),
                       s.get("language"), s.get("url"))
                for s in data["sources"]
            ),
            links=tuple(Link(Text.of(k["label"]), k["url"]) for k in data.get("links", [])),
            translation_pending=data.get("translation") == "pending",
            published=data["published"],
            updated=data["updated"],
            withdrawn=(Withdrawal(data["withdrawn"]["date"], Text.of(data["withdrawn"]["reason"]))
                       if "withdrawn" in data else None),
        )

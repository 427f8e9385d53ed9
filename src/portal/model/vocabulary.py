"""Controlled vocabularies: GCM objectives and principles, themes, populations.

They are data files in practices/vocabularies/, with both languages, read and checked by
portal.read.vocabularies.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.model.practice import Text


@dataclass(frozen=True)
class Objective:
    number: int
    short: Text
    title: Text
    hub_url: Text | None = None  # its page on the Migration Network Hub, per language


@dataclass(frozen=True)
class Term:
    key: str
    label: Text


@dataclass(frozen=True)
class Vocabularies:
    objectives: dict[int, Objective]
    principles: dict[str, Term]
    themes: dict[str, Term]
    populations: dict[str, Term]

"""The three citation files of every practice, beside its page in the built site:
practicas/<id>/<id>.bib, .ris and .json (CSL-JSON), in the page's language."""

from __future__ import annotations

import json
from pathlib import Path

from portal.build.output import write_files
from portal.cite import citation as cite
from portal.model.catalog import Catalog
from portal.model.practice import Practice
from portal.model.site import Site


def contents(practice: Practice, catalog: Catalog, site: Site, lang: str) -> dict[str, bytes]:
    """File name -> bytes, for one practice in one language."""
    c = cite.citation(practice, catalog, site, lang)
    texts = {"bib": cite.bibtex(c), "ris": cite.ris(c),
             "json": json.dumps(cite.csl(c), ensure_ascii=False, indent=2) + "\n"}
    return {cite.file_name(practice.id, kind): texts[kind].encode("utf-8")
            for kind in cite.FILE_KINDS}


def write(lang_folder: Path, catalog: Catalog, site: Site, lang: str,
          *, aliases: dict[str, str] | None = None) -> list[Path]:
    """Write every practice's files under lang_folder/practicas/<id>/. `aliases` (old id ->
    current id) also writes the current files at each old id's place, so a citation file
    URL published before a rename keeps answering."""
    written = []
    places = [(p.id, p) for p in (*catalog.practices, *catalog.withdrawn)]  # withdrawn: still cited
    places += [(old, catalog.by_id(new)) for old, new in (aliases or {}).items()]
    for folder_id, practice in places:
        files = {name.replace(practice.id, folder_id, 1): data
                 for name, data in contents(practice, catalog, site, lang).items()}
        written += write_files(lang_folder, f"practicas/{folder_id}", files)
    return written

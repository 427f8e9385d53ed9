"""Command line: `python -m portal check|generate|new` (`make check`, `make new ID=<id>`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from portal.build.output import sync
from portal.contribute.scaffold import ScaffoldError, create
from portal.data import permalinks
from portal.model.catalog import Project
from portal.model.site import from_mkdocs_yml
from portal.pages import generated as pages
from portal.pages import sheet_pdf
from portal.read.practices import check
from portal.read.problems import errors_of, report


def _print_problems(problems, catalog) -> None:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github())
    if problems:
        print(report(problems), file=sys.stderr if errors_of(problems) else sys.stdout)
    if catalog is not None:
        n, w = len(catalog.practices), len(catalog.withdrawn)
        es_w = f" y {w} {'retirada' if w == 1 else 'retiradas'}" if w else ""
        en_w = f" and {w} withdrawn" if w else ""
        print(f"{n} {'práctica válida' if n == 1 else 'prácticas válidas'}{es_w} / "
              f"{n} valid {'practice' if n == 1 else 'practices'}{en_w}")


def _new(project: Project, practice_id: str) -> int:
    try:
        path = create(project.practices_dir, project.schema(), practice_id)
    except ScaffoldError as e:
        print(e, file=sys.stderr)
        return 2
    rel = project.rel(path)
    print(f"{rel} creado. Rellene los campos vacíos y ejecute `make check` hasta que no queden errores.\n"
          f"{rel} created. Fill in the empty fields and run `make check` until no error is left.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root folder")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every practice; print every problem")
    sub.add_parser("generate", help="check, then write the Markdown pages into docs/")
    links = sub.add_parser("permalinks", help="add a built site's URLs to permalinks.txt")
    links.add_argument("--site", type=Path, default=Path("site"), help="built site folder")
    new_cmd = sub.add_parser("new", help="write practices/<id>.yaml with every field to fill in")
    new_cmd.add_argument("id", help="permanent id of the new practice, like chile-mesa-intersectorial")
    args = parser.parse_args(argv)
    project = Project(args.root.resolve())
    if args.command == "new":
        return _new(project, args.id)

    catalog, problems = check(project)
    # Without mkdocs.yml (a folder of practices alone) there is no site to lay sheets out for.
    if catalog is not None and args.command == "check" and (project.root / "mkdocs.yml").is_file():
        # A sheet that needs a second page even at its smallest type: a warning (the PDFs are
        # rendered, or taken from the build's cache, to know).
        problems = sorted([*problems, *sheet_pdf.check_problems(
            catalog, from_mkdocs_yml(project.root / "mkdocs.yml"))])
    _print_problems(problems, catalog)
    if catalog is None:
        return 1
    if args.command == "generate":
        site = from_mkdocs_yml(project.root / "mkdocs.yml")
        written = sync(project.docs_dir, pages.OWNED, pages.all_pages(catalog, site).files)
        print(f"{len(written.written)} written, {len(written.deleted)} deleted, "
              f"{written.unchanged} unchanged")
    if args.command == "permalinks":
        new = permalinks.update_manifest(project.root, args.site.resolve())
        print(f"{permalinks.MANIFEST}: {new} URL nuevas / {new} new URLs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

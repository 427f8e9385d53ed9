"""Command line: `python -m portal check|generate|new` (`make check`, `make new ID=<id>`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from portal.build.output import sync
from portal.contribute.scaffold import ScaffoldError, create
from portal.data import permalinks
from portal.i18n import MissingText, message, message_lines, plural
from portal.model.catalog import Project
from portal.model.site import SiteConfigError, from_mkdocs_yml
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
        valid, withdrawn = plural("cli.valid", len(catalog.practices)), len(catalog.withdrawn)
        print(message("cli.valid_and_withdrawn", valid=valid, withdrawn=plural("cli.withdrawn", withdrawn))
              if withdrawn else message(valid))


def _new(project: Project, practice_id: str) -> int:
    try:
        path = create(project.practices_dir, project.schema(), practice_id)
    except ScaffoldError as e:
        print(e, file=sys.stderr)
        return 2
    print(message_lines("cli.created", path=project.rel(path)))
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except MissingText as e:  # a message's text is missing from a language's file: say which
        print(e, file=sys.stderr)
        return 1


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description=message("cli.description"))
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=message("cli.root"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help=message("cli.check"))
    sub.add_parser("generate", help=message("cli.generate"))
    links = sub.add_parser("permalinks", help=message("cli.permalinks"))
    links.add_argument("--site", type=Path, default=Path("site"), help=message("cli.site"))
    preview = sub.add_parser("preview", help=message("cli.preview"))
    preview.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help=message("cli.dev_addr"))
    new_cmd = sub.add_parser("new", help=message("cli.new"))
    new_cmd.add_argument("id", help=message("cli.id"))
    args = parser.parse_args(argv)
    project = Project(args.root.resolve())
    if args.command == "new":
        return _new(project, args.id)
    if args.command == "preview":
        from portal.preview.server import serve  # MkDocs is imported by the preview only

        host, _, port = args.dev_addr.rpartition(":")
        return serve(project.root, host or "127.0.0.1", int(port))

    catalog, problems = check(project)
    # Without mkdocs.yml (a folder of practices alone) there is no site to lay sheets out for.
    if catalog is not None and args.command == "check" and (project.root / "mkdocs.yml").is_file():
        # A sheet that needs a second page even at its smallest type: a warning (the PDFs are
        # rendered, or taken from the build's cache, to know).
        problems = sorted([*problems, *sheet_pdf.check_problems(catalog, _site(project))])
    _print_problems(problems, catalog)
    if catalog is None:
        return 1
    if args.command == "generate":
        site = _site(project)
        written = sync(project.docs_dir, pages.OWNED, pages.all_pages(catalog, site).files)
        print(message("cli.generated", written=len(written.written), deleted=len(written.deleted),
                      unchanged=written.unchanged))
    if args.command == "permalinks":
        new = permalinks.update_manifest(project.root, args.site.resolve())
        print(message("cli.new_urls", manifest=permalinks.MANIFEST, n=new))
    return 0


def _site(project: Project):
    try:
        return from_mkdocs_yml(project.root / "mkdocs.yml")
    except SiteConfigError as e:
        print(e, file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    sys.exit(main())

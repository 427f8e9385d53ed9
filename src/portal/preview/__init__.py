"""The editors' preview (`make serve`, `python -m portal preview`): problems never stop it, a save
re-renders only the pages that file changes, and the server answers while it works.

- `server`: the web server and the watcher of everything but practices; it runs a `worker`
  process and serves the last complete site it made (a new worker, in a new folder, when code,
  templates, vocabularies, mkdocs.yml or docs/ change);
- `worker`: one full build through MkDocs' API in draft mode, then, on each save of a practice,
  re-reads that file only and re-renders its pages through MkDocs' page pipeline (`pipeline`);
  the search index, site files, CSP header file and PDFs wait until nothing is saved (`idle`);
- `affected`: which pages a save changes; `unchanged`: reading only files that changed.
The draft pages and the banner are made by portal.pages.drafts.
"""

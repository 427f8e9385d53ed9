"""The build around MkDocs: its hooks, the parallel runner, docs/ writes, CSP, non-page files."""

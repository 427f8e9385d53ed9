"""Reuse of the catalogue: open data (JSON, CSV), the Atom feed, permanent links and redirects."""

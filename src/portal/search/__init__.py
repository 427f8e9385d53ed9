"""The search index: Pagefind run on the built pages, and what it indexes of a sheet."""

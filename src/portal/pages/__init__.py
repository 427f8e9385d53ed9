"""The generated pages: practice sheets, the catalog, listings, related practices, Markdown."""

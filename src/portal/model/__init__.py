"""What a practice, the vocabularies, the catalog and the published site are, once read."""

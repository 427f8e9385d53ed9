"""Citing a practice: citation text, head metadata and the citation files (BibTeX, RIS, CSL)."""

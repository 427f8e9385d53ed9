"""For editors: the scaffold of a new practice, the field reference, pending translations."""

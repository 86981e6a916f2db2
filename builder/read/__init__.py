"""Stage 1: read the content folder into articles."""

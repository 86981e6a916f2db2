"""Stage 6: the docs folder, touching only what changed."""

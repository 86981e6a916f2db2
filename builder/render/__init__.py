"""Stage 5: the digest as Markdown pages, feeds and JSON, in memory."""

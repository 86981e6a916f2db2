"""Stage 4: articles into stories, stories into topics."""

"""Stage 3: extractive summaries of articles and of stories."""

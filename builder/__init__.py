"""A static-site generator for news briefing digests.

The pipeline, one package a stage: `read` → `clean` → `summarize` → `group`
→ `render` → `write`, orchestrated by `commands.pipeline`. `mkdocs` runs it
inside MkDocs (the plugin), `commands.cli` from the command line; `model`
holds the nouns, the configuration and the errors every stage shares, and
`incremental` what makes a rebuild cheap.
"""

__version__ = "0.1.0"

"""A static-site generator for news briefing digests.

The pipeline, one module a stage: `read` → `clean` → `summarize` → `group`
→ `render` → `write`, orchestrated by `build`; `plugin` runs it inside MkDocs
and `cli` from the command line.
"""

__version__ = "0.1.0"

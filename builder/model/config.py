"""The one typed configuration of a briefing build.

Settings live in `mkdocs.yml` under `plugins: - briefing:`. MkDocs validates
them against `PluginOptions` (every bad key is reported with its name, unknown
keys are errors), and `BriefingConfig.from_options` turns them into the frozen
value the pipeline reads. The command line overrides single values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt

from builder.model.errors import ConfigError
from builder.render.feeds import FeedSettings
from builder.group.grouping import GroupSettings
from builder.summarize.articles import ALGORITHMS, DEFAULT_ALGORITHM, SummarySettings


class PluginOptions(base.Config):
    """The `briefing` plugin's options in `mkdocs.yml`, with their defaults."""

    content = opt.Type(str, default="content")
    summary_sentences = opt.Type(int, default=3)
    summarizer = opt.Choice(ALGORITHMS, default=DEFAULT_ALGORITHM)
    story_threshold = opt.Type(float, default=GroupSettings.story_threshold)
    max_topics = opt.Type(int, default=GroupSettings.max_topics)
    cache = opt.Type(str, default=".briefing/cache.sqlite")
    feeds = opt.ListOfItems(opt.Type(str), default=[])  # feeds and pages `briefing fetch` asks when given no URL


@dataclass(frozen=True)
class BriefingConfig:
    """Everything a build needs to know, validated once."""

    content_dir: Path
    """Folder the articles are read from."""
    docs_dir: Path
    """Folder the generated Markdown pages are written to (MkDocs' `docs_dir`)."""
    summary: SummarySettings
    """How articles are summarized."""
    grouping: GroupSettings
    """How articles are grouped into stories and topics."""
    feeds: FeedSettings = FeedSettings()
    """What the feeds say about the site (set from mkdocs.yml's `site_*` keys by the plugin)."""
    cache_file: Path | None = None
    """SQLite file of results kept between builds; None keeps them for one build only."""
    directory_urls: bool = True
    """MkDocs' `use_directory_urls` (set by the plugin): pages link to each other's published URLs."""

    @classmethod
    def from_options(cls, options: PluginOptions, config_dir: Path, docs_dir: Path) -> BriefingConfig:
        """Build from validated plugin options; relative paths are relative to `mkdocs.yml`."""
        errors = _range_errors(options)
        if errors:
            raise ConfigError("; ".join(errors))
        return cls(
            content_dir=(config_dir / options.content).resolve(),
            docs_dir=docs_dir.resolve(),
            summary=SummarySettings(algorithm=options.summarizer, sentences=options.summary_sentences),
            grouping=GroupSettings(story_threshold=options.story_threshold, max_topics=options.max_topics),
            cache_file=(config_dir / options.cache).resolve() if options.cache else None,
        )


def _range_errors(options: PluginOptions) -> list[str]:
    errors = []
    if options.summary_sentences < 1:
        errors.append(f"summary_sentences: must be at least 1, got {options.summary_sentences}")
    if not 0.0 < options.story_threshold < 1.0:
        errors.append(f"story_threshold: must be between 0 and 1, got {options.story_threshold}")
    if options.max_topics < 1:
        errors.append(f"max_topics: must be at least 1, got {options.max_topics}")
    return errors

"""The one typed configuration of a briefing build.

Settings live in `mkdocs.yml` under `plugins: - briefing:`. MkDocs validates
them against `PluginOptions` (every bad key is reported with its name, unknown
keys are errors), and `BriefingConfig.from_mkdocs` turns them, the site's own
settings and the command line's `Overrides` into the frozen value the pipeline
reads. It is the only place a `BriefingConfig` is made from a configuration:
`mkdocs build`, `mkdocs serve`, `briefing build` (through the plugin) and
`briefing digest` all call it.

Each stage's settings live here too, so every stage imports them from the
bottom of the package and this module imports no stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as opt

from builder.model.errors import ConfigError
from builder.model.summarizers import ALGORITHMS, DEFAULT_ALGORITHM

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@dataclass(frozen=True)
class SummarySettings:
    """What a summary depends on besides the article text."""

    algorithm: str = DEFAULT_ALGORITHM
    """Name from `ALGORITHMS`."""
    sentences: int = 3
    """How many sentences a summary has at most."""


@dataclass(frozen=True)
class GroupSettings:
    """How articles are grouped into stories and topics (defaults tuned, see README)."""

    story_threshold: float = 0.45
    """Minimum average neighbourhood similarity of two article groups in one story."""
    title_weight: float = 0.2
    """Share of headline similarity (the rest is text similarity) in how alike two articles are."""
    story_neighbours: int = 7
    """How many nearest articles describe an article's neighbourhood."""
    story_min_similarity: float = 0.15
    """Cosine similarity below which an article is never a neighbour."""
    max_sections: int = 12
    """Upper bound on automatic sections (the menu); their number is found below it."""
    max_topics: int = 30
    """Upper bound on the automatic topics of one section."""
    sections: tuple[str, ...] = ()
    """Fixed section names (`sections:` in mkdocs.yml); empty: sections are found and named automatically."""


@dataclass(frozen=True)
class FeedSettings:
    """What the feeds say about the site (from `site_name`, `site_url`, `site_description`)."""

    title: str = "News Briefing"
    """The feed's title: the site's name."""
    site_url: str = ""
    """The site's published address, ending in `/`; empty when unknown (relative links)."""
    description: str = ""
    """One line about the site."""

    def url(self, path: str) -> str:
        """The address of `path` (relative to the site root): absolute if `site_url` is known."""
        if not self.site_url:
            return path or "./"
        return self.site_url.rstrip("/") + "/" + path


class PluginOptions(base.Config):
    """The `briefing` plugin's options in `mkdocs.yml`, with their defaults."""

    content = opt.Type(str, default="content")
    summary_sentences = opt.Type(int, default=SummarySettings.sentences)
    summarizer = opt.Choice(ALGORITHMS, default=DEFAULT_ALGORITHM)
    story_threshold = opt.Type(float, default=GroupSettings.story_threshold)
    max_sections = opt.Type(int, default=GroupSettings.max_sections)
    max_topics = opt.Type(int, default=GroupSettings.max_topics)
    sections = opt.ListOfItems(opt.Type(str), default=[])
    cache = opt.Type(str, default=".briefing/cache.sqlite")
    feeds = opt.ListOfItems(opt.Type(str), default=[])  # feeds and pages `briefing fetch` asks when given no URL


@dataclass(frozen=True)
class Overrides:
    """What the command line says instead of `mkdocs.yml`; None keeps the file's value."""

    content: Path | None = None
    """`--content`: the folder of articles, relative to the working directory."""
    summary_sentences: int | None = None
    """`--summary-sentences`: sentences per summary."""

    def __post_init__(self) -> None:
        # Checked as soon as the command line is read, before MkDocs starts.
        if self.summary_sentences is not None and self.summary_sentences < 1:
            raise ConfigError(f"--summary-sentences must be at least 1, got {self.summary_sentences}")


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
    """What the feeds say about the site (mkdocs.yml's `site_*` keys)."""
    cache_file: Path | None = None
    """SQLite file of results kept between builds; None keeps them for one build only."""
    directory_urls: bool = True
    """MkDocs' `use_directory_urls`: pages link to each other's published URLs."""

    @classmethod
    def from_mkdocs(cls, config: MkDocsConfig, options: PluginOptions, overrides: Overrides = Overrides()) -> BriefingConfig:
        """Build from MkDocs' loaded configuration and the plugin's validated options.

        Relative paths in the options are relative to `mkdocs.yml`; `overrides`
        take the place of the options they name.
        """
        sentences = overrides.summary_sentences if overrides.summary_sentences is not None else options.summary_sentences
        errors = _range_errors(sentences, options)
        if errors:
            raise ConfigError("; ".join(errors))
        config_dir = Path(config.config_file_path or ".").resolve().parent
        content = overrides.content if overrides.content is not None else config_dir / options.content
        return cls(
            content_dir=content.resolve(),
            docs_dir=Path(config.docs_dir).resolve(),
            summary=SummarySettings(algorithm=options.summarizer, sentences=sentences),
            grouping=GroupSettings(story_threshold=options.story_threshold, max_sections=options.max_sections,
                                   max_topics=options.max_topics,
                                   sections=tuple(dict.fromkeys(n.strip() for n in options.sections if n.strip()))),
            feeds=FeedSettings(config.site_name, config.site_url or "", config.site_description or ""),
            cache_file=(config_dir / options.cache).resolve() if options.cache else None,
            directory_urls=config.use_directory_urls,
        )


def _range_errors(sentences: int, options: PluginOptions) -> list[str]:
    errors = []
    if sentences < 1:
        errors.append(f"summary_sentences: must be at least 1, got {sentences}")
    if not 0.0 < options.story_threshold < 1.0:
        errors.append(f"story_threshold: must be between 0 and 1, got {options.story_threshold}")
    if options.max_topics < 1:
        errors.append(f"max_topics: must be at least 1, got {options.max_topics}")
    if options.max_sections < 1:
        errors.append(f"max_sections: must be at least 1, got {options.max_sections}")
    if len(options.sections) > options.max_sections:
        errors.append(f"sections: at most max_sections ({options.max_sections}) names, got {len(options.sections)}")
    return errors

"""The `briefing` command line: `build` (the whole site), `digest` (the data only) and `fetch` (articles from the web)."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from builder.commands.pipeline import DIGEST_FILE, make_digest, report_problems
from builder.model.config import BriefingConfig, Overrides
from builder.model.errors import BriefingError
from builder.model import Problem
from builder.mkdocs.plugin import BriefingPlugin
from builder.write.digest import digest_json, read_digest
from builder.read.download import FetchSettings
from builder.read.fetch import fetch
from builder.write.files import replace_folder, staging_folder, write_if_changed

log = logging.getLogger("mkdocs.plugins.briefing")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = _parser().parse_args(argv)
    _set_up_logging(arguments.verbose)
    try:
        return arguments.run(arguments)
    except (BriefingError, MkDocsException) as error:
        if arguments.verbose:
            raise
        log.error("%s", error)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn news articles in a content folder into a searchable, attributed briefing site.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the whole site (Markdown pages, then MkDocs)",
                                description="Build the briefing site: read, summarize and group the "
                                "articles, write the Markdown pages, then run MkDocs.")
    _common_options(build)
    build.add_argument("--site", type=Path, metavar="DIR", help="output folder (default: site_dir of mkdocs.yml)")
    build.add_argument("--strict", action="store_true", help="fail on any problem with an article or a page")
    build.set_defaults(run=_run_build)

    digest = commands.add_parser("digest", help="write the digest as JSON, without building HTML",
                                 description="Read, summarize and group the articles and write "
                                 "the digest (the same document as site/briefing.json) to a file.")
    _common_options(digest)
    digest.add_argument("--out", type=Path, metavar="FILE", required=True, help="where to write the JSON ('-' for standard output)")
    digest.add_argument("--strict", action="store_true", help="exit non-zero when any article has a problem")
    digest.add_argument("--with-text", action="store_true", help="add each article's text (for a web page, the text read from it)")
    digest.set_defaults(run=_run_digest)

    fetch_command = commands.add_parser(
        "fetch", help="fetch new articles from feeds and web pages into the content folder",
        description="Download the new entries of feeds (RSS, Atom, JSON Feed) and article pages, and write each "
        "article as Markdown into a folder per feed in the content folder. Exits 0 when at least one source answered.")
    fetch_command.add_argument("urls", nargs="*", metavar="URL",
                               help="a feed or an article page (default: the briefing plugin's 'feeds' in mkdocs.yml)")
    fetch_command.add_argument("--content", type=Path, metavar="DIR", help="folder of articles (default: from mkdocs.yml)")
    fetch_command.add_argument("--strict", action="store_true", help="exit non-zero when any URL has a problem")
    fetch_command.add_argument("--timeout", type=float, default=FetchSettings.deadline, metavar="SECONDS",
                               help=f"seconds one request may take in all (default: {FetchSettings.deadline:g})")
    fetch_command.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                               help="the MkDocs configuration with the briefing settings (default: mkdocs.yml)")
    fetch_command.add_argument("-v", "--verbose", action="store_true", help="show details and tracebacks")
    fetch_command.set_defaults(run=_run_fetch)
    return parser


def _common_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, metavar="DIR", help="folder of articles (default: from mkdocs.yml)")
    command.add_argument("--summary-sentences", type=int, metavar="N", help="sentences per summary (default: from mkdocs.yml)")
    command.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                         help="the MkDocs configuration with the briefing settings (default: mkdocs.yml)")
    command.add_argument("-v", "--verbose", action="store_true", help="show details and tracebacks")


def _run_build(arguments: argparse.Namespace) -> int:
    started = time.perf_counter()
    mkdocs_options = {"strict": True} if arguments.strict else {}
    if arguments.site:
        mkdocs_options["site_dir"] = str(arguments.site.resolve())
    config = _load(arguments.config_file, mkdocs_options)
    _plugin(config).overrides = _overrides(arguments)
    site = Path(config.site_dir)
    # Build beside the site and swap it in only when finished: a failed or
    # killed build leaves the previous site as it was.
    staging = staging_folder(site)
    config["site_dir"] = str(staging)
    try:
        mkdocs_build(config)
        summary = summary_line(*_problems_in(staging / DIGEST_FILE))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        log.info("briefing: the site in %s was left as it was", site)
        raise
    replace_folder(staging, site)
    log.info("briefing: site built in %s in %.1f s: %s", site, time.perf_counter() - started, summary)
    return 0


def _run_digest(arguments: argparse.Namespace) -> int:
    config = _load(arguments.config_file, {})
    briefing = BriefingConfig.from_mkdocs(config, _plugin(config).config, _overrides(arguments))
    digest = make_digest(briefing)
    report_problems(digest)
    document = digest_json(digest, with_text=arguments.with_text)
    if str(arguments.out) == "-":
        sys.stdout.write(document)
    else:
        write_if_changed(arguments.out, document.encode("utf-8"))
    log.info("briefing: digest written to %s: %s", arguments.out, summary_line(len(digest.articles), digest.problems))
    if arguments.strict and digest.problems:
        log.error("briefing: %s with articles; failing because of --strict", _count(len(digest.problems), "problem"))
        return 1
    return 0


def _run_fetch(arguments: argparse.Namespace) -> int:
    urls, content = list(arguments.urls), arguments.content
    if not urls or content is None:  # what the command line leaves out comes from mkdocs.yml
        options = _load(arguments.config_file, {}).plugins["briefing"].config
        urls = urls or list(options.feeds)
        content = content or arguments.config_file.resolve().parent / options.content
    if not urls:
        raise BriefingError(f"nothing to fetch: pass URLs, or list feeds under the briefing plugin's 'feeds' in {arguments.config_file}")
    if not arguments.timeout > 0:
        raise BriefingError(f"--timeout must be more than 0 seconds, got {arguments.timeout:g}")
    fetched = fetch(urls, content, FetchSettings(deadline=arguments.timeout))
    for problem in fetched.problems:
        log.warning("briefing: fetch: %s", problem)
    log.info("briefing: fetched %s into %s; %d of %s answered; %s", _count(len(fetched.written), "new article"), content,
             fetched.answered, _count(fetched.asked, "source"), _count(len(fetched.problems), "problem"))
    if arguments.strict and fetched.problems:
        log.error("briefing: %s; failing because of --strict", _count(len(fetched.problems), "problem"))
        return 1
    return 0 if fetched.answered else 1


def summary_line(published: int, problems: Iterable[Problem]) -> str:
    """What a build did with the content folder, in one line: published, skipped (by name), warnings."""
    problems = list(problems)
    skipped = sorted({problem.path for problem in problems if problem.fatal})
    warned = sorted({problem.path for problem in problems if not problem.fatal})
    parts = [f"{_count(published, 'article')} published"]
    parts.append(f"{_count(len(skipped), 'file')} skipped" + (f" ({', '.join(skipped)})" if skipped else ""))
    parts.append(f"{_count(len(warned), 'published file')} with warnings")
    return "; ".join(parts)


def _problems_in(digest_file: Path) -> tuple[int, tuple[Problem, ...]]:
    written = read_digest(digest_file)
    return written.article_count, written.problems


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _overrides(arguments: argparse.Namespace) -> Overrides:
    """`--content` and `--summary-sentences`, which both commands take instead of `mkdocs.yml`'s values."""
    return Overrides(content=arguments.content, summary_sentences=arguments.summary_sentences)


def _plugin(config: MkDocsConfig) -> BriefingPlugin:
    return config.plugins["briefing"]


def _load(config_file: Path, mkdocs_options: dict) -> MkDocsConfig:
    if not config_file.is_file():
        raise BriefingError(f"{config_file}: no such configuration file (run from the project folder or pass -f)")
    config = load_config(config_file=str(config_file), **mkdocs_options)
    if "briefing" not in config.plugins:
        raise BriefingError(f"{config_file}: the 'briefing' plugin is not listed under 'plugins'")
    return config


def _set_up_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    root = logging.getLogger("mkdocs")
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False

"""How the briefing build scales: N articles against a bare MkDocs build of the same pages.

    .venv/bin/python -m benchmarks.scale --articles 1000 [--articles 5000 ...] [--browser]

For each N it writes N articles made from `../shared/data/` (1,510 records, repeated with their
paragraphs rotated, so every article has its own text, title and path; each copy also ends with a
made-up name, a word no other article has), then measures in one run:

- the anchor: a plain Material site (no briefing plugin) with the same N article texts as pages
  and the same topic-level navigation (about 20 topic pages, articles under `not_in_nav`), built
  once into an empty site folder and once more over its own site (MkDocs deletes the old site
  first): our cold build is compared with the first, our rebuilds with the second (the best of
  the anchor rebuilds, each run just before one of ours, and each of ours against the one before it);
- our cold build (empty cache), our rebuild after adding one article, our rebuild with nothing
  changed, each as a fresh `mkdocs build` process;
- wall time, CPU time (user + system, with the worker processes; steadier than wall time on a
  shared machine), the peak resident memory of the build process (`os.wait4`: the largest of it
  and its helper processes), the site size, the search index size and the build cache's size;
  with `--browser`, the time from typing to the first search result in headless Chromium on the
  cold-built site.

Every figure is printed as a table with its ratio to the anchor.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks import datasets

ROOT = Path(__file__).resolve().parent.parent


# --- the articles ---------------------------------------------------------------------------


def scaled_records(count: int) -> list[dict]:
    """`count` records from the shared data; copies get rotated paragraphs, a numbered title and a made-up name."""
    base = datasets.bbc() + datasets.news_cluster()
    chosen: list[dict] = []
    seen_texts: set[str] = set()
    for index in range(count):
        record = dict(base[index % len(base)])
        record["original"] = record["id"]
        copy = index // len(base)
        if copy:
            body = datasets.bbc_body(record) if "summary_sentences" in record else record["text"]
            record["text"] = _rotated(body, copy)
            record["summary_sentences"] = None  # the text no longer has the BBC headline line
            record["title"] = f"{record['title']} ({copy + 1})"
            record["id"] = f"{record['id']}-{copy + 1}"
            record["text"] += f"\n\nArchive copy {copy + 1}, filed by {made_up_name(index)}."
        if record["text"] in seen_texts:
            record["text"] += f"\n\nArchive copy {copy + 1}."
        seen_texts.add(record["text"])
        chosen.append(record)
    return chosen


_CONSONANTS, _VOWELS = "bdfgklmnprstvz", "aeiou"


def made_up_name(number: int) -> str:
    """A name no dictionary has, a different one for each number (eight letters, "Bafodeki").

    A copy's words are all in its record's other copies; its name is the one word
    only it has, as a reader's rare word is on a real archive (`benchmarks.search`).
    """
    syllables = []
    for _ in range(4):
        number, syllable = divmod(number, len(_CONSONANTS) * len(_VOWELS))
        syllables.append(_CONSONANTS[syllable // len(_VOWELS)] + _VOWELS[syllable % len(_VOWELS)])
    return "".join(syllables).capitalize()


def _rotated(body: str, steps: int) -> str:
    paragraphs = [paragraph for paragraph in body.split("\n") if paragraph.strip()]
    steps %= max(len(paragraphs), 1)
    return "\n\n".join(paragraphs[steps:] + paragraphs[:steps])


def write_content(folder: Path, records: list[dict]) -> None:
    """The records as `.md` articles with front matter (the editor's format)."""
    datasets.write_articles(folder, [_plain(record) for record in records])


def _plain(record: dict) -> dict:
    if record.get("summary_sentences") is None:
        return {key: value for key, value in record.items() if key != "summary_sentences"}
    return record


def labels(records: list[dict]) -> dict[str, tuple[str, str]]:
    """The data's own grouping, by file name: (story, topic).

    A story is a `story_id` of news_cluster, or one BBC record with its copies (as wire copies of
    one report); the topic is the record's `category`.
    """
    by_file = {}
    for index, record in enumerate(records):
        name = f"{index:05d}-{str(record['id']).replace('/', '-')[:24]}.md"
        story = f"story-{record['story_id']}" if "story_id" in record else f"record-{record['original']}"
        by_file[name] = (story, str(record["category"]).capitalize())
    return by_file


# --- the anchor: a plain Material site of the same pages ------------------------------------


def write_anchor(project: Path, records: list[dict], by_file: dict[str, tuple[str, str]]) -> None:
    """A Material project (no briefing plugin) with a page per article and a page per topic."""
    docs = project / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "topics").mkdir()
    topics: dict[str, list[str]] = {}
    for index, record in enumerate(records):
        name = f"{index:05d}-{str(record['id']).replace('/', '-')[:24]}.md"
        body = datasets.bbc_body(record) if record.get("summary_sentences") else record["text"]
        (docs / "articles" / name).write_text(f"# {record['title']}\n\n{body}\n", encoding="utf-8")
        topics.setdefault(by_file[name][1], []).append(name)
    nav = [{"Briefing": "index.md"}]
    for topic, names in sorted(topics.items()):
        page = f"topics/{topic.lower()}.md"
        links = "\n".join(f"- [{_title_of(docs / 'articles' / name)}](../articles/{name})" for name in names)
        (docs / page).write_text(f"# {topic}\n\n{links}\n", encoding="utf-8")
        nav.append({topic: page})
    (docs / "index.md").write_text("# Briefing\n\nThe archive, by topic.\n", encoding="utf-8")
    shutil.copytree(ROOT / "theme", project / "theme")
    config = _project_config(with_briefing=False)
    config += "nav:\n" + "".join(f"  - {json_str(title)}: {page}\n" for item in nav for title, page in item.items())
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")


def _title_of(page: Path) -> str:
    return page.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("# ").replace("[", "(").replace("]", ")")


def json_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _project_config(with_briefing: bool) -> str:
    """The repository's mkdocs.yml; for the anchor, Material's search plugin (a default site's) instead of ours."""
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    kept, skipping = [], False
    for line in lines:
        if line.startswith("  - briefing:") and not with_briefing:
            skipping = True
            kept.append("  - search")
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept) + "\n"


def write_ours(project: Path, content: Path) -> None:
    """A copy of this project reading `content`, with an empty docs folder and no cache."""
    (project / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "theme", project / "theme")
    config = _project_config(with_briefing=True).replace("content: content ", f"content: {content} ")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")


# --- measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One `mkdocs build` process."""

    name: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    site_mb: float
    index_mb: float
    cache_mb: float
    pages: int
    summary_line: str


def build(name: str, project: Path, by_file: dict | None, grouping: str) -> Run:
    """Run `mkdocs build` in `project` as a child process; wall time and its peak memory."""
    if by_file is not None and grouping == "labels":
        (project / "labels.json").write_text(json.dumps(by_file), encoding="utf-8")
        command = [sys.executable, "-m", "benchmarks.scale", "--build-with-labels", str(project)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        log_text = errors.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise SystemExit(f"{name}: build failed ({child.returncode}):\n{log_text[-3000:]}")
    summary = next((line for line in log_text.splitlines() if "articles read" in line), "")
    indexed = next((line for line in log_text.splitlines() if "Pagefind indexed" in line), "")
    if indexed:
        summary += "; " + indexed.split("briefing: ", 1)[-1]
    site = project / "site"
    files = [path for path in site.rglob("*") if path.is_file()]
    index = [site / "search" / "search_index.json", *(path for path in files if "pagefind" in path.parts)]
    return Run(
        name=name,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        site_mb=sum(path.stat().st_size for path in files) / 1e6,
        index_mb=sum(path.stat().st_size for path in index if path.exists()) / 1e6,
        cache_mb=sum(path.stat().st_size for path in (project / ".briefing").rglob("*") if path.is_file()) / 1e6,
        pages=sum(1 for path in files if path.name == "index.html"),
        summary_line=summary.split("-  ", 1)[-1],
    )


def build_with_labels(project: Path) -> None:
    """`mkdocs build` in `project`, with stories and topics taken from the data's own labels.

    Isolates everything but the grouping algorithm (measured on its own, see `--group-sample`).
    """
    import builder.commands.steps
    from builder.group.grouping import Learned
    from builder.commands.cli import _set_up_logging
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    by_file = json.loads((project / "labels.json").read_text(encoding="utf-8"))
    builder.commands.steps.group_and_learn = lambda articles, cleaned, settings, memory: (
        labelled_grouping(articles, by_file), Learned.empty())
    _set_up_logging(verbose=False)
    os.chdir(project)
    mkdocs_build(load_config(config_file=str(project / "mkdocs.yml")))


def labelled_grouping(articles, by_file: dict[str, list[str]]):
    """Stories and topics from the labels, shaped as `group.group` returns them."""
    from builder.group.grouping import Grouping
    from builder.model import Story, Topic
    from builder.read.slugs import short_hash, slugify

    new_story = ["added", "Added"]
    members: dict[str, list] = {}
    topic_of: dict[str, str] = {}
    for article in articles:
        story, topic = by_file.get(article.path.rsplit("/", 1)[-1], new_story)
        members.setdefault(story, []).append(article)
        topic_of[story] = topic
    stories, topics = [], {}
    for key, group_articles in members.items():
        oldest = sorted(group_articles, key=lambda a: (a.published.toordinal() if a.published else 0, a.path))
        story = Story(f"{slugify(oldest[0].title, 'story')}-{short_hash(oldest[0].path)}", oldest[0].title,
                      tuple(a.id for a in oldest))
        stories.append(story)
        topics.setdefault(topic_of[key], []).append(story.id)
    stories.sort(key=lambda s: (-len(s.article_ids), s.id))
    rank = {story.id: index for index, story in enumerate(stories)}
    topic_list = [Topic(slugify(label), label, (), tuple(sorted(ids, key=rank.__getitem__)))
                  for label, ids in topics.items()]
    return Grouping(tuple(stories), tuple(sorted(topic_list, key=lambda t: (-len(t.story_ids), t.id))))


def grouping_seconds(content: Path, sample: int) -> tuple[float, int, int]:
    """Time `group.group` (the shipped algorithm) on the first `sample` articles, in this process."""
    from builder.clean import clean
    from builder.group.grouping import group
    from builder.model.config import GroupSettings
    from builder.read.files import read_content

    articles = sorted(read_content(content).articles, key=lambda a: a.path)[:sample]
    cleaned = {article.id: clean(article) for article in articles}
    started = time.perf_counter()
    result = group(articles, cleaned, GroupSettings())
    return time.perf_counter() - started, len(result.stories), len(result.topics)


def first_search_seconds(site: Path, word: str) -> tuple[float, float]:
    """In headless Chromium: seconds from opening the site to the first result, and from the last key."""
    from benchmarks.search import first_search

    return first_search(site, word)


def longest_article_seconds() -> list[tuple[str, float, int, str]]:
    """Clean and summarize one article at the reader's length cap with every algorithm.

    The worst case one article can cost: `read.MAX_TEXT_CHARACTERS` of real news text.
    Returns (algorithm, seconds, summary sentences, the article's last warning).
    """
    from builder.clean import clean
    from builder.model import Article
    from builder.read.decoding import MAX_TEXT_CHARACTERS
    from builder.model.config import SummarySettings
    from builder.model.summarizers import ALGORITHMS
    from builder.summarize.articles import summarize

    bodies, length = [], 0
    for record in datasets.bbc():
        bodies.append(datasets.bbc_body(record))
        length += len(bodies[-1]) + 2
        if length > MAX_TEXT_CHARACTERS:
            break
    text = "\n\n".join(bodies)[:MAX_TEXT_CHARACTERS]
    article = Article(id="longest", path="longest.md", title="The longest article", text=text)
    cleaned = clean(article)
    rows = []
    for algorithm in ALGORITHMS:
        started = time.perf_counter()
        summary = summarize(article, cleaned, SummarySettings(algorithm=algorithm, sentences=3))
        rows.append((algorithm, time.perf_counter() - started, len(summary.sentences), (summary.notes or ("",))[-1]))
    return rows


# --- the run --------------------------------------------------------------------------------


def measure(count: int, workdir: Path, grouping: str, group_sample: int, browser: bool, repeat: int) -> None:
    """Build the anchor and ours for `count` articles and print the table (best of `repeat` runs)."""
    records = scaled_records(count + repeat)
    extras, records = records[count:], records[:count]
    by_file = labels(records + extras)
    content = workdir / "content"
    write_content(content, records)
    anchor_project, our_project = workdir / "anchor", workdir / "ours"
    write_anchor(anchor_project, records, by_file)
    write_ours(our_project, content)

    def best(runs: list[Run]) -> Run:
        fastest = min(runs, key=lambda run: run.seconds)
        return replace(fastest, peak_mb=max(run.peak_mb for run in runs))

    def cold() -> Run:
        for made in (our_project / ".briefing", our_project / "docs", our_project / "site"):
            shutil.rmtree(made, ignore_errors=True)
        (our_project / "docs").mkdir()
        return build("briefing, cold (empty cache)", our_project, by_file, grouping)

    def added(number: int) -> Run:
        index = count + number
        name = f"{index:05d}-{str(extras[number]['id']).replace('/', '-')[:24]}.md"
        (content / name).write_text(datasets.as_markdown(_plain(extras[number])), encoding="utf-8")
        return build("briefing, one article added", our_project, by_file, grouping)

    def anchor_first() -> Run:
        shutil.rmtree(anchor_project / "site", ignore_errors=True)
        return build("bare MkDocs (anchor), first build", anchor_project, None, grouping)

    # MkDocs empties the site folder before it builds: thousands of files to delete on a rebuild.
    # So a cold build (no site yet) is compared with the anchor's first build, and rebuilds
    # with the anchor's rebuild (its site from the previous build still there).
    first = best([anchor_first() for _ in range(repeat)])
    cold_runs = [cold() for _ in range(repeat)]
    # Each of our rebuilds runs right after an anchor rebuild: the machine's speed drifts over
    # minutes, and a ratio of runs made seconds apart is steadier than one of runs made apart.
    pairs: dict[str, list[tuple[Run, Run]]] = {"added": [], "nothing": []}
    for number in range(repeat):
        for kind in pairs:
            anchor = build("bare MkDocs (anchor), rebuild", anchor_project, None, grouping)
            ours = added(number) if kind == "added" else build("briefing, nothing changed", our_project, by_file, grouping)
            pairs[kind].append((anchor, ours))
    rebuilt = best([anchor for kind in pairs for anchor, _ in pairs[kind]])
    runs = [(first, first), (rebuilt, rebuilt), (best(cold_runs), first)]
    runs += [(best([ours for _, ours in pairs[kind]]), rebuilt) for kind in pairs]

    print(f"\n## {count} articles (grouping: {grouping}; best of {repeat}; {os.cpu_count()} cores; "
          f"load {os.getloadavg()[0]:.1f})\n")
    print("| build | time s | x anchor | CPU s | x anchor | peak MB | site MB | search index MB | cache MB | pages |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run, anchor in runs:
        print(f"| {run.name} | {run.seconds:.1f} | {run.seconds / anchor.seconds:.2f} | {run.cpu_seconds:.1f} | "
              f"{run.cpu_seconds / anchor.cpu_seconds:.2f} | {run.peak_mb:.0f} | {run.site_mb:.1f} | "
              f"{run.index_mb:.2f} | {run.cache_mb:.0f} | {run.pages} |")
    print("\n(x anchor: a cold build against the anchor's first build, a rebuild against the anchor's rebuild.)")
    print()
    for kind, kind_pairs in pairs.items():
        wall = statistics.median(ours.seconds / anchor.seconds for anchor, ours in kind_pairs)
        cpu = statistics.median(ours.cpu_seconds / anchor.cpu_seconds for anchor, ours in kind_pairs)
        print(f"- {kind_pairs[0][1].name}, each against the anchor rebuild just before it (median of "
              f"{len(kind_pairs)}): {wall:.2f}x wall time, {cpu:.2f}x CPU time")
    for run, _ in runs[2:]:
        print(f"- {run.name}: {run.summary_line}")
    if group_sample:
        sample = min(group_sample, count)
        seconds, stories, topics = grouping_seconds(content, sample)
        print(f"- group.py alone on {sample} articles: {seconds:.1f} s ({stories} stories, {topics} topics)")
    if browser:
        word = records[0]["title"].split()[0]
        total, after_typing = first_search_seconds(our_project / "site", word)
        print(f"- first search for {word!r} in headless Chromium: result {after_typing:.2f} s after the last key, "
              f"{total:.2f} s after opening the page")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, action="append", help="N (repeat for several); default 1000")
    parser.add_argument("--grouping", choices=("real", "labels"), default="real",
                        help="real: group.py; labels: stories and topics from the data's labels (group.py timed apart)")
    parser.add_argument("--group-sample", type=int, default=0, metavar="N",
                        help="also time group.py alone on the first N articles")
    parser.add_argument("--repeat", type=int, default=1, metavar="R", help="run each build R times, keep the fastest")
    parser.add_argument("--browser", action="store_true", help="time the first search in headless Chromium")
    parser.add_argument("--longest-article", action="store_true",
                        help="also time every algorithm on one article as long as the reader allows")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--build-with-labels", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.build_with_labels:
        build_with_labels(arguments.build_with_labels)
        return
    if not datasets.BBC.exists():
        raise SystemExit(f"{datasets.BBC} is missing: set BRIEFING_SHARED_DATA to the shared data folder")
    if arguments.longest_article:
        print("\n| algorithm | seconds for one 200,000-character article | sentences | warning |")
        print("|---|---:|---:|---|")
        for algorithm, seconds, sentences, note in longest_article_seconds():
            print(f"| {algorithm} | {seconds:.2f} | {sentences} | {note} |")
        sys.stdout.flush()
    for count in arguments.articles or ([] if arguments.longest_article else [1000]):
        if arguments.keep:
            workdir = arguments.keep / str(count)
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir(parents=True)
            measure(count, workdir, arguments.grouping, arguments.group_sample, arguments.browser, arguments.repeat)
        else:
            with tempfile.TemporaryDirectory(prefix="briefing-scale-") as folder:
                measure(count, Path(folder), arguments.grouping, arguments.group_sample, arguments.browser,
                        arguments.repeat)


if __name__ == "__main__":
    main()

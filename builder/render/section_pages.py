"""The pages of the two levels above stories: a section with its topics, a topic with its stories.

A section page lists its topics, each with its latest stories. A topic page
lists its stories newest first, `STORIES_PER_PAGE` to a page: the first at
`topics/<id>.md`, the next at `topics/<id>/2.md` and on, each linked to the
one before and after, so no page grows with the archive (one topic of 927
stories made a page of 244 KB).
"""

from __future__ import annotations

from builder.model import Digest, Section, Story, Topic
from builder.render import archive
from builder.render import markup
from builder.render.blocks import Here, count, date_html, list_block, page_text, story_address, story_card

STORIES_PER_PAGE = 20
"""Stories on one page of a topic."""
LATEST_SHOWN = 3
"""Latest stories a section page shows under each of its topics."""


def newest_first(digest: Digest, topic: Topic) -> list[Story]:
    """The topic's stories by their newest date, undated ones last; ties in the grouping's order."""
    stories = digest.stories_in(topic)
    rank = {story.id: index for index, story in enumerate(stories)}

    def key(story: Story) -> tuple:
        date = archive.story_date(digest, story)
        return (date is None, -(date.toordinal() if date else 0), rank[story.id])

    return sorted(stories, key=key)


def topic_page_path(topic: Topic, number: int) -> str:
    """The docs-folder path of page `number` (1, 2, ...) of a topic."""
    return topic.page if number == 1 else f"topics/{topic.id}/{number}.md"


def topic_pages(digest: Digest, topic: Topic, directory_urls: bool = True) -> dict[str, str]:
    """Every page of one topic, by its path: its key phrases, then its stories newest first, a page at a time."""
    stories = newest_first(digest, topic)
    total = max(1, -(-len(stories) // STORIES_PER_PAGE))
    pages = {}
    for number in range(1, total + 1):
        chunk = stories[(number - 1) * STORIES_PER_PAGE : number * STORIES_PER_PAGE]
        pages[topic_page_path(topic, number)] = _topic_page(digest, topic, chunk, number, total, directory_urls)
    return pages


def _topic_page(
    digest: Digest, topic: Topic, stories: list[Story], number: int, total: int, directory_urls: bool
) -> str:
    here = Here(topic_page_path(topic, number), directory_urls)
    title = markup.inline(topic.label) + (f" (page {number} of {total})" if number > 1 else "")
    lines = [f"# {title}", ""]
    section = digest.section_of(topic)
    told = count(len(topic.story_ids), "story", "stories")
    lines += [f"<p>Section: {here.link(section.label, section.page)} · {told}, newest first</p>", ""]
    if topic.keywords and number == 1:
        lines += ["<p>Key phrases: " + ", ".join(markup.line_html(k) for k in topic.keywords) + "</p>", ""]
    lines += [story_card(digest, story, here, heading=2) for story in stories]
    lines += _pager(topic, here, number, total)
    return page_text(lines)


def _pager(topic: Topic, here: Here, number: int, total: int) -> list[str]:
    """Links to the newer and older pages of a topic; nothing for a topic of one page."""
    if total == 1:
        return []
    parts = []
    if number > 1:
        parts.append(here.link("Newer stories", topic_page_path(topic, number - 1)))
    parts.append(f"Page {number} of {total}")
    if number < total:
        parts.append(here.link("Older stories", topic_page_path(topic, number + 1)))
    return [f'<nav class="briefing-pager">{" · ".join(parts)}</nav>', ""]


def section_page(digest: Digest, section: Section, directory_urls: bool = True) -> str:
    """One section: each of its topics, largest first, with its latest stories."""
    here = Here(section.page, directory_urls)
    topics = digest.topics_in(section)
    stories = sum(len(topic.story_ids) for topic in topics)
    lines = [f"# {markup.inline(section.label)}", ""]
    lines += [f"<p>{count(len(topics), 'topic', 'topics')} · {count(stories, 'story', 'stories')}</p>", ""]
    for topic in topics:
        lines += [f"## {markup.inline(topic.label)}", ""]
        latest = newest_first(digest, topic)[:LATEST_SHOWN]
        lines += list_block(_story_line(digest, story, here) for story in latest)
        lines += [f"<p>{here.link(_all_stories(topic), topic.page)}</p>", ""]
    return page_text(lines)


def _all_stories(topic: Topic) -> str:
    return "The story" if len(topic.story_ids) == 1 else f"All {len(topic.story_ids)} stories"


def _story_line(digest: Digest, story: Story, here: Here) -> str:
    date = archive.story_date(digest, story)
    when = f" · {date_html(date)}" if date else ""
    return f"{here.link(story.headline, story_address(digest, story))}{when}"

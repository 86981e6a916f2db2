"""What the previous build grouped, so that pages keep their addresses.

Grouping is recomputed from the content on every build; the memory only
decides which *names* the new groups get. A new story (or topic) takes the id
of an old one when it holds most of the old one's articles that still exist,
so a story keeps its URL when articles join it and a topic keeps its URL as
long as most of it stays together. The build makes the memory from the
`briefing.json` the last build wrote (`pipeline.previous_memory`); a missing
or damaged file only means that every group is named afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from builder.model import Section, Story, Topic


@dataclass(frozen=True)
class Memory:
    """The previous build's groups, as sets of article ids."""

    stories: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each previous story id with the ids of its articles."""
    topics: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each previous topic id with the ids of the articles in its stories."""
    sections: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each previous section id with the ids of the articles in its topics."""

    @classmethod
    def of(cls, stories: Iterable[Story], topics: Iterable[Topic], sections: Iterable[Section] = ()) -> Memory:
        """The memory of a grouping: one just made, or the last build's as its `briefing.json` holds it."""
        story_articles = {story.id: frozenset(story.article_ids) for story in stories}
        topic_articles = {
            topic.id: frozenset(aid for sid in topic.story_ids for aid in story_articles.get(sid, ()))
            for topic in topics
        }
        section_articles = {
            section.id: frozenset(aid for tid in section.topic_ids for aid in topic_articles.get(tid, ()))
            for section in sections
        }
        return cls(story_articles, topic_articles, section_articles)


def inherited_names(groups: list[frozenset[str]], previous: Mapping[str, frozenset[str]]) -> list[str | None]:
    """For each new group, the previous name it inherits, or None.

    A group inherits a previous name when it holds more than half of that
    previous group's articles that still exist. A previous name goes to one
    group at most; when a group could inherit several (two stories merged),
    it takes the one it shares most articles with, ties going to the smaller
    name, so the choice never depends on the order of anything.
    """
    present = frozenset().union(*groups) if groups else frozenset()
    owner = {aid: index for index, members in enumerate(groups) for aid in members}
    candidates: dict[int, list[tuple[int, str]]] = {}
    for name, old_members in previous.items():
        alive = old_members & present
        if not alive:
            continue
        shares: dict[int, int] = {}
        for aid in alive:
            shares[owner[aid]] = shares.get(owner[aid], 0) + 1
        index, overlap = max(shares.items(), key=lambda item: (item[1], -item[0]))
        if 2 * overlap > len(alive):
            candidates.setdefault(index, []).append((-overlap, name))
    return [min(candidates[index])[1] if index in candidates else None for index in range(len(groups))]

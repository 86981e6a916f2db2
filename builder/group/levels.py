"""Sections and topics: the two levels above stories.

Every story becomes the mean of its articles' TF-IDF vectors, smoothed by LSA
(`topics.lsa_points`). *Sections* are the broad parts of the news (the menu):
k-means on all stories with the most stable number of sections, at most
`max_sections` (`topics.section_numbers`). *Topics* are the subjects inside a
section: average-link clustering of the section's stories, cut where stories
are less alike on average than `TOPIC_DISTANCE` (cosine distance), so their
number follows the news; nobody gives it. A topic never spans two sections.

An editor's front matter overrides both: `section:` puts an article's story in
that section (the story takes no part in finding the others), `topic:` in that
topic, which sits in the section most of its stories are in. Labels come from
class-based TF-IDF key phrases (`labels.py`); names are kept across builds by
`names.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix

from builder.group.labels import ArticleTerms, article_terms, key_phrases
from builder.group.names import Memory, inherited_names
from builder.group.stories import renumbered, unused_name
from builder.group.topics import lsa_points, section_numbers
from builder.group.vectors import normalize
from builder.model import Article, Cleaned, Section, Story, Topic
from builder.model.config import GroupSettings
from builder.read.slugs import slugify

TOPIC_DISTANCE = 0.7
"""Average cosine distance (on LSA story vectors) above which two groups of stories are two topics.

Measured (benchmarks/grouping.py): 0.7 gives BBC topics of homogeneity 0.92
against its five categories; 0.8 mixes them (0.88)."""
LABEL_CANDIDATES = 6
"""Key phrases worked out per group, so a label can fall back when a sibling took the best one."""
TOPIC_SHARE = 0.25
"""A topic's key phrase occurs in at least this share of its articles."""
SECTION_SHARE = 0.15
"""A section's label occurs in at least this share of its articles."""


def sections_and_topics(
    articles: Sequence[Article], cleaned: dict[str, Cleaned], stories: list[Story], vectors: csr_matrix,
    memory: Memory, settings: GroupSettings,
) -> tuple[list[Section], list[Topic]]:
    """The sections and topics of `stories`, from the articles' text `vectors` (rows in the order of `articles`)."""
    points = lsa_points(_story_vectors(vectors, articles, stories))
    by_id = {article.id: article for article in articles}
    section_keys = _section_keys(stories, by_id, points, memory, settings)
    topic_keys = _topic_keys(stories, by_id, points, section_keys, settings.max_topics)
    home = _topic_sections(topic_keys, section_keys)
    table = article_terms(articles, cleaned)  # counted once for both levels' labels
    topics = _named_topics(table, stories, topic_keys, home, memory)
    sections = _named_sections(table, stories, topics, home, memory)
    section_id = {key: section.id for key, section in sections.items()}
    topics = [Topic(t.id, t.label, t.keywords, t.story_ids, section_id[home[key]]) for key, t in topics.items()]
    topic_section = {topic.id: topic.section for topic in topics}
    final = [Section(s.id, s.label, tuple(t.id for t in topics if topic_section[t.id] == s.id))
             for s in sections.values()]
    return final, topics


def _story_vectors(vectors: csr_matrix, articles: Sequence[Article], stories: list[Story]) -> csr_matrix:
    """Each story as the normalized mean of its articles' vectors."""
    position = {article.id: index for index, article in enumerate(articles)}
    rows = [index for index, story in enumerate(stories) for _ in story.article_ids]
    columns = [position[aid] for story in stories for aid in story.article_ids]
    membership = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(stories), len(articles)))
    return normalize(membership @ vectors).tocsr()


def _editor_choice(story: Story, by_id: dict[str, Article], attribute: str) -> str | None:
    """The `section` or `topic` an article of the story names (the first in order, for determinism)."""
    chosen = sorted({getattr(by_id[aid], attribute) for aid in story.article_ids if getattr(by_id[aid], attribute)})
    return chosen[0] if chosen else None


def _section_keys(
    stories: list[Story], by_id: dict[str, Article], points: np.ndarray, memory: Memory, settings: GroupSettings,
) -> list[str]:
    """A section key per story: `editor:<section>` when an article names one, else `auto:<number>`.

    With fixed section names (`settings.sections`) every story gets one of them (`_fixed_sections`).
    """
    keys = [f"editor:{name}" if (name := _editor_choice(s, by_id, "section")) else "" for s in stories]
    automatic = [index for index, key in enumerate(keys) if not key]
    if automatic and settings.sections:
        named = _fixed_sections([stories[index] for index in automatic], by_id, points[automatic], settings.sections)
        for index, name in zip(automatic, named):
            keys[index] = f"editor:{name}"
    elif automatic:
        previous = _previous_groups([stories[index] for index in automatic], memory.sections)
        numbers = section_numbers(points[automatic], previous, settings.max_sections)
        for index, number in zip(automatic, numbers):
            keys[index] = f"auto:{number}"
    return keys


def _fixed_sections(
    stories: list[Story], by_id: dict[str, Article], points: np.ndarray, names: tuple[str, ...],
) -> list[str]:
    """One of the editor's section `names` per story: k-means told their number, each cluster given a name.

    A cluster takes the name whose words the largest share of its articles use
    (more than the archive as a whole does), one name per cluster, matched
    to maximize the total (Hungarian assignment), so no name depends on an order.
    """
    from scipy.optimize import linear_sum_assignment
    from sklearn.cluster import KMeans

    if len(names) == 1 or len(stories) < len(names):
        return [names[0]] * len(stories)
    numbers = KMeans(len(names), n_init=10, random_state=0).fit_predict(points)
    patterns = [re.compile(r"\b(?:" + "|".join(re.escape(w) for w in re.findall(r"\w{3,}", name.lower())) + ")")
                if re.findall(r"\w{3,}", name) else re.compile(re.escape(name.lower())) for name in names]
    uses = np.array([[bool(p.search(f"{by_id[aid].title}\n{by_id[aid].text}".lower())) for p in patterns]
                     for story in stories for aid in story.article_ids], dtype=float)
    rows = np.array([number for story, number in zip(stories, numbers) for _ in story.article_ids])
    share = np.vstack([uses[rows == cluster].mean(axis=0) for cluster in range(len(names))])
    clusters, chosen = linear_sum_assignment(-(share - uses.mean(axis=0)))
    name_of = dict(zip(clusters.tolist(), chosen.tolist()))
    return [names[name_of[int(number)]] for number in numbers]


def _previous_groups(stories: list[Story], groups: dict[str, frozenset[str]]) -> list[str | None]:
    """The previous group most of each story's articles were in, None for new stories."""
    group_of = {aid: name for name, members in sorted(groups.items()) for aid in members}
    previous = []
    for story in stories:
        votes = Counter(group_of[aid] for aid in story.article_ids if aid in group_of)
        previous.append(min(votes, key=lambda name: (-votes[name], name)) if votes else None)
    return previous


def _topic_keys(
    stories: list[Story], by_id: dict[str, Article], points: np.ndarray, section_keys: list[str], most: int,
) -> list[str]:
    """A topic key per story: `editor:<topic>`, or `<section key>/<number>` from clustering inside its section."""
    keys = [f"editor:{name}" if (name := _editor_choice(s, by_id, "topic")) else "" for s in stories]
    members: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if not key:
            members.setdefault(section_keys[index], []).append(index)
    for section, rows in members.items():
        for row, number in zip(rows, subtopic_numbers(points[rows], most)):
            keys[row] = f"{section}/{number}"
    return keys


def subtopic_numbers(points: np.ndarray, most: int) -> np.ndarray:
    """A topic number per row of `points` (unit LSA story vectors): average link cut at `TOPIC_DISTANCE`.

    A section that would have more than `most` topics gets `most`.
    """
    if len(points) < 2:
        return np.zeros(len(points), dtype=np.int64)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    distances = np.clip(pdist(points, metric="cosine"), 0.0, 2.0)
    tree = linkage(distances, method="average")
    labels = fcluster(tree, t=TOPIC_DISTANCE, criterion="distance")
    if labels.max() > most:
        labels = fcluster(tree, t=most, criterion="maxclust")
    return renumbered(labels)


def _topic_sections(topic_keys: list[str], section_keys: list[str]) -> dict[str, str]:
    """The section key of each topic key: its own, or for an editor's topic the one most of its stories are in."""
    votes: dict[str, Counter] = {}
    for topic, section in zip(topic_keys, section_keys):
        votes.setdefault(topic, Counter())[section] += 1
    return {topic: min(found, key=lambda s: (-found[s], s)) for topic, found in votes.items()}


def _named_topics(
    table: ArticleTerms, stories: list[Story], keys: list[str], home: dict[str, str], memory: Memory,
) -> dict[str, Topic]:
    """The topics by key, labelled with a key phrase no sibling has, named as in `memory` where they fit."""
    members: dict[str, list[Story]] = {}
    for story, key in zip(stories, keys):
        members.setdefault(key, []).append(story)
    ordered = sorted(members)
    phrases = dict(zip(ordered, key_phrases((), {}, [members[k] for k in ordered], LABEL_CANDIDATES,
                                            share=TOPIC_SHARE, table=table)))
    taken: dict[str, set[str]] = {}
    labels = {key: _distinct_label(key, phrases[key], taken.setdefault(home[key], set())) for key in ordered}
    ids = _names(ordered, labels, members, memory.topics, "topic")
    return {key: Topic(ids[key], labels[key], tuple(phrases[key]), tuple(s.id for s in members[key]))
            for key in ordered}


def _named_sections(
    table: ArticleTerms, stories: list[Story], topics: dict[str, Topic], home: dict[str, str], memory: Memory,
) -> dict[str, Section]:
    """The sections by key, labelled with a key phrase no other section has, named as in `memory` where they fit."""
    members: dict[str, list[Story]] = {}
    story_topic = {sid: key for key, topic in topics.items() for sid in topic.story_ids}
    for story in stories:
        members.setdefault(home[story_topic[story.id]], []).append(story)
    ordered = sorted(members)
    # A section is broad: its label is the single word that sets it apart best.
    phrases = dict(zip(ordered, key_phrases((), {}, [members[k] for k in ordered], LABEL_CANDIDATES,
                                            share=SECTION_SHARE, bigram_bonus=1.0, table=table)))
    taken: set[str] = set()
    # A section is a kind of news ("market", "film"), not a person or a team: common nouns first.
    common = {key: sorted(found, key=lambda phrase: phrase[:1].isupper()) for key, found in phrases.items()}
    labels = {key: _distinct_label(key, common[key], taken) for key in ordered}
    ids = _names(ordered, labels, members, memory.sections, "section")
    return {key: Section(ids[key], labels[key], ()) for key in ordered}


def _distinct_label(key: str, phrases: list[str], taken: set[str]) -> str:
    """The editor's name for an editor's group, else its best phrase not in `taken` (which it joins)."""
    if key.startswith("editor:"):
        label = key.removeprefix("editor:")
    else:
        fresh = [p for p in phrases if p.casefold() not in taken]
        label = (fresh or phrases or ["Other news"])[0]
        label = label[0].upper() + label[1:]
    taken.add(label.casefold())
    return label


def _names(
    ordered: list[str], labels: dict[str, str], members: dict[str, list[Story]], previous: dict[str, frozenset[str]],
    fallback: str,
) -> dict[str, str]:
    """An id per key: an editor's group its label's slug, an automatic one the previous id it holds most of or a new slug."""
    editors = {slugify(labels[key], fallback) for key in ordered if key.startswith("editor:")}
    # An editor's group keeps its own slug; automatic groups never take it over.
    previous = {name: found for name, found in previous.items() if name not in editors}
    automatic = [key for key in ordered if not key.startswith("editor:")]
    inherited = dict(zip(automatic, inherited_names(
        [frozenset(aid for story in members[key] for aid in story.article_ids) for key in automatic], previous
    )))
    used = {name for name in inherited.values() if name}
    ids = {key: unused_name(slugify(labels[key], fallback), used) for key in ordered if key.startswith("editor:")}
    for key in automatic:
        ids[key] = inherited[key] or unused_name(slugify(labels[key], fallback), used)
    return ids

"""Stage 4 on a rebuild: put new articles into the last build's stories and topics.

A full grouping (`grouping.py`) compares every article with every other one and
splits all stories into topics again: 14 s at 5,000 articles. When an editor
adds a few articles, `extend` instead starts from the last grouping and what
it learned (`Learned`: the TF-IDF vocabulary, each article's vectors and
neighbourhood) and only places what changed:

- a new article gets a TF-IDF row from the old vocabulary and a neighbourhood
  among all articles (and joins the neighbourhoods of older articles it is
  nearer to than their farthest neighbour), exactly as `stories.py` makes them;
- it joins the story it is most alike on average (average link, the same
  neighbourhood similarity and `story_threshold` as a full grouping), or
  starts a story of its own; new articles are placed in path order, so two
  new reports of one event make one story;
- a new story joins the automatic topic whose centre (the mean of its stories'
  vectors) is nearest, and so that topic's section; topic and section labels
  stay as the last full grouping made them;
- a removed article leaves its story (a story without articles goes, and so
  does an empty topic); an edited article is removed and added again.

Existing stories and topics never split, merge or change their ids here, so
no page moves. What this does not do is revise earlier decisions in the light
of new articles, learn new words, or find a new topic: so once the articles
added, edited or removed since the last full grouping exceed `REGROUP_SHARE`
of the archive, or an added article names its own `topic:` or `section:`, `extend` declines
and the build groups everything afresh (`grouping.py`, names kept by `names.py`).
The result depends on the content and on the stored state, and the same
content with the same state gives the same grouping, byte for byte.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack

from builder.group.grouping import Grouping, Learned, ordered
from builder.group.stories import SELF_WEIGHT, story_of
from builder.group.vectors import Vocabulary
from builder.model import Article, Cleaned, Section, Story, Topic
from builder.model.config import GroupSettings

REGROUP_SHARE = 0.1
"""Group everything afresh once this share of the archive was added, edited or removed since the last full grouping."""
INCREMENTAL_FROM = 300
"""Smaller archives are always grouped in full: it takes a second or two, and it is the best grouping."""


@dataclass(frozen=True)
class GroupState:
    """The last build's grouping with what it knows about each article, kept in the cache between builds."""

    grouping: Grouping
    """The stories and topics the last build published."""
    learned: Learned
    """Vectors and neighbourhoods of the articles in `grouping`."""
    contents: dict[str, str]
    """A hash of each article's content (by article id), to tell an edited article from an unchanged one."""
    regrouped: int
    """Articles at the last full grouping."""
    changed: int
    """Articles added, edited or removed since the last full grouping."""


def extend(
    state: GroupState, articles: Sequence[Article], contents: dict[str, str], cleaned: dict[str, Cleaned],
    settings: GroupSettings,
) -> GroupState | None:
    """The grouping of `articles`, made by adding to `state` what changed; None when a full grouping is due.

    `contents` holds a hash of each article's content by id.
    """
    kept = [index for index, aid in enumerate(state.learned.article_ids) if state.contents.get(aid) == contents.get(aid)]
    kept_ids = {state.learned.article_ids[index] for index in kept}
    new = sorted((a for a in articles if a.id not in kept_ids), key=lambda a: a.path)
    current = {a.id for a in articles}
    kept = [index for index in kept if state.learned.article_ids[index] in current]
    changed = state.changed + len(state.learned.article_ids) - len(kept) + len(new)
    if (len(articles) < INCREMENTAL_FROM or changed > REGROUP_SHARE * max(state.regrouped, len(articles))
            or any(a.topic or a.section for a in new)):
        return None
    by_id = {a.id: a for a in articles}
    learned = _with_rows(state.learned, kept, new, cleaned, settings)
    story_number, stories = _old_stories(state.grouping, learned.article_ids, by_id)
    topics = _old_topics(state.grouping, stories)
    automatic = [index for index, topic in enumerate(topics) if not any(
        by_id[aid].topic for sid in topic.story_ids for aid in stories[sid].article_ids
    )]
    if new and not automatic:
        return None
    similarity = _neighbourhood_similarity(learned.weights, range(len(kept), len(learned.article_ids)))
    labels = np.array([story_number.get(aid, -1) for aid in learned.article_ids])
    names = list(stories)
    used = set(names)
    for offset, article in enumerate(new):
        row = len(kept) + offset
        label = _best_story(similarity[offset], labels, settings.story_threshold)
        if label is None:
            label = len(names)
            story = story_of([article], None, used)
            names.append(story.id)
            stories[story.id] = story
        else:
            members = [by_id[aid] for aid in stories[names[label]].article_ids] + [article]
            stories[names[label]] = story_of(members, names[label], used)
        labels[row] = label
    topics = _with_new_stories(topics, automatic, stories, learned, labels, names)
    grouping = ordered(list(stories.values()), topics, state.grouping.sections, articles)
    return GroupState(grouping, learned, dict(contents), state.regrouped, changed)


def _with_rows(
    learned: Learned, kept: list[int], new: list[Article], cleaned: dict[str, Cleaned], settings: GroupSettings
) -> Learned:
    """`learned` without the rows not in `kept`, and with rows and neighbourhoods for `new` articles."""
    text = learned.text[kept]
    titles = learned.titles[kept]
    weights = learned.weights[kept][:, kept]
    if new:
        vocabulary = learned.vocabulary
        text = vstack([text, vocabulary.rows([f"{a.title}\n{cleaned[a.id].text}" for a in new])]).tocsr()
        titles = vstack([titles, vocabulary.rows([a.title for a in new])]).tocsr()
        weights = _with_neighbourhoods(weights, _event_similarity(text, titles, len(kept), settings.title_weight),
                                       settings)
    ids = tuple(learned.article_ids[index] for index in kept) + tuple(a.id for a in new)
    return Learned(ids, learned.vocabulary, text, titles, weights)


def _event_similarity(text: csr_matrix, titles: csr_matrix, first_new: int, title_weight: float) -> np.ndarray:
    """How alike each new article (rows from `first_new` on) is to every article, as `group.event_vectors` rates it."""
    return ((1.0 - title_weight) * (text[first_new:] @ text.T) + title_weight * (titles[first_new:] @ titles.T)).toarray()


def _with_neighbourhoods(weights: csr_matrix, alike: np.ndarray, settings: GroupSettings) -> csr_matrix:
    """`weights` of the older articles, plus the neighbourhoods of the new ones (rows of `alike`), as `stories.py` makes them.

    An older article takes a new one into its neighbourhood when the new one is
    nearer than its farthest neighbour (or it has room), as it would have in a
    full grouping; the neighbour it drops is its farthest.
    """
    first_new, count = weights.shape[0], alike.shape[1]
    keep = min(settings.story_neighbours, count - 1)
    changed: dict[int, dict[int, float]] = {}
    new = []
    for offset in range(count - first_new):
        row = first_new + offset
        alike[offset, row] = -1.0
        nearest = np.argpartition(-alike[offset], keep - 1)[:keep] if keep > 0 else []
        chosen = sorted(int(n) for n in nearest if alike[offset, n] >= settings.story_min_similarity)
        new.append({row: SELF_WEIGHT, **{n: float(alike[offset, n]) for n in chosen}})
        for older in np.flatnonzero(alike[offset, :first_new] >= settings.story_min_similarity).tolist():
            if older not in changed:
                start, end = weights.indptr[older], weights.indptr[older + 1]
                changed[older] = dict(zip(weights.indices[start:end].tolist(), weights.data[start:end].tolist()))
            _take_in(changed[older], older, row, float(alike[offset, older]), keep)
    kept = weights.tocoo()
    unchanged = ~np.isin(kept.row, list(changed))
    rows = [*kept.row[unchanged].tolist(), *(r for r, found in changed.items() for _ in found),
            *(first_new + offset for offset, found in enumerate(new) for _ in found)]
    columns = [*kept.col[unchanged].tolist(), *(c for found in changed.values() for c in found),
               *(c for found in new for c in found)]
    values = [*kept.data[unchanged].tolist(), *(v for found in changed.values() for v in found.values()),
              *(v for found in new for v in found.values())]
    return csr_matrix((values, (rows, columns)), shape=(count, count))


def _take_in(neighbourhood: dict[int, float], owner: int, row: int, similarity: float, keep: int) -> None:
    others = {n: w for n, w in neighbourhood.items() if n != owner}
    if len(others) < keep:
        neighbourhood[row] = similarity
        return
    farthest = min(others, key=lambda n: (others[n], -n))
    if similarity > others[farthest]:
        del neighbourhood[farthest]
        neighbourhood[row] = similarity


def _neighbourhood_similarity(weights: csr_matrix, rows: range) -> np.ndarray:
    """Cosine similarity of the neighbourhoods of `rows` with every article's (dense, one row each)."""
    lengths = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    unit = csr_matrix(weights.multiply(1.0 / lengths[:, None]))
    return (unit[rows.start : rows.stop] @ unit.T).toarray()


def _best_story(similarity: np.ndarray, labels: np.ndarray, threshold: float) -> int | None:
    """The story (label) with the highest average similarity to the article, if at least `threshold`."""
    placed = labels >= 0
    if not placed.any():
        return None
    sizes = np.bincount(labels[placed])
    totals = np.bincount(labels[placed], weights=similarity[placed], minlength=len(sizes))
    average = np.divide(totals, sizes, out=np.zeros(len(sizes)), where=sizes > 0)
    best = int(np.argmax(average))  # the first of equals: the oldest story
    return best if average[best] >= threshold else None


def _old_stories(grouping: Grouping, article_ids: tuple[str, ...], by_id: dict[str, Article]) -> tuple[dict, dict]:
    """The last build's stories without articles that are gone (or edited): story number by article, stories by id."""
    present = set(article_ids)
    stories: dict[str, Story] = {}
    number: dict[str, int] = {}
    for story in grouping.stories:
        members = [by_id[aid] for aid in story.article_ids if aid in present]
        if not members:
            continue
        number.update((article.id, len(stories)) for article in members)
        stories[story.id] = story_of(members, story.id, set())
    return number, stories


def _old_topics(grouping: Grouping, stories: dict[str, Story]) -> list[Topic]:
    topics = []
    for topic in grouping.topics:
        remaining = tuple(sid for sid in topic.story_ids if sid in stories)
        if remaining:
            topics.append(Topic(topic.id, topic.label, topic.keywords, remaining, topic.section))
    return topics


def _with_new_stories(
    topics: list[Topic], automatic: list[int], stories: dict[str, Story], learned: Learned, labels: np.ndarray,
    names: list[str],
) -> list[Topic]:
    """The topics, each new story added to the automatic topic whose centre is nearest."""
    placed = {sid for topic in topics for sid in topic.story_ids}
    new = [sid for sid in names if sid not in placed]
    if not new:
        return topics
    number = {sid: index for index, sid in enumerate(names)}
    story_vectors = _unit_rows(_sums(learned.text, labels, len(names)))
    topic_of_story = np.full(len(names), -1)
    for position, index in enumerate(automatic):
        for sid in topics[index].story_ids:
            topic_of_story[number[sid]] = position
    centres = _unit_rows(_sums(story_vectors, topic_of_story, len(automatic)))
    additions: dict[int, list[str]] = {}
    for sid in new:
        nearness = (centres @ story_vectors[number[sid]].T).toarray().ravel()
        additions.setdefault(automatic[int(np.argmax(nearness))], []).append(sid)
    return [Topic(t.id, t.label, t.keywords, t.story_ids + tuple(additions.get(index, ())), t.section)
            for index, t in enumerate(topics)]


def _sums(rows: csr_matrix, labels: np.ndarray, count: int) -> csr_matrix:
    """The sum of the rows of each label 0..count-1 (rows labelled -1 count for none)."""
    chosen = np.flatnonzero(labels >= 0)
    membership = csr_matrix((np.ones(len(chosen)), (labels[chosen], chosen)), shape=(count, rows.shape[0]))
    return (membership @ rows).tocsr()


def _unit_rows(matrix: csr_matrix) -> csr_matrix:
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    return csr_matrix(matrix.multiply(1.0 / lengths[:, None]))


# --- storing a state in the cache -----------------------------------------------------------


def to_bytes(state: GroupState) -> bytes:
    """The state as one NumPy archive (no pickle): matrices as arrays, the rest as JSON."""
    learned = state.learned
    document = {
        "stories": [story.record() for story in state.grouping.stories],
        "topics": [topic.record() for topic in state.grouping.topics],
        "sections": [section.record() for section in state.grouping.sections],
        "article_ids": list(learned.article_ids), "terms": list(learned.vocabulary.terms),
        "contents": state.contents, "regrouped": state.regrouped, "changed": state.changed,
    }
    arrays = {"document": np.frombuffer(json.dumps(document, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
              "idf": learned.vocabulary.idf}
    for name in ("text", "titles", "weights"):
        matrix = getattr(learned, name).tocsr()
        arrays |= {f"{name}_data": matrix.data, f"{name}_indices": matrix.indices, f"{name}_indptr": matrix.indptr,
                   f"{name}_shape": np.array(matrix.shape)}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def from_bytes(data: bytes) -> GroupState:
    """The state `to_bytes` stored; raises ValueError (or KeyError, TypeError) when `data` is not one."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        document = json.loads(arrays["document"].tobytes().decode("utf-8"))
        matrices = {
            name: csr_matrix((arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"]),
                             shape=tuple(arrays[f"{name}_shape"]))
            for name in ("text", "titles", "weights")
        }
        idf = arrays["idf"]
    stories = tuple(Story.from_record(story) for story in document["stories"])
    topics = tuple(Topic.from_record(topic) for topic in document["topics"])
    sections = tuple(Section.from_record(section) for section in document["sections"])
    learned = Learned(tuple(document["article_ids"]), Vocabulary(tuple(document["terms"]), idf), **matrices)
    return GroupState(Grouping(stories, topics, sections), learned, document["contents"], document["regrouped"], document["changed"])

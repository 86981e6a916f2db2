"""Stage 3, across sources: each story with two or more sources told once, and what each source adds.

A story page shows one summary for the whole story and, under each source,
the sentences only that source reports. Both are worked out here, after
grouping, so that rendering only formats: comparing the sources sentence by
sentence is most of a story page's cost, and the build keeps the results in
its cache (`Cache.story_summaries`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from builder.model import Article, Cleaned, Digest, Story, StorySummary, Summary
from builder.read.sentences import words
from builder.summarize.articles import pick, sentences_of

STORY_ADDITIONS = 2
"""How many sentences of its own a source shows on a story page."""
NEW_WORD_PAIRS = 0.5
"""A sentence is the source's own when fewer than this share of its word pairs occur in other sources."""
NEAR_COPY = 0.8
"""A sentence is a retelling of another when this share of the shorter one's word pairs is in both."""


def summarize_stories(digest: Digest) -> dict[str, StorySummary]:
    """Each story of `digest` with two or more sources, summarized (by story id), without a cache."""
    return {story.id: summarize_story(digest.articles_in(story), digest.summaries, digest.cleaned)
            for story in digest.stories if needs_summary(story)}


def needs_summary(story: Story) -> bool:
    """Whether a story is summarized across its sources: a one-source story is its article, with nothing to compare."""
    return len(story.article_ids) > 1


def summarize_story(
    articles: Sequence[Article], summaries: Mapping[str, Summary], cleaned: Mapping[str, Cleaned]
) -> StorySummary:
    """The story that `articles` (oldest first) report: told once, and what each of them adds."""
    return StorySummary(story_summary(articles, summaries), source_additions(articles, summaries, cleaned))


def story_summary(articles: Sequence[Article], summaries: Mapping[str, Summary]) -> Summary:
    """The story told once: the summarizer's pick among all its sources' summary sentences.

    Sources often carry the same sentence with a small difference (an outlet's
    "(CNN)" in front, a word changed): only its first telling is a candidate,
    so the story's summary never says one thing twice. The pick weighs words
    as the lead (oldest) article's language does, as its own summary did.
    """
    lead_article = articles[0]
    lead = summaries[lead_article.id]
    if len(articles) == 1:
        return lead
    candidates = _distinct(s for a in articles for s in summaries[a.id].sentences)
    count = max(len(summaries[a.id].sentences) for a in articles)
    if not candidates:
        return lead
    return Summary(tuple(pick(candidates, count, lead.algorithm, lead_article.language)), lead.algorithm)


def source_additions(
    articles: Sequence[Article], summaries: Mapping[str, Summary], cleaned: Mapping[str, Cleaned]
) -> dict[str, tuple[str, ...]]:
    """Per article, up to `STORY_ADDITIONS` sentences no other source in the story has.

    A sentence counts as reported elsewhere when most of its word pairs occur
    in another source, so a lightly reworded copy of the same fact is not new.
    Sentences already shown in the source's summary are left out; the rest
    keep their order in the article.
    """
    sentences = {a.id: sentences_of(cleaned[a.id].text) for a in articles}
    pairs = {aid: [_word_pairs(sentence) for sentence in found] for aid, found in sentences.items()}
    sources_with: dict[tuple[str, str], int] = {}
    for found in pairs.values():
        for pair in set().union(*found) if found else ():
            sources_with[pair] = sources_with.get(pair, 0) + 1
    additions = {}
    for article in articles:
        new = []
        summary = set(summaries[article.id].sentences)
        for sentence, sentence_pairs in zip(sentences[article.id], pairs[article.id]):
            if len(sentence_pairs) < 5 or sentence in summary:
                continue
            elsewhere = sum(1 for pair in sentence_pairs if sources_with[pair] > 1)  # this source is one
            if elsewhere < NEW_WORD_PAIRS * len(sentence_pairs):
                new.append(sentence)
        additions[article.id] = tuple(new[:STORY_ADDITIONS])
    return additions


def _distinct(sentences: Iterable[str]) -> list[str]:
    """`sentences` in order, without those that retell an earlier one (see `NEAR_COPY`)."""
    kept: list[str] = []
    seen: list[set[tuple[str, str]]] = []
    for sentence in dict.fromkeys(sentences):
        pairs = _word_pairs(sentence)
        if any(pairs and other and len(pairs & other) >= NEAR_COPY * min(len(pairs), len(other)) for other in seen):
            continue
        kept.append(sentence)
        seen.append(pairs)
    return kept


def _word_pairs(sentence: str) -> set[tuple[str, str]]:
    found = [word.casefold() for word in words(sentence)]
    return set(zip(found, found[1:]))

"""How well the builder groups real news into stories and topics, next to TF-IDF baselines.

    python -m benchmarks.grouping

Stories: B-cubed precision, recall and F1 against `story_id` in
`news-cluster.jsonl`, with the shipped defaults, on all records and on the two
halves of the stories (even and odd story numbers: the defaults were tuned on
the even half). Baseline: TF-IDF cosine with average-link clustering at the
threshold that is best on this very data.

Topics: NMI, homogeneity and completeness (scikit-learn) against `category`
in `bbc-news-summary-dev.jsonl`, without telling the builder how many.
Baseline: TF-IDF and k-means told k=5. Ceiling: the builder's own stories,
each put in its articles' most common category, which is as well as topics
made of whole stories can do.

Stability: 1% of the articles (at least one) are held back, the rest grouped,
then everything grouped again with the memory of the first run; the table
counts existing articles whose page, story or topic address changed.

Placing (what a rebuild does when few articles changed, `builder/assign.py`):
1% and 10% of the articles are held back, the rest grouped in full, then the
held-back articles placed into that grouping; story F1 and topic NMI of the
result next to a full grouping of all articles.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import homogeneity_completeness_v_measure, normalized_mutual_info_score

import builder.group.place
from builder.group.place import GroupState, extend
from builder.clean import clean
from builder.group.grouping import Grouping, group, group_and_learn
from builder.model.config import GroupSettings
from builder.group.names import Memory
from builder.model import Article, Cleaned
from builder.read.metadata import parse_date
from builder.read.slugs import article_id, article_page

from . import datasets


def as_articles(records: Sequence[dict], folder: str) -> tuple[list[Article], dict[str, Cleaned]]:
    """Records as the builder's `Article`s (in build order) and their cleaned text."""
    articles = []
    for record in records:
        path = f"{folder}/{record['id']}.md"
        published = parse_date(record["date"]) if record.get("date") else None
        articles.append(Article(
            id=article_id(path), path=path, title=record["title"],
            text=datasets.bbc_body(record) if "summary_sentences" in record else record["text"],
            source=record.get("source"), url=record.get("url"),
            published=published if not hasattr(published, "reason") else None,
            page=article_page(record["title"], path),
        ))
    articles.sort(key=lambda article: article.sort_key)
    return articles, {article.id: clean(article) for article in articles}


def bcubed(predicted: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels."""
    clusters, classes = defaultdict(set), defaultdict(set)
    for index, (p, g) in enumerate(zip(predicted, gold)):
        clusters[p].add(index)
        classes[g].add(index)
    precision = recall = 0.0
    for p, g in zip(predicted, gold):
        shared = len(clusters[p] & classes[g])
        precision += shared / len(clusters[p])
        recall += shared / len(classes[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def story_of(grouping: Grouping) -> dict[str, str]:
    """Story id by article id."""
    return {aid: story.id for story in grouping.stories for aid in story.article_ids}


def topic_of(grouping: Grouping) -> dict[str, str]:
    """Topic id by article id."""
    stories = story_of(grouping)
    topic_by_story = {sid: topic.id for topic in grouping.topics for sid in topic.story_ids}
    return {aid: topic_by_story[sid] for aid, sid in stories.items()}


def majority_category(grouping: Grouping, gold_by_id: dict[str, str]) -> dict[str, str]:
    """Each article's story's most common gold category: the best topics made of these stories can do.

    Topics are unions of whole stories, so an article in a story of another
    category is misplaced whatever the topic stage does.
    """
    category = {}
    for story in grouping.stories:
        counts = Counter(gold_by_id[aid] for aid in story.article_ids)
        majority = min(counts, key=lambda name: (-counts[name], name))
        category.update((aid, majority) for aid in story.article_ids)
    return category


def tfidf_average_link(texts: list[str], gold: list) -> tuple[float, float, float, float]:
    """Baseline: TF-IDF cosine, average link, at the threshold best on `gold`; (threshold, P, R, F1)."""
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    distances = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, 2.0)
    tree = linkage(distances[np.triu_indices(len(texts), k=1)], method="average")
    scores = [
        (bcubed(fcluster(tree, t=1.0 - threshold, criterion="distance"), gold), float(threshold))
        for threshold in np.arange(0.02, 0.80, 0.01)
    ]
    (precision, recall, f1), threshold = max(scores, key=lambda score: score[0][2])
    return threshold, precision, recall, f1


def stories_table(records: list[dict]) -> list[str]:
    """Story quality on news_cluster, ours and the baseline."""
    articles, cleaned = as_articles(records, "nc")
    gold_by_id = {article_id(f"nc/{r['id']}.md"): r["story_id"] for r in records}
    started = time.perf_counter()
    grouping = group(articles, cleaned, GroupSettings())
    seconds = time.perf_counter() - started
    stories = story_of(grouping)
    lines = ["| stories on news-cluster.jsonl | records | stories found | B-cubed P | R | F1 | seconds |",
             "|---|---|---|---|---|---|---|"]
    halves = {"all": lambda s: True, "even story_id (tuning half)": lambda s: int(s) % 2 == 0,
              "odd story_id (held out)": lambda s: int(s) % 2 == 1}
    for name, keep in halves.items():
        chosen = [a for a in articles if keep(gold_by_id[a.id])]
        if name == "all":
            predicted = [stories[a.id] for a in chosen]
        else:  # grouped on its own, as if it were the whole content folder
            half = group(chosen, cleaned, GroupSettings())
            predicted = [story_of(half)[a.id] for a in chosen]
        p, r, f = bcubed(predicted, [gold_by_id[a.id] for a in chosen])
        time_cell = f"{seconds:.2f}" if name == "all" else ""
        lines.append(f"| builder defaults, {name} | {len(chosen)} | {len(set(predicted))} "
                     f"| {p:.3f} | {r:.3f} | {f:.3f} | {time_cell} |")
    texts = [f"{r['title']}\n{r['text']}" for r in records]
    started = time.perf_counter()
    threshold, p, r, f = tfidf_average_link(texts, [r["story_id"] for r in records])
    seconds = time.perf_counter() - started
    lines.append(f"| TF-IDF average link, threshold {threshold:.2f} tuned on all | {len(records)} | "
                 f"| {p:.3f} | {r:.3f} | {f:.3f} | {seconds:.2f} (sweep) |")
    return lines


def section_of(grouping: Grouping) -> dict[str, str]:
    """Section id by article id."""
    topics = topic_of(grouping)
    section_by_topic = {topic.id: topic.section for topic in grouping.topics}
    return {aid: section_by_topic[tid] for aid, tid in topics.items()}


LEVELS = (("bbc-news-summary-dev.jsonl", "bbc", "category"), ("reuters-topics-dev.jsonl", "reuters", "topic"),
          ("news-cluster.jsonl", "nc", "category"), ("news-cluster.jsonl", "nc", "story"))
"""The sets the section and topic levels are measured on, and the gold field of each."""


def levels_table(sets: dict[str, list[dict]]) -> list[str]:
    """Sections and topics (counts not given) against each set's gold field, next to k-means told the true count."""
    lines = ["| set, gold field | level | groups | NMI | homogeneity | completeness | seconds |",
             "|---|---|---|---|---|---|---|"]
    labels: list[str] = []
    for name, folder, field in LEVELS:
        records = sets[name]
        articles, cleaned = as_articles(records, folder)
        gold_by_id = {article_id(f"{folder}/{r['id']}.md"): r[field] for r in records}
        gold = [gold_by_id[a.id] for a in articles]
        started = time.perf_counter()
        grouping = group(articles, cleaned, GroupSettings())
        seconds = time.perf_counter() - started
        where = f"{name}, `{field}` ({len(set(gold))} kinds)"
        for level, found in (("sections", section_of(grouping)), ("topics", topic_of(grouping))):
            lines.append(_scores_row(where, f"builder {level}", gold, [found[a.id] for a in articles],
                                     f"{seconds:.2f}" if level == "sections" else ""))
        ceiling = majority_category(grouping, gold_by_id)
        lines.append(_scores_row(where, "its stories, each in its majority kind (ceiling)", gold,
                                 [ceiling[a.id] for a in articles], ""))
        started = time.perf_counter()
        told = _kmeans_told(articles, cleaned, len(set(gold)))
        lines.append(_scores_row(where, f"TF-IDF + LSA + k-means told k={len(set(gold))}", gold, told,
                                 f"{time.perf_counter() - started:.2f}"))
        if field != "story":
            labels += _labels_found(name, grouping)
    return lines + ["", *labels]


def _scores_row(where: str, level: str, gold: list, predicted: list, seconds: str) -> str:
    h, c, _ = homogeneity_completeness_v_measure(gold, predicted)
    nmi = normalized_mutual_info_score(gold, predicted)
    return f"| {where} | {level} | {len(set(predicted))} | {nmi:.3f} | {h:.3f} | {c:.3f} | {seconds} |"


def _kmeans_told(articles: list[Article], cleaned: dict[str, Cleaned], k: int) -> np.ndarray:
    """Baseline: each article's TF-IDF vector, LSA (100 dimensions), k-means told the true k."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    texts = [f"{a.title}\n{cleaned[a.id].text}" for a in articles]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(texts)
    points = normalize(TruncatedSVD(100, random_state=0).fit_transform(vectors))
    return KMeans(k, n_init=10, random_state=0).fit_predict(points)


def _labels_found(name: str, grouping: Grouping) -> list[str]:
    """Every section and topic label, for reading."""
    lines = [f"Labels on {name}:", ""]
    topics = {topic.id: topic for topic in grouping.topics}
    for section in grouping.sections:
        named = "; ".join(f"{topics[tid].label} ({len(topics[tid].story_ids)})" for tid in section.topic_ids)
        lines.append(f"- **{section.label}**: {named}")
    return lines + [""]


def stability_row(name: str, records: list[dict], folder: str, seed: int = 0) -> str:
    """Existing articles whose page, story or topic moved when 1% more articles were added."""
    articles, cleaned = as_articles(records, folder)
    rng = np.random.default_rng(seed)
    added = set(rng.choice(len(articles), max(1, round(len(articles) / 100)), replace=False).tolist())
    before = [a for index, a in enumerate(articles) if index not in added]
    first = group(before, cleaned, GroupSettings())
    started = time.perf_counter()
    second = group(articles, cleaned, GroupSettings(), Memory.of(first.stories, first.topics, first.sections))
    seconds = time.perf_counter() - started
    pages = {a.id: a.page for a in articles}
    story1, story2, topic1, topic2 = story_of(first), story_of(second), topic_of(first), topic_of(second)
    page_moved = sum(a.page != pages[a.id] for a in before)
    story_moved = sum(story1[a.id] != story2[a.id] for a in before)
    topic_moved = sum(topic1[a.id] != topic2[a.id] for a in before)
    both = sum(story1[a.id] == story2[a.id] and topic1[a.id] == topic2[a.id] for a in before)
    return (f"| {name} | {len(before)} + {len(added)} | {page_moved} | {story_moved} | {topic_moved} | "
            f"{both / len(before):.1%} | {seconds:.2f} |")


def placed_row(name: str, records: list[dict], folder: str, gold_field: str, share: float, seed: int = 0) -> str:
    """Story F1 (news-cluster) or topic NMI (BBC) when `share` of the articles are placed into a grouping of the rest."""
    articles, cleaned = as_articles(records, folder)
    gold_by_id = {article_id(f"{folder}/{r['id']}.md"): r[gold_field] for r in records}
    held = set(np.random.default_rng(seed).choice(len(articles), max(1, round(len(articles) * share)), replace=False).tolist())
    before = [a for index, a in enumerate(articles) if index not in held]
    grouping, learned = group_and_learn(before, cleaned, GroupSettings())
    contents = {a.id: a.id for a in articles}  # no article is edited here: its id tells it apart
    state = GroupState(grouping, learned, contents, regrouped=len(before), changed=0)
    limits = builder.group.place.INCREMENTAL_FROM, builder.group.place.REGROUP_SHARE
    builder.group.place.INCREMENTAL_FROM, builder.group.place.REGROUP_SHARE = 0, 1.0  # place however many
    try:
        started = time.perf_counter()
        placed = extend(state, articles, contents, cleaned, GroupSettings()).grouping
        seconds = time.perf_counter() - started
    finally:
        builder.group.place.INCREMENTAL_FROM, builder.group.place.REGROUP_SHARE = limits
    full = group(articles, cleaned, GroupSettings())
    gold = [gold_by_id[a.id] for a in articles]

    def score(grouping: Grouping) -> float:
        if gold_field == "story_id":
            return bcubed([story_of(grouping)[a.id] for a in articles], gold)[2]
        return normalized_mutual_info_score(gold, [topic_of(grouping)[a.id] for a in articles])

    metric = "story F1" if gold_field == "story_id" else "topic NMI"
    moved = sum(story_of(grouping)[a.id] != story_of(placed)[a.id] or topic_of(grouping)[a.id] != topic_of(placed)[a.id]
                for a in before)
    return (f"| {name} | {share:.0%} | {len(before)} + {len(held)} | {metric} | {score(full):.3f} | "
            f"{score(placed):.3f} | {len(placed.stories)} / {len(placed.topics)} | {moved} | {seconds:.2f} |")


def pieces(records: list[dict], count: int) -> list[dict]:
    """`count` articles cut from the records, a few paragraphs each, for timing only.

    Pieces of one record resemble each other as reports of one event do, so
    the story stage has real work; the figures are about time, not quality.
    """
    made: list[dict] = []
    while len(made) < count:
        for record in records:
            body = datasets.bbc_body(record) if "summary_sentences" in record else record["text"]
            paragraphs = [p for p in body.split("\n") if p.strip()]
            for start in range(0, len(paragraphs), 3):
                round_number = len(made) // max(1, len(records))
                text = "\n".join(paragraphs[start : start + 3 + round_number])
                made.append({"id": f"{record['id']}-{start}-{round_number}", "title": record["title"],
                             "text": text, "date": record.get("date")})
                if len(made) == count:
                    return made
    return made


def scale_row(records: list[dict], count: int) -> str:
    """Seconds to group `count` articles cut from the records."""
    articles, cleaned = as_articles(pieces(records, count), "scale")
    started = time.perf_counter()
    grouping = group(articles, cleaned, GroupSettings())
    seconds = time.perf_counter() - started
    return f"| {len(articles)} | {len(grouping.stories)} | {len(grouping.topics)} | {seconds:.1f} |"


def main(argv: list[str] | None = None) -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, nargs="*", default=[], metavar="N",
                        help="also time grouping N articles cut from the data (e.g. --scale 10000)")
    arguments = parser.parse_args(argv)
    news, bbc = datasets.news_cluster(), datasets.bbc()
    if arguments.scale:
        print("| articles (pieces of the data) | stories | topics | seconds to group |\n|---|---|---|---|")
        for count in arguments.scale:
            print(scale_row(bbc + news, count))
        return
    print("\n".join(stories_table(news)), end="\n\n")
    print("\n".join(levels_table({"bbc-news-summary-dev.jsonl": bbc, "news-cluster.jsonl": news,
                                   "reuters-topics-dev.jsonl": datasets.reuters()})), end="\n\n")
    print("| adding 1% more articles | articles before + added | pages moved | stories moved | topics moved "
          "| same story and topic | seconds (second build) |")
    print("|---|---|---|---|---|---|---|")
    print(stability_row("news-cluster.jsonl", news, "nc"))
    print(stability_row("bbc-news-summary-dev.jsonl", bbc, "bbc"))
    print()
    print("| placing added articles into the last grouping | share added | articles before + placed | measure "
          "| full grouping of all | placed | stories / topics placed | earlier articles moved | seconds to place |")
    print("|---|---|---|---|---|---|---|---|---|")
    for share in (0.01, 0.1):
        print(placed_row("news-cluster.jsonl", news, "nc", "story_id", share))
        print(placed_row("bbc-news-summary-dev.jsonl", bbc, "bbc", "category", share))


if __name__ == "__main__":
    main()

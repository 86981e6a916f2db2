"""The reader's pages: briefing, article, editions, outlets, on tiny hand-made digests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from builder.render import archive
from builder.model import Removal
from builder.render.archive_pages import archive_page, edition_page, outlet_page, sources_page
from builder.render.article_page import article_page, full_text_html, sentence_spans
from builder.render.blocks import ARCHIVE, HOME, Here, SOURCES, SOURCES_SHOWN, attribution, reading_minutes
from builder.render.pages import navigation, render_pages
from builder.render.section_pages import topic_pages
from builder.render.story_pages import home_page, story_page
from builder.render.passthrough import HTML_START
from handmade import article, digest

BRIDGE_GAZETTE = article("bridge-gazette.md", "Bridge to reopen", "The bridge will reopen on Wednesday.\nBuses return.",
                         source="Coast Gazette", published="2025-07-08", author="Mara Lindqvist",
                         url="https://gazette.example/bridge")
BRIDGE_TIMES = article("bridge-times.md", "Bridge reopens", "The bridge reopened on Wednesday.",
                       source="Riverside Times", published="2025-07-09")
BRIDGE_WIRE = article("bridge-wire.md", "Bridge back", "The bridge is back in service.",
                      source="Northern Wire", published="2025-07-09")
LIBRARY_TIMES = article("library-times.md", "Library budget", "The council approved the library budget.",
                        source="Riverside Times", published="2025-07-09")
CONCERTS_OLDER = article("concerts.md", "Free concerts", "The orchestra gives free concerts.",
                         source="Northern Wire", published="2025-07-07")
MAP_UNDATED = article("map.md", "Lost map found", "Archivists found a lost map.", source="Coast Gazette")
RAIL_NO_SOURCE = article("rail.md", "Rail talks", "Rail talks resumed.", published="2025-07-09")


def dated_digest():
    """Three outlets on the bridge over two days, one on the library today, concerts two days ago, an undated map."""
    return digest([[CONCERTS_OLDER], [MAP_UNDATED], [LIBRARY_TIMES], [BRIDGE_GAZETTE, BRIDGE_TIMES, BRIDGE_WIRE]])


class _WellFormed(HTMLParser):
    """Checks that every element opened is closed in order."""

    VOID = {"br", "img", "hr", "input", "meta", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(tag)


def well_formed(html: str) -> bool:
    parser = _WellFormed()
    parser.feed(html)
    return not parser.errors and not parser.open


# The briefing (home page)

def test_front_page_ranks_by_outlets_and_recency_with_undated_stories_last():
    ranked = [story.headline for story in archive.front_page_order(dated_digest())]
    # bridge: 3 outlets, newest today (score 3); library: 1 today (1); concerts: 1, two days old (0.25)
    assert ranked == ["Bridge to reopen", "Library budget", "Free concerts", "Lost map found"]


def test_yesterdays_story_needs_twice_the_outlets_of_todays():
    yesterday_two = [article("y1.md", "Yesterday", "a.", source="A", published="2025-07-08"),
                     article("y2.md", "Yesterday 2", "b.", source="B", published="2025-07-08")]
    today_one = [article("t.md", "Today", "c.", source="C", published="2025-07-09")]
    yesterday_three = yesterday_two + [article("y3.md", "Yesterday 3", "d.", source="D", published="2025-07-08")]
    assert [s.headline for s in archive.front_page_order(digest([yesterday_three, today_one]))] == ["Yesterday", "Today"]
    assert [s.headline for s in archive.front_page_order(digest([today_one, yesterday_two]))] == ["Today", "Yesterday"]


def test_home_page_opens_with_the_latest_edition_and_story_cards():
    page = home_page(dated_digest())
    assert page.startswith(f"# Briefing\n\n{HTML_START}\n<p class=\"briefing-dateline\">Latest edition: "
                           "<time datetime=\"2025-07-09\">Wednesday 9 July 2025</time> · 4 stories · 6 articles · "
                           "3 outlets named</p>\n")
    first_card = page.split('<div class="briefing-story" data-pagefind-ignore>')[1]
    assert first_card.startswith('<h3><a href="stories/story-3/">Bridge to reopen</a></h3>'
                                 '<p class="briefing-meta"><span class="briefing-meta-item">'
                                 '<span class="briefing-badge">3 sources</span></span> '
                                 '<span class="briefing-meta-item"><time datetime="2025-07-09">9 July 2025</time></span> '
                                 '<span class="briefing-meta-item">1 min read</span></p>')
    assert page.index("## Top stories") < page.index("## Sections") < page.index("## Editions")
    assert '<li><strong><a href="sections/news/">News</a></strong>: <a href="topics/news/">News</a></li>' in page
    assert '<a href="feed.xml">Atom feed</a>' in page and '<a href="feed.json">JSON Feed</a>' in page


def test_undated_content_gets_no_invented_date():
    page = home_page(digest([[MAP_UNDATED]]))
    assert "<time" not in page
    assert "publication dates not given" in page
    assert "date unknown" in page
    assert '<span class="briefing-badge briefing-badge--single">1 source</span>' in page


def test_empty_content_still_gives_a_briefing_an_archive_and_sources():
    pages = render_pages(digest([]))
    assert sorted(pages) == [ARCHIVE, HOME, SOURCES]
    assert "No articles yet" in pages[HOME] and "No articles yet" in pages[ARCHIVE]


def test_story_card_lists_a_few_sources_and_links_to_the_rest():
    many = [article(f"m{n}.md", f"Report {n}", "Text.", source=f"Outlet {n}", published="2025-07-09")
            for n in range(SOURCES_SHOWN + 2)]
    page = home_page(digest([many]))
    assert page.count(">full text</a>") == SOURCES_SHOWN + 2
    assert page.count('<li><span class="briefing-print-only">') == 2  # the rest, shown on paper only
    assert '<li><span class="briefing-more"><a href="stories/story-0/">2 more sources</a></span></li>' in page
    assert f'<span class="briefing-badge">{SOURCES_SHOWN + 2} sources</span>' in page


def test_reading_time_is_at_least_a_minute_at_230_words_a_minute():
    assert reading_minutes("word") == 1
    assert reading_minutes("word " * 230) == 1
    assert reading_minutes("word " * 231) == 2


def test_navigation_has_briefing_sections_with_their_topics_archive_and_sources():
    assert navigation(dated_digest()) == [
        {"Briefing": HOME}, {"Sections": [{"News": [{"Overview": "sections/news.md"}, {"News": "topics/news.md"}]}]},
        {"Archive": ARCHIVE}, {"Sources": SOURCES},
    ]


# Article pages: traceable summaries

def test_each_summary_sentence_links_to_the_same_sentence_in_the_full_text():
    text = "First sentence here. Second one follows.\nThird on a new line. Fourth closes."
    piece = article("a.md", "A", text)
    made = digest([[piece]], summaries={"a.md": ("Second one follows.", "Fourth closes.")})
    page = article_page(made, piece)
    assert ('<p class="briefing-summary"><a href="#s-1">Second one follows.</a> '
            '<a href="#s-2">Fourth closes.</a></p>') in page
    assert '<span class="briefing-sentence" id="s-1">Second one follows.</span>' in page
    assert '<span class="briefing-sentence" id="s-2">Fourth closes.</span>' in page


def test_summary_sentence_is_found_outside_the_parts_the_cleaner_removed():
    text = "Subscribe now. Real news. Subscribe now."
    piece = article("b.md", "B", text)
    removal = Removal(0, len("Subscribe now."), "boilerplate line")
    made = digest([[piece]], summaries={"b.md": ("Subscribe now.",)}, removals={"b.md": (removal,)})
    assert sentence_spans(piece, made.cleaned[piece.id], ["Subscribe now."]) == [(26, 40)]


def test_a_sentence_that_is_nowhere_in_the_text_is_shown_without_a_link():
    piece = article("c.md", "C", "Only this.")
    made = digest([[piece]], summaries={"c.md": ("Not in the text.",)})
    page = article_page(made, piece)
    assert "(#s-1)" not in page and 'id="s-1"' not in page


def test_marks_crossing_a_line_break_are_split_and_only_the_first_piece_has_the_id():
    text = "Start of a sentence\nthat wraps. Removed\nbit. End."
    piece = article("d.md", "D", text)
    removal = Removal(text.index("Removed"), text.index("bit.") + 4, "boilerplate line")
    made = digest([[piece]], removals={"d.md": (removal,)})
    spans = sentence_spans(piece, made.cleaned[piece.id], ["Start of a sentence\nthat wraps."])
    html = full_text_html(piece, made.cleaned[piece.id], spans)
    assert well_formed(html)
    assert html == (
        '<div class="briefing-text">'
        '<p><span class="briefing-sentence" id="s-1">Start of a sentence</span></p>'
        '<p><span class="briefing-sentence">that wraps.</span> '
        '<del class="briefing-removed" title="boilerplate line">Removed</del></p>'
        '<p><del class="briefing-removed" title="boilerplate line">bit.</del> End.</p></div>'
    )


def test_full_text_is_escaped_inside_the_sentence_marks():
    text = 'Hello <script>alert("x")</script> world.'
    piece = article("e.md", "E", text)
    made = digest([[piece]], summaries={"e.md": (text,)})
    html = full_text_html(piece, made.cleaned[piece.id], sentence_spans(piece, made.cleaned[piece.id], [text]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# Editions and the archive

def test_one_edition_per_day_newest_first_and_undated_last():
    editions = archive.editions(dated_digest())
    assert [edition.slug for edition in editions] == ["2025-07-09", "2025-07-08", "2025-07-07", "undated"]
    assert [edition.page for edition in editions][-1] == "archive/undated.md"


def test_an_edition_shows_a_story_with_that_days_articles_only():
    made = dated_digest()
    july_9, july_8, july_7, _ = archive.editions(made)
    page = edition_page(made, july_8, earlier=july_7, later=july_9)
    assert page.startswith(f"# Tuesday 8 July 2025\n\n{HTML_START}\n<p>1 story · 1 article · "
                           'earlier: <a href="../2025-07-07/">Monday 7 July 2025</a> · <a href="../">all editions</a> · '
                           'later: <a href="../2025-07-09/">Wednesday 9 July 2025</a></p>\n')
    assert "Coast Gazette" in page and "Riverside Times" not in page
    assert '<span class="briefing-badge">3 sources</span>' in page  # the story's own count


def test_archive_lists_every_edition_with_its_counts():
    page = archive_page(dated_digest())
    assert '<li><a href="2025-07-09/">Wednesday 9 July 2025</a> · 2 stories · 3 articles</li>' in page
    assert '<li><a href="undated/">Undated articles</a> · 1 story · 1 article</li>' in page


# Outlets

def test_every_outlet_has_a_page_and_unknown_outlets_share_one():
    made = digest([[BRIDGE_GAZETTE], [RAIL_NO_SOURCE], [MAP_UNDATED],
                   [article("x.md", "X", "Text.")]])
    outlets = archive.outlets(made)
    assert [(o.label, o.page, len(o.article_ids)) for o in outlets] == [
        ("Coast Gazette", "sources/coast-gazette.md", 2),
        ("Outlet unknown", "sources/unknown-outlet.md", 2),
    ]
    pages = render_pages(made)
    assert "sources/coast-gazette.md" in pages and "sources/unknown-outlet.md" in pages


def test_outlet_names_with_one_slug_are_one_outlet_and_index_is_not_taken():
    made = digest([[article("1.md", "One", "a.", source="BBC News")], [article("2.md", "Two", "b.", source="bbc news")],
                   [article("3.md", "Three", "c.", source="BBC News")], [article("4.md", "Four", "d.", source="Index")]])
    assert [(o.label, o.slug) for o in archive.outlets(made)] == [("BBC News", "bbc-news"), ("Index", "index-outlet")]


def test_outlet_page_lists_articles_newest_first_with_date_and_story():
    made = dated_digest()
    gazette = next(o for o in archive.outlets(made) if o.name == "Coast Gazette")
    page = outlet_page(made, gazette)
    assert page.startswith(f'# Coast Gazette\n\n{HTML_START}\n<p>2 articles · <a href="../">all sources</a></p>\n')
    assert page.index("Bridge to reopen") < page.index("Lost map found")
    assert "<br>date unknown</li>" in page  # a one-source story is the article: no story link
    assert 'story: <a href="../../stories/' in page


def test_sources_page_links_each_outlet_page():
    page = sources_page(dated_digest())
    assert '<li><a href="coast-gazette/">Coast Gazette</a> · 2 articles</li>' in page


def test_attribution_links_the_outlet_page_and_shows_the_known_facts():
    line = attribution(BRIDGE_GAZETTE, Here("index.md"))
    assert line == ('<span class="briefing-source">'
                    '<strong><a href="sources/coast-gazette/">Coast Gazette</a></strong> · by Mara Lindqvist · '
                    '<time datetime="2025-07-08">8 July 2025</time> · '
                    '<a href="https://gazette.example/bridge" rel="noopener nofollow">original</a> · '
                    f'<a href="{BRIDGE_GAZETTE.page.removesuffix(".md")}/">full text</a></span>')


def test_unknown_outlets_are_said_once_and_file_names_only_in_the_notes_for_editors():
    unknown = [article(f"folder/report_{n}.txt", f"Report {n}", "Text.") for n in range(3)]
    made = digest([[*unknown, BRIDGE_GAZETTE]])
    story = made.stories[0]
    for page in (home_page(made), story_page(made, story), *topic_pages(made, made.topics[0]).values()):
        assert "report_" not in page and ".txt" not in page
        assert page.count("Outlet unknown") == 1, page
    assert "Outlet unknown</a></strong> for 3 sources: " in home_page(made)
    assert "Outlet unknown</a> for 3" in story_page(made, story)
    notes = article_page(made, unknown[0])
    assert "Notes for editors:" in notes and "Content file: folder/report_0.txt" in notes
    assert archive.outlets(made)[-1].label == "Outlet unknown"
    assert archive.outlet_count(made, story) == 4  # each unknown outlet still counts once


def test_hostile_outlet_names_are_shown_as_text():
    hostile = article("h.md", "H", "Text.", source='<img src=x onerror="alert(1)">[x](javascript:alert(1))')
    made = digest([[hostile]])
    for page in (sources_page(made), outlet_page(made, archive.outlets(made)[0]), home_page(made)):
        assert "<img" not in page and 'href="javascript' not in page
        assert "onerror" in page  # shown as the characters it is
    assert re.fullmatch(r"sources/[a-z0-9-]+\.md", archive.outlets(made)[0].page)


def test_outlets_with_non_latin_or_punctuation_names_get_pages_of_their_own():
    from builder.render.archive import outlet_slug

    names = ["الجزيرة", "新华社", "Рейтер", "!!!", "???"]
    slugs = [outlet_slug(name) for name in names]
    assert len(set(slugs)) == len(names)
    assert all("/" not in slug and ".." not in slug for slug in slugs)

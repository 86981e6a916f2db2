"""Saved web pages are read as a reader view would: the article and what the page says about it."""

from __future__ import annotations

import datetime as dt
import json

from builder.read.files import read_content
from builder.read.web_page import extract

NEWS_PAGE = """<!DOCTYPE html>
<html lang="de-AT">
<head>
<meta charset="utf-8">
<title>Brücke gesperrt | Tagblatt</title>
<meta property="og:title" content="Alte Brücke wird ein Jahr lang gesperrt">
<meta property="og:site_name" content="Tagblatt">
<meta name="author" content="Anna Berger">
<meta property="article:published_time" content="2025-03-04T08:15:00+01:00">
<link rel="canonical" href="https://tagblatt.example/stadt/bruecke-gesperrt">
</head>
<body>
<nav><a href="/">Start</a> <a href="/stadt">Stadt</a> <a href="/sport">Sport</a></nav>
<header><a href="/abo">Jetzt abonnieren</a></header>
<article>
<h1>Alte Brücke wird ein Jahr lang gesperrt</h1>
<p>Die alte Brücke über den Fluss wird ab Montag für ein Jahr gesperrt, weil ihre Pfeiler erneuert werden müssen.</p>
<p>Fußgänger und Radfahrer können eine Behelfsbrücke nutzen, die etwas weiter flussaufwärts gebaut wurde.</p>
<p>Die Stadt rechnet mit Kosten von rund zwölf Millionen Euro, von denen das Land die Hälfte übernimmt.</p>
</article>
<aside><h2>Meistgelesen</h2><ul><li><a href="/a">Neues Bad eröffnet</a></li><li><a href="/b">Wahl im Herbst</a></li></ul></aside>
<footer>© Tagblatt 2025 · Impressum · Datenschutz</footer>
<script>track("page")</script>
</body>
</html>
"""


def test_a_saved_page_gives_its_article_and_what_it_says_about_itself():
    page = extract(NEWS_PAGE)
    assert page.title == "Alte Brücke wird ein Jahr lang gesperrt"
    assert page.text.split("\n\n") == [
        "Die alte Brücke über den Fluss wird ab Montag für ein Jahr gesperrt, weil ihre Pfeiler erneuert werden müssen.",
        "Fußgänger und Radfahrer können eine Behelfsbrücke nutzen, die etwas weiter flussaufwärts gebaut wurde.",
        "Die Stadt rechnet mit Kosten von rund zwölf Millionen Euro, von denen das Land die Hälfte übernimmt.",
    ]
    assert page.meta == {"source": "Tagblatt", "author": "Anna Berger", "published": "2025-03-04",
                         "url": "https://tagblatt.example/stadt/bruecke-gesperrt", "language": "de"}


def test_a_saved_page_becomes_an_article_with_its_metadata(tmp_path):
    (tmp_path / "bridge.html").write_text(NEWS_PAGE, encoding="utf-8")
    reading = read_content(tmp_path)
    (article,) = reading.articles
    assert (article.source, article.author, article.published, article.url, article.language) == (
        "Tagblatt", "Anna Berger", dt.date(2025, 3, 4), "https://tagblatt.example/stadt/bruecke-gesperrt", "german")
    assert "Meistgelesen" not in article.text and "Impressum" not in article.text and "Start" not in article.text
    assert reading.problems == ()


def test_a_saved_page_without_an_article_is_a_problem(tmp_path):
    (tmp_path / "index.html").write_text(
        "<html><head><title>Tagblatt: Start</title></head><body><nav><a href='/a'>Stadt</a> <a href='/b'>Sport</a></nav>"
        "</body></html>", encoding="utf-8")
    reading = read_content(tmp_path)
    assert reading.articles == ()
    assert [(problem.path, problem.message) for problem in reading.problems] == [
        ("index.html", "no article found in the page (only a title, menus or links)")]


def test_markup_in_a_page_stays_text():
    page = extract("<html><body><article><p>Tags like &lt;b&gt; are text here, and <b>bold</b> is just a word,"
                   " as <a href='javascript:x()'>this link</a> is.</p></article></body></html>")
    assert page.text == "Tags like <b> are text here, and bold is just a word, as this link is."


def test_a_page_whose_markup_is_far_longer_than_its_text_is_read_whole(tmp_path):
    scripts = "<script>" + "var tracking = 'x';\n" * 20_000 + "</script>"  # 400 kB before the article
    (tmp_path / "heavy.html").write_text(NEWS_PAGE.replace("<nav>", scripts + "<nav>"), encoding="utf-8")
    reading = read_content(tmp_path)
    (article,) = reading.articles
    assert article.text.endswith("von denen das Land die Hälfte übernimmt.")
    assert reading.problems == ()


def test_the_digest_with_text_gives_what_was_read_from_a_saved_page(tmp_path):
    from test_cli import briefing

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bridge.html").write_text(NEWS_PAGE, encoding="utf-8")
    out = tmp_path / "digest.json"
    assert briefing("digest", "--content", str(tmp_path / "content"), "--with-text", "--out", str(out)).returncode == 0
    (article,) = json.loads(out.read_text(encoding="utf-8"))["articles"]
    assert article["text"] == extract(NEWS_PAGE).text
    assert briefing("digest", "--content", str(tmp_path / "content"), "--out", str(out)).returncode == 0
    assert "text" not in json.loads(out.read_text(encoding="utf-8"))["articles"][0]

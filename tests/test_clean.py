"""Cleaning: what is not the article is taken out of the summary, never silently."""

import pytest

from builder.clean import clean, describe
from builder.model import Article


def article(text: str) -> Article:
    return Article(id="a", path="a.txt", title="A headline", text=text)


def removed(text: str) -> list[tuple[str, str]]:
    """(reason, removed text) of each removal."""
    return [(removal.reason, text[removal.start : removal.end]) for removal in clean(article(text)).removals]


def test_an_article_without_clutter_is_left_alone():
    text = "Talks resumed on Monday. Both sides met in Doha.\nThey will meet again."
    assert clean(article(text)).text == text
    assert clean(article(text)).removals == ()


@pytest.mark.parametrize(
    "line",
    ["Trending", "Advertisement", "Advertisement Continue reading the main story", "Read more: Talks fail", "Share this article",
     "Scroll down for video", "Photo", "SaveSave", "Information from: Erie Times-News, http://www.goerie.com",
     "next", "prev", "Xinhua | Updated: 2017-09-15 21:45"],
)
def test_boilerplate_lines_are_removed(line):
    text = f"Talks resumed on Monday.\n{line}\nBoth sides met in Doha."
    assert removed(text) == [("boilerplate line", line)]
    assert clean(article(text)).text == "Talks resumed on Monday.\n\nBoth sides met in Doha."


@pytest.mark.parametrize(
    "line",
    ["Image copyright Getty Images Image caption Rescuers at the scene", "David Becker/Getty Images",
     "Enlarge this image toggle caption Mike Stewart/AP", "(Lucy Pasha Robinson / The Independent)",
     "Getty Images Lewis Hamilton celebrates victory at the Brazilian Grand Prix",
     "Getty - Contributor The cyber attack uncovered people's names", "(Courtesy of Cincinnati Zoo and Botanical Garden)",
     "Hide Caption 5 of 25 Photos: Crowds gather outside the theatre in New York before the premiere of the film.",
     "Photos: 1 of 12 Photos: The actor waves to fans", "Hide Caption"],
)
def test_photo_captions_and_credits_are_removed(line):
    assert removed(f"{line}\nTalks resumed on Monday.") == [("photo caption or credit", line)]


@pytest.mark.parametrize(
    "line",
    [
        "Floats in Pasadena, California, Jan 1, 2018. [Photo/IC]",
        "Snow in Erie on Tuesday. (Greg Wohlford/Erie Times-News via AP)",
        "Richard Smith testifies on Capitol Hill. (Photo by Alex Wong/Getty Images)",
        "The rocket on its pad. (SpaceX via AP) (Associated Press)",
        "Michael Sheen and Sarah Silverman in 2016. (Photo: Gregg DeGuire, WireImage)",
        "Cubs players celebrate the moment of triumph (Getty Images)",
        "The Telegram app was removed from the Apple store “inappropriate content” Dado Ruvic/Reuters",
        "Silicon Valley figures have warned of the danger to “our society” LAUREN HURLEY/PA",
        "The burned fuselage of the small plane, on Sunday.Ezequiel Becerra / Agence Francepresse",
    ],
)
def test_a_caption_line_ending_with_its_photo_credit_is_removed(line):
    assert removed(f"{line}\nTalks resumed on Monday.") == [("photo caption or credit", line)]


def test_an_agency_caption_block_is_removed_however_long():
    caption = (
        "FILE - In this Sept. 30, 2016, file photo, Singer Rihanna poses for photographers as she arrives in Paris. "
        "Rihanna is mourning the death of her cousin and calling an end to gun violence. The singer posted three "
        "photos of herself with 21-year-old Tavon Kaiseen Alleyne on Instagram on Tuesday, Dec. 26, 2017, writing "
        "that she could not believe it. Alleyne died Tuesday after being shot in Barbados, where Rihanna was born "
        "and raised. (Thibault Camus, File/Associated Press)"
    )
    assert len(caption) > 400
    text = f"{caption}\nNEW YORK — Rihanna is mourning the death of her cousin."
    assert removed(text) == [("photo caption or credit", caption), ("dateline", "NEW YORK — ")]


def test_the_slides_of_a_photo_gallery_are_removed():
    slides = ["1/34 1 November 2017 Mammatus clouds over the lighthouse", "2/34 3 November 2017 People queue outside a store"]
    text = f"Talks resumed on Monday.\n{slides[0]}\n{slides[1]}\nBoth sides met."
    assert removed(text) == [("photo caption or credit", slide) for slide in slides]


def test_one_line_starting_with_a_fraction_is_not_a_gallery():
    assert removed("Talks resumed on Monday.\n9/11 Commission members met in Washington.") == []


def test_the_headline_repeated_as_the_first_line_is_removed_and_the_dateline_after_it_too():
    text = "New DPRK missile launch aggravates tensions: Kremlin\nMOSCOW -- Russia condemned the launch."
    source = Article(id="a", path="a.txt", title="New DPRK missile launch aggravates tensions: Kremlin", text=text)
    cleaned = clean(source)
    assert [removal.reason for removal in cleaned.removals] == ["headline repeated in the text", "dateline"]
    assert cleaned.text.strip() == "Russia condemned the launch."


def test_a_first_line_that_only_resembles_the_headline_is_kept():
    source = Article(id="a", path="a.txt", title="Ceasefire agreed", text="A ceasefire was agreed on Monday.\nBoth sides met.")
    assert clean(source).removals == ()


@pytest.mark.parametrize(
    "line",
    ["The bill passed (the Senate vote was 51-49).", "Shares fell 3% on Monday (Reuters reported a loss), traders said."],
)
def test_a_sentence_ending_in_brackets_is_not_a_caption(line):
    assert removed(f"{line}\nTalks resumed on Monday.") == []


def test_a_sentence_with_a_slash_is_not_a_credit():
    assert removed("He said the 24/7 news cycle is the enemy\nTalks resumed on Monday.") == []


def test_a_byline_on_its_own_line_is_removed():
    assert removed("By Emma Batha\nTalks resumed on Monday.") == [("byline", "By Emma Batha")]


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("WASHINGTON — The Trump administration is in talks.", "WASHINGTON — "),
        ("Washington: Israeli Prime Minister Benjamin Netanyahu spoke.", "Washington: "),
        ("ERIE, Pa. (AP) - A woman found a bill.", "ERIE, Pa. (AP) - "),
        ("LONDON, Dec 29 (Thomson Reuters Foundation) - Organisers met.", "LONDON, Dec 29 (Thomson Reuters Foundation) - "),
        ("(CNN) Boko Haram freed 21 girls.", "(CNN) "),
        ("Photo\nSEOUL, South Korea — South Korea launched a satellite.", "SEOUL, South Korea — "),
    ],
)
def test_a_dateline_glued_to_the_first_paragraph_is_removed(text, dateline):
    assert ("dateline", dateline) in removed(text)


@pytest.mark.parametrize(
    "text",
    ["Photos: Mass shooting at a festival.", "Trump - who returned to power - spoke.", "Apple Inc - The company said so.",
     "The talks ended. WASHINGTON — The envoy left."],
)
def test_text_that_only_looks_like_a_dateline_is_kept(text):
    assert removed(text) == []


def test_a_chat_assistant_reply_and_the_cut_off_sentence_before_it_are_removed():
    text = "Talks resumed on Monday.\nThe initial ceasefire, declared\nSure! Could you please provide the text you would like me to rewrite for you?"
    assert removed(text) == [
        ("unfinished last sentence (the article seems cut off)", "The initial ceasefire, declared"),
        ("text pasted from a chat assistant", "Sure! Could you please provide the text you would like me to rewrite for you?"),
    ]


def test_the_finished_sentences_of_a_cut_off_paragraph_are_kept():
    text = "Talks resumed on Monday.\nBoth sides met. The envoy said that the"
    assert removed(text) == [("unfinished last sentence (the article seems cut off)", "The envoy said that the")]


@pytest.mark.parametrize("last_line", ["Referee: R Styles (Hampshire)", "Not used: Fury, Brooks", "LOL"])
def test_a_list_or_credit_at_the_end_is_not_taken_for_a_cut_off_sentence(last_line):
    assert removed(f"Wales won the match.\n{last_line}") == []


def test_the_cleaned_text_is_the_original_without_the_removals():
    text = "WASHINGTON — Talks resumed.\nTrending\nBoth sides met.\nRead more\nThey left, and"
    cleaned = clean(article(text))
    pieces, position = [], 0
    for removal in cleaned.removals:
        assert removal.start >= position
        pieces.append(text[position : removal.start])
        position = removal.end
    assert cleaned.text == "".join(pieces) + text[position:]
    assert cleaned.text.startswith("Talks resumed.")


def test_a_removal_is_described_with_what_was_removed():
    text = "Talks resumed.\nTrending\nThey met."
    (removal,) = clean(article(text)).removals
    assert describe(removal, text) == 'removed boilerplate line: "Trending"'

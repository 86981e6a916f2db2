"""Sentence splitting for news text: one test per rule class, offline."""

import pytest

from builder.read.sentences import OfflineTokenizer, sentence_spans, sentences, words


def test_sentences_are_spans_of_the_original_text():
    text = "  Talks resumed.  They ended late. "
    assert [text[span.start : span.end] for span in sentence_spans(text)] == ["Talks resumed.", "They ended late."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones and Gen. Milley.", ["Mr. Smith met Dr. Jones and Gen. Milley."]),
        ("They met on Jan. 5 in Washington.", ["They met on Jan. 5 in Washington."]),
        ("ERIE, Pa. (AP) - A woman found a bill.", ["ERIE, Pa. (AP) - A woman found a bill."]),
        ("He fell Ill. The doctor came.", ["He fell Ill.", "The doctor came."]),
        ("Shares in Apple Inc. rose 2%.", ["Shares in Apple Inc. rose 2%."]),
        ("He works for Apple Inc. The company said so.", ["He works for Apple Inc.", "The company said so."]),
    ],
)
def test_abbreviations_end_a_sentence_only_before_a_usual_first_word(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I work for the U.S. Government in Virginia.", ["I work for the U.S. Government in Virginia."]),
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
        ("At 5 a.m. Mr. Smith went to the bank.", ["At 5 a.m. Mr. Smith went to the bank."]),
        ("The meeting ended at 3 p.m. The talks resume on Monday.", ["The meeting ended at 3 p.m.", "The talks resume on Monday."]),
    ],
)
def test_acronyms_and_times(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    ["George W. Bush met J. K. Rowling in London.", "The novel by J.R.R. Tolkien sold well."],
)
def test_initials_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_decimals_and_money_stay_inside_the_sentence():
    text = "Profits jumped 76% to $1.13bn (£600m). Sales rose 3.5%. It cost £5.5m."
    assert sentences(text) == ["Profits jumped 76% to $1.13bn (£600m).", "Sales rose 3.5%.", "It cost £5.5m."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He called it “a disgrace.” The vote was close.", ["He called it “a disgrace.”", "The vote was close."]),
        ('She turned to him, "This is great." she said.', ['She turned to him, "This is great." she said.']),
        ("Prices fell (by 2.5%). Markets rallied.", ["Prices fell (by 2.5%).", "Markets rallied."]),
        ("It is a martyr.[1] The emperor agreed.", ["It is a martyr.[1]", "The emperor agreed."]),
    ],
)
def test_closing_quotes_brackets_and_citations_stay_with_their_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I never meant that.... She left the store.", ["I never meant that....", "She left the store."]),
        ("The habit was weakened . . . by the war.", ["The habit was weakened . . . by the war."]),
        ("And then… nothing happened. We waited.", ["And then… nothing happened.", "We waited."]),
        ("What I mean... I didn't mean it.", ["What I mean... I didn't mean it."]),
    ],
)
def test_ellipses_end_a_sentence_only_before_a_new_one(text, expected):
    assert sentences(text) == expected


def test_exclamation_inside_a_sentence():
    assert sentences("She works at Yahoo! in sales. Mix it and -- voila! -- cake.") == [
        "She works at Yahoo! in sales.",
        "Mix it and -- voila! -- cake.",
    ]


def test_a_headline_without_punctuation_is_a_sentence_of_its_own():
    text = "Ceasefire talks resume in Doha\nNegotiators met on Monday. They will meet again."
    assert sentences(text) == ["Ceasefire talks resume in Doha", "Negotiators met on Monday.", "They will meet again."]


def test_a_hard_wrapped_line_is_not_a_headline():
    text = "The talks took place during the third visit\nsince January. It was the second meeting."
    assert sentences(text) == ["The talks took place during the third visit\nsince January.", "It was the second meeting."]


def test_a_line_too_long_to_be_hard_wrapped_ends_its_paragraph():
    # Web pages saved as text end a paragraph with a single line break, often
    # after a caption or an embedded post without a full stop.
    caption = "Musk said the Tesla Roadster inside the Falcon Heavy will be playing David Bowie's 'Space Oddity'"
    text = f"{caption} on a loop\nHowever, the launch was delayed. It flies next week."
    assert sentences(text) == [f"{caption} on a loop", "However, the launch was delayed.", "It flies next week."]


def test_a_long_line_that_goes_on_in_lower_case_is_still_one_sentence():
    line = "The talks took place during the third visit of the envoy to the region, which was the longest of"
    assert sentences(f"{line}\nthe year. It was the second meeting.") == [f"{line}\nthe year.", "It was the second meeting."]


def test_every_bullet_is_a_sentence_and_its_number_stays_with_it():
    text = "The deal includes:\n- a 60-day ceasefire\n- aid deliveries\n1. Mix the flour\n2. Add water"
    assert sentences(text) == ["The deal includes:", "- a 60-day ceasefire", "- aid deliveries", "1. Mix the flour", "2. Add water"]


def test_words_keep_inner_hyphens_apostrophes_and_dots():
    assert words("The U.S. peace-talks weren't over, he said.") == ["The", "U.S", "peace-talks", "weren't", "over", "he", "said"]


def test_the_sumy_tokenizer_interface():
    tokenizer = OfflineTokenizer("english")
    assert tokenizer.language == "english"
    assert tokenizer.to_sentences("One. Two.") == ("One.", "Two.")
    assert tokenizer.to_words("One two.") == ("One", "two")

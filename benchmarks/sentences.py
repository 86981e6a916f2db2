"""How well `builder.read.sentences` finds sentence boundaries, as accuracy.

    .venv/bin/python -m benchmarks.sentences

Two measurements:

- Hand-written cases in the style of the "golden rules" of sentence boundary
  detection (abbreviations, initials, numbers and money, quotes and brackets,
  ellipses, lists, headlines), each with the sentences it must split into.
  A case counts as right only when every sentence is exactly right.
- Tell-tale spots in the real news of `../shared/data`, read at run time:
  places where the right answer is certain from the characters around them
  (a decimal point between digits, a title such as "Mr." before a name, a full
  stop after an ordinary lower-case word followed by a capital, a full stop
  inside closing quotes or brackets, a paragraph end). Each spot is right when
  the tokenizer puts a boundary there exactly when it should.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator

from benchmarks import datasets
from builder.read.sentences import ABBREVIATIONS, SENTENCE_STARTERS, STATE_ABBREVIATIONS, sentence_spans, sentences

GOLDEN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # (rule class, text, expected sentences)
    ("plain", "Hello World. My name is Jonas.", ("Hello World.", "My name is Jonas.")),
    ("plain", "What is your name? My name is Jonas.", ("What is your name?", "My name is Jonas.")),
    ("plain", "There it is! I found it.", ("There it is!", "I found it.")),
    ("plain", "Hello!! Long time no see.", ("Hello!!", "Long time no see.")),
    ("plain", "Hello?! Is that you?", ("Hello?!", "Is that you?")),
    ("plain", "She works at Yahoo! in the accounting department.", ("She works at Yahoo! in the accounting department.",)),
    ("abbreviation", "Mr. Smith met Dr. Jones and Gen. Milley.", ("Mr. Smith met Dr. Jones and Gen. Milley.",)),
    ("abbreviation", "Sen. John McCain spoke. Gov. Jerry Brown replied.", ("Sen. John McCain spoke.", "Gov. Jerry Brown replied.")),
    ("abbreviation", "I can see Mt. Fuji from here.", ("I can see Mt. Fuji from here.",)),
    ("abbreviation", "St. Michael's Church is on 5th St. near the light.", ("St. Michael's Church is on 5th St. near the light.",)),
    ("abbreviation", "That is JFK Jr.'s book.", ("That is JFK Jr.'s book.",)),
    ("abbreviation", "Were Jane and co. at the party?", ("Were Jane and co. at the party?",)),
    ("abbreviation", "They closed the deal with Pitt, Briggs & Co. at noon.", ("They closed the deal with Pitt, Briggs & Co. at noon.",)),
    ("abbreviation", "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
     ("They closed the deal with Pitt, Briggs & Co.", "It closed yesterday.")),
    ("abbreviation", "Shares in Apple Inc. rose 2% on Monday.", ("Shares in Apple Inc. rose 2% on Monday.",)),
    ("abbreviation", "They met on Jan. 5 in Washington.", ("They met on Jan. 5 in Washington.",)),
    ("abbreviation", "No. 10 Downing Street said nothing.", ("No. 10 Downing Street said nothing.",)),
    ("abbreviation", "Please turn to p. 55 of the report.", ("Please turn to p. 55 of the report.",)),
    ("abbreviation", "ERIE, Pa. (AP) - A woman found a $284 billion bill.", ("ERIE, Pa. (AP) - A woman found a $284 billion bill.",)),
    ("abbreviation", "TEMPE, Ariz. -- The coach cited his family.", ("TEMPE, Ariz. -- The coach cited his family.",)),
    ("abbreviation", "He grew up in Sacramento, Calif., and moved east.", ("He grew up in Sacramento, Calif., and moved east.",)),
    ("acronym", "I visited the U.S.A. last year.", ("I visited the U.S.A. last year.",)),
    ("acronym", "I work for the U.S. Government in Virginia.", ("I work for the U.S. Government in Virginia.",)),
    ("acronym", "I have lived in the U.S. for 20 years.", ("I have lived in the U.S. for 20 years.",)),
    ("acronym", "I live in the U.S. How about you?", ("I live in the U.S.", "How about you?")),
    ("acronym", "I live in the E.U. How about you?", ("I live in the E.U.", "How about you?")),
    ("acronym", "The U.N. Security Council met. It voted.", ("The U.N. Security Council met.", "It voted.")),
    ("acronym", "The U.K.'s economy grew.", ("The U.K.'s economy grew.",)),
    ("acronym", "Washington D.C. is the capital.", ("Washington D.C. is the capital.",)),
    ("acronym", "He moved to Washington, D.C. The city welcomed him.", ("He moved to Washington, D.C.", "The city welcomed him.")),
    ("time", "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store.",
     ("At 5 a.m. Mr. Smith went to the bank.", "He left the bank at 6 P.M. Mr. Smith then went to the store.")),
    ("time", "The meeting ended at 3 p.m. on Friday.", ("The meeting ended at 3 p.m. on Friday.",)),
    ("time", "The meeting ended at 3 p.m. The talks resume on Monday.", ("The meeting ended at 3 p.m.", "The talks resume on Monday.")),
    ("initials", "My name is Jonas E. Smith.", ("My name is Jonas E. Smith.",)),
    ("initials", "George W. Bush met J. K. Rowling in London.", ("George W. Bush met J. K. Rowling in London.",)),
    ("initials", "The novel by J.R.R. Tolkien sold well.", ("The novel by J.R.R. Tolkien sold well.",)),
    ("number", "She has $100.00 in her bag.", ("She has $100.00 in her bag.",)),
    ("number", "She has $100.00. It is in her bag.", ("She has $100.00.", "It is in her bag.")),
    ("number", "Profits jumped 76% to $1.13bn (£600m). Sales rose 3.5%.", ("Profits jumped 76% to $1.13bn (£600m).", "Sales rose 3.5%.")),
    ("number", "It cost £5.5m. That was a record.", ("It cost £5.5m.", "That was a record.")),
    ("number", "He scored 9.5 out of 10 in round 2.", ("He scored 9.5 out of 10 in round 2.",)),
    ("number", "The team was ranked No. 1. It won again.", ("The team was ranked No. 1.", "It won again.")),
    ("web", "Her email is Jane.Doe@example.com. I sent her an email.", ("Her email is Jane.Doe@example.com.", "I sent her an email.")),
    ("web", "The report is at www.example.com/report.html. It is long.", ("The report is at www.example.com/report.html.", "It is long.")),
    ("quote", "She turned to him, \"This is great.\" she said.", ("She turned to him, \"This is great.\" she said.",)),
    ("quote", "She turned to him, 'This is great.' she said.", ("She turned to him, 'This is great.' she said.",)),
    ("quote", "She turned to him, \"This is great.\" She held the book out.", ("She turned to him, \"This is great.\"", "She held the book out.")),
    ("quote", "“We will win,” he said. “They will not.”", ("“We will win,” he said.", "“They will not.”")),
    ("quote", "He called it “a disgrace.” The vote was close.", ("He called it “a disgrace.”", "The vote was close.")),
    ("quote", "“Is it over?” she asked. Nobody answered.", ("“Is it over?” she asked.", "Nobody answered.")),
    ("bracket", "He teaches science (he worked as an engineer.) at the local university.",
     ("He teaches science (he worked as an engineer.) at the local university.",)),
    ("bracket", "Prices fell (by 2.5%). Markets rallied.", ("Prices fell (by 2.5%).", "Markets rallied.")),
    ("bracket", "The vote passed. (Two members abstained.) The session ended.",
     ("The vote passed.", "(Two members abstained.)", "The session ended.")),
    ("bracket", "Saint Maximus is a martyr.[1] The emperor Decius published a decree.",
     ("Saint Maximus is a martyr.[1]", "The emperor Decius published a decree.")),
    ("ellipsis", "I never meant that.... She left the store.", ("I never meant that....", "She left the store.")),
    ("ellipsis", "I wasn't really ... well, what I mean... I didn't mean it.", ("I wasn't really ... well, what I mean... I didn't mean it.",)),
    ("ellipsis", "The habit was weakened . . . by the war.", ("The habit was weakened . . . by the war.",)),
    ("ellipsis", "And then… nothing happened. We waited.", ("And then… nothing happened.", "We waited.")),
    ("dash", "Mix it, put it in the oven, and -- voila! -- you have cake.", ("Mix it, put it in the oven, and -- voila! -- you have cake.",)),
    ("headline", "Ceasefire talks resume in Doha\nNegotiators met on Monday. They will meet again.",
     ("Ceasefire talks resume in Doha", "Negotiators met on Monday.", "They will meet again.")),
    ("headline", "SpaceX Set To Launch World's Most Powerful Rocket\nA rocket is scheduled to fly.",
     ("SpaceX Set To Launch World's Most Powerful Rocket", "A rocket is scheduled to fly.")),
    ("headline", "Key points\n\nThe plan has three stages.", ("Key points", "The plan has three stages.")),
    ("list", "The deal includes:\n- a 60-day ceasefire\n- the release of 10 hostages\n- aid deliveries",
     ("The deal includes:", "- a 60-day ceasefire", "- the release of 10 hostages", "- aid deliveries")),
    ("list", "Steps:\n1. Mix the flour\n2. Add water\n3. Bake it", ("Steps:", "1. Mix the flour", "2. Add water", "3. Bake it")),
    ("list", "• Prices rose 2%.\n• Wages fell.", ("• Prices rose 2%.", "• Wages fell.")),
    ("wrapping", "The talks took place during the third visit\nsince January. It was the second meeting.",
     ("The talks took place during the third visit\nsince January.", "It was the second meeting.")),
)

_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "St", "Rev")
_SPOTS = (
    ("decimal point", re.compile(r"\d(\.)\d"), False),
    ("title before a name", re.compile(r"\b(?:%s)(\.) [A-Z]" % "|".join(_TITLES)), False),
    ("full stop after a lower-case word", re.compile(r"\b[a-z]{3,}(\.) [A-Z][a-z]"), True),
    ("full stop inside closing quotes", re.compile(r"[a-z]\.([\"”’]) [A-Z][a-z]"), True),
    ("full stop inside closing bracket", re.compile(r"[a-z]\.(\)) [A-Z][a-z]"), True),
    ("question or exclamation mark", re.compile(r"[a-z]([?!]) [A-Z][a-z]"), True),
    ("middle initial", re.compile(r"\b[A-Z][a-z]+ [A-Z](\.) (?!(?:%s)\b)[A-Z][a-z]+" % "|".join(
        word.capitalize() for word in SENTENCE_STARTERS)), False),
    ("state in a dateline", re.compile(r"^[A-Z][A-Z .]+, (?:%s)(\.) " % "|".join(STATE_ABBREVIATIONS), re.MULTILINE), False),
)


def golden_accuracy() -> tuple[Counter, Counter, list[str]]:
    """Cases right and cases in total by rule class, and a line per failure."""
    right: Counter = Counter()
    total: Counter = Counter()
    failures = []
    for rule, text, expected in GOLDEN:
        got = tuple(sentences(text))
        total[rule] += 1
        if got == expected:
            right[rule] += 1
        else:
            failures.append(f"  {rule}: {text!r}\n    expected {expected!r}\n    got      {got!r}")
    return right, total, failures


def data_spots(texts: list[str]) -> tuple[Counter, Counter, list[str]]:
    """Spots handled right and spots in total by kind, in real article texts."""
    right: Counter = Counter()
    total: Counter = Counter()
    failures = []
    for text in texts:
        ends = {span.end for span in sentence_spans(text)}
        starts = {span.start for span in sentence_spans(text)}
        for kind, position, boundary in _spots(text):
            found = position in ends or (position + 1 in starts)
            total[kind] += 1
            if found == boundary:
                right[kind] += 1
            elif len(failures) < 15:
                failures.append(f"  {kind}: ...{text[max(position - 50, 0):position + 40]!r}...")
        for paragraph_end in (match.start() for match in re.finditer(r"\S(?=\n\n)", text)):
            total["paragraph end"] += 1
            right["paragraph end"] += paragraph_end + 1 in ends
    return right, total, failures


def _spots(text: str) -> Iterator[tuple[str, int, bool]]:
    for kind, pattern, boundary in _SPOTS:
        for match in pattern.finditer(text):
            word = re.search(r"(\w+)\W*$", text[max(match.start(1) - 20, 0) : match.start(1)])
            if boundary and word and word.group(1).lower() in ABBREVIATIONS:
                continue  # "etc. The" is ambiguous, not a tell-tale spot
            yield kind, match.end(1), boundary


def _table(title: str, right: Counter, total: Counter) -> None:
    print(f"\n{title}\n")
    print("| rule class | right | cases | accuracy |")
    print("|---|---|---|---|")
    for rule in total:
        print(f"| {rule} | {right[rule]} | {total[rule]} | {100 * right[rule] / total[rule]:.1f}% |")
    print(f"| **all** | {sum(right.values())} | {sum(total.values())} | {100 * sum(right.values()) / sum(total.values()):.1f}% |")


def main() -> None:
    """Print both accuracy tables and the failures."""
    right, total, failures = golden_accuracy()
    _table("Hand-written golden-rule cases (a case is right when every sentence is)", right, total)
    if failures:
        print("\nFailures:\n" + "\n".join(failures))
    if not datasets.BBC.is_file() or not datasets.NEWS_CLUSTER.is_file():
        print(f"\nbenchmark data not found in {datasets.SHARED_DATA}; real-news spots skipped")
        return
    texts = [datasets.bbc_body(record) for record in datasets.bbc()] + [record["text"] for record in datasets.news_cluster()]
    right, total, failures = data_spots(texts)
    _table(f"Tell-tale spots in {len(texts)} real articles of ../shared/data", right, total)
    if failures:
        print("\nFirst failures:\n" + "\n".join(failures))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

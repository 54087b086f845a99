"""Every real file parses with no error, its counts agree with an independent count, nothing is lost."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import seedparse
from tests.conftest import CORPUS_FILES, SEED_FILES, read_source

ALL_FILES = SEED_FILES + CORPUS_FILES

# The independent count: plain regular expressions over the raw text, with code
# (fenced blocks and inline spans) removed first, as the format says links and
# anchors in code are code.
_FENCED = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_WIKILINK = re.compile(r"(?<!\\)!?\[\[([^\[\]\n]*?)\]\]")
_ANCHOR = re.compile(r'<a class="yt-timestamp"')
# A bare clock: a bracketed run of digits and colons with two-digit fields, not a link label.
_BARE_CLOCK = re.compile(r"(?<![\[\\>])\[\d{1,3}(?::\d\d){1,3}\](?!\()")
_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)


def _without_code(text: str) -> str:
    return _CODE_SPAN.sub("", _FENCED.sub("", text.replace("\r\n", "\n")))


def _count_wikilinks(text: str) -> int:
    return sum(1 for m in _WIKILINK.finditer(_without_code(text)) if m[1].strip(" |"))


def test_corpus_is_there() -> None:
    assert len(CORPUS_FILES) >= 18
    assert {p.parent.name for p in CORPUS_FILES} >= {"articles", "hu-po", "fireship"}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_parses_without_error(path: Path) -> None:
    result = seedparse.parse_file_lenient(path)
    assert result.document is not None
    assert not result.errors, [str(d) for d in result.errors]
    expected_kind = "article" if path.parent.name == "articles" or path.name.startswith("001") else "transcript"
    assert result.document.kind == expected_kind


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_counts_agree_with_an_independent_count(path: Path) -> None:
    text = read_source(path)
    document = seedparse.parse_file(path)
    assert len(document.wikilinks()) == _count_wikilinks(text)
    plain = _without_code(text)
    assert len(document.timestamps()) == len(_ANCHOR.findall(plain)) + len(_BARE_CLOCK.findall(plain))
    assert sum(ts.bare for ts in document.timestamps()) == len(_BARE_CLOCK.findall(plain))
    headings = sum(1 for _ in document.all_sections())
    if isinstance(document, seedparse.Article):
        headings += (document.title is not None) + (document.subtitle is not None)
    assert headings == len(_HEADING.findall(_without_code(text)))


def _json_words(value: object) -> Counter[str]:
    words: Counter[str] = Counter()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "front_matter" and isinstance(item, dict):
                words.update(w for name in item for w in _WORD.findall(name))  # its keys are source text
            if key == "video_id" and item is not None:
                words.update(["videoId"])  # a front-matter key held by a typed field
            if key == "title" and value.get("kind") == "transcript" and item is not None:
                words.update(["title"])
            words.update(_json_words(item))
    elif isinstance(value, list):
        for item in value:
            words.update(_json_words(item))
    elif isinstance(value, str):
        words.update(_WORD.findall(value))
    return words


#: Labels the models hold as structure, not text: the ``From:`` of the channel
#: line, the ``By`` of a byline, the ``Original url:`` of an article footer, and
#: the numbers of ordered list items (a list keeps its start number).
_LABELS = re.compile(r"^From:|^By |^Original url:|^[ \t>]*\d+[.)](?=[ \t])", re.MULTILINE)
_TAG = re.compile(r"<[^<>\n]*>")
#: Words are runs of letters and digits: ``_`` and ``*`` are markup.
_WORD = re.compile(r"[^\W_]+")


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_nothing_is_lost(path: Path) -> None:
    """Every word of the source (tags and structural labels aside) is in the JSON, as often."""
    text = read_source(path)
    document = seedparse.parse_file(path)
    source_words = Counter(_WORD.findall(_TAG.sub(" ", _LABELS.sub(" ", text))))
    json_words = _json_words(json.loads(seedparse.to_json(document)))
    if isinstance(document, seedparse.Article) and document.published is not None:
        # The date line is kept as a date: its month name is in the value it means.
        json_words.update(_WORD.findall(document.published.strftime("%B %d, %Y")))
    missing = source_words - json_words
    assert not missing, missing


def test_seed_transcript_facts() -> None:
    note = seedparse.parse_file(SEED_FILES[0])
    assert isinstance(note, seedparse.TranscriptNote)
    assert note.title == "Opposition movements and unification in Russia"
    assert note.video_id == "KL4O_d7AlvQ"
    assert note.channel is not None
    assert note.channel.target == "bonus_professor"
    assert [s.title for s in note.sections] == [
        "Chinese Influence on Russian Domestic Politics",
        "Future Russian Foreign Policy and Internal Shifts",
        "Opposition Unification and Challenges",
        "Political Purges and Suppression",
        "Future Russia: Reforms and Lustration",
        "Regional Freedoms and Federalism",
        "Outlook on Sociopolitical Changes in Russia",
    ]
    links = note.wikilinks()
    assert len(links) == 10
    assert links[0] is note.channel
    assert note.sections[-1].heading[1] in links
    assert len(note.timestamps()) == 43
    assert len(note.ranges()) == 8
    assert all(r.separator == " - " for r in note.ranges())
    timeline = note.timeline()
    assert len(timeline) == 43
    assert timeline[0].timestamp.seconds == 30
    assert timeline[0].section is None
    assert timeline[-1].section is note.sections[-1]
    assert note.timestamp_urls()[0] == "https://www.youtube.com/watch?v=KL4O_d7AlvQ&t=30s"


def test_seed_article_facts() -> None:
    result = seedparse.parse_file_lenient(SEED_FILES[1])
    article = result.document
    assert isinstance(article, seedparse.Article)
    assert article.title == "What Can Russia's Opposition Do in 2024?"
    assert [(a.name, a.href) for a in article.authors] == [("Alexander Finiarel", "#")]
    assert str(article.published) == "2024-01-02"
    assert article.caption is not None
    assert article.caption.credit_text == "Jan Beránek"
    assert isinstance(article.caption.credit, seedparse.Link)
    assert article.caption.licence == "CC BY-SA 3.0"
    assert len(article.links()) == 29
    assert [r.title for r in article.related] == [
        "Maxim Katz Wants to Unite Russia's Splintered Opposition. That May Be Easier Said Than Done.",
        "Russia's Civil Society in 2023: Beleaguered But Not Beaten",
    ]
    assert article.disclaimer is not None
    assert article.disclaimer.text.startswith("The views expressed in opinion pieces")
    assert article.url == "https://www.themoscowtimes.com/2024/01/02/what-can-russias-opposition-do-in-2024-a83629"
    splits = [d for d in result.warnings if d.code == "SP402"]
    assert len(splits) == 1
    assert splits[0].span.line == 33


# The manifest's facts for the corpus articles, checked against the parser.
_ARTICLES = {
    "002.md": ("John Foreman", "2025-08-08", "Yekaterina Shtukina / POOL / TASS", "link", 1, True, 0),
    "003.md": (None, "2024-05-31", None, None, 0, False, 0),
    "006.md": (None, "2020-02-26", "Andrei Lyubimov / Moskva News Agency", "strong", 0, False, 2),
    "009.md": (None, "2017-02-10", "Maxim Stulov / Vedomosti", "link", 1, False, 0),
}


@pytest.mark.parametrize("name", sorted(_ARTICLES))
def test_corpus_articles_match_the_manifest(name: str) -> None:
    author, date, credit, style, related, disclaimer, subheadings = _ARTICLES[name]
    path = next(p for p in CORPUS_FILES if p.name == name)
    article = seedparse.parse_file(path)
    assert isinstance(article, seedparse.Article)
    assert [a.name for a in article.authors] == ([author] if author else [])
    assert str(article.published) == date
    assert (article.caption.credit_text if article.caption else None) == credit
    assert (article.caption.credit.type if article.caption and article.caption.credit else None) == style
    assert len(article.related) == related
    assert (article.disclaimer is not None) == disclaimer
    assert len(article.sections) == subheadings
    assert article.url is not None
    assert article.url.startswith("https://")
    assert article.url in read_source(path)

"""Channel pages: detection, the model, spans, what is kept, diagnostics."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import seedparse
from seedparse.channels import ChannelPage
from seedparse.cli import main
from seedparse.parsing.channel import video_id_of
from seedparse.spans import Span

# As the generator writes them: no blank line after the front matter, titles with
# '|', quotes and ellipses, no final newline.
PAGE = """\
---
title: 3blue1brown
---
### [The essence of calculus](https://www.youtube.com/watch?v=WUvTyaaNkzM)
- [[introduction_to_calculus | Introduction to calculus]]
- [[geometry_and_circles | Geometry and circles]]

### [Vectors | Chapter 1, Essence of linear algebra](https://www.youtube.com/watch?v=fNk_zzaMoSs)
- [[understanding_vectors_in_linear_algebra | Understanding vectors in linear algebra]]

### [What makes the natural log "natural"? | Ep. 7 Lockdown live math](https://www.youtube.com/watch?v=4PDoT7jtxmw)
- [[prime_numbers_and_density | Prime numbers and density]]
- [[natural_logarithms_and_exponential_growth|Natural logarithms]]"""


def _page(text: str = PAGE) -> tuple[ChannelPage, seedparse.ParseResult]:
    result = seedparse.parse_lenient(text)
    assert isinstance(result.document, ChannelPage), result.document
    return result.document, result


def _codes(result: seedparse.ParseResult) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.code) for d in result.diagnostics]


def test_a_channel_page_is_detected_and_parsed() -> None:
    assert seedparse.detect_format(PAGE) == "channel"
    page, result = _page()
    assert result.diagnostics == ()
    assert page.kind == "channel"
    assert page.title == "3blue1brown"
    assert page.front_matter == {}
    assert page.all_front_matter == {"title": "3blue1brown"}
    assert page.intro == []
    assert [(v.video_id, v.title) for v in page.videos] == [
        ("WUvTyaaNkzM", "The essence of calculus"),
        ("fNk_zzaMoSs", "Vectors | Chapter 1, Essence of linear algebra"),
        ("4PDoT7jtxmw", 'What makes the natural log "natural"? | Ep. 7 Lockdown live math'),
    ]
    assert page.videos[2].url == "https://www.youtube.com/watch?v=4PDoT7jtxmw"
    assert [[(n.target, n.alias) for n in v.notes] for v in page.videos] == [
        [("introduction_to_calculus", "Introduction to calculus"), ("geometry_and_circles", "Geometry and circles")],
        [("understanding_vectors_in_linear_algebra", "Understanding vectors in linear algebra")],
        [
            ("prime_numbers_and_density", "Prime numbers and density"),
            ("natural_logarithms_and_exponential_growth", "Natural logarithms"),
        ],
    ]
    assert all(video.blocks == [] for video in page.videos)
    assert page.video("fNk_zzaMoSs") is page.videos[1]
    assert page.video("nope") is None
    assert list(page.all_sections()) == []
    assert page.timestamps() == []
    assert page.ranges() == []


def test_spans_point_at_the_source() -> None:
    page, _ = _page()
    lines = PAGE.split("\n")
    assert len(lines) == 13
    assert page.span == Span(line=1, column=1, end_line=13, end_column=len(lines[12]) + 1)
    # A video runs from its heading to the end of its last note.
    assert [v.span for v in page.videos] == [
        Span(line=4, column=1, end_line=6, end_column=len(lines[5]) + 1),
        Span(line=8, column=1, end_line=9, end_column=len(lines[8]) + 1),
        Span(line=11, column=1, end_line=13, end_column=len(lines[12]) + 1),
    ]
    for note in page.notes():
        assert note.span is not None
        line = lines[note.span.line - 1]
        assert note.span.column == 3  # after '- '
        assert line[note.span.column - 1 : note.span.end_column - 1] == line[2:]
    assert [n.span.line for n in page.notes() if n.span] == [5, 6, 9, 12, 13]


def test_every_wikilink_and_word_is_in_the_json() -> None:
    page, _ = _page()
    assert page.wikilinks() == page.notes()
    assert len(page.wikilinks()) == len(re.findall(r"\[\[[^\]]+\]\]", PAGE))
    words = Counter(re.findall(r"[^\W_]+", json.dumps(json.loads(seedparse.to_json(page)), ensure_ascii=False)))
    source = Counter(re.findall(r"[^\W_]+", PAGE))
    assert not source - words


def test_json_round_trips_and_carries_the_schema_version() -> None:
    page, _ = _page()
    data = json.loads(seedparse.to_json(page))
    assert data["kind"] == "channel"
    assert data["schema_version"] == seedparse.SCHEMA_VERSION == page.schema_version
    assert data["videos"][0]["type"] == "video"
    assert data["videos"][0]["notes"][0]["type"] == "wikilink"
    assert seedparse.from_json(seedparse.to_json(page)) == page


@pytest.mark.parametrize(
    "text",
    [
        PAGE.replace("\n", "\r\n"),
        "\ufeff" + PAGE,
        PAGE.replace("---\n###", "---\n\n\n###"),
        PAGE.replace("title: 3blue1brown", "title: 3blue1brown\ntags: [channel]"),
        PAGE.replace("### [The", "##   [The"),
        PAGE.replace("https://www.youtube.com/watch?v=WUvTyaaNkzM", "https://youtu.be/WUvTyaaNkzM"),
    ],
    ids=["crlf", "bom", "blank-lines", "more-front-matter", "other-heading-level", "short-url"],
)
def test_variants_are_still_channel_pages(text: str) -> None:
    assert seedparse.detect_format(text) == "channel"
    page, result = _page(text)
    assert result.diagnostics == ()
    assert [len(v.notes) for v in page.videos] == [2, 1, 2]
    assert page.videos[0].video_id == "WUvTyaaNkzM"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n### [V](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n",
        "---\ntitle: t\n---\n\nFrom: [[chan]]\n\n### [V](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n",
        "---\ntitle: t\n---\n### [V](https://example.com/watch?v=KL4O_d7AlvQ)\n",
        "---\ntitle: t\n---\n",
        "---\ntitle: t\n### [V](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n",
    ],
    ids=["video-id-in-front-matter", "from-line-first", "not-youtube", "empty-body", "unclosed-front-matter"],
)
def test_other_front_matter_documents_stay_transcripts(text: str) -> None:
    assert seedparse.detect_format(text) == "transcript"


def test_content_that_is_not_a_video_or_a_note_is_kept_with_a_warning() -> None:
    text = (
        "---\ntitle: chan\n---\n"
        "Stray intro text.\n"  # 4
        "### [V](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n"  # 5
        "- [[a | A]]\n"  # 6
        "- not a link\n"  # 7
        "- [[b]] and more\n"  # 8
        "\nA paragraph under the video.\n"  # 10
        "\n## Misc\n"  # 12
        "- [[c]]\n"  # 13
        "### [W](https://www.youtube.com/watch?v=short)\n"  # 14
        "- [[d]]\n"  # 15
    )
    result = seedparse.parse_lenient(text, format="channel")
    page = result.document
    assert isinstance(page, ChannelPage)
    assert _codes(result) == [
        (4, 1, "SP401"),
        (7, 1, "SP401"),
        (8, 1, "SP401"),
        (10, 1, "SP401"),
        (12, 1, "SP401"),
        (13, 1, "SP401"),
        (14, 1, "SP105"),
    ]
    assert [e.code for e in result.errors] == ["SP105"]
    assert [b.type for b in page.intro] == ["paragraph"]
    first, second = page.videos
    assert [n.target for n in first.notes] == ["a"]
    assert [b.type for b in first.blocks] == ["list", "paragraph", "heading", "list"]
    kept = first.blocks[0]
    assert isinstance(kept, seedparse.List)
    assert [item.span.line for item in kept.items if item.span] == [7, 8]
    assert kept.span == Span(line=7, column=1, end_line=8, end_column=17)
    assert second.video_id is None
    assert second.url == "https://www.youtube.com/watch?v=short"
    assert [n.target for n in second.notes] == ["d"]
    # Nothing is lost: every link is still in the document, in order.
    assert [link.target for link in page.wikilinks()] == ["a", "b", "c", "d"]


def test_a_title_markdown_cannot_read_as_link_text_is_read_from_the_line() -> None:
    page, result = _page(
        "---\ntitle: c\n---\n### [Live] Q&A [part 2](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n- [[n]]\n"
    )
    assert result.diagnostics == ()
    assert page.videos[0].title == "Live] Q&A [part 2"
    assert page.videos[0].video_id == "KL4O_d7AlvQ"


def test_front_matter_problems() -> None:
    result = seedparse.parse_lenient(
        "---\nother: x\n---\n### [V](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n", format="channel"
    )
    assert _codes(result) == [(1, 1, "SP103")]
    assert isinstance(result.document, ChannelPage)
    assert result.document.title is None
    result = seedparse.parse_lenient(
        "### [V](https://www.youtube.com/watch?v=KL4O_d7AlvQ)\n- [[n]]\n", format="channel"
    )
    assert _codes(result) == [(1, 1, "SP101")]
    assert isinstance(result.document, ChannelPage)
    assert [n.target for n in result.document.notes()] == ["n"]


def test_an_empty_page_forced_as_a_channel_has_no_videos() -> None:
    page = seedparse.parse("---\ntitle: chan\n---\n", format="channel")
    assert isinstance(page, ChannelPage)
    assert page.videos == []


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        ("https://www.youtube.com/watch?v=fNk_zzaMoSs", "fNk_zzaMoSs"),
        ("https://www.youtube.com/watch?feature=share&v=-o3eB9sfls_", "-o3eB9sfls_"),
        ("https://m.youtube.com/watch?v=fNk_zzaMoSs&t=42s", "fNk_zzaMoSs"),
        ("http://youtu.be/fNk_zzaMoSs?t=3", "fNk_zzaMoSs"),
        ("https://www.youtube.com/shorts/fNk_zzaMoSs", "fNk_zzaMoSs"),
        ("https://www.youtube.com/embed/fNk_zzaMoSs", "fNk_zzaMoSs"),
        ("<https://www.youtube.com/watch?v=fNk_zzaMoSs>", "fNk_zzaMoSs"),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://www.youtube.com/channel/UCYO_jab_esuFRV4b17AJtAw", None),
        ("https://notyoutube.com/watch?v=fNk_zzaMoSs", None),
        ("#", None),
        ("http://[", None),
    ],
)
def test_video_id_of(url: str, video_id: str | None) -> None:
    assert video_id_of(url) == video_id


def test_the_cli_parses_and_validates_a_channel_page(tmp_path: Path) -> None:
    path = tmp_path / "3blue1brown.md"
    path.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "channel"
    result = CliRunner().invoke(main, ["validate", "--quiet", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_unknown_format_names_all_three_kinds() -> None:
    message = seedparse.parse_lenient("plain").diagnostics[0].message
    assert "transcript note" in message
    assert "article" in message
    assert "channel page" in message


def test_the_page_keeps_its_source_off_the_json() -> None:
    page, _ = _page()
    assert page.source == PAGE
    assert "source" not in json.loads(seedparse.to_json(page))
    assert page == page.model_copy(update={"source": None})
    assert page != page.model_copy(update={"title": "other"})


def test_front_matter_keeps_the_other_keys_once() -> None:
    page, _ = _page(PAGE.replace("title: 3blue1brown", "title: 3blue1brown\ntags: [channel]\nid: 0012"))
    assert page.title == "3blue1brown"
    assert page.front_matter == {"tags": ["channel"], "id": "0012"}
    assert page.all_front_matter == {"title": "3blue1brown", "tags": ["channel"], "id": "0012"}
    assert "title" not in json.loads(seedparse.to_json(page))["front_matter"]

"""The public facade: names, docstrings, formats, errors."""

from __future__ import annotations

import inspect

import pytest

import seedparse
from tests.conftest import SEED_FILES

#: Public names that are type aliases or constants (their docs live in the module source).
_NOT_INTROSPECTABLE = {"Block", "Inline", "Document", "Format", "CODES", "SCHEMA_VERSION", "__version__"}


def test_every_public_name_exists_and_is_documented() -> None:
    assert len(set(seedparse.__all__)) == len(seedparse.__all__)
    for name in seedparse.__all__:
        value = getattr(seedparse, name)
        if name in _NOT_INTROSPECTABLE:
            continue
        assert inspect.isclass(value) or inspect.isfunction(value) or inspect.ismodule(value), name
        assert inspect.getdoc(value), f"{name} has no docstring"
        if inspect.ismodule(value):  # a public module (seedparse.edit): every name it exports is documented
            for member in value.__all__:
                assert inspect.getdoc(getattr(value, member)), f"{name}.{member} has no docstring"


def test_detect_format() -> None:
    assert seedparse.detect_format(SEED_FILES[0].read_text(encoding="utf-8")) == "transcript"
    assert seedparse.detect_format(SEED_FILES[1].read_text(encoding="utf-8")) == "article"
    assert seedparse.detect_format("\ufeff---\ntitle: x\n---\n") == "transcript"
    assert seedparse.detect_format("\r\n\r\n# Title\r\n") == "article"
    assert seedparse.detect_format("From: [[chan]]\n\ntext\n") == "transcript"
    assert seedparse.detect_format("plain text") is None
    assert seedparse.detect_format("") is None


def test_parse_error_is_a_value_error_with_all_diagnostics() -> None:
    with pytest.raises(seedparse.ParseError) as caught:
        seedparse.parse("hello\n")
    assert isinstance(caught.value, ValueError)
    assert [d.code for d in caught.value.diagnostics] == ["SP001"]
    assert str(caught.value).startswith("1:1: SP001 ")


def test_warnings_alone_never_raise() -> None:
    document = seedparse.parse(SEED_FILES[1].read_text(encoding="utf-8"))
    assert document.kind == "article"
    assert seedparse.parse_lenient(SEED_FILES[1].read_text(encoding="utf-8")).warnings


def test_format_can_be_forced() -> None:
    result = seedparse.parse_lenient("# Title\n", format="transcript")
    assert result.document is not None
    assert result.document.kind == "transcript"
    assert "SP101" in {d.code for d in result.errors}


def test_crlf_bom_and_trailing_spaces_parse_the_same() -> None:
    text = SEED_FILES[0].read_text(encoding="utf-8")
    plain = seedparse.parse(text)
    messy = seedparse.parse("\ufeff" + text.replace("\n", "  \r\n"))
    assert isinstance(plain, seedparse.TranscriptNote)
    assert isinstance(messy, seedparse.TranscriptNote)
    assert seedparse.to_json(plain).count('"type"') == seedparse.to_json(messy).count('"type"')
    assert messy.video_id == plain.video_id
    assert [s.title for s in messy.all_sections()] == [s.title for s in plain.all_sections()]
    assert [t.span for t in messy.timestamps()] == [t.span for t in plain.timestamps()]


@pytest.mark.parametrize("value", ["12:00", "0x1F", "01234567890", "2024-01-02", "1e10", "true", "null", "~"])
def test_front_matter_scalars_stay_strings(value: str) -> None:
    result = seedparse.parse_lenient(f"---\ntitle: {value}\nvideoId: {value}\nother: {value}\n---\n\nFrom: [[c]]\n")
    assert isinstance(result.document, seedparse.TranscriptNote)
    assert result.document.front_matter == {"other": value}
    assert result.document.all_front_matter == {"title": value, "videoId": value, "other": value}
    assert isinstance(result.document, seedparse.TranscriptNote)
    assert result.document.title == value


def test_json_round_trip_for_every_seed() -> None:
    for path in SEED_FILES:
        document = seedparse.parse_file(path)
        assert seedparse.from_json(seedparse.to_json(document)) == document
        lines = list(seedparse.to_jsonl([document, document]))
        assert len(lines) == 2
        assert lines[0] == lines[1]
        assert lines[0].endswith("}\n")

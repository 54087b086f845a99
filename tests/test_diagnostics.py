"""Every diagnostic code, triggered by small bad inputs whose expected diagnostics were checked by hand.

A case is a pair of files in ``tests/data/<kind>/invalid/``: ``NAME.txt``, a small
document of that kind with one fault, and ``NAME.expected``, the diagnostics it
must produce, one ``line:col CODE`` per line, in seedparse's order (line, then
column, then code). ``NAME`` starts with the code the case is about.

A case is parsed as :func:`seedparse.parse_file_lenient` parses by default, the
format detected. An expected file may start with ``# format: KIND`` to parse as
``KIND`` instead: only for codes that detection cannot reach (an article without
its ``# title`` line is not recognised as an article, so SP501 needs it).

Positions in the expected files are 1-based and count code points; a document's
lines are split at CRLF, a lone CR or LF (so a final line break ends in an empty
last line), and positions count from after a BOM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import seedparse
from seedparse.diagnostics import RETIRED
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
KINDS: dict[str, seedparse.Format] = {"transcript": "transcript", "article": "article"}
CASES = sorted(path for kind in KINDS for path in (DATA / kind / "invalid").glob("*.txt"))

#: Codes covered by a test in this module rather than by a data file.
COVERED_HERE = {
    "SP002": "test_unreadable_bytes_are_sp002, test_unreadable_path_is_sp002",
    "SP005": "test_input_over_the_size_limit_is_sp005 (a case would be a 16 MiB file)",
    "SP007": "tests/test_files.py (only a file found in a folder is skipped; a case is a file named)",
}

#: Codes no input can trigger through the public API, and why. The coverage test
#: fails as soon as one of them gets a case, so this list cannot go stale.
UNREACHABLE: dict[str, str] = {
    "SP004": "the parser's own bugs become SP004 instead of an exception; no input should reach it "
    "(test_regressions.py checks the mechanism by making the parser fail)",
}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_EXPECTED_LINE = re.compile(r"(?P<line>[1-9]\d*):(?P<column>[1-9]\d*) (?P<code>SP\d{3})")
_DIRECTIVE = re.compile(r"# format: (?P<format>\w+)")


@dataclass(frozen=True)
class Case:
    """One bad input and what it must produce."""

    path: Path
    kind: str
    format: seedparse.Format
    expected: list[str]

    @property
    def text(self) -> str:
        """The input as the parser sees it: exact UTF-8, line breaks kept, without a BOM."""
        return self.path.read_bytes().decode("utf-8").removeprefix("\ufeff")

    @property
    def codes(self) -> list[str]:
        """The expected codes, in order."""
        return [entry.split()[1] for entry in self.expected]


def load(path: Path) -> Case:
    """Read a case and its expected file, checking the expected file's own shape."""
    kind = path.parent.parent.name
    lines = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    fmt: seedparse.Format = "auto"
    if lines and lines[0].startswith("#"):
        directive = _DIRECTIVE.fullmatch(lines.pop(0))
        assert directive is not None, f"{path.name}: unknown directive"
        assert directive["format"] == kind, f"{path.name}: a case is parsed as its directory's kind"
        fmt = KINDS[kind]
    for entry in lines:
        assert _EXPECTED_LINE.fullmatch(entry), f"{path.name}: {entry!r} is not 'line:col CODE'"
    return Case(path=path, kind=kind, format=fmt, expected=lines)


def rendered(diagnostics: tuple[seedparse.Diagnostic, ...]) -> list[str]:
    """Diagnostics as the expected files write them."""
    return [f"{d.span.line}:{d.span.column} {d.code}" for d in diagnostics]


def position_key(entry: str) -> tuple[int, int, str]:
    """Sort key of an expected line: line, column, code."""
    match = _EXPECTED_LINE.fullmatch(entry)
    assert match is not None
    return int(match["line"]), int(match["column"]), match["code"]


def case_id(path: Path) -> str:
    """``kind/NAME.txt``: the same name can occur for both kinds."""
    return f"{path.parent.parent.name}/{path.name}"


def test_the_glob_finds_cases_of_both_kinds() -> None:
    for kind in KINDS:
        assert any(path.parent.parent.name == kind for path in CASES), f"no cases for {kind}"
    assert len(CASES) >= len(seedparse.CODES)


def test_every_case_has_an_expected_file_and_no_expected_file_is_orphaned() -> None:
    inputs = {path.with_suffix("") for path in CASES}
    expected = {path.with_suffix("") for kind in KINDS for path in (DATA / kind / "invalid").glob("*.expected")}
    assert inputs == expected


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_diagnostics_match_the_expected_file(path: Path) -> None:
    case = load(path)
    assert case.expected == sorted(case.expected, key=position_key), "expected file is not in seedparse's order"
    result = seedparse.parse_file_lenient(path, format=case.format)
    assert rendered(result.diagnostics) == case.expected
    assert result.path == str(path)


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_case_is_named_after_a_code_it_produces(path: Path) -> None:
    case = load(path)
    code = path.name.split("_", 1)[0]
    assert code in seedparse.CODES
    assert code in case.codes


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_text_and_file_entry_points_agree(path: Path) -> None:
    case = load(path)
    from_file = seedparse.parse_file_lenient(path, format=case.format)
    from_text = seedparse.parse_lenient(path.read_bytes().decode("utf-8"), format=case.format)
    assert from_text.diagnostics == from_file.diagnostics
    assert from_text.document == from_file.document


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_case_is_detected_as_its_directory_kind(path: Path) -> None:
    """Detection agrees with the directory, except in SP001 cases and cases that force a format."""
    case = load(path)
    detected = seedparse.detect_format(case.text)
    if case.format != "auto" or case.codes == ["SP001"]:
        assert detected is None
        assert seedparse.parse_lenient(case.text).diagnostics[0].code == "SP001"
        return
    assert detected == case.kind
    forced = seedparse.parse_lenient(case.text, format=KINDS[case.kind])
    assert rendered(forced.diagnostics) == case.expected


def test_every_code_is_covered_by_a_case() -> None:
    covered = {code for path in CASES for code in load(path).codes}
    assert covered <= set(seedparse.CODES)
    assert set(UNREACHABLE) <= set(seedparse.CODES)
    assert not covered & set(UNREACHABLE), "a code listed as unreachable has a case: remove it from UNREACHABLE"
    missing = set(seedparse.CODES) - covered - set(COVERED_HERE) - set(UNREACHABLE)
    assert not missing, f"codes without a case: {sorted(missing)}"


def test_retired_codes_are_out_of_the_table_and_no_case_produces_them() -> None:
    """A retired code is never reused (it stays out of CODES) and no input produces it any more."""
    assert RETIRED
    assert not set(RETIRED) & set(seedparse.CODES)
    for path in CASES:
        assert path.name.split("_", 1)[0] not in RETIRED, f"{path.name} is named after a retired code"
        assert not set(load(path).codes) & set(RETIRED), f"{path.name} expects a retired code"
        produced = {d.code for d in seedparse.parse_file_lenient(path, format=load(path).format).diagnostics}
        assert not produced & set(RETIRED), f"{path.name} produces a retired code"


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_parse_raises_exactly_when_a_case_has_an_error(path: Path) -> None:
    case = load(path)
    lenient = seedparse.parse_lenient(case.text, format=case.format)
    has_error = any(seedparse.CODES[code].severity is seedparse.Severity.ERROR for code in case.codes)
    assert bool(lenient.errors) == has_error
    if not has_error:
        assert lenient.ok
        assert seedparse.parse(case.text, format=case.format) == lenient.document
        assert seedparse.parse_file(path, format=case.format) == lenient.document
        return
    with pytest.raises(seedparse.ParseError) as caught:
        seedparse.parse(case.text, format=case.format)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.diagnostics == lenient.diagnostics
    first = lenient.errors[0]
    assert str(error).startswith(f"{first.span.line}:{first.span.column}: {first.code} ")
    with pytest.raises(seedparse.ParseError) as from_file:
        seedparse.parse_file(path, format=case.format)
    assert from_file.value.diagnostics == lenient.diagnostics
    assert str(from_file.value).startswith(f"{path}:{first.span.line}:{first.span.column}: {first.code} ")


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_every_span_lies_inside_the_input(path: Path) -> None:
    case = load(path)
    lines = _LINE_BREAK.split(case.text)
    result = seedparse.parse_lenient(case.text, format=case.format)
    assert result.diagnostics
    for diagnostic in result.diagnostics:
        span = diagnostic.span
        for line, column in ((span.line, span.column), (span.end_line, span.end_column)):
            assert 1 <= line <= len(lines), f"{diagnostic}: line {line} is outside the input"
            assert 1 <= column <= len(lines[line - 1]) + 1, f"{diagnostic}: column {column} is outside line {line}"
        assert (span.line, span.column) <= (span.end_line, span.end_column), f"{diagnostic}: span ends before it starts"


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        pytest.param(b"---\ntitle: A note\xff\n---\n", 2, 14, id="latin1-byte-in-front-matter"),
        pytest.param(b"\n# Caf\xe9 news\n", 2, 6, id="latin1-e-acute-in-title"),
        pytest.param(b"text\r\nmore \x80 text\n", 2, 6, id="lone-continuation-byte-after-crlf"),
        pytest.param(b"\xc3", 1, 1, id="truncated-sequence-only"),
        pytest.param(b"ok\n\xe2\x82", 2, 1, id="truncated-sequence-at-end"),
    ],
)
def test_unreadable_bytes_are_sp002(tmp_path: Path, data: bytes, line: int, column: int) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(UnicodeDecodeError) as decode:
        data.decode("utf-8")
    offset = decode.value.start
    result = seedparse.parse_file_lenient(path)
    assert result.document is None
    assert not result.ok
    assert [(d.code, d.severity, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("SP002", seedparse.Severity.ERROR, line, column)
    ]
    assert f"byte offset {offset} " in result.diagnostics[0].message
    assert f"0x{data[offset]:02x}" in result.diagnostics[0].message
    with pytest.raises(seedparse.ParseError) as caught:
        seedparse.parse_file(path)
    assert caught.value.diagnostics == result.diagnostics


@pytest.mark.parametrize("name", ["a directory", "missing.txt"])
def test_unreadable_path_is_sp002(tmp_path: Path, name: str) -> None:
    path = tmp_path if name == "a directory" else tmp_path / name
    result = seedparse.parse_file_lenient(path)
    assert result.document is None
    assert [(d.code, d.severity, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("SP002", seedparse.Severity.ERROR, 1, 1)
    ]
    assert result.diagnostics[0].message.startswith("cannot read the file: ")
    # parse_file raises the OSError itself: a file that is not there is not a parse error.
    expected = IsADirectoryError if name == "a directory" else FileNotFoundError
    with pytest.raises(expected) as caught:
        seedparse.parse_file(path)
    assert not isinstance(caught.value, seedparse.ParseError)
    assert caught.value.filename == str(path)


@pytest.mark.parametrize("size", [1, 100, 150, 159])
def test_input_over_the_size_limit_is_sp005(tmp_path: Path, size: int) -> None:
    limits = seedparse.Limits(max_size=size)
    text = "# Café\n"  # 8 bytes of UTF-8 in 7 characters
    path = tmp_path / "big.txt"
    path.write_text(text * 20, encoding="utf-8")
    from_text = seedparse.parse_lenient(text * 20, limits=limits)
    for result in (from_text, seedparse.parse_file_lenient(path, limits=limits)):
        assert result.document is None
        assert [(d.code, d.severity, d.span.line, d.span.column) for d in result.diagnostics] == [
            ("SP005", seedparse.Severity.ERROR, 1, 1)
        ]
        assert result.diagnostics[0].message == f"the input is 160 bytes, over the size limit of {size} bytes"
    assert seedparse.parse_lenient(text * 20, limits=seedparse.Limits(max_size=160)).document is not None
    with pytest.raises(seedparse.ParseError) as caught:
        seedparse.parse_file(path, limits=limits)
    assert caught.value.errors[0].code == "SP005"

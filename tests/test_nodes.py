"""How nodes are built and stored: trusted nodes on the fast path, spans as slotted dataclasses."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import seedparse
from seedparse.blocks import Section
from seedparse.inlines import Text
from seedparse.nodes import build_trusted
from seedparse.spans import LineIndex, Span, make_span
from tests.conftest import SEED_FILES


def test_a_trusted_node_equals_the_validated_one_and_dumps_the_same() -> None:
    span = Span(line=1, column=1, end_line=1, end_column=4)
    trusted = build_trusted(Text, text="abc", span=span)
    validated = Text(text="abc", span=span)
    assert trusted == validated
    assert repr(trusted) == repr(validated)
    assert trusted.model_dump_json() == validated.model_dump_json()
    assert trusted.model_fields_set == {"span", "type", "text"}


def test_trusted_nodes_share_one_fields_set_that_a_copy_does_not_change() -> None:
    first = build_trusted(Text, text="a")
    second = build_trusted(Text, text="b")
    assert first.model_fields_set is second.model_fields_set
    changed = first.model_copy(update={"text": "c"})
    assert changed.text == "c"
    assert first.text == "a"
    assert isinstance(changed.model_fields_set, set)
    assert copy.deepcopy(first) == first
    changes: list[Callable[[set[str]], object]] = [
        lambda fields: fields.add("x"),
        lambda fields: fields.update({"x"}),
        lambda fields: fields.discard("text"),
        lambda fields: fields.clear(),
    ]
    for change in changes:
        with pytest.raises(TypeError, match="shared"):
            change(first.model_fields_set)
    assert second.model_fields_set == {"span", "type", "text"}
    # A pickle holds a plain set: it loads without this module's private class.
    assert type(pickle.loads(pickle.dumps(first.model_fields_set))) is set
    assert pickle.loads(pickle.dumps(first)).model_fields_set == {"span", "type", "text"}


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_exclude_unset_dumps_parsed_documents(path: Path, fast: bool) -> None:
    # pydantic-core reads the fields-set as a set when it leaves out unset fields.
    document = seedparse.parse_file(path, fast=fast)
    dumped = document.model_dump(exclude_unset=True)
    assert dumped["title"] == document.title
    assert json.loads(document.model_dump_json(exclude_unset=True))["title"] == document.title


def test_trusted_nodes_get_their_own_default_lists() -> None:
    one = build_trusted(Section, level=2, heading=[], blocks=[])
    two = build_trusted(Section, level=2, heading=[], blocks=[])
    assert one.sections == []
    assert one.sections is not two.sections
    assert one == Section(level=2, heading=[], blocks=[])


def test_trusted_nodes_are_frozen() -> None:
    node = build_trusted(Text, text="a")
    with pytest.raises(pydantic.ValidationError):
        node.text = "b"  # type: ignore[misc]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_a_parsed_document_pickles_and_validates_back(path: Path) -> None:
    # `parse_files(jobs=N)` sends documents between processes; `from_json` validates every node.
    document = seedparse.parse_file(path)
    assert pickle.loads(pickle.dumps(document)) == document
    assert seedparse.from_json(seedparse.to_json(document)) == document


def test_a_span_is_small_validated_when_built_by_hand_and_replaced_with_dataclasses() -> None:
    span = Span(line=3, column=5, end_line=3, end_column=6)
    assert not hasattr(span, "__dict__")
    assert sys.getsizeof(span) < 100
    assert span == make_span(3, 5, 3, 6)
    assert hash(span) == hash(make_span(3, 5, 3, 6))
    assert dataclasses.replace(span, column=2) == Span(line=3, column=2, end_line=3, end_column=6)
    assert dataclasses.asdict(span) == {"line": 3, "column": 5, "end_line": 3, "end_column": 6}
    with pytest.raises(pydantic.ValidationError):
        Span(line=0, column=1, end_line=1, end_column=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.line = 4  # type: ignore[misc]


_NEWLINE = re.compile(r"\r\n|\r|\n")


@given(st.text(alphabet="ab\r\n\u00e9", max_size=30))
def test_line_starts_are_the_same_with_and_without_carriage_returns(text: str) -> None:
    expected = [0, *(match.end() for match in _NEWLINE.finditer(text))]
    index = LineIndex(text)
    assert [index.offset(line, 1) for line in range(1, index.line_count + 1)] == expected


def test_every_parsed_node_has_a_span_inside_the_source() -> None:
    # Trusted nodes skip validation: check what validation would have checked of their spans.
    for path in SEED_FILES:
        text = path.read_text(encoding="utf-8")
        document = seedparse.parse(text)
        lines = text.split("\n")
        blocks = [block for _, block in document.blocks_in_order()]
        nodes = [*document.iter_inlines(), *blocks]
        assert len(nodes) > 100
        for node in nodes:
            span = node.span
            assert span is not None
            assert 1 <= span.line <= span.end_line <= len(lines)
            assert span.column >= 1
            assert span.end_column >= 1

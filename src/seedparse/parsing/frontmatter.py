"""YAML front matter: ``---`` lines around a mapping, read with PyYAML's safe loader.

Scalars stay strings: a ``videoId`` of digits, ``0x1f`` or ``12:00`` must never
become a number, and ``2024-01-02`` never a date. The loader is PyYAML's
``SafeLoader`` with its implicit type resolvers removed, and aliases refused:
``*name`` repeats a node by reference, so a few lines of nested aliases ("billion
laughs") stand for more values than memory holds once exported as JSON.

Explicit tags are read so that the value is always JSON: ``!!int``, ``!!float``
and ``!!bool`` give their numbers and booleans (a value the tag cannot read, such
as ``!!int abc``, or a ``!!float`` JSON cannot hold, such as ``.nan``, is
``SP102``); ``!!binary`` and ``!!timestamp`` give their text as written (no bytes,
no dates); ``!!set`` gives the mapping it is written as (its members' values empty, as
in any mapping), ``!!omap`` and ``!!pairs`` the list of one-key mappings they are
written as. Mapping keys that a tag makes other than strings are written as JSON
writes them (``!!int 1`` is ``"1"``, ``!!null`` is ``"null"``). Any other tag is
``SP102``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from seedparse.parsing.context import Context
from seedparse.spans import LineIndex, Span

__all__ = ["FrontMatter", "front_matter_and_body", "read_front_matter"]

_FENCE = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")


class _AliasRefusedError(Exception):
    """An alias event in front matter; carries where it is."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__("alias")
        self.line = line  # 1-based, in the source
        self.column = column


class _StringLoader(yaml.SafeLoader):
    """SafeLoader that resolves no implicit types (every scalar is a string) and refuses aliases."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs
            mark = event.start_mark
            raise _AliasRefusedError(mark.line + 2, mark.column + 1) if mark is not None else _AliasRefusedError(2, 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:  # type: ignore[override]  # PyYAML's stubs: dict[Hashable, Any]
        """A mapping whose keys are strings, as JSON's are (see the module's docstring).

        Keys are turned into strings one by one, before they meet: ``!!bool true``
        and ``!!int 1`` are equal in Python, not in JSON.
        """
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {_kind(node)}", node.start_mark
            )
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                if isinstance(key, (list, dict, set)):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                    )
                key = json.dumps(key)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_StringLoader.yaml_implicit_resolvers = {}

_TAG = "tag:yaml.org,2002:"


def _kind(node: yaml.Node) -> str:
    """``scalar``, ``sequence`` or ``mapping``, as PyYAML's messages name nodes."""
    return str(getattr(node, "id", "node"))


def _as_written(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    """A scalar's text, whatever its tag says it is (``!!binary``, ``!!timestamp``)."""
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a scalar node, but found {_kind(node)}", node.start_mark
        )
    return str(node.value)


def _checked(
    construct: Callable[[yaml.SafeLoader, yaml.Node], Any], tag: str
) -> Callable[[yaml.SafeLoader, yaml.Node], Any]:
    """PyYAML's constructor for ``!!int``, ``!!float`` or ``!!bool``, with a value it cannot read an error."""

    def constructor(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            value = construct(loader, node)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            value = None
        else:
            if not isinstance(value, float) or math.isfinite(value):
                return value
        shown = node.value if isinstance(node, yaml.ScalarNode) else _kind(node)
        problem = f"{shown!r} is not a value of the tag !!{tag} that JSON can hold"
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)

    return constructor


for _name in ("int", "float", "bool"):
    _StringLoader.add_constructor(_TAG + _name, _checked(getattr(yaml.SafeLoader, f"construct_yaml_{_name}"), _name))
for _name in ("binary", "timestamp"):
    _StringLoader.add_constructor(_TAG + _name, _as_written)


def _as_mapping(loader: _StringLoader, node: yaml.Node) -> Any:
    """A ``!!set``: the mapping it is written as."""
    return loader.construct_yaml_map(node)


def _as_sequence(loader: _StringLoader, node: yaml.Node) -> Any:
    """An ``!!omap`` or ``!!pairs``: the sequence it is written as."""
    return loader.construct_yaml_seq(node)


_StringLoader.add_constructor(_TAG + "set", _as_mapping)
for _name in ("omap", "pairs"):
    _StringLoader.add_constructor(_TAG + _name, _as_sequence)

#: How deeply front-matter values may nest (lists in mappings in lists...): deeper, the
#: document's models could not be validated or exported (pydantic stops at 255 levels).
MAX_YAML_DEPTH = 100


_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _flow_depth(body: str) -> int:
    """How deep ``[`` and ``{`` nest in ``body``, quotes ignored (an upper bound); stops past the limit.

    PyYAML's scanner takes time quadratic in this depth (it rechecks a
    possible key per open flow level at every token), so it is bounded before
    PyYAML sees the text.
    """
    if body.count("[") + body.count("{") <= MAX_YAML_DEPTH:
        return 0
    depth = deepest = 0
    for bracket in _FLOW_BRACKET.finditer(body):
        depth = depth + 1 if bracket[0] in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
        if deepest > MAX_YAML_DEPTH:
            break
    return deepest


def _node_depth(root: yaml.Node) -> int:
    """How deep the YAML node tree under ``root`` goes, up to just past :data:`MAX_YAML_DEPTH`."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    deepest = 0
    while stack and deepest <= MAX_YAML_DEPTH:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return deepest


@dataclass
class FrontMatter:
    """The front matter of a document, and where it is."""

    data: dict[str, Any] = field(default_factory=dict)
    key_spans: dict[str, Span] = field(default_factory=dict)  # from the key to the end of its value
    value_spans: dict[str, Span] = field(default_factory=dict)
    span: Span | None = None
    end_line: int = 0  # 0-based line after the closing fence; 0 when there is none
    ok: bool = False
    closed: bool = False


def _span(start: yaml.Mark, end: yaml.Mark) -> Span:
    """A span from YAML marks, which are 0-based and start at the line after ``---``."""
    return Span(line=start.line + 2, column=start.column + 1, end_line=end.line + 2, end_column=end.column + 1)


def read_front_matter(context: Context) -> FrontMatter:
    """Read the front matter at the start of the source, reporting problems."""
    index = context.index
    result = FrontMatter()
    if not _FENCE.fullmatch(index.line_text(1)):
        return result
    close = next((n for n in range(2, index.line_count + 1) if _CLOSE.fullmatch(index.line_text(n))), None)
    if close is None:
        context.report("SP102", "front matter opened with '---' is never closed", context.point(1))
        result.end_line = index.line_count
        return result
    result.end_line = close
    result.closed = True
    result.span = Span(line=1, column=1, end_line=close, end_column=len(index.line_text(close)) + 1)
    if _read_plain(index, close, result):
        return result
    body = "\n".join(index.line_text(n) for n in range(2, close))
    if _flow_depth(body) > MAX_YAML_DEPTH:
        message = f"the document nests too deeply to parse: front matter nested over {MAX_YAML_DEPTH} levels"
        context.report("SP003", message, context.point(2))
        return result
    loader: _StringLoader | None = None
    try:
        loader = _StringLoader(body)  # the reader refuses some characters already here
        node = loader.get_single_node()
        if node is not None and _node_depth(node) > MAX_YAML_DEPTH:
            message = f"the document nests too deeply to parse: front matter nested over {MAX_YAML_DEPTH} levels"
            context.report("SP003", message, context.point(2))
            return result
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        column = (mark.column + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context.report("SP102", f"front matter is not valid YAML: {problem}", context.point(line, column))
        return result
    except _AliasRefusedError as exc:
        message = "front matter uses a YAML alias ('*name'); aliases are refused: write the value out"
        context.report("SP108", message, context.point(exc.line, exc.column))
        return result
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        context.report("SP102", f"front matter is a {type(data).__name__}, not a mapping of keys", result.span)
        return result
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in result.key_spans:
                    where = _span(key_node.start_mark, key_node.end_mark)
                    context.report(
                        "SP107", f"front-matter key {key_node.value!r} is given twice; the last value wins", where
                    )
                result.key_spans[key_node.value] = _span(key_node.start_mark, value_node.end_mark)
                result.value_spans[key_node.value] = _span(value_node.start_mark, value_node.end_mark)
    result.data = {str(key): value for key, value in data.items()}
    result.ok = True
    return result


#: A line of plain ``key: value`` front matter whose value PyYAML reads as exactly this text: a
#: simple key, then a plain scalar that starts with no indicator and holds no ``: `` or `` #``
#: (which would start a mapping or a comment); leading and trailing spaces are not part of it.
_PLAIN_LINE = re.compile(
    r"""
    (?P<key>[A-Za-z_][A-Za-z0-9_-]*)            # a key of word characters
    :[ ]+
    (?P<value>[^\s\-?:,\[\]{}\#&*!|>'"%@`]     # a plain scalar's first character: no indicator
      (?:[^\t\n:\#]|:(?=\S)|(?<=\S)\#)*?)       # then no ': ' and no ' #'
    [ ]*
    """,
    re.VERBOSE,
)


def _read_plain(index: LineIndex, close: int, result: FrontMatter) -> bool:
    """Read front matter that is only ``key: value`` lines without PyYAML; ``False`` for anything else.

    What real notes have (``title`` and ``videoId``), read as PyYAML's loader reads it
    (strings, with the same spans; ``tests/test_frontmatter_plain.py`` checks both agree),
    at a fraction of the pure-Python loader's cost. Anything else (quotes, lists, a
    repeated key, a comment, a blank line) goes to PyYAML.
    """
    data: dict[str, Any] = {}
    key_spans: dict[str, Span] = {}
    value_spans: dict[str, Span] = {}
    for number in range(2, close):
        match = _PLAIN_LINE.fullmatch(index.line_text(number))
        if match is None or match["key"] in data or match["value"] in _YAML_SPECIAL or not match[0].isprintable():
            return False
        key, value = match["key"], match["value"]
        data[key] = value
        key_spans[key] = Span(line=number, column=1, end_line=number, end_column=match.end("value") + 1)
        value_spans[key] = Span(
            line=number, column=match.start("value") + 1, end_line=number, end_column=match.end("value") + 1
        )
    result.data, result.key_spans, result.value_spans = data, key_spans, value_spans
    result.ok = True
    return True


#: Plain values PyYAML gives a meaning even with no implicit types: the document markers.
_YAML_SPECIAL = frozenset({"---", "..."})


def front_matter_and_body(context: Context, kind: str) -> tuple[FrontMatter, str]:
    """Read the front matter (``SP101`` when there is none) and return it with the body to parse.

    In the body, blank lines stand in for the front matter, so that
    markdown-it's line numbers are the file's.
    """
    front = read_front_matter(context)
    if front.end_line == 0:
        context.report("SP101", f"no front matter: a {kind} starts with a '---' line", context.point(1))
    if front.end_line >= context.index.line_count:
        body_start = len(context.text)
    else:
        body_start = context.index.offset(front.end_line + 1, 1) if front.end_line else 0
    return front, "\n" * front.end_line + context.text[body_start:]

"""The base class every document node derives from."""

from __future__ import annotations

import reprlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticUndefined

from seedparse.spans import Span

if TYPE_CHECKING:
    from seedparse.inlines import Inline, Link
    from seedparse.timestamps import Timestamp, TimestampRange
    from seedparse.wikilinks import WikiLink

__all__ = ["SCHEMA_VERSION", "ComputedNode", "DocumentNode", "Node"]

#: Version of the JSON shape of documents; docs/versioning.md has the policy.
SCHEMA_VERSION = "2.0"


class _Shown:
    """A value a short repr shows as this text: a count, a span, a shortened string."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


#: How a short repr shortens what it shows: long strings keep their start and end.
_SHORT = reprlib.Repr()
_SHORT.maxstring = 60
_SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxtuple = 6
_SHORT.maxdict = 4
_SHORT.maxlevel = 2
#: A document's title is shown whole, up to this many characters.
_TITLE = reprlib.Repr()
_TITLE.maxstring = 120


def _short(value: Any) -> Any:
    """What a node's repr shows for a field's value: nodes as their own short repr, node lists as counts."""
    if isinstance(value, Node):
        return value
    if isinstance(value, Span):
        return _Shown(f"{value.line}:{value.column}-{value.end_line}:{value.end_column}")
    if isinstance(value, (list, tuple)) and value and all(isinstance(item, (Node, list, tuple)) for item in value):
        return len(value)
    return _Shown(_SHORT.repr(value))


class Node(BaseModel):
    """A frozen, strictly validated model with a source span.

    Computed fields (``seconds``, ``display``, ``title``...) appear in a node's
    JSON for the convenience of other languages; validating that JSON back
    ignores them, so ``Model.model_validate_json(to_json(node)) == node``.

    Its repr is short, for a REPL: the fields that differ from their defaults
    (not ``type``: the class name says it), a list of nodes as its length,
    long strings shortened, and the span as ``line:column-end_line:end_column``
    last. Equality and the JSON always cover every field.

    Example:
        >>> from seedparse import Paragraph, Text, WikiLink
        >>> Paragraph(children=[Text(text="a" * 100), WikiLink(target="Note", alias="shown")])
        Paragraph(children=2)
        >>> WikiLink(target="Note", alias="shown", span=Span(line=3, column=7, end_line=3, end_column=25))
        WikiLink(target='Note', alias='shown', span=3:7-3:25)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    span: Span | None = Field(
        default=None,
        description="Where the node came from in the source; null for nodes built in code.",
    )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """The short repr's fields (see the class docstring); pydantic's ``repr``, ``str`` and rich use them."""
        shown: list[Any] = []
        for name, field in type(self).model_fields.items():
            if name in ("span", "type") or not field.repr:
                continue
            value = self.__dict__.get(name)
            if not field.is_required():
                default = field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]
                if value == default:
                    continue
            shown.append(value)
            yield name, _short(value)
        for name, computed in type(self).__pydantic_computed_fields__.items():
            value = getattr(self, name)
            if computed.repr and value is not None and value not in shown:
                yield name, _short(value)
        if self.span is not None:
            yield "span", _short(self.span)


NodeT = TypeVar("NodeT", bound=Node)

_new = object.__new__
_set = object.__setattr__


class _SharedFieldsSet(set[str]):
    """The fields-set every trusted node of one class shares: copied as a plain set, never changed.

    A ``set`` (pydantic-core wants one, for ``exclude_unset``) whose methods that
    would change it raise; pydantic copies a model's fields-set before changing it
    (``model_copy(update=...)``), and a pickle holds a plain set.
    """

    def _refuse(self, *args: object) -> Any:
        raise TypeError("the fields-set of a parsed node is shared by its class's nodes: copy it to change it")

    add = discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: object) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[type[set[str]], tuple[list[str]]]:
        return set, (list(self),)


#: Per node class: its fields in order with their defaults, the fields with a default
#: factory, and the set of every field name (what ``model_fields_set`` reports).
_TEMPLATES: dict[type[Node], tuple[dict[str, Any], dict[str, Any], _SharedFieldsSet]] = {}


def build_trusted(cls: type[NodeT], /, **values: Any) -> NodeT:
    """A ``cls`` node from values the parser made, without validating them again.

    The fast path (:mod:`seedparse.parsing.fast`) builds every node of a document
    this way, and the markdown-it-py path its text and paragraph nodes, from strings
    and spans just computed, with the types the fields want; validating them once
    more is most of what a node costs to build, and the fields-set a validated model
    keeps costs more memory than the node's own fields. ``tests/test_nodes.py``
    checks that such nodes equal validated ones (and that their spans lie in the
    source), ``tests/test_differential.py`` that the two paths agree, and the JSON
    round trip (:func:`seedparse.from_json`) validates them.

    Every field is in ``model_fields_set``, one set shared by the nodes of a class.
    Input from users never comes here.
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        template = _TEMPLATES[cls] = _template(cls)
    defaults, factories, names = template
    fields = defaults.copy()
    fields.update(values)
    for name, factory in factories.items():
        if name not in values:
            fields[name] = factory()
    node: NodeT = _new(cls)
    _set(node, "__dict__", fields)
    _set(node, "__pydantic_fields_set__", names)
    _set(node, "__pydantic_extra__", None)
    _set(node, "__pydantic_private__", None)
    return node


def _template(cls: type[Node]) -> tuple[dict[str, Any], dict[str, Any], _SharedFieldsSet]:
    defaults: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    for name, field in cls.model_fields.items():
        default = None if field.default is PydanticUndefined else field.default
        defaults[name] = default
        if field.default_factory is not None:
            factories[name] = field.default_factory
        elif isinstance(default, (list, dict, set)):
            factories[name] = default.copy  # a mutable default: one copy each, as pydantic makes
    return defaults, factories, _SharedFieldsSet(defaults)


class ComputedNode(Node):
    """A node with computed fields: validating its JSON back drops them.

    Only the classes with computed fields derive from it, so the other nodes are
    built without calling a Python validator.
    """

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        computed = cls.__pydantic_computed_fields__
        if computed and isinstance(data, dict) and any(key in data for key in computed):
            return {key: value for key, value in data.items() if key not in computed}
        return data


class DocumentNode(Node):
    """What every document kind shares.

    Its source text (kept off the JSON), the JSON's version, equality by
    content, and the helpers that list its inline nodes by kind.
    """

    source: str | None = Field(
        default=None,
        exclude=True,
        repr=False,
        description="The text the document was parsed from (not in its JSON): what render writes back.",
    )
    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this JSON shape.")

    def __eq__(self, other: object) -> bool:
        """Documents are equal when their content is: their ``source`` text is not compared."""
        if not isinstance(other, DocumentNode):
            return NotImplemented
        if type(self) is not type(other):
            return False
        mine = {k: v for k, v in self.__dict__.items() if k != "source"}
        theirs = {k: v for k, v in other.__dict__.items() if k != "source"}
        return mine == theirs

    __hash__ = None  # type: ignore[assignment]  # compared by value, as pydantic models are

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """A document's short repr: its title and size.

        The size is how many top-level sections and blocks (nested ones included)
        a note or an article has, or how many videos a channel page lists; then
        the counts of timestamps, wiki-links and links that are not zero.

        Example:
            >>> import seedparse
            >>> seedparse.parse_file("seeds/000_9e40aab2472b4316.txt")
            TranscriptNote(title='Opposition movements and unification in Russia', sections=7, blocks=22, \
timestamps=43, wikilinks=10)
        """
        values = self.__dict__
        if "title" in values:
            yield "title", _Shown(_TITLE.repr(values["title"]))
        if "sections" in values:
            yield "sections", len(values["sections"])
            blocks_in_order = getattr(self, "blocks_in_order", None)
            if blocks_in_order is not None:
                yield "blocks", sum(1 for _ in blocks_in_order())
        if "videos" in values:
            yield "videos", len(values["videos"])
        for name, count in (
            ("timestamps", len(self.timestamps())),
            ("wikilinks", len(self.wikilinks())),
            ("links", len(self.links())),
        ):
            if count:
                yield name, count

    def iter_inlines(self) -> Iterator[Inline]:
        """Yield every inline node in document order."""
        raise NotImplementedError

    def wikilinks(self) -> list[WikiLink]:
        """Every wiki-link in document order."""
        from seedparse.wikilinks import WikiLink

        return [node for node in self.iter_inlines() if isinstance(node, WikiLink)]

    def timestamps(self) -> list[Timestamp]:
        """Every timestamp in document order; a range contributes its start and end."""
        from seedparse.timestamps import Timestamp

        return [node for node in self.iter_inlines() if isinstance(node, Timestamp)]

    def ranges(self) -> list[TimestampRange]:
        """Every timestamp range in document order."""
        from seedparse.timestamps import TimestampRange

        return [node for node in self.iter_inlines() if isinstance(node, TimestampRange)]

    def links(self) -> list[Link]:
        """Every markdown link in document order."""
        from seedparse.inlines import Link

        return [node for node in self.iter_inlines() if isinstance(node, Link)]

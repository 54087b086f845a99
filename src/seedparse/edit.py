"""Edit a document: replace, update or transform its nodes, and get a new, validated document.

Documents and nodes are frozen, so changing one node deep in a document means
copying every node above it. These functions do that in one call, validate
what changed (a node of the wrong type, or a field of the wrong type, is an
:class:`EditError` naming where it is), and keep the document's ``source``, so
:func:`seedparse.render` writes the source back with only the changed nodes
rewritten.

Nodes are found by identity: pass nodes taken from the document itself (from
``document.timestamps()``, ``document.sections[0].blocks``...). The document
passed in is left as it was.

Example:
    >>> import seedparse
    >>> from seedparse import edit
    >>> note = seedparse.parse_file("seeds/000_9e40aab2472b4316.txt", format="transcript")
    >>> first = note.timestamps()[0]
    >>> first.display
    '00:00:30'
    >>> edited = edit.update(note, first, data_t="00:00:35", display="00:00:35")
    >>> edited.timestamps()[0].seconds, note.timestamps()[0].seconds
    (35, 30)
    >>> changed = [line for line in seedparse.render(edited).splitlines() if line not in note.source.splitlines()]
    >>> len(changed), 'data-t="00:00:35">[00:00:35]</a>' in changed[0]
    (1, True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pydantic

from seedparse.nodes import DocumentNode, Node

__all__ = ["EditError", "replace", "transform", "update"]

DocumentT = TypeVar("DocumentT", bound=DocumentNode)

#: How many of pydantic's errors an :class:`EditError` message lists.
_MAX_ERRORS = 3


class EditError(ValueError):
    r"""An edit that would make an invalid document: a node or a field value of the wrong type.

    The message says where in the document (``sections[2].blocks[0]``) the
    value is that does not fit, and what was expected; the pydantic
    ``ValidationError`` is its ``__cause__``.

    Example:
        >>> import seedparse
        >>> from seedparse import edit
        >>> note = seedparse.parse("---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]]\n\n# H\n\nSome text.\n")
        >>> try:
        ...     edit.replace(note, note.sections[0].blocks[0], seedparse.Text(text="not a block"))
        ... except edit.EditError as error:
        ...     print(str(error)[:100])
        invalid edit at sections[0].blocks[0]: Input tag 'text' found using 'type' does not match any of the
    """


def replace(document: DocumentT, old: Node, new: Node) -> DocumentT:
    r"""A copy of ``document`` with the node ``old`` replaced by ``new``, validated.

    Args:
        document: A document (parsed, or built in code).
        old: A node of ``document`` (found by identity), or ``document`` itself.
        new: What takes its place: any node the field holding ``old`` accepts
            (a :class:`~seedparse.Strong` may take a :class:`~seedparse.Text`'s
            place in a paragraph; a block may not).

    Returns:
        The new document, with ``document.source`` kept: :func:`seedparse.render`
        rewrites only what changed.

    Raises:
        EditError: ``new`` or a node inside it does not fit where it is put.
        ValueError: ``old`` is not a node of ``document``.
        TypeError: ``new`` is not a node.

    Example:
        >>> import seedparse
        >>> from seedparse import edit
        >>> note = seedparse.parse("---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]]\n\nSee [[a]] and [[b]].\n")
        >>> edited = edit.replace(note, note.wikilinks()[2], seedparse.WikiLink(target="a", alias="A"))
        >>> seedparse.render(edited).splitlines()[-1]
        'See [[a]] and [[a | A]].'
    """
    if not isinstance(new, Node):
        raise TypeError(f"a node can only be replaced by a node, not by {type(new).__name__}")
    found = False

    def swap(node: Node) -> Node:
        nonlocal found
        if node is old:
            found = True
            return new
        return node

    editor = _Editor(document)
    if old is document:
        if type(new) is not type(document):
            raise EditError(f"a {type(document).__name__} can only be replaced by another, not by {type(new).__name__}")
        return editor.checked(new, "")  # type: ignore[return-value]  # the same class, checked above
    edited = editor.document(swap)
    assert isinstance(edited, type(document))
    if not found:
        raise ValueError(
            f"the {type(old).__name__} to replace is not in this document (nodes are found by identity: "
            "take them from the document itself)"
        )
    return edited


def update(document: DocumentT, node: Node, /, **changes: Any) -> DocumentT:
    r"""A copy of ``document`` with some fields of one of its nodes changed, validated.

    ``update(document, node, field=value)`` is ``replace(document, node,
    node.model_copy(update={"field": value}))``, with the new values checked.

    Args:
        document: A document (parsed, or built in code).
        node: A node of ``document`` (found by identity), or ``document`` itself.
        **changes: The fields to change and their new values.

    Returns:
        The new document, with ``document.source`` kept.

    Raises:
        EditError: a new value is of the wrong type, or there is no such field.
        ValueError: ``node`` is not a node of ``document``.

    Example:
        >>> import seedparse
        >>> from seedparse import edit
        >>> note = seedparse.parse("---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[c]]\n\n# Intro\n\nText.\n")
        >>> edited = edit.update(note, note.sections[0], heading=[seedparse.Text(text="Start")])
        >>> edited.sections[0].title, seedparse.render(edited).splitlines()[7]
        ('Start', '# Start')
        >>> edit.update(note, note, title="A new title").title
        'A new title'
    """
    unknown = sorted(set(changes) - set(type(node).model_fields))
    if unknown:
        raise EditError(f"a {type(node).__name__} has no field {', '.join(map(repr, unknown))}")
    return replace(document, node, node.model_copy(update=changes))


def transform(document: DocumentT, function: Callable[[Node], Node]) -> DocumentT:
    r"""A copy of ``document`` with every node inside it mapped by ``function``, validated.

    ``function`` is called once on each node below the document (not on the
    document itself), children first: a node is passed with its children
    already transformed. Return the node unchanged to keep it (most calls
    do), or another node to put in its place.

    Args:
        document: A document (parsed, or built in code).
        function: Maps a node to the node that takes its place.

    Returns:
        The new document, with ``document.source`` kept (the same object when
        ``function`` changed nothing).

    Raises:
        EditError: a node ``function`` returned does not fit where it is put,
            or is not a node.

    Example:
        >>> import seedparse
        >>> from seedparse import edit
        >>> note = seedparse.parse("---\ntitle: t\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n\nSee [[old]].\n")
        >>> def rename(node: seedparse.nodes.Node) -> seedparse.nodes.Node:
        ...     if isinstance(node, seedparse.WikiLink) and node.target == "old":
        ...         return node.model_copy(update={"target": "new"})
        ...     return node
        >>> seedparse.render(edit.transform(note, rename)).splitlines()[-1]
        'See [[new]].'
    """
    edited = _Editor(document).document(function)
    assert isinstance(edited, type(document))
    return edited


class _Editor:
    """Rebuilds a document bottom-up, validating each node that is new or has new children."""

    def __init__(self, document: DocumentNode) -> None:
        self.root = document
        # The nodes already in the document (or validated here) need no second validation. By id,
        # holding each node so that its id is not reused while the edit runs.
        self.trusted: dict[int, Node] = {}
        stack: list[Any] = [document]
        while stack:
            value = stack.pop()
            if isinstance(value, Node):
                self.trusted[id(value)] = value
                stack.extend(value.__dict__.values())
            elif isinstance(value, (list, tuple)):
                stack.extend(value)

    def document(self, function: Callable[[Node], Node]) -> DocumentNode:
        """The document with ``function`` applied to every node below it (of the same class: it is rebuilt)."""
        edited = self.fields(self.root, function, "")
        assert isinstance(edited, type(self.root))
        return edited

    def fields(self, node: Node, function: Callable[[Node], Node], where: str) -> Node:
        """``node`` with ``function`` applied to every node below it; rebuilt and validated if any changed."""
        changes: dict[str, Any] = {}
        for name, value in node.__dict__.items():
            mapped = self.value(value, function, _at(where, name))
            if mapped is not value:
                changes[name] = mapped
        if not changes:
            return node
        return self.validated(type(node), {**node.__dict__, **changes}, where)

    def value(self, value: Any, function: Callable[[Node], Node], where: str) -> Any:
        """A field's value (a node, a list or tuple of them, or anything else) with ``function`` applied."""
        if isinstance(value, Node):
            node = self.fields(value, function, where)
            result = function(node)
            if result is node:
                return node
            if not isinstance(result, Node):
                raise EditError(f"at {where}: {type(result).__name__} is not a node, and only a node can replace one")
            return self.checked(result, where)
        if isinstance(value, (list, tuple)):
            items = [self.value(item, function, f"{where}[{i}]") for i, item in enumerate(value)]
            if all(new is old for new, old in zip(items, value, strict=True)):
                return value
            return items if isinstance(value, list) else tuple(items)
        return value

    def checked(self, node: Node, where: str) -> Node:
        """``node`` validated, with every node inside it that is not yet trusted."""
        if id(node) in self.trusted:
            return node
        data = {name: self._checked_value(value, _at(where, name)) for name, value in node.__dict__.items()}
        return self.validated(type(node), data, where)

    def _checked_value(self, value: Any, where: str) -> Any:
        if isinstance(value, Node):
            return self.checked(value, where)
        if isinstance(value, (list, tuple)):
            items = [self._checked_value(item, f"{where}[{i}]") for i, item in enumerate(value)]
            if all(new is old for new, old in zip(items, value, strict=True)):
                return value
            return items if isinstance(value, list) else tuple(items)
        return value

    def validated(self, cls: type[Node], data: dict[str, Any], where: str) -> Node:
        """``cls`` validated from ``data`` (nodes inside are taken as they are), or an :class:`EditError`."""
        try:
            node = cls.model_validate(data)
        except pydantic.ValidationError as exc:
            problems = [
                f"at {_place(where, error['loc'])}: {error['msg']} (got {type(error['input']).__name__})"
                for error in exc.errors(include_url=False)[:_MAX_ERRORS]
            ]
            more = exc.error_count() - len(problems)
            if more > 0:
                problems.append(f"and {more} more")
            raise EditError(f"invalid edit {'; '.join(problems)}") from exc
        self.trusted[id(node)] = node
        return node


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _place(where: str, loc: tuple[int | str, ...]) -> str:
    """Where a value is in the document: ``sections[2].blocks[0]``, from a node's place and a pydantic location."""
    for part in loc:
        where = f"{where}[{part}]" if isinstance(part, int) else _at(where, part)
    return where or "the document"

"""A Griffe extension for the API reference (listed under the mkdocstrings options in mkdocs.yml).

- seedparse's docstrings head their examples ``Example:``. Griffe's Google parser
  reads only ``Examples:`` as an examples section (``Example:`` would be an
  admonition, and its ``>>>`` lines blockquotes), so the header is read as ``Examples:``.
- Sphinx roles (``:func:`parse```, ``:class:`~seedparse.ParseError```) become
  markdown: a link to the entry when the target is a public ``seedparse.NAME``,
  otherwise inline code. (Left alone, ``A :class:`X``` in a Returns section would
  even be split at its colon.)
- A Pydantic field's ``Field(description=...)`` becomes the field's docstring, so
  each field is listed with what it means (the same text the JSON Schema carries).
  That text is plain, not markdown: its ``[[...]]``, ``<a ...>`` and ``*`` are shown
  as written (as character references), not read as links, HTML or emphasis.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import griffe

_EXAMPLE_HEADER = re.compile(r"^(?P<indent>[ \t]*)Example:[ \t]*$", re.MULTILINE)
_ROLE = re.compile(r":(?:func|class|meth|attr|data|mod|exc|obj):`~?(?P<target>[^`]+)`")
#: The characters markdown could read as markup in a plain description, as character references.
_MARKUP = str.maketrans({c: f"&#{ord(c)};" for c in "&<>[]*_`\\"})


def _role(match: re.Match[str]) -> str:
    """A Sphinx role as markdown: a cross-reference to a public name, else code."""
    import seedparse

    target = match["target"]
    module, _, name = target.partition(".")
    if module == "seedparse" and name in seedparse.__all__:
        return f"[`{name}`][{target}]"
    return f"`{target}`"


def plain(text: str) -> str:
    """Plain text as markdown that shows it as written (every markup character as a character reference)."""
    return text.translate(_MARKUP)


def clean(docstring: str) -> str:
    """A docstring with ``Example:`` read as ``Examples:`` and Sphinx roles as markdown."""
    return _ROLE.sub(_role, _EXAMPLE_HEADER.sub(r"\g<indent>Examples:", docstring))


class SeedparseDocstrings(griffe.Extension):
    """Adapt seedparse's docstrings to what mkdocstrings renders well."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Read an ``Example:`` section as ``Examples:``, and Sphinx roles as markdown."""
        if obj.docstring is not None:
            obj.docstring.value = clean(obj.docstring.value)

    def on_attribute_instance(self, *, attr: griffe.Attribute, **kwargs: Any) -> None:
        """Give a Pydantic field without a docstring its ``Field(description=...)``."""
        value = attr.value
        if attr.docstring is not None or not isinstance(value, griffe.ExprCall):
            return
        if str(value.function).rsplit(".", 1)[-1] != "Field":
            return
        for argument in value.arguments:
            if isinstance(argument, griffe.ExprKeyword) and argument.name == "description":
                try:
                    text = ast.literal_eval(str(argument.value))
                except (ValueError, SyntaxError):
                    return
                if isinstance(text, str):
                    attr.docstring = griffe.Docstring(plain(text), parent=attr)
                return

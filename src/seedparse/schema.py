"""JSON Schema (draft 2020-12) of the documents' JSON, generated from the models.

Two modes, as Pydantic has them:

- ``"serialization"`` describes what :func:`seedparse.to_json` writes: every
  key is always present (``required``), computed fields (``display``,
  ``seconds``, ``title``...) included and marked ``readOnly``.
- ``"validation"`` describes what :func:`seedparse.from_json` accepts: keys
  with defaults may be left out, and computed fields are accepted (and
  ignored), so the JSON seedparse writes is valid input too.

Titles come from the model names, descriptions from the docstrings' summaries
and the fields' descriptions. Each schema has a stable ``$id`` that moves only
with :data:`seedparse.SCHEMA_VERSION`. Copies of every schema are committed
under ``schema/`` and shipped in the package (``seedparse/schemas/``);
``make schema`` rewrites both and a test fails when they drift.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from seedparse.channels import ChannelPage
from seedparse.documents import SCHEMA_VERSION, Article, Document, TranscriptNote

__all__ = [
    "SCHEMA_BASE_URI",
    "SCHEMA_DIALECT",
    "SchemaKind",
    "SchemaMode",
    "json_schema",
    "schema_file_name",
    "schema_id",
    "schema_text",
    "write_schemas",
]

SchemaKind = Literal["any", "transcript", "article", "channel"]
"""Which document kind a schema describes; ``"any"`` is the :data:`~seedparse.Document` union."""

SchemaMode = Literal["validation", "serialization"]
"""``"serialization"``: the JSON seedparse writes; ``"validation"``: the JSON it reads."""

#: The JSON Schema dialect of every schema (its ``$schema``).
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Where the schemas' ``$id`` URIs start; the version and file name follow.
SCHEMA_BASE_URI = "https://seedparse.dev/schema/"

_MODELS: dict[str, Any] = {"any": Document, "transcript": TranscriptNote, "article": Article, "channel": ChannelPage}
_ANY_TITLE = "Document"
_ANY_DESCRIPTION = (
    "A seed document: a transcript note, an article or a channel page; its `kind` tells which. "
    "Every node has a `type` and a `span`."
)
#: A Google-style docstring section starts the part of a docstring that is not a description.
_SECTION = re.compile(r"^(?:Example|Examples|Args|Returns|Raises|Attributes|Note|Notes):[ \t]*$", re.MULTILINE)
#: Sphinx roles such as :class:`~seedparse.Span` read as their target's last name.
_LITERAL = re.compile(r"``(?P<code>[^`]+)``")
_ROLE = re.compile(r":[a-z]+:`~?(?:[\w.]+\.)?(?P<name>[^`]+)`")


class _Generator(GenerateJsonSchema):
    """Pydantic's generator with seedparse's choices (see the module docstring)."""

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        if self.mode == "serialization":
            return True  # to_json writes every key, defaults and nulls included
        return super().field_is_required(field, total)

    def model_fields_schema(self, schema: core_schema.ModelFieldsSchema) -> JsonSchemaValue:
        json_schema = super().model_fields_schema(schema)
        computed = schema.get("computed_fields", [])
        if self.mode == "validation" and computed:
            # from_json accepts (and ignores) what to_json writes: optional, read-only.
            extra = self._named_required_fields_schema([(c["property_name"], False, c) for c in computed])
            json_schema.setdefault("properties", {}).update(extra["properties"])
        return json_schema


def _clean(text: str) -> str:
    """A docstring's description part, with reST markup turned into Markdown."""
    text = _SECTION.split(text, maxsplit=1)[0].strip()
    text = _ROLE.sub(lambda match: f"`{match['name']}`", text)
    return _LITERAL.sub(r"`\g<code>`", text)


def _clean_descriptions(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _clean(item) if key == "description" and isinstance(item, str) else _clean_descriptions(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_clean_descriptions(item) for item in value]
    return value


def schema_id(kind: SchemaKind = "any", mode: SchemaMode = "validation") -> str:
    """The stable ``$id`` of a schema: it changes only when the schema version does.

    Example:
        >>> schema_id("transcript", "serialization")
        'https://seedparse.dev/schema/2.0/transcript.serialization.json'
    """
    return f"{SCHEMA_BASE_URI}{SCHEMA_VERSION}/{schema_file_name(kind, mode)}"


def schema_file_name(kind: SchemaKind = "any", mode: SchemaMode = "validation") -> str:
    """The file name of a schema under ``schema/``.

    Example:
        >>> schema_file_name("channel", "validation")
        'channel.validation.json'
    """
    return f"{kind}.{mode}.json"


def json_schema(kind: SchemaKind = "any", mode: SchemaMode = "validation") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one document kind's JSON.

    Args:
        kind: ``"transcript"``, ``"article"``, ``"channel"``, or ``"any"`` for
            the union of the three (discriminated by ``kind``).
        mode: ``"serialization"`` for the JSON :func:`seedparse.to_json`
            writes, ``"validation"`` for the JSON :func:`seedparse.from_json` reads.

    Returns:
        The schema as a JSON-ready dict, with ``$schema`` and ``$id`` first.

    Raises:
        ValueError: ``kind`` or ``mode`` is not one of the values above.

    Example:
        >>> import seedparse
        >>> schema = seedparse.json_schema("transcript", mode="serialization")
        >>> schema["$schema"], schema["title"], "display" in schema["$defs"]["WikiLink"]["properties"]
        ('https://json-schema.org/draft/2020-12/schema', 'TranscriptNote', True)
    """
    if kind not in _MODELS:
        raise ValueError(f"unknown schema kind {kind!r}: expected one of {', '.join(get_args(SchemaKind))}")
    if mode not in get_args(SchemaMode):
        raise ValueError(f"unknown schema mode {mode!r}: expected one of {', '.join(get_args(SchemaMode))}")
    generated_mode: JsonSchemaMode = mode
    generated = TypeAdapter(_MODELS[kind]).json_schema(mode=generated_mode, schema_generator=_Generator)
    if kind == "any":
        generated = {"title": _ANY_TITLE, "description": _ANY_DESCRIPTION, **generated}
    cleaned: dict[str, Any] = _clean_descriptions(generated)
    return {"$schema": SCHEMA_DIALECT, "$id": schema_id(kind, mode), **cleaned}


def schema_text(kind: SchemaKind = "any", mode: SchemaMode = "validation") -> str:
    r"""A schema as the text of its committed file: JSON indented by 2, ending with a newline.

    Example:
        >>> schema_text("article").startswith('{\n  "$schema": ')
        True
    """
    return json.dumps(json_schema(kind, mode), indent=2, ensure_ascii=False) + "\n"


def _all() -> Iterator[tuple[SchemaKind, SchemaMode]]:
    for kind in get_args(SchemaKind):
        for mode in get_args(SchemaMode):
            yield kind, mode


def write_schemas(folder: str | Path) -> list[Path]:
    """Write every kind's schema in both modes into ``folder``; return the files written.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [path.name for path in write_schemas(folder)][:2]
        ['any.validation.json', 'any.serialization.json']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind, mode in _all():
        path = folder / schema_file_name(kind, mode)
        path.write_text(schema_text(kind, mode), encoding="utf-8", newline="\n")
        written.append(path)
    return written

"""JSON and JSON Lines export of documents and diagnostics."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from seedparse.channels import ChannelPage
from seedparse.diagnostics import Diagnostic
from seedparse.documents import SCHEMA_VERSION, Article, Document, TranscriptNote
from seedparse.spans import Span

__all__ = ["DOCUMENT_ADAPTER", "export_record", "from_json", "to_json", "to_jsonl", "without_spans"]

#: Validates and serialises the :data:`~seedparse.Document` union.
DOCUMENT_ADAPTER: TypeAdapter[TranscriptNote | Article | ChannelPage] = TypeAdapter(Document)


def to_json(document: TranscriptNote | Article | ChannelPage, *, indent: int | None = None) -> str:
    """Serialise a document to JSON: deterministic, snake_case keys, a ``type`` on every node.

    Example:
        >>> import seedparse
        >>> note = seedparse.parse_file("seeds/000_9e40aab2472b4316.txt")
        >>> seedparse.from_json(seedparse.to_json(note)) == note
        True
    """
    # Not serialize_as_any=True: a third faster, but its depth guard counts about twice
    # per level and fails on documents the depth limit admits (fuzz/regressions).
    return document.model_dump_json(indent=indent)


def from_json(data: str | bytes, *, max_size: int = 64 * 1024 * 1024) -> TranscriptNote | Article | ChannelPage:
    """Validate a document's JSON (as :func:`to_json` writes it) back into a model.

    A line of ``seedparse export`` is read too: its ``path`` (and, with
    ``--keep-errors``, ``diagnostics``) members are not the document's and are left out.

    Its ``schema_version`` is checked first: JSON of a newer major version than
    :data:`~seedparse.SCHEMA_VERSION` is refused (a newer seedparse wrote it);
    JSON of an older major version is read when it validates as the current
    shape. The document read carries the current version. Every node's span must
    end at or after its start.

    Args:
        data: The JSON text (``str``, or ``bytes`` of UTF-8).
        max_size: The longest JSON read, in bytes of UTF-8 (64 MiB by default: a
            real document's JSON is about three times its size; a document made
            of markup alone, such as ``*_*_...``, up to some 60 times). Validating
            takes some 15 times the JSON's size in memory; raise it to read more.

    Returns:
        The document.

    Raises:
        ValueError: The JSON is over ``max_size``, its ``schema_version`` is not
            ``MAJOR.MINOR`` or has a newer major version, or a span ends before it
            starts; a :class:`pydantic.ValidationError` (a ``ValueError`` too)
            when it is not a document's JSON.

    Example:
        >>> import seedparse
        >>> note = seedparse.parse_file("seeds/000_9e40aab2472b4316.txt")
        >>> seedparse.from_json('{"path":"x.txt",' + seedparse.to_json(note)[1:]) == note
        True
        >>> try:
        ...     seedparse.from_json('{"schema_version": "9.0", "kind": "article"}')
        ... except ValueError as error:
        ...     print(str(error).split(": ")[0])
        the JSON has schema_version '9.0', a newer major version than this seedparse reads (2.x)
    """
    size = len(data)
    if isinstance(data, str) and size * 4 > max_size and size <= max_size:
        size = len(data.encode("utf-8", "surrogatepass"))
    if size > max_size:
        raise ValueError(
            f"the JSON is {size} bytes, over from_json's limit of {max_size} bytes (its max_size argument)"
        )
    try:
        version = _VERSION_ADAPTER.validate_json(data).schema_version
    except ValidationError:  # not JSON, or not an object: the document's validation says so below
        older = False
    else:
        older = _check_version(version)
    if data[:8] in (_EXPORT_LINE, _EXPORT_LINE_BYTES):
        record = json.loads(data)
        record.pop("path", None)
        record.pop("diagnostics", None)
        data = json.dumps(record, ensure_ascii=False)
    try:
        document = DOCUMENT_ADAPTER.validate_json(data)
    except ValidationError as exc:
        if not older:
            raise
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValueError(
            f"the JSON has schema_version {version!r}, an older major version, and does not validate as "
            f"{SCHEMA_VERSION}: {exc.error_count()} error(s), the first at {where}: {first['msg']}"
        ) from exc
    _check_spans(document)
    if document.schema_version != SCHEMA_VERSION:
        document = document.model_copy(update={"schema_version": SCHEMA_VERSION})
    return document


class _Version(BaseModel):
    """Only the ``schema_version`` of a document's JSON (read before the rest)."""

    model_config = ConfigDict(extra="ignore")

    schema_version: str = SCHEMA_VERSION


_VERSION_ADAPTER = TypeAdapter(_Version)
_MAJOR_MINOR = re.compile(r"(\d{1,6})\.(\d{1,6})")
_MAJOR = int(SCHEMA_VERSION.split(".")[0])


def _check_version(version: str) -> bool:
    """Refuse a ``schema_version`` that is not ``MAJOR.MINOR`` or is of a newer major; whether it is older."""
    match = _MAJOR_MINOR.fullmatch(version)
    if match is None:
        raise ValueError(
            f"the JSON has schema_version {version[:40]!r}, not MAJOR.MINOR (this seedparse writes {SCHEMA_VERSION})"
        )
    major = int(match[1])
    if major > _MAJOR:
        raise ValueError(
            f"the JSON has schema_version {version!r}, a newer major version than this seedparse reads "
            f"({_MAJOR}.x): upgrade seedparse to read it"
        )
    return major < _MAJOR


def _check_spans(document: BaseModel) -> None:
    """Refuse a document with a span that ends before it starts (iterative: any depth)."""
    stack: list[object] = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, BaseModel):
            for child in value.__dict__.values():
                if isinstance(child, Span):
                    if (child.end_line, child.end_column) < (child.line, child.column):
                        kind = getattr(value, "type", type(value).__name__)
                        raise ValueError(
                            f"a {kind} node's span ends at {child.end_line}:{child.end_column}, before it starts "
                            f"at {child.line}:{child.column}"
                        )
                elif isinstance(child, (BaseModel, list, tuple)):
                    stack.append(child)
        elif isinstance(value, (list, tuple)):
            stack.extend(child for child in value if isinstance(child, (BaseModel, list, tuple)))


#: How a line of ``seedparse export`` starts.
_EXPORT_LINE = '{"path":'
_EXPORT_LINE_BYTES = _EXPORT_LINE.encode()


def to_jsonl(documents: Iterable[TranscriptNote | Article | ChannelPage]) -> Iterator[str]:
    """Yield one line of JSON per document, each ending with a newline."""
    for document in documents:
        yield to_json(document) + "\n"


def diagnostic_json(diagnostic: Diagnostic, path: str | None = None) -> dict[str, object]:
    """A diagnostic as a JSON-ready dict, with the file's path first."""
    return {"path": path, **diagnostic.model_dump(mode="json")}


#: A ``span`` member of a node, as :func:`~seedparse.to_json` writes it (compact, so no spaces).
#: Inside a JSON string every quote is escaped, so this cannot match text.
_SPAN_FIRST = re.compile(r'"span":(?:null|\{"line":\d+,"column":\d+,"end_line":\d+,"end_column":\d+\}),')
_SPAN_ANY = re.compile(r',?"span":(?:null|\{"line":\d+,"column":\d+,"end_line":\d+,"end_column":\d+\})')


def without_spans(line: str) -> str:
    """A document's compact JSON (as :func:`~seedparse.to_json` writes it) with every node's ``span`` left out.

    Example:
        >>> without_spans('{"span":{"line":1,"column":1,"end_line":1,"end_column":3},"type":"text","text":"hi"}')
        '{"type":"text","text":"hi"}'
    """
    return _SPAN_ANY.sub("", _SPAN_FIRST.sub("", line))


def _diagnostics_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps(
        [diagnostic.model_dump(mode="json") for diagnostic in diagnostics], ensure_ascii=False, separators=(",", ":")
    )


def export_record(
    document: TranscriptNote | Article | ChannelPage | None,
    diagnostics: Sequence[Diagnostic],
    *,
    keep_errors: bool = False,
    spans: bool = True,
) -> str | None:
    r"""The JSON line ``seedparse export`` writes for a file (without its ``path`` and newline), or ``None``.

    A document with an error has no line, unless ``keep_errors``: every line then
    ends with ``"diagnostics"`` (all of them), and a file with no document is
    ``{"kind": null, "diagnostics": [...]}``. With ``spans=False`` no node has a
    ``span`` (see :func:`without_spans`).

    Example:
        >>> import seedparse
        >>> result = seedparse.parse_lenient("# Title only\n")
        >>> export_record(result.document, result.diagnostics) is None
        True
        >>> export_record(None, result.diagnostics, keep_errors=True)[:40]
        '{"kind":null,"diagnostics":[{"code":"SP5'
    """
    errors = any(diagnostic.is_error for diagnostic in diagnostics)
    line: str | None = None
    if document is not None and (keep_errors or not errors):
        line = to_json(document)
        if not spans:
            line = without_spans(line)
    if keep_errors:
        body = line[1:-1] + "," if line is not None and line != "{}" else '"kind":null,'
        line = "{" + body + '"diagnostics":' + _diagnostics_json(diagnostics) + "}"
    return line

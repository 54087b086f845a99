"""JSON and JSON Lines export of documents and diagnostics."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from pydantic import TypeAdapter

from seedparse.channels import ChannelPage
from seedparse.diagnostics import Diagnostic
from seedparse.documents import Article, Document, TranscriptNote

__all__ = ["DOCUMENT_ADAPTER", "from_json", "to_json", "to_jsonl"]

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


def from_json(data: str | bytes) -> TranscriptNote | Article | ChannelPage:
    """Validate a document's JSON (as :func:`to_json` writes it) back into a model.

    A line of ``seedparse export`` is read too: its ``path`` (and, with
    ``--keep-errors``, ``diagnostics``) members are not the document's and are left out.

    Example:
        >>> import seedparse
        >>> note = seedparse.parse_file("seeds/000_9e40aab2472b4316.txt")
        >>> seedparse.from_json('{"path":"x.txt",' + seedparse.to_json(note)[1:]) == note
        True
    """
    if data[:8] in (_EXPORT_LINE, _EXPORT_LINE_BYTES):
        record = json.loads(data)
        record.pop("path", None)
        record.pop("diagnostics", None)
        data = json.dumps(record, ensure_ascii=False)
    return DOCUMENT_ADAPTER.validate_json(data)


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

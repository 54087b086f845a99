"""seedparse: typed, validated models of transcript notes and articles."""

from importlib.metadata import PackageNotFoundError, version

from seedparse.api import (
    Format,
    Limits,
    ParseResult,
    detect_format,
    parse,
    parse_file,
    parse_file_lenient,
    parse_lenient,
)
from seedparse.blocks import (
    Block,
    Callout,
    CodeBlock,
    Heading,
    HtmlBlock,
    List,
    ListItem,
    MathBlock,
    Paragraph,
    Quote,
    RawBlock,
    RelatedArticle,
    Section,
    Table,
    TableCell,
    ThematicBreak,
)
from seedparse.channels import ChannelPage, ChannelVideo
from seedparse.diagnostics import CODES, Diagnostic, ParseError, Severity
from seedparse.documents import (
    SCHEMA_VERSION,
    Article,
    Author,
    Caption,
    Disclaimer,
    Document,
    TimelineEntry,
    TranscriptNote,
)
from seedparse.edit import EditError
from seedparse.export import from_json, to_json, to_jsonl
from seedparse.graph import Corpus
from seedparse.inlines import Code, Emphasis, Html, Image, Inline, LineBreak, Link, Math, Strong, Text
from seedparse.render import render
from seedparse.schema import json_schema
from seedparse.spans import Span
from seedparse.timestamps import Timestamp, TimestampRange
from seedparse.wikilinks import WikiLink

try:
    __version__ = version("seedparse")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "CODES",
    "SCHEMA_VERSION",
    "Article",
    "Author",
    "Block",
    "Callout",
    "Caption",
    "ChannelPage",
    "ChannelVideo",
    "Code",
    "CodeBlock",
    "Corpus",
    "Diagnostic",
    "Disclaimer",
    "Document",
    "EditError",
    "Emphasis",
    "Format",
    "Heading",
    "Html",
    "HtmlBlock",
    "Image",
    "Inline",
    "Limits",
    "LineBreak",
    "Link",
    "List",
    "ListItem",
    "Math",
    "MathBlock",
    "Paragraph",
    "ParseError",
    "ParseResult",
    "Quote",
    "RawBlock",
    "RelatedArticle",
    "Section",
    "Severity",
    "Span",
    "Strong",
    "Table",
    "TableCell",
    "Text",
    "ThematicBreak",
    "TimelineEntry",
    "Timestamp",
    "TimestampRange",
    "TranscriptNote",
    "WikiLink",
    "__version__",
    "detect_format",
    "edit",
    "from_json",
    "json_schema",
    "parse",
    "parse_file",
    "parse_file_lenient",
    "parse_lenient",
    "render",
    "to_json",
    "to_jsonl",
]

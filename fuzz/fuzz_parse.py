"""Fuzz parsing, rendering, the canonical form, ``fix`` and ``from_json`` with atheris (libFuzzer for Python).

The properties, for any bytes decoded as UTF-8 (bad bytes replaced):

- :func:`check_parse`: the text parses without an exception and without SP004
  (the parser's own failure, a bug); when it gives a document,
  ``render(document)`` is the text, byte for byte (seedparse's lossless
  guarantee), and ``from_json(to_json(document))`` is the document;
- :func:`check_canonical`: its canonical form ``c = render(document,
  canonical=True)`` is a fixed point (``render(parse(c), canonical=True) == c``)
  and means what the text means (``parse(c)`` equals ``parse(text)``, spans aside);
- :func:`check_fix`: ``seedparse.fix.fix_text`` keeps the meaning (the fixed text
  parses without errors, to the same timestamp seconds, wiki-links and words) and
  is idempotent (fixing its output changes nothing).

:func:`check` runs all three. Run it (``make fuzz``; ``make fuzz-long`` for thirty minutes)::

    python fuzz/fuzz_parse.py fuzz/corpus seeds tests/data/corpus -max_total_time=60

The first folder collects the inputs that reach new code; the others seed it.
A crash is written as ``crash-<sha1>`` (``make fuzz`` puts it in ``fuzz/``): copy it
into ``fuzz/regressions/`` (named for what it does) and ``tests/test_hostile.py``
runs it through :func:`check` from then on. ``SEEDPARSE_FUZZ_FINDINGS=DIR`` keeps
going past failures and writes them to ``DIR`` (see ``_FINDINGS``; ``make fuzz-long``
does). ``SEEDPARSE_FUZZ_ONLY=parse`` (or
``canonical``, ``fix``) fuzzes one property alone, so that a known failure of one does
not hide the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    import atheris

    # Coverage from seedparse and markdown-it-py only: atheris' bytecode rewriting breaks
    # PyYAML's scanner (``prefix = self.prefix(3)`` raises AttributeError when instrumented).
    with atheris.instrument_imports(include=["seedparse", "markdown_it", "mdit_py_plugins"]):
        import seedparse
        import seedparse.fix
else:
    import seedparse
    import seedparse.fix

__all__ = ["check", "check_canonical", "check_fix", "check_parse", "meaning"]

Document = seedparse.TranscriptNote | seedparse.Article | seedparse.ChannelPage


def meaning(document: Document) -> Any:
    """What a document means: its JSON as data, every ``span`` left out."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key != "span"}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return strip(json.loads(seedparse.to_json(document)))


def _parse(text: str) -> seedparse.ParseResult:
    result = seedparse.parse_lenient(text)
    internal = [d for d in result.diagnostics if d.code == "SP004"]
    assert not internal, internal
    return result


def check_parse(text: str) -> Document | None:
    """Parse ``text``; check the round trips; return the document (``None`` when there is none)."""
    document = _parse(text).document
    if document is None:
        return None
    assert seedparse.render(document) == text, "render(parse(text)) is not the text"
    back = seedparse.from_json(seedparse.to_json(document))
    assert back == document, "from_json(to_json(document)) is not the document"
    return document


def check_canonical(text: str, document: Document) -> None:
    """The canonical form of ``document`` (parsed from ``text``) is a fixed point and keeps its meaning."""
    canonical = seedparse.render(document, canonical=True)
    again = _parse(canonical).document
    assert again is not None, "the canonical form does not parse"
    assert seedparse.render(again, canonical=True) == canonical, "the canonical form is not a fixed point"
    assert meaning(again) == meaning(document), "the canonical form does not mean what the text means"


#: Tags and digits are what a fix rewrites: the words are what is left.
_NOT_WORDS = re.compile(r"<[^<>]*>|\d")
_WORD = re.compile(r"\w+")


def _what_fix_keeps(document: Document) -> tuple[list[int | None], list[str], list[str]]:
    """Each timestamp's seconds, each wiki-link as written, and the words outside tags and digits."""
    seconds = [timestamp.seconds for timestamp in document.timestamps()]
    links = [str(link) for link in document.wikilinks()]
    words = _WORD.findall(_NOT_WORDS.sub(" ", document.source or ""))
    return seconds, links, words


def check_fix(text: str, document: Document) -> None:
    """``fix_text`` keeps every timestamp's seconds, the wiki-links and the words, and is idempotent."""
    fixed = seedparse.fix.fix_text(text)
    assert fixed.changed == (fixed.text != text), "fix_text's fixes do not say whether it changed the text"
    if not fixed.changed:
        return
    result = _parse(fixed.text)
    assert result.document is not None, "the fixed text does not parse"
    assert not result.errors, f"the fixed text has errors: {result.errors}"
    before, after = _what_fix_keeps(document), _what_fix_keeps(result.document)
    for what, old, new in zip(("timestamp seconds", "wiki-links", "words"), before, after, strict=True):
        assert old == new, f"fix changed the {what}"
    again = seedparse.fix.fix_text(fixed.text)
    assert again.text == fixed.text, "fix is not idempotent"


#: The properties :func:`check` runs, by name (``SEEDPARSE_FUZZ_ONLY`` picks one).
PROPERTIES: dict[str, Callable[[str, Document], None]] = {"canonical": check_canonical, "fix": check_fix}


def check(data: bytes, only: str | None = None) -> None:
    r"""Check every property on one input; raise ``AssertionError`` when one fails.

    Example:
        >>> check(b"---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n")
    """
    text = data.decode("utf-8", errors="replace")
    document = check_parse(text)
    if document is None or only == "parse":
        return
    for name, prop in PROPERTIES.items():
        if only is None or only == name:
            prop(text, document)


#: With ``SEEDPARSE_FUZZ_FINDINGS=DIR`` (as ``make fuzz-long`` sets it), a failing input is
#: written to ``DIR`` and the run goes on: the first few inputs of each distinct failure
#: (property, message, or exception and where it was raised) and ``DIR/summary.json``,
#: how often each failed. Without it, the first failure stops the run, as libFuzzer does.
_FINDINGS = os.environ.get("SEEDPARSE_FUZZ_FINDINGS") or None
_SAMPLES = 3
_seen: dict[str, int] = {}


def _signature(exc: BaseException) -> str:
    """What tells one failure from another: an assertion's message, or an exception's type and place."""
    if isinstance(exc, AssertionError):
        first = (str(exc).splitlines() or [""])[0]
        return "assert: " + re.sub(r"\d+", "N", first)[:120]
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"


def _record(data: bytes, exc: BaseException) -> None:
    """Keep ``data`` as a finding of ``exc`` (see ``_FINDINGS``)."""
    assert _FINDINGS is not None
    signature = _signature(exc)
    count = _seen[signature] = _seen.get(signature, 0) + 1
    folder = Path(_FINDINGS)
    folder.mkdir(parents=True, exist_ok=True)
    if count <= _SAMPLES:
        slug = re.sub(r"[^a-z0-9]+", "_", signature.lower()).strip("_")[:60]
        (folder / f"{slug}-{hashlib.sha1(data).hexdigest()[:12]}.txt").write_bytes(data)
    if count & (count - 1) == 0:  # a new failure, or a power of two: the counts as they stand
        (folder / "summary.json").write_text(json.dumps(_seen, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"FINDING #{count}: {signature}", file=sys.stderr, flush=True)


def _test_one_input(data: bytes) -> None:
    try:
        check(data, os.environ.get("SEEDPARSE_FUZZ_ONLY") or None)
    except Exception as exc:  # AssertionError included
        if _FINDINGS is None:
            raise
        _record(data, exc)


def main() -> None:
    """Fuzz :func:`check` with the command line's libFuzzer arguments."""
    import atheris

    atheris.Setup(sys.argv, _test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

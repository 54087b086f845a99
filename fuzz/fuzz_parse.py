"""Fuzz ``parse_lenient`` and ``render`` with atheris (libFuzzer for Python).

The properties, for any bytes:

- decoded as UTF-8 (bad bytes replaced), the text parses without an exception,
  and without SP004 (the parser's own failure, a bug);
- when it gives a document, ``render(document)`` is the text, byte for byte
  (seedparse's lossless guarantee), the document exports to JSON, and its
  canonical form renders too.

Run it (``make fuzz``; ``FUZZ_SECONDS=600 make fuzz`` for ten minutes)::

    python fuzz/fuzz_parse.py fuzz/corpus seeds ../shared/corpus -max_total_time=60

The first folder collects the inputs that reach new code; the others seed it.
A crash is written as ``crash-<sha1>`` in the current folder: copy it into
``fuzz/regressions/`` (named for what it does) and ``tests/test_hostile.py``
runs it through :func:`check` from then on.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    import atheris

    # Coverage from seedparse and markdown-it-py only: atheris' bytecode rewriting breaks
    # PyYAML's scanner (``prefix = self.prefix(3)`` raises AttributeError when instrumented).
    with atheris.instrument_imports(include=["seedparse", "markdown_it", "mdit_py_plugins"]):
        import seedparse
else:
    import seedparse

__all__ = ["check"]


def check(data: bytes) -> None:
    r"""Check every property on one input; raise ``AssertionError`` when one fails.

    Example:
        >>> check(b"---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]]\n")
    """
    text = data.decode("utf-8", errors="replace")
    result = seedparse.parse_lenient(text)
    assert not any(d.code == "SP004" for d in result.diagnostics), result.diagnostics
    document = result.document
    if document is None:
        return
    assert seedparse.render(document) == text, "render(parse(text)) is not the text"
    seedparse.to_json(document)
    seedparse.render(document, canonical=True)


def _test_one_input(data: bytes) -> None:
    check(data)


def main() -> None:
    """Fuzz :func:`check` with the command line's libFuzzer arguments."""
    import atheris

    atheris.Setup(sys.argv, _test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

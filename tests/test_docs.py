"""The documentation is checked here, so that it cannot go stale.

The pages in ``docs/`` follow a few conventions, which each page that uses them
also tells its readers:

- A ``pycon`` block is a doctest. A ``python`` block is run (it shows no output), unless
  it is titled with a ``.py`` file name: then it is a script, written and compiled.
- A ``console`` block's ``$ seedparse ...`` lines are run through the CLI, and the
  lines after a command, up to the next ``$``, must be exactly what it prints. A
  command that is not a plain ``seedparse`` call (``pip``, a pipe, a redirect) is
  not run, so it may show no output.
- A fence whose title is a file name (``title="bad.txt"``) writes that file first,
  for the blocks after it; a ``python`` fence titled with a non-``.py`` file name
  holds a bytes expression: the file's exact bytes.
- A ``markdown`` fence titled ``input`` is an example input, parsed with
  :func:`seedparse.parse_lenient` in the format of its page; one titled
  ``seeds/NAME.txt:LINE`` (or ``:FIRST-LAST``) is an excerpt of that seed: its text
  must occur in those lines, and the whole seed is parsed; one titled
  ``tests/data/corpus/PATH.md:LINE`` is the same for a file of the real corpus. Each
  ``json`` fence after it is titled with a Python expression over ``doc`` (the document)
  and ``result`` (the :class:`~seedparse.ParseResult`); the JSON shown must equal that
  value's JSON.

Every page runs in a scratch folder that holds a copy of ``seeds/``; its blocks
share one namespace, in page order.
"""

from __future__ import annotations

import doctest
import inspect
import json
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic_core
import pytest
import yaml
from click.testing import CliRunner

import seedparse
from seedparse.cli import main
from seedparse.diagnostics import RETIRED
from seedparse.report import diagnostic_line
from tests.conftest import ROOT, SEEDS

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
API_PAGES = sorted((DOCS / "api").glob("*.md"))
CATALOGUE = DOCS / "diagnostics.md"
SPEC_PAGES: dict[str, seedparse.Format] = {"formats/transcript.md": "transcript", "formats/article.md": "article"}

_FENCE_OPEN = re.compile(r"(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)")
_ATTR = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')
_FILE_NAME = re.compile(r"\.?[\w-]+(?:[./][\w-]+)*\.[A-Za-z]\w*")
_SEED_EXCERPT = re.compile(
    r"(?P<path>seeds/[\w.-]+\.txt|tests/data/corpus/[\w.-]+(?:/[\w.-]+)*\.md):(?P<first>\d+)(?:-(?P<last>\d+))?"
)
_EXAMPLE_LABEL = re.compile(r"\*\*Example (?P<number>\d+)\b")
_SHELL_SYNTAX = {"|", ">", ">>", "<", "&&", "||", ";", "2>&1"}


@dataclass(frozen=True)
class Fence:
    """One fenced code block of a page."""

    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    title: str | None
    content: str  # the lines inside, dedented, each ending with a newline
    before: str  # the page's text between the previous fence and this one

    @property
    def where(self) -> str:
        """``docs/page.md:LINE``, for messages."""
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def file_name(self) -> str | None:
        """The file this fence writes, if its title is a file name."""
        title = self.title
        if title is None or self.lang in ("json", "pycon") or not _FILE_NAME.fullmatch(title):
            return None
        return title


def fences(page: Path) -> list[Fence]:
    """Every fenced block of a page, in order."""
    lines = page.read_text(encoding="utf-8").split("\n")
    found: list[Fence] = []
    i = 0
    prose_start = 0
    while i < len(lines):
        match = _FENCE_OPEN.fullmatch(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence, info = len(match["indent"]), match["fence"], match["info"].strip()
        closing = re.compile(rf" {{{indent}}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        end = i + 1
        while end < len(lines) and not closing.fullmatch(lines[end]):
            end += 1
        assert end < len(lines), f"{page}:{i + 1}: fence is never closed"
        body = [line[indent:] if line[:indent].strip() == "" else line for line in lines[i + 1 : end]]
        attrs = {m["key"]: m["value"] for m in _ATTR.finditer(info)}
        found.append(
            Fence(
                page=page,
                line=i + 1,
                lang=info.split()[0] if info and not info.startswith(("{", "title=")) else "",
                title=attrs.get("title"),
                content="".join(line + "\n" for line in body),
                before="\n".join(lines[prose_start:i]),
            )
        )
        i = prose_start = end + 1
    return found


def jsonable(value: object) -> Any:
    """A value as its JSON shows it (models dumped as ``to_json`` dumps them)."""
    return pydantic_core.to_jsonable_python(value)


# -- running a page -------------------------------------------------------------------


@dataclass
class PageRun:
    """The state of one page being run, in its scratch folder."""

    page: Path
    folder: Path
    namespace: dict[str, Any] = field(default_factory=dict)
    example: dict[str, Any] | None = None  # ``doc`` and ``result`` of the last example input
    examples: int = 0
    checked_outputs: int = 0

    def run(self, fence: Fence) -> None:
        """Run or check one fence."""
        if fence.file_name is not None:
            self.write(fence)
            if fence.lang == "python" and fence.file_name.endswith(".py"):
                compile(fence.content, fence.where, "exec")  # a script to run later: it must at least compile
            return
        if fence.lang == "pycon":
            self.doctest(fence)
        elif fence.lang == "python":
            code = compile(fence.content, fence.where, "exec")
            exec(code, self.namespace)
        elif fence.lang == "console":
            self.console(fence)
        elif fence.lang == "markdown" and fence.title is not None:
            self.example_input(fence)
        elif fence.lang == "json" and fence.title is not None:
            self.example_output(fence)

    def write(self, fence: Fence) -> None:
        assert fence.file_name is not None
        target = self.folder / fence.file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        if fence.lang == "python" and not fence.file_name.endswith(".py"):
            data = eval(fence.content, {})
            assert isinstance(data, bytes), f"{fence.where}: a python file fence holds a bytes expression"
            target.write_bytes(data)
        else:
            target.write_bytes(fence.content.encode("utf-8"))

    def doctest(self, fence: Fence) -> None:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(fence.content, self.namespace, fence.where, str(fence.page), fence.line)
        assert test.examples, f"{fence.where}: a pycon block without '>>>'"
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        report: list[str] = []
        runner.run(test, out=report.append, clear_globs=False)
        self.namespace.update(test.globs)
        assert runner.failures == 0, f"{fence.where}: doctest failed\n" + "".join(report)
        self.checked_outputs += 1

    def console(self, fence: Fence) -> None:
        for command, expected in console_commands(fence):
            argv = shlex.split(command, comments=True)
            runnable = argv[:1] == ["seedparse"] and not _SHELL_SYNTAX & set(argv)
            if not runnable:
                assert not expected, f"{fence.where}: output shown for a command the tests cannot run: {command}"
                continue
            result = CliRunner().invoke(main, argv[1:], prog_name="seedparse")
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise AssertionError(f"{fence.where}: {command} raised") from result.exception
            if expected:
                shown = [line.rstrip() for line in result.output.splitlines()]
                assert shown == expected, f"{fence.where}: {command} printed\n{result.output}"
                self.checked_outputs += 1

    def example_input(self, fence: Fence) -> None:
        assert fence.title is not None
        excerpt = _SEED_EXCERPT.fullmatch(fence.title)
        if fence.title == "input":
            fmt = SPEC_PAGES.get(str(self.page.relative_to(DOCS)), "auto")
            result = seedparse.parse_lenient(fence.content, format=fmt)
        elif excerpt is not None:
            path = ROOT / excerpt["path"]
            first = int(excerpt["first"])
            last = int(excerpt["last"] or first)
            lines = path.read_bytes().decode("utf-8").split("\n")[first - 1 : last]
            assert fence.content.rstrip("\n") in "\n".join(lines), f"{fence.where}: the excerpt is not in {fence.title}"
            result = seedparse.parse_file_lenient(path)
        else:
            return
        label = _EXAMPLE_LABEL.search(fence.before)
        assert label is not None, f"{fence.where}: an example input needs an '**Example N**' label before it"
        self.examples += 1
        assert int(label["number"]) == self.examples, f"{fence.where}: examples are numbered 1, 2, 3... in order"
        self.example = {"doc": result.document, "result": result, "seedparse": seedparse}

    def example_output(self, fence: Fence) -> None:
        assert fence.title is not None
        assert self.example is not None, f"{fence.where}: a titled json block needs an example input before it"
        value = eval(fence.title, dict(self.example))
        shown = json.loads(fence.content)
        assert shown == jsonable(value), (
            f"{fence.where}: {fence.title} is\n{json.dumps(jsonable(value), indent=2, ensure_ascii=False)}"
        )
        self.checked_outputs += 1


def console_commands(fence: Fence) -> Iterator[tuple[str, list[str]]]:
    """``(command, output lines)`` for each ``$`` line of a console block."""
    command: str | None = None
    output: list[str] = []
    for line in fence.content.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, output
            command, output = line[2:], []
        else:
            assert command is not None, f"{fence.where}: a console block starts with a '$ ' command"
            output.append(line.rstrip())
    if command is not None:
        yield command, output


def run_page(page: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> PageRun:
    """Run every fence of a page in ``folder`` (which gets a copy of seeds/)."""
    shutil.copytree(SEEDS, folder / "seeds")
    monkeypatch.chdir(folder)
    run = PageRun(page=page, folder=folder)
    for fence in fences(page):
        run.run(fence)
    return run


def page_id(page: Path) -> str:
    return str(page.relative_to(DOCS))


# -- the tests ------------------------------------------------------------------------


def test_the_docs_have_pages() -> None:
    names = {page_id(page) for page in PAGES}
    assert {"index.md", "diagnostics.md", "cli.md", "cookbook.md", *SPEC_PAGES} <= names
    assert API_PAGES


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_examples_run_and_show_what_they_print(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_page(page, tmp_path, monkeypatch)


@pytest.mark.parametrize("name", sorted(SPEC_PAGES))
def test_spec_pages_have_numbered_checked_examples(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = DOCS / name
    run = run_page(page, tmp_path, monkeypatch)
    assert run.examples >= 10
    assert run.checked_outputs >= run.examples
    for fence in fences(page):
        if fence.lang == "markdown" and fence.title is not None and fence.file_name is None:
            following = fences(page)[fences(page).index(fence) + 1]
            assert following.lang == "json", f"{fence.where}: an example input is followed by its JSON"
            assert following.title, f"{fence.where}: the JSON after an example says what it shows in its title"


# -- the diagnostics catalogue ---------------------------------------------------------

_ENTRY_HEADING = re.compile(r"## (?P<code>SP\d{3}): (?P<summary>.+?) \{ #(?P<anchor>SP\d{3}) \}")


@dataclass(frozen=True)
class Entry:
    """One code's entry in the catalogue."""

    code: str
    summary: str
    anchor: str
    text: str
    line: int


def catalogue_entries() -> list[Entry]:
    """The catalogue's entries, in page order."""
    lines = CATALOGUE.read_text(encoding="utf-8").split("\n")
    inside = {
        n for fence in fences(CATALOGUE) for n in range(fence.line - 1, fence.line + fence.content.count("\n") + 1)
    }
    starts = [i for i, line in enumerate(lines) if line.startswith("## ") and i not in inside]
    entries: list[Entry] = []
    for n, start in enumerate(starts):
        match = _ENTRY_HEADING.fullmatch(lines[start])
        assert match is not None, f"{CATALOGUE}:{start + 1}: heading is not '## CODE: summary {{ #CODE }}'"
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        entries.append(Entry(match["code"], match["summary"], match["anchor"], "\n".join(lines[start:end]), start + 1))
    return entries


def entry_fences(entry: Entry) -> list[Fence]:
    """The fences of one entry."""
    return [fence for fence in fences(CATALOGUE) if entry.line < fence.line < entry.line + entry.text.count("\n") + 1]


def test_the_catalogue_has_one_entry_per_code_in_code_order() -> None:
    codes = [entry.code for entry in catalogue_entries()]
    expected = sorted([*seedparse.CODES, *RETIRED])
    assert codes == expected, "one entry per code in seedparse.CODES or RETIRED, in order, and no other"


@pytest.mark.parametrize("code", RETIRED)
def test_a_retired_code_keeps_its_entry_marked_retired(code: str) -> None:
    """A retired code is never reused: its entry stays, says so and why, and shows no input."""
    (entry,) = (entry for entry in catalogue_entries() if entry.code == code)
    assert code not in seedparse.CODES
    assert entry.anchor == code
    assert entry.summary.endswith(" (retired)")
    assert "\n**Retired:** " in entry.text, "the entry says when the code was retired and what reports it now"
    assert "\n**Severity:** " not in entry.text
    assert not [fence for fence in entry_fences(entry) if fence.file_name == "bad.txt" or fence.lang == "console"]


@pytest.mark.parametrize("code", sorted(seedparse.CODES))
def test_catalogue_entry_shows_what_its_input_produces(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (entry,) = (entry for entry in catalogue_entries() if entry.code == code)
    info = seedparse.CODES[code]
    assert entry.anchor == code
    assert entry.summary == info.summary, "the heading repeats the code table's summary"
    assert f"\n**Severity:** {info.severity.value}\n" in entry.text
    assert "\n**Fix:** " in entry.text, "the entry says how to fix the input"
    inputs = [fence for fence in entry_fences(entry) if fence.file_name == "bad.txt"]
    consoles = [fence for fence in entry_fences(entry) if fence.lang == "console"]
    if code in NO_KNOWN_INPUT:
        assert not inputs
        assert not consoles
        assert "bug in seedparse" in entry.text
        return
    assert len(inputs) == 1, "one minimal input, titled bad.txt"
    assert len(consoles) == 1, "one console block with what seedparse prints"
    ((command, shown),) = list(console_commands(consoles[0]))
    assert command.startswith("seedparse validate ")
    if not info.default:  # a code off by default is reported only when selected by its full code
        assert f" --select {code} " in command
    assert command.endswith(" ." if code in FOUND_IN_FOLDERS else " bad.txt")
    assert any(line.startswith("bad.txt:") and f": {code} " in line for line in shown), f"the output shows {code}"
    # Run it: the input really produces the output shown, code and message.
    monkeypatch.chdir(tmp_path)
    run = PageRun(page=CATALOGUE, folder=tmp_path)
    run.run(inputs[0])
    before = run.checked_outputs
    run.run(consoles[0])
    assert run.checked_outputs == before + 1
    # And the library agrees with the command.
    fmt: seedparse.Format = "article" if "--format article" in command else "auto"
    result = seedparse.parse_file_lenient(tmp_path / "bad.txt", format=fmt, skip_other=code in FOUND_IN_FOLDERS)
    # (the console also shows each diagnostic's source line with a caret under it)
    assert [diagnostic_line("bad.txt", d) for d in result.diagnostics] == [
        line for line in shown if line.startswith("bad.txt:")
    ]
    assert all(d.severity is info.severity for d in result.diagnostics if d.code == code)


#: Codes no input is known to produce (the parser's own failures); their entries say so.
NO_KNOWN_INPUT = {"SP004"}
#: Codes only a file found in a folder gets: their entries validate the folder (``seedparse validate .``).
FOUND_IN_FOLDERS = {"SP007"}


# -- the API reference -----------------------------------------------------------------

_API_ENTRY = re.compile(r"^::: seedparse\.(?P<name>\w+)[ \t]*$", re.MULTILINE)


def api_entries() -> dict[str, tuple[Path, str]]:
    """Each ``::: seedparse.NAME`` entry of the API pages: its page and the text up to the next entry."""
    entries: dict[str, tuple[Path, str]] = {}
    for page in API_PAGES:
        text = page.read_text(encoding="utf-8")
        matches = list(_API_ENTRY.finditer(text))
        ends = [following.start() for following in matches[1:]] + ([len(text)] if matches else [])
        for match, end in zip(matches, ends, strict=True):
            name = match["name"]
            assert name not in entries, f"seedparse.{name} has two entries"
            entries[name] = (page, text[match.end() : end])
    return entries


def has_docstring_example(value: object) -> bool:
    """Whether a class or function has a ``>>>`` example in its docstring."""
    if not (inspect.isclass(value) or inspect.isfunction(value)):
        return False
    return ">>>" in (inspect.getdoc(value) or "")


def test_api_entries_name_public_names_only() -> None:
    assert set(api_entries()) <= set(seedparse.__all__)


@pytest.mark.parametrize("name", seedparse.__all__)
def test_every_public_name_has_an_entry_with_an_example(name: str) -> None:
    """An entry on one of the API pages (none is left unfiled), and an example: in the docstring or after the entry."""
    entry = api_entries().get(name)
    assert entry is not None, f"seedparse.{name} has no entry: add '::: seedparse.{name}' to the API page it belongs on"
    on_page = "```pycon\n>>> " in entry[1]
    assert on_page or has_docstring_example(getattr(seedparse, name)), (
        f"seedparse.{name} needs an example: in its docstring, or in a pycon block after its entry"
    )


# -- the CLI reference and the mkdocs hooks ---------------------------------------------


def load_hooks() -> Any:
    """The docs' mkdocs hook module, loaded from its file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("seedparse_docs_hooks", DOCS / "hooks" / "seedparse_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli_options() -> dict[str, set[str]]:
    """Every command of the CLI and its option names (``--format``, ``-o``...)."""
    import click

    assert isinstance(main, click.Group)
    root = click.Context(main, info_name="seedparse")
    commands: dict[str, set[str]] = {"": {opt for param in main.params for opt in param.opts} | {"-h", "--help"}}
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        assert command is not None
        options = (param for param in command.params if isinstance(param, click.Option))
        commands[name] = {opt for param in options for opt in [*param.opts, *param.secondary_opts]}
        commands[name] |= {"-h", "--help"}
    return commands


def test_the_generated_cli_reference_covers_every_command_and_option() -> None:
    reference: str = load_hooks().cli_reference()
    for command, options in cli_options().items():
        assert f"### `seedparse{' ' + command if command else ''}`" in reference
        for option in options:
            assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", reference), f"{command} {option}"


@pytest.mark.parametrize("name", ["cli.md", "cookbook.md", "index.md"])
def test_options_the_pages_mention_exist(name: str) -> None:
    """Every ``seedparse COMMAND --option`` the hand-written pages show exists."""
    options = cli_options()
    known = set().union(*options.values())
    text = (DOCS / name).read_text(encoding="utf-8")
    for match in re.finditer(r"`seedparse (?P<command>[a-z]+)(?P<rest>[^`]*)`", text):
        assert match["command"] in options, f"{name}: no command 'seedparse {match['command']}'"
        for option in re.findall(r"(?<![\w-])--?[a-z][\w-]*", match["rest"]):
            assert option in options[match["command"]], f"{name}: 'seedparse {match['command']}' has no {option}"
    for option in re.findall(r"`(--[a-z][\w-]*)", text):
        assert option in known, f"{name}: no command has {option}"


def test_the_hook_finds_the_public_names_without_an_entry(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    hooks = load_hooks()
    assert hooks.unfiled_names(DOCS / "api") == []
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "page.md").write_text("::: seedparse.parse\n", encoding="utf-8")
    unfiled = hooks.unfiled_names(tmp_path / "api")
    assert "parse" not in unfiled
    assert unfiled == [name for name in seedparse.__all__ if name != "parse"]
    # mkdocs build --strict fails on a warning of a logger under "mkdocs."
    with caplog.at_level("WARNING", logger="mkdocs"):
        hooks.on_config({"nav": None, "docs_dir": str(tmp_path)})
    assert hooks.log.name.startswith("mkdocs.")
    assert [r.getMessage().split()[0] for r in caplog.records] == [f"seedparse.{name}" for name in unfiled]


def test_the_reference_shows_inherited_methods_and_no_bases() -> None:
    options = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (mkdocstrings,) = [plugin["mkdocstrings"] for plugin in options["plugins"] if isinstance(plugin, dict)]
    python = mkdocstrings["handlers"]["python"]["options"]
    assert python["inherited_members"] is True
    assert python["show_bases"] is False
    # The methods the README leads with come from base classes that are not public names.
    assert "timestamps" not in vars(seedparse.TranscriptNote)
    assert "wikilinks" not in vars(seedparse.Article)


def test_the_griffe_extension_reads_examples_and_roles() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("griffe_seedparse", DOCS / "hooks" / "griffe_seedparse.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    docstring = "Raise :class:`~seedparse.ParseError`; see :func:`parse_lenient`.\n\n    Example:\n        >>> 1\n"
    assert module.clean(docstring) == (
        "Raise [`ParseError`][seedparse.ParseError]; see `parse_lenient`.\n\n    Examples:\n        >>> 1\n"
    )
    # A field's description is plain text: its markup characters are shown, not read.
    shown = "&#60;a ...&#62;&#91;&#91;note&#93;&#93;&#60;/a&#62;, &#42;, a&#95;b"
    assert module.plain("<a ...>[[note]]</a>, *, a_b") == shown
    assert module.plain("no markup here") == "no markup here"


def test_the_docs_build_is_strict_and_shows_its_warnings() -> None:
    """mkdocs's --quiet drops warnings before --strict counts them: the build would pass anyway."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (recipe,) = re.findall(r"^docs: .*\n\t(.*)$", makefile, re.MULTILINE)
    assert "mkdocs build --strict" in recipe
    assert "--quiet" not in recipe
    assert " -q" not in recipe


def test_optional_pages_join_the_navigation_when_they_exist(tmp_path: Path) -> None:
    hooks = load_hooks()
    nav = [{"Home": "index.md"}, {"Diagnostics catalogue": "diagnostics.md"}, {"Cookbook": "cookbook.md"}]
    assert hooks.with_optional_pages(nav, tmp_path) == nav
    (tmp_path / "configuration.md").write_text("# Configuration\n", encoding="utf-8")
    assert hooks.with_optional_pages(nav, tmp_path) == [nav[0], {"Configuration": "configuration.md"}, *nav[1:]]
    listed = [*nav, {"Config": "configuration.md"}]
    assert hooks.with_optional_pages(listed, tmp_path) == listed

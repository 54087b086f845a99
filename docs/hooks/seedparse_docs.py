"""MkDocs hooks for the seedparse site (listed under ``hooks:`` in mkdocs.yml).

- ``<!-- cli-reference -->`` in a page becomes the reference of every ``seedparse``
  command, generated from the click commands at build time, so it always matches
  the installed CLI (commands added later appear by themselves).
- Every name in ``seedparse.__all__`` must have a ``::: seedparse.NAME`` entry on one
  of the API pages: the build warns about each one that has none (``--strict``, as
  ``make docs`` builds, turns that into a failure), so no public name goes undocumented
  and none is left on a page of unfiled names.
- Pages written alongside this site (:data:`OPTIONAL_PAGES`) join the navigation
  when they exist, so the strict build neither misses them nor needs them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import click

CLI_MARKER = "<!-- cli-reference -->"
#: ``::: seedparse.NAME`` at the start of a line, as the API pages write their entries.
API_ENTRY = re.compile(r"^::: seedparse\.(?P<name>\w+)\s*$", re.MULTILINE)
#: Help is wrapped as a terminal of this width would show it, whatever builds the site.
HELP_WIDTH = 88
#: Pages other people are writing: ``(title, file)``, put in the navigation before
#: the diagnostics catalogue when the file exists.
OPTIONAL_PAGES = (("Configuration", "configuration.md"),)
#: Under ``mkdocs.``, so that ``mkdocs build --strict`` counts its warnings.
log = logging.getLogger("mkdocs.hooks.seedparse_docs")


def cli_reference() -> str:
    """Markdown for every command of the ``seedparse`` CLI: its help, as ``--help`` prints it."""
    from seedparse.cli import main

    assert isinstance(main, click.Group)
    root = click.Context(main, info_name="seedparse", terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH)
    parts = ["### `seedparse`", "", "```text", main.get_help(root), "```", ""]
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        if command is None or command.hidden:
            continue
        context = click.Context(command, info_name=name, parent=root)
        parts += [f"### `seedparse {name}`", "", "```text", command.get_help(context), "```", ""]
    return "\n".join(parts)


def documented_names(api_dir: Path) -> set[str]:
    """The public names the API pages already have an entry for."""
    names: set[str] = set()
    for page in api_dir.glob("*.md"):
        names.update(match["name"] for match in API_ENTRY.finditer(page.read_text(encoding="utf-8")))
    return names


def unfiled_names(api_dir: Path) -> list[str]:
    """The names of ``seedparse.__all__`` that no API page has an entry for, in ``__all__`` order."""
    import seedparse

    documented = documented_names(api_dir)
    return [name for name in seedparse.__all__ if name not in documented]


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Expand the CLI reference marker in a page's markdown."""
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    return markdown


def with_optional_pages(nav: list[Any], docs_dir: Path) -> list[Any]:
    """The navigation with each of :data:`OPTIONAL_PAGES` that exists and is not in it yet."""
    listed = repr(nav)
    extra = [{title: name} for title, name in OPTIONAL_PAGES if (docs_dir / name).is_file() and name not in listed]
    position = next((i for i, item in enumerate(nav) if item == {"Diagnostics catalogue": "diagnostics.md"}), len(nav))
    return [*nav[:position], *extra, *nav[position:]]


def on_config(config: Any) -> Any:
    """Add the optional pages that exist to the navigation; warn about each public name without an entry."""
    if config["nav"] is not None:
        config["nav"] = with_optional_pages(config["nav"], Path(config["docs_dir"]))
    for name in unfiled_names(Path(config["docs_dir"]) / "api"):
        log.warning(f"seedparse.{name} has no entry: add '::: seedparse.{name}' to the API page it belongs on")
    return config

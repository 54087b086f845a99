r"""The ``[tool.seedparse]`` table of ``pyproject.toml``: the settings every command reads.

The table is found as ruff finds its own: the nearest ``pyproject.toml`` that
has a ``[tool.seedparse]`` table, in the folder of the first path named (a
file's own folder) or a folder above it; failing that, in the current
directory or above it. ``--config PATH`` names the file instead, and
``--isolated`` reads none. Options given on the command line win over the
table's values.

.. code-block:: toml

    [tool.seedparse]
    select = ["SP"]                 # the codes validate reports (prefixes select families)
    ignore = ["SP402"]              # the codes it does not
    exclude = ["drafts/"]           # gitignore-style; replaces the default excludes
    extend-exclude = ["*.tmp.md"]   # added to them
    strict = false                  # warnings fail validate too
    respect-gitignore = true        # leave out what .gitignore ignores
    force-exclude = false           # apply the rules to files named too (pre-commit)

    [tool.seedparse.per-file-ignores]
    "README.md" = ["SP007"]         # codes validate does not report for matching files

    [tool.seedparse.limits]
    max-size = 16777216             # bytes
    max-depth = 100                 # quote and list levels

Patterns in the table are relative to the folder of the file that holds it;
patterns on the command line are relative to the current directory.

Example:
    >>> settings = resolve(["seeds"], isolated=True)
    >>> settings.path is None, settings.config.strict, settings.selection.respect_gitignore
    (True, None, True)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, field_validator

from seedparse.api import Limits
from seedparse.diagnostics import CODES
from seedparse.files import DEFAULT_EXCLUDE, Patterns, Selection

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["CONFIG_FILE", "Config", "ConfigError", "LimitsTable", "Settings", "find_config", "load_config", "resolve"]

#: The file the table is looked for in.
CONFIG_FILE = "pyproject.toml"


class ConfigError(ValueError):
    """A configuration file that cannot be used: its message is one line naming the file and the key.

    Example:
        >>> str(ConfigError("pyproject.toml", "unknown key 'selct'"))
        "pyproject.toml: [tool.seedparse]: unknown key 'selct'"
    """

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        shown = os.fspath(path)
        if os.path.isabs(shown) and _is_below(shown, os.getcwd()):
            shown = os.path.relpath(shown)  # as the user would write it
        super().__init__(f"{shown}: [tool.seedparse]: {problem}")


def _is_below(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _check_codes(value: tuple[str, ...]) -> tuple[str, ...]:
    """Upper-case code prefixes, each of which must select at least one code."""
    prefixes = tuple(code.strip().upper() for code in value)
    for prefix in prefixes:
        if not prefix or not any(code.startswith(prefix) for code in CODES):
            raise ValueError(f"{prefix!r} is not a diagnostic code or a prefix of one (e.g. SP3, SP301)")
    return prefixes


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class LimitsTable(_Table):
    """The ``[tool.seedparse.limits]`` table: the bounds of :class:`~seedparse.Limits`, each optional."""

    max_size: StrictInt | None = Field(default=None, alias="max-size", ge=1, description="Bytes; 16 MiB by default.")
    max_depth: StrictInt | None = Field(default=None, alias="max-depth", ge=1, description="Levels; 100 by default.")


class Config(_Table):
    """The ``[tool.seedparse]`` table; a key left out leaves the command's own default.

    Example:
        >>> Config.model_validate({"ignore": ["sp402"], "extend-exclude": ["drafts/"]}).ignore
        ('SP402',)
    """

    select: tuple[str, ...] | None = Field(default=None, description="The codes validate reports (prefixes).")
    ignore: tuple[str, ...] = Field(default=(), description="The codes validate does not report (prefixes).")
    exclude: tuple[str, ...] | None = Field(
        default=None, description="Gitignore-style patterns a walk leaves out; replaces the default excludes."
    )
    extend_exclude: tuple[str, ...] = Field(
        default=(), alias="extend-exclude", description="Patterns added to the excludes."
    )
    per_file_ignores: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, alias="per-file-ignores", description="Pattern to the codes not reported for its files."
    )
    strict: StrictBool | None = Field(default=None, description="Warnings fail validate too.")
    respect_gitignore: StrictBool = Field(
        default=True, alias="respect-gitignore", description="Leave out what .gitignore files ignore."
    )
    force_exclude: StrictBool = Field(
        default=False, alias="force-exclude", description="Apply the rules to the paths named too (for hooks)."
    )
    limits: LimitsTable = Field(default_factory=LimitsTable, description="The size and depth limits.")

    @field_validator("select", "ignore")
    @classmethod
    def _codes(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if value is None else _check_codes(value)

    @field_validator("per_file_ignores")
    @classmethod
    def _per_file_codes(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {pattern: _check_codes(codes) for pattern, codes in value.items()}


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as exc:
        raise ConfigError(path, f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "invalid TOML: not UTF-8 text") from None


def _table(data: dict[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("seedparse") if isinstance(tool, dict) else None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read the ``[tool.seedparse]`` table of a TOML file (a ``pyproject.toml``, or any file named with ``--config``).

    Raises:
        ConfigError: the file cannot be read, is not TOML, has no such table, or the
            table has an unknown key or a value of the wrong type.

    Example:
        >>> load_config("pyproject.toml")
        Traceback (most recent call last):
        ...
        seedparse.config.ConfigError: pyproject.toml: [tool.seedparse]: the file has no such table
    """
    path = Path(path)
    table = _table(_read(path))
    if table is None:
        raise ConfigError(path, "the file has no such table")
    if not isinstance(table, dict):
        raise ConfigError(path, "not a table")
    try:
        return Config.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(path, _problem(exc)) from None


def _problem(exc: ValidationError) -> str:
    """The first error of a validation, as one line: where in the table, and what is wrong."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.seedparse]`` table in ``start`` (a folder) or above it.

    A ``pyproject.toml`` that does not mention ``seedparse`` is passed over unparsed.

    Example:
        >>> find_config("seeds") is None  # this repository's pyproject.toml has no such table
        True
    """
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_FILE
        try:
            if not path.is_file() or b"seedparse" not in path.read_bytes():
                continue
        except OSError:
            continue
        if _table(_read(path)) is not None:
            return path
    return None


@dataclass(frozen=True)
class Settings:
    """What a command runs with: the table it read (if any), and the walk's selection.

    Attributes:
        path: The file the table came from; ``None`` when none was read.
        config: The table (empty when none was read).
        selection: What folder walks leave out, with the folders named (see
            :meth:`seedparse.files.Selection.for_paths`).
    """

    path: Path | None
    config: Config
    selection: Selection
    _per_file: tuple[tuple[Patterns, tuple[str, ...]], ...] = field(default=(), repr=False)

    @property
    def root(self) -> Path:
        """The folder the table's patterns are relative to (the current directory without a table)."""
        return self.path.parent if self.path is not None else Path.cwd()

    def limits(self, max_size: int | None = None, max_depth: int | None = None) -> Limits:
        """The limits: the arguments given, else the table's, else :class:`~seedparse.Limits`' defaults."""
        defaults = Limits()
        size = max_size or self.config.limits.max_size or defaults.max_size
        depth = max_depth or self.config.limits.max_depth or defaults.max_depth
        return Limits(max_size=size, max_depth=depth)

    def ignored_codes(self, path: str | os.PathLike[str]) -> tuple[str, ...]:
        """The codes ``per-file-ignores`` turns off for ``path`` (relative to :attr:`root`, else as given)."""
        if not self._per_file:
            return ()
        absolute = os.path.abspath(path)
        root = os.fspath(self.root)
        relative = os.path.relpath(absolute, root) if absolute.startswith(root.rstrip(os.sep) + os.sep) else path
        posix = Path(relative).as_posix().lstrip("/")
        return tuple(code for patterns, codes in self._per_file if patterns.matches(posix) for code in codes)


def resolve(
    paths: Sequence[str | os.PathLike[str]],
    *,
    config: str | os.PathLike[str] | None = None,
    isolated: bool = False,
    exclude: Sequence[str] | None = None,
    extend_exclude: Sequence[str] = (),
    respect_gitignore: bool | None = None,
    force_exclude: bool | None = None,
) -> Settings:
    """Find and read the table for ``paths``, and merge the command line's options over it.

    Args:
        paths: The paths the command was given; the first one's folder starts the search.
        config: The file to read instead of searching (``--config``).
        isolated: Read no file at all (``--isolated``).
        exclude: ``--exclude`` patterns (relative to the current directory); they replace
            the table's ``exclude`` and the defaults.
        extend_exclude: ``--extend-exclude`` patterns, added to everything else.
        respect_gitignore: ``--respect-gitignore``/``--no-respect-gitignore``; the table's
            value (true by default) when ``None``.
        force_exclude: ``--force-exclude``/``--no-force-exclude``: the rules apply to the
            paths named too; the table's value (false by default) when ``None``.

    Raises:
        ConfigError: the file found or named cannot be used.
        ValueError: both ``config`` and ``isolated``.
    """
    if isolated and config is not None:
        raise ValueError("--config and --isolated cannot be used together")
    path: Path | None = None
    if config is not None:
        path = Path(config)
    elif not isolated:
        first = Path(paths[0]) if paths else Path.cwd()
        path = find_config(first if first.is_dir() else first.parent) or find_config(Path.cwd())
    table = load_config(path) if path is not None else Config()
    root = os.path.abspath(path.parent) if path is not None else None
    here = os.getcwd()
    if exclude:
        base = Patterns(tuple(exclude), here)
    elif table.exclude is not None:
        base = Patterns(table.exclude, root)
    else:
        base = Patterns(DEFAULT_EXCLUDE)
    sets = [base]
    if table.extend_exclude:
        sets.append(Patterns(table.extend_exclude, root))
    if extend_exclude:
        sets.append(Patterns(tuple(extend_exclude), here))
    gitignore = table.respect_gitignore if respect_gitignore is None else respect_gitignore
    force = table.force_exclude if force_exclude is None else force_exclude
    selection = Selection(exclude=tuple(sets), respect_gitignore=gitignore, force_exclude=force).for_paths(paths)
    per_file = tuple((Patterns((pattern,), root), codes) for pattern, codes in table.per_file_ignores.items())
    return Settings(path=path, config=table, selection=selection, _per_file=per_file)

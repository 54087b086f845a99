"""JSON Schema: committed copies match the models, and every JSON seedparse writes validates.

When a model changes, ``make schema`` rewrites ``schema/`` and the packaged
copies; read the diff before committing it (see docs/versioning.md).
"""

from __future__ import annotations

import copy
import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any, get_args

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

import seedparse
from seedparse.cli import main
from seedparse.schema import SCHEMA_DIALECT, SchemaKind, SchemaMode, json_schema, schema_file_name, schema_text
from tests.conftest import CORPUS_FILES, ROOT, SEED_FILES
from tests.test_channels import PAGE

COMMITTED = ROOT / "schema"
PACKAGED = ROOT / "src" / "seedparse" / "schemas"
KINDS: tuple[SchemaKind, ...] = get_args(SchemaKind)
MODES: tuple[SchemaMode, ...] = get_args(SchemaMode)
ALL = [(kind, mode) for kind in KINDS for mode in MODES]
GOLDEN_FILES = sorted((ROOT / "tests" / "golden").glob("*.json"))
SOURCE_FILES = SEED_FILES + CORPUS_FILES


def _validator(kind: SchemaKind, mode: SchemaMode) -> Draft202012Validator:
    return Draft202012Validator(json_schema(kind, mode), format_checker=Draft202012Validator.FORMAT_CHECKER)


VALIDATORS = {(kind, mode): _validator(kind, mode) for kind, mode in ALL}


def _errors(data: object, kind: SchemaKind, mode: SchemaMode) -> list[str]:
    return [f"{list(error.absolute_path)}: {error.message}" for error in VALIDATORS[kind, mode].iter_errors(data)]


def _check(data: dict[str, Any]) -> None:
    """``data`` is valid against the union's serialization schema and its own kind's validation schema."""
    assert _errors(data, "any", "serialization") == []
    assert _errors(data, data["kind"], "validation") == []


# -- drift ------------------------------------------------------------------------


def test_the_schema_folders_hold_exactly_the_generated_files() -> None:
    expected = sorted(schema_file_name(kind, mode) for kind, mode in ALL)
    assert sorted(p.name for p in COMMITTED.iterdir()) == expected
    assert sorted(p.name for p in PACKAGED.iterdir()) == expected


@pytest.mark.parametrize(("kind", "mode"), ALL, ids=[schema_file_name(k, m) for k, m in ALL])
def test_committed_schemas_match_the_models(kind: SchemaKind, mode: SchemaMode) -> None:
    generated = schema_text(kind, mode)
    name = schema_file_name(kind, mode)
    hint = f"schema/{name} is stale: run `make schema` and read the diff"
    assert (COMMITTED / name).read_bytes().decode("utf-8") == generated, hint
    assert (PACKAGED / name).read_bytes().decode("utf-8") == generated, hint


def test_the_package_ships_the_schemas() -> None:
    shipped = files("seedparse").joinpath("schemas", "transcript.serialization.json")
    assert json.loads(shipped.read_text(encoding="utf-8")) == json_schema("transcript", "serialization")


# -- the schemas themselves ---------------------------------------------------------


@pytest.mark.parametrize(("kind", "mode"), ALL, ids=[schema_file_name(k, m) for k, m in ALL])
def test_schemas_are_draft_2020_12_with_a_stable_id(kind: SchemaKind, mode: SchemaMode) -> None:
    schema = json_schema(kind, mode)
    Draft202012Validator.check_schema(schema)
    assert list(schema)[:2] == ["$schema", "$id"]
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["$id"] == f"https://seedparse.dev/schema/{seedparse.SCHEMA_VERSION}/{kind}.{mode}.json"
    assert json_schema(kind, mode) == schema  # generated the same way every time


def test_ids_are_distinct() -> None:
    assert len({json_schema(kind, mode)["$id"] for kind, mode in ALL}) == len(ALL)


def _models(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    models = {name: value for name, value in schema["$defs"].items() if value.get("type") == "object"}
    if "properties" in schema:
        models[schema["title"]] = schema
    return models


@pytest.mark.parametrize("mode", MODES)
def test_titles_and_descriptions_come_from_docstrings_and_fields(mode: SchemaMode) -> None:
    schema = json_schema("any", mode)
    assert schema["title"] == "Document"
    models = _models(schema)
    assert {"TranscriptNote", "Article", "ChannelPage", "ChannelVideo", "WikiLink", "Span", "Section"} <= set(models)
    for name, model in models.items():
        assert model["title"] == name
        description = model["description"]
        assert description, name
        assert ">>>" not in description, name  # the docstring's example is left out
        assert "Example:" not in description, name
        assert not re.search(r"``[^`]+``", description), name  # reST literals become Markdown ones
        for field, value in model["properties"].items():
            if field not in ("type", "kind"):
                assert value.get("description"), f"{name}.{field}"
    assert models["ChannelPage"]["description"].startswith(
        "A channel page: front matter with the channel's slug, then its videos and their notes.\n\n"
    )
    assert models["ChannelVideo"]["properties"]["title"]["description"] == (
        "The heading link's text as plain text; it may contain '|'."
    )


def test_computed_fields_are_in_the_serialization_schema_and_required() -> None:
    serialization = json_schema("any", "serialization")["$defs"]
    validation = json_schema("any", "validation")["$defs"]
    for model, field in [("WikiLink", "display"), ("Timestamp", "seconds"), ("Section", "title")]:
        assert serialization[model]["properties"][field]["readOnly"] is True
        assert field in serialization[model]["required"]
        # from_json accepts what to_json writes: the field is allowed, not required.
        assert validation[model]["properties"][field]["readOnly"] is True
        assert field not in validation[model].get("required", [])
    # to_json writes every key: the serialization schema requires them all.
    for name, model in serialization.items():
        if model.get("type") == "object" and name != "JsonValue":
            assert sorted(model["required"]) == sorted(model["properties"]), name


# -- the JSON seedparse writes validates ----------------------------------------------


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: p.name)
def test_golden_files_validate(path: Path) -> None:
    _check(json.loads(path.read_text(encoding="utf-8")))


def test_golden_files_exist() -> None:
    assert len(GOLDEN_FILES) >= 2


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda p: p.name)
def test_the_json_of_every_seed_and_corpus_file_validates(path: Path) -> None:
    # One schema per file keeps this fast: a big note takes 0.2 s.
    data = json.loads(seedparse.to_json(seedparse.parse_file(path)))
    assert _errors(data, "any", "serialization") == []


def test_a_channel_page_validates() -> None:
    _check(json.loads(seedparse.to_json(seedparse.parse(PAGE))))


def test_a_document_built_in_code_validates() -> None:
    note = seedparse.TranscriptNote(title="T", channel=seedparse.WikiLink(target="c"))
    _check(json.loads(seedparse.to_json(note)))


# -- and what is not seedparse's JSON does not ----------------------------------------


SMALL = "---\ntitle: T\nvideoId: KL4O_d7AlvQ\n---\n\nFrom: [[chan]] <br/>\n\nSee [[a_note | a note]].\n"


def _small() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(seedparse.to_json(seedparse.parse(SMALL)))
    return data


def _mutated(change: str) -> dict[str, Any]:
    data = copy.deepcopy(_small())
    assert _errors(data, "any", "serialization") == []
    link = data["intro"][0]["children"][1]
    assert link["type"] == "wikilink"
    if change == "unknown kind":
        data["kind"] = "poem"
    elif change == "extra key":
        data["extra"] = 1
    elif change == "zero line":
        data["span"]["line"] = 0
    elif change == "unknown node type":
        link["type"] = "hyperlink"
    elif change == "target not a string":
        link["target"] = 3
    elif change == "no target":
        del link["target"]
    return data


@pytest.mark.parametrize(
    "change", ["unknown kind", "extra key", "zero line", "unknown node type", "target not a string", "no target"]
)
@pytest.mark.parametrize("mode", MODES)
def test_broken_documents_are_rejected(change: str, mode: SchemaMode) -> None:
    data = _mutated(change)
    assert not VALIDATORS["any", mode].is_valid(data)
    with pytest.raises(ValidationError):
        VALIDATORS["transcript", mode].validate(data)


def test_a_missing_computed_field_is_rejected_only_by_the_serialization_schema() -> None:
    data = _small()
    del data["intro"][0]["children"][1]["display"]
    assert _errors(data, "transcript", "serialization")
    assert _errors(data, "transcript", "validation") == []
    assert seedparse.from_json(json.dumps(data)) == seedparse.parse(SMALL)


def test_an_article_is_not_a_transcript() -> None:
    article = json.loads(
        seedparse.to_json(seedparse.parse("# T\n\nJanuary 02, 2024\n\nBody.\n\nOriginal url: <https://x.org/a>\n"))
    )
    assert article["kind"] == "article"
    assert not VALIDATORS["transcript", "serialization"].is_valid(article)
    assert _errors(article, "any", "serialization") == []


def test_json_schema_rejects_unknown_arguments() -> None:
    with pytest.raises(ValueError, match="unknown schema kind 'poem'"):
        json_schema("poem", "validation")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown schema mode 'both'"):
        json_schema("any", "both")  # type: ignore[arg-type]


# -- the command ------------------------------------------------------------------------


def test_schema_command_prints_the_committed_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "--kind", "channel", "--mode", "serialization"])
    assert result.exit_code == 0
    assert result.stdout == (COMMITTED / "channel.serialization.json").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["schema"])
    assert result.stdout == (COMMITTED / "any.validation.json").read_text(encoding="utf-8")


def test_schema_command_writes_every_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--write", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [str(tmp_path / "out" / schema_file_name(k, m)) for k, m in ALL]
    for kind, mode in ALL:
        written = (tmp_path / "out" / schema_file_name(kind, mode)).read_text(encoding="utf-8")
        assert written == (COMMITTED / schema_file_name(kind, mode)).read_text(encoding="utf-8")


def test_schema_command_refuses_an_unknown_kind() -> None:
    result = CliRunner().invoke(main, ["schema", "--kind", "poem"])
    assert result.exit_code == 2

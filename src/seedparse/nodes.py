"""The base class every document node derives from."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from seedparse.spans import Span

__all__ = ["Node"]


class Node(BaseModel):
    """A frozen, strictly validated model with a source span.

    Computed fields (``seconds``, ``display``, ``title``...) appear in a node's
    JSON for the convenience of other languages; validating that JSON back
    ignores them, so ``Model.model_validate_json(to_json(node)) == node``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    span: Span | None = Field(
        default=None,
        description="Where the node came from in the source; null for nodes built in code.",
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        computed = cls.__pydantic_computed_fields__
        if computed and isinstance(data, dict) and any(key in data for key in computed):
            return {key: value for key, value in data.items() if key not in computed}
        return data

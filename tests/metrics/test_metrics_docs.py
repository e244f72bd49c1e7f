"""docs/metrics.md documents every metric of the catalogue, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from vendorlock.metrics import METRICS

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
HEADING = re.compile(r"^### `([a-z_]+)`$", re.MULTILINE)


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = HEADING.split(text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_metric_is_documented_and_every_documented_metric_exists() -> None:
    assert set(_sections()) == set(METRICS)


def test_each_metric_section_gives_definition_unit_unknown_and_example() -> None:
    for metric, body in _sections().items():
        for label in ("**Definition:**", "**Unit, range:**", "**Unknown:**", "**Example:**"):
            assert label in body, f"{metric}: missing {label}"

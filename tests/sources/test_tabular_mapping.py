"""docs/connectors.md's example: a tabular source is one YAML mapping and one fixture."""

from __future__ import annotations

from pathlib import Path

from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.readers.mapping import load_mapping
from vendorlock.registry import Registries

TABULAR = Path(__file__).resolve().parents[1] / "assets" / "sources" / "tabular"


def test_the_documented_mapping_reads_the_export(registries: Registries) -> None:
    mapping = load_mapping(TABULAR / "ocs-softwares.mapping.yaml")
    result = load_inventory(
        [TABULAR / "ocs-softwares.csv"], registries, LoadOptions(mapping=mapping)
    )
    assert not result.errors()
    apps = result.portfolio.applications.set_index("name")
    assert sorted(apps.index) == [
        "Ciril Finances",
        "Mozilla Thunderbird",
        "QGIS Desktop",
        "e.magnus Gestion financière",
    ]
    assert apps.loc["e.magnus Gestion financière", "editor_id"] == "berger-levrault"
    assert apps.loc["Ciril Finances", "editor_id"] == "ciril-group"
    assert apps.loc["QGIS Desktop", "version"] == "3.34.4"


def test_the_docs_show_the_files_as_they_are() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "connectors.md").read_text("utf-8")
    mapping = (TABULAR / "ocs-softwares.mapping.yaml").read_text("utf-8")
    for line in mapping.splitlines():
        assert line.split("#")[0].rstrip() in docs
    first = (TABULAR / "ocs-softwares.csv").read_text("utf-8").splitlines()[:2]
    for line in first:
        assert line in docs

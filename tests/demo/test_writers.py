"""Writing the generated inventory: reproducible bytes, readable files, French CSV conventions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from vendorlock.demo.generate import DemoOptions, generate_tables
from vendorlock.demo.labels import labels_for
from vendorlock.demo.market import DemoError
from vendorlock.demo.writers import OutputFormat, output_paths, write_demo
from vendorlock.model.schema import Table

SMALL = DemoOptions(members=3, seed=3, apps_per_member=25)


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=[f.value for f in OutputFormat])
def test_two_runs_write_identical_bytes(tmp_path: Path, fmt: OutputFormat) -> None:
    first = write_demo(tmp_path / "a", SMALL, fmt)
    second = write_demo(tmp_path / "b", SMALL, fmt)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_every_output_format_is_handled(tmp_path: Path) -> None:
    for fmt in OutputFormat:
        assert output_paths(tmp_path, fmt)


def test_parquet_reads_back_with_canonical_names_and_types(tmp_path: Path) -> None:
    tables = generate_tables(SMALL)
    paths = write_demo(tmp_path, SMALL, OutputFormat.PARQUET)
    assert [p.name for p in paths] == [
        "organisations.parquet",
        "editeurs.parquet",
        "applications.parquet",
        "contrats.parquet",
        "flux.parquet",
    ]
    for table, path in zip(Table, paths, strict=True):
        data = pq.read_table(path)
        assert data.num_rows == len(tables[table])
        assert data.column_names == list(tables[table].columns)
    contracts = pq.read_table(paths[3])
    assert str(contracts.schema.field("end_date").type) == "date32[day]"
    assert str(contracts.schema.field("reversibility_clause").type) == "bool"


def test_csv_follows_french_conventions_and_reads_back(tmp_path: Path) -> None:
    tables = generate_tables(SMALL)
    paths = write_demo(tmp_path, SMALL, OutputFormat.CSV)
    contracts = paths[3]
    raw = contracts.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.split(";")[0] == '"Identifiant contrat"'
    assert "Date de fin" in header
    data = pacsv.read_csv(
        contracts,
        parse_options=pacsv.ParseOptions(delimiter=";"),
        convert_options=pacsv.ConvertOptions(column_types={}, strings_can_be_null=True),
    )
    assert data.num_rows == len(tables[Table.CONTRACTS])
    assert data.column_names == list(labels_for(Table.CONTRACTS).headers)
    end = data.column("Date de fin").to_pylist()
    assert all(len(v) == 10 and v[2] == "/" and v[5] == "/" for v in end)
    assert set(data.column("Clause de réversibilité").to_pylist()) == {"Oui", "Non"}
    apps = pacsv.read_csv(paths[2], parse_options=pacsv.ParseOptions(delimiter=";"))
    volume = [str(v) for v in apps.column("Volume de données (Go)").to_pylist()]
    assert any("," in v for v in volume)  # decimal commas


def test_workbook_has_one_french_sheet_per_table(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (path,) = write_demo(tmp_path, SMALL, OutputFormat.XLSX)
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["Organisations", "Éditeurs", "Applications", "Contrats", "Flux"]
    first = next(wb["Flux"].iter_rows(max_row=1, values_only=True))
    assert list(first) == list(labels_for(Table.FLOWS).headers)
    props = zipfile.ZipFile(path).read("docProps/core.xml")
    assert b"2026-01-01T00:00:00Z" in props


def test_ods_workbook_has_the_same_sheets(tmp_path: Path) -> None:
    (path,) = write_demo(tmp_path, SMALL, OutputFormat.ODS)
    archive = zipfile.ZipFile(path)
    assert archive.namelist()[0] == "mimetype"
    content = archive.read("content.xml").decode()
    for name in ("Organisations", "Éditeurs", "Applications", "Contrats", "Flux"):
        assert f'table:name="{name}"' in content


def test_existing_files_are_not_overwritten_without_force(tmp_path: Path) -> None:
    write_demo(tmp_path, SMALL, OutputFormat.CSV)
    with pytest.raises(DemoError, match="already exists; pass --force") as info:
        write_demo(tmp_path, SMALL, OutputFormat.CSV)
    assert info.value.key == "demo.error.exists"
    assert write_demo(tmp_path, SMALL, OutputFormat.CSV, force=True)
    assert not list(tmp_path.glob(".*.tmp"))


def test_too_many_rows_for_a_spreadsheet_is_refused_before_any_work(tmp_path: Path) -> None:
    big = DemoOptions(members=40_000)
    with pytest.raises(DemoError, match="do not fit in a spreadsheet sheet") as info:
        write_demo(tmp_path, big, OutputFormat.XLSX)
    assert info.value.key == "demo.error.sheet_rows"
    assert not list(tmp_path.iterdir())


def test_progress_is_reported_per_chunk(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_demo(tmp_path, SMALL, OutputFormat.PARQUET, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)

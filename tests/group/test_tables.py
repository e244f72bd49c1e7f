"""The group views' tables built from the scoring stages equal those of the audit document,
and whichever engine or partitioning scores the members, the tables and reports are the same."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from vendorlock.audit import AuditOptions, audit_portfolio
from vendorlock.cli import main
from vendorlock.demo import DemoOptions, generate, generate_tables
from vendorlock.group.aggregate import AggregateOptions, aggregate_view
from vendorlock.group.members import STRUCTURE_KIND
from vendorlock.group.pool import PoolOptions, pool_view
from vendorlock.group.scale import score_members
from vendorlock.group.tables import GroupTables, py_round, score_tables
from vendorlock.i18n import Lang
from vendorlock.model.portfolio import Portfolio, conform
from vendorlock.registry import Registries, load_registries
from vendorlock.scoring import load_pack

AS_OF = date(2026, 1, 1)


@pytest.fixture(scope="module")
def demo() -> Portfolio:
    tables = generate_tables(DemoOptions(members=9, seed=4, apps_per_member=25))
    return Portfolio(**{t.value: conform(t, df) for t, df in tables.items()})


@pytest.fixture(scope="module")
def reg() -> Registries:
    return load_registries()


def _members(p: Portfolio) -> list[str]:
    orgs = p.organisations
    return sorted(orgs.loc[orgs["kind"] != STRUCTURE_KIND, "org_id"].astype(str))


def _assert_same(a: GroupTables, b: GroupTables) -> None:
    assert a.as_of == b.as_of
    pd.testing.assert_frame_equal(a.applications, b.applications)
    pd.testing.assert_frame_equal(a.organisations, b.organisations)
    pd.testing.assert_frame_equal(a.flows, b.flows)


def _views(tables: GroupTables | dict, members: list[str], reg: Registries) -> str:  # type: ignore[type-arg]
    agg = aggregate_view(tables, members, AggregateOptions(min_group=2))
    pool = pool_view(tables, members, reg, PoolOptions(window_months=24, min_members=2))
    return json.dumps([agg, pool], sort_keys=True, ensure_ascii=False)


def test_score_tables_are_the_audit_documents_tables(demo: Portfolio, reg: Registries) -> None:
    pack = load_pack(())
    doc = audit_portfolio(demo, reg, pack, AuditOptions(as_of=AS_OF, lang=Lang.FR))
    fast = score_tables(demo, reg, pack, AS_OF)
    _assert_same(fast, GroupTables.from_document(doc))
    members = _members(demo)
    view = _views(fast, members, reg)
    assert view == _views(doc, members, reg)
    apps = fast.applications
    assert set(apps["org_id"]) >= set(members)
    assert apps["app_id"].is_unique and apps["app_id"].is_monotonic_increasing
    assert (apps["score"].isna() == (apps["level"] == "insufficient_data")).all()


def test_rounding_is_pythons_round() -> None:
    values = [2.675, 0.125, 1.005, 123456.785, -2.5, float("nan"), float("inf"), 1e300]
    got = py_round(values, 2)
    for v, g in zip(values, got, strict=True):
        expected = round(v, 2) if v == v and abs(v) != float("inf") else None
        assert (g != g and expected is None) or g == expected


def test_rounding_matches_round_next_to_halves_and_for_large_amounts() -> None:
    # halves at 2, 4 and 6 digits and their neighbouring floats, amounts up to billions (at 6
    # digits, a million euros scales past 1e12, where a float keeps only 4 fractional bits)
    rng = np.random.default_rng(11)
    for digits in (2, 4, 6):
        halves = (rng.integers(-(10**9), 10**9, 2_000) + 0.5) / 10**digits
        values = np.concatenate(
            [
                halves,
                np.nextafter(halves, np.inf),
                np.nextafter(halves, -np.inf),
                rng.random(2_000) * 10.0 ** rng.integers(-3, 16, 2_000),
                [4503599627370497.5, 2.0**53 + 2, -0.004, 0.0],
            ]
        )
        got = py_round(values, digits)
        expected = np.array([round(float(v), digits) for v in values])
        assert np.array_equal(got, expected)
        assert np.array_equal(np.signbit(got), np.signbit(expected))  # -0.0 stays -0.0


def test_engines_and_partitions_give_the_same_tables(demo: Portfolio, reg: Registries) -> None:
    from distributed import LocalCluster

    serial = score_members(demo, (), AS_OF, engine="serial")
    processes = score_members(demo, (), AS_OF, engine="processes", workers=2)
    _assert_same(processes, serial)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        dask = score_members(demo, (), AS_OF, engine="dask", scheduler=cluster.scheduler_address)
    _assert_same(dask, serial)
    members = _members(demo)
    view = _views(serial, members, reg)
    assert _views(processes, members, reg) == view
    # pooled tenders cross partitions: members of both halves in one opportunity
    pool = pool_view(processes, members, reg, PoolOptions(window_months=24, min_members=2))
    halves = [set(members[0::2]), set(members[1::2])]
    assert any(
        {m["org_id"] for m in o["members"]} & halves[0]
        and {m["org_id"] for m in o["members"]} & halves[1]
        for o in pool["opportunities"]
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture(scope="module")
def member_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("members")
    generate(folder, DemoOptions(members=6, seed=2, apps_per_member=15))
    return folder


@pytest.mark.parametrize("command", ["aggregate", "pool"])
def test_cli_engines_write_identical_reports(
    command: str, member_files: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    extra = ["--no-member-reports"] if command == "aggregate" else ["--min-members", "2"]
    digests = []
    for engine in (["--engine", "serial"], ["--engine", "processes", "--workers", "2"]):
        out = tmp_path / engine[1]
        result = runner.invoke(
            main,
            [command, str(member_files), "-o", str(out), "--as-of", "2026-01-01", *extra, *engine],
        )
        assert result.exit_code == 0, result.output
        digests.append(_digest(out))
    assert digests[0] == digests[1]
    assert {Path(n).suffix for n in digests[0]} == {".json", ".md", ".html", ".xlsx", ".ods"}


def test_cli_dask_without_scheduler_is_one_clear_line(member_files: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["pool", str(member_files), "--engine", "dask", "--lang", "fr", "-o", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert "--scheduler" in result.output and "Traceback" not in result.output


def _parts(folder: Path, table: str) -> list[pd.DataFrame]:
    return [pd.read_parquet(p) for p in sorted((folder / table).glob("part-*.parquet"))]


def test_national_tables_stream_by_bounded_partitions(demo: Portfolio, tmp_path: Path) -> None:
    from vendorlock.group.national import org_ranges, stream_tables

    whole = score_members(demo, (), AS_OF)
    orgs = demo.org_ids()
    runs = {}
    for engine, workers in (("serial", None), ("processes", 2)):
        out = tmp_path / engine
        summary = stream_tables(
            org_ranges(demo, size=4), (), AS_OF, out, engine=engine, workers=workers
        )
        assert summary.partitions == -(-len(orgs) // 4)
        assert summary.applications == len(whole.applications)
        runs[engine] = _digest_tree(out)
    assert runs["serial"] == runs["processes"]  # same bytes on both engines
    out = tmp_path / "serial"
    org_parts = _parts(out, "organisations")
    # partitions are consecutive ranges of at most 4 sorted organisation ids
    assert [len(p) for p in org_parts][:-1] == [4] * (len(org_parts) - 1)
    assert [i for p in org_parts for i in p["org_id"]] == orgs
    for name in ("applications", "organisations", "flows"):
        keys = {"applications": ["app_id"], "organisations": ["org_id"]}.get(
            name, ["flow_id", "org_id"]
        )
        joined = pd.concat(_parts(out, name), ignore_index=True)
        joined = joined.sort_values(keys, kind="stable").reset_index(drop=True)
        expected = getattr(whole, name)
        pd.testing.assert_frame_equal(joined, expected, check_dtype=False)
    # a second, smaller run leaves no stale partition behind
    smaller = stream_tables(org_ranges(demo, size=100), (), AS_OF, out)
    assert smaller.partitions == 1
    assert len(list((out / "applications").glob("*.parquet"))) == 1


def _digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.parquet"))
    }


def test_cli_tables_only(member_files: Path, tmp_path: Path) -> None:
    out = tmp_path / "national"
    result = CliRunner().invoke(
        main,
        ["aggregate", str(member_files), "-o", str(out), "--tables", "--as-of", "2026-01-01"],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["tables"]  # no report without --format
    apps = pd.read_parquet(out / "tables" / "applications")
    orgs = pd.read_parquet(out / "tables" / "organisations")
    assert (orgs["kind"] != STRUCTURE_KIND).sum() == 6
    assert len(apps) >= 6 * 15 and apps["app_id"].is_unique
    assert apps["score"].dropna().between(0, 100).all()
    assert (apps["score"].isna() == (apps["level"] == "insufficient_data")).all()
    assert "Parquet" in result.output


def test_a_real_scheduler_and_two_workers_give_the_same_bytes(
    member_files: Path, tmp_path: Path
) -> None:
    """`aggregate` and `pool` on `dask scheduler` + two `dask worker` processes (127.0.0.1)."""
    from tests.dask_cluster import real_cluster

    runner = CliRunner()
    common = [str(member_files), "--as-of", "2026-01-01"]
    runs: dict[str, dict[str, str]] = {}
    with real_cluster() as address:
        for engine in (["--engine", "serial"], ["--engine", "dask", "--scheduler", address]):
            for command, extra in (("aggregate", ["--no-member-reports"]), ("pool", [])):
                out = tmp_path / engine[1] / command
                result = runner.invoke(main, [command, *common, "-o", str(out), *extra, *engine])
                assert result.exit_code == 0, result.output
                runs[f"{engine[1]}/{command}"] = _digest(out)
    assert runs["dask/aggregate"] == runs["serial/aggregate"]
    assert runs["dask/pool"] == runs["serial/pool"]

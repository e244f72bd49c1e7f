"""The five commands end to end on a tiny multi-member inventory (workbooks in tmp_path)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.group.workbooks import member_book
from vendorlock.cli import main
from vendorlock.registry import unverified_overlay

pytest.importorskip("vendorlock.audit", reason="the audit stage is not in the tree yet")

HOSTILE = "<script>alert(1)</script>"

#: XéMéLios's PES V2 support is only in the opt-in overlay: these runs load it explicitly.
OVERLAY = str(unverified_overlay())


@pytest.fixture(scope="module")
def members(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("members")
    member_book(folder / "a.xlsx", "21000001", f"Commune A {HOSTILE}", end="2027-12-31")
    member_book(
        folder / "b.xlsx",
        "21000002",
        "Commune B",
        end="2028-03-31",
        app_prefix="b-",
        population=12000,
        cost=30000,
    )
    member_book(
        folder / "c.xlsx",
        "21000003",
        "Commune C",
        end="2028-06-30",
        app_prefix="c-",
        population=800,
        cost=4000,
    )
    (folder / "d.xlsx").write_bytes(b"not a workbook")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--help"] if not args else list(args))
    return result.exit_code, result.stdout, result.stderr


def test_aggregate(members: Path, tmp_path: Path) -> None:
    code, out, err = _run(
        "aggregate", str(members), "-o", str(tmp_path), "--as-of", "2026-01-01", "--lang", "en"
    )
    assert code == 0, err
    assert "3 members" in out
    assert "d.xlsx" in err and "member file left out" in err
    view = json.loads((tmp_path / "aggregate.json").read_text(encoding="utf-8"))
    assert view["editors"][0]["id"] == "berger-levrault"
    assert view["editors"][0]["members"] == 3
    assert [x["code"] for x in view["left_out"]] == ["group_member_file_failed"]
    html = (tmp_path / "aggregate.html").read_text(encoding="utf-8")
    assert HOSTILE not in html and "<svg" in html
    for name in ("aggregate.md", "aggregate.xlsx", "aggregate.ods"):
        assert (tmp_path / name).stat().st_size > 0
    assert (tmp_path / "members" / "21000001" / "audit.html").exists()


def test_pool(members: Path, tmp_path: Path) -> None:
    code, out, err = _run("pool", str(members), "--as-of", "2026-01-01", "-o", str(tmp_path))
    assert code == 0, err
    view = json.loads((tmp_path / "pool.json").read_text(encoding="utf-8"))
    opp = view["opportunities"][0]
    assert opp["domain"] == "finances" and opp["member_count"] == 3
    assert "pes_v2" in {s["id"] for s in opp["requirements"]["standards"]}
    # the terminal names the standard, never its id
    assert "PES V2 - Protocole d'Échange Standard d'Hélios v2" in out and "pes_v2" not in out
    assert out.startswith("1 opportunity among 3 members")


def test_compare_with_alias_and_unknown_domain(members: Path) -> None:
    code, out, _ = _run("compare", "--domain", "Finances", str(members), "--as-of", "2026-01-01")
    assert code == 0
    assert "Berger-Levrault" in out
    code, _, err = _run("compare", "--domain", "compta", str(members))
    assert code == 1
    assert "--domain 'compta': unknown domain; known domains:" in err


def test_compare_without_input_compares_the_bundled_demo(tmp_path: Path) -> None:
    """As simulate does, compare without INPUT reads the bundled demo (it refused: « Missing
    argument 'INPUTS...' »), the same as naming the demo's workbook."""
    from vendorlock.demo import bundled_demo_path

    args = ("compare", "--domain", "finances", "--as-of", "2026-06-01", "--lang", "en")
    code, out, err = _run(*args, "-o", str(tmp_path / "none"))
    assert code == 0, err
    assert "3 editors serve this domain among 12 members" in out
    code, named, err = _run(*args, str(bundled_demo_path()), "-o", str(tmp_path / "named"))
    assert code == 0, err
    assert out.replace("/none/", "/named/") == named
    for name in ("compare.json", "compare.md"):
        assert (tmp_path / "none" / name).read_bytes() == (tmp_path / "named" / name).read_bytes()


@pytest.mark.parametrize("command", ["aggregate", "pool"])
def test_a_group_command_without_input_reads_the_bundled_demo(tmp_path: Path, command: str) -> None:
    """aggregate and pool without INPUT read the bundled demo, as compare and audit do
    (aggregate said « no member could be read: nothing to aggregate » and exited 1, pool
    « Missing argument 'INPUTS...' »), the same as naming it."""
    from vendorlock.demo import bundled_demo_path

    args = (command, "--as-of", "2026-06-01", "--lang", "en", "--format", "json")
    code, out, err = _run(*args, "-o", str(tmp_path / "none"))
    assert code == 0, err
    code, named, err = _run(*args, str(bundled_demo_path()), "-o", str(tmp_path / "named"))
    assert code == 0, err
    assert out.replace("/none/", "/named/") == named
    doc = (tmp_path / "none" / f"{command}.json").read_bytes()
    assert doc == (tmp_path / "named" / f"{command}.json").read_bytes()
    assert "12 members" in out or '"members": 12' in doc.decode()
    if command == "pool":  # an opportunity with no standard said « standards: - », read as cut
        assert "standards: none" in out and "standards: -" not in out


def test_simulate(members: Path, tmp_path: Path) -> None:
    code, out, err = _run(
        "simulate",
        str(members),
        "--replace",
        "e.magnus Gestion financière",
        "--with",
        "xemelios",
        "--replace",
        "nothing-like-it",
        "--with",
        "xemelios",
        "--rules",
        OVERLAY,
        "--as-of",
        "2026-01-01",
        "-o",
        str(tmp_path),
    )
    assert code == 0, err
    assert "--replace #2" in err
    view = json.loads((tmp_path / "simulate.json").read_text(encoding="utf-8"))
    status = {f["other"]: f["status"] for f in view["flows"] if f["org_id"] == "21000001"}
    assert status["helios"] == "works"  # XéMéLios declares PES V2
    assert status["chorus_pro"] == "broken"
    assert view["totals"]["switching_cost"]["low"] > 0
    assert "breaks: " in out
    md = (tmp_path / "simulate.md").read_text(encoding="utf-8")
    for group in ("## Flows that break (", "## Flows to check (", "## Flows that keep working ("):
        assert group in md
    assert all(f["reason_text"] for f in view["flows"])
    assert "k-anonymity" in view["anonymity"]["note"]


def test_group_markdown_reads_as_written_in_french(members: Path, tmp_path: Path) -> None:
    """aggregate.md and pool.md read as plain text show names, headers and sentences as the
    page does (« Berger-Levrault », « Coût de sortie (bas) »; were « Berger\\-Levrault »,
    « Coût de sortie \\(bas\\) »), a member's hostile name still inert."""
    for command in ("aggregate", "pool"):
        folder = tmp_path / command
        code, _out, err = _run(
            command, str(members), "-o", str(folder), "--as-of", "2026-01-01", "--lang", "fr",
            "--format", "md",
        )  # fmt: skip
        assert code == 0, err
        md = (folder / f"{command}.md").read_text(encoding="utf-8")
        assert "Berger-Levrault" in md, command
        assert not re.search(r"\\[-().':]", md), re.findall(r".{20}\\[-().':].{20}", md)[:5]
        assert "<script" not in md.replace("\\<script", "")  # the tag stays text
    assert "| Coût de sortie (bas) |" in (tmp_path / "aggregate" / "aggregate.md").read_text(
        encoding="utf-8"
    )


def test_simulate_in_french_states_groups_and_reasons(members: Path, tmp_path: Path) -> None:
    code, out, err = _run(
        "simulate",
        str(members),
        "--replace",
        "e.magnus Gestion financière",
        "--with",
        "xemelios",
        "--rules",
        OVERLAY,
        "--lang",
        "fr",
        "--as-of",
        "2026-01-01",
        "-o",
        str(tmp_path),
    )
    assert code == 0, err
    assert "continuent de fonctionner" in out
    html = (tmp_path / "simulate.html").read_text(encoding="utf-8")
    assert "Flux rompus (" in html and "Flux à vérifier (" in html
    view = json.loads((tmp_path / "simulate.json").read_text(encoding="utf-8"))
    helios = next(f for f in view["flows"] if f["other"] == "helios")
    assert helios["reason_text"].startswith("XéMéLios prend en charge PES V2")
    # the platform at the other end in French in the tables (the JSON keeps the registry's name)
    assert helios["other_name"] == "Hélios (DGFiP public accounting)"
    assert "Hélios (comptabilité publique, DGFiP)" in html
    assert "public accounting" not in html


def test_requirements_without_inventory_prints_markdown() -> None:
    code, out, _ = _run("requirements", "--domain", "finances", "--lang", "fr")
    assert code == 0
    assert out.startswith("# Exigences d'interopérabilité")
    assert "PES V2" in out and "CCAG-TIC" in out and "2023/2854" in out


def test_simulate_with_nothing_to_simulate_exits_1(members: Path) -> None:
    code, _, err = _run(
        "simulate",
        str(members),
        "--replace",
        "nothing-like-it",
        "--with",
        "xemelios",
        "--rules",
        OVERLAY,
    )
    assert code == 1
    assert "--replace 'nothing-like-it'" in err
    assert "No replacement could be simulated" in err


def test_simulate_to_a_product_missing_from_the_catalogue_warns_and_marks_to_check(
    members: Path, tmp_path: Path
) -> None:
    code, _, err = _run(
        "simulate",
        str(members),
        "--replace",
        "e.magnus Gestion financière",
        "--with",
        "no-such-product",
        "--format",
        "json",
        "-o",
        str(tmp_path),
    )
    assert code == 0, err
    assert "--with 'no-such-product': the catalogue does not know this product" in err
    view = json.loads((tmp_path / "simulate.json").read_text(encoding="utf-8"))
    assert view["flows"] and {f["status"] for f in view["flows"]} <= {"to_check", "works"}
    assert view["flow_counts"]["broken"] == 0


def test_simulate_without_input_uses_the_bundled_demo() -> None:
    code, out, err = _run(
        "simulate", "--replace", "e.magnus Gestion financière", "--with", "e.sedit GF"
    )
    assert code == 0, err
    assert out.startswith("Replace e.magnus Gestion financière with e.sedit GF on ")
    assert "keep working" in out and "to check" in out


@pytest.mark.parametrize("command", ["aggregate", "pool", "compare", "simulate", "requirements"])
def test_group_command_help_loads_no_heavy_library(command: str) -> None:
    """``vendorlock pool --help`` answers at once: pandas, the registries, the readers and the
    report writers load when the command runs, not to list its options."""
    from tests.cli import test_start as start

    output, modules = start._fresh_run(command, "--help")
    assert "--min-group" in output or "--domain" in output
    assert "[json|xlsx|ods|html|md|pdf]" in output  # the --format choices, without the writers
    assert start._heavy(modules) == []
    assert not {"vendorlock.reports.sections", "vendorlock.registry"} & modules


@pytest.mark.parametrize(
    ("command", "args", "summary"),
    [
        ("aggregate", ["--no-member-reports"], "3 members"),
        ("pool", [], "1 opportunity among 3 members"),
        ("compare", ["--domain", "finances"], "Berger-Levrault"),
        ("requirements", ["--domain", "finances"], "Interoperability"),
        ("simulate", ["--replace", "e.magnus Gestion financière", "--with", "xemelios"], "breaks"),
    ],
)
def test_quiet_prints_only_where_the_reports_are(
    members: Path, tmp_path: Path, command: str, args: list[str], summary: str
) -> None:
    """``-q``: the files are written as without it, and stdout is their paths, one a line; the
    left-out member file is still named on stderr."""
    common = [str(members), *args, "--as-of", "2026-01-01", "--lang", "en", "--format", "json"]
    extra = ["--rules", OVERLAY] if command == "simulate" else []
    code, loud, _ = _run(command, *common, *extra, "-o", str(tmp_path / "loud"))
    assert code == 0
    assert summary in loud
    code, out, err = _run(command, *common, *extra, "-o", str(tmp_path / "quiet"), "-q")
    assert code == 0, err
    written = tmp_path / "quiet" / f"{command}.json"
    assert out.split() == [str(written)]
    assert written.read_bytes() == (tmp_path / "loud" / f"{command}.json").read_bytes()
    assert "d.xlsx" in err and "member file left out" in err


@pytest.mark.parametrize("command", ["aggregate", "pool"])
def test_workers_1_writes_the_reports_in_this_process(
    command: str, members: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--workers 1`` (or one core) writes the report files one after the other here, and
    they are the bytes the default forked writers give."""
    import os

    from vendorlock.reports import processes

    extra = ["--no-member-reports"] if command == "aggregate" else []
    args = [command, str(members), *extra, "--as-of", "2026-01-01", "--lang", "fr", "-q"]
    code, _, err = _run(*args, "-o", str(tmp_path / "default"))
    assert code == 0, err

    def no_fork() -> int:
        raise AssertionError("forked with --workers 1")

    monkeypatch.setattr(os, "fork", no_fork)
    code, _, err = _run(*args, "--workers", "1", "-o", str(tmp_path / "one"))
    assert code == 0, err
    monkeypatch.setattr(processes, "available_cores", lambda: 1)
    code, _, err = _run(*args, "-o", str(tmp_path / "core"))
    assert code == 0, err
    written = sorted(p.name for p in (tmp_path / "default").iterdir())
    assert written == [f"{command}.{f}" for f in ("html", "json", "md", "ods", "xlsx")]
    for name in written:
        data = (tmp_path / "default" / name).read_bytes()
        assert (
            data
            == (tmp_path / "one" / name).read_bytes()
            == (tmp_path / "core" / name).read_bytes()
        )


def test_commands_freeze_what_is_alive_at_exit_once(
    members: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interpreter's last collection would walk every member's tables again at exit
    (~0.45 s at 500 members): every command registers ``gc.freeze`` to run at exit, once per
    process however many commands run in it."""
    import atexit
    import gc

    from vendorlock.cli import app

    hooks: list[object] = []
    monkeypatch.setattr(atexit, "register", hooks.append)
    monkeypatch.setattr(app, "_EXIT_HOOK", [])
    for n, command in enumerate(("audit", "pool", "aggregate", "pool")):
        extra = ["--no-member-reports"] if command == "aggregate" else []
        out = str(tmp_path / str(n))
        code, _, err = _run(command, str(members), *extra, "--as-of", "2026-01-01", "-o", out)
        assert code == 0, err
    assert hooks == [gc.freeze]


def test_workers_never_change_the_member_reports(members: Path, tmp_path: Path) -> None:
    """``aggregate --workers 4`` once cut the members' audits into partitions: each member's
    report lost the other members' contracts from its pooling actions and showed a summed
    summary (coverage 0.83 instead of 0.415). The help promises the same bytes either way."""
    args = ["aggregate", str(members), "--as-of", "2026-01-01", "--lang", "en", "-q"]
    for workers in ("1", "4"):
        code, _, err = _run(*args, "--workers", workers, "-o", str(tmp_path / workers))
        assert code == 0, err
    one = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*.json"))
    assert any(p.parts[0] == "members" for p in one)
    for path in one:
        assert (tmp_path / "4" / path).read_bytes() == (tmp_path / "1" / path).read_bytes(), path


#: GLPI's export of a structure whose members are sub-entities, without contracts: members known
#: only from their applications' entity paths (tests/assets/inventories/make_trial.py).
GLPI_MEMBERS = (
    Path(__file__).parents[1] / "assets" / "inventories" / "trial-glpi-mutualisation.xlsx"
)


def test_aggregate_terminal_french_agrees_and_names_the_file(tmp_path: Path) -> None:
    code, out, err = _run(
        "aggregate", str(GLPI_MEMBERS), "--no-member-reports", "-o", str(tmp_path),
        "--as-of", "2026-11-28", "--lang", "fr",
    )  # fmt: skip
    assert code == 0, err
    # no contract anywhere: the spend is unknown, said as such (not « connue inconnu »)
    assert "dépense annuelle inconnue." in out and "connue inconnu" not in out
    assert "dépense par éditeur inconnue" in out
    # an editor with one member and one application: singular
    assert "1 membre, 1 application\n" in out and "1 membres" not in out
    # a member read from an entity path is warned about with the file it came from
    lonely = [line for line in err.splitlines() if "n'a aucun contrat" in line]
    assert lonely and all(line.startswith(str(GLPI_MEMBERS)) for line in lonely)

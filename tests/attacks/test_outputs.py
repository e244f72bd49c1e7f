"""Outputs land only where they should: never through a symlink, over an input, or as a
traceback when the folder cannot take them (issue 12, points 3, 4, 12, 13)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from tests.attacks.cli import run
from tests.attacks.corpus import small_csv_demo
from vendorlock.demo import bundled_demo_path
from vendorlock.group.audits import member_folders
from vendorlock.registry import slugify


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# --- 3. a symlink in the output folder ---------------------------------------------------


def test_audit_refuses_to_write_through_a_symlink_and_leaves_its_target_alone(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "outside" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "audit.md").symlink_to(victim)
    line = run("audit", "-o", str(out), "--as-of", "2026-01-01", "--lang", "en").refused(
        "audit.md", "symbolic link", str(victim)
    )
    assert "refusing to write through it" in line
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / "audit.md").is_symlink()
    assert sorted(p.name for p in out.iterdir()) == ["audit.md"]  # nothing else written


def test_graph_refuses_a_symlinked_target_in_french(tmp_path: Path) -> None:
    victim = tmp_path / "victim.graphml"
    victim.write_text("old", encoding="utf-8")
    link = tmp_path / "g.graphml"
    link.symlink_to(victim)
    run("graph", str(bundled_demo_path()), "-o", str(link), "--lang", "fr").refused(
        "g.graphml", "lien symbolique"
    )
    assert victim.read_text(encoding="utf-8") == "old"


def test_a_symlinked_output_folder_is_the_users_choice_and_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    run("audit", "-o", str(tmp_path / "alias"), "--format", "json", "-q").ok()
    assert (real / "audit.json").is_file()


# --- 4. output folder = input folder --------------------------------------------------------


def test_audit_with_the_output_folder_as_input_folder_overwrites_nothing(tmp_path: Path) -> None:
    inout = tmp_path / "inout"
    inout.mkdir()
    (inout / "audit.xlsx").write_bytes(bundled_demo_path().read_bytes())
    before = _tree(inout)
    line = run("audit", str(inout), "-o", str(inout), "--lang", "en").refused(
        "audit.xlsx", "refusing to overwrite", f"input folder {inout}"
    )
    assert "-o" in line
    assert _tree(inout) == before  # not even audit.json (checked before the first write)


def test_audit_refuses_an_input_file_named_like_a_report(tmp_path: Path) -> None:
    inventory = tmp_path / "audit.xlsx"
    inventory.write_bytes(bundled_demo_path().read_bytes())
    run("audit", str(inventory), "-o", str(tmp_path), "--lang", "fr").refused(
        "audit.xlsx", "une entrée de cette exécution"
    )
    assert inventory.read_bytes() == bundled_demo_path().read_bytes()
    assert not (tmp_path / "audit.json").exists()


def test_graph_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    inventory = tmp_path / "inv.json"
    inventory.write_bytes(b"{}")
    # The input is read first and refused as an inventory; the point is it stays intact.
    result = run("graph", str(inventory), "-o", str(inventory), "--format", "json")
    assert result.code == 1 and "Traceback" not in result.err
    assert inventory.read_bytes() == b"{}"


# --- 13. an output that cannot be written ---------------------------------------------------


@pytest.fixture()
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain-file"
    path.write_text("x", encoding="utf-8")
    return path


def test_audit_under_a_file_is_one_line(a_file: Path) -> None:
    run("audit", "-o", str(a_file / "out"), "--format", "json", "--lang", "en").refused(
        "cannot write", "is a file, not a folder"
    )


def test_audit_report_name_taken_by_a_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "audit.json").mkdir()
    run("audit", "-o", str(tmp_path), "--format", "json", "--lang", "en").refused(
        "audit.json is a folder"
    )


def test_graph_under_a_file_is_one_line(a_file: Path) -> None:
    run("graph", str(bundled_demo_path()), "-o", str(a_file / "g.dot")).refused("g.dot")


def test_template_under_a_file_is_one_line(a_file: Path) -> None:
    run("template", str(a_file / "t.xlsx"), "--lang", "fr").refused(
        "t.xlsx", "est un fichier, pas un dossier"
    )


def test_demo_data_under_a_file_is_one_line(a_file: Path) -> None:
    result = run("demo-data", str(a_file / "d"), "--members", "1")
    assert result.code == 1 and "Traceback" not in result.err
    assert "is a file, not a folder" in result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_audit_into_a_read_only_folder_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        run("audit", "-o", str(locked), "--format", "json").refused("cannot write", "locked")
    finally:
        locked.chmod(0o700)


def test_aggregate_under_a_file_is_one_line(tmp_path: Path, a_file: Path) -> None:
    members = small_csv_demo(tmp_path / "members")
    result = run("aggregate", str(members), "-o", str(a_file / "agg"), "--lang", "en")
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert "is a file, not a folder" in result.err.splitlines()[-1]


# --- 12. member audits of ids with the same slug ------------------------------------------


def test_member_folders_are_distinct_and_stable() -> None:
    ids = ["Mairie A", "mairie-a", "MAIRIE_A", "21000001", "***", "+++"]
    assert len({slugify(i) for i in ids[:3]}) == 1  # the collision this guards against
    folders = member_folders(ids)
    assert len(set(folders.values())) == len(ids)
    assert folders["21000001"] == "21000001"  # a unique slug keeps its plain name
    assert folders == member_folders(list(reversed(ids)))  # order does not matter
    assert all(f.startswith("mairie-a-") for f in (folders[i] for i in ids[:3]))


def test_member_folders_never_reuse_a_plain_slug() -> None:
    import hashlib

    suffix = hashlib.sha256(b"Mairie A").hexdigest()[:8]
    folders = member_folders(["Mairie A", "mairie a", f"mairie-a-{suffix}"])
    assert len(set(folders.values())) == 3


def test_aggregate_member_reports_of_colliding_ids_do_not_overwrite(tmp_path: Path) -> None:
    members = small_csv_demo(tmp_path / "members", members=2)
    orgs = (members / "organisations.csv").read_text(encoding="utf-8-sig")
    ids = [line.split(";")[0].strip('"') for line in orgs.splitlines()[1:]]
    a, b = ids[1], ids[2]
    # Rename the two members "Org.A" and "org-a": distinct ids, one slug.
    for path in members.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        keep = {i for i, h in enumerate(rows[0]) if h in ("SIREN", "Structure parente")}
        rename = {a: "Org.A", b: "org-a"}
        rows = [rows[0]] + [
            [v if i in keep else rename.get(v, v) for i, v in enumerate(r)] for r in rows[1:]
        ]
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL).writerows(rows)
    out = tmp_path / "out"
    result = run("aggregate", str(members), "-o", str(out), "--member-reports", "--format", "json")
    result.ok()
    folders = sorted(p.name for p in (out / "members").iterdir())
    assert len(folders) == 2 and all(f.startswith("org-a-") for f in folders), folders
    names = set()
    for folder in folders:
        doc = json.loads((out / "members" / folder / "audit.json").read_text(encoding="utf-8"))
        names |= {o["org_id"] for o in doc["organisations"]}
    assert names == {"Org.A", "org-a"}

"""ArchiMate models in (exchange format 2.1 and 3.x, Archi's CSV export) and out (graph
--format archimate): what an architect's model says reaches the audit, and comes back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from lxml import etree

from vendorlock.cli import main
from vendorlock.readers.load import load_inventory
from vendorlock.registry import Registries, load_registries, unverified_overlay

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "sources" / "archimate"
MODEL = ASSETS / "ville-saint-aubin.xml"
NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


@pytest.fixture(scope="module")
def registries() -> Registries:
    return load_registries()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_exchange_model_gives_applications_with_their_properties(registries: Registries) -> None:
    result = load_inventory([MODEL], registries)
    assert result.valid, result.problems
    apps = result.portfolio.applications.set_index("name")
    # Hélios is the DGFiP's platform, a flow end: not one of the town's applications.
    assert sorted(apps.index) == [
        "Civil Net Finances",
        "Civil Net RH",
        "Pastell",
        "Siècle",
        "i-Parapheur",
    ]
    finances = apps.loc["Civil Net Finances"]
    assert finances["editor_id"] == "ciril-group"
    assert finances["licence"] == "proprietary"
    assert finances["hosting"] == "editor_saas"
    assert finances["criticality"] == "critical"
    assert finances["domain"] == "finances"
    assert finances["version"] == "2024.2"
    assert apps.loc["Pastell", "licence"] == "AGPL-3.0-or-later"
    assert apps.loc["Pastell", "hosting"] == "mutualised"
    assert apps.loc["Siècle", "domain"] == "civil_registry"


def test_flows_come_from_flow_serving_and_access_relationships(registries: Registries) -> None:
    result = load_inventory([MODEL], registries)
    apps = dict(
        zip(
            result.portfolio.applications["app_id"],
            result.portfolio.applications["name"],
            strict=True,
        )
    )
    flows = {
        (apps.get(f.source, f.source), apps.get(f.target, f.target)): f
        for f in result.portfolio.flows.itertuples()
    }
    assert set(flows) == {
        ("Civil Net Finances", "Pastell"),  # Flow
        ("Pastell", "helios"),  # Flow to the national platform
        ("i-Parapheur", "Civil Net Finances"),  # Serving: the server sends to the served
        ("Civil Net RH", "Civil Net Finances"),  # RH writes the pay slips Finances reads
    }
    assert flows[("Pastell", "helios")].standard == "pes_v2"
    assert flows[("Pastell", "helios")].protocol == "https_api"
    assert flows[("Civil Net Finances", "Pastell")].frequency == "daily"
    assert flows[("Civil Net RH", "Civil Net Finances")].data == "Bordereaux de paie PES"
    # A component serving a service, or an actor assigned to a component, is no flow.
    assert len(result.portfolio.flows) == 4


def test_exchange_format_2_1_with_labels(registries: Registries) -> None:
    result = load_inventory([ASSETS / "syndicat-eaux-2.1.xml"], registries)
    assert result.valid, result.problems
    names = sorted(result.portfolio.applications["name"])
    assert names == ["Omega Facturation Eau", "Portail abonnés", "Sedit GF"]
    assert set(result.portfolio.applications["editor_id"]) == {"berger-levrault"}
    omega = result.portfolio.applications.set_index("name").loc["Omega Facturation Eau"]
    assert omega["licence"] == "proprietary"  # "Abonnement": a subscription
    flows = result.portfolio.flows
    assert sorted(flows["data"]) == ["Demandes d'abonnement", "Titres de recettes"]


def test_archi_csv_export_folder(registries: Registries) -> None:
    result = load_inventory([ASSETS / "archi-csv"], registries)
    assert result.valid, result.problems
    apps = result.portfolio.applications.set_index("name")
    assert sorted(apps.index) == ["Civil Net Finances", "Millésime Action Sociale"]
    assert apps.loc["Millésime Action Sociale", "hosting"] == "on_premise"
    assert apps.loc["Millésime Action Sociale", "domain"] == "social"
    ids = {v: k for k, v in apps["app_id"].items()}
    ends = {
        (ids.get(s, s), ids.get(t, t), d)
        for s, t, d in zip(
            result.portfolio.flows["source"],
            result.portfolio.flows["target"],
            result.portfolio.flows["data"],
            strict=True,
        )
    }
    assert ends == {
        ("Millésime Action Sociale", "Civil Net Finances", "Mandats des aides versées"),
        ("Civil Net Finances", "helios", "Flux PES"),
    }


def test_archi_csv_part_without_its_elements_is_one_clear_error(tmp_path: Path) -> None:
    lone = tmp_path / "relations.csv"
    shutil.copy(ASSETS / "archi-csv" / "relations.csv", lone)
    code, out = _run("validate", str(lone), "--lang", "en")
    assert code == 1
    assert f"{lone}: error: part of an Archi CSV export without its elements.csv" in out
    assert "Traceback" not in out


def test_validate_prints_the_usual_summary_in_french() -> None:
    # Logitud Solutions is only in the opt-in overlay of editors still to verify: without it the
    # model's editor is unknown (a warning), with it the model is clean.
    code, out = _run("validate", str(MODEL), "--lang", "fr")
    assert code == 0, out
    assert "éditeur «\u00a0Logitud Solutions\u00a0»" in out
    assert out.splitlines()[-1] == (
        "valide\u00a0: 1 organisation, 3 éditeurs, 5 applications, 0 contrat, 4 flux\u00a0; "
        "0 erreur, 1 avertissement"
    )
    code, out = _run("validate", str(MODEL), "--rules", str(unverified_overlay()), "--lang", "fr")
    assert code == 0, out
    assert out.splitlines()[-1] == (
        "valide\u00a0: 1 organisation, 3 éditeurs, 5 applications, 0 contrat, 4 flux\u00a0; "
        "0 erreur, 0 avertissement"
    )


def test_a_bad_property_value_is_located_at_its_element(tmp_path: Path) -> None:
    model = tmp_path / "si.xml"
    text = MODEL.read_text(encoding="utf-8").replace(
        '<value xml:lang="fr">Sur site</value>', '<value xml:lang="fr">Dans le nuage</value>'
    )
    model.write_text(text, encoding="utf-8")
    code, out = _run("validate", str(model), "--lang", "en")
    assert code == 1
    line = next(i for i, s in enumerate(text.splitlines(), 1) if '<name xml:lang="fr">Siècle' in s)
    assert (
        f"{model}: sheet 'applications', row {line - 1}, column 'hosting': error: "
        "'Dans le nuage' is not an allowed value"
    ) in out


def _export(tmp_path: Path, *inputs: Path) -> Path:
    out = tmp_path / "export.xml"
    args = ["graph", *map(str, inputs), "--format", "archimate", "-o", str(out)]
    code, text = _run(*args, "--as-of", "2026-06-01", "--lang", "en")
    assert code == 0, text
    assert f"Wrote {out} (ArchiMate model: " in text
    return out


def test_export_is_an_exchange_model_with_scores(tmp_path: Path) -> None:
    out = _export(tmp_path, MODEL)
    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{NS}model"
    comps = [e for e in root.iter(f"{NS}element") if e.get(XSI_TYPE) == "ApplicationComponent"]
    names = sorted(e.findtext(f"{NS}name") for e in comps)
    assert names == sorted(
        ["Civil Net Finances", "Civil Net RH", "Pastell", "Siècle", "i-Parapheur", "Hélios"]
    )
    keys = {
        d.get("identifier"): d.findtext(f"{NS}name") for d in root.iter(f"{NS}propertyDefinition")
    }
    finances = next(e for e in comps if e.findtext(f"{NS}name") == "Civil Net Finances")
    props = {
        keys[p.get("propertyDefinitionRef")]: p.findtext(f"{NS}value")
        for p in finances.iter(f"{NS}property")
    }
    assert props["Editor"] == "Ciril GROUP"
    assert props["vendorlock:level"] in {"insufficient_data", "low", "medium", "high", "critical"}
    assert 0 <= float(props["vendorlock:score"]) <= 100
    rels = list(root.iter(f"{NS}relationship"))
    assert len(rels) == 4 and {r.get(XSI_TYPE) for r in rels} == {"Flow"}
    # Every reference points at an element of the model (Archi refuses dangling ones).
    idents = {e.get("identifier") for e in root.iter(f"{NS}element")}
    assert all(r.get("source") in idents and r.get("target") in idents for r in rels)
    # Deterministic: the same input gives the same bytes.
    again = out.read_bytes()
    assert _export(tmp_path, MODEL).read_bytes() == again


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic mutualisation structure: 3 members, hundreds of applications and flows."""
    out = tmp_path_factory.mktemp("demo")
    code, text = _run(
        "demo-data", str(out), "--members", "3", "--format", "csv", "--as-of", "2026-06-01", "-q"
    )
    assert code == 0, text
    return out


@pytest.mark.parametrize("which", ["demo", "workbook"])
def test_round_trip_keeps_every_application_and_flow(
    which: str, demo: Path, tmp_path: Path, registries: Registries
) -> None:
    inventories = Path(__file__).resolve().parents[1] / "assets" / "inventories"
    source = demo if which == "demo" else inventories / "syndicat-classeur-par-table.xlsx"
    if which == "demo":
        # The demo's market uses editors still to verify (Entr'ouvert, Logitud…): their ids
        # survive the round trip through their names only with the overlay that knows them.
        registries = load_registries([unverified_overlay()])
    before = load_inventory([source], registries).portfolio
    out = _export(tmp_path, source)
    after = load_inventory([out], registries).portfolio
    cols = [c for c in before.applications.columns if not c.startswith("_")]
    left = before.applications[cols].sort_values("app_id").reset_index(drop=True)
    right = after.applications[cols].sort_values("app_id").reset_index(drop=True)
    assert len(left) > 0
    pd.testing.assert_frame_equal(left.astype("string"), right.astype("string"))
    fcols = [c for c in before.flows.columns if not c.startswith("_")]
    left_f = before.flows[fcols].sort_values("flow_id").reset_index(drop=True)
    right_f = after.flows[fcols].sort_values("flow_id").reset_index(drop=True)
    assert len(left_f) > 0
    pd.testing.assert_frame_equal(left_f.astype("string"), right_f.astype("string"))

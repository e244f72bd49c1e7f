"""Where a hand-kept table ends (new-user trial, session 9): a totals row under the applications,
a note and a second table further down the same sheet are not read as applications, each with
one located warning; rows that only look alike (applications named "Total Commander" or "Notes
de frais", a blank row between two groups of applications) are read as usual."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from openpyxl import Workbook

from vendorlock.model.problems import Severity
from vendorlock.readers import load_inventory
from vendorlock.registry import Registries

CORPUS = Path(__file__).resolve().parents[1] / "assets" / "inventories"
HEADER = ["Nom", "Éditeur", "Domaine", "Coût annuel", "Date de fin"]


def _warnings(result: object, code: str) -> list[str]:
    return [
        p.render("fr")
        for p in result.problems  # type: ignore[attr-defined]
        if p.code == code and p.severity is Severity.WARNING
    ]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_the_trial_workbook_reads_its_applications_only(registries: Registries) -> None:
    result = load_inventory([CORPUS / "trial-commune-classeur.xlsx"], registries)
    apps = result.portfolio.applications
    assert sorted(apps["name"]) == [
        "Arpège Mélodie",
        "Civil Net Finances",
        "Civil Net RH",
        "Microsoft 365",
        "Postgresql (SIG)",
        "e.magnus Gestion financière",
        "e.magnus État civil",
    ]
    # the TOTAL row is not a contract: the spend is the sum of the seven, not twice it
    assert round(float(result.portfolio.contracts["annual_cost"].sum()), 2) == 64246.17
    (total,) = _warnings(result, "totals_row")
    assert "feuille «\u00a0Parc 2025\u00a0», ligne 12, colonne «\u00a0Application\u00a0»" in total
    assert "ligne de total («\u00a0TOTAL\u00a0»)" in total
    (other,) = _warnings(result, "second_table")
    assert "feuille «\u00a0Parc 2025\u00a0», ligne 16" in other
    assert (
        "en-tête en ligne 17\u00a0: «\u00a0Éditeur\u00a0», «\u00a0Téléphone\u00a0», «\u00a0Courriel\u00a0», «\u00a0Remarques\u00a0»"
        in other
    )
    (note,) = _warnings(result, "note_row")
    assert "ligne 13, colonne «\u00a0Application\u00a0»" in note
    assert (
        "une note («\u00a0Note : le montant de Microsoft 365 est TTC, les autres HT\u00a0»)" in note
    )
    assert "ses 4 lignes ne sont pas lues comme Applications" in other


def test_values_of_the_hand_kept_workbook(registries: Registries) -> None:
    """Dates as text and as Excel serials, « 12k€ », legal suffixes and case variants."""
    result = load_inventory([CORPUS / "trial-commune-classeur.xlsx"], registries)
    contracts = result.portfolio.contracts.set_index("app_ids")
    by_name = result.portfolio.applications.set_index("name")["app_id"]
    rh = contracts.loc[by_name["Civil Net RH"]]
    assert str(rh["start_date"].date()) == "2022-01-01"  # the serial 44562
    assert str(rh["end_date"].date()) == "2025-12-31"  # the serial 46022
    assert contracts.loc[by_name["e.magnus Gestion financière"], "annual_cost"] == 12000
    editors = result.portfolio.applications.set_index("name")["editor_id"]
    assert editors["e.magnus État civil"] == editors["e.magnus Gestion financière"]
    assert editors["Civil Net RH"] == editors["Civil Net Finances"] == "ciril-group"


def test_a_second_table_in_a_csv_saved_from_excel(tmp_path: Path, registries: Registries) -> None:
    path = _csv(
        tmp_path / "parc.csv",
        [
            HEADER,
            ["Paie", "Berger-Levrault", "RH", "12 000", "31/12/2026"],
            ["Gestion financière", "Ciril Group", "Finances", "9 800", "31/12/2027"],
            ["", "", "", "", ""],
            ["Clés de licence", "", "", "", ""],
            ["Logiciel", "Numéro de série", "Éditeur", "", ""],
            ["Paie", "XK-1234", "Berger-Levrault", "", ""],
        ],
    )
    result = load_inventory([path], registries)
    assert sorted(result.portfolio.applications["name"]) == ["Gestion financière", "Paie"]
    (other,) = _warnings(result, "second_table")
    assert "parc.csv\xa0: ligne 5\xa0:" in other
    assert (
        "en-tête en ligne 6\u00a0: «\u00a0Logiciel\u00a0», «\u00a0Numéro de série\u00a0», «\u00a0Éditeur\u00a0»)"
        in other
    )
    assert "ses 3 lignes" in other


def test_look_alike_rows_are_data(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "parc.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["Total Commander", "Ghisler", "Bureautique", 40, "31/12/2026"])
    ws.append(["Paie", "Berger-Levrault", "RH", 12000, "31/12/2026"])
    ws.append([])
    ws.append(["Urbanisme", "Operis", "Urbanisme", 6500, "31/12/2026"])
    ws.append(["Sous-total 2025", None, None, 18540, None])
    ws.append(["Notes de frais", None, None, None, None])
    ws.append(["* coûts HT", None, None, None, None])
    wb.save(path)
    result = load_inventory([path], registries)
    assert sorted(result.portfolio.applications["name"]) == [
        "Notes de frais",
        "Paie",
        "Total Commander",
        "Urbanisme",
    ]
    assert not _warnings(result, "second_table")
    (total,) = _warnings(result, "totals_row")
    assert "ligne 6" in total and "«\u00a0Sous-total 2025\u00a0»" in total
    (note,) = _warnings(result, "note_row")
    assert "ligne 8" in note and "«\u00a0* coûts HT\u00a0»" in note


def test_the_column_scan_finds_exactly_the_cells_a_cell_by_cell_check_finds() -> None:
    """The totals and note candidates come from one scan of a column's folded texts joined by
    line breaks (fast on 90,000-row workbooks): every cell the per-cell checks accept must be
    among them, whatever the cells hold (line breaks, NUL, accents, numbers, blanks)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from vendorlock.readers.connector import load_connector
    from vendorlock.readers.tableend import (
        _TRAILING_NUMBER,
        _folded,
        _is_note,
        _label_scan,
        _line_hits,
        _notes_scan,
    )
    from vendorlock.registry import normalise_key

    connector = load_connector()
    labels, prefixes = connector.totals_labels, connector.note_prefixes
    pieces = st.sampled_from(
        ["Total", "TOTAL", "Sous-total", "Coût total", "Total général", " : ", "2025", "\n",
         "\0", "Note", "NB -", "* ", "(1)", "Notes de frais", "Commander", "é", " ", "64 246,17"]
    )  # fmt: skip
    cell = st.one_of(
        st.lists(pieces, max_size=4).map("".join), st.text(max_size=8), st.none(), st.integers()
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(cell, min_size=1, max_size=12))
    def check(values: list[object]) -> None:
        keep = np.zeros(len(values), dtype=bool)
        folded = _folded(values)
        totals = set(_line_hits(folded, _label_scan(labels), keep))
        notes = set(_line_hits(folded, _notes_scan(prefixes), keep))
        for pos, value in enumerate(values):
            if not isinstance(value, str):
                assert pos not in totals and pos not in notes
                continue
            if _TRAILING_NUMBER.sub("", normalise_key(value)) in labels:
                assert pos in totals, (value, values)
            if _is_note(prefixes, value):
                assert pos in notes, (value, values)

    check()


def test_the_header_repeated_above_a_later_group_keeps_its_rows(
    tmp_path: Path, registries: Registries
) -> None:
    """A printed inventory repeats its header above each group (after a blank row or a page
    break): the repeated row is left out with a warning, the rows under it are read."""
    header = "Nom;Éditeur;Coût annuel"
    rows = [header, "Paie;Berger-Levrault;1000", "", header, "GF;Ciril Group;2000"]
    rows += [header, "SIG;Esri;3000"]
    path = _csv(tmp_path / "parc.csv", [r.split(";") for r in rows])
    result = load_inventory([path], registries)
    assert sorted(result.portfolio.applications["name"]) == ["GF", "Paie", "SIG"]
    assert not _warnings(result, "second_table")
    repeated = _warnings(result, "repeated_header")
    assert len(repeated) == 2 and "ligne 4" in repeated[0] and "ligne 6" in repeated[1]


def test_a_label_with_other_texts_in_its_row_is_an_application(
    tmp_path: Path, registries: Registries
) -> None:
    """« Total » with an editor beside it, or « Notes » alone (HCL Notes), are applications:
    a totals row holds only its label and figures, a note starts with « Note : »."""
    path = _csv(
        tmp_path / "parc.csv",
        [["Nom", "Éditeur", "Coût annuel"], ["Total", "Microsoft", "500"],
         ["Sum", "Sum Inc", "5"], ["Notes", "", ""], ["Paie", "Berger-Levrault", "1000"]],
    )  # fmt: skip
    result = load_inventory([path], registries)
    assert sorted(result.portfolio.applications["name"]) == ["Notes", "Paie", "Sum", "Total"]
    assert not _warnings(result, "totals_row") and not _warnings(result, "note_row")

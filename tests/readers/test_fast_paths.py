"""The fast reading paths give what a cell-by-cell reading gives: same text, values, rows.

Repetitive columns are parsed once per distinct value, cp1252 columns are decoded column by
column, blank lines are found without scanning every file: each test writes a small input
that takes the fast path and checks what the user sees (values, problems and their rows).
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from vendorlock.model.problems import Location
from vendorlock.readers import csvfile, load_inventory
from vendorlock.readers.assemble import _join_per_row
from vendorlock.readers.csvfile import decode, first_invalid_utf8
from vendorlock.readers.grid import rows_to_frame
from vendorlock.readers.values import (
    distinct,
    non_blank_rows,
    normalise_keys,
    parse_date,
    parse_number,
    slug_array,
    swap_char,
    to_text,
    to_texts,
)
from vendorlock.registry import Registries, normalise_key, slugify

HEADER = "Nom;Éditeur;Hébergement;Coût annuel;Date de fin;Réversibilité"


def _rows(n: int) -> list[str]:
    """Repetitive French rows (few editors, hostings, dates), unique accented names."""
    hostings = ["SaaS", "hébergé éditeur", "sur site"]
    return [
        f"Logiciel été {i};Berger-Levrault;{hostings[i % 3]};{1000 + i} 000,5{i % 10} €;"
        f"31/12/20{27 + i % 3};{'Oui' if i % 2 else 'Non'}"
        for i in range(n)
    ]


def _write(path: Path, lines: list[str], encoding: str, newline: str = "\n") -> Path:
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


def _apps(result: object) -> pd.DataFrame:
    return result.portfolio.applications  # type: ignore[attr-defined,no-any-return]


def test_cp1252_reads_the_same_as_utf8(tmp_path: Path, registries: Registries) -> None:
    lines = [HEADER, *_rows(60)]
    cp = load_inventory([_write(tmp_path / "cp.csv", lines, "cp1252")], registries)
    u8 = load_inventory([_write(tmp_path / "u8.csv", lines, "utf-8")], registries)
    names = _apps(cp)["name"].tolist()
    assert names[:2] == ["Logiciel été 0", "Logiciel été 1"]
    assert names == _apps(u8)["name"].tolist()
    assert _apps(cp)["hosting"].tolist() == _apps(u8)["hosting"].tolist()
    costs = cp.portfolio.contracts["annual_cost"].tolist()
    assert costs[:2] == [1000000.5, 1001000.51]
    assert costs == u8.portfolio.contracts["annual_cost"].tolist()


def test_repeated_bad_cells_are_each_reported_at_their_row(
    tmp_path: Path, registries: Registries
) -> None:
    lines = [HEADER, *_rows(30)]
    for i in (3, 7, 20):  # the same bad date and flag on several rows
        cells = lines[i].split(";")
        cells[4], cells[5] = "31/02/2027", "peut-être"
        lines[i] = ";".join(cells)
    result = load_inventory([_write(tmp_path / "inv.csv", lines, "cp1252")], registries)
    dates = [p for p in result.problems if p.code == "invalid_date"]
    flags = [p for p in result.problems if p.code == "invalid_clause"]
    assert [p.location.row for p in dates] == [4, 8, 21]
    assert [p.location.row for p in flags] == [4, 8, 21]
    assert {p.location.column for p in dates} == {"Date de fin"}
    assert {dict(p.params)["value"] for p in flags} == {"peut-être"}


def test_rows_after_a_blank_line_keep_their_spreadsheet_row(
    tmp_path: Path, registries: Registries
) -> None:
    lines = [HEADER, *_rows(10), "", *_rows(10)]
    cells = lines[-1].split(";")
    cells[3] = "beaucoup"
    lines[-1] = ";".join(cells)
    for name, newline in (("lf.csv", "\n"), ("crlf.csv", "\r\n")):
        result = load_inventory([_write(tmp_path / name, lines, "cp1252", newline)], registries)
        assert len(_apps(result)) == 20
        bad = [p for p in result.problems if p.code == "invalid_number"]
        assert [p.location.row for p in bad] == [len(lines)]


def test_cp1252_with_undefined_byte_is_refused(tmp_path: Path, registries: Registries) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(HEADER.encode("cp1252") + b"\nA\x81;x;SaaS;1;;\n")
    result = load_inventory([path], registries)
    assert [p.code for p in result.problems] == ["undetectable_encoding"]


def test_utf8_bom_with_an_invalid_byte_is_refused(tmp_path: Path, registries: Registries) -> None:
    """Found by the fuzzer (GLPI export, BOM then a cut accent): a located refusal, not a
    UnicodeDecodeError from the blank-line path."""
    path = tmp_path / "glpi.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + b"\n\nT\xc3l;x;SaaS;1;;\n")
    result = load_inventory([path], registries)
    assert [(p.code, p.location.file) for p in result.problems] == [
        ("undetectable_encoding", str(path))
    ]
    assert "(utf-8)" in result.problems[0].message("en")


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_utf8_check_sees_characters_across_pieces(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(csvfile, "UTF8_CHECK_BYTES", chunk)
    rnd = random.Random(chunk)
    alphabet = [b"a", "é".encode(), "€".encode(), b"\xc3", b"\x80", b"\xe2\x82"]
    for _ in range(300):
        raw = b"".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8)))
        try:
            raw.decode("utf-8")
            expected = None
        except UnicodeDecodeError as exc:
            expected = exc.start
        assert first_invalid_utf8(raw) == expected, raw
    assert decode("Coût;€\n".encode(), Location("x.csv")).encoding == "utf-8"


def test_distinct_parsing_matches_cell_by_cell() -> None:
    cells = ["12 345,67 €", "abc", None, "1.234,50", "abc", "", " 7 ", "3,5 k€"] * 5
    text = pd.Series(cells, dtype="str")
    spread = distinct(text)
    assert spread is not None and len(spread.values) == 6
    whole = parse_number(text)
    per_value = parse_number(spread.values)
    values = spread.expand(per_value.values, text.index)
    pd.testing.assert_series_equal(values, whole.values)
    assert spread.expand_mask(per_value.bad).tolist() == whole.bad.tolist()


def test_workbook_text_columns_are_spread_by_one_hash_pass() -> None:
    # workbook cells arrive as Python objects; a repetitive column is spread, the distinct
    # values in order of appearance, and parsing them gives the cell-by-cell result
    cells = ["oui", "non", " oui", "oui", "non", "peut-être"] * 50
    raw = pd.Series(cells, dtype=object)
    spread = distinct(raw)
    assert spread is not None
    assert spread.values.tolist() == ["oui", "non", " oui", "peut-être"]
    assert [spread.values[c] for c in spread.codes] == cells
    per_value = to_text(spread.values)
    pd.testing.assert_series_equal(spread.expand(per_value, raw.index), to_text(raw))
    assert distinct(pd.Series([f"app {i}" for i in range(100)], dtype=object)) is None


def test_contract_applications_are_joined_per_row_sorted_and_unique() -> None:
    # one row per application a contract names: row 0 names one, row 1 three (one twice),
    # row 2 the same one twice, row 3 two
    names = ["paie", "rh", "fin", "rh", "ged", "ged", "zeta", "alpha"]
    values = pd.Series(names, index=[0, 1, 1, 1, 2, 2, 3, 3], dtype="string")
    joined = _join_per_row(values).reindex(range(4)).tolist()
    assert joined == ["paie", "fin;rh", "ged", "alpha;zeta"]


def test_high_cardinality_text_is_not_spread() -> None:
    assert distinct(pd.Series([f"app {i}" for i in range(100)], dtype="str")) is None


def test_workbook_columns_mixing_types_are_parsed_cell_by_cell() -> None:
    raw = pd.Series([1, True, "1", 1.0, None] * 4, dtype=object)
    assert distinct(raw) is None  # 1, True and 1.0 would hash alike
    parsed = parse_number(raw)
    assert parsed.values.fillna(-1).tolist()[:5] == [1.0, -1, 1.0, 1.0, -1]
    assert parsed.bad.tolist()[:5] == [False, True, False, False, False]  # a tick box


def test_all_number_workbook_columns_take_the_numeric_path() -> None:
    serials = pd.Series([45000, 45000.0, 20000.5, 90000], dtype=object)
    dates = parse_date(serials)
    assert dates.values.dt.strftime("%Y-%m-%d").tolist()[:2] == ["2023-03-15", "2023-03-15"]
    assert dates.bad.tolist() == [False, False, False, True]
    assert parse_number(serials).values.tolist() == [45000.0, 45000.0, 20000.5, 90000.0]


def test_vectorised_keys_and_slugs_match_the_registry_functions() -> None:
    rnd = random.Random(5)
    alphabet = [*"abcXYZ019 -_éÉ'.,/", "  ", "œ", "\u00a0"]
    texts = ["", "  ", "Déjà Vu", "a  b", " a", "b "]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10))) for _ in range(300)]
    keys = normalise_keys(pd.Series(texts, dtype="string")).tolist()
    assert keys == [normalise_key(t) for t in texts]
    plain = ["abc", "a b c", "x1 y2"]  # already in key form: the regex pass is skipped
    assert normalise_keys(pd.Series(plain, dtype="string")).tolist() == plain
    slugs = slug_array(pa.array(texts, type=pa.large_string())).to_pylist()
    assert slugs == [slugify(t) or "x" for t in texts]


def test_keys_keep_each_cell_apart_when_bytes_are_dropped() -> None:
    # punctuation ending one cell and starting the next, accents and emoji first in a cell,
    # missing and empty cells between them, and a slice that starts inside the buffer: each
    # cell keyed alone, as the registry keys it
    texts = ["Mairie -", "- Paie", None, "", "éÉ", "😀 Gestion", "a!!!", "?b", "œuvre  --  d'art"]
    arr = pa.array(["zzz", *texts], type=pa.large_string()).slice(1)
    keys = normalise_keys(pd.Series(pd.array(arr, dtype="string"))).tolist()
    assert keys == [pd.NA if t is None else normalise_key(t) for t in texts]
    assert keys[:2] == ["mairie", "paie"]


def test_swap_char_keeps_cells_and_empties() -> None:
    arr = pa.array(["1,5", None, "", "2,0,1"], type=pa.large_string()).slice(0, 4)
    assert swap_char(arr, ",", ".").to_pylist() == ["1.5", None, "", "2.0.1"]
    assert swap_char(arr.slice(1), ",", ".").to_pylist() == [None, "", "2.0.1"]


def test_rows_to_frame_keeps_cells_as_given() -> None:
    frame = rows_to_frame([["a", 1, None], ["b", (1, 2), 2.5]], 3)
    assert frame[1].tolist() == [1, (1, 2)]
    assert frame[2].tolist()[1] == 2.5
    short = rows_to_frame([["a"], ["b", 2]], 2)
    assert short[1].tolist() == ["", 2]
    assert np.array_equal(rows_to_frame([], 2).columns, [0, 1])


_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _extra_columns() -> list[pd.Series]:
    """Extra columns as the readers hand them over: CSV text (arrow-backed, empty = missing),
    workbook cells of mixed types, a cp1252 column decoded as a categorical, object text."""
    return [
        pd.Series(pd.array(["  Paie ", None, "RH  et  paie", "x"], dtype=_STR)),
        pd.Series([1.0, "  oui ", None, pd.Timestamp("2024-03-01").to_pydatetime()]),
        pd.Series(pd.Categorical([" Mairie", "Mairie", None, "Région "])),
        pd.Series(["a", "", None, "  "], dtype=object),
        pd.Series([np.nan, 12.5, 3.0, np.nan]),
        pd.Series(pd.array([None, None, None, None], dtype=_STR)),
    ]


def test_extra_columns_converted_at_once_read_as_one_by_one() -> None:
    raws = _extra_columns()
    names = [f"extra:{i}" for i in range(len(raws))]
    frame = to_texts(raws, names)
    assert list(frame.columns) == names
    assert isinstance(frame.index, pd.RangeIndex)
    for name, raw in zip(names, raws, strict=True):
        expected = to_text(raw).reset_index(drop=True)
        pd.testing.assert_series_equal(frame[name], expected, check_names=False)


def test_blank_and_padded_cells_read_as_missing_and_trimmed() -> None:
    """Blank cells (empty, spaces, a tab) are missing and the others trimmed, whatever the
    column holds them as, alone or among text, and from a column cut out of a longer one."""
    cells = [" Paie ", "", None, "  ", "\t", "RH", "é "]
    expected = ["Paie", None, None, None, None, "RH", "é"]
    arrow = pd.Series(pd.array(["x", *cells], dtype=_STR))
    for raw in (pd.Series(cells, dtype=object), arrow.iloc[1:], arrow.iloc[1:3]):
        text = to_text(raw)
        assert [None if pd.isna(v) else v for v in text] == expected[: len(raw)]
        assert text.index.equals(raw.index)
    assert to_text(pd.Series(["a", "b"], dtype=object)).tolist() == ["a", "b"]
    assert to_text(pd.Series(["", " "], dtype=object)).isna().all()


def test_blank_rows_are_found_across_text_and_typed_columns() -> None:
    cells = pd.DataFrame(
        {
            0: pd.array([None, "a", None, None], dtype=_STR),
            1: pd.Series(["", None, None, 3.0], dtype=object),
            2: pd.array([None, None, "", None], dtype=_STR),  # an empty text is written
        }
    )
    assert non_blank_rows(cells).tolist() == [False, True, True, True]
    assert non_blank_rows(cells.iloc[:0]).tolist() == []

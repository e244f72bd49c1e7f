"""The cell pass the xlsx and ods writers share: each column rendered once per distinct value,
values of different types never confused, key/value blocks rendered with each row's kind."""

from __future__ import annotations

from typing import Any

from vendorlock.reports.cells import (
    Column,
    ColumnKind,
    Table,
    cell_bytes,
    column_cells,
    joined_grid,
    map_column,
)


def rendered(table: Table, renderer: Any, **options: Any) -> list[list[str]]:
    """Each column's cell texts, from the distinct texts and cell indices."""
    return [
        texts if codes is None else [texts[k] for k in codes.tolist()]
        for texts, codes in column_cells(table, renderer, **options)
    ]


def test_equal_values_of_different_types_are_rendered_apart() -> None:
    seen: list[Any] = []

    def render(v: Any) -> str:
        seen.append(v)
        return f"{type(v).__name__}:{v}"

    values = [True, 1, 1.0, "1", "1", True, None, [1, 2]]
    assert map_column(values, render) == [
        "bool:True",
        "int:1",
        "float:1.0",
        "str:1",
        "str:1",
        "bool:True",
        "NoneType:None",
        "list:[1, 2]",
    ]
    # once per distinct value (the list, unhashable, as it comes)
    assert seen == [True, 1, 1.0, "1", None, [1, 2]]


def test_columns_rendered_in_column_then_row_order_with_row_kinds() -> None:
    table = Table(
        id="summary",
        title="Summary",
        columns=(Column("Key"), Column("Value", ColumnKind.AUTO)),
        rows=[("Spend", 1200.0), ("Share", 0.25), ("Short row",)],
        row_kinds={0: ColumnKind.MONEY, 1: ColumnKind.SHARE},
    )
    order: list[tuple[int, Any]] = []

    def renderer(i: int, kind: ColumnKind) -> Any:
        def render(v: Any) -> str:
            order.append((i, v))
            return f"<{kind.value}:{v}>"

        return render

    columns = rendered(table, renderer, start=0)
    assert columns == [
        ["<text:Spend>", "<text:Share>", "<text:Short row>"],
        ["<money:1200.0>", "<share:0.25>", "<auto:None>"],
    ]
    assert [i for i, _ in order] == [0, 0, 0, 1, 1, 1]
    # a slice keeps the rows' own kinds; by_row=False renders the column with its own kind
    assert rendered(table, renderer, start=1, stop=2)[1] == ["<share:0.25>"]
    plain = rendered(table, renderer, by_row=lambda i: False)
    assert plain[1][:2] == ["<auto:1200.0>", "<auto:0.25>"]
    cells = [cell_bytes(c) for c in column_cells(table, renderer, start=0)]
    assert joined_grid([b"<r>", *cells, b"</r>"], 3).startswith(
        b"<r><text:Spend><money:1200.0></r><r><text:Share><share:0.25></r>"
    )


def test_both_workbooks_read_one_column_pass_per_slice() -> None:
    """The xlsx shared strings, the xlsx sheet and the ods table of one table find each
    slice's distinct values once (issue 11.3): the pass is kept on the table, and what each
    writer renders from it is what a fresh pass gives."""
    from vendorlock.reports import ods, xlsx
    from vendorlock.reports.cells import slice_columns

    rows = [(f"Logiciel {i % 7}", float(i % 3), "=cmd" if i == 5 else None) for i in range(40)]
    columns = (Column("Name"), Column("Cost", ColumnKind.MONEY), Column("Note"))
    table = Table("t", "T", columns, rows)
    sst = xlsx.shared_strings([table])
    first = slice_columns(table, 0, xlsx.SLICE)
    assert slice_columns(table, 0, xlsx.SLICE) is first
    found = first[0].found
    assert found is not None and found.uniques == [f"Logiciel {i}" for i in range(7)]
    assert xlsx.rows_xml(table, 2, sst, 0, xlsx.SLICE) == xlsx.rows_xml(
        Table("t", "T", columns, rows), 2, dict(sst), 0, xlsx.SLICE
    )
    assert ods.rows_xml(table, {}, 0, ods.SLICE) == ods.rows_xml(
        Table("t", "T", columns, rows), {}, 0, ods.SLICE
    )
    assert list(sst) == [*(f"Logiciel {i}" for i in range(7)), "=cmd"]


def test_columnar_cells_write_each_type_the_same_way_in_xlsx_and_ods() -> None:
    """Through the distinct-value pass a formula-like inventory text stays text, and numbers,
    dates, booleans and missing values keep their own cells in both workbooks, whatever the
    other values of their column."""
    from vendorlock.reports import ods, xlsx

    table = Table(
        id="t",
        title="T",
        columns=(
            Column("Name"),
            Column("Cost", ColumnKind.MONEY),
            Column("End", ColumnKind.DATE),
            Column("Open", ColumnKind.AUTO),
        ),
        rows=[
            ("=HYPERLINK(1)", 1200.0, "2027-03-31", True),
            ("Paie", None, "sans date", 1),
            ("=HYPERLINK(1)", 1200.0, None, 1.0),
        ],
    )
    sst: dict[str, int] = {}
    sheet = xlsx.rows_xml(table, 2, sst).decode("utf-8")
    assert sheet.startswith(
        '<row r="2"><c r="A2" s="2" t="s"><v>0</v></c><c r="B2" s="5"><v>1200.0</v></c>'
        '<c r="C2" s="7"><v>46477</v></c><c r="D2" t="b"><v>1</v></c></row>'
    )
    # the missing cost writes no cell; the unparsable date is text; 1 and 1.0 stay numbers
    assert '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c>' in sheet
    assert '<c r="D3"><v>1</v></c></row>' in sheet and '<c r="D4"><v>1.0</v></c>' in sheet
    assert list(sst) == ["=HYPERLINK(1)", "Paie", "sans date"]
    assert "<f>" not in sheet
    content = ods.rows_xml(table, {}).decode("utf-8")
    rows = content.split("</table:table-row>")
    assert rows[0].startswith(
        '<table:table-row><table:table-cell office:value-type="string"><text:p>=HYPERLINK(1)'
    )
    assert 'table:style-name="ce_money" office:value-type="float" office:value="1200.0"' in rows[0]
    assert 'office:date-value="2027-03-31"' in rows[0]
    assert 'office:boolean-value="true"' in rows[0]
    assert "<table:table-cell/>" in rows[1] and "<text:p>sans date</text:p>" in rows[1]
    assert rows[1].endswith('office:value-type="float" office:value="1"/>')
    assert rows[2].endswith('office:value-type="float" office:value="1.0"/>')
    assert "table:formula" not in content


def test_columns_rendered_at_once_give_the_cells_rendered_one_by_one() -> None:
    """The whole-column paths (text escaped in one pass, numbers as array concatenations)
    write each cell exactly as the one-value renderers do, on the texts that need care:
    ODF whitespace, carriage returns, XML-illegal and escaped characters, the join's own
    separator, text over Excel's cell limit, formula-like text; NaN, infinity, None."""
    from vendorlock.reports import ods, xlsx

    texts = ["a  b", " lead", "tab\tx", "cr\rx", "sep\ue000x", "x" * 40_000, "=1+1"]
    texts += ['<&>"', "\x01bad", None, "é😀", "plain", "plain"]
    floats = [1.5, float("nan"), float("inf"), None, 2.0, 1e-7, 1.5, 3.25, 0.1, 4.0, 5.0, 6.0, 7.0]
    ints = [1, 2, None, 10**20, 1, 0, -3, 7, 8, 9, 10, 11, 12]
    columns = (
        Column("Text"),
        Column("Share", ColumnKind.SHARE),
        Column("Money", ColumnKind.MONEY),
        Column("Int", ColumnKind.INT),
    )
    plain_texts = texts[:4] + texts[6:]  # without the separator nor the long text
    escaped_only = texts[6:]  # no whitespace rule either: the one-pass escaping
    for column_texts in (texts, plain_texts, escaped_only):
        rows = list(zip(column_texts, floats, floats, ints, strict=False))
        table = Table(id="t", title="T", columns=columns, rows=rows)
        expected_ods = "".join(
            "<table:table-row>"
            + "".join(ods._cell(v, c.kind) for v, c in zip(row, columns, strict=True))
            + "</table:table-row>"
            for row in rows
        )
        assert ods.rows_xml(table, {}).decode("utf-8") == expected_ods
        sst: dict[str, int] = {}
        expected_xlsx = ""
        for r, row in enumerate(rows, start=2):
            cells = ""
            for i, (v, c) in enumerate(zip(row, columns, strict=True)):
                body = xlsx._body(v, c.kind, sst)
                cells += f'<c r="{"ABCD"[i]}{r}"{body}' if body else ""
            expected_xlsx += f'<row r="{r}">{cells}</row>'
        numbered: dict[str, int] = {}
        assert xlsx.rows_xml(table, 2, numbered).decode("utf-8") == expected_xlsx
        assert numbered == sst


def test_a_signed_zero_keeps_its_own_text() -> None:
    """``0.0`` and ``-0.0`` are equal dict keys: rendering each distinct value once must not
    give one the other's text (Markdown and workbook cells)."""
    from vendorlock.reports.cells import map_column

    assert map_column([0.0, -0.0, 0.0, 1.5], repr) == ["0.0", "-0.0", "0.0", "1.5"]
    assert map_column([-0.0, 0.0], repr) == ["-0.0", "0.0"]


def test_a_short_or_long_row_is_written_as_the_row_padded_or_cut_to_the_columns() -> None:
    """Every writer reads a row short of the table's columns as empty cells after its values
    and ignores cells past them (one rule, :func:`padded_rows`): the html, xlsx and ods of a
    ragged table are those of the same table with its rows made to measure."""
    from vendorlock.i18n import Lang
    from vendorlock.reports import ods, xlsx
    from vendorlock.reports.cells import padded_rows
    from vendorlock.reports.html import table_html

    columns = (Column("Name"), Column("Editor"), Column("Cost", ColumnKind.MONEY))
    ragged: list[tuple[Any, ...]] = [
        ("Paie", "Berger-Levrault", 1200.0),
        ("Urbanisme",),
        ("GED", "Oracle", 300.0, "extra", 4),
        (),
    ]
    fitted = [
        ("Paie", "Berger-Levrault", 1200.0),
        ("Urbanisme", None, None),
        ("GED", "Oracle", 300.0),
        (None, None, None),
    ]
    assert padded_rows(ragged, 3) == fitted
    same = [("a", "b", 1.0)]
    assert padded_rows(same, 3) is same
    short, whole = Table("t", "T", columns, ragged), Table("t", "T", columns, fitted)
    assert table_html(short, Lang.FR) == table_html(whole, Lang.FR)
    assert table_html(short, Lang.FR, printed=True) == table_html(whole, Lang.FR, printed=True)
    assert xlsx.shared_strings([short]) == xlsx.shared_strings([whole])
    assert xlsx.rows_xml(short, 2, {}) == xlsx.rows_xml(whole, 2, {})
    assert ods.rows_xml(short, {}) == ods.rows_xml(whole, {})
    assert "extra" not in table_html(short, Lang.EN)

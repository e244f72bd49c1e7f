"""The cell pass the xlsx and ods writers share: each column rendered once per distinct value,
values of different types never confused, key/value blocks rendered with each row's kind."""

from __future__ import annotations

from typing import Any

from vendorlock.reports.cells import (
    Column,
    ColumnKind,
    Table,
    joined_rows,
    map_column,
    rendered_columns,
)


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

    columns = rendered_columns(table, renderer, start=0)
    assert columns == [
        ["<text:Spend>", "<text:Share>", "<text:Short row>"],
        ["<money:1200.0>", "<share:0.25>", "<auto:None>"],
    ]
    assert [i for i, _ in order] == [0, 0, 0, 1, 1, 1]
    # a slice keeps the rows' own kinds; by_row=False renders the column with its own kind
    assert rendered_columns(table, renderer, start=1, stop=2)[1] == ["<share:0.25>"]
    plain = rendered_columns(table, renderer, by_row=lambda i: False)
    assert plain[1][:2] == ["<auto:1200.0>", "<auto:0.25>"]
    assert joined_rows(columns, ["<r>"] * 3, "</r>")[0] == "<r><text:Spend><money:1200.0></r>"

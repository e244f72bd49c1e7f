"""audit.html: one offline file, inline SVG charts, sortable tables, every value escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.reports.conftest import EMOJI, HOSTILE, LONG, RTL
from vendorlock.i18n import Lang
from vendorlock.reports.audit_report import audit_html
from vendorlock.reports.depmap import dependency_map, organisation_maps


class Tags(HTMLParser):
    """Collects start tags with attributes and the text, as a browser's tokenizer would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def page(written: dict[str, Path]) -> str:
    return written["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def test_page_makes_no_external_request(page: str, parsed: Tags) -> None:
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "xlink:href", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<link" not in page and "@import" not in page


def test_page_inlines_the_five_charts_and_the_dependency_maps(page: str, parsed: Tags) -> None:
    svgs = [attrs for tag, attrs in parsed.tags if tag == "svg"]
    # Five charts, the overview map and one map per organisation (two here).
    assert len(svgs) == 8
    assert sum(1 for a in svgs if a.get("class") == "depmap") == 3
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page and "<metadata>" not in page


def test_hostile_values_create_no_element_and_stay_intact(parsed: Tags) -> None:
    assert [t for t, _ in parsed.tags if t == "script"] == ["script"]  # only the sorting script
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe", "object", "embed")]
    for tag, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    text = "".join(parsed.text)
    for value in HOSTILE:
        assert value in text, value[:30]
    assert "Syndicat mixte <b>Numérique</b> & Co" in text


def test_tables_are_sortable_and_numbers_carry_raw_values(page: str, parsed: Tags) -> None:
    tables = [a for t, a in parsed.tags if t == "table"]
    assert all("sortable" in (a.get("class") or "").split() for a in tables)
    assert {"t-risk_register", "t-actions", "t-flows", "t-editors"} <= {
        a["id"] or "" for a in tables
    }
    assert 'data-v="82.5"' in page
    assert "addEventListener" in page


@pytest.mark.parametrize(
    ("lang", "heading"), [(Lang.FR, "Registre des risques"), (Lang.EN, "Risk register")]
)
def test_labels_follow_the_language(doc: dict[str, Any], lang: Lang, heading: str) -> None:
    text = audit_html(doc, lang)
    assert f"<h2>{heading}</h2>" in text
    assert f'<html lang="{lang}">' in text


def test_map_keeps_to_the_riskiest_applications_when_large(doc: dict[str, Any]) -> None:
    apps = [dict(doc["applications"][0], app_id=f"x{i}", score=float(i % 100)) for i in range(300)]
    result = dependency_map(apps, [], {}, max_apps=150)
    assert (result.shown, result.total) == (150, 300)
    assert result.svg.count('class="app"') == 150


def test_map_names_are_escaped_and_full_in_tooltips(doc: dict[str, Any]) -> None:
    svg = dependency_map(doc["applications"], doc["flows"], {}).svg
    assert "<script>" not in svg
    assert html.escape(LONG) in svg and html.escape(RTL) in svg and EMOJI in svg


def test_map_groups_applications_by_editor_under_their_group(doc: dict[str, Any]) -> None:
    svg = dependency_map(doc["applications"], doc["flows"], {}, lang=Lang.FR).svg
    assert 'viewBox="0 0 1000 ' in svg  # scales to the page instead of a fixed 3,000 px
    editors = re.findall(r'<g class="editor"><title>([^<]*)</title>', svg)
    assert editors[0] == "Berger-Levrault"  # the editor most applications depend on first
    assert len(editors) == len(set(editors))
    assert svg.count('class="app"') == len(doc["applications"])
    assert "#d64545" in svg  # the critical application's square
    assert "3 applications, 2 organisations · 85\u202f000\u00a0€" in svg
    assert "1 application, 1 organisation" in svg


def test_organisation_maps_follow_the_worst_first_order(doc: dict[str, Any]) -> None:
    names = {o["org_id"]: o["name"] for o in doc["organisations"]}
    order = [o["org_id"] for o in reversed(doc["organisations"])]
    maps = organisation_maps(doc["applications"], doc["flows"], names, order, Lang.EN)
    assert [org for org, _m in maps] == [
        o for o in order if any(a["org_id"] == o for a in doc["applications"])
    ]
    assert sum(m.total for _o, m in maps) == len(doc["applications"])
    assert all(">e.magnus" in m.svg or "e.magnus" not in m.svg for _o, m in maps)


def _long_table(n: int, hostile: str) -> Any:
    from vendorlock.reports.cells import Column, ColumnKind, Table

    columns = (
        Column("Score", ColumnKind.SCORE),
        Column("Niveau", ColumnKind.TEXT),
        Column("Nom", ColumnKind.TEXT, 30),
        Column("Échéance", ColumnKind.DATE),
    )
    rows = [
        [float(i % 101), "élevé", f"{hostile} app {i}", f"2027-{1 + i % 12:02d}-15"]
        for i in range(n)
    ]
    return Table("risk_register", "Registre", columns, rows, level_col=1)


def test_a_long_table_carries_every_row_once_as_inert_json() -> None:
    import json

    from vendorlock.reports.html import HTML_ROW_LIMIT, PAGE_ROWS, table_html

    n = HTML_ROW_LIMIT + 501
    page = table_html(_long_table(n, "</script><script>alert(1)</script>"), Lang.FR)
    # The page writes the first rows; the JSON holds them all, and cannot close its script.
    assert page.count("<tr>") == PAGE_ROWS + 1  # + the header row
    assert page.count("</script>") == 1 and "<script>alert" not in page
    payload = re.search(
        r'<script type="application/json" id="d-t-risk_register">(.*)</script>', page
    )
    assert payload is not None
    rows = json.loads(payload.group(1))
    assert len(rows) == n
    assert rows[-1][2] == f"</script><script>alert(1)</script> app {n - 1}"
    # Cells keep what the written rows carry: sort key, class, level colour, long date.
    assert rows[7][0] == [
        "7,0",
        "7.0",
        "num",
    ]  # a score: one decimal and rows[7][1] == ["élevé", None, "lv lv-high"]
    assert rows[0][3] == ["15\u00a0janvier\u00a02027", "2027-01-15", "dt"]
    # On paper as on screen, the page says how many rows it shows and where the others are.
    assert "lignes sur 2\u202f501 affichées ici (et imprimées)" in page and "xlsx" in page


def test_a_printed_long_table_is_capped_with_a_note_saying_where_the_rest_is() -> None:
    from vendorlock.reports.html import PRINT_ROW_LIMIT, table_html

    page = table_html(_long_table(PRINT_ROW_LIMIT + 10, "x"), Lang.EN, printed=True)
    assert page.count("<tr>") == PRINT_ROW_LIMIT + 1
    assert "application/json" not in page
    assert "2,000 of 2,010 rows shown; the workbooks (xlsx, ods) hold them all." in page


def test_a_table_under_the_limit_is_written_whole_without_json() -> None:
    from vendorlock.reports.html import HTML_ROW_LIMIT, table_html

    page = table_html(_long_table(HTML_ROW_LIMIT, "x"), Lang.EN)
    assert page.count("<tr>") == HTML_ROW_LIMIT + 1 and "application/json" not in page


def test_rendered_rows_and_paged_json_escape_a_hostile_name_in_every_row() -> None:
    """Each distinct cell is rendered once and reused: the reused text must still be the
    escaped one, on every row, in the written rows and in the script's JSON."""
    import json

    from vendorlock.reports.cells import Column, ColumnKind, Table
    from vendorlock.reports.html import HTML_ROW_LIMIT, PAGE_ROWS, table_html

    hostile = '<img src=x onerror=alert(1)>"&</script><!--'
    n = HTML_ROW_LIMIT + 7
    rows = [[hostile if i % 2 else f"{hostile} {i}", "élevé", i] for i in range(n)]
    columns = (Column("Nom"), Column("Niveau", ColumnKind.LEVEL), Column("N", ColumnKind.INT))
    page = table_html(Table("t", "T", columns, rows, level_col=1), Lang.FR)
    parsed = Tags()
    parsed.feed(page)
    assert not any(tag in ("img", "script") and "onerror" in attrs for tag, attrs in parsed.tags)
    assert "<img" not in page and "<!--" not in page and page.count("</script>") == 1
    assert page.count("&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&lt;/script&gt;") == PAGE_ROWS
    assert page.count('<td class="lv lv-high">élevé</td>') == PAGE_ROWS
    payload = re.search(r'<script type="application/json" id="d-t-t">(.*)</script>', page)
    assert payload is not None and "<" not in payload.group(1) and "&" not in payload.group(1)
    data = json.loads(payload.group(1))
    # Every row is there for the filter, in order, with its own values.
    assert len(data) == n
    assert [r[0] for r in data] == [r[0] for r in rows]
    assert [r[2] for r in data] == [
        [str(i) if i < 1000 else f"{i:,}".replace(",", "\u202f"), repr(i), "num"] for i in range(n)
    ]
    assert all(r[1] == ["élevé", None, "lv lv-high"] for r in data)


def test_equal_values_of_different_types_keep_their_own_cells() -> None:
    """``True``, ``1`` and ``1.0`` are equal in Python: a cell rendered once per distinct
    value must not show one for the other; a short row gets empty cells; a list is shown."""
    from vendorlock.reports.cells import Column, ColumnKind, Table
    from vendorlock.reports.html import table_html

    rows: list[list[Any]] = [[1], [True], [1.0], [1], [True], [None], [["a", "b"]], []]
    page = table_html(Table("t", "T", (Column("V", ColumnKind.AUTO),), rows), Lang.EN)
    cells = re.findall(r"<td[^>]*>[^<]*</td>", page)
    assert cells == [
        "<td>1</td>",
        "<td>yes</td>",
        "<td>1</td>",
        "<td>1</td>",
        "<td>yes</td>",
        "<td></td>",
        "<td>[&#x27;a&#x27;, &#x27;b&#x27;]</td>",
        "<td></td>",
    ]
    money = Table("m", "M", (Column("€", ColumnKind.MONEY),), [[1], [1.0], [True]])
    assert re.findall(r"<td[^>]*>", table_html(money, Lang.EN)) == [
        '<td data-v="1" class="num">',
        '<td data-v="1.0" class="num">',
        "<td>",
    ]


def test_a_long_table_is_the_same_whatever_the_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long tables are rendered a chunk of rows at a time (bounded memory): chunk edges must
    not drop, repeat or reorder a row, in the written rows or in the JSON, and a memo
    emptied between chunks must not change a cell."""
    from vendorlock.reports import html as html_module

    table = _long_table(html_module.HTML_ROW_LIMIT + 23, "<b>")
    whole = html_module.table_html(table, Lang.EN)
    monkeypatch.setattr(html_module, "CHUNK_ROWS", 7)
    assert html_module.table_html(table, Lang.EN) == whole
    # A column's memo emptied between chunks when full (bounded memory): the same page.
    # (50 rows a chunk: the twelve dates repeat, so their column is memoised, past 3 texts.)
    monkeypatch.setattr(html_module, "CHUNK_ROWS", 50)
    monkeypatch.setattr(html_module, "MEMO_LIMIT", 3)
    assert html_module.table_html(table, Lang.EN) == whole


def test_a_chunk_of_another_type_does_not_reuse_the_cells_of_an_earlier_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A column memoised by value across chunks: ``1`` in one chunk and ``True`` in the next
    are equal keys, yet must keep their own cells; ``0.0`` and ``-0.0`` too."""
    from vendorlock.reports import html as html_module
    from vendorlock.reports.cells import Column, ColumnKind, Table

    monkeypatch.setattr(html_module, "CHUNK_ROWS", 4)
    rows: list[list[Any]] = [[1]] * 4 + [[True]] * 4 + [[1.0]] * 4 + [[0.0], [-0.0], [0.0], [0.0]]
    page = html_module.table_html(Table("t", "T", (Column("V", ColumnKind.AUTO),), rows), Lang.EN)
    one_by_one = [
        re.findall(
            r"<td[^>]*>[^<]*</td>", html_module.table_html(Table("t", "T", t.columns, [r]), Lang.EN)
        )[0]
        for t in [Table("t", "T", (Column("V", ColumnKind.AUTO),), rows)]
        for r in rows
    ]
    assert re.findall(r"<td[^>]*>[^<]*</td>", page) == one_by_one
    assert one_by_one[4] != one_by_one[0]  # True is not shown as 1


def _flows_like(n: int) -> Any:
    """A flows-like table: short ids, dates and amounts beside names and long reasons."""
    from vendorlock.reports.cells import Column, ColumnKind, Table

    columns = (
        Column("Id flux", ColumnKind.TEXT, 10),
        Column("Nom", ColumnKind.TEXT, 30),
        Column("Raison principale", ColumnKind.TEXT, 40),
        Column("Décider avant le", ColumnKind.DATE, 12),
        Column("Coût", ColumnKind.MONEY, 10),
    )
    reason = "Le contrat n'a pas de clause de réversibilité : rien n'oblige l'éditeur à aider"
    rows = [
        [f"m001-f{i:04d}", f"Gestion financière {i}", f"{reason} ({i})", "2027-09-30", 9533.0 * i]
        for i in range(n)
    ]
    return Table("flows", "Flux", columns, rows)


def _col_widths(page: str) -> list[str]:
    return re.findall(r'<col style="width:([^"]+)">', page)


def test_printed_short_columns_get_their_longest_text_and_text_columns_share_the_rest() -> None:
    from vendorlock.reports.html import PRINT_LINE_CH, PRINT_PAD, table_html

    table = _flows_like(40)
    widths = _col_widths(table_html(table, Lang.FR, printed=True, line_ch=PRINT_LINE_CH[True]))
    # An id, a date and an amount keep one line: their column is as wide as their longest text.
    assert widths[0] == f"{len('m001-f0039') + PRINT_PAD:.1f}ch"
    assert widths[3] == f"{len('30 septembre 2027') + PRINT_PAD:.1f}ch"
    assert widths[4].endswith("ch") and not widths[4].startswith("calc")
    short = sum(float(widths[i][:-2]) for i in (0, 3, 4))
    shares = [
        re.fullmatch(rf"calc\(\(100% - {short:.1f}ch\) \* ([\d.]+)\)", w) for w in widths[1:3]
    ]
    assert all(shares), widths
    name, reason = (float(m.group(1)) for m in shares if m)
    assert reason > name and abs(name + reason - 1) < 1e-3  # the long text gets the most
    # The screen keeps the nominal proportions.
    assert all(w.endswith("%") for w in _col_widths(table_html(table, Lang.FR)))


def test_printed_widths_keep_each_header_whole_when_the_line_is_too_narrow() -> None:
    """Short columns and text floors do not fit 40 ch: each column is at least its header's
    longest piece (« Décider », « prin-cipale »), the rest shared by the nominal widths; on a
    line too narrow for the headers themselves, the nominal widths."""
    from vendorlock.reports.html import PRINT_PAD, header_piece, table_html

    table = _flows_like(5)
    widths = _col_widths(table_html(table, Lang.FR, printed=True, line_ch=40.0))
    floors = [re.match(r"calc\(([\d.]+)ch \+", w) for w in widths]
    assert all(floors), widths
    for floor, column in zip(floors, table.columns, strict=True):
        assert floor is not None
        assert float(floor.group(1)) == round(header_piece(column.header, Lang.FR) + PRINT_PAD, 1)
    assert header_piece("Décider avant le", Lang.FR) == header_piece("Décider", Lang.FR)
    page = table_html(table, Lang.FR, printed=True, line_ch=20.0)
    assert all(w.endswith("%") for w in _col_widths(page))


def test_browser_print_floors_a_numeric_column_at_its_widest_amount() -> None:
    """Printed by the browser (Ctrl+P), a crowded table's amount column is at least as wide as
    its widest amount: numbers never wrap, and « 225 484 € » ran into the next cell."""
    from vendorlock.reports.cells import Column, ColumnKind, Table
    from vendorlock.reports.html import PRINT_LINE_CH, PRINT_PAD, _digits_width, table_html
    from vendorlock.reports.numbers import display

    columns = (
        Column("Éditeur", ColumnKind.TEXT, 26),
        *(Column(f"Texte {i}", ColumnKind.TEXT, 30) for i in range(6)),
        Column("Coût", ColumnKind.MONEY, 6),
        Column("Libre", ColumnKind.TEXT, 8),
    )
    rows = [["Berger-Levrault", *["mot " * 12] * 6, 225484.0, "non"], ["B", *["x"] * 6, 3.0, "oui"]]
    page = table_html(Table("t", "T", columns, rows), Lang.FR)
    shares = [float(s) for s in re.findall(r"--pw:([\d.]+)%", page)]
    assert len(shares) == len(columns)
    widest = _digits_width(display(225484.0, ColumnKind.MONEY, Lang.FR)) + PRINT_PAD
    assert widest >= 8  # « 225 484 € »: six digits, the euro sign, two narrow spaces
    assert shares[7] / 100 * PRINT_LINE_CH[False] >= widest - 0.01

"""The observatory's files: ``observatory.html``, ``observatory.xlsx`` and Parquet tables.

HTML and xlsx carry the summary and ranked tables (capped: a writer spends ~0.1 ms per row);
the Parquet tables carry everything for analysts. Every byte is deterministic: sorted tables,
no timestamps, fixed zip member dates, Parquet without pandas metadata.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from vendorlock.i18n import Lang, t
from vendorlock.observatory.compute import Observatory
from vendorlock.observatory.records import observatory_rules
from vendorlock.registry.registries import Registries
from vendorlock.reports import charts
from vendorlock.reports.cells import Column, Table
from vendorlock.reports.cells import ColumnKind as K
from vendorlock.reports.numbers import number, share
from vendorlock.reports.xlsx import xlsx_bytes

#: Rows of one table in the HTML report and in the workbook.
HTML_ROWS = 30
XLSX_ROWS = 50_000
#: Smallest number of contracts for an area to be ranked by concentration (tiny areas are
#: trivially concentrated).
MIN_CONTRACTS = 20

_KINDS = {
    "contracts": K.INT,
    "buyers": K.INT,
    "groups": K.INT,
    "year": K.INT,
    "amount": K.MONEY,
    "count_share": K.SHARE,
    "amount_share": K.SHARE,
    "top_share": K.SHARE,
    "hhi_count": K.NUMBER,
    "hhi_amount": K.NUMBER,
}


def _table(tid: str, title: str, frame: pd.DataFrame, lang: Lang, limit: int) -> Table:
    shown = frame.head(limit)
    columns = tuple(
        Column(t(f"observatory.col.{c}", lang), _KINDS.get(c, K.TEXT), 14) for c in frame.columns
    )
    rows = [
        tuple(None if pd.isna(v) else v for v in row)
        for row in shown.astype("object").itertuples(index=False)
    ]
    note = None
    if len(frame) > limit:
        note = t("observatory.capped", lang, shown=limit, total=len(frame))
    return Table(tid, title, columns, rows, note=note)


def _domain_names(domains: pd.Series, lang: Lang) -> pd.Series:
    labels = observatory_rules().domain_labels
    code = Lang(lang).value
    return domains.map(lambda d: labels.get(d, {}).get(code, d), na_action="ignore")


def _area_names(areas: pd.Series, scope: pd.Series) -> pd.Series:
    """Region codes shown with their names ("53 Bretagne"); départements as their code."""
    names = observatory_rules().region_names
    named = areas.map(lambda a: f"{a} {names[a]}" if a in names else a, na_action="ignore")
    return named.where(scope == "region", areas)


#: Display names of corporate groups and editors, by registry id (empty: ids are shown).
Names = Mapping[str, str]


def registry_names(registries: Registries) -> dict[str, str]:
    """Group and editor names by id: a group id is its head editor's id in the registry."""
    return {eid: entry.name for eid, entry in registries.editors.items() if entry.name}


def _named(ids: pd.Series, names: Names) -> pd.Series:
    """Registry ids shown by name (an id the registry does not name stays as written)."""
    return ids.map(lambda i: names.get(i, i), na_action="ignore")


def _localised(obs: Observatory, lang: Lang, names: Names) -> dict[str, pd.DataFrame]:
    """The ranked tables of the reports, values localised, groups and editors by name."""
    scope = {s: t(f"observatory.scope.{s}", lang) for s in ("national", "region", "departement")}
    every = t("observatory.all_years", lang)
    conc = obs.concentration[
        (obs.concentration["year"] == 0) & (obs.concentration["contracts"] >= MIN_CONTRACTS)
    ].sort_values(
        ["hhi_amount", "scope", "area", "domain"],
        ascending=[False, True, True, True],
        kind="stable",
    )
    conc = conc.assign(
        area=_area_names(conc["area"], conc["scope"]),
        domain=_domain_names(conc["domain"], lang),
        scope=conc["scope"].map(scope),
        year=every,
        top_group=_named(conc["top_group"], names),
    ).round({"hhi_count": 0, "hhi_amount": 0})
    shares = obs.shares.assign(
        area=_area_names(obs.shares["area"], obs.shares["scope"]),
        domain=_domain_names(obs.shares["domain"], lang),
        scope=obs.shares["scope"].map(scope),
        year=obs.shares["year"].astype("object").where(obs.shares["year"] != 0, every),
        group=_named(obs.shares["group"], names),
    )
    pool_domain = obs.pooling["by"] == "domain"
    pooling = obs.pooling.assign(
        subject=_domain_names(obs.pooling["subject"], lang).where(
            pool_domain, _named(obs.pooling["subject"], names)
        ),
        by=obs.pooling["by"].map({b: t(f"observatory.by.{b}", lang) for b in ("editor", "domain")}),
        window_start=_iso(obs.pooling["window_start"]),
        window_end=_iso(obs.pooling["window_end"]),
    )
    overall = obs.overall[obs.overall["level"] == "group"].drop(columns=["level"])
    overall = overall.assign(name=_named(overall["name"], names))
    return {
        "overall": overall,
        "concentration": conc[
            [
                "scope",
                "area",
                "domain",
                "contracts",
                "amount",
                "groups",
                "hhi_count",
                "hhi_amount",
                "top_group",
                "top_share",
            ]
        ],
        "pooling": pooling,
        "shares": shares,
    }


def _iso(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d")


def _trend(obs: Observatory, lang: Lang) -> pd.DataFrame:
    """National HHI on amounts, domain × year."""
    nat = obs.concentration[
        (obs.concentration["scope"] == "national") & (obs.concentration["year"] != 0)
    ]
    table = nat.pivot_table(index="domain", columns="year", values="hhi_amount", aggfunc="sum")
    table = table.round(0).sort_index()
    table.index = _domain_names(pd.Series(table.index), lang).to_numpy()
    return table


def summary_lines(obs: Observatory, lang: Lang) -> list[str]:
    years = "–".join(sorted({str(obs.years[0]), str(obs.years[-1])})) if obs.years else "—"
    pct = share(obs.located / obs.contracts if obs.contracts else 0.0, lang)
    return [
        t(
            "observatory.summary_line",
            lang,
            contracts=number(obs.contracts, lang, 0),
            buyers=number(obs.buyers_count, lang, 0),
            years=years,
            located=number(obs.located, lang, 0),
            located_pct=pct,
        ),
        t("observatory.limits", lang),
    ]


def _cell(value: Any, kind: K, lang: Lang) -> str:
    """One HTML cell's text, numbers written the language's way (``12 345``, ``5,4 %``)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == K.SHARE:
        return html.escape(share(value, lang))
    if kind in (K.MONEY, K.NUMBER):
        return html.escape(number(round(float(value)), lang, 0))
    if kind == K.INT:
        return html.escape(number(int(value), lang, 0))
    return html.escape(str(value))


def _html_table(table: Table, lang: Lang) -> str:
    head = "".join(f"<th>{html.escape(c.header)}</th>" for c in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='{c.kind}'>{_cell(v, c.kind, lang)}</td>"
            for v, c in zip(row, table.columns, strict=True)
        )
        + "</tr>"
        for row in table.rows
    )
    note = f"<p class='note'>{html.escape(table.note)}</p>" if table.note else ""
    return f"<h2>{html.escape(table.title)}</h2><table><tr>{head}</tr>{body}</table>{note}"


_CSS = (
    "body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px}"
    "td.int,td.money,td.number,td.share{text-align:right}.note{color:#555}"
)


def html_report(obs: Observatory, lang: Lang, names: Names | None = None) -> str:
    names = names or {}
    tables = _localised(obs, lang, names)
    top = obs.overall.assign(name=_named(obs.overall["name"], names))
    groups = [
        (str(n), float(s))
        for n, s in top[top["level"] == "group"]
        .head(10)[["name", "amount_share"]]
        .itertuples(index=False)
    ]
    editors = [
        (str(n), float(s))
        for n, s in top[top["level"] == "editor"]
        .head(10)[["name", "amount_share"]]
        .itertuples(index=False)
    ]
    trend = _trend(obs, lang)
    trend_table = Table(
        "trend",
        t("observatory.trend", lang),
        (
            Column(t("observatory.col.domain", lang)),
            *tuple(Column(str(y), K.NUMBER) for y in trend.columns),
        ),
        [(d, *row) for d, row in zip(trend.index, trend.itertuples(index=False), strict=True)],
    )
    parts = [
        f"<!DOCTYPE html><html lang='{Lang(lang).value}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(t('observatory.title', lang))}</title><style>{_CSS}</style></head>",
        f"<body><h1>{html.escape(t('observatory.title', lang))}</h1>",
        f"<h2>{html.escape(t('observatory.summary', lang))}</h2>",
        *(f"<p>{html.escape(line)}</p>" for line in summary_lines(obs, lang)),
        charts.concentration(editors, groups, lang) if groups else "",
        _html_table(
            _table(
                "overall", t("observatory.top_groups", lang), tables["overall"], lang, HTML_ROWS
            ),
            lang,
        ),
        _html_table(
            _table(
                "concentration",
                t("observatory.concentration", lang),
                tables["concentration"],
                lang,
                HTML_ROWS,
            ),
            lang,
        ),
        _html_table(trend_table, lang),
        _html_table(
            _table("pooling", t("observatory.pooling", lang), tables["pooling"], lang, HTML_ROWS),
            lang,
        ),
        f"<p class='note'>{html.escape(t('observatory.pooling_note', lang))}</p>",
        "</body></html>\n",
    ]
    return "".join(parts)


def xlsx_report(obs: Observatory, lang: Lang, names: Names | None = None) -> bytes:
    tables = _localised(obs, lang, names or {})
    summary = Table(
        "summary",
        t("observatory.sheet.summary", lang),
        (Column(t("observatory.summary", lang), K.TEXT, 120),),
        [(line,) for line in summary_lines(obs, lang)],
    )
    sheets: Sequence[Table] = [
        summary,
        *(
            _table(key, t(f"observatory.sheet.{key}", lang), tables[key], lang, XLSX_ROWS)
            for key in ("overall", "concentration", "pooling", "shares")
        ),
    ]
    return xlsx_bytes(sheets, lang=str(lang))


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd", write_statistics=False)


def write_all(obs: Observatory, out: Path, lang: Lang, names: Names | None = None) -> list[Path]:
    """Every file of the observatory in ``out``; the paths written, sorted.

    ``names`` (:func:`registry_names`) shows groups and editors by name in the HTML and the
    workbook; the Parquet tables keep the registry ids, the keys analysts join on.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    page = out / "observatory.html"
    page.write_text(html_report(obs, lang, names), encoding="utf-8")
    book = out / "observatory.xlsx"
    book.write_bytes(xlsx_report(obs, lang, names))
    written += [page, book]
    for name, frame in (
        ("shares", obs.shares),
        ("concentration", obs.concentration),
        ("buyer_editor_map", obs.buyer_map),
        ("pooling", obs.pooling),
        ("groups", obs.overall),
    ):
        path = out / f"{name}.parquet"
        _parquet(frame, path)
        written.append(path)
    return sorted(written)

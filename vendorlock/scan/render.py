"""The scan reports: a self-contained HTML page (summary first), a workbook and the JSON document.

Tables are the report layer's :class:`~vendorlock.reports.cells.Table`, so the page reuses the
audit's shell (inline CSS, no network, every value escaped) and the workbook its xlsx writer.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from vendorlock import jsonio
from vendorlock.fileio import atomic_write
from vendorlock.i18n import Lang, date_text, french_spaces, t, tn
from vendorlock.reports.cells import Column, ColumnKind, Table
from vendorlock.reports.numbers import number, share
from vendorlock.reports.sections import Facts, Kpi, KpiStrip, Paragraph, Section, page_html
from vendorlock.reports.tables import label
from vendorlock.reports.xlsx import xlsx_bytes
from vendorlock.scan.model import ScanResult, to_document

_I, _S, _T = ColumnKind.INT, ColumnKind.SHARE, ColumnKind.TEXT


def _c(key: str, lang: Lang, kind: ColumnKind = _T, width: int = 14) -> Column:
    return Column(t(f"scan.col.{key}", lang), kind, width)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _nan_none(value: float) -> float | None:
    return None if math.isnan(value) else value


def tables(result: ScanResult, lang: Lang) -> list[Table]:
    """Summary, formats, openness, folders to migrate, samples and problems."""
    summary_rows: list[list[object]] = [
        [t("scan.sum.roots", lang), ", ".join(result.roots)],
        [t("scan.sum.files", lang), result.files],
        [t("scan.sum.bytes", lang), result.bytes],
        [t("scan.sum.not_open_bytes", lang), _nan_none(result.not_open_share_bytes)],
        [t("scan.sum.not_open_files", lang), _nan_none(result.not_open_share_files)],
        [t("scan.sum.closedness", lang), _nan_none(result.closedness_bytes)],
        [t("scan.sum.oldest", lang), _dated(result.oldest, lang)],
        [t("scan.sum.newest", lang), _dated(result.newest, lang)],
        [t("scan.sum.hidden", lang), _apart(result.hidden, lang)],
        [t("scan.sum.system", lang), _apart(result.system, lang)],
        [t("scan.sum.empty", lang), result.empty],
        [t("scan.sum.symlinks", lang), result.symlinks],
        [t("scan.sum.partial", lang), t("scan.yes" if result.partial else "scan.no", lang)],
    ]
    formats = Table(
        "formats",
        t("scan.sec.formats", lang),
        (
            _c("format", lang),
            _c("name", lang, width=40),
            _c("openness", lang, width=22),
            _c("rgi", lang),
            _c("pronom", lang, width=20),
            _c("files", lang, _I),
            _c("bytes", lang, _I),
            _c("share_bytes", lang, _S),
            _c("by_content", lang, _I),
            _c("by_extension", lang, _I),
            _c("wrong_extension", lang, _I),
            _c("damaged", lang, _I),
        ),
        [
            (
                f.format,
                french_spaces(f.name_fr or f.name) if lang is Lang.FR else f.name,
                t(f"scan.openness.{f.openness}", lang),
                label("rgi", f.rgi_status, lang),  # « en observation », not its id
                f.pronom,
                f.files,
                f.bytes,
                _ratio(f.bytes, result.bytes),
                f.by_content,
                f.by_extension,
                f.wrong_extension,
                f.damaged,
            )
            for f in result.formats
        ],
    )
    openness = Table(
        "openness",
        t("scan.sec.openness", lang),
        (
            _c("openness", lang, width=22),
            _c("files", lang, _I),
            _c("bytes", lang, _I),
            _c("share_bytes", lang, _S),
        ),
        [
            (t(f"scan.openness.{o}", lang), n, b, _ratio(b, result.bytes))
            for o, n, b in result.openness
        ],
    )
    folders = Table(
        "folders",
        t("scan.sec.folders", lang),
        (
            _c("folder", lang, width=30),
            _c("files", lang, _I),
            _c("bytes", lang, _I),
            _c("not_open_files", lang, _I),
            _c("not_open_bytes", lang, _I),
            _c("share_bytes", lang, _S),
            _c("to_migrate", lang, width=40),
        ),
        [
            (
                f.folder,
                f.files,
                f.bytes,
                f.not_open_files,
                f.not_open_bytes,
                _ratio(f.not_open_bytes, f.bytes),
                f.to_migrate,
            )
            for f in result.folders
        ],
    )
    problems = Table(
        "problems",
        t("scan.sec.problems", lang),
        (_c("kind", lang, width=24), _c("count", lang, _I)),
        [(t(f"scan.problem.{k}", lang), n) for k, n in result.problems],
    )
    samples = Table(
        "samples",
        t("scan.sec.samples", lang),
        (_c("kind", lang, width=24), _c("path", lang, width=60), _c("detail", lang, width=30)),
        [
            (t(f"scan.sample.{kind.split('.')[0]}", lang) + _suffix(kind, lang), p, d)
            for kind, items in result.samples
            for p, d in items
        ],
    )
    summary = Table(
        "summary",
        t("scan.sec.summary", lang),
        (Column("", ColumnKind.AUTO, 40), Column("", ColumnKind.AUTO, 60)),
        summary_rows,
    )
    return [summary, formats, openness, folders, problems, samples]


def _apart(counts: tuple[int, int], lang: Lang) -> str:
    """« 0 fichier, 0 octet » / "0 files, 0 bytes": each count agreeing with its noun."""
    files = tn("scan.sum.apart_files", counts[0], lang, count=number(counts[0], lang))
    size = tn("scan.sum.apart_bytes", counts[1], lang, count=number(counts[1], lang))
    return t("scan.sum.apart", lang, files=files, bytes=size)


def _dated(found: tuple[str, str] | None, lang: Lang) -> str:
    """The oldest or newest file: its day as a sentence writes it (« 30 novembre 2026 » in
    French; ISO in English), then its path."""
    if found is None:
        return ""
    day, path = found
    try:
        return f"{date_text(date.fromisoformat(day), lang)} {path}"
    except ValueError:
        return f"{day} {path}"


def _suffix(kind: str, lang: Lang) -> str:
    return f" — {t('scan.problem.' + kind.split('.', 1)[1], lang)}" if "." in kind else ""


def scan_html(result: ScanResult, lang: Lang) -> str:
    """The page: headline figures first, then every table."""
    not_open = share(result.not_open_share_bytes, lang) or "–"
    counts = t(
        "scan.html.of_files",
        lang,
        files=number(result.files, lang),
        bytes=number(result.bytes, lang),
    )
    headline = KpiStrip((Kpi(t("scan.sum.not_open_bytes", lang), not_open, counts),))
    partial = (Paragraph(t("scan.html.partial", lang)),) if result.partial else ()
    sections = []
    for table in tables(result, lang):
        if table.id == "summary":
            facts = Facts(tuple((str(k), _shown(v, lang)) for k, v in table.rows))
            sections.append(Section("summary", table.title, (headline, *partial, facts)))
        else:
            sections.append(Section(table.id, table.title, (table,)))
    return page_html(t("scan.html.title", lang), sections, lang)


def _shown(value: object, lang: Lang) -> str:
    if isinstance(value, float):
        return share(value, lang)
    if isinstance(value, int):
        return number(value, lang)
    return "" if value is None else str(value)


def write_scan_reports(
    result: ScanResult, out_dir: Path, lang: Lang, signatures_version: str
) -> list[Path]:
    """Write scan.html, scan.xlsx and scan.json in ``out_dir``; returns the paths."""
    doc = to_document(result, signatures_version)
    json_text = jsonio.dumps(doc, indent=2, sort_keys=True) + "\n"
    workbook = xlsx_bytes(tables(result, lang), headerless=frozenset({"summary"}), lang=str(lang))
    return [
        atomic_write(out_dir / "scan.html", scan_html(result, lang).encode("utf-8")),
        atomic_write(out_dir / "scan.xlsx", workbook),
        atomic_write(out_dir / "scan.json", json_text.encode("utf-8")),
    ]

"""``write_reports``: every audit output written from the audit document, atomically.

One function per format, mapped from :class:`ReportFormat` by a ``match`` that ends in
:func:`typing.assert_never`, so adding a format without a writer fails type checking. Each file
is complete or absent (:func:`vendorlock.fileio.atomic_write`), never written over an input,
and zip formats are normalised so the same document gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, assert_never

from vendorlock import jsonio
from vendorlock.document import LAZY_SECTIONS, AuditDocument
from vendorlock.fileio import Content, atomic_write_all, check_targets
from vendorlock.i18n import Lang, has, t
from vendorlock.reports.formats import ReportFormat as ReportFormat
from vendorlock.reports.formats import file_name, note_name
from vendorlock.reports.processes import Batch, can_fork, fill_in_processes, plan

# The modules of one format (workbooks: tables, xlsx, ods; the note: note, letters) are imported
# by the function writing it, so in the report worker writing that format: with 2+ workers their
# imports run in parallel after the fork instead of one after the other before it (issue 11).
if TYPE_CHECKING:
    from vendorlock.reports import tables
    from vendorlock.reports.note import Note
    from vendorlock.reports.xlsx import BarChart

    Sheets = tuple[list[tables.Table], dict[str, list[BarChart]]]

Doc = Mapping[str, Any]
T = TypeVar("T")

#: Deflate level for xlsx / ods, whose members zlib-ng deflates (:class:`~vendorlock.fileio.
#: ZipWriter`). Measured on the members of the 2,000-application audit.xlsx / audit.ods
#: (17.6 / 52.9 MB of XML), CPU s and MB, medians of 7 interleaved runs: Python's zlib at 1
#: (until now) 0.091 / 2.61 and 0.181 / 2.94; zlib-ng at 2 0.062 / 2.42 and 0.082 / 2.75;
#: zlib-ng at 1 0.042 / 3.37 and 0.062 / 3.49; ISA-L (python-isal) at 0-2 0.026 / 2.42 and
#: 0.028 / 2.47 at 1-2, but its bytes depend on the processor (see ZipWriter). Level 2: 0.53x
#: zlib 1's CPU (0.13 s less in the workbooks' worker) and 7 % smaller files; level 1 is faster
#: still but 29 % (xlsx) and 19 % (ods) larger than zlib 1. Earlier, Python's zlib: xlsx 0.12 /
#: 2.61 at 1, 0.18 / 2.23 at 4, 0.37 / 2.04 at 6; ods 0.21 / 2.94, 0.34 / 2.19, 0.55 / 1.74.
ZIP_LEVEL = 2


def _compact(value: Any) -> str:
    return jsonio.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ": "))


def audit_json(doc: Doc) -> bytes:
    """The document itself: sorted keys, UTF-8, one list item per line, final newline.

    One line per application, flow or action keeps line-based diffs of two audits readable,
    and lets the C encoder do the work: an ``indent=2`` dump falls back to Python's pure
    encoder, 3× slower on a 2,000-application document.
    """
    return "".join(audit_json_parts(doc)).encode("utf-8")


def audit_json_parts(doc: Doc) -> Iterator[str]:
    """:func:`audit_json` as successive pieces of text, in one pass over the document: the
    lazy sections of a columnar document are encoded a chunk at a time, so writing them to a
    file never holds every application's object (nor the whole text) in memory."""
    yield "{\n"
    for n, key in enumerate(sorted(doc)):
        yield (",\n" if n else "") + f"  {_compact(key)}: "
        if isinstance(doc, AuditDocument) and key in LAZY_SECTIONS:
            # each line as it is, its separator apart: joining a chunk first copied its text
            # (≈ 13 MB of the 2,000-application audit) once more before the file's encoding
            sep = "[\n    "
            for chunk in doc.json_chunks(key):
                for line in chunk:
                    yield sep
                    yield line
                    sep = ",\n    "
            yield "[]" if sep == "[\n    " else "\n  ]"
            continue
        value = doc[key]
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {_compact(item)}" for item in value)
            yield f"[\n{items}\n  ]"
        else:
            yield _compact(value)
    yield "\n}\n"


#: Characters of audit.json joined before each write: the document comes as ~28,000 pieces
#: (two per line), and writing each through a text file cost 0.05 s of the JSON writer's CPU
#: on the 2,000-application audit; batches of this size keep memory bounded.
JSON_BATCH = 1 << 20


def _write_json(doc: Doc) -> Callable[[Path], None]:
    """A writer streaming :func:`audit_json_parts` to the temporary file it is given, in
    UTF-8 batches of about :data:`JSON_BATCH` characters."""

    def write(path: Path) -> None:
        with path.open("wb") as fh:
            for batch in batched_text(audit_json_parts(doc), JSON_BATCH):
                fh.write(batch.encode("utf-8"))

    return write


def batched_text(parts: Iterable[str], size: int) -> Iterator[str]:
    """``parts`` joined into pieces of at least ``size`` characters (the last may be
    shorter): the same text, in few large writes instead of many small ones."""
    buf: list[str] = []
    count = 0
    for part in parts:
        buf.append(part)
        count += len(part)
        if count >= size:
            yield "".join(buf)
            buf.clear()
            count = 0
    if buf:
        yield "".join(buf)


def level_labels(lang: Lang) -> dict[str, tuple[str, ...]]:
    """The texts a level cell may show (localised label), for conditional formatting."""
    from vendorlock.reports import tables

    return {lv: (t(f"reports.level.{lv}", lang),) for lv in tables.LEVELS}


def workbook_sheets(doc: Doc, lang: Lang) -> tuple[list[tables.Table], dict[str, list[BarChart]]]:
    """Sheets and charts shared by the xlsx and ods writers."""
    from vendorlock.reports import tables
    from vendorlock.reports.xlsx import LEVEL_COLOURS, BarChart

    blocks = tables.summary(doc, lang)
    sheet = blocks.table.title
    cats = tuple(
        str(r[0]) for r in blocks.table.rows[blocks.levels_row - 1 :][: blocks.levels_count]
    )
    vals = tuple(
        float(r[1]) for r in blocks.table.rows[blocks.levels_row - 1 :][: blocks.levels_count]
    )
    charts = [
        BarChart(
            t("reports.chart.levels", lang),
            t("reports.col.applications", lang),
            sheet,
            0,
            1,
            blocks.levels_row,
            cats,
            vals,
            colours=tuple(fill for fill, _ in LEVEL_COLOURS.values()),
            anchor=(3, 1),
        )
    ]
    if blocks.editors_count:
        rows = blocks.table.rows[blocks.editors_row - 1 :][: blocks.editors_count]
        charts.append(
            BarChart(
                t("reports.chart.top_editors", lang),
                t("reports.col.spend_share", lang),
                sheet,
                0,
                1,
                blocks.editors_row,
                tuple(str(r[0])[:60] for r in rows),
                tuple(float(r[1]) for r in rows),
                percent=True,
                horizontal=True,
                anchor=(3, 18),
                size=(8, 18),
            )
        )
    sheets = [blocks.table, *(said_empty(tb, lang) for tb in tables.workbook_tables(doc, lang))]
    return sheets, {"summary": charts}


def said_empty(table: tables.Table, lang: Lang) -> tables.Table:
    """An empty sheet gets one row saying so ("Aucune dérogation") under its header."""
    if table.rows:
        return table
    key = f"office.empty.{table.id}"
    text = t(key, lang) if has(key) else t("office.empty.rows", lang)
    return replace(table, rows=[(text,) + (None,) * (len(table.columns) - 1)])


def write_audit_xlsx(doc: Doc, lang: Lang, out: IO[bytes], sheets: Sheets | None = None) -> None:
    """audit.xlsx written to ``out``; ``sheets`` (:func:`workbook_sheets`) when already built."""
    from vendorlock.reports.xlsx import write_xlsx

    tabs, charts = sheets or workbook_sheets(doc, lang)
    write_xlsx(
        out,
        tabs,
        charts,
        headerless=frozenset({"summary"}),
        level_labels=level_labels(lang),
        lang=lang.value,
        compresslevel=ZIP_LEVEL,
    )


def audit_xlsx(doc: Doc, lang: Lang) -> bytes:
    buf = io.BytesIO()
    write_audit_xlsx(doc, lang, buf)
    return buf.getvalue()


def write_audit_ods(doc: Doc, lang: Lang, out: IO[bytes], sheets: Sheets | None = None) -> None:
    """audit.ods written to ``out``; ``sheets`` (:func:`workbook_sheets`) when already built."""
    from vendorlock.reports.ods import write_ods

    tabs, charts = sheets or workbook_sheets(doc, lang)
    write_ods(
        out,
        tabs,
        headerless=frozenset({"summary"}),
        level_labels=level_labels(lang),
        lang=lang.value,
        charts=charts,
        compresslevel=ZIP_LEVEL,
    )


def audit_ods(doc: Doc, lang: Lang) -> bytes:
    buf = io.BytesIO()
    write_audit_ods(doc, lang, buf)
    return buf.getvalue()


def render(doc: Doc, fmt: ReportFormat, lang: Lang) -> bytes:
    """The bytes of one report file."""
    match fmt:
        case ReportFormat.JSON:
            return audit_json(doc)
        case ReportFormat.XLSX:
            return audit_xlsx(doc, lang)
        case ReportFormat.ODS:
            return audit_ods(doc, lang)
        case ReportFormat.HTML:
            # Imported here: the page's modules (sections, charts, map) are paid only for html.
            from vendorlock.reports.audit_report import audit_html

            return audit_html(doc, lang).encode("utf-8")
        case ReportFormat.MD:
            from vendorlock.reports.note import build_note, note_markdown

            return note_markdown(build_note(doc, lang)).encode("utf-8")
        case ReportFormat.DOCX:
            from vendorlock.reports.note import build_note, note_docx

            return note_docx(build_note(doc, lang))
        case ReportFormat.PDF:
            from vendorlock.reports.audit_report import audit_html
            from vendorlock.reports.pdf import html_to_pdf

            return html_to_pdf(audit_html(doc, lang, printed=True))
        case _:
            assert_never(fmt)


def _writer(
    doc: Doc, fmt: ReportFormat, lang: Lang, sheets: Callable[[], Sheets], note: Callable[[], Note]
) -> Content:
    """What writes ``fmt``: a function streaming it to the temp file it is given (the JSON of a
    columnar document, the workbooks: never held whole in memory) or rendering it there.
    ``sheets`` gives the workbooks' tables and ``note`` the note, each built once for the
    formats sharing it (in the process writing them)."""
    if fmt is ReportFormat.JSON and isinstance(doc, AuditDocument):
        return _write_json(doc)
    if fmt is ReportFormat.XLSX or fmt is ReportFormat.ODS:
        write = write_audit_xlsx if fmt is ReportFormat.XLSX else write_audit_ods

        def workbook(path: Path) -> None:
            with path.open("wb") as fh:
                write(doc, lang, fh, sheets())

        return workbook
    if fmt is ReportFormat.MD:

        def as_bytes() -> bytes:
            from vendorlock.reports.note import note_markdown

            return note_markdown(note()).encode("utf-8")

    elif fmt is ReportFormat.DOCX:

        def as_bytes() -> bytes:
            from vendorlock.reports.note import note_docx

            return note_docx(note())

    else:

        def as_bytes() -> bytes:
            return render(doc, fmt, lang)

    def rendered(path: Path) -> None:
        path.write_bytes(as_bytes())

    return rendered


def _build_note(doc: Doc, lang: Lang) -> Note:
    from vendorlock.reports.note import build_note

    return build_note(doc, lang)


def _once(build: Callable[[], T]) -> Callable[[], T]:
    """``build``'s result, computed at the first call: the xlsx and ods workbooks show the
    same tables, built once (they were a third of the two writers' time); md and docx the
    same note."""
    memo: list[T] = []

    def get() -> T:
        if not memo:
            memo.append(build())
        return memo[0]

    return get


#: Formats written by one process because they share work, and the relative cost of each
#: set: its CPU seconds in a forked worker on the 2,000-application audit, imports after the
#: fork included (issue 11; the memos a set shares with another are built in each process).
#: Re-measured after the workbooks' members went to zlib-ng and audit.json to 1 MB writes,
#: medians of 9 (3 processes x 3 forks, alternating with the previous code; a loaded machine):
#: xlsx+ods 0.77 (1.00 before), json 0.44 (0.52), html 0.46, md+docx 0.14. The biggest sets
#: are given to processes first; on 2 cores: the workbooks and the note in one (0.87 s CPU
#: measured together), JSON and HTML in the other (0.88 s): still the most even split (the
#: others measured side by side earlier: workbooks | JSON+HTML+note 1.14x the wall,
#: workbooks+JSON | HTML+note 1.36x, workbooks+HTML | JSON+note 1.44x; by these CPU figures
#: the first would now take 1.02 s in its slower process). PDF is the print of the page plus
#: the note, far slower (not re-measured).
BATCHES: tuple[tuple[frozenset[ReportFormat], float], ...] = (
    (frozenset({ReportFormat.XLSX, ReportFormat.ODS}), 0.77),
    (frozenset({ReportFormat.JSON}), 0.44),
    (frozenset({ReportFormat.HTML}), 0.46),
    (frozenset({ReportFormat.MD, ReportFormat.DOCX}), 0.14),
    (frozenset({ReportFormat.PDF}), 4.0),
)


def write_reports(
    doc: Mapping[str, Any],
    out_dir: Path,
    formats: Sequence[ReportFormat],
    lang: Lang,
    *,
    stem: str = "audit",
    protected: Collection[Path] = (),
    on_written: Callable[[Path], None] | None = None,
    workers: int = 1,
) -> list[Path]:
    """Write ``out_dir/<stem>.<fmt>`` for each format (in enum order, once each); the note for
    elected officials goes to ``note.docx`` (:func:`~vendorlock.reports.formats.file_name`),
    and with ``pdf`` also to ``note.pdf``.

    Every target is checked first (no symlink, no input overwritten), then written to a temp
    file, then all are renamed: a refused target or a failing writer leaves no file behind.
    ``workers`` > 1 writes them in up to that many processes (:mod:`.processes`, Linux; the
    same bytes and errors), 1 in this one. ``on_written`` is called after each file (for a
    progress display).
    """
    wanted = [f for f in ReportFormat if f in set(formats)]
    # --format pdf also prints the note for elected officials (note.pdf beside audit.pdf)
    note_pdf_path = out_dir / note_name("pdf", stem) if ReportFormat.PDF in wanted else None
    extra = [note_pdf_path] if note_pdf_path else []
    check_targets([out_dir / file_name(fmt, stem) for fmt in wanted] + extra, protected)
    sheets = _once(lambda: workbook_sheets(doc, lang))
    note = _once(partial(_build_note, doc, lang))
    items: list[tuple[Path, Content]] = [
        (out_dir / file_name(fmt, stem), _writer(doc, fmt, lang, sheets, note)) for fmt in wanted
    ]
    if note_pdf_path is not None:

        def printed_note(path: Path) -> None:
            from vendorlock.reports.note import note_pdf

            path.write_bytes(note_pdf(note()))

        items.append((note_pdf_path, printed_note))
    fill = None
    if workers > 1 and len(items) > 1 and can_fork():
        kinds = [*wanted, *([ReportFormat.PDF] if note_pdf_path else [])]
        batches = [
            Batch(tuple(i for i, k in enumerate(kinds) if k in group), cost)
            for group, cost in BATCHES
            if group & set(kinds)
        ]
        parts = plan(batches, workers)
        if len(parts) > 1 and isinstance(doc, AuditDocument):
            doc.prepare()  # the tables every writer reads, built once and shared by the forks
        fill = partial(fill_in_processes, parts=parts)
    # every file staged, then all renamed: a failing writer leaves no mixed set
    return atomic_write_all(items, protected, on_written, fill)

"""``load_inventory``: every input read, recognised, parsed, assembled and validated at once.

A file that cannot be read at all (empty, encrypted, corrupt…) becomes one located error and the
other inputs are still read, so a run reports every problem it can find. Nothing the user gave is
modified: inputs are only opened for reading.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from vendorlock.model.portfolio import Portfolio
from vendorlock.model.problems import Location, Problem, Severity, sort_problems
from vendorlock.model.schema import Table
from vendorlock.readers import prefetch
from vendorlock.readers.assemble import assemble
from vendorlock.readers.build import Built, build_chunk
from vendorlock.readers.components import empty_components
from vendorlock.readers.connector import Connector, load_connector
from vendorlock.readers.csvfile import read_csv
from vendorlock.readers.detect import SNIFF_BYTES, detect_kind
from vendorlock.readers.interface import InputError, InputKind, RawSheet, ReadLimits
from vendorlock.readers.mapping import MappingFile
from vendorlock.readers.recognise import SheetReading, header_finder, recognise, sheet_table
from vendorlock.readers.setaside import KEEP_ROW_CODES, SetAsideRow, reason_counts, set_aside
from vendorlock.readers.validate import validate
from vendorlock.readers.workbook import read_workbook
from vendorlock.registry.registries import Registries
from vendorlock.sources.bodies import Joined
from vendorlock.sources.reconcile import RECORD_KINDS, reconcile
from vendorlock.sources.weburl import is_url

if TYPE_CHECKING:
    from vendorlock.sources.interface import Source

log = logging.getLogger(__name__)

#: File suffixes read inside a folder (other files are ignored).
FOLDER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods")
#: Suffixes of files read inside a folder only when a connector recognises their content.
SOURCE_SUFFIXES = (".json", ".xml")


@dataclass(frozen=True)
class LoadOptions:
    """How to read an inventory.

    ``default_org`` is the organisation id given to rows of files that name no organisation
    (no organisation column or sheet); by default the slug of the file's stem, named after it.
    """

    default_org: str | None = None
    limits: ReadLimits = field(default_factory=ReadLimits)
    #: Set rows with errors aside (see :mod:`.setaside`) instead of keeping every row as written.
    #: The commands that work on an inventory (audit, graph, aggregate…) read leniently unless
    #: ``--strict``; ``validate`` and library callers that want the rows as written do not.
    lenient: bool = False
    #: A mapping file (``--mapping``): tables and header → field applied before recognition.
    mapping: MappingFile | None = None
    #: CA bundle to verify web inputs' TLS certificates against (``--ca-bundle``).
    ca_bundle: Path | None = None
    #: Inputs read by a named connector whatever their content (``--source KIND:PATH``):
    #: ``(path, kind)`` pairs; the paths must also be among the inputs.
    forced: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LoadResult:
    """The portfolio read, every problem found (sorted) and the inputs that could not be read.

    When reading leniently, ``portfolio`` holds only the good rows and ``set_aside`` the others;
    the errors that put them aside stay in ``problems``.
    """

    portfolio: Portfolio
    problems: tuple[Problem, ...]
    files_failed: tuple[str, ...] = ()
    #: Inventory-tool noise set aside, not scored: name, kind (os_update, installer_id,
    #: runtime, driver), _file, _sheet, _row; sorted by file, sheet and row.
    components: pd.DataFrame = field(default_factory=empty_components)
    set_aside: tuple[SetAsideRow, ...] = ()
    #: What each sheet was read as and why, header by header (``validate`` prints it).
    readings: tuple[SheetReading, ...] = ()
    #: What was reconciled across sources: one body, the same application (``validate``).
    joined: tuple[Joined, ...] = ()

    @property
    def usable(self) -> bool:
        """Something is left to audit: at least one application."""
        return len(self.portfolio.applications) > 0

    def errors(self, strict: bool = False) -> list[Problem]:
        """Problems that make the inventory invalid (warnings too when ``strict``)."""
        return [p for p in self.problems if strict or p.severity is Severity.ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors()


def source_for(path: Path, forced: str | None = None) -> Source | None:
    """The connector that reads ``path``: the one named by ``forced`` (``--source``), else the
    one that recognises its content; None for spreadsheets, CSV files and folders."""
    # imported here: the connectors import the reader interface, which imports this module
    from vendorlock.sources.registry import all_sources, find_source, source_by_kind

    if forced is not None:
        source = source_by_kind(forced)
        if source is None:
            known = ", ".join(["spreadsheet", *sorted(s.kind for s in all_sources())])
            raise InputError("unknown_source_kind", Location(str(path)), kind=forced, known=known)
        return source
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    return find_source(path, head)


def read_sheets(
    path: Path,
    connector: Connector,
    limits: ReadLimits,
    mapping: MappingFile | None = None,
    forced: str | None = None,
) -> list[RawSheet]:
    """Raw sheets of one input (a workbook, a CSV file or a folder of them, or any format a
    connector of :mod:`vendorlock.sources` recognises by content, or the connector ``forced``
    names; ``spreadsheet`` forces the spreadsheet reading)."""
    if forced != "spreadsheet":
        source = source_for(path, forced)
        if source is not None:
            if not path.is_file():
                raise InputError("source_not_recognised", Location(str(path)), kind=source.kind)
            return source.sheets(path, limits)
    kind = detect_kind(path, limits)
    own = mapping.for_file(str(path)) if mapping is not None else None
    finder = header_finder(connector, own if own and own.sheets else None, str(path))
    match kind:
        case InputKind.FOLDER:
            sheets: list[RawSheet] = []
            for child in sorted(path.iterdir()):
                if _in_folder(child):
                    sheets.extend(read_sheets(child, connector, limits, mapping, forced))
            return sheets
        case InputKind.CSV:
            return [read_csv(path, finder, limits)]
        case InputKind.XLSX | InputKind.XLS | InputKind.ODS:
            return read_workbook(path, kind, finder, limits)


def _url_sheets(url: str, options: LoadOptions) -> list[RawSheet]:
    """Raw sheets of a web input (the GLPI API): read whole or not at all (it raises)."""
    from vendorlock.sources.glpi_api import read_glpi
    from vendorlock.sources.glpi_client import HttpSettings

    return read_glpi(url, options.limits, HttpSettings(ca_bundle=options.ca_bundle))


def _chunks(
    path: Path | str,
    connector: Connector,
    registries: Registries,
    options: LoadOptions,
    forced: str | None = None,
) -> tuple[list[Built], list[Problem], list[SheetReading], int]:
    """Typed chunks of one file (or web input), the problems met while reading it, what was
    understood and its sheet count."""
    problems: list[Problem] = []
    builts: list[Built] = []
    readings: list[SheetReading] = []
    limits, mapping = options.limits, options.mapping
    if isinstance(path, str):
        sheets = _url_sheets(path, options)
    else:
        sheets = read_sheets(path, connector, limits, mapping, forced)
    for sheet in sheets:
        name = sheet.sheet if sheet.sheet is not None else Path(sheet.file).stem
        override = mapping.for_sheet(sheet.file, sheet.sheet) if mapping is not None else None
        chunk, found, reading = recognise(connector, sheet, sheet_table(connector, name), override)
        problems += found
        readings.append(reading)
        if chunk is not None:
            builts.append(build_chunk(connector, registries, chunk))
    return builts, problems, readings, len(sheets)


def _files(path: Path) -> list[Path]:
    """The files one input stands for: itself, or a folder's readable files (one level), each
    read on its own so that one damaged file does not cost the others."""
    if not path.is_dir():
        return [path]
    return [child for child in sorted(path.iterdir()) if _in_folder(child)]


def _in_folder(child: Path) -> bool:
    """Whether a folder's file is read: a spreadsheet or CSV suffix, or a JSON/XML file a
    connector recognises by content (procurement records dropped in an exports folder)."""
    if not child.is_file():
        return False
    suffix = child.suffix.lower()
    if suffix in FOLDER_SUFFIXES:
        return True
    return suffix in SOURCE_SUFFIXES and source_for(child) is not None


#: Sub-folders named in the message about a folder holding its files only in sub-folders.
SHOWN_SUBFOLDERS = 5


def _nothing_read(path: Path, sheets: int, had_files: bool) -> Problem:
    """The error for an input that gave no table: no inventory sheet, an empty file, or a folder
    without an inventory file at its top level.

    A folder is read one level deep on purpose: an inventory folder often holds the audit
    folder written from it, or archives of older exports, which must not be read back as
    inventory. So a folder whose files are all in sub-folders is not searched; the error names
    its sub-folders, so the user can pass the one (or the several) that hold the inventory.
    """
    loc = Location(str(path))
    if sheets:
        return Problem.make(Severity.ERROR, "no_recognised_table", loc)
    if is_url(path) or not path.is_dir() or had_files:
        return Problem.make(Severity.ERROR, "empty_file", loc)
    suffixes = ", ".join(FOLDER_SUFFIXES)
    subfolders = sorted(c.name for c in path.iterdir() if c.is_dir() and not c.name.startswith("."))
    if not subfolders:
        return Problem.make(Severity.ERROR, "folder_without_inventory", loc, suffixes=suffixes)
    shown = ", ".join(subfolders[:SHOWN_SUBFOLDERS])
    if len(subfolders) > SHOWN_SUBFOLDERS:
        shown += ", …"
    code = "folder_in_subfolder" if len(subfolders) == 1 else "folder_only_subfolders"
    return Problem.make(Severity.ERROR, code, loc, suffixes=suffixes, subfolders=shown)


def load_inventory(
    paths: Sequence[Path],
    registries: Registries,
    options: LoadOptions = LoadOptions(),
    connector: Connector | None = None,
) -> LoadResult:
    """Read, normalise and validate the inventory in ``paths`` (files or folders)."""
    connector = connector or load_connector()
    builts: list[Built] = []
    problems: list[Problem] = []
    failed: list[str] = []
    origins: dict[str, str] = {}
    readings: list[SheetReading] = []
    forced = {str(Path(p)): kind for p, kind in options.forced}
    records: set[str] = set()
    for path in paths:
        read_any, sheets, broken = False, 0, False
        kind = forced.get(str(Path(path)))
        inputs: list[Path | str] = [path] if is_url(path) else list(_files(Path(path)))
        for file in inputs:
            try:
                if isinstance(file, Path):
                    source = source_for(file, kind) if kind != "spreadsheet" else None
                    if source is not None and source.kind in RECORD_KINDS:
                        records.add(str(file))
                found_builts, found, read, count = _chunks(
                    file, connector, registries, options, kind
                )
            except InputError as exc:
                problems.append(Problem.make(Severity.ERROR, exc.code, exc.location, **exc.params))
                failed.append(str(file))
                broken = True
                continue
            read_any, sheets = read_any or bool(found_builts), sheets + count
            builts += found_builts
            problems += found
            readings += read
            origins.update(
                {str(b.frame["_file"].iloc[0]): str(path) for b in found_builts if len(b.frame)}
            )
        if not read_any and not broken:
            problems.append(_nothing_read(Path(path), sheets, bool(inputs)))
    # cells prefetched for a file no reader asked for (a connector read it): stop the child now
    # rather than at exit, so that it no longer takes a core from the rest of the command
    prefetch.discard()
    portfolio, more, book, across = assemble(
        builts, registries, options.default_org, [str(p) for p in paths], origins, records
    )
    problems += more
    if records:
        joined = reconcile(portfolio, records, registries)
        portfolio = joined.portfolio
        problems += joined.problems
    problems += validate(portfolio, book, problems)
    log.info(
        "read %s", {t.value: n for t, n in zip(Table, portfolio.counts().values(), strict=True)}
    )
    unique = list(dict.fromkeys(problems))  # a flat row's contract repeats its app's cells
    rows: tuple[SetAsideRow, ...] = ()
    if options.lenient:
        lenient = set_aside(portfolio, unique)
        portfolio, rows = lenient.portfolio, lenient.rows
        # errors that keep their row are reported as warnings instead (see KEEP_ROW_CODES)
        unique = [
            p for p in unique if not (p.severity is Severity.ERROR and p.code in KEEP_ROW_CODES)
        ] + list(lenient.warnings)
        if rows:
            log.info("set aside %d row(s): %s", len(rows), reason_counts(rows))
    return LoadResult(
        portfolio,
        tuple(sort_problems(unique)),
        tuple(failed),
        _components(builts),
        rows,
        tuple(readings),
        across,
    )


def _components(builts: Sequence[Built]) -> pd.DataFrame:
    frames = [b.components for b in builts if b.components is not None and len(b.components)]
    if not frames:
        return empty_components()
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["_file", "_sheet", "_row"], kind="stable").reset_index(drop=True)

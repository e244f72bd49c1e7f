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

import pandas as pd

from vendorlock.model.portfolio import Portfolio
from vendorlock.model.problems import Location, Problem, Severity, sort_problems
from vendorlock.model.schema import Table
from vendorlock.readers.assemble import assemble
from vendorlock.readers.build import Built, build_chunk
from vendorlock.readers.components import empty_components
from vendorlock.readers.connector import Connector, load_connector
from vendorlock.readers.csvfile import read_csv
from vendorlock.readers.detect import detect_kind
from vendorlock.readers.interface import InputError, InputKind, RawSheet, ReadLimits
from vendorlock.readers.recognise import header_finder, recognise, sheet_table
from vendorlock.readers.validate import validate
from vendorlock.readers.workbook import read_workbook
from vendorlock.registry.registries import Registries

log = logging.getLogger(__name__)

#: File suffixes read inside a folder (other files are ignored).
FOLDER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods")


@dataclass(frozen=True)
class LoadOptions:
    """How to read an inventory.

    ``default_org`` is the organisation id given to rows of files that name no organisation
    (no organisation column or sheet); by default the slug of the file's stem, named after it.
    """

    default_org: str | None = None
    limits: ReadLimits = field(default_factory=ReadLimits)


@dataclass(frozen=True)
class LoadResult:
    """The portfolio read, every problem found (sorted) and the inputs that could not be read."""

    portfolio: Portfolio
    problems: tuple[Problem, ...]
    files_failed: tuple[str, ...] = ()
    #: Inventory-tool noise set aside, not scored: name, kind (os_update, installer_id,
    #: runtime, driver), _file, _sheet, _row; sorted by file, sheet and row.
    components: pd.DataFrame = field(default_factory=empty_components)

    def errors(self, strict: bool = False) -> list[Problem]:
        """Problems that make the inventory invalid (warnings too when ``strict``)."""
        return [p for p in self.problems if strict or p.severity is Severity.ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors()


def read_sheets(path: Path, connector: Connector, limits: ReadLimits) -> list[RawSheet]:
    """Raw sheets of one input (a workbook, a CSV file or a folder of them)."""
    finder = header_finder(connector)
    kind = detect_kind(path, limits)
    match kind:
        case InputKind.FOLDER:
            sheets: list[RawSheet] = []
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in FOLDER_SUFFIXES:
                    sheets.extend(read_sheets(child, connector, limits))
            return sheets
        case InputKind.CSV:
            return [read_csv(path, finder, limits)]
        case InputKind.XLSX | InputKind.XLS | InputKind.ODS:
            return read_workbook(path, kind, finder, limits)


def _chunks(
    path: Path, connector: Connector, registries: Registries, limits: ReadLimits
) -> tuple[list[Built], list[Problem]]:
    """Typed chunks of one input and the problems met while reading it."""
    problems: list[Problem] = []
    builts: list[Built] = []
    sheets = read_sheets(path, connector, limits)
    for sheet in sheets:
        name = sheet.sheet if sheet.sheet is not None else Path(sheet.file).stem
        chunk, found = recognise(connector, sheet, sheet_table(connector, name))
        problems += found
        if chunk is not None:
            builts.append(build_chunk(connector, registries, chunk))
    if not builts:
        code = "no_recognised_table" if sheets else "empty_file"
        problems.append(Problem.make(Severity.ERROR, code, Location(str(path))))
    return builts, problems


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
    for path in paths:
        try:
            found_builts, found = _chunks(Path(path), connector, registries, options.limits)
        except InputError as exc:
            problems.append(Problem.make(Severity.ERROR, exc.code, exc.location, **exc.params))
            failed.append(str(path))
            continue
        builts += found_builts
        problems += found
        origins.update(
            {str(b.frame["_file"].iloc[0]): str(path) for b in found_builts if len(b.frame)}
        )
    portfolio, more, book = assemble(
        builts, registries, options.default_org, [str(p) for p in paths], origins
    )
    problems += more
    problems += validate(portfolio, book, problems)
    log.info(
        "read %s", {t.value: n for t, n in zip(Table, portfolio.counts().values(), strict=True)}
    )
    unique = list(dict.fromkeys(problems))  # a flat row's contract repeats its app's cells
    return LoadResult(portfolio, tuple(sort_problems(unique)), tuple(failed), _components(builts))


def _components(builts: Sequence[Built]) -> pd.DataFrame:
    frames = [b.components for b in builts if b.components is not None and len(b.components)]
    if not frames:
        return empty_components()
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["_file", "_sheet", "_row"], kind="stable").reset_index(drop=True)

"""Turning one recognised sheet into typed columns, reporting every cell that cannot be read.

Each field is parsed by its schema type (numbers, dates, booleans, enumerations through the
value aliases of ``connectors/values.yaml``, formats and standards through the registries). A cell
that cannot be read is reported where it sits and left empty: the row stays in the portfolio so
the rest of the run proceeds and every problem of the file is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from vendorlock.dtypes import INT64, STRING
from vendorlock.i18n import date_text, quote, value_label
from vendorlock.model.portfolio import MULTI_SEP
from vendorlock.model.problems import Localised, Location, Problem, Severity
from vendorlock.model.schema import FieldSpec, FieldType, Table, table_spec
from vendorlock.readers.components import component_frame, component_kinds
from vendorlock.readers.connector import Connector
from vendorlock.readers.domains import infer_domains, resolve_domains
from vendorlock.readers.language import text_language
from vendorlock.readers.licences import classify_licences
from vendorlock.readers.recognise import Chunk
from vendorlock.readers.values import (
    DECIMAL_COMMA,
    MONTH_START,
    THOUSANDS_COMMA,
    LanguageCue,
    Parsed,
    constant_text,
    distinct,
    is_unknown_text,
    map_unique_str,
    non_blank_rows,
    parse_boolean,
    parse_date,
    parse_enum,
    parse_integer,
    parse_months,
    parse_number,
    parse_tristate,
    to_text,
    to_texts,
)
from vendorlock.registry import normalise_key, slugify
from vendorlock.registry.entries import Kind
from vendorlock.registry.registries import Registries

#: Separators of multi-valued cells: ; , | + newline and the words "et"/"and".
#: Separators inside a multi-valued cell; ``<br>`` and ``$$##$$`` are how GLPI's search lists
#: join several values (newer and older versions).
_MULTI_SPLIT = re.compile(
    r"\s*(?:[;,|+\n\r]|<br\s*/?>|\$\$##\$\$|\s(?:et|and|ou|or)\s)\s*", re.IGNORECASE
)

#: Fields resolved against a registry: (table, field) → registry kind.
REGISTRY_FIELDS: Mapping[tuple[Table, str], Kind] = {
    (Table.APPLICATIONS, "storage_formats"): Kind.FORMAT,
    (Table.APPLICATIONS, "export_formats"): Kind.FORMAT,
    (Table.APPLICATIONS, "domain"): Kind.DOMAIN,
    (Table.CONTRACTS, "data_return_format"): Kind.FORMAT,
    (Table.FLOWS, "format"): Kind.FORMAT,
    (Table.FLOWS, "standard"): Kind.STANDARD,
}
#: Fields classified by the licence registry ("proprietary", an SPDX id, or unknown).
LICENCE_FIELDS = {(Table.APPLICATIONS, "licence")}
#: Fields holding an ISO 3166-1 alpha-2 country, also written as a name in French or English.
COUNTRY_FIELDS = {(Table.EDITORS, "country")}

_EXPECTED = {
    FieldType.NUMBER: "number",
    FieldType.INTEGER: "integer",
    FieldType.DATE: "date",
    FieldType.BOOLEAN: "boolean",
}


#: The warning of a cell read one way among two, by how it was read.
_DOUBT_CODES = {
    THOUSANDS_COMMA: "comma_read_thousands_comma",
    DECIMAL_COMMA: "comma_read_decimal_comma",
    MONTH_START: "month_read_as_first_day",
}


@dataclass(frozen=True)
class Built:
    """Typed columns of one chunk, with provenance and the user's header of each field."""

    table: Table
    frame: pd.DataFrame
    headers: Mapping[str, str]
    problems: list[Problem] = field(default_factory=list)
    #: Flat inventory: contract columns of the same rows (``_app_row`` = row in ``frame``).
    contracts: pd.DataFrame | None = None
    contract_headers: Mapping[str, str] = field(default_factory=dict)
    #: Inventory-tool noise set aside (OS updates, runtimes, drivers…): not applications.
    components: pd.DataFrame | None = None


@dataclass(frozen=True)
class CellContext:
    """Where the cells of a column sit, to locate problems."""

    file: str
    sheet: str | None
    rows: np.ndarray
    header: str

    def problems(
        self, mask: np.ndarray, raw: pd.Series, severity: Severity, code: str, **params: object
    ) -> list[Problem]:
        """One problem per masked cell, naming the value written there."""
        idx = np.flatnonzero(mask)
        if not len(idx):
            return []
        values = to_text(raw.iloc[idx]).fillna("").tolist()
        return [
            Problem.make(
                severity,
                code,
                Location(self.file, self.sheet, int(self.rows[i]), self.header),
                value=v,
                **params,
            )
            for i, v in zip(idx, values, strict=True)
        ]


def split_multi_text(text: str) -> list[str]:
    """Values of one multi-valued cell ("ODT; PDF/A, CSV" → ["ODT", "PDF/A", "CSV"])."""
    return [p.strip() for p in _MULTI_SPLIT.split(text) if p and p.strip()]


def standard_formats(registries: Registries, text: str) -> tuple[str, ...] | None:
    """Format ids of the exchange standard ``text`` names, or None when it names none.

    People write standards where formats are asked ("PES V2", "@ctes", "SEDA 2.1" in an export
    formats column): such a cell means the standard's own formats (``pes_v2`` →
    ``pes_v2_xml``). A standard that lists no format is understood and adds none.
    """
    found = registries.resolve(Kind.STANDARD, text)
    return registries.standards[found].formats if found else None


def _resolve_one(registries: Registries, kind: Kind, text: str) -> tuple[list[str], bool]:
    hit = registries.resolve(kind, text)
    if hit:
        return [hit], True
    if kind is Kind.FORMAT:
        formats = standard_formats(registries, text)
        if formats is not None:
            return list(formats), True
    return [slugify(text) or text], False


def resolve_multi(
    registries: Registries, kind: Kind, text: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Registry ids of multi-valued cells (sorted, unique, ``;``-joined) and the unknown names.

    Work is done once per distinct cell text, not once per row.
    """
    cache: dict[str, tuple[str | None, str | None]] = {}

    def one(cell: str) -> tuple[str | None, str | None]:
        if cell not in cache:
            ids: set[str] = set()
            unknown: list[str] = []
            for part in split_multi_text(cell):
                rids, known = _resolve_one(registries, kind, part)
                ids.update(rids)
                if not known:
                    unknown.append(part)
            cache[cell] = (MULTI_SEP.join(sorted(ids)) or None, MULTI_SEP.join(unknown) or None)
        return cache[cell]

    ids = map_unique_str(text, lambda c: one(c)[0])
    unknown = map_unique_str(text, lambda c: one(c)[1])
    return ids, unknown


def resolve_single(registries: Registries, kind: Kind, text: pd.Series) -> pd.Series:
    """Registry id of each cell, ``<NA>`` when unknown (once per distinct value).

    A single-valued format cell naming a standard takes the standard's first (main) format.
    """

    def one(cell: str) -> str | None:
        hit = registries.resolve(kind, cell)
        if hit is None and kind is Kind.FORMAT:
            formats = standard_formats(registries, cell)
            hit = formats[0] if formats else None
        return hit

    return map_unique_str(text, one)


@dataclass(frozen=True)
class Checked:
    """A field's typed column and the cells to report (shown as ``shown``, else as written)."""

    values: pd.Series
    flagged: np.ndarray
    severity: Severity = Severity.ERROR
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    shown: pd.Series | None = None
    #: Cells read, but one way among two (« 3,000 »), warned with how: ``doubt_code``.
    doubtful: np.ndarray | None = None
    doubt_code: str = ""


def _check_field(
    connector: Connector,
    registries: Registries,
    table: Table,
    spec: FieldSpec,
    raw: pd.Series,
    language: LanguageCue | None = None,
) -> Checked:
    """Typed column of one field and the mask of its cells to report (cell-wise)."""
    match spec.type:
        case FieldType.NUMBER:
            parsed: Parsed = parse_number(raw, language)
        case FieldType.INTEGER if spec.unit == "months":
            parsed = parse_months(raw, connector.duration_units)
            return Checked(parsed.values, parsed.bad, code="invalid_duration")
        case FieldType.INTEGER:
            parsed = parse_integer(raw, language)
        case FieldType.DATE:
            parsed = parse_date(raw)
        case FieldType.BOOLEAN if spec.partial:
            parsed = parse_tristate(raw, connector.tristate)
            return Checked(parsed.values, parsed.bad, code="invalid_clause")
        case FieldType.BOOLEAN:
            parsed = parse_boolean(raw, connector.booleans)
        case FieldType.STRING:
            return _check_string(connector, registries, table, spec, raw)
    expected = _EXPECTED[spec.type]
    return Checked(
        parsed.values,
        parsed.bad,
        code=f"invalid_{expected}",
        params={"expected": expected},
        doubtful=parsed.doubtful,
        doubt_code=_DOUBT_CODES.get(parsed.reading, ""),
    )


def _parse_field(
    connector: Connector,
    registries: Registries,
    table: Table,
    spec: FieldSpec,
    raw: pd.Series,
    ctx: CellContext,
    language: LanguageCue | None = None,
) -> tuple[pd.Series, list[Problem]]:
    """Typed column of one field, and the problems of its cells.

    A column with few distinct cells is checked once per distinct cell (see
    :class:`~vendorlock.readers.values.Distinct`); problems still name every row.
    """
    spread = distinct(raw) if _worth_spreading(table, spec) else None
    doubtful = None
    if spread is None:
        checked = _check_field(connector, registries, table, spec, raw, language)
        values, flagged, shown = checked.values, checked.flagged, checked.shown
        doubtful = checked.doubtful
    else:
        checked = _check_field(connector, registries, table, spec, spread.values, language)
        values = spread.expand(checked.values, raw.index)
        flagged = spread.expand_mask(checked.flagged)
        shown = None
        if checked.shown is not None and flagged.any():
            shown = spread.expand(checked.shown, raw.index)
        if checked.doubtful is not None:
            doubtful = spread.expand_mask(checked.doubtful)
    doubts = (
        _doubt_problems(ctx, checked.doubt_code, doubtful, raw, values)
        if doubtful is not None and doubtful.any()
        else []
    )
    if flagged.any():
        values, flagged = _drop_unknown(
            connector.unknown_for(table, spec.name), raw, values, flagged
        )
    if not flagged.any():
        return values, doubts
    problems = doubts + ctx.problems(
        flagged,
        raw if shown is None else shown,
        checked.severity,
        checked.code,
        **checked.params,
    )
    return values, problems


def _plain_number(value: float, lang: str) -> str:
    """A number as read, without grouping commas (the doubt being about them): ``3000``,
    ``12.5`` / ``12,5``; French groups thousands with a narrow no-break space."""
    text = str(int(value)) if float(value).is_integer() else f"{value:.12g}"
    if lang != "fr":
        return text
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    if len(digits) > 4:
        digits = f"{int(digits):,}".replace(",", "\u202f")
    return f"{sign}{digits}{',' + frac if frac else ''}"


def _doubt_problems(
    ctx: CellContext, code: str, doubtful: np.ndarray, raw: pd.Series, values: pd.Series
) -> list[Problem]:
    """One warning per column for its cells read one way where another was as likely
    (« 3,000 »: 3000 or 3; « déc. 2026 »: which day), on the first of them: how many, what it
    was read as and, for a number, what the other reading would have been (the column decided
    them all alike; a warning per cell would bury the rest of the validation under one
    pattern). Why a month is read as its first day: :func:`vendorlock.readers.values._month_dates`.
    """
    idx = np.flatnonzero(doubtful)
    first = int(idx[0])
    params: dict[str, object] = {
        "value": to_text(raw.iloc[[first]]).fillna("").iloc[0],
        "count": len(idx),
    }
    if code == _DOUBT_CODES[MONTH_START]:
        day = pd.Timestamp(values.iloc[first]).date()
        params["read"] = Localised(date_text(day, "en"), date_text(day, "fr"))
    else:
        read = float(values.iloc[first])
        other = read / 1000 if code == _DOUBT_CODES[THOUSANDS_COMMA] else read * 1000
        params["read"] = Localised(_plain_number(read, "en"), _plain_number(read, "fr"))
        params["other"] = Localised(_plain_number(other, "en"), _plain_number(other, "fr"))
    location = Location(ctx.file, ctx.sheet, int(ctx.rows[first]), ctx.header)
    return [Problem.make(Severity.WARNING, code, location, **params)]


def _drop_unknown(
    unknown: frozenset[str], raw: pd.Series, values: pd.Series, flagged: np.ndarray
) -> tuple[pd.Series, np.ndarray]:
    """Flagged cells that say "not known" (NC, ?, N/A, Inconnu…) become empty, unreported.

    Only the flagged cells are looked at, so columns that read cleanly pay nothing.
    """
    idx = np.flatnonzero(flagged)
    cells = to_text(raw.iloc[idx]).reset_index(drop=True)
    said = is_unknown_text(cells, unknown)
    if not said.any():
        return values, flagged
    blank = np.zeros(len(values), dtype=bool)
    blank[idx[said]] = True
    return values.mask(blank), flagged & ~blank


def _worth_spreading(table: Table, spec: FieldSpec) -> bool:
    """Whether parsing costs more than a hash pass: free text is only stripped, not parsed."""
    return (
        spec.type is not FieldType.STRING
        or bool(spec.enum)
        or (table, spec.name) in REGISTRY_FIELDS
        or (table, spec.name) in LICENCE_FIELDS
        or (table, spec.name) in COUNTRY_FIELDS
    )


def _check_string(
    connector: Connector,
    registries: Registries,
    table: Table,
    spec: FieldSpec,
    raw: pd.Series,
) -> Checked:
    """Text fields: registry ids (unknown names warned), enumerations, or stripped text."""
    none = np.zeros(len(raw), dtype=bool)
    kind = REGISTRY_FIELDS.get((table, spec.name))
    if kind is Kind.DOMAIN:
        text = to_text(raw)
        values = resolve_domains(registries, text)
        if spec.enum:
            values = values.where(values.isin(spec.enum))
        bad = (text.notna() & values.isna()).to_numpy()
        return Checked(values, bad, Severity.WARNING, "unknown_domain")
    if kind is not None:
        text = to_text(raw)
        if spec.multivalued:
            values, unknown = resolve_multi(registries, kind, text)
        else:
            values = resolve_single(registries, kind, text)
            unknown = text.where(values.isna())
            values = values.fillna(map_unique_str(text, slugify))
        mask = unknown.notna().to_numpy()
        return Checked(
            values,
            mask,
            Severity.WARNING,
            f"unknown_{kind.value}",
            {"kind": kind.value},
            shown=unknown,
        )
    if spec.enum:
        parsed = parse_enum(raw, connector.value_map(table, spec.name))
        return Checked(
            parsed.values,
            parsed.bad,
            code="invalid_value",
            params={"expected": _allowed_words(table, spec.name)},
        )
    if (table, spec.name) in LICENCE_FIELDS:
        values, bad = classify_licences(
            registries, connector.unknown_for(table, spec.name), to_text(raw)
        )
        return Checked(values, bad, Severity.WARNING, "unknown_licence")
    if (table, spec.name) in COUNTRY_FIELDS:
        return _check_country(connector, table, spec, raw)
    return Checked(to_text(raw), none)


@cache
def _allowed_words(table: Table, field: str) -> Localised:
    """The words a user may write in an enumerated column, quoted, in each language (« sur
    site », « SaaS de l'éditeur »…): built once per field, not at every load."""
    enum = table_spec(table).field(field).enum or ()
    return Localised(
        *(
            ", ".join(quote(value_label(table.value, field, v, lang), lang) for v in enum)
            for lang in ("en", "fr")
        )
    )


def _check_country(connector: Connector, table: Table, spec: FieldSpec, raw: pd.Series) -> Checked:
    """Country names (fr/en, from ``connectors/values.yaml``) or two-letter codes → ISO codes.

    A name the list does not hold is reported and left empty (a warning: the country only
    informs the editors table).
    """
    text = to_text(raw)
    names = connector.value_map(table, spec.name)

    def country(cell: str) -> str | None:
        named = names.get(normalise_key(cell))
        if named is not None:
            return named
        return cell.upper() if _COUNTRY_CODE.fullmatch(cell) else None

    # once per distinct cell, in Python: the same reading as the enumeration's lookup then
    # pandas' string methods for the codes, without their ~2 ms of calls on a few countries
    values = map_unique_str(text, country)
    bad = (text.notna() & values.isna()).to_numpy(dtype=bool)
    return Checked(values, bad, Severity.WARNING, "unknown_country")


#: A country written as its ISO 3166-1 alpha-2 code, in either case.
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


def _build_columns(
    connector: Connector,
    registries: Registries,
    chunk: Chunk,
    table: Table,
    columns: Mapping[str, int],
    cells: pd.DataFrame,
    rows: np.ndarray,
) -> tuple[dict[str, pd.Series], list[Problem]]:
    spec = table_spec(table)
    out: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    sheet = chunk.sheet

    def language() -> str | None:
        return text_language((sheet.sheet, *sheet.header), connector.language_words)

    for name, pos in columns.items():
        ctx = CellContext(sheet.file, sheet.sheet, rows, sheet.header[pos])
        values, found = _parse_field(
            connector, registries, table, spec.field(name), cells[pos], ctx, language
        )
        out[name] = values.reset_index(drop=True)
        problems.extend(found)
    return out, problems


def build_chunk(connector: Connector, registries: Registries, chunk: Chunk) -> Built:
    """Typed frame of a recognised sheet (plus the contracts of a flat inventory)."""
    sheet = chunk.sheet
    if sheet.row_numbers is not None:
        cells, rows = sheet.cells, sheet.row_numbers
    else:
        keep = non_blank_rows(sheet.cells)
        cells = sheet.cells if keep.all() else sheet.cells[keep].reset_index(drop=True)
        rows = np.flatnonzero(keep) + sheet.first_row
    components = None
    if chunk.table is Table.APPLICATIONS and "name" in chunk.columns:
        names = cells[chunk.columns["name"]]
        kinds = component_kinds(connector.components, names)
        if kinds.notna().any():
            components = component_frame(names, kinds, sheet.file, sheet.sheet, rows)
            app_rows = kinds.isna().to_numpy()
            cells, rows = cells[app_rows].reset_index(drop=True), rows[app_rows]
    cols, problems = _build_columns(
        connector, registries, chunk, chunk.table, chunk.columns, cells, rows
    )
    if chunk.table is Table.APPLICATIONS:
        problems += _infer_domains(connector, registries, chunk, cells, rows, cols)
    provenance = {
        "_file": constant_text(sheet.file, len(cells)),
        "_sheet": constant_text(sheet.sheet, len(cells)),
        "_row": pd.Series(rows, dtype=INT64),
    }
    by_position = dict(cells.items())
    extras = to_texts([by_position[pos] for pos in chunk.extras.values()], list(chunk.extras))
    if chunk.table is Table.CONTRACTS:
        _end_from_duration(connector, chunk, cells, cols)
    index = pd.RangeIndex(len(cells))
    frame = _frame([cols, extras, provenance], index)
    headers = {f: sheet.header[p] for f, p in chunk.columns.items()}
    if not chunk.flat:
        return Built(chunk.table, frame, headers, problems, components=components)
    ccols, cproblems = _build_columns(
        connector, registries, chunk, Table.CONTRACTS, chunk.contract_columns, cells, rows
    )
    _end_from_duration(connector, chunk, cells, ccols)
    has_data = non_blank_rows(cells[list(chunk.contract_columns.values())])
    contracts = _frame([{**ccols, **provenance}], pd.RangeIndex(len(cells)))
    contracts["_app_row"] = np.arange(len(cells))
    if not has_data.all():
        contracts = contracts[has_data].reset_index(drop=True)
    cheaders = {f: sheet.header[p] for f, p in chunk.contract_columns.items()}
    return Built(chunk.table, frame, headers, problems + cproblems, contracts, cheaders, components)


def _frame(
    parts: Sequence[Mapping[str, pd.Series] | pd.DataFrame], index: pd.RangeIndex
) -> pd.DataFrame:
    """The frame of the columns of ``parts``, in order, on ``index``: built from their arrays
    when every column already sits on ``index`` and no name repeats (what aligning ~20 Series
    and concatenating frames gives, without its ~0.5 ms of pandas bookkeeping per sheet, on
    20 rows as on 10,000); else as pandas aligns and concatenates them."""
    columns = [(name, s) for part in parts for name, s in part.items()]
    names = [name for name, _ in columns]
    if len(set(names)) == len(names) and all(s.index.equals(index) for _, s in columns):
        return pd.DataFrame({name: s.array for name, s in columns}, index=index)
    frames = [p if isinstance(p, pd.DataFrame) else pd.DataFrame(p, index=index) for p in parts]
    return frames[0] if len(frames) == 1 else pd.concat(frames, axis=1)


#: The contract column (understood, unused) giving its initial duration: GLPI's "Durée
#: initiale du contrat" / "Initial contract period", in months.
DURATION_FIELD = "~duration"


def _end_from_duration(
    connector: Connector, chunk: Chunk, cells: pd.DataFrame, cols: dict[str, pd.Series]
) -> None:
    """Fill a missing end date from the start date plus the initial duration, in ``cols``.

    GLPI's contract list gives a start and an initial duration, not an end: GLPI itself shows
    the end as start + duration months (``Infocom::getWarrantyExpir``: ``strtotime("$from
    +$duration month")``, no day taken off). PHP rolls the 29th–31st over into the next month
    when the target month is shorter; the end here is that month's last day instead.
    """
    reading = chunk.reading
    if reading is None or "start_date" not in cols:
        return
    pos = next(
        (
            c.position
            for c in reading.columns
            if c.status == "unused" and c.target is not None and c.target.field == DURATION_FIELD
        ),
        None,
    )
    if pos is None:
        return
    months = parse_months(cells[pos], connector.duration_units).values.reset_index(drop=True)
    start = pd.to_datetime(cols["start_date"]).reset_index(drop=True)
    end = cols.get("end_date")
    end = end.reset_index(drop=True) if end is not None else pd.Series(pd.NaT, index=start.index)
    need = (end.isna() & start.notna() & months.notna() & (months > 0)).to_numpy(dtype=bool)
    if not need.any():
        return
    cols["end_date"] = end.astype(start.dtype).where(~need, add_months(start, months))


def add_months(start: pd.Series, months: pd.Series) -> pd.Series:
    """``start`` + ``months`` calendar months, the day kept or clamped to the month's end
    (vectorised: no Python object per row)."""
    valid = start.notna() & months.notna()
    out = pd.Series(pd.NaT, index=start.index, dtype=start.dtype)
    if not valid.any():
        return out
    s = start[valid]
    total = (s.dt.year * 12 + s.dt.month - 1 + months[valid].astype("int64")).to_numpy()
    month_start = (total - 1970 * 12).astype("datetime64[M]")
    length = (month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")
    day = np.minimum(s.dt.day.to_numpy(), length.astype(int))
    values = month_start.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    out[valid] = pd.to_datetime(values).astype(start.dtype)
    return out


def _infer_domains(
    connector: Connector,
    registries: Registries,
    chunk: Chunk,
    cells: pd.DataFrame,
    rows: np.ndarray,
    cols: dict[str, pd.Series],
) -> list[Problem]:
    """Fill missing domains (catalogue, then keywords, else ``unassigned``), in ``cols``.

    Each application left unassigned is reported where its domain (or, without a domain
    column, its name) is written.
    """
    n = len(cells)
    empty = pd.Series(pd.NA, index=pd.RangeIndex(n), dtype=STRING)
    domain = cols.get("domain", empty)
    if n == 0 or not domain.isna().any():
        return []

    def column(name: str) -> pd.Series:
        pos = chunk.columns.get(name)
        return to_text(cells[pos]).reset_index(drop=True) if pos is not None else empty

    written = column("domain")
    unread = written.where(domain.isna())
    keywords = connector.domain_keywords
    described = [
        to_text(cells[pos]).reset_index(drop=True)
        for name, pos in chunk.extras.items()
        if keywords.wants(name)
    ]
    texts = [column("name"), column("product"), unread, *described]
    inferred, unassigned = infer_domains(
        registries, keywords, domain, (column("product"), column("name")), texts
    )
    cols["domain"] = inferred
    sheet = chunk.sheet
    where = chunk.columns.get("domain", chunk.columns.get("name"))
    header = sheet.header[where] if where is not None else "domain"
    ctx = CellContext(sheet.file, sheet.sheet, rows, header)
    shown = column("name")
    return ctx.problems(unassigned, shown, Severity.WARNING, "domain_unassigned")

"""Public-procurement records (DECP) → organisations, editors and contracts.

The records say what a body actually pays for, whoever listed it: each software or IT-service
contract (CPV 48*/72*, ``connectors/decp.yaml``) becomes a contract between the buyer (its SIREN,
the first nine digits of the buyer's SIRET) and its holder. Three published shapes are read —
JSON and XML of schemas 1.x (``{"marches": [...]}``) and 2.x (``{"marches": {"marche": [...]}}``)
and the consolidated flat CSV (one row per holder) — into one record frame, then filtered,
de-duplicated and mapped with vectorised pandas.

Why each rule:

- the same contract is republished by several platforms: records are de-duplicated on ``uid``,
  else buyer SIRET + ``id`` (which is how 1.x defines ``uid``, so both agree);
- published records never change, modifications are appended: the latest ``montant``,
  ``dureeMois`` and ``titulaires`` of ``modifications`` win;
- ``montant`` is a maximum over the whole duration: the yearly cost is an estimate
  (amount × 12 / max(duration, 12)), which :mod:`vendorlock.sources.reconcile` reports;
- dates may carry a zone offset (``2019-01-28+01:00``): the calendar date is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from vendorlock.model.problems import Location
from vendorlock.readers.interface import RawSheet, ReadLimits
from vendorlock.registry import normalise_key
from vendorlock.resources import data_dir
from vendorlock.sources.interface import SourceError
from vendorlock.yamlio import load_yaml

#: Biggest JSON file read at once (the consolidated yearly files are a few hundred MB).
MAX_JSON_BYTES = 2 * 1024**3

#: Record frame columns (one row per record, holders joined by ``\x1f``).
RECORD_COLUMNS = (
    "uid",
    "id",
    "buyer_id",
    "buyer_name",
    "nature",
    "techniques",
    "procedure",
    "cpv",
    "months",
    "notified",
    "amount",
    "holder_ids",
    "holder_kinds",
    "holder_names",
    "place_code",
    "place_kind",
    "_row",
)

#: Text dtype of the record frame: arrow-backed, so that cleaning runs in arrow kernels.
TEXT = "string[pyarrow]"

#: Whitespace removed from codes and amounts, the no-break spaces of French number formatting
#: included: written as the characters themselves (no ``\\s`` nor ``\\u`` escape), so that
#: pandas runs it in arrow's RE2 instead of Python's ``re``, cell by cell.
SPACES = "[ \t\n\r\x0b\x0c\u00a0\u202f]"

#: Separator of multi-valued cells in the record frame (never in published text).
SEP = "\x1f"

_XML_HEAD = re.compile(rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(\w+:)?marches[\s>]", re.S)


@dataclass(frozen=True)
class DecpRules:
    """``connectors/decp.yaml``: what is kept and how flat exports are named."""

    cpv_prefixes: tuple[str, ...]
    framework_natures: frozenset[str]
    framework_techniques: frozenset[str]
    flat_columns: Mapping[str, tuple[str, ...]]
    flat_required: tuple[str, ...]
    buyer_kinds: Mapping[str, tuple[str, ...]]
    #: Patterns of holder identifiers carrying the SIREN (SIRET, French VAT number).
    siren_patterns: tuple[str, ...] = ()


@cache
def decp_rules(folder: Path | None = None) -> DecpRules:
    """The DECP rules from ``folder`` (default: the shipped ``connectors/``)."""
    raw = load_yaml((folder or data_dir("connectors")) / "decp.yaml")
    return DecpRules(
        cpv_prefixes=tuple(str(p) for p in raw["cpv_prefixes"]),
        framework_natures=frozenset(normalise_key(v) for v in raw["framework_natures"]),
        framework_techniques=frozenset(normalise_key(v) for v in raw["framework_techniques"]),
        flat_columns={k: tuple(str(c).lower() for c in v) for k, v in raw["flat_columns"].items()},
        flat_required=tuple(str(c).lower() for c in raw["flat_required"]),
        buyer_kinds={
            k: tuple(normalise_key(w) for w in v) for k, v in raw.get("buyer_kinds", {}).items()
        },
        siren_patterns=tuple(str(p) for p in raw.get("siren_patterns") or ()),
    )


def buyer_kind(names: pd.Series) -> pd.Series:
    """The kind of body each buyer name says it is (``buyer_kinds``), else ``other``."""
    text = names.fillna("")
    keys = text.map({u: normalise_key(u) for u in text.unique()}).astype("string")
    out = pd.Series("other", index=names.index, dtype="string")
    for kind, words in reversed(list(decp_rules().buyer_kinds.items())):
        pattern = "^(?:" + "|".join(re.escape(w) for w in words) + r")\b"
        out = out.mask(keys.str.contains(pattern, regex=True), kind)
    return out


# -- sniffing ---------------------------------------------------------------------------------


def _first_line(head: bytes) -> str:
    text = head.decode("utf-8-sig", errors="replace")
    return text.splitlines()[0].lower() if text else ""


def _flat_header(line: str) -> list[str]:
    sep = max((";", ",", "\t"), key=line.count)
    return [c.strip().strip('"').strip() for c in line.split(sep)]


class DecpSource:
    """The DECP connector (see the module docstring)."""

    kind = "decp"
    label: Mapping[str, str] = MappingProxyType(
        {
            "en": "Public-procurement records (DECP)",
            "fr": "Données essentielles de la commande publique (DECP)",
        }
    )
    accepts: Mapping[str, str] = MappingProxyType(
        {
            "en": "DECP JSON or XML (schemas 1.x and 2.x), consolidated flat CSV (data.gouv.fr)",
            "fr": "DECP en JSON ou XML (schémas 1.x et 2.x), CSV consolidé à plat (data.gouv.fr)",
        }
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped.startswith(b"{"):
            return re.match(rb'\{\s*"marches"\s*:', stripped) is not None
        if stripped.startswith(b"<"):
            return _XML_HEAD.match(stripped) is not None
        line = _first_line(head)
        header = set(_flat_header(line))
        return all(c in header for c in decp_rules().flat_required)

    def sheets(self, path: Path, limits: ReadLimits) -> list[RawSheet]:
        head = path.open("rb").read(64)
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped.startswith(b"{"):
            records = _json_records(path)
        elif stripped.startswith(b"<"):
            records = _xml_records(path)
        else:
            records = _flat_records(path, limits)
        return decp_sheets(records, str(path))


SOURCE = DecpSource()


# -- one record from the nested forms (JSON and XML share the model) -----------------------------


def _text(value: Any) -> str | None:
    if type(value) is str:  # the common case first: one call per field of 200,000 records
        return value.strip() or None
    if value is None or isinstance(value, dict | list):
        return None
    return str(value).strip() or None


def _unwrap(items: Any, key: str) -> list[dict[str, Any]]:
    """A 1.x list of objects or a 2.x list of ``{key: object}`` wrappers, as objects."""
    if isinstance(items, dict):  # XML converted, or {"titulaire": [...]}
        items = items.get(key, [])
        items = items if isinstance(items, list) else [items]
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        if isinstance(item, dict):
            inner = item.get(key, item)
            out.append(inner if isinstance(inner, dict) else item)
    return out


def _techniques(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("technique", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ""
    # XML gives [{"technique": "Accord-cadre"}], JSON ["Accord-cadre"]
    items = [v.get("technique") if isinstance(v, dict) else v for v in value]
    return SEP.join(str(v) for v in items if v is not None)


def _record(raw: dict[str, Any], row: int) -> tuple[Any, ...]:
    """One record tuple (:data:`RECORD_COLUMNS`), modifications applied in order."""
    get = raw.get
    buyer = get("acheteur")
    buyer = buyer if isinstance(buyer, dict) else _EMPTY
    amount, months, holders = get("montant"), get("dureeMois"), get("titulaires")
    raw_mods = get("modifications")
    if raw_mods:  # most records have none: no list built, no sort
        mods = _unwrap(raw_mods, "modification")
        mods.sort(
            key=lambda m: (str(m.get("dateNotificationModification") or ""), _int(m.get("id")))
        )
        for mod in mods:
            amount = mod["montant"] if mod.get("montant") not in (None, "") else amount
            months = mod["dureeMois"] if mod.get("dureeMois") not in (None, "") else months
            holders = mod["titulaires"] if mod.get("titulaires") else holders
    people = _unwrap(holders, "titulaire")
    if len(people) == 1:  # the common case: one holder, no joining
        one = people[0]
        ids = _text(one.get("id")) or ""
        kinds = _text(one.get("typeIdentifiant")) or ""
        names = _text(one.get("denominationSociale")) or ""
    else:
        ids = SEP.join(_text(p.get("id")) or "" for p in people)
        kinds = SEP.join(_text(p.get("typeIdentifiant")) or "" for p in people)
        names = SEP.join(_text(p.get("denominationSociale")) or "" for p in people)
    place = get("lieuExecution")
    place = place if isinstance(place, dict) else _EMPTY
    techniques = get("techniques")
    return (
        _text(get("uid")),
        _text(get("id")),
        _text(buyer.get("id")),
        _text(buyer.get("nom")),
        _text(get("nature")),
        _techniques(techniques) if techniques else "",
        _text(get("procedure")),
        _text(get("codeCPV")),
        _text(months),
        _text(get("dateNotification")),
        _text(amount),
        ids,
        kinds,
        names,
        _text(place.get("code")),
        _text(place.get("typeCode")),
        row,
    )


#: Stand-in for an absent object (never written to).
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _frame(records: Iterable[tuple[Any, ...]]) -> pd.DataFrame:
    rows = list(records)
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in RECORD_COLUMNS})
    columns = list(zip(*rows, strict=True))
    # arrow-backed text: the cleaning below then runs in arrow kernels, not per cell in Python
    return pd.DataFrame(
        {
            name: pd.array(values, dtype="int64" if name == "_row" else TEXT)
            for name, values in zip(RECORD_COLUMNS, columns, strict=True)
        }
    )


def _contracts_of(root: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The marché objects of a 1.x or 2.x document with their 1-based position, software and
    IT-service ones only (CPV division in the rules; concessions are not software contracts)."""
    marches = root.get("marches") if isinstance(root, dict) else None
    if isinstance(marches, dict):  # 2.x
        items = marches.get("marche", [])
        items = items if isinstance(items, list) else [items]
    elif isinstance(marches, list):  # 1.x
        items = marches
    else:
        items = []
    prefixes = decp_rules().cpv_prefixes
    for position, item in enumerate(items, start=1):
        if type(item) is not dict:
            continue
        # software and IT services only: the cheap test first, on the published code (two
        # records in three are something else)
        cpv = item.get("codeCPV")
        if not (cpv if type(cpv) is str else str(cpv or "")).lstrip().startswith(prefixes):
            continue
        kind = item.get("_type")
        if kind and "concession" in str(kind).lower():
            continue
        yield position, item


def _json_records(path: Path) -> pd.DataFrame:
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise SourceError("source_too_big", Location(str(path)), size=size, limit=MAX_JSON_BYTES)
    with path.open("rb") as fh:
        data = fh.read()
    fast = _typed_records(data)
    if fast is not None:
        return _frame(fast)
    try:
        root = json.loads(data)
    except RecursionError as exc:
        raise SourceError("source_too_deep", Location(str(path))) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError("source_bad_json", Location(str(path)), detail=str(exc)[:200]) from exc
    return _frame(_record(item, n) for n, item in _contracts_of(root))


@cache
def _decoder() -> Any:
    """A msgspec decoder of the fields vendorlock reads from a DECP JSON document (1.x list or
    2.x ``{"marche": [...]}``): every other field of the 200,000 records of a yearly file is
    skipped while parsing instead of built as Python objects. Measured on 200,000 records
    (benchmarks/bench_decp.py's file): 2.0 s CPU instead of 3.9 s for ``json.loads``."""
    import msgspec

    from vendorlock.sources.decp_json import decoder

    return decoder(), msgspec.structs.asdict, msgspec.MsgspecError


def _typed_records(data: bytes) -> list[tuple[Any, ...]] | None:
    """The kept records of a well-formed document decoded by :func:`_decoder`, or None when
    the document is not the expected shape (or not JSON, or too deep): the generic path then
    reads it and says what is wrong, exactly as before."""
    try:
        decoder, asdict, error = _decoder()
    except ImportError:  # pragma: no cover - msgspec is a dependency; stdlib json still reads
        return None
    try:
        doc = decoder.decode(data)
    except (error, RecursionError, UnicodeDecodeError):
        # msgspec checks UTF-8 only in strings it keeps: a bad byte raises outside its own error
        return None
    items = doc.marches if isinstance(doc.marches, list) else doc.marches.marche
    prefixes = decp_rules().cpv_prefixes
    out: list[tuple[Any, ...]] = []
    for position, item in enumerate(items, start=1):
        cpv = item.codeCPV
        if not (cpv if type(cpv) is str else str(cpv or "")).lstrip().startswith(prefixes):
            continue
        if item.type_ and "concession" in str(item.type_).lower():
            continue
        out.append(_record(asdict(item), position))
    return out


# -- XML ------------------------------------------------------------------------------------------

#: Elements whose children form a list (the rest are single values or objects).
_XML_LISTS = {"titulaires", "modifications", "techniques", "modalitesExecution", "typesPrix"}


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _xml_value(elem: Any) -> Any:
    children = [c for c in elem if isinstance(c.tag, str)]
    if not children:
        return (elem.text or "").strip()
    name = _local(elem.tag)
    if name in _XML_LISTS:
        return [{_local(c.tag): _xml_value(c)} for c in children]
    out: dict[str, Any] = {}
    for child in children:
        out[_local(child.tag)] = _xml_value(child)
    return out


def _xml_records(path: Path) -> pd.DataFrame:
    """``marche`` elements streamed with ``iterparse`` (entities, DTDs and network off)."""
    from lxml import etree

    with path.open("rb") as fh:
        if b"<!DOCTYPE" in fh.read(65536).upper():
            raise SourceError("source_xml_dtd", Location(str(path)))
    rows: list[tuple[Any, ...]] = []
    prefixes, position = decp_rules().cpv_prefixes, 0
    try:
        for _event, elem in etree.iterparse(
            str(path),
            events=("end",),
            tag=("{*}marche",),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
        ):
            position += 1
            value = _xml_value(elem)
            cpv = str(value.get("codeCPV") or "") if isinstance(value, dict) else ""
            if cpv.lstrip().startswith(prefixes):
                rows.append(_record(value, position))
            elem.clear()
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise SourceError("source_bad_xml", Location(str(path)), detail=str(exc)[:200]) from exc
    return _frame(rows)


# -- flat CSV -------------------------------------------------------------------------------------


def _flat_records(path: Path, limits: ReadLimits) -> pd.DataFrame:
    """The consolidated flat CSV (one row per holder) folded into one row per record."""
    rules = decp_rules()
    with path.open("rb") as fh:
        line = _first_line(fh.read(65536))
    sep = max((";", ",", "\t"), key=line.count)
    try:
        df = pd.read_csv(
            path,
            sep=sep,
            dtype="string",
            encoding="utf-8-sig",
            keep_default_na=False,
            na_values=[""],
            nrows=limits.max_rows + 1,
        )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SourceError("source_bad_csv", Location(str(path)), detail=str(exc)[:200]) from exc
    if len(df) > limits.max_rows:
        raise SourceError("too_many_rows", Location(str(path)), rows=len(df), limit=limits.max_rows)
    lower = {c.strip().lower(): c for c in df.columns}

    def col(field: str) -> pd.Series:
        for name in rules.flat_columns.get(field, ()):
            if name in lower:
                return df[lower[name]].str.strip()
        return pd.Series(pd.NA, index=df.index, dtype="string")

    current = col("current")
    if current.notna().any():
        keep = current.str.lower().isin(["true", "1", "oui", "vrai"]).fillna(False).to_numpy()
        df = df[keep]
    frame = pd.DataFrame(
        {
            "uid": col("uid"),
            "id": col("id"),
            "buyer_id": col("buyer_id"),
            "buyer_name": col("buyer_name"),
            "nature": col("nature"),
            "techniques": "",
            "procedure": col("procedure"),
            "cpv": col("cpv"),
            "months": col("months"),
            "notified": col("notified"),
            "amount": col("amount"),
            "holder_ids": col("holder_id").fillna(""),
            "holder_kinds": col("holder_kind").fillna(""),
            "holder_names": col("holder_name").fillna(""),
            "place_code": col("place_code"),
            "place_kind": col("place_kind"),
            "_row": np.arange(len(df)) + 2,
        }
    ).loc[df.index]
    key = frame["uid"].fillna(frame["buyer_id"].fillna("") + frame["id"].fillna("")).rename(None)
    grouped = frame.groupby(key, sort=False)
    firsts = grouped.first()
    for column in ("holder_ids", "holder_kinds", "holder_names"):
        firsts[column] = grouped[column].agg(SEP.join)
    firsts["_row"] = grouped["_row"].min()
    firsts = firsts.reset_index(drop=True)
    return firsts[list(RECORD_COLUMNS)]


# -- records → sheets -----------------------------------------------------------------------------


def _first(multi: pd.Series) -> pd.Series:
    """The first part of each ``SEP``-joined cell (one regex kernel, no list per row)."""
    first = multi.astype(TEXT).fillna("").str.replace(f"(?s){SEP}.*", "", regex=True)
    return first.replace("", pd.NA)


def _dates(text: pd.Series) -> pd.Series:
    """Calendar dates from ``2019-01-28``, ``2019-01-28+01:00`` or ``2019-01-28T10:00:00Z``."""
    return pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def _end_dates(start: pd.Series, months: pd.Series) -> pd.Series:
    """The last day of ``months`` months from ``start``: vectorised calendar arithmetic."""
    ok = start.notna() & months.notna()
    total = start.dt.year * 12 + start.dt.month - 1 + months
    year, month = total // 12, total % 12 + 1
    first = pd.to_datetime(
        pd.DataFrame({"year": year.where(ok, 2000), "month": month.where(ok, 1), "day": 1}),
        errors="coerce",
    )
    last_day = first.dt.days_in_month
    day = np.minimum(start.dt.day.where(ok, 1), last_day)
    end = first + pd.to_timedelta(day - 1, unit="D") - pd.Timedelta(days=1)
    return end.where(ok)


def _iso(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d").astype(TEXT)


def _number_text(values: pd.Series) -> pd.Series:
    return values.round(2).map(lambda v: f"{v:.2f}", na_action="ignore").astype(TEXT)


def kept_records(records: pd.DataFrame) -> pd.DataFrame:
    """Software and IT-service records (CPV division in the rules), one per contract."""
    rules = decp_rules()
    cpv = records["cpv"].astype(TEXT).str.replace("[^0-9]", "", regex=True)
    keep = cpv.str.slice(0, 2).isin(rules.cpv_prefixes).fillna(False).to_numpy()
    out = records[keep].copy()
    out["cpv"] = cpv[keep].str.slice(0, 8)
    buyer = out["buyer_id"].astype(TEXT).str.replace(SPACES, "", regex=True)
    out["buyer_id"] = buyer
    key = out["uid"].astype(TEXT).fillna(buyer.fillna("") + out["id"].astype(TEXT))
    out["key"] = key.str.replace(SPACES, "", regex=True)
    return out.drop_duplicates("key", keep="first").reset_index(drop=True)


def _any_of(values: pd.Series, keys: frozenset[str]) -> pd.Series:
    """Whether any ``SEP``-separated part of each cell normalises to one of ``keys``; computed
    once per distinct cell (a few natures and techniques over many records)."""
    text = values.astype(TEXT).fillna("")
    uniques = text.unique()
    found = {u: any(normalise_key(x) in keys for x in str(u).split(SEP)) for u in uniques}
    return text.map(found).astype(bool)


def decp_sheets(records: pd.DataFrame, file: str) -> list[RawSheet]:
    """Organisations, editors and contracts sheets of the kept records."""
    rules = decp_rules()
    df = kept_records(records)
    if not len(df):
        # nothing to read: said once, located, rather than an empty file read silently
        prefixes = ", ".join(f"{p}*" for p in rules.cpv_prefixes)
        raise SourceError("decp_no_it_contract", Location(file), prefixes=prefixes)
    siren = df["buyer_id"].str.slice(0, 9)
    months = pd.to_numeric(df["months"], errors="coerce")
    amount = pd.to_numeric(
        df["amount"].astype(TEXT).str.replace(SPACES, "", regex=True).str.replace(",", "."),
        errors="coerce",
    )
    start = _dates(df["notified"].astype(TEXT))
    end = _end_dates(start, months)
    yearly = amount * 12 / np.maximum(months.fillna(12), 12)
    framework = _any_of(df["nature"], rules.framework_natures) | _any_of(
        df["techniques"], rules.framework_techniques
    )
    procedure = df["procedure"].astype(TEXT).mask(framework.astype(bool), "Accord-cadre")
    rows = df["_row"].to_numpy(dtype=np.int64)
    editors, holder = _holders(df, rows)
    contracts = pd.DataFrame(
        {
            "contract_id": "decp-" + df["key"],
            "org_id": siren,
            "editor_id": holder,
            "start_date": _iso(start),
            "end_date": _iso(end),
            "annual_cost": _number_text(yearly),
            "procedure": procedure,
        }
    ).astype(TEXT)
    orgs = (
        pd.DataFrame({"org_id": siren, "name": df["buyer_name"], "siren": siren, "_row": rows})
        .dropna(subset=["org_id"])
        .drop_duplicates("org_id")
    )
    orgs["name"] = orgs["name"].fillna(orgs["org_id"])
    orgs["kind"] = buyer_kind(orgs["name"])
    return [
        _sheet(file, "organisations", orgs[["org_id", "name", "kind", "siren"]], orgs["_row"]),
        _sheet(file, "editors", editors[["name", "siren"]], editors["_row"]),
        _sheet(file, "contracts", contracts, pd.Series(rows)),
    ]


def _sheet(file: str, name: str, cells: pd.DataFrame, rows: pd.Series) -> RawSheet:
    header = tuple(str(c) for c in cells.columns)
    cells = cells.astype("object").where(cells.notna(), None).reset_index(drop=True)
    cells.columns = pd.RangeIndex(len(header))
    return RawSheet(
        file=file,
        sheet=name,
        header=header,
        cells=cells,
        first_row=2,
        text=True,
        row_numbers=rows.to_numpy(dtype=np.int64),
    )


def _holders(df: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, pd.Series]:
    """Editors (one per holder company: SIREN, else normalised name) and each contract's
    editor as that editor's name (the first holder: the mandataire of a group).

    "BERGER-LEVRAULT SA" and "Berger-Levrault" with the same SIREN are one editor, named as
    first written; the editor registry then resolves that name to its id.
    """
    names = pc.split_pattern(pa.array(df["holder_names"].fillna(""), pa.string()), SEP)
    ids = pc.split_pattern(pa.array(df["holder_ids"].fillna(""), pa.string()), SEP)
    pairs = pd.DataFrame(
        {
            "name": pd.array(pc.list_flatten(names), dtype=TEXT),
            "id": pd.array(pc.list_flatten(ids), dtype=TEXT),
            "_row": np.repeat(rows, pc.list_value_length(names).to_numpy()),
        }
    )
    pairs["id"] = pairs["id"].astype(TEXT).str.replace(SPACES, "", regex=True).replace("", pd.NA)
    pairs["name"] = pairs["name"].astype(TEXT).replace("", pd.NA).fillna(pairs["id"])
    pairs = pairs.dropna(subset=["name"])
    pairs["who"] = _who(pairs["id"], pairs["name"])
    pairs = pairs.drop_duplicates("who")
    canonical = dict(zip(pairs["who"], pairs["name"], strict=True))
    keys = {u: normalise_key(u) for u in pairs["name"].unique()}
    pairs = pairs[~pairs["name"].map(keys).duplicated().to_numpy()]
    editors = pd.DataFrame(
        {
            "name": pairs["name"],
            "siren": _siren(pairs["id"]),
            "_row": pairs["_row"],
        }
    )
    first_id = _first(df["holder_ids"]).astype(TEXT).str.replace(SPACES, "", regex=True)
    first_name = _first(df["holder_names"]).astype(TEXT).fillna(first_id)
    holder = _who(first_id, first_name).map(canonical).astype(TEXT).fillna(first_name)
    return editors, holder


def _who(ids: pd.Series, names: pd.Series) -> pd.Series:
    """The company a holder is: ``siren:<SIREN>`` when its identifier carries one (a SIRET, a
    French VAT number), else its normalised name."""
    siren = _siren(ids)
    uniques = names.fillna("").unique()
    keys = {u: normalise_key(u) for u in uniques}
    by_name = "name:" + names.fillna("").map(keys)
    return ("siren:" + siren).where(siren.notna(), by_name).astype(TEXT)


def _siren(ids: pd.Series) -> pd.Series:
    """The SIREN each holder identifier carries (``siren_patterns``), else missing."""
    out = pd.Series(pd.NA, index=ids.index, dtype=TEXT)
    for pattern in decp_rules().siren_patterns:
        found = ids.astype(TEXT).str.extract(pattern, expand=False).astype(TEXT)
        out = out.fillna(found)
    return out

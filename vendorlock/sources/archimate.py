"""ArchiMate models (Open Exchange Format 2.1 and 3.x, Archi's CSV export) → applications, flows.

Architects keep the application landscape and its flows in Archi; retyping them into a
spreadsheet loses them at the next change. Application components become applications, flows
between them (Flow, Triggering, Serving, and Access pairs through a data object) become flows,
and element properties ("Editeur", "Licence", "Hébergement"…) fill application fields through
the table in ``connectors/archimate.yaml``. Values are then parsed as spreadsheet cells are.

Each row is located at the line of its element in the XML file (or its row in the CSV file),
so validation problems point into the model.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from lxml import etree

from vendorlock.model.problems import Location
from vendorlock.readers.interface import RawSheet, ReadLimits
from vendorlock.registry import normalise_key
from vendorlock.registry.entries import Kind
from vendorlock.resources import data_dir
from vendorlock.sources.interface import SourceError
from vendorlock.sources.safeparse import parse_xml
from vendorlock.yamlio import load_yaml

#: Namespace fragment of every Open Exchange Format version (2.1 has no version suffix).
EXCHANGE_NS = "opengroup.org/xsd/archimate"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: 2.1 relationship type names that became others in 3.x.
_RENAMED = {"UsedBy": "Serving"}
_ROOT_RX = re.compile(rb"<(?:\w+:)?model\b[^>]*opengroup\.org/xsd/archimate", re.S)


@dataclass(frozen=True)
class ArchiMapping:
    """``connectors/archimate.yaml``: what is read as what."""

    application_types: frozenset[str]
    data_types: frozenset[str]
    flow_relationships: frozenset[str]
    access_relationship: str
    platform_property: str
    #: normalised property key → application field
    app_properties: Mapping[str, str]
    flow_properties: Mapping[str, str]
    csv_files: Mapping[str, str]
    csv_columns: Mapping[str, tuple[str, ...]]


def _keymap(section: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {normalise_key(alias): fld for fld, aliases in section.items() for alias in aliases}


@cache
def archi_mapping() -> ArchiMapping:
    """The shipped mapping (cached: it is read once per process)."""
    raw: dict[str, Any] = load_yaml(data_dir("connectors") / "archimate.yaml")
    csv_raw = raw["csv"]
    return ArchiMapping(
        application_types=frozenset(raw["application_types"]),
        data_types=frozenset(raw["data_types"]),
        flow_relationships=frozenset(raw["flow_relationships"]),
        access_relationship=str(raw["access_relationship"]),
        platform_property=normalise_key(raw["platform_property"]),
        app_properties=_keymap(raw["application_properties"]),
        flow_properties=_keymap(raw["flow_properties"]),
        csv_files={k: str(csv_raw[k]) for k in ("elements", "relations", "properties")},
        csv_columns={
            "elements": tuple(csv_raw["element_columns"]),
            "relations": tuple(csv_raw["relation_columns"]),
            "properties": tuple(csv_raw["property_columns"]),
        },
    )


@dataclass(frozen=True)
class Element:
    """One model element as read: id, ArchiMate type, name, properties, where it was read."""

    ident: str
    type: str
    name: str
    row: int | None
    props: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Relation:
    """One relationship: type, ends, name, properties (``access`` is the Access type)."""

    ident: str
    type: str
    source: str
    target: str
    name: str
    row: int | None
    props: tuple[tuple[str, str], ...] = ()
    access: str = ""


@dataclass(frozen=True)
class Model:
    """What a model says, whatever its serialisation."""

    elements: tuple[Element, ...]
    relations: tuple[Relation, ...]
    name: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


def _type(value: str) -> str:
    local = value.split(":")[-1]
    if local.endswith("Relationship"):
        local = local[: -len("Relationship")]
    return _RENAMED.get(local, local)


# -- Open Exchange Format ------------------------------------------------------------------


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node if _local(c) == name]


def _text(node: etree._Element, names: Iterable[str] = ("name", "label")) -> str:
    """The element's name (3.x ``name``, 2.1 ``label``); the first language given."""
    for tag in names:
        for child in _children(node, tag):
            text = (child.text or "").strip()
            if text:
                return text
    return (node.get("name") or "").strip()


def _property_names(root: etree._Element) -> dict[str, str]:
    """Property definition id → key (3.x ``propertyDefinitions``, 2.1 ``propertydefs``)."""
    names: dict[str, str] = {}
    for defs in root:
        if _local(defs) not in ("propertyDefinitions", "propertydefs"):
            continue
        for item in defs:
            ident = item.get("identifier")
            if ident:
                names[ident] = _text(item)
    return names


def _props(node: etree._Element, names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for holder in _children(node, "properties"):
        for prop in _children(holder, "property"):
            ref = (
                prop.get("propertyDefinitionRef")
                or prop.get("identifierref")
                or prop.get("identifierRef")
                or ""
            )
            key = names.get(ref, prop.get("key", ""))
            value = _text(prop, ("value",))
            if key and value:
                out.append((key, value))
    return tuple(out)


def model_from_xml(path: Path) -> Model:
    """Read an Open Exchange Format file (2.1 or 3.x)."""
    root = parse_xml(path)
    if EXCHANGE_NS not in (etree.QName(root).namespace or "") or _local(root) != "model":
        raise SourceError("archimate_not_a_model", Location(str(path)))
    names = _property_names(root)
    elements: list[Element] = []
    relations: list[Relation] = []
    for section in root:
        kind = _local(section)
        if kind == "elements":
            for node in _children(section, "element"):
                elements.append(
                    Element(
                        node.get("identifier", ""),
                        _type(node.get(XSI_TYPE, "")),
                        _text(node),
                        node.sourceline,
                        _props(node, names),
                    )
                )
        elif kind == "relationships":
            for node in _children(section, "relationship"):
                relations.append(
                    Relation(
                        node.get("identifier", ""),
                        _type(node.get(XSI_TYPE, "")),
                        node.get("source", ""),
                        node.get("target", ""),
                        _text(node),
                        node.sourceline,
                        _props(node, names),
                        node.get("accessType", "Write"),
                    )
                )
    return Model(tuple(elements), tuple(relations), _text(root))


# -- Archi's CSV export --------------------------------------------------------------------


def _csv_rows(path: Path) -> list[list[str]]:
    """Rows of one of Archi's CSV files (UTF-8 with or without BOM, or ANSI; , ; or TAB)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=first.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) if row]


def _csv_header_ok(row: Sequence[str], expected: Sequence[str]) -> bool:
    return [c.strip().strip('"') for c in row[: len(expected)]] == list(expected)


def csv_part(path: Path) -> str | None:
    """Which of Archi's CSV files ``path`` is ("elements", "relations", "properties"), by
    its name (after an optional prefix) and its header row."""
    mapping = archi_mapping()
    for part, filename in mapping.csv_files.items():
        if path.name.lower() == filename or path.name.lower().endswith("-" + filename):
            return part
    return None


def _sibling(path: Path, part: str) -> Path:
    mapping = archi_mapping()
    own = mapping.csv_files[csv_part(path) or "elements"]
    prefix = path.name[: len(path.name) - len(own)]
    return path.with_name(prefix + mapping.csv_files[part])


def model_from_csv(elements_path: Path) -> Model:
    """Read Archi's CSV export from its ``elements.csv`` (relations and properties beside it)."""
    mapping = archi_mapping()
    rows = _csv_rows(elements_path)
    if not rows or not _csv_header_ok(rows[0], mapping.csv_columns["elements"]):
        raise SourceError(
            "archimate_csv_header",
            Location(str(elements_path), row=1),
            expected=", ".join(mapping.csv_columns["elements"]),
        )
    props: dict[str, list[tuple[str, str]]] = {}
    prop_path = _sibling(elements_path, "properties")
    if prop_path.is_file():
        for row in _csv_rows(prop_path)[1:]:
            if len(row) >= 3 and row[1].strip():
                props.setdefault(row[0], []).append((row[1].strip(), row[2].strip()))
    model_name = ""
    elements: list[Element] = []
    for i, row in enumerate(rows[1:], start=2):
        if len(row) < 3:
            continue
        ident, kind, name = row[0], _type(row[1]), row[2].strip()
        if kind == "ArchimateModel":
            model_name = name
            continue
        elements.append(Element(ident, kind, name, i, tuple(props.get(ident, ()))))
    relations: list[Relation] = []
    rel_path = _sibling(elements_path, "relations")
    if rel_path.is_file():
        rel_rows = _csv_rows(rel_path)
        for i, row in enumerate(rel_rows[1:], start=2):
            if len(row) < 6:
                continue
            own = dict(props.get(row[0], ()))
            access = own.pop("Access_Type", "Write")
            relations.append(
                Relation(
                    row[0],
                    _type(row[1]),
                    row[4],
                    row[5],
                    row[2].strip(),
                    i,
                    tuple(own.items()),
                    access,
                )
            )
    return Model(tuple(elements), tuple(relations), model_name)


# -- model → raw sheets --------------------------------------------------------------------


def _grid(
    file: str, sheet: str, header: Sequence[str], rows: list[list[Any]], lines: list[int]
) -> RawSheet:
    """A raw sheet of ``rows`` under ``header``, without the columns no row fills (nothing to
    report as understood), each row located at ``lines``."""
    always = ("app_id", "name", "editor_id", "source", "target")
    keep = [i for i, h in enumerate(header) if h in always or any(r[i] is not None for r in rows)]
    header = [header[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    columns = {i: [r[i] for r in rows] for i in range(len(header))}
    cells = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)), dtype=object)
    return RawSheet(
        file,
        sheet,
        tuple(header),
        cells,
        first_row=2,
        text=True,
        row_numbers=pd.array(lines, dtype="int64").to_numpy() if rows else None,
    )


def _platform_names() -> set[str]:
    """Components that are national platforms (Hélios, @ctes…) are flow ends, not the
    body's applications: the registry of platforms decides (shipped registries)."""
    from vendorlock.registry import load_registries

    reg = load_registries()
    return set(reg.alias_index(Kind.PLATFORM))


def _mapped(element: Element, mapping: ArchiMapping) -> bool:
    """Whether the element carries a property read into an application field: then it is
    the body's application even when named like a platform ("Base adresse locale")."""
    return any(normalise_key(k) in mapping.app_properties for k, _ in element.props)


def model_sheets(model: Model, file: str) -> list[RawSheet]:
    """Applications and flows of ``model`` as raw sheets (headers are field names)."""
    mapping = archi_mapping()
    platforms = _platform_names()
    components = [e for e in model.elements if e.type in mapping.application_types]
    platform_of = {
        e.ident: value
        for e in components
        for key, value in e.props
        if normalise_key(key) == mapping.platform_property
    }
    apps = [
        e
        for e in components
        if e.ident not in platform_of
        and not (normalise_key(e.name) in platforms and not _mapped(e, mapping))
    ]
    ends = {e.ident: platform_of.get(e.ident, e.name) for e in components if e.name}
    data_names = {e.ident: e.name for e in model.elements if e.type in mapping.data_types}
    app_fields = sorted(set(mapping.app_properties.values()) - {"app_id", "org_id"})
    app_header = ["app_id", "name", "org_id", *app_fields]
    app_rows: list[list[Any]] = []
    for e in apps:
        values: dict[str, Any] = {}
        for key, value in e.props:
            fld = mapping.app_properties.get(normalise_key(key))
            if fld is not None and fld not in values:
                values[fld] = value
        values["name"] = e.name or None
        app_rows.append([values.get(h) for h in app_header])
    flow_fields = sorted(set(mapping.flow_properties.values()) - {"flow_id", "data", "org_id"})
    flow_header = ["flow_id", "org_id", "source", "target", "data", *flow_fields]
    flow_rows: list[list[Any]] = []
    flow_lines: list[int] = []

    def add(rel: Relation, source: str, target: str, data: str | None) -> None:
        values: dict[str, Any] = {}
        for key, value in rel.props:
            fld = mapping.flow_properties.get(normalise_key(key))
            if fld is not None and fld not in values:
                values[fld] = value
        data = values.get("data") or data or rel.name or None
        flow_rows.append(
            [values.get("flow_id"), values.get("org_id"), ends[source], ends[target], data]
            + [values.get(h) for h in flow_fields]
        )
        flow_lines.append(rel.row or 0)

    writers: dict[str, list[Relation]] = {}
    readers: dict[str, list[Relation]] = {}
    for rel in model.relations:
        if rel.type in mapping.flow_relationships:
            if rel.source in ends and rel.target in ends and rel.source != rel.target:
                add(rel, rel.source, rel.target, None)
        elif (
            rel.type == mapping.access_relationship
            and rel.source in ends
            and rel.target in data_names
        ):
            access = rel.access.lower()
            if access in ("write", "readwrite"):
                writers.setdefault(rel.target, []).append(rel)
            if access in ("read", "readwrite"):
                readers.setdefault(rel.target, []).append(rel)
    for obj in sorted(writers):
        for w in writers[obj]:
            for r in readers.get(obj, ()):
                if w.source != r.source:
                    add(w, w.source, r.source, data_names[obj])
    sheets = [_grid(file, "applications", app_header, app_rows, [e.row or 0 for e in apps])]
    if flow_rows:
        sheets.append(_grid(file, "flows", flow_header, flow_rows, flow_lines))
    return sheets


class ArchiMateSource:
    """The ArchiMate connector (see the module docstring)."""

    kind = "archimate"
    label: Mapping[str, str] = MappingProxyType({"en": "ArchiMate model", "fr": "modèle ArchiMate"})
    accepts: Mapping[str, str] = MappingProxyType(
        {
            "en": "Open Exchange Format XML (2.1, 3.x) from Archi or any ArchiMate tool; "
            "Archi's CSV export (elements.csv, relations.csv, properties.csv)",
            "fr": "XML au format d'échange Open Group (2.1, 3.x) d'Archi ou d'un autre outil "
            "ArchiMate ; export CSV d'Archi (elements.csv, relations.csv, properties.csv)",
        }
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        if _ROOT_RX.search(head):
            return True
        part = csv_part(path)
        if part is None:
            return False
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
        cells = [c.strip().strip('"') for c in re.split(r"[,;\t]", first)]
        expected = archi_mapping().csv_columns[part]
        return cells[: len(expected)] == list(expected)

    def sheets(self, path: Path, limits: ReadLimits) -> list[RawSheet]:
        part = csv_part(path)
        if part is None:
            return model_sheets(model_from_xml(path), str(path))
        if part != "elements":
            elements = _sibling(path, "elements")
            if elements.is_file():
                return []  # read with its elements.csv
            raise SourceError("archimate_csv_alone", Location(str(path)), missing=elements.name)
        return model_sheets(model_from_csv(path), str(path))


SOURCE = ArchiMateSource()

"""CycloneDX SBOMs (1.2 to 1.6, JSON and XML) → the supply chain as applications and editors.

An SBOM says who supplies each piece of an application and under which licence: exactly the
editor and licence facts lock-in is scored on. The representation (see
``connectors/cyclonedx.yaml``): each component, the described component (``metadata.component``)
and each service become one application of the organisation, scored by the same criteria as any
other. Editor: supplier, manufacturer, publisher, authors or author (first found). Licence: the
SPDX ids or expression, else the licence name, else the ``licensing.licenseTypes`` mapped in the
YAML, all then classified by the licence registry. A service is a SaaS dependency
(``editor_saas``, editor = its provider). The ``dependencies`` graph (``ref`` → ``dependsOn``)
becomes flows from each dependency to the component or service that depends on it.

The XML form is read into the JSON form's structure first, so both share one mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from lxml import etree

from vendorlock.model.problems import Location
from vendorlock.readers.interface import RawSheet, ReadLimits
from vendorlock.resources import data_dir
from vendorlock.sources.interface import SourceError
from vendorlock.sources.safeparse import parse_json, parse_xml
from vendorlock.yamlio import load_yaml

XML_NS = "cyclonedx.org/schema/bom"
_JSON_RX = re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"')
_XML_RX = re.compile(rb"<(?:\w+:)?bom\b[^>]*cyclonedx\.org/schema/bom", re.S)
#: Versions this connector reads (the specVersion, or the XML namespace's last part).
VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6")


@dataclass(frozen=True)
class CycloneMapping:
    """``connectors/cyclonedx.yaml``."""

    editor_fields: tuple[str, ...]
    service_editor_fields: tuple[str, ...]
    domain_by_type: Mapping[str, str]
    service_hosting: str
    licence_types: Mapping[str, str]
    #: What a flow read from ``dependencies`` carries (``dependency_data`` in the YAML).
    dependency_data: str = "software dependency"


@cache
def cyclone_mapping() -> CycloneMapping:
    raw: dict[str, Any] = load_yaml(data_dir("connectors") / "cyclonedx.yaml")
    return CycloneMapping(
        editor_fields=tuple(raw["editor_fields"]),
        service_editor_fields=tuple(raw["service_editor_fields"]),
        domain_by_type=dict(raw["domain_by_type"]),
        service_hosting=str(raw["service_hosting"]),
        licence_types={str(k): str(v) for k, v in raw["licence_types"].items()},
        dependency_data=str(raw.get("dependency_data") or "software dependency"),
    )


# -- XML → the JSON structure ---------------------------------------------------------------


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _child(node: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in node if _local(c) == name), None)


def _text(node: etree._Element, name: str) -> str | None:
    child = _child(node, name)
    text = (child.text or "").strip() if child is not None else ""
    return text or None


def _entity(node: etree._Element | None) -> dict[str, Any] | None:
    """An organizationalEntity or organizationalContact: its name is what we need."""
    if node is None:
        return None
    name = _text(node, "name")
    return {"name": name} if name else None


def _licenses(node: etree._Element) -> list[dict[str, Any]]:
    holder = _child(node, "licenses")
    if holder is None:
        return []
    out: list[dict[str, Any]] = []
    for item in holder:
        kind = _local(item)
        if kind == "expression" and (item.text or "").strip():
            out.append({"expression": item.text.strip()})
        elif kind == "license":
            lic: dict[str, Any] = {}
            for key in ("id", "name"):
                if _text(item, key):
                    lic[key] = _text(item, key)
            licensing = _child(item, "licensing")
            if licensing is not None:
                types = _child(licensing, "licenseTypes")
                lic["licensing"] = {
                    "licenseTypes": [
                        (t.text or "").strip() for t in (types if types is not None else [])
                    ]
                }
            out.append({"license": lic})
    return out


def _xml_component(node: etree._Element, line: bool = True) -> dict[str, Any]:
    comp: dict[str, Any] = {"type": node.get("type"), "_line": node.sourceline}
    if node.get("bom-ref"):
        comp["bom-ref"] = node.get("bom-ref")
    for key in ("group", "name", "version", "publisher", "author", "purl"):
        if _text(node, key):
            comp[key] = _text(node, key)
    for key in ("supplier", "manufacturer", "provider"):
        entity = _entity(_child(node, key))
        if entity:
            comp[key] = entity
    authors = _child(node, "authors")
    if authors is not None:
        comp["authors"] = [a for a in (_entity(x) for x in authors) if a]
    comp["licenses"] = _licenses(node)
    nested = _child(node, "components")
    if nested is not None:
        comp["components"] = [_xml_component(c) for c in nested if _local(c) == "component"]
    return comp


def bom_from_xml(root: etree._Element) -> dict[str, Any]:
    """The parts of an XML BOM vendorlock reads, in the JSON form's structure."""
    ns = etree.QName(root).namespace or ""
    bom: dict[str, Any] = {"specVersion": ns.rsplit("/", 1)[-1], "components": [], "services": []}
    metadata = _child(root, "metadata")
    if metadata is not None:
        meta: dict[str, Any] = {}
        component = _child(metadata, "component")
        if component is not None:
            meta["component"] = _xml_component(component)
        for key in ("supplier", "manufacture", "manufacturer"):
            entity = _entity(_child(metadata, key))
            if entity:
                meta[key] = entity
        bom["metadata"] = meta
    components = _child(root, "components")
    if components is not None:
        bom["components"] = [_xml_component(c) for c in components if _local(c) == "component"]
    services = _child(root, "services")
    if services is not None:
        bom["services"] = [_xml_component(s) for s in services if _local(s) == "service"]
    dependencies = _child(root, "dependencies")
    if dependencies is not None:
        bom["dependencies"] = [
            {
                "ref": d.get("ref"),
                "dependsOn": [x.get("ref") for x in d if _local(x) == "dependency"],
                "_line": d.sourceline,
            }
            for d in dependencies
            if _local(d) == "dependency"
        ]
    return bom


# -- the BOM → raw sheets -------------------------------------------------------------------


def _name_of(value: Any) -> str | None:
    """The name in an organizationalEntity, an organizationalContact, a list of contacts or
    a plain string (publisher, author)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Mapping):
        name = value.get("name")
        return name.strip() or None if isinstance(name, str) else None
    if isinstance(value, list):
        return next((n for n in (_name_of(v) for v in value) if n), None)
    return None


def editor_of(item: Mapping[str, Any], fields: Sequence[str]) -> str | None:
    """The first supplier-like field that names someone."""
    return next((n for n in (_name_of(item.get(f)) for f in fields) if n), None)


def licence_of(item: Mapping[str, Any], mapping: CycloneMapping) -> str | None:
    """The licence text the licence registry classifies: SPDX ids joined with OR (a choice
    of licences, as CycloneDX lists them), an expression, a licensing model
    (``licensing.licenseTypes``, CycloneDX 1.5+) or a licence name."""
    choices = item.get("licenses")
    if not isinstance(choices, list):
        return None
    texts: list[str] = []
    for choice in choices:
        if not isinstance(choice, Mapping):
            continue
        expression = choice.get("expression")
        if isinstance(expression, str) and expression.strip():
            texts.append(expression.strip())
            continue
        lic = choice.get("license")
        if not isinstance(lic, Mapping):
            continue
        licensing = lic.get("licensing")
        types = licensing.get("licenseTypes") if isinstance(licensing, Mapping) else None
        model = next(
            (
                mapping.licence_types[k]
                for k in (types if isinstance(types, list) else [])
                if isinstance(k, str) and k in mapping.licence_types
            ),
            None,
        )
        # An SPDX id says the most; a commercial licensing model, more than a contract's name.
        text = lic.get("id") or model or lic.get("name")
        if isinstance(text, str) and text.strip():
            texts.append(text.strip())
    unique = list(dict.fromkeys(texts))
    if len(unique) > 1:
        return " OR ".join(f"({t})" if " " in t else t for t in unique)
    return unique[0] if unique else None


def _walk(components: Any) -> Iterator[Mapping[str, Any]]:
    """Every component, nested ones included, depth first, in document order."""
    stack = list(reversed(components)) if isinstance(components, list) else []
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            yield item
            nested = item.get("components")
            if isinstance(nested, list):
                stack.extend(reversed(nested))


HEADER = ("name", "product", "version", "editor_id", "licence", "hosting", "domain")


def bom_sheets(bom: Mapping[str, Any], file: str) -> list[RawSheet]:
    """The applications sheet of a BOM: the described component, components, services."""
    mapping = cyclone_mapping()
    rows: list[list[Any]] = []
    lines: list[int] = []

    names: dict[str, str] = {}  # bom-ref → the application's name (dependencies' ends)

    def add(item: Mapping[str, Any], editor_fields: Sequence[str], service: bool) -> None:
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            return
        group = item.get("group")
        product = f"{group}:{name}" if isinstance(group, str) and group.strip() else name
        version = item.get("version") if isinstance(item.get("version"), str) else None
        kind = item.get("type")
        shown = f"{product} {version}" if version else product
        ref = item.get("bom-ref")
        if isinstance(ref, str) and ref:
            names.setdefault(ref, shown)
        rows.append(
            [
                shown,
                product,
                version,
                editor_of(item, editor_fields),
                licence_of(item, mapping),
                mapping.service_hosting if service else None,
                None if service else mapping.domain_by_type.get(str(kind)),
            ]
        )
        lines.append(int(item.get("_line") or len(rows) + 1))

    metadata = bom.get("metadata")
    if isinstance(metadata, Mapping) and isinstance(metadata.get("component"), Mapping):
        described = dict(metadata["component"])
        for key in ("supplier", "manufacturer", "manufacture"):
            if key not in described and metadata.get(key):
                described[key] = metadata[key]
        add(described, (*mapping.editor_fields, "manufacture"), service=False)
        for nested in _walk(metadata["component"].get("components")):
            add(nested, mapping.editor_fields, service=False)
    for comp in _walk(bom.get("components")):
        add(comp, mapping.editor_fields, service=False)
    services = bom.get("services")
    for svc in _walk(services if isinstance(services, list) else []):
        add(svc, mapping.service_editor_fields, service=True)
    # name and editor_id are required: kept even empty (a missing editor is a warning).
    keep = [
        i for i, h in enumerate(HEADER) if h in ("name", "editor_id") or any(r[i] for r in rows)
    ]
    cells = pd.DataFrame(
        {j: [r[i] for r in rows] for j, i in enumerate(keep)},
        index=pd.RangeIndex(len(rows)),
        dtype=object,
    )
    sheets = [
        RawSheet(
            file,
            "applications",
            tuple(HEADER[i] for i in keep),
            cells,
            first_row=2,
            text=True,
            row_numbers=pd.array(lines, dtype="int64").to_numpy() if rows else None,
        )
    ]
    flows = dependency_flows(bom.get("dependencies"), names, mapping.dependency_data)
    if flows:
        sheets.append(
            RawSheet(
                file,
                "flows",
                ("source", "target", "data"),
                pd.DataFrame(
                    {j: [f[j] for f in flows] for j in range(3)},
                    index=pd.RangeIndex(len(flows)),
                    dtype=object,
                ),
                first_row=2,
                text=True,
                row_numbers=pd.array([f[3] for f in flows], dtype="int64").to_numpy(),
            )
        )
    return sheets


def dependency_flows(
    dependencies: Any, names: Mapping[str, str], data: str
) -> list[tuple[str, str, str, int]]:
    """(source, target, data, row) flows of the ``dependencies`` graph (ref → dependsOn).

    "A dependsOn B" is read as B serving A, as ArchiMate's Serving is: a flow from the
    dependency to the component that uses it, so the dependency graph shows what each
    application cannot run without. Refs naming no component or service the BOM lists, and
    self-references, are left out; each pair is kept once, in document order.
    """
    out: list[tuple[str, str, str, int]] = []
    seen: set[tuple[str, str]] = set()
    if not isinstance(dependencies, list):
        return out
    for pos, entry in enumerate(dependencies):
        if not isinstance(entry, Mapping):
            continue
        user = names.get(str(entry.get("ref")))
        needs = entry.get("dependsOn")
        if user is None or not isinstance(needs, list):
            continue
        line = int(entry.get("_line") or pos + 2)
        for ref in needs:
            used = names.get(str(ref))
            if used is None or used == user or (used, user) in seen:
                continue
            seen.add((used, user))
            out.append((used, user, data, line))
    return out


def read_bom(path: Path) -> dict[str, Any]:
    """The BOM at ``path`` (JSON or XML, by content), checked to be a CycloneDX 1.2–1.6 BOM."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] == b"<":
        root = parse_xml(path)
        if XML_NS not in (etree.QName(root).namespace or "") or _local(root) != "bom":
            raise SourceError("cyclonedx_not_a_bom", Location(str(path)))
        bom = bom_from_xml(root)
    else:
        value = parse_json(path)
        if not isinstance(value, dict) or value.get("bomFormat") != "CycloneDX":
            raise SourceError("cyclonedx_not_a_bom", Location(str(path)))
        bom = value
    version = str(bom.get("specVersion", ""))
    if version not in VERSIONS:
        raise SourceError(
            "cyclonedx_version", Location(str(path)), version=version, known=", ".join(VERSIONS)
        )
    return bom


class CycloneDXSource:
    """The CycloneDX connector (see the module docstring)."""

    kind = "cyclonedx"
    label: Mapping[str, str] = MappingProxyType(
        {"en": "CycloneDX SBOM", "fr": "nomenclature logicielle CycloneDX"}
    )
    accepts: Mapping[str, str] = MappingProxyType(
        {
            "en": "CycloneDX 1.2 to 1.6 software bill of materials, JSON or XML",
            "fr": "nomenclature logicielle CycloneDX 1.2 à 1.6, JSON ou XML",
        }
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        return bool(_JSON_RX.search(head) or _XML_RX.search(head))

    def sheets(self, path: Path, limits: ReadLimits) -> list[RawSheet]:
        return bom_sheets(read_bom(path), str(path))


SOURCE = CycloneDXSource()

"""The portfolio as an ArchiMate 3.1 Open Exchange Format file that Archi imports.

Architects work in Archi: handing them the audited portfolio as a model lets them place the
lock-in scores on their own views. Applications become ``ApplicationComponent`` elements with
their editor, licence, hosting, domain and audit score and level as properties; flows become
``Flow`` relationships; a national platform a flow reaches (Hélios, @ctes…) becomes a component
of its own, named as the platform registry names it, which the ArchiMate connector reads back
as a platform, not an application. ``vendorlock:`` properties keep the ids, so importing the
file again (:mod:`vendorlock.sources.archimate`) gives back every application and flow.

The output is deterministic: identifiers are derived from ids, elements and relationships are
sorted, and no date is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pandas as pd
from lxml import etree

from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries
from vendorlock.registry.entries import Kind
from vendorlock.textsafe import xml_clean

#: ``vendorlock graph --format`` value, and the suffix of the file written.
FORMAT = "archimate"
SUFFIX = ".xml"
NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Application column → property key written (read back by connectors/archimate.yaml).
APP_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("app_id", "vendorlock:app_id"),
    ("org_id", "vendorlock:org_id"),
    ("editor_id", "vendorlock:editor_id"),
    ("editor_name", "Editor"),
    ("product", "Product"),
    ("version", "Version"),
    ("licence", "Licence"),
    ("hosting", "Hosting"),
    ("domain", "Domain"),
    ("criticality", "Criticality"),
    ("users", "Users"),
    ("database", "Database"),
    ("api", "API"),
    ("client_platform", "Client platform"),
    ("customisation", "Customisation"),
    ("data_volume_gb", "Data volume"),
    ("storage_formats", "Storage formats"),
    ("export_formats", "Export formats"),
    ("score", "vendorlock:score"),
    ("score_low", "vendorlock:score_low"),
    ("score_high", "vendorlock:score_high"),
    ("level", "vendorlock:level"),
)
#: Flow column → property key written.
FLOW_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("flow_id", "vendorlock:flow_id"),
    ("org_id", "vendorlock:org_id"),
    ("data", "Data"),
    ("format", "Format"),
    ("standard", "Standard"),
    ("protocol", "Protocol"),
    ("frequency", "Frequency"),
)


def _ident(kind: str, key: str) -> str:
    """A valid, stable ``xs:ID`` for ``key`` (ids from inventories may hold any character)."""
    return f"id-{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:20]}"


def _shown(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = xml_clean(str(value)).strip()
    return text or None


class _Writer:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.keys: dict[str, str] = {}

    def name(self, parent: etree._Element, text: str, tag: str = "name") -> None:
        node = etree.SubElement(parent, f"{{{NS}}}{tag}")
        node.set(XML_LANG, self.lang)
        node.text = xml_clean(text)

    def prop_ref(self, key: str) -> str:
        return self.keys.setdefault(key, f"propid-{len(self.keys) + 1}")

    def properties(self, parent: etree._Element, values: list[tuple[str, str]]) -> None:
        if not values:
            return
        holder = etree.SubElement(parent, f"{{{NS}}}properties")
        for key, value in values:
            prop = etree.SubElement(holder, f"{{{NS}}}property")
            prop.set("propertyDefinitionRef", self.prop_ref(key))
            node = etree.SubElement(prop, f"{{{NS}}}value")
            node.set(XML_LANG, self.lang)
            node.text = value


def _values(
    row: Mapping[str, object], columns: tuple[tuple[str, str], ...]
) -> list[tuple[str, str]]:
    out = []
    for column, key in columns:
        shown = _shown(row.get(column))
        if shown is not None:
            out.append((key, shown))
    return out


def archimate_bytes(
    portfolio: Portfolio,
    registries: Registries,
    scores: pd.DataFrame | None = None,
    lang: str = "en",
    title: str = "vendorlock",
) -> bytes:
    """The exchange file of ``portfolio``; ``scores`` (index app_id; score, score_low,
    score_high, level) adds the audit's results as properties."""
    apps = portfolio.applications.sort_values("app_id", kind="stable")
    names = dict(zip(portfolio.editors["editor_id"], portfolio.editors["name"], strict=True))
    apps = apps.assign(editor_name=apps["editor_id"].map(names))
    if scores is not None and len(scores):
        apps = apps.join(scores[["score", "score_low", "score_high", "level"]], on="app_id")
    flows = portfolio.flows.sort_values("flow_id", kind="stable")
    writer = _Writer(lang)
    root = etree.Element(f"{{{NS}}}model", nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", _ident("model", title))
    writer.name(root, title)
    elements = etree.SubElement(root, f"{{{NS}}}elements")
    app_refs: dict[str, str] = {}
    for row in apps.to_dict("records"):
        ident = _ident("app", str(row["app_id"]))
        app_refs[str(row["app_id"])] = ident
        node = etree.SubElement(elements, f"{{{NS}}}element")
        node.set("identifier", ident)
        node.set(f"{{{XSI}}}type", "ApplicationComponent")
        writer.name(node, str(row.get("name") or row["app_id"]))
        writer.properties(node, _values(row, APP_PROPERTIES))
    platforms = registries.entries(Kind.PLATFORM)
    ends: dict[str, str] = dict(app_refs)
    for end in sorted(set(flows["source"].dropna()) | set(flows["target"].dropna())):
        if end in ends:
            continue
        entry = platforms.get(end)
        ident = _ident("platform", end)
        ends[end] = ident
        node = etree.SubElement(elements, f"{{{NS}}}element")
        node.set("identifier", ident)
        node.set(f"{{{XSI}}}type", "ApplicationComponent")
        shown = entry.aliases[0] if entry is not None and entry.aliases else end
        writer.name(node, shown)
        writer.properties(node, [("vendorlock:platform", end)])
    if len(flows):
        relationships = etree.SubElement(root, f"{{{NS}}}relationships")
        for row in flows.to_dict("records"):
            source, target = row.get("source"), row.get("target")
            if not isinstance(source, str) or not isinstance(target, str):
                continue
            rel = etree.SubElement(relationships, f"{{{NS}}}relationship")
            rel.set("identifier", _ident("flow", str(row["flow_id"])))
            rel.set("source", ends[source])
            rel.set("target", ends[target])
            rel.set(f"{{{XSI}}}type", "Flow")
            if _shown(row.get("data")):
                writer.name(rel, str(row["data"]))
            writer.properties(rel, _values(row, FLOW_PROPERTIES))
    if writer.keys:
        defs = etree.SubElement(root, f"{{{NS}}}propertyDefinitions")
        for key, ref in writer.keys.items():
            node = etree.SubElement(defs, f"{{{NS}}}propertyDefinition")
            node.set("identifier", ref)
            node.set("type", "string")
            etree.SubElement(node, f"{{{NS}}}name").text = key
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))

"""The SILL (interministerial list of free software) → catalogue of open-source alternatives.

The SILL lists free software the State recommends; its ``fonction`` is a description, not one of
vendorlock's domains, so each entry's domain is inferred with the same keywords that give an
application its domain (``connectors/domain_keywords.yaml``, on function, component and sector).
Entries whose domain cannot be told, or already in the catalogue (same name or alias), are left
out. The result is a registry overlay (a ``products`` section, editor ``unknown``, open source,
the SILL's SPDX licence) merged into the catalogue like a ``--rules`` file: ``--catalogue FILE``
on audit, compare and requirements.

The SILL publishes no file of services (SaaS it hosts) in a documented format: only the software
list is read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
import yaml

from vendorlock.model.problems import Location
from vendorlock.readers.domains import infer_domains, load_domain_keywords
from vendorlock.registry import Kind, Registries, normalise_key, slugify
from vendorlock.resources import data_dir
from vendorlock.sources.interface import SourceError
from vendorlock.yamlio import load_yaml

#: Biggest SILL file read (the real ones are well under 1 MB).
MAX_BYTES = 64 * 1024**2

FIELDS = ("id", "name", "function", "licence", "sector", "component", "status", "parent")


@dataclass(frozen=True)
class SillRules:
    """``connectors/sill.yaml``."""

    fields: Mapping[str, tuple[str, ...]]
    csv_required: tuple[str, ...]
    json_required: tuple[str, ...]
    excluded_statuses: frozenset[str]


@cache
def sill_rules() -> SillRules:
    raw = load_yaml(data_dir("connectors") / "sill.yaml")
    return SillRules(
        fields={k: tuple(str(c) for c in v) for k, v in raw["fields"].items()},
        csv_required=tuple(str(c) for c in raw["csv_required"]),
        json_required=tuple(str(c) for c in raw["json_required"]),
        excluded_statuses=frozenset(normalise_key(s) for s in raw["excluded_statuses"]),
    )


class SillCatalogue:
    """The SILL as a catalogue overlay (not an inventory: ``--catalogue FILE``)."""

    kind = "sill"
    label: Mapping[str, str] = MappingProxyType(
        {
            "en": "Interministerial free-software list (SILL)",
            "fr": "Socle interministériel de logiciels libres (SILL)",
        }
    )
    accepts: Mapping[str, str] = MappingProxyType(
        {
            "en": "SILL CSV or sill.json (short keys), with --catalogue FILE: open-source "
            "alternatives merged into the catalogue",
            "fr": "CSV du SILL ou sill.json (clés courtes), avec --catalogue FICHIER : "
            "alternatives libres ajoutées au catalogue",
        }
    )


CATALOGUE = SillCatalogue()


def _column(df: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    for name in names:
        if name in df.columns:
            return df[name].astype("string").str.strip()
    return pd.Series(pd.NA, index=df.index, dtype="string")


def read_sill(path: Path) -> pd.DataFrame:
    """The SILL entries of ``path`` (CSV or JSON) with :data:`FIELDS` as columns."""
    rules = sill_rules()
    where = Location(str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError("source_too_big", where, size=size, limit=MAX_BYTES)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except RecursionError as exc:
            raise SourceError("source_too_deep", where) from exc
        except ValueError as exc:
            raise SourceError("source_bad_json", where, detail=str(exc)[:200]) from exc
        items = data if isinstance(data, list) else []
        rows = [i for i in items if isinstance(i, dict)]
        df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
        df = df.astype("object").where(df.notna(), None).astype("string") if len(df) else df
    else:
        first = text.splitlines()[0] if text else ""
        sep = max((",", ";", "\t"), key=first.count)
        try:
            df = pd.read_csv(path, sep=sep, dtype="string", encoding="utf-8-sig")
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise SourceError("source_bad_csv", where, detail=str(exc)[:200]) from exc
        df.columns = [str(c).strip() for c in df.columns]
    out = pd.DataFrame({f: _column(df, rules.fields.get(f, ())) for f in FIELDS}, index=df.index)
    out = out.dropna(subset=["name"]).reset_index(drop=True)
    if not len(out):
        raise SourceError("sill_no_software", where)
    return out


def sill_products(entries: pd.DataFrame, registries: Registries) -> list[dict[str, Any]]:
    """Catalogue products for the SILL entries whose domain is known and that the catalogue
    does not already hold, sorted by id."""
    rules = sill_rules()
    status = entries["status"].fillna("").map(normalise_key)
    entries = entries[~status.isin(rules.excluded_statuses).to_numpy()]
    keywords = load_domain_keywords(data_dir("connectors") / "domain_keywords.yaml")
    domains, unassigned = infer_domains(
        registries,
        keywords,
        pd.Series(pd.NA, index=entries.index, dtype="string"),
        [entries["name"]],
        [entries["function"], entries["component"], entries["sector"]],
    )
    known = entries["name"].map(lambda n: registries.resolve(Kind.PRODUCT, n) is not None)
    keep = ~unassigned & ~known.to_numpy(dtype=bool)
    products: dict[str, dict[str, Any]] = {}
    for name, licence, domain in zip(
        entries["name"][keep], entries["licence"][keep], domains[keep], strict=True
    ):
        pid = "sill-" + slugify(name)
        spdx = str(licence).split(";")[0].strip() if not pd.isna(licence) else "unknown"
        products.setdefault(
            pid,
            {
                "id": pid,
                "name": str(name),
                "editor_id": "unknown",
                "domains": [str(domain)],
                "licence": spdx or "unknown",
                "open_source": True,
                "source": "SILL (socle interministériel de logiciels libres)",
            },
        )
    return [products[k] for k in sorted(products)]


def write_overlay(path: Path, registries: Registries, folder: Path) -> Path:
    """The SILL file at ``path`` as a registry overlay file in ``folder`` (named after it, so
    reports that list overlays stay deterministic)."""
    products = sill_products(read_sill(path), registries)
    target = folder / f"{path.stem}.catalogue.yaml"
    doc = {"products": products}
    target.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target

"""The audit document as columnar tables, readable as the published JSON tree.

A 100,000-application audit used to be a list of 100,000 nested dicts (≈ 85 KB each) that every
report walked again. :class:`AuditDocument` keeps the per-application data as tables instead —
one row per application (:attr:`AuditDocument.applications`), one row per criterion a report
shows (:attr:`AuditDocument.criteria`, sentences rendered once per distinct wording) and the
flows — plus the small sections (summary, organisations, editors…) as plain JSON values.

The published JSON is unchanged: :meth:`AuditDocument.records` yields the legacy per-application
objects chunk by chunk, so ``audit.json`` is written in one pass without ever holding them all.
For code written against the tree, the document is a read-only ``Mapping``: ``doc["applications"]``
materialises (once, cached) the list of dicts the schema describes.

The criteria and flow tables are built on first use (issue 11: sentences "only for what a report
shows"): an audit whose caller reads the scores and summaries only (the group commands, ``audit``
without reports, ``simulate``) never writes the ~20,000 explanation sentences of 2,000
applications. :func:`~vendorlock.reports.writer.write_reports` builds them before it forks its
writers, so that the processes share one copy instead of each building its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from vendorlock.jsonio import encode

#: Sections kept as tables and produced lazily as lists of JSON objects.
LAZY_SECTIONS = ("actions", "applications", "flows")
#: Rows per chunk when a lazy section is streamed (bounds the transient objects).
CHUNK = 2_000


@dataclass(frozen=True)
class Deferred:
    """A small section built at its first read (``make()``): the formats, editors and groups
    tables that only reports show, not computed by an audit that writes none."""

    make: Callable[[], Any]


#: Rows up to which :func:`py_values` takes a column's values one by one (``tolist``): on a
#: few rows (a report's top 15 applications) ``astype(object)`` + ``where`` cost ~0.6 ms a
#: column, 100× more; on thousands of rows they are the faster way.
FEW_ROWS = 500


def py_values(series: pd.Series) -> list[Any]:
    """Column values as Python objects, missing values as ``None`` (for JSON and cells)."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":  # numpy ints and bools: no NA
        ints: list[Any] = series.to_numpy().tolist()
        return ints
    if series.dtype == object or len(series) <= FEW_ROWS:
        values: list[Any] = series.tolist()
        return [None if v is pd.NA or v is pd.NaT or v != v else v for v in values]
    obj = series.astype(object)
    out: list[Any] = obj.where(series.notna(), None).tolist()
    return out


@dataclass(frozen=True)
class AuditDocument(Mapping[str, Any]):
    """One audit: small JSON sections plus the per-application tables (see module doc).

    ``applications`` has one row per application in document order (by ``app_id``) with
    flat, JSON-ready columns; :attr:`criteria` one row per criterion shown (``app`` = row
    position in ``applications``), sorted like each application's reasons; :attr:`flows` the
    flows section (both built by ``make_criteria`` and ``make_flows`` on first use);
    :attr:`action_order` the positions of applications in action-plan order.
    ``build_records`` turns a slice of positions into the legacy per-application objects.
    """

    sections: Mapping[str, Any]
    make_applications: Callable[[], pd.DataFrame]
    make_criteria: Callable[[], pd.DataFrame]
    make_flows: Callable[[], pd.DataFrame]
    make_action_order: Callable[[], np.ndarray]
    build_records: Callable[[np.ndarray], list[dict[str, Any]]]
    flow_records: Callable[[pd.DataFrame], list[dict[str, Any]]]
    action_records: Callable[[np.ndarray], list[dict[str, Any]]]
    #: Positions → the JSON text of each one's object (what ``build_records`` gives, encoded),
    #: written column-wise; None: ``build_records`` is encoded.
    encode_records: Callable[[np.ndarray], list[str]] | None = None
    #: Rows of ``flows`` → the JSON text of each one's object (``flow_records``, encoded).
    encode_flows: Callable[[pd.DataFrame], list[str]] | None = None
    #: Positions → the JSON text of each one's action row (``action_records``, encoded).
    encode_actions: Callable[[np.ndarray], list[str]] | None = None
    #: Per rule id: the points an unknown value leaves open and the inventory columns to fill.
    collect: Mapping[str, tuple[float, tuple[str, ...]]] = field(default_factory=dict)
    #: Per rule id: its title, metric and maximum points (the criteria sheet's constants).
    rule_info: Mapping[str, tuple[str, str, float]] = field(default_factory=dict)
    #: Per application position: the assumed cost inputs, ", "-joined (built at first read).
    make_assumed: Callable[[], Sequence[str]] = tuple
    #: Per application position: the notice period in months (rounded, NaN unknown).
    make_notice: Callable[[], pd.Series] = lambda: pd.Series(dtype=float)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def _built(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def applications(self) -> pd.DataFrame:
        """One row per application, its action sentence written at the first read."""
        table: pd.DataFrame = self._built("applications table", self.make_applications)
        return table

    @property
    def criteria(self) -> pd.DataFrame:
        """One row per criterion shown, built at the first read (see the module doc)."""
        table: pd.DataFrame = self._built("criteria table", self.make_criteria)
        return table

    @property
    def flows(self) -> pd.DataFrame:
        """The flows section as a table, built at the first read."""
        table: pd.DataFrame = self._built("flows table", self.make_flows)
        return table

    @property
    def action_order(self) -> np.ndarray:
        """Positions of the applications in action-plan order, computed at the first read."""
        order: np.ndarray = self._built("action order", self.make_action_order)
        return order

    @property
    def assumed(self) -> Sequence[str]:
        """Per application position: the assumed cost inputs, ", "-joined."""
        texts: Sequence[str] = self._built("assumed", self.make_assumed)
        return texts

    @property
    def notice_months(self) -> pd.Series:
        """Per application position: the notice period in months (rounded, NaN unknown)."""
        months: pd.Series = self._built("notice", self.make_notice)
        return months

    def prepare(self) -> None:
        """Build every table read on first use now: before forking writers that all read
        them, so that they share one copy."""
        for _ in (self.applications, self.criteria, self.flows, self.action_order):
            pass
        for _ in (self.assumed, self.notice_months):
            pass
        for key, value in self.sections.items():
            if isinstance(value, Deferred):
                self[key]

    # Mapping protocol: the legacy tree, lazily.
    def __getitem__(self, key: str) -> Any:
        if key in LAZY_SECTIONS:
            if key not in self._cache:
                self._cache[key] = [item for chunk in self.chunks(key) for item in chunk]
            return self._cache[key]
        value = self.sections[key]
        if isinstance(value, Deferred):
            return self._built(f"section {key}", value.make)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*self.sections, *LAZY_SECTIONS}))

    def __len__(self) -> int:
        return len({*self.sections, *LAZY_SECTIONS})

    def __contains__(self, key: object) -> bool:
        return key in LAZY_SECTIONS or key in self.sections

    def chunks(self, key: str) -> Iterator[list[dict[str, Any]]]:
        """A lazy section as successive lists of JSON objects (``CHUNK`` rows each)."""
        if key == "applications":
            n = len(self.applications)
            for start in range(0, n, CHUNK):
                yield self.build_records(np.arange(start, min(start + CHUNK, n)))
        elif key == "actions":
            order = self.action_order
            for start in range(0, len(order), CHUNK):
                yield self.action_records(order[start : start + CHUNK])
        elif key == "flows":
            for start in range(0, len(self.flows), CHUNK):
                yield self.flow_records(self.flows.iloc[start : start + CHUNK])
        else:
            raise KeyError(key)

    def json_chunks(self, key: str) -> Iterator[list[str]]:
        """A lazy section as successive lists of compact JSON texts, one per item: the same
        text as encoding :meth:`chunks`' objects, the applications and flows written
        column by column from the tables (see :mod:`vendorlock.audit_json`)."""
        if key == "applications" and self.encode_records is not None:
            n = len(self.applications)
            for start in range(0, n, CHUNK):
                yield self.encode_records(np.arange(start, min(start + CHUNK, n)))
        elif key == "flows" and self.encode_flows is not None:
            for start in range(0, len(self.flows), CHUNK):
                yield self.encode_flows(self.flows.iloc[start : start + CHUNK])
        elif key == "actions" and self.encode_actions is not None:
            order = self.action_order
            for start in range(0, len(order), CHUNK):
                yield self.encode_actions(order[start : start + CHUNK])
        else:
            where = f"$.{key}[]"
            for chunk in self.chunks(key):
                yield [encode(item, where) for item in chunk]

    def count(self, key: str) -> int:
        """Items in a section without materialising it."""
        if key in ("applications", "actions"):
            return len(self.applications)
        if key == "flows":
            return len(self.flows)
        return len(self[key])

    def records(self, positions: Sequence[int] | np.ndarray) -> list[dict[str, Any]]:
        """The legacy objects of the applications at ``positions`` (e.g. the top risks only)."""
        return self.build_records(np.asarray(positions, dtype=np.int64))

    def to_dict(self) -> dict[str, Any]:
        """The whole legacy tree as a plain (mutable) dict."""
        return {key: self[key] for key in self}

"""The group reports' tables declared as data: for each column its header, source field, kind,
width and how its value is shown (issue 10, point 7).

A report table is one :data:`TABLES` entry rendered over the rows of a view by
:func:`spec_table`, column by column; the shared writers (:mod:`vendorlock.reports.sections`,
xlsx, ods) then lay it out. So a column's header, format and anonymity rule are stated once,
in one place, for every table of every group command — as ``vendorlock.history.report`` does
for the history tables.

A column is ``(key, source, kind, width)`` or ``(key, source, kind, width, show)``:

- ``key``: the header, ``group.col.<key>`` in the locale;
- ``source``: the row's field, ``a.b`` for a nested one (``exit_cost.low``);
- ``show``: how the value becomes a cell, ``name`` or ``name:argument`` of :data:`SHOW`
  (the k-anonymity suppression text, a label in the reader's language, registry ids in words);
  nothing: the value as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from vendorlock.group import anonymity
from vendorlock.i18n import Lang, has, t
from vendorlock.model.portfolio import UNKNOWN
from vendorlock.reports import tables
from vendorlock.reports.cells import Column, ColumnKind, Table

K = ColumnKind


@cache
def _registries() -> Any:
    from vendorlock.registry.load import load_registries

    return load_registries()


@cache
def _product_names(lang: Lang) -> dict[str, str]:
    return tables.product_names(lang)


@dataclass(frozen=True)
class Words:
    """Registry and schema ids put into the reader's words: a domain's label in ``lang``, a
    standard's, format's or platform's name, hosting and API kinds as labels. The views keep
    their ids (the JSON is for programs); every other format shows these words. An id the
    bundled registries do not know (a local overlay) is shown as it is."""

    lang: Lang

    def domain(self, ident: Any) -> str:
        entry = _registries().domains.get(ident)
        return entry.label(self.lang) if entry else str(ident)

    def standard(self, ident: Any) -> str:
        reg = _registries()
        entry = reg.standards.get(ident) or reg.platforms.get(ident)
        return entry.label(self.lang) if entry else str(ident)

    def standard_named(self, ident: Any, name: Any) -> str:
        """A standard or platform the views name: its bundled registry name in ``lang`` when the
        view's name is that entry's (a user's rules file may rename or add one: kept as it is)."""
        reg = _registries()
        entry = reg.standards.get(ident) or reg.platforms.get(ident)
        if entry is not None and (name is None or name == entry.name):
            return entry.label(self.lang)
        return str(name if name is not None else ident)

    def format(self, ident: Any) -> str:
        entry = _registries().formats.get(ident)
        return entry.label(self.lang) if entry else str(ident)

    def product(self, name: Any) -> Any:
        """A product the views name: the catalogue's name in ``lang`` when the view's name is
        the catalogue's (:func:`reports.tables.product_names`); a user's own text as written."""
        return _product_names(self.lang).get(name, name) if isinstance(name, str) else name

    def editor(self, ident: Any, name: Any = None) -> str:
        """An editor's name; the ``unknown`` editor in ``lang``, not the registry's English."""
        if ident == UNKNOWN:
            return t("group.unknown_editor", self.lang)
        entry = _registries().editors.get(ident)
        return str(name) if name else entry.name if entry else str(ident)

    def hosting(self, ident: Any) -> str:
        return str(tables.label("hosting", ident, self.lang))

    def api(self, ident: Any) -> str:
        key = f"group.api.{ident}"
        return t(key, self.lang) if has(key) else str(ident)

    def needer(self, n: Mapping[str, Any]) -> str:
        """Who needs a standard: a domain's applications (in ``lang``) or a platform."""
        if n.get("kind") == "application":
            return self.domain(n["id"])
        if n.get("kind") == "platform":
            return self.standard_named(n["id"], n.get("name"))
        return str(n.get("name") or n["id"])

    def many(self, kind: str, idents: Iterable[Any]) -> str:
        """Ids in words, joined with commas (the same few lists recur over thousands of rows:
        each distinct list is put into words once per language)."""
        key = tuple(idents)
        try:
            return _MANY[(self.lang, kind, key)]
        except KeyError:
            pass
        except TypeError:  # an unhashable id: nothing to remember
            return ", ".join(getattr(self, kind)(i) for i in key)
        name = getattr(self, kind)
        if len(_MANY) >= _MANY_SIZE:
            _MANY.clear()
        text = _MANY[(self.lang, kind, key)] = ", ".join(name(i) for i in key)
        return text


#: :meth:`Words.many`'s texts by (language, kind, ids): words come from the bundled registries
#: and the locale, fixed for the process.
_MANY: dict[tuple[Lang, str, tuple[Any, ...]], str] = {}
_MANY_SIZE = 50_000


def join(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def yes(value: Any, lang: Lang) -> str:
    if value is None:
        return t("group.unknown", lang)
    return t("group.yes", lang) if value else t("group.no", lang)


@dataclass(frozen=True)
class Context:
    """What showing a cell needs besides its row: the language, the k-anonymity threshold and
    the names of ids the rows refer to (``names[kind][id]``: members, editors, opportunities)."""

    lang: Lang
    k: int = anonymity.DEFAULT_MIN_GROUP
    names: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)

    @cached_property
    def words(self) -> Words:
        return Words(self.lang)


#: ``show(value, row, context, argument)`` → the cell.
Show = Callable[[Any, Mapping[str, Any], Context, str], Any]


def _editors(ctx: Context, ids: Iterable[Any]) -> str:
    names = ctx.names.get("editors", {})
    return join(ctx.words.editor(e, names.get(e)) for e in ids)


def _bench(value: Any, _row: Mapping[str, Any], ctx: Context, stat: str) -> Any:
    """A benchmark statistic; a suppressed cell says so once, in its median column."""
    if value["suppressed"]:
        return t("group.suppressed", ctx.lang, k=ctx.k) if stat == "median" else None
    return value[stat]


def _sorted_union(value: Any, row: Mapping[str, Any], other: str) -> list[Any]:
    return sorted(set(value) | set(row[other]))


SHOW: dict[str, Show] = {
    # the suppression text when the view suppressed ``argument`` (a field) for this row
    "shown": lambda v, r, c, a: anonymity.shown(r, a, v, c.k, c.lang),
    # ``<argument>.<value>`` in the reader's language (a level, a direction, a fix)
    "label": lambda v, r, c, a: t(f"{a}.{v}", c.lang) if v else None,
    # an id by its name in ``context.names[argument]``, the id when it has none
    "name": lambda v, r, c, a: c.names[a].get(v, v),
    "yes": lambda v, r, c, a: yes(v, c.lang),
    "domain": lambda v, r, c, a: c.words.domain(v),
    "format": lambda v, r, c, a: c.words.format(v) if v else None,
    "editor": lambda v, r, c, a: c.words.editor(r.get("editor_id"), v),
    # registry ids in words: ``many:<kind>`` (standard, format, editor, api, hosting)
    "many": lambda v, r, c, a: c.words.many(a, v),
    # the sorted union of this field and the ``editors|other`` field, in words
    "many_union": lambda v, r, c, a: c.words.many(
        a.split("|")[0], _sorted_union(v, r, a.split("|")[1])
    ),
    # editors ({id, …} records, or ids) in words; one the registries do not know by its
    # inventory name (``names["editors"]``)
    "editor_ids": lambda v, r, c, a: _editors(c, (e["id"] for e in v)),
    "editor_names": lambda v, r, c, a: _editors(c, v),
    # a standard by its name, or the standards the flow required when it used none
    "standard_or_required": lambda v, r, c, a: (
        c.words.standard(v) if v else c.words.many("standard", r["required"])
    ),
    # a flow's other end: a national platform by its registry name in the reader's language
    "other_end": lambda v, r, c, a: (
        c.words.standard_named(r.get("other"), v) if r.get("other_kind") == "platform" else v
    ),
    # a list joined with commas; ``join:<field>`` falls back to that field when empty
    "join": lambda v, r, c, a: join(v or (r[a] if a else ())),
    # product names (``products:<field>`` falls back like ``join``), catalogue ones in ``lang``
    "product": lambda v, r, c, a: c.words.product(v),
    "products": lambda v, r, c, a: join(c.words.product(p) for p in v or (r[a] if a else ())),
    "names": lambda v, r, c, a: join(s["name"] for s in v),
    "bench": _bench,
}

#: A column: (header key, source field, kind, width[, show]).
ColumnSpec = tuple[str, str, ColumnKind, int] | tuple[str, str, ColumnKind, int, str]

_RANKING: tuple[ColumnSpec, ...] = (
    ("rank", "rank", K.INT, 6),
    ("name", "name", K.TEXT, 30),
    ("members", "members", K.INT, 10),
    ("applications", "applications", K.INT, 12),
    ("spend", "spend", K.MONEY, 14, "shown:spend"),
    ("spend_share", "spend_share", K.SHARE, 10, "shown:spend_share"),
    ("average_score", "average_score", K.SCORE, 10),
    ("worst_score", "worst_score", K.SCORE, 10),
    ("exit_low", "exit_cost.low", K.MONEY, 14, "shown:exit_cost"),
    ("exit_high", "exit_cost.high", K.MONEY, 14, "shown:exit_cost"),
    ("coverage", "coverage", K.SHARE, 10),
)


def _bench_columns(keys: Sequence[str]) -> tuple[ColumnSpec, ...]:
    """The benchmark's key columns (shown in words), then four per unit."""
    head: tuple[ColumnSpec, ...] = tuple(
        (key, key, K.TEXT, 22, "product" if key == "product" else "domain")
        if key in ("domain", "product")
        else (key, key, K.TEXT, 22)
        for key in keys
    )
    return head + tuple(
        column
        for unit in ("per_inhabitant", "per_user")
        for column in (
            (f"{unit}_members", f"{unit}.members", K.INT, 10),
            (f"{unit}_median", unit, K.AUTO, 16, "bench:median"),
            (f"{unit}_p25", unit, K.NUMBER, 10, "bench:p25"),
            (f"{unit}_p75", unit, K.NUMBER, 10, "bench:p75"),
        )
    )


#: Every table of the group reports, by id (the sheet's name is ``group.sheet.<id>``).
TABLES: dict[str, tuple[ColumnSpec, ...]] = {
    # aggregate
    "editors": _RANKING,
    "groups": _RANKING,
    "members": (
        ("rank", "rank", K.INT, 6),
        ("member", "name", K.TEXT, 30),
        ("kind", "kind", K.TEXT, 12),
        ("population", "population", K.INT, 12),
        ("lockin_index", "lockin_index", K.SCORE, 10),
        ("level", "level", K.TEXT, 10, "label:group.level"),
        ("applications", "applications", K.INT, 12),
        ("spend", "annual_spend", K.MONEY, 14, "shown:annual_spend"),
        ("hhi_editor", "hhi_editor", K.INT, 10),
        ("hhi_group", "hhi_group", K.INT, 10),
        ("coverage", "coverage", K.SHARE, 10),
    ),
    "matrix": (
        ("member", "org_id", K.TEXT, 30, "name:members"),
        ("editor", "editor_id", K.TEXT, 30, "name:editors"),
        ("applications", "applications", K.INT, 12),
        ("spend", "spend", K.MONEY, 14, "shown:spend"),
    ),
    "bench_domain": _bench_columns(("domain",)),
    "bench_product": _bench_columns(("domain", "product")),
    # pool
    "opportunities": (
        ("opportunity", "id", K.TEXT, 24, "name:opportunities"),
        ("domain", "domain", K.TEXT, 18, "domain"),
        ("window_start", "window_start", K.DATE, 12),
        ("window_end", "window_end", K.DATE, 12),
        ("members", "member_count", K.INT, 10),
        ("applications", "applications", K.INT, 12),
        ("spend", "annual_spend", K.MONEY, 14, "shown:annual_spend"),
        ("editors", "editors", K.TEXT, 30, "editor_ids"),
        ("standards", "requirements.standards", K.TEXT, 30, "names"),
    ),
    # one row per (opportunity, member): the member's row with its ``opportunity`` id
    "pool_members": (
        ("opportunity", "opportunity", K.TEXT, 24, "name:opportunities"),
        ("member", "name", K.TEXT, 30),
        ("decision_date", "decision_date", K.DATE, 12),
        ("contract_end", "contract_end", K.DATE, 12),
        ("editors", "editors", K.TEXT, 24, "editor_names"),
        ("products", "products", K.TEXT, 24, "products"),
        ("spend", "annual_spend", K.MONEY, 14, "shown:annual_spend"),
    ),
    # compare
    "compare": (
        ("editor", "name", K.TEXT, 26, "editor"),
        ("in_use", "in_use", K.TEXT, 8, "yes"),
        ("members", "members", K.INT, 10),
        ("applications", "applications", K.INT, 12),
        ("products", "products", K.TEXT, 26, "products:catalogue_products"),
        ("spend", "total_spend", K.MONEY, 14, "shown:total_spend"),
        ("median_spend", "median_spend", K.MONEY, 14, "shown:median_spend"),
        (
            "median_per_inhabitant",
            "median_per_inhabitant",
            K.NUMBER,
            12,
            "shown:median_per_inhabitant",
        ),
        ("median_per_user", "median_per_user", K.NUMBER, 12, "shown:median_per_user"),
        ("observed_standards", "observed_standards", K.TEXT, 24, "many:standard"),
        ("catalogue_standards", "catalogue_standards", K.TEXT, 24, "many:standard"),
        (
            "export_formats",
            "observed_export_formats",
            K.TEXT,
            24,
            "many_union:format|catalogue_export_formats",
        ),
        ("open_export_formats", "open_export_formats", K.TEXT, 24, "many:format"),
        ("api", "observed_api", K.TEXT, 16, "many_union:api|catalogue_api"),
        ("hosting", "observed_hosting", K.TEXT, 24, "many_union:hosting|catalogue_hosting"),
        ("average_score", "average_score", K.SCORE, 10),
        ("worst_score", "worst_score", K.SCORE, 10),
        ("exit_low", "exit_cost.low", K.MONEY, 14, "shown:exit_cost"),
        ("exit_high", "exit_cost.high", K.MONEY, 14, "shown:exit_cost"),
        ("open_source", "open_source", K.TEXT, 10, "yes"),
    ),
    # simulate: one flow table per verdict, then costs and scores
    "flows": (
        ("member", "org_id", K.TEXT, 30, "name:members"),
        ("application", "app_name", K.TEXT, 26),
        ("direction", "direction", K.TEXT, 8, "label:group.direction"),
        ("other", "other_name", K.TEXT, 26, "other_end"),
        ("standard", "standard", K.TEXT, 14, "standard_or_required"),
        ("format", "format", K.TEXT, 12, "format"),
        ("status", "status", K.TEXT, 14, "label:group.status"),
        ("reason", "reason_text", K.TEXT, 48),
        ("fix", "fix", K.TEXT, 16, "label:group.fix"),
    ),
    "costs": (
        ("member", "org_id", K.TEXT, 30, "name:members"),
        ("application", "app_name", K.TEXT, 26),
        ("broken_flows", "broken_flows", K.INT, 10),
        ("to_check_flows", "to_check_flows", K.INT, 10),
        ("exit_low", "exit_cost_without_interfaces.low", K.MONEY, 14),
        ("exit_high", "exit_cost_without_interfaces.high", K.MONEY, 14),
        ("interface_low", "interface_work.low", K.MONEY, 14),
        ("interface_high", "interface_work.high", K.MONEY, 14),
        ("switch_low", "switching_cost.low", K.MONEY, 14),
        ("switch_high", "switching_cost.high", K.MONEY, 14),
        ("annual_before", "annual_cost_before", K.MONEY, 14),
        (
            "annual_after",
            "annual_cost_after_estimate",
            K.MONEY,
            14,
            "shown:annual_cost_after_estimate",
        ),
        ("annual_difference", "annual_difference", K.MONEY, 14, "shown:annual_difference"),
    ),
    "scores": (
        ("member", "org_id", K.TEXT, 30, "name:members"),
        ("application", "name", K.TEXT, 26),
        ("product_before", "product_before", K.TEXT, 20, "product"),
        ("product_after", "product_after", K.TEXT, 20, "product"),
        ("score_before", "score_before", K.SCORE, 10),
        ("score_after", "score_after", K.SCORE, 10),
    ),
    "org_scores": (
        ("member", "name", K.TEXT, 26),
        ("index_before", "lockin_index_before", K.SCORE, 10),
        ("index_after", "lockin_index_after", K.SCORE, 10),
    ),
}


def _getter(source: str) -> Callable[[Mapping[str, Any]], Any]:
    path = source.split(".")
    if len(path) == 1:
        return lambda row: row.get(source)

    def get(row: Mapping[str, Any]) -> Any:
        value: Any = row
        for part in path:
            if value is None:
                return None
            value = value.get(part)
        return value

    return get


def _values(spec: ColumnSpec, rows: Sequence[Mapping[str, Any]], ctx: Context) -> list[Any]:
    """One column's cells over ``rows``."""
    get = _getter(spec[1])
    if len(spec) == 4:
        return [get(r) for r in rows]
    name, _, argument = spec[4].partition(":")
    show = SHOW[name]
    return [show(get(r), r, ctx, argument) for r in rows]


def spec_table(
    tid: str,
    rows: Sequence[Mapping[str, Any]],
    ctx: Context,
    *,
    spec: str | None = None,
    title: str | None = None,
    score_col: int | None = None,
    note: str | None = None,
    stacked: bool = False,
) -> Table:
    """The table ``tid`` over view ``rows``: the columns of ``TABLES[spec or tid]``, built
    column by column, titled ``group.sheet.<tid>`` unless ``title`` is given (``stacked``:
    :attr:`~vendorlock.reports.cells.Table.stacked`)."""
    columns = TABLES[spec or tid]
    cells = [_values(c, rows, ctx) for c in columns]
    return Table(
        tid,
        title if title is not None else t(f"group.sheet.{tid}", ctx.lang),
        tuple(Column(t(f"group.col.{c[0]}", ctx.lang), c[2], c[3]) for c in columns),
        list(zip(*cells, strict=True)),
        score_col=score_col,
        note=note,
        stacked=stacked,
    )

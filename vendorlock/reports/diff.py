"""What changed between two audit documents (``vendorlock diff OLD.json NEW.json``).

Applications are matched by ``(org_id, app_id)``, organisations by ``org_id``, contracts by
``(org_id, contract_id)``. The result is a frozen value; :func:`render_diff` turns it into text,
JSON or markdown. :func:`load_audit_document` reads a file and says in one line why it is not an
audit document.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, assert_never

from vendorlock import jsonio
from vendorlock.errors import ReportError
from vendorlock.i18n import Lang, has, t
from vendorlock.reports.cells import terminal_text
from vendorlock.reports.markdown import md_text
from vendorlock.reports.numbers import money_range, number, score
from vendorlock.reports.overview import long_date

REQUIRED_KEYS = ("schema_version", "summary", "organisations", "applications", "actions")
Key = tuple[str, str]


@dataclass(frozen=True)
class AppRef:
    org_id: str
    app_id: str
    name: str
    score: float
    level: str


@dataclass(frozen=True)
class CriterionChange:
    rule_id: str
    old_points: float | None
    new_points: float | None


@dataclass(frozen=True)
class ScoreChange:
    org_id: str
    app_id: str
    name: str
    old_score: float
    new_score: float
    old_level: str
    new_level: str
    criteria: tuple[CriterionChange, ...]


@dataclass(frozen=True)
class OrgChange:
    org_id: str
    name: str
    old_index: float | None  # None: no application had enough data for an index
    new_index: float | None
    old_level: str
    new_level: str


@dataclass(frozen=True)
class ContractRef:
    org_id: str
    contract_id: str
    editor: str | None
    contract_end: str | None
    applications: tuple[str, ...]


@dataclass(frozen=True)
class ExitCostChange:
    org_id: str
    app_id: str
    name: str
    old_low: float
    old_high: float
    new_low: float
    new_high: float


@dataclass(frozen=True)
class AuditDiff:
    """Everything that differs between two audits, each list sorted by its ids."""

    old_as_of: str | None
    new_as_of: str | None
    apps_added: tuple[AppRef, ...]
    apps_removed: tuple[AppRef, ...]
    score_changes: tuple[ScoreChange, ...]
    org_changes: tuple[OrgChange, ...]
    contracts_new: tuple[ContractRef, ...]
    contracts_ended: tuple[ContractRef, ...]
    exit_cost_changes: tuple[ExitCostChange, ...]
    #: Organisation id → name, in both audits (the new name when it changed), so the text
    #: names an application's organisation as its reader does, never by its SIREN.
    organisations: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.apps_added
            or self.apps_removed
            or self.score_changes
            or self.org_changes
            or self.contracts_new
            or self.contracts_ended
            or self.exit_cost_changes
        )


def load_audit_document(path: Path, lang: Lang = Lang.EN) -> dict[str, Any]:
    """Read an audit JSON file; :class:`ReportError` in one line if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError as exc:
        raise ReportError(t("reports.error.too_deep", lang, file=path)) from exc
    except OSError as exc:
        raise ReportError(
            t("reports.error.unreadable", lang, file=path, error=exc.strerror)
        ) from exc
    except UnicodeDecodeError as exc:
        raise ReportError(
            t(
                "reports.error.bad_json",
                lang,
                file=path,
                line=1,
                column=exc.start + 1,
                error="not UTF-8",
            )
        ) from exc
    except json.JSONDecodeError as exc:
        raise ReportError(
            t(
                "reports.error.bad_json",
                lang,
                file=path,
                line=exc.lineno,
                column=exc.colno,
                error=exc.msg,
            )
        ) from exc
    missing = [k for k in REQUIRED_KEYS if not isinstance(data, dict) or k not in data]
    if missing or data.get("schema_version") != "1":
        raise ReportError(
            t(
                "reports.error.not_audit",
                lang,
                file=path,
                missing=", ".join(missing) or 'schema_version = "1"',
            )
        )
    problem = _shape_problem(data)
    if problem is not None:
        where, expected = problem
        key = f"reports.shape.{expected.replace(' ', '_')}"
        expected = t(key, lang) if has(key) else expected
        raise ReportError(
            t("reports.error.bad_shape", lang, file=path, where=where, expected=expected)
        )
    return data


_TEXT, _NUMBER, _OPT_TEXT, _OPT_NUMBER = "text", "number", "text or null", "number or null"
_LEVELS = ("insufficient_data", "low", "medium", "high", "critical")
Kind = str | tuple[str, ...]
#: What the diff reads of each application and organisation, and of their nested items.
_APP_FIELDS: dict[str, Kind] = {
    "org_id": _TEXT,
    "app_id": _TEXT,
    "name": _TEXT,
    "score": _NUMBER,
    "level": _LEVELS,
    "contract_id": _OPT_TEXT,
    "editor": _OPT_TEXT,
    "contract_end": _OPT_TEXT,
}
_ORG_FIELDS: dict[str, Kind] = {
    "org_id": _TEXT,
    "name": _TEXT,
    "lockin_index": _OPT_NUMBER,
    "level": _LEVELS,
}
_CRITERION_FIELDS: dict[str, Kind] = {"rule_id": _TEXT, "points": _OPT_NUMBER}
_RANGE_FIELDS: dict[str, Kind] = {"low": _NUMBER, "high": _NUMBER}


def _kind_ok(value: Any, kind: Kind) -> bool:
    if isinstance(kind, tuple):
        return value in kind
    if value is None and kind in (_OPT_TEXT, _OPT_NUMBER):
        return True
    if kind in (_TEXT, _OPT_TEXT):
        return isinstance(value, str)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fields_problem(item: Any, fields: Mapping[str, Kind], where: str) -> tuple[str, str] | None:
    if not isinstance(item, dict):
        return where, "an object"
    for name, kind in fields.items():
        value = item.get(name)
        if (name in item or kind not in (_OPT_TEXT, _OPT_NUMBER)) and not _kind_ok(value, kind):
            expected = " | ".join(kind) if isinstance(kind, tuple) else kind
            return f"{where}.{name}", expected
    return None


def _shape_problem(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    """Where an audit document departs from what the diff reads (path, what was expected).

    Checked once at load so a hand-edited or truncated audit.json is refused in one located
    line rather than failing halfway through the comparison.
    """
    for key in ("applications", "organisations"):
        if not isinstance(doc[key], list):
            return f"$.{key}", "a list"
    for i, app in enumerate(doc["applications"]):
        where = f"$.applications[{i}]"
        found = _fields_problem(app, _APP_FIELDS, where)
        if found is None and not isinstance(app.get("criteria"), list):
            found = f"{where}.criteria", "a list"
        for j, crit in enumerate(app.get("criteria") or [] if found is None else []):
            found = found or _fields_problem(crit, _CRITERION_FIELDS, f"{where}.criteria[{j}]")
        if found is None:
            found = _fields_problem(app.get("exit_cost"), _RANGE_FIELDS, f"{where}.exit_cost")
        if found is not None:
            return found
    for i, org in enumerate(doc["organisations"]):
        found = _fields_problem(org, _ORG_FIELDS, f"$.organisations[{i}]")
        if found is not None:
            return found
    return None


def _apps(doc: Mapping[str, Any]) -> dict[Key, Mapping[str, Any]]:
    return {(a["org_id"], a["app_id"]): a for a in doc["applications"]}


def _ref(a: Mapping[str, Any]) -> AppRef:
    return AppRef(a["org_id"], a["app_id"], a["name"], a["score"], a["level"])


def _criteria_changes(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[CriterionChange, ...]:
    op = {c["rule_id"]: c.get("points") for c in old["criteria"]}
    np_ = {c["rule_id"]: c.get("points") for c in new["criteria"]}
    return tuple(
        CriterionChange(r, op.get(r), np_.get(r))
        for r in sorted(op.keys() | np_.keys())
        if op.get(r) != np_.get(r)
    )


def _contracts(doc: Mapping[str, Any]) -> dict[Key, ContractRef]:
    grouped: dict[Key, list[Mapping[str, Any]]] = {}
    for a in doc["applications"]:
        if a.get("contract_id"):
            grouped.setdefault((a["org_id"], a["contract_id"]), []).append(a)
    return {
        key: ContractRef(
            key[0],
            key[1],
            apps[0].get("editor"),
            apps[0].get("contract_end"),
            tuple(sorted(a["app_id"] for a in apps)),
        )
        for key, apps in sorted(grouped.items())
    }


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> AuditDiff:
    """Compare two audit documents (``old`` first)."""
    oa, na = _apps(old), _apps(new)
    common = sorted(oa.keys() & na.keys())
    scores = tuple(
        ScoreChange(
            k[0],
            k[1],
            na[k]["name"],
            oa[k]["score"],
            na[k]["score"],
            oa[k]["level"],
            na[k]["level"],
            _criteria_changes(oa[k], na[k]),
        )
        for k in common
        if oa[k]["score"] != na[k]["score"] or oa[k]["level"] != na[k]["level"]
    )
    costs = tuple(
        ExitCostChange(
            k[0],
            k[1],
            na[k]["name"],
            oa[k]["exit_cost"]["low"],
            oa[k]["exit_cost"]["high"],
            na[k]["exit_cost"]["low"],
            na[k]["exit_cost"]["high"],
        )
        for k in common
        if (oa[k]["exit_cost"]["low"], oa[k]["exit_cost"]["high"])
        != (na[k]["exit_cost"]["low"], na[k]["exit_cost"]["high"])
    )
    oo = {o["org_id"]: o for o in old["organisations"]}
    no = {o["org_id"]: o for o in new["organisations"]}
    orgs = tuple(
        OrgChange(
            i,
            no[i]["name"],
            oo[i].get("lockin_index"),
            no[i].get("lockin_index"),
            oo[i]["level"],
            no[i]["level"],
        )
        for i in sorted(oo.keys() & no.keys())
        if (oo[i].get("lockin_index"), oo[i]["level"])
        != (no[i].get("lockin_index"), no[i]["level"])
    )
    oc, nc = _contracts(old), _contracts(new)
    names = {**{i: o["name"] for i, o in oo.items()}, **{i: o["name"] for i, o in no.items()}}
    return AuditDiff(
        old.get("as_of"),
        new.get("as_of"),
        tuple(_ref(na[k]) for k in sorted(na.keys() - oa.keys())),
        tuple(_ref(oa[k]) for k in sorted(oa.keys() - na.keys())),
        scores,
        orgs,
        tuple(nc[k] for k in sorted(nc.keys() - oc.keys())),
        tuple(oc[k] for k in sorted(oc.keys() - nc.keys())),
        costs,
        dict(sorted(names.items())),
    )


@cache
def _rule_titles(lang: Lang) -> dict[str, str]:
    """Criterion id → its title in ``lang``, from the shipped pack (a rule of the user's own
    pack the diff cannot load is shown by its id)."""
    from vendorlock.scoring.load import load_pack

    return {c.id: c.title.get(lang) for c in load_pack().criteria}


def _lines(diff: AuditDiff, lang: Lang) -> list[tuple[str, list[str]]]:
    """(section title, item lines) pairs shared by the text and markdown renderings: names as
    the reports give them (an application with its organisation when the audits hold several,
    criteria by their titles, dates written out), the ids being in the JSON rendering."""
    colon, semicolon = t("loc.colon", lang), t("loc.semicolon", lang)
    several = len(diff.organisations) > 1
    titles = _rule_titles(lang)

    def lv(level: str) -> str:
        return t(f"reports.level.{level}", lang)

    def pts(v: float | None) -> str:
        return "—" if v is None else number(v, lang)

    def app(name: str, org_id: str) -> str:
        org = diff.organisations.get(org_id, org_id)
        return f"{name} ({org})" if several else name

    def contract(c: ContractRef) -> str:
        where = f" ({diff.organisations.get(c.org_id, c.org_id)})" if several else ""
        return f"{c.contract_id}{where}{colon}{c.editor or '?'}, {long_date(c.contract_end, lang)}"

    sections: list[tuple[str, list[str]]] = [
        (
            t("reports.diff.orgs", lang),
            [
                f"{o.name}{colon}{pts(o.old_index)} ({lv(o.old_level)}) → "
                f"{pts(o.new_index)} ({lv(o.new_level)})"
                for o in diff.org_changes
            ],
        ),
        (
            t("reports.diff.added", lang),
            [
                f"{app(a.name, a.org_id)}{colon}{score(a.score, lang)} ({lv(a.level)})"
                for a in diff.apps_added
            ],
        ),
        (
            t("reports.diff.removed", lang),
            [app(a.name, a.org_id) for a in diff.apps_removed],
        ),
        (
            t("reports.diff.scores", lang),
            [
                f"{app(c.name, c.org_id)}{colon}"
                f"{score(c.old_score, lang)} ({lv(c.old_level)}) → "
                f"{score(c.new_score, lang)} ({lv(c.new_level)})"
                + (
                    semicolon
                    + ", ".join(
                        f"{titles.get(k.rule_id, k.rule_id)} {pts(k.old_points)} → "
                        f"{pts(k.new_points)}"
                        for k in c.criteria
                    )
                    if c.criteria
                    else ""
                )
                for c in diff.score_changes
            ],
        ),
        (
            t("reports.diff.contracts_new", lang),
            [contract(c) for c in diff.contracts_new],
        ),
        (
            t("reports.diff.contracts_ended", lang),
            [contract(c) for c in diff.contracts_ended],
        ),
        (
            t("reports.diff.exit_costs", lang),
            [
                f"{app(c.name, c.org_id)}{colon}{money_range(c.old_low, c.old_high, lang)} → "
                f"{money_range(c.new_low, c.new_high, lang)}"
                for c in diff.exit_cost_changes
            ],
        ),
    ]
    return [(title, items) for title, items in sections if items]


def render_diff(diff: AuditDiff, lang: Lang, fmt: Literal["text", "json", "md"]) -> str:
    """The diff as plain text (terminal-safe), JSON (sorted keys) or markdown."""
    # the audits' days as a reader writes them (« 28 novembre 2026 »), not their ISO form
    old, new = long_date(diff.old_as_of, lang), long_date(diff.new_as_of, lang)
    header = t("reports.diff.header", lang, old=old, new=new)
    if fmt == "json":
        return jsonio.dumps(asdict(diff), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        out = [header]
        for title, items in _lines(diff, lang):
            out += ["", title] + [f"  - {terminal_text(i)}" for i in items]
        if diff.empty:
            out.append(t("reports.diff.none", lang))
        return "\n".join(out) + "\n"
    if fmt == "md":
        md_header = t(
            "reports.diff.header",
            lang,
            old=md_text(old),
            new=md_text(new),
        )
        out = [f"# {md_header}"]
        for title, items in _lines(diff, lang):
            out += ["", f"## {title}", ""] + [f"- {md_text(i)}" for i in items]
        if diff.empty:
            out += ["", t("reports.diff.none", lang)]
        return "\n".join(out) + "\n"
    assert_never(fmt)

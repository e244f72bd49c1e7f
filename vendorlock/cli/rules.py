"""``vendorlock rules list | show ID | check FILE``: read and validate rule packs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from vendorlock.cli.app import EXIT_ERROR, echo_safe, lang_option, main, rules_option
from vendorlock.errors import RuleError
from vendorlock.i18n import Lang, t, tn
from vendorlock.registry.load import check_registry_sections, shipped_sourcing
from vendorlock.registry.load import render_problem as render_registry_problem
from vendorlock.registry.spec import REGISTRY_SECTIONS
from vendorlock.scoring.check import ID_RE
from vendorlock.scoring.load import (
    RulePackError,
    builtin_state,
    check_pack_file,
    load_pack,
    render_problem,
)
from vendorlock.scoring.model import Criterion, RulePack
from vendorlock.scoring.render import trimmed
from vendorlock.yamlio import load_yaml


def _pack(overlays: Sequence[Path], lang: Lang) -> RulePack:
    try:
        return load_pack(overlays)
    except RulePackError as exc:
        raise RulePackError(exc.problems, lang) from None


@main.group("rules")
def rules() -> None:
    """Read and validate lock-in rule packs.

    \b
    Examples:
      vendorlock rules list --lang fr
      vendorlock rules show no-reversibility-clause
      vendorlock rules check my-rules.yaml
      vendorlock rules list --rules my-rules.yaml   # the pack with your overlay applied
    """


@rules.command("list")
@rules_option
@lang_option
def list_rules(overlays: tuple[Path, ...], lang: Lang) -> None:
    """One line per criterion: id, metric, weight, title.

    \b
    Example:
      vendorlock rules list --rules my-rules.yaml
    """
    pack = _pack(overlays, lang)
    total = trimmed(pack.max_points, lang)
    echo_safe(
        t(
            "scoring.list_header",
            lang,
            count=len(pack.criteria),
            total=total,
            pack=pack.id,
            version=pack.version,
        )
    )
    id_width = max((len(c.id) for c in pack.criteria), default=0)
    metric_width = max((len(c.metric) for c in pack.criteria), default=0)
    for c in pack.criteria:
        weight = trimmed(c.weight, lang)
        echo_safe(
            f"{c.id:<{id_width}}  {c.metric:<{metric_width}}  {weight:>5}  {c.title.get(lang)}"
        )


@rules.command("show")
@click.argument("rule_id")
@rules_option
@lang_option
def show_rule(rule_id: str, overlays: tuple[Path, ...], lang: Lang) -> None:
    """Everything about one criterion: thresholds, sentences, references, source.

    \b
    Example:
      vendorlock rules show closed-storage-formats --lang fr
    """
    pack = _pack(overlays, lang)
    try:
        crit = pack.criterion(rule_id)
    except KeyError:
        raise RuleError(t("scoring.unknown_rule", lang, id=rule_id)) from None
    for line in describe(crit, pack, lang):
        echo_safe(line)


def describe(crit: Criterion, pack: RulePack, lang: Lang) -> list[str]:
    """The lines ``rules show`` prints for ``crit``."""

    colon = t("loc.colon", lang)  # « poids : 8 » in French, "weight: 8" in English

    def label(key: str) -> str:
        return t(f"scoring.show.{key}", lang)

    def row(key: str, value: str) -> str:
        return f"  {label(key)}{colon}{value}"

    lines = [f"{crit.id}{colon}{crit.title.get(lang)}"]
    lines.append(row("metric", crit.metric))
    lines.append(row("weight", trimmed(crit.weight, lang)))
    lines.append(row("direction", t(f"scoring.show.{crit.direction.value}", lang)))
    op = "≥" if crit.direction.value == "higher_is_worse" else "≤"
    lines.append(f"  {label('thresholds')}{colon.rstrip()}")
    for th in crit.thresholds:
        at, sev = trimmed(th.at, lang), trimmed(th.severity, lang)
        lines.append(f"    {op} {at} → {sev}")
    if crit.applies_when is not None:
        cond = crit.applies_when
        value = trimmed(cond.value, lang)
        lines.append(row("applies_when", f"{cond.metric} {cond.op} {value}"))
    if crit.clause:
        clause = pack.clauses[crit.clause]
        lines.append(row("clause", f"{crit.clause} — {clause.title.get(lang)}"))
    lines.append(row("reason", crit.reason.get(lang)))
    lines.append(row("remedy", crit.remedy.get(lang)))
    if crit.references:
        lines.append(f"  {label('references')}{colon.rstrip()}")
        for ref_id in crit.references:
            ref = pack.references[ref_id]
            mark = "" if ref.verified else f" ({label('unverified')})"
            lines.append(f"    {ref_id}{colon}{ref.label(lang)}{mark} {ref.url}".rstrip())
    if crit.source:
        lines.append(row("source", crit.source))
    return lines


@rules.command("check")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--require-sources",
    is_flag=True,
    help="Hold every registry entry to the sourcing rule (a verified 'source' and a 'checked' "
    "date), as if the file declared 'sourcing: strict'.",
)
@lang_option
def check_rules(file: Path | None, require_sources: bool, lang: Lang) -> None:
    """Validate a user rules file, or the shipped registries when no FILE is given.

    Every problem at once, located by YAML line; exit 1 when there is any problem, 0 with a
    summary otherwise. Without FILE: per registry, how many entries carry a verified source and
    a check date; packs declaring 'sourcing: strict' must have them all, and --require-sources
    also fails on the entries of lenient packs still to verify.

    \b
    Examples:
      vendorlock rules check my-rules.yaml
      vendorlock rules check my-rules.yaml --require-sources
      vendorlock rules check --require-sources     # the shipped packs, every entry sourced?
    """
    if file is None:
        _check_shipped(require_sources, lang)
        return
    problems = check_pack_file(file)
    if require_sources and not problems:
        data = load_yaml(file)
        if isinstance(data, Mapping):
            problems = check_registry_sections(data, file, require_sources=True)
    if problems:
        for p in problems:
            echo_safe(render_problem(p, lang))
        click.echo(tn("scoring.check_failed", len(problems), lang, path=file), err=True)
        raise SystemExit(EXIT_ERROR)
    click.echo(t("scoring.check_ok", lang, path=file, **_summary(file)))


def _check_shipped(require_sources: bool, lang: Lang) -> None:
    """One line per shipped registry section: entries, sourced, still to verify."""
    counts, problems = shipped_sourcing()
    for c in counts:
        key = "registry.sourcing_line_strict" if c.mode == "strict" else "registry.sourcing_line"
        echo_safe(
            t(
                key,
                lang,
                file=c.file,
                section=c.section,
                entries=c.entries,
                sourced=c.sourced,
                unverified=len(c.unverified),
            )
        )
    strict_files = {c.file for c in counts if c.mode == "strict"}
    failing = [p for p in problems if require_sources or Path(p.location.file).name in strict_files]
    if failing:
        for p in failing:
            echo_safe(render_registry_problem(p, lang))
        click.echo(t("registry.sourcing_failed", lang, count=len(failing)), err=True)
        raise SystemExit(EXIT_ERROR)
    total = sum(len(c.unverified) for c in counts)
    click.echo(t("registry.sourcing_ok", lang, unverified=total))


def _summary(path: Path) -> dict[str, Any]:
    """Counts for the ``ok`` line: criteria in the file, new / changed / disabled."""
    data = load_yaml(path)
    if not isinstance(data, Mapping):
        data = {}
    items = [c for c in data.get("criteria") or [] if isinstance(c, Mapping)]
    known = builtin_state()["criteria"]
    ids = [str(c.get("id")) for c in items if ID_RE.match(str(c.get("id")))]
    disabled = sum(1 for c in items if c.get("enabled") is False)
    added = sum(1 for i in ids if i not in known)
    return {
        "criteria": len(ids),
        "added": added,
        "changed": len(ids) - added - disabled,
        "disabled": disabled,
        "registry": sum(1 for s in REGISTRY_SECTIONS if s in data),
    }

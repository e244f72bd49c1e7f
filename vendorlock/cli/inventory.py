"""``vendorlock validate`` and ``vendorlock schema``: checking an inventory, showing its schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pandas as pd

from vendorlock.cli.app import (
    EXIT_ERROR,
    EXIT_OK,
    ca_bundle_option,
    echo_safe,
    forced_sources,
    format_option,
    lang_option,
    main,
    mapping_option,
    paths_argument,
    read_mapping,
    rules_option,
    sbom_app_option,
    source_option,
    with_sources,
)
from vendorlock.fileio import atomic_write
from vendorlock.i18n import Lang, has, plural_key, t, tn
from vendorlock.model.problems import Severity, count_by_severity
from vendorlock.model.schema import Table, all_specs, describe, schema_json
from vendorlock.readers import LoadOptions, LoadResult, load_inventory
from vendorlock.readers.connector import load_connector
from vendorlock.readers.explain import explain_json, explain_lines
from vendorlock.readers.mapping import dump_mapping
from vendorlock.readers.setaside import reason_counts, set_aside, split_unreadable
from vendorlock.registry import load_registries
from vendorlock.sources.bodies import joined_lines
from vendorlock.sources.supply_chain import attach_supply_chain, sbom_lines


def summary_line(result: LoadResult, lang: Lang, strict: bool) -> str:
    """``valid: 3 organisations, 12 applications…; 0 error(s), 2 warning(s)``."""
    counts = count_by_severity(result.problems)
    tables = ", ".join(
        t("validate.table_count", lang, count=n, table=t(_number(f"table.{name}", n, lang), lang))
        for name, n in result.portfolio.counts().items()
    )
    ok = not result.errors(strict)
    state = t("validate.valid" if ok else "validate.invalid", lang)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    body = t(
        "validate.summary",
        lang,
        tables=tables,
        errors=t(_number("validate.errors", errors, lang), lang, count=errors),
        warnings=t(_number("validate.warnings", warnings, lang), lang, count=warnings),
    )
    return f"{state}{t('loc.colon', lang)}{body}"


def _number(key: str, count: int, lang: Lang) -> str:
    """``key`` or its singular ``key.one``: "1 organisation", "0 erreur", "0 errors"."""
    return plural_key(key, count, lang)


def _kind_label(kind: str, lang: Lang) -> str:
    """A component kind in words (a kind added in a user's components.yaml as written)."""
    key = f"component.{kind}"
    return t(key, lang) if has(key) else kind


def component_lines(result: LoadResult, lang: Lang) -> list[str]:
    """The components set aside (OS updates, runtimes, drivers…): a count, then one per line."""
    comps = result.components
    if not len(comps):
        return []
    by_kind = comps["kind"].value_counts().sort_index()
    kinds = ", ".join(
        t("validate.component_kind", lang, kind=_kind_label(str(k), lang), count=int(n))
        for k, n in by_kind.items()
    )
    lines = [tn("validate.components", len(comps), lang, kinds=kinds)]
    for r in comps.to_dict("records"):
        sheet = r["_sheet"]
        where = str(r["_file"]) + ("" if pd.isna(sheet) else f" [{sheet}]")
        label = _kind_label(str(r["kind"]), lang)
        lines.append(
            t("validate.component", lang, where=where, row=r["_row"], name=r["name"], kind=label)
        )
    return lines


def json_report(result: LoadResult, lang: Lang, strict: bool) -> dict[str, Any]:
    """The document ``validate --format json`` prints (stable keys, problems sorted)."""
    counts = count_by_severity(result.problems)
    return {
        "valid": not result.errors(strict),
        "counts": {
            "tables": result.portfolio.counts(),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
        },
        "files_failed": list(result.files_failed),
        "understood": explain_json(load_connector(), result.readings, lang),
        "problems": [p.to_json(lang) for p in result.problems],
        "reconciled": [j.to_json(lang) for j in result.joined],
        "components": [
            {
                "name": r["name"],
                "kind": r["kind"],
                "file": r["_file"],
                "sheet": None if pd.isna(r["_sheet"]) else r["_sheet"],
                "row": int(r["_row"]),
            }
            for r in result.components.to_dict("records")
        ],
    }


@main.command("validate")
@paths_argument("paths", required=False)
@format_option(
    ["text", "json"],
    "text: one line per problem and a summary; json: a document for scripts.",
    dest="fmt",
    default="text",
)
@click.option("--strict", is_flag=True, help="Warnings count as errors (exit 1).")
@rules_option
@sbom_app_option
@mapping_option
@ca_bundle_option
@source_option
@click.option(
    "--save-mapping",
    "save_mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write what was understood (each sheet's table, each header's field) to this YAML "
    "file; edit it and pass it back with --mapping.",
)
@lang_option
def validate_command(
    paths: tuple[Path, ...],
    fmt: str,
    strict: bool,
    overlays: tuple[Path, ...],
    mapping_path: Path | None,
    ca_bundle: Path | None,
    save_mapping: Path | None,
    sbom_app: str | None,
    lang: Lang,
) -> None:
    """Read and check an inventory: every problem located (file, sheet, row, column).

    PATHS are xlsx/xls/ods workbooks, CSV files or folders of CSV files, ArchiMate models
    or CycloneDX SBOMs (see docs/connectors.md). Prints what was
    understood (each sheet's table and why, each header's field), then every problem. Exit code
    0 when the inventory is valid, 1 when it has errors (or warnings, with --strict). validate
    is a checker: it exits 1 on errors even though an audit would set those rows aside and go
    on; it says how many rows an audit would set aside.

    \b
    Examples:
      vendorlock validate inventaire.xlsx
      vendorlock validate exports/ --format json --lang fr
      vendorlock validate export-mars.csv --save-mapping export.yaml   # then edit it
      vendorlock audit export-avril.csv --mapping export.yaml
    """
    registries = load_registries(overlays)
    mapping = read_mapping(mapping_path, lang)
    # Read as written (every row counted), then say what an audit would set aside.
    inputs = with_sources(paths)
    if not inputs:
        raise click.UsageError(t("connectors.no_input", lang))
    options = LoadOptions(mapping=mapping, ca_bundle=ca_bundle, forced=forced_sources())
    result = load_inventory(inputs, registries, options)
    if sbom_app is not None:
        result = attach_supply_chain(result, sbom_app)
    aside = set_aside(result.portfolio, result.problems).rows
    if save_mapping is not None:
        atomic_write(save_mapping, dump_mapping(result.readings).encode(), protected=paths)
    if fmt == "json":
        doc = json_report(result, lang, strict)
        doc["set_aside"] = {
            "rows": len(aside),
            "reasons": reason_counts(aside),
            "list": [r.to_json(lang) for r in aside],
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        understood = explain_lines(load_connector(), result.readings, lang)
        if understood:
            click.echo(t("understood.title", lang))
            for line in understood:
                click.echo(line)
        for problem in result.problems:
            echo_safe(problem.render(lang))
        for line in component_lines(result, lang):
            echo_safe(line)
        for line in sbom_lines(result, lang):
            echo_safe(line)
        for line in joined_lines(result.joined, lang):
            echo_safe(line)
        rows, unreadable = split_unreadable(aside)
        if rows:
            click.echo(tn("setaside.validate", len(rows), lang))
        if unreadable:
            click.echo(tn("setaside.validate_unreadable", len(unreadable), lang))
        echo_safe(summary_line(result, lang, strict))
        if save_mapping is not None:
            echo_safe(t("mapping.saved", lang, path=save_mapping))
    raise SystemExit(EXIT_ERROR if result.errors(strict) else EXIT_OK)


@main.command("schema")
@click.argument("table", required=False)
@click.option("--list", "list_tables", is_flag=True, help="List the tables with descriptions.")
@lang_option
def schema_command(table: str | None, list_tables: bool, lang: Lang) -> None:
    """Print the published Table Schema (JSON) of one table, or of all tables.

    \b
    Examples:
      vendorlock schema applications
      vendorlock schema > schemas.json
      vendorlock schema --list
    """
    if list_tables:
        for spec in all_specs():
            click.echo(f"{spec.table.value}\t{describe(spec.table, lang)}")
        return
    if table is None:
        doc: dict[str, Any] = {tb.value: schema_json(tb) for tb in Table}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    names = [tb.value for tb in Table]
    if table not in names:
        raise click.UsageError(
            t("schema.unknown_table", lang, table=table, tables=", ".join(names))
        )
    click.echo(json.dumps(schema_json(Table(table)), ensure_ascii=False, indent=2))

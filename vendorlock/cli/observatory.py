"""``vendorlock observatory RECORDS... -o DIR``: the national observatory from DECP records."""

from __future__ import annotations

from pathlib import Path

import click

from vendorlock.cli.app import (
    EXIT_ERROR,
    echo_safe,
    engine_options,
    lang_option,
    main,
    output_option,
    rules_option,
)
from vendorlock.i18n import Lang


@main.command("observatory")
@click.argument(
    "records",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@output_option(
    "Folder for observatory.html, observatory.xlsx and the Parquet tables.",
    dest="out",
    required=True,
)
@engine_options(
    "processes",
    "Where the per-buyer partitions run: this process, local processes, or a Dask cluster.",
)
@rules_option
@lang_option
def observatory_command(
    records: tuple[Path, ...],
    out: Path,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    overlays: tuple[Path, ...],
    lang: Lang,
) -> None:
    """Map who depends on which software editor across public buyers, from procurement records.

    RECORDS are DECP files (JSON or XML of schemas 1.x and 2.x, or the consolidated flat CSV).
    Software and IT-service contracts (CPV 48*/72*) give, per domain, département, region and
    year, each corporate group's share of contracts and amounts and the concentration (HHI);
    and the pooling candidates: buyers of one département whose contracts with one group, or in
    one domain, end within twelve months of each other. Writes observatory.html,
    observatory.xlsx and Parquet tables; the output is identical whatever the engine.

    \b
    Examples:
      vendorlock observatory decp-2023.json decp-2024.json -o observatory/ --lang fr
      vendorlock observatory decp.csv -o out/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    import time

    from vendorlock.i18n import seconds, t, tn
    from vendorlock.observatory import observe
    from vendorlock.observatory.render import registry_names, write_all
    from vendorlock.readers.interface import InputError
    from vendorlock.registry import load_registries
    from vendorlock.reports.numbers import number

    start = time.perf_counter()
    registries = load_registries(overlays)
    try:
        obs = observe(records, registries, engine=engine, workers=workers, scheduler=scheduler)
    except InputError as exc:  # a file that cannot be read: located, one line
        reason = t(f"problem.{exc.code}", lang, **exc.params)
        echo_safe(f"vendorlock: {exc.location.file}: {reason}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    write_all(obs, out, lang, registry_names(registries))

    def counted(key: str, n: int) -> str:  # « 0 mutualisation possible », "1 contract"
        return tn(f"observatory.count.{key}", n, lang, count=number(n, lang))

    echo_safe(
        t(
            "observatory.done",
            lang,
            contracts=counted("contracts", obs.contracts),
            buyers=counted("buyers", obs.buyers_count),
            pools=counted("pools", len(obs.pooling)),
            out=str(out),
            seconds=seconds(time.perf_counter() - start, lang),
            engine=engine,
        )
    )

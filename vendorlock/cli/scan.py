"""``vendorlock scan``: measure which formats a body's files are really in."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import click

from vendorlock.cli.app import (
    echo_safe,
    lang_option,
    main,
    output_option,
    rules_option,
    setup_logging,
    verbose_option,
)
from vendorlock.i18n import Lang, seconds, t, tn
from vendorlock.registry import load_registries
from vendorlock.reports.numbers import number, share


@main.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@output_option("Folder scan.html, scan.xlsx and scan.json are written to.", Path("vendorlock-scan"))
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the re-run cache (identifications by path, size and mtime).",
)
@click.option(
    "--time-budget",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop after this many seconds and report what was scanned (marked partial).",
)
@click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links (loops are reported).")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress on stderr (default: when stderr is a terminal).",
)
@rules_option
@lang_option
@verbose_option
def scan_command(
    paths: tuple[Path, ...],
    out_dir: Path,
    cache_dir: Path | None,
    time_budget: float | None,
    follow_symlinks: bool,
    progress: bool | None,
    overlays: tuple[Path, ...],
    lang: Lang,
    verbose: int,
) -> None:
    """Measure the data heritage: walk file shares read-only, identify each file's format by
    its content (then its extension), and report counts and bytes per format, openness class
    and top folder, the share in formats that are not open, and the folders an open-format
    migration would touch.

    \b
    Examples:
      vendorlock scan /mnt/partages -o scan/ --lang fr
      vendorlock scan /srv/docs --cache ~/.cache/vendorlock --time-budget 3600
      vendorlock audit inventaire.xlsx --scan scan/scan.json

    Never modifies a file; opens them read-only without updating their access time where
    the platform allows. Unreadable folders and symbolic link loops are reported, not fatal.
    """
    from vendorlock.scan import WalkOptions, scan_paths, signatures_version
    from vendorlock.scan.render import write_scan_reports
    from vendorlock.scan.walk import stderr_progress

    setup_logging(verbose)
    registries = load_registries(overlays)
    show = sys.stderr.isatty() if progress is None else progress
    callback = None
    if show:
        callback = stderr_progress(
            lambda n, b, folder: t(
                "scan.progress", lang, files=n, size=round(b / 1e6), folder=folder
            )
        )
    started = time.monotonic()
    result = scan_paths(
        [str(p) for p in paths],
        registries,
        WalkOptions(follow_symlinks=follow_symlinks, time_budget=time_budget, progress=callback),
        cache_dir=cache_dir,
    )
    if show:
        click.echo("", err=True)
    for path in write_scan_reports(result, out_dir, lang, signatures_version()):
        echo_safe(t("scan.written", lang, path=path))
    if result.problems:
        kinds = ", ".join(f"{t('scan.problem.' + k, lang)} {n}" for k, n in result.problems)
        total = sum(n for _, n in result.problems)
        echo_safe(tn("scan.problems", total, lang, kinds=kinds), err=True)
    if result.partial:
        click.echo(t("scan.partial", lang), err=True)
    ratio = result.not_open_share_bytes
    click.echo(
        t(
            "scan.done",
            lang,
            files=result.files,
            size=number(result.bytes / 1e6, lang),
            seconds=seconds(time.monotonic() - started, lang),
            hits=result.cache_hits,
            share=share(ratio, lang) if not math.isnan(ratio) else "–",
        ),
        err=True,
    )

"""``vendorlock graph INPUT... --format graphml|gexf|dot|json|archimate [-o FILE] [--org ID]``.

Reads and validates the inventory, builds its dependency graph and exports it. Without
``--org`` an inventory of several organisations gives one graph holding all of them: shared
editors, groups, formats and platforms then appear as shared nodes, which is what a
mutualisation structure wants to see. ``--org`` restricts the graph to one organisation.
``--format archimate`` writes the portfolio as an ArchiMate exchange model with each
application's audit score and level (:mod:`vendorlock.graph.archimate`), for Archi.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import click
import pandas as pd

from vendorlock.cli.app import (
    as_of_option,
    echo_safe,
    format_option,
    lang_option,
    load_checked,
    main,
    mapping_option,
    org_option,
    output_option,
    paths_argument,
    read_mapping,
    rules_option,
    setup_logging,
    source_option,
    strict_option,
    verbose_option,
    with_sources,
)
from vendorlock.fileio import atomic_write
from vendorlock.graph import GraphError, GraphFormat, archimate, build_graph, export_graph
from vendorlock.i18n import Lang, t, tn
from vendorlock.metrics import compute_metrics
from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import Registries, load_registries, slugify
from vendorlock.reports.numbers import number
from vendorlock.scoring import load_pack, score_applications


def default_output(inputs: Sequence[Path], org_id: str | None, suffix: str) -> Path:
    """``<org><suffix>`` with ``--org``, else ``<first input name><suffix>``, in the current
    folder."""
    stem = org_id if org_id is not None else inputs[0].resolve().stem
    return Path.cwd() / f"{slugify(stem) or 'graph'}{suffix}"


def _archimate(
    portfolio: Portfolio,
    registries: Registries,
    overlays: Sequence[Path],
    day: date,
    lang: Lang,
    title: str,
) -> bytes:
    """The exchange model of ``portfolio`` with each application scored as the audit does."""
    pack = load_pack(overlays)
    scores = score_applications(compute_metrics(portfolio, registries, day), pack)
    table = pd.DataFrame(
        {
            "score": scores.score,
            "score_low": scores.score_low,
            "score_high": scores.score_high,
            "level": scores.level.astype("string"),
        }
    )
    return archimate.archimate_bytes(portfolio, registries, table, lang.value, title)


def _check_org(portfolio: Portfolio, org_id: str | None, lang: Lang) -> None:
    known = portfolio.org_ids()
    if not known:
        raise GraphError(t("graph.no_organisation", lang))
    if org_id is not None and org_id not in known:
        raise GraphError(t("graph.unknown_org", lang, org=org_id, known=", ".join(known)))


@main.command("graph")
@paths_argument(required=False)
@format_option(
    [*(f.value for f in GraphFormat), archimate.FORMAT],
    "graphml (Gephi, yEd), gexf (Gephi), dot (Graphviz), json (node-link) or archimate "
    "(ArchiMate 3.1 exchange model for Archi, with each application's score and level).",
    dest="fmt",
    default=GraphFormat.GRAPHML.value,
)
@output_option(
    "File to write (default: <org or inventory name>.<format> in the current folder).",
    dest="output",
    folder=False,
)
@org_option(
    "Only this organisation (default: every organisation of the input, in one graph).",
    dest="org_id",
    multiple=False,
)
@as_of_option
@strict_option
@rules_option
@mapping_option
@source_option
@lang_option
@verbose_option
def graph_command(
    inputs: tuple[str, ...],
    fmt: str,
    output: Path | None,
    org_id: str | None,
    as_of: datetime | None,
    strict: bool,
    overlays: tuple[Path, ...],
    mapping_path: Path | None,
    lang: Lang,
    verbose: int,
) -> None:
    """Export the dependency graph of an inventory: applications, editors and their groups,
    formats, exchange standards, national platforms, databases, client platforms, hosting, and
    the flows between them with their format, standard, protocol and frequency.

    \b
    Examples:
      vendorlock graph inventaire.xlsx                       # writes ./inventaire.graphml
      vendorlock graph inventaire.xlsx --format gexf -o carte.gexf
      vendorlock graph membres/ --org 200012345 --format dot -o org.dot
      vendorlock graph inventaire.xlsx --format archimate -o si.xml  # File > Import in Archi
      dot -Tsvg org.dot -o org.svg                           # render with Graphviz
    """
    setup_logging(verbose)
    paths = with_sources([Path(p) for p in inputs])
    if not paths:
        raise click.UsageError(t("connectors.no_input", lang))
    registries = load_registries(overlays)
    mapping = read_mapping(mapping_path, lang)
    result = load_checked(
        paths, registries, strict=strict, lang=lang, refused="graph.refused", mapping=mapping
    )
    warnings = len(result.problems) - len(result.errors())
    if warnings:
        click.echo(tn("graph.warnings", warnings, lang), err=True)
    _check_org(result.portfolio, org_id, lang)
    if fmt == archimate.FORMAT:
        portfolio = result.portfolio if org_id is None else result.portfolio.for_org(org_id)
        day = as_of.date() if as_of else date.today()
        title = org_id if org_id is not None else paths[0].resolve().stem
        data = _archimate(portfolio, registries, overlays, day, lang, title)
        target = output if output is not None else default_output(paths, org_id, archimate.SUFFIX)
        written = atomic_write(Path(target), data, protected=paths)
        echo_safe(
            t(
                "graph.written_archimate",
                lang,
                path=written,
                apps=number(len(portfolio.applications), lang),
                flows=number(len(portfolio.flows), lang),
            )
        )
        return
    graph_format = GraphFormat(fmt)
    graph = build_graph(result.portfolio, registries, org_id)
    target = output if output is not None else default_output(paths, org_id, graph_format.suffix)
    written = export_graph(graph, graph_format, target, protected=paths)
    echo_safe(
        t(
            "graph.written",
            lang,
            path=written,
            nodes=number(graph.number_of_nodes(), lang),
            edges=number(graph.number_of_edges(), lang),
        )
    )

"""``vendorlock graph INPUT... --format graphml|gexf|dot|json [-o FILE] [--org ID]``.

Reads and validates the inventory, builds its dependency graph and exports it. Without
``--org`` an inventory of several organisations gives one graph holding all of them: shared
editors, groups, formats and platforms then appear as shared nodes, which is what a
mutualisation structure wants to see. ``--org`` restricts the graph to one organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from vendorlock.cli.app import (
    echo_safe,
    lang_option,
    load_checked,
    main,
    mapping_option,
    paths_argument,
    read_mapping,
    rules_option,
    setup_logging,
    source_option,
    strict_option,
    verbose_option,
    with_sources,
)
from vendorlock.graph import GraphError, GraphFormat, build_graph, export_graph
from vendorlock.i18n import Lang, t
from vendorlock.model.portfolio import Portfolio
from vendorlock.registry import load_registries, slugify


def default_output(inputs: Sequence[Path], org_id: str | None, fmt: GraphFormat) -> Path:
    """``<org>.<fmt>`` with ``--org``, else ``<first input name>.<fmt>``, in the current folder."""
    stem = org_id if org_id is not None else inputs[0].resolve().stem
    return Path.cwd() / f"{slugify(stem) or 'graph'}{fmt.suffix}"


def _check_org(portfolio: Portfolio, org_id: str | None, lang: Lang) -> None:
    known = portfolio.org_ids()
    if not known:
        raise GraphError(t("graph.no_organisation", lang))
    if org_id is not None and org_id not in known:
        raise GraphError(t("graph.unknown_org", lang, org=org_id, known=", ".join(known)))


@main.command("graph")
@paths_argument(required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in GraphFormat]),
    default=GraphFormat.GRAPHML.value,
    show_default=True,
    help="graphml (Gephi, yEd), gexf (Gephi), dot (Graphviz) or json (node-link).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: <org or inventory name>.<format> in the current folder).",
)
@click.option(
    "--org",
    "org_id",
    default=None,
    help="Only this organisation (default: every organisation of the input, in one graph).",
)
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
      dot -Tsvg org.dot -o org.svg                           # render with Graphviz
    """
    setup_logging(verbose)
    paths = with_sources([Path(p) for p in inputs])
    if not paths:
        raise click.UsageError(t("connectors.no_input", lang))
    graph_format = GraphFormat(fmt)
    registries = load_registries(overlays)
    mapping = read_mapping(mapping_path, lang)
    result = load_checked(
        paths, registries, strict=strict, lang=lang, refused="graph.refused", mapping=mapping
    )
    warnings = len(result.problems) - len(result.errors())
    if warnings:
        click.echo(t("graph.warnings", lang, count=warnings), err=True)
    _check_org(result.portfolio, org_id, lang)
    graph = build_graph(result.portfolio, registries, org_id)
    target = output if output is not None else default_output(paths, org_id, graph_format)
    written = export_graph(graph, graph_format, target, protected=paths)
    echo_safe(
        t(
            "graph.written",
            lang,
            path=written,
            nodes=graph.number_of_nodes(),
            edges=graph.number_of_edges(),
        )
    )

"""Command-line interface: :data:`main` and where each of its commands lives.

Commands are loaded lazily (click's LazyGroup pattern): ``vendorlock --help`` lists them from
:data:`COMMANDS` without importing a single command module, and ``vendorlock audit`` imports
only ``vendorlock.cli.audit``. Start-up therefore pays for click and this table, not for pandas,
matplotlib or the graph libraries (issue 11: ``--help`` under 0.2 s).

To add a command, write it in a module of this package (``@main.command("name")`` as usual) and
add one line below. tests/cli/test_start.py fails when a command is missing here or when its
summary no longer matches the command's help.
"""

from __future__ import annotations

from vendorlock.cli.app import main

#: Command name → (``module:attribute`` defining it, the first paragraph of its help: the line
#: ``vendorlock --help`` shows, shortened to the terminal width exactly as click shortens it).
COMMANDS: dict[str, tuple[str, str]] = {
    "aggregate": (
        "vendorlock.cli.group:aggregate_command",
        "The group view of many members: shared editors, concentration, cost benchmark.",
    ),
    "audit": (
        "vendorlock.cli.audit:audit_command",
        "Audit an inventory: lock-in scores with their reasons, exit costs, an action plan by "
        "decision date, and reports (HTML, Excel, ODS, Markdown note, JSON).",
    ),
    "compare": (
        "vendorlock.cli.group:compare_command",
        "The editors of one domain side by side.",
    ),
    "demo-data": (
        "vendorlock.cli.generate:demo_data_command",
        "Write a synthetic, deterministic inventory of a mutualisation structure.",
    ),
    "diff": (
        "vendorlock.cli.diff:diff_command",
        "Tell what changed between two audits (two audit.json files written by `vendorlock "
        "audit`): applications added or removed, score and level changes with the criteria that "
        "moved, lock-in index changes, new and ended contracts, exit cost changes.",
    ),
    "graph": (
        "vendorlock.cli.graph:graph_command",
        "Export the dependency graph of an inventory: applications, editors and their groups, "
        "formats, exchange standards, national platforms, databases, client platforms, hosting, "
        "and the flows between them with their format, standard, protocol and frequency.",
    ),
    "observatory": (
        "vendorlock.cli.observatory:observatory_command",
        "Map who depends on which software editor across public buyers, from procurement records.",
    ),
    "pool": (
        "vendorlock.cli.group:pool_command",
        "Pooled tender opportunities: members whose contracts in one domain end together.",
    ),
    "requirements": (
        "vendorlock.cli.group:requirements_command",
        "Interoperability and reversibility requirements to paste into a tender.",
    ),
    "rules": ("vendorlock.cli.rules:rules", "Read and validate lock-in rule packs."),
    "schema": (
        "vendorlock.cli.inventory:schema_command",
        "Print the published Table Schema (JSON) of one table, or of all tables.",
    ),
    "simulate": (
        "vendorlock.cli.group:simulate_command",
        "What replacing one product with another would break and cost.",
    ),
    "template": (
        "vendorlock.cli.generate:template_command",
        "Write a blank inventory workbook (OUT.xlsx or OUT.ods) to fill in.",
    ),
    "validate": (
        "vendorlock.cli.inventory:validate_command",
        "Read and check an inventory: every problem located (file, sheet, row, column).",
    ),
    "catalogue": (
        "vendorlock.cli.catalogue:catalogue",
        "Show what vendorlock knows about NAME, with its sources and check dates.",
    ),
    "connectors": (
        "vendorlock.cli.connectors:connectors_group",
        "The sources vendorlock reads: inventory spreadsheets and the connectors to what "
        "public bodies already have (procurement records, the SILL…), detected from content.",
    ),
    "history": (
        "vendorlock.cli.history:history_command",
        "Show the trend of the audits recorded with `vendorlock audit --history PATH`: each "
        "body's lock-in index and spend over time, applications added and removed, the "
        "biggest score moves with the criteria that moved them, and the decisions that fell "
        "due — taken, or missed (the contract renewed unchanged). HTML (summary first, "
        "charts) and xlsx.",
    ),
    "letters": (
        "vendorlock.cli.history:letters_command",
        "Write the renewal letters the audit calls for: for each contract whose decision date"
        " falls between --as-of and --before, a DOCX letter from the body to the editor — the"
        " contract's references, the recommended action (notice of non-renewal, clauses to "
        "add, full data export) with its legal basis, placeholders for signatory and "
        "addresses, and the date to send it by — plus letters.xlsx listing every letter. "
        "Letters are models, to be checked by the body's legal service. French unless --lang "
        "en.",
    ),
    "scan": (
        "vendorlock.cli.scan:scan_command",
        "Measure the data heritage: walk file shares read-only, identify each file's format "
        "by its content (then its extension), and report counts and bytes per format, "
        "openness class and top folder, the share in formats that are not open, and the "
        "folders an open-format migration would touch.",
    ),
}

main.lazy_commands.update(COMMANDS)

__all__ = ["COMMANDS", "main"]

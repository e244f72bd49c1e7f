"""Scoring: rule packs → explained scores, waivers, exit costs, renewal actions, roll-ups.

Public entry points (docs/rules.md explains every formula)::

    pack = load_pack(overlays)                      # rules/lockin.yaml + rules/costs.yaml + --rules
    problems = check_pack_file(path)                # `vendorlock rules check`
    waivers = load_waivers(path, as_of)             # --waivers
    scores = score_applications(metrics, pack, waivers)
    why = explain(scores, metrics, pack, app_id, lang)
    costs = exit_costs(metrics, pack)
    plan = actions(metrics, scores, pack, lang)
    totals = rollup(metrics, scores, costs, pack)
"""

from vendorlock.scoring.actions import action_texts, actions, decision_dates
from vendorlock.scoring.costs import ITEM_PARAMS as COST_PARAMS
from vendorlock.scoring.costs import ITEMS as COST_ITEMS
from vendorlock.scoring.costs import ExitCosts, exit_costs, shared_flow_counts
from vendorlock.scoring.explain import Contribution, explain, explain_many
from vendorlock.scoring.load import (
    RulePackError,
    check_pack_file,
    load_pack,
    render_problem,
)
from vendorlock.scoring.model import (
    ActionKind,
    Criterion,
    Level,
    Reference,
    RulePack,
    Status,
)
from vendorlock.scoring.rollup import Rollup, organisation_index, rollup
from vendorlock.scoring.score import Scores, score_applications
from vendorlock.scoring.waivers import (
    Waiver,
    WaiverError,
    WaiverOutcome,
    WaiverOutcomeKind,
    WaiverSet,
    load_waivers,
)

#: Alias named in docs/architecture.md.
check_pack = check_pack_file

__all__ = [
    "COST_ITEMS",
    "COST_PARAMS",
    "ActionKind",
    "Contribution",
    "Criterion",
    "ExitCosts",
    "Level",
    "Reference",
    "Rollup",
    "RulePack",
    "RulePackError",
    "Scores",
    "Status",
    "Waiver",
    "WaiverError",
    "WaiverOutcome",
    "WaiverOutcomeKind",
    "WaiverSet",
    "action_texts",
    "actions",
    "check_pack",
    "check_pack_file",
    "decision_dates",
    "exit_costs",
    "explain",
    "explain_many",
    "load_pack",
    "load_waivers",
    "organisation_index",
    "render_problem",
    "rollup",
    "score_applications",
    "shared_flow_counts",
]

"""Does a product carry a flow? Judged on the standards and formats both ends of a switch support.

When product P is replaced by Q, each flow of the replaced application rests on a standard (the
one the inventory names or, towards a national platform, the platform's standards that P
supports) or, when none applies, on a format. The flow exists today, so P carries it; the
question is whether Q does:

- **works** when Q declares the standard (a "same-standard" switch), when the switch stays with
  the same editor and the catalogue does not say Q lacks the standard (the editor keeps its
  connector across its range), when Q declares the format (export formats on outgoing flows,
  import formats on incoming ones, plus the formats its standards carry), or when the format is
  universally supported (``universal: true`` in the format registry: PDF);
- **broken** only on evidence: the catalogue lists Q's standards and every standard the flow may
  use belongs to one of Q's domains yet is missing, or the catalogue says P exports (imports)
  the flow's format and lists Q's formats without it;
- **to check** whenever the data is silent: Q missing from the catalogue, a standard or format
  unknown to the registries, a catalogue entry without standards or without import formats, a
  standard outside Q's domains, a format neither product's list names (P handles it today, so
  the lists are incomplete there), a flow naming neither standard nor format.

Every judgement carries a reason code (``group.sim.reason.<code>`` in the locale) so reports say
why, in French and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from vendorlock.i18n import Lang, has, t
from vendorlock.registry.entries import ProductEntry
from vendorlock.registry.registries import Registries


class Verdict(StrEnum):
    """What happens to a flow when its application changes product."""

    WORKS = "works"
    TO_CHECK = "to_check"
    BROKEN = "broken"


#: The order reports list the groups in: what needs work first.
VERDICT_ORDER: tuple[Verdict, ...] = (Verdict.BROKEN, Verdict.TO_CHECK, Verdict.WORKS)


@dataclass(frozen=True)
class FlowFacts:
    """What the inventory says about one flow, seen from the replaced application.

    ``direction`` is ``out`` when the replaced application sends, ``in`` when it receives;
    ``platform`` is the national platform at the other end, if any.
    """

    standard: str | None
    fmt: str | None
    direction: str
    platform: str | None


@dataclass(frozen=True)
class Switch:
    """The two products of one application's switch (``None``: not in the catalogue)."""

    old: ProductEntry | None
    new: ProductEntry | None
    new_name: str
    same_editor: bool
    editor_name: str | None = None


@dataclass(frozen=True)
class Judgement:
    """A verdict, the reason code behind it and the standards it was judged on.

    ``standards`` are those the flow may rest on; ``supported`` those the new product
    declares among them.
    """

    verdict: Verdict
    reason: str
    basis: str
    standards: tuple[str, ...] = ()
    supported: tuple[str, ...] = ()


def flow_standards(
    facts: FlowFacts, old: ProductEntry | None, registries: Registries
) -> tuple[str, ...]:
    """Standards the flow may rest on: the one named, else a platform's (those both support).

    Towards a platform whose standards are interchangeable, any of them will do besides the one
    named. Towards a platform the inventory leaves silent, the platform's mandated standards
    are narrowed to those the old product declares, when it declares any of them.
    """
    platform = registries.platforms.get(facts.platform) if facts.platform else None
    if facts.standard:
        if platform is not None and platform.interchangeable:
            return tuple(dict.fromkeys((facts.standard, *platform.standards)))
        return (facts.standard,)
    if platform is None:
        return ()
    mandated = platform.standards
    if old is not None:
        shared = tuple(s for s in mandated if s in old.standards)
        if shared:
            return shared
    return mandated


def judge_flow(facts: FlowFacts, switch: Switch, registries: Registries) -> Judgement:
    """The verdict for one flow (see the module docstring for the rules)."""
    standards = flow_standards(facts, switch.old, registries)
    if standards:
        return _by_standard(standards, switch, registries)
    if facts.fmt:
        return _by_format(facts, switch, registries)
    return Judgement(Verdict.TO_CHECK, "nothing_recorded", "none")


def _by_standard(standards: tuple[str, ...], switch: Switch, registries: Registries) -> Judgement:
    def verdict(v: Verdict, reason: str, supported: tuple[str, ...] = ()) -> Judgement:
        return Judgement(v, reason, "standard", standards, supported)

    if any(s not in registries.standards for s in standards):
        return verdict(Verdict.TO_CHECK, "standard_unknown")
    new = switch.new
    if new is None:
        return verdict(Verdict.TO_CHECK, "product_unknown")
    both = tuple(s for s in standards if s in new.standards)
    if both:
        return verdict(Verdict.WORKS, "standard_both", both)
    if new.standards and all(registries.standards[s].domain in new.domains for s in standards):
        return verdict(Verdict.BROKEN, "standard_missing")
    if switch.same_editor:
        return verdict(Verdict.WORKS, "same_editor")
    return verdict(Verdict.TO_CHECK, "standard_no_data")


def _by_format(facts: FlowFacts, switch: Switch, registries: Registries) -> Judgement:
    fmt = str(facts.fmt)
    entry = registries.formats.get(fmt)
    if entry is None:
        return Judgement(Verdict.TO_CHECK, "format_unknown", "format")
    if entry.universal:
        return Judgement(Verdict.WORKS, "format_universal", "format")
    new = switch.new
    if new is None:
        return Judgement(Verdict.TO_CHECK, "product_unknown", "format")
    outgoing = facts.direction == "out"
    side = "exported" if outgoing else "imported"
    if fmt in _declared(new, outgoing, registries):
        return Judgement(Verdict.WORKS, f"format_{side}", "format")
    if not (new.export_formats if outgoing else new.import_formats):
        return Judgement(Verdict.TO_CHECK, f"format_no_data_{facts.direction}", "format")
    old = switch.old
    if old is not None and fmt in _declared(old, outgoing, registries):
        return Judgement(Verdict.BROKEN, f"format_not_{side}", "format")
    # Neither list names the format although the current product handles it today: the
    # catalogue is incomplete here, so its silence about the new product proves nothing.
    return Judgement(Verdict.TO_CHECK, f"format_unlisted_{facts.direction}", "format")


def _declared(product: ProductEntry, outgoing: bool, registries: Registries) -> set[str]:
    """Formats a product declares on one side: its export (import) list and its standards'."""
    listed = product.export_formats if outgoing else product.import_formats
    carried = (
        f
        for s in product.standards
        if s in registries.standards
        for f in registries.standards[s].formats
    )
    return {*listed, *carried}


def reason_text(
    judgement: Judgement,
    switch: Switch,
    fmt: str | None,
    registries: Registries,
    lang: Lang,
) -> str:
    """The reason of a judgement as a sentence in ``lang``: the standards it names are the
    ones the reason is about (for an unknown standard, those the registry lacks), and a
    reason naming several has its plural sentence (``<reason>_many``)."""
    shown = judgement.supported or judgement.standards
    if judgement.reason == "standard_unknown":
        shown = tuple(s for s in shown if s not in registries.standards) or shown
    key = f"group.sim.reason.{judgement.reason}"
    if len(shown) > 1 and has(f"{key}_many"):
        key = f"{key}_many"
    params: Mapping[str, str] = {
        "product": switch.new.label(lang) if switch.new is not None else switch.new_name,
        "old": switch.old.label(lang) if switch.old is not None else "",
        "editor": switch.editor_name or "",
        "standard": ", ".join(_standard_name(s, registries, lang) for s in shown),
        "format": _format_name(fmt, registries, lang),
    }
    return t(key, lang, **params)


def _standard_name(ident: str, registries: Registries, lang: Lang | str) -> str:
    entry = registries.standards.get(ident)
    return entry.label(lang) if entry is not None else ident


def _format_name(ident: str | None, registries: Registries, lang: Lang | str) -> str:
    if ident is None:
        return ""
    entry = registries.formats.get(ident)
    return entry.label(lang) if entry is not None else ident

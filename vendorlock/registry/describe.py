"""What vendorlock knows about one name: the entries it resolves to, with their facts and sources.

``vendorlock catalogue NAME`` prints this so a buyer can check a fact before relying on a score:
every block ends with the source and the day it was checked. Resolution reuses the registry
alias index (any spelling the registries know); an unknown name gets the closest known names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from vendorlock.i18n import Lang, date_text, has, t
from vendorlock.registry import normalise_key
from vendorlock.registry.check import is_unverified
from vendorlock.registry.entries import (
    EditorEntry,
    Entry,
    FormatEntry,
    Kind,
    PlatformEntry,
    ProductEntry,
    StandardEntry,
)
from vendorlock.registry.registries import UNKNOWN_EDITOR, Registries

#: Kinds a catalogue name is looked up in, in display order.
LOOKUP_KINDS: tuple[Kind, ...] = (
    Kind.PRODUCT,
    Kind.EDITOR,
    Kind.FORMAT,
    Kind.STANDARD,
    Kind.PLATFORM,
)

#: How many close names an unknown name is answered with, and the least similarity shown.
SUGGESTIONS = 5
MIN_SCORE = 75.0
#: Suggestions further than this below the best one are noise ("Berger Levraul" is not "RAR").
NEAR_BEST = 12.0


@dataclass(frozen=True)
class Match:
    """One registry entry a name resolves to."""

    kind: Kind
    id: str


def lookup(reg: Registries, name: str) -> tuple[Match, ...]:
    """Every entry ``name`` names (id, name or alias), one per kind, in display order."""
    matches = []
    for kind in LOOKUP_KINDS:
        entry_id = reg.resolve(kind, name)
        if entry_id is not None:
            matches.append(Match(kind, entry_id))
    return tuple(matches)


def closest_names(reg: Registries, name: str, lang: Lang = Lang.EN) -> tuple[str, ...]:
    """Names of the entries whose names or aliases are closest to ``name`` (best first), each
    as ``lang`` names it (a French name looks the entry up as well as the English one)."""
    choices: dict[str, str] = {}
    for kind in LOOKUP_KINDS:
        entries = reg.entries(kind)
        for key, entry_id in reg.alias_index(kind).items():
            label = _display_name(entries[entry_id], lang)
            choices.setdefault(key, label)
    keys = sorted(choices)
    found = process.extract(
        normalise_key(name), keys, scorer=fuzz.WRatio, limit=SUGGESTIONS * 4, score_cutoff=MIN_SCORE
    )
    ranked = sorted(found, key=lambda hit: (-hit[1], hit[0]))
    best = ranked[0][1] if ranked else 0.0
    labels: list[str] = []
    for key, score, _index in ranked:
        label = choices[key]
        if score >= best - NEAR_BEST and label not in labels:
            labels.append(label)
        if len(labels) == SUGGESTIONS:
            break
    return tuple(labels)


def _display_name(entry: Entry, lang: Lang) -> str:
    if isinstance(entry, FormatEntry | StandardEntry | PlatformEntry | ProductEntry):
        return entry.label(lang)
    return str(getattr(entry, "name", entry.id))


def describe(reg: Registries, match: Match, lang: Lang) -> list[str]:
    """The lines describing one entry, in ``lang``; sources and check dates last."""
    entry = reg.entries(match.kind)[match.id]
    if isinstance(entry, ProductEntry):
        lines = _product(reg, entry, lang)
    elif isinstance(entry, EditorEntry):
        lines = _editor(reg, entry, lang)
    elif isinstance(entry, FormatEntry):
        lines = _format(reg, entry, lang)
    elif isinstance(entry, StandardEntry):
        lines = _standard(reg, entry, lang)
    else:
        assert isinstance(entry, PlatformEntry)
        lines = _platform(reg, entry, lang)
    return lines


def _title(kind: Kind, entry: Entry, lang: Lang) -> str:
    return t(
        "catalogue.title",
        lang,
        kind=t(f"catalogue.kind.{kind.value}", lang),
        name=_display_name(entry, lang),
        id=entry.id,
    )


def _word(kind: str, value: str, lang: Lang) -> str:
    """An API or hosting kind in words (``catalogue.<kind>.<value>``); a value a user's rules
    file brings outside the enum is shown as it is."""
    key = f"catalogue.{kind}.{value}"
    return t(key, lang) if has(key) else value


def _row(key: str, value: str, lang: Lang) -> str:
    """``  label: value``, the colon as ``lang`` writes it (« éditeur : ANTAI » in French)."""
    return f"  {t(f'catalogue.field.{key}', lang)}{t('loc.colon', lang)}{value}"


def _day(value: str, lang: Lang) -> str:
    """A registry date (``2026-11-28``, ``2019-07`` or ``2022``) as ``lang`` writes one in a
    sentence: « 28 novembre 2026 », « juillet 2019 » in French; English keeps the ISO form."""
    if str(lang) != "fr":
        return value
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date_text(date.fromisoformat(value), lang)
        if len(parts) == 2 and 1 <= int(parts[1]) <= 12 and parts[0].isdigit():
            return f"{t('core.months', lang).split(',')[int(parts[1]) - 1]} {parts[0]}"
    except ValueError:
        pass
    return value  # a form the registry check lets through is shown as written


def _names(values: Iterable[str], table: dict[str, str] | None = None) -> str:
    items = [f"{table[v]} ({v})" if table and v in table else v for v in values]
    return ", ".join(items) if items else "-"


def _source_rows(source: str, checked: str, lang: Lang) -> list[str]:
    """Source and check date; a source marked unverified is "not checked" whatever its date
    (an overlay may mark one fact of a checked entry as still to verify)."""
    if not checked or is_unverified(source):
        checked = t("catalogue.not_checked", lang)
    else:
        checked = _day(checked, lang)
    return [
        _row("source", source or t("catalogue.none", lang), lang),
        _row("checked", checked, lang),
    ]


def _yes_no(value: bool, lang: Lang) -> str:
    return t("catalogue.yes" if value else "catalogue.no", lang)


def _group_rows(reg: Registries, editor: EditorEntry, lang: Lang) -> list[str]:
    if not editor.group:
        return [_row("group", t("catalogue.independent", lang), lang)]
    group = reg.editors.get(editor.group)
    label = f"{group.name} ({group.id})" if group else editor.group
    if editor.group_since:
        label += " " + t("catalogue.since", lang, since=_day(editor.group_since, lang))
    rows = [_row("group", label, lang)]
    if editor.group_source:
        rows.append(_row("group_source", editor.group_source, lang))
    return rows


def _product(reg: Registries, p: ProductEntry, lang: Lang) -> list[str]:
    editor = reg.editors.get(p.editor_id)
    domains = [reg.domains[d].label(lang) if d in reg.domains else d for d in p.domains]
    formats = {
        f: reg.formats[f].label(lang)
        for f in (*p.export_formats, *p.import_formats)
        if f in reg.formats
    }
    standards = {s: reg.standards[s].label(lang) for s in p.standards if s in reg.standards}
    kind = t("catalogue.open_source" if p.open_source else "catalogue.proprietary", lang)
    # "proprietary" is no licence id: said once, in words ("propriétaire", not
    # "proprietary (propriétaire)"); an SPDX id is shown with what it is ("MIT (libre)")
    licence = kind if p.licence == "proprietary" else f"{p.licence} ({kind})"
    if p.editor_id == UNKNOWN_EDITOR:  # the sources name the product, not who makes it
        lines = [
            _title(Kind.PRODUCT, p, lang),
            _row("editor", t("catalogue.editor_unstated", lang), lang),
        ]
    else:
        lines = [
            _title(Kind.PRODUCT, p, lang),
            _row("editor", f"{editor.name} ({editor.id})" if editor else p.editor_id, lang),
        ]
        if editor is not None:
            lines += _group_rows(reg, editor, lang)
    lines += [
        _row("domains", ", ".join(domains) or "-", lang),
        _row("licence", licence, lang),
        _row("standards", _names(p.standards, standards), lang),
        _row("export_formats", _names(p.export_formats, formats), lang),
        _row("import_formats", _names(p.import_formats, formats), lang),
        _row("api", _word("api", p.api, lang) if p.api else t("catalogue.unknown", lang), lang),
        _row("hosting", ", ".join(_word("hosting", h, lang) for h in p.hosting) or "-", lang),
        _row("alternatives", _alternatives(reg, p, lang), lang),
    ]
    return lines + _source_rows(p.source, p.checked, lang)


def _alternatives(reg: Registries, p: ProductEntry, lang: Lang) -> str:
    """Other products of the same domains, free ones first, then by name; for a tool run beside
    the domain's suites (``alternative: false``), that it is not one."""
    if not p.alternative:
        return t("catalogue.a_tool", lang)
    seen: dict[str, ProductEntry] = {}
    for domain in p.domains:
        for other in reg.products_for_domain(domain):
            if other.id != p.id:
                seen.setdefault(other.id, other)
    ranked = sorted(seen.values(), key=lambda o: (not o.open_source, o.label(lang).lower(), o.id))
    if not ranked:
        return t("catalogue.no_alternative", lang)
    free = t("catalogue.free", lang)
    return ", ".join(f"{o.label(lang)}{' [' + free + ']' if o.open_source else ''}" for o in ranked)


def _editor(reg: Registries, e: EditorEntry, lang: Lang) -> list[str]:
    products = sorted(
        (p for p in reg.products.values() if p.editor_id == e.id),
        key=lambda p: p.label(lang).lower(),
    )
    members = sorted(o.name for o in reg.editors.values() if o.group == e.id)
    lines = [_title(Kind.EDITOR, e, lang), _row("country", e.country or "-", lang)]
    if e.siren:
        lines.append(_row("siren", e.siren, lang))
    lines += _group_rows(reg, e, lang)
    if members:
        lines.append(_row("members", ", ".join(members), lang))
    lines.append(_row("products", ", ".join(p.label(lang) for p in products) or "-", lang))
    return lines + _source_rows(e.source, e.checked, lang)


def _format(reg: Registries, f: FormatEntry, lang: Lang) -> list[str]:
    exporters = sorted(p.label(lang) for p in reg.products.values() if f.id in p.export_formats)
    standards = sorted(s.label(lang) for s in reg.standards.values() if f.id in s.formats)
    lines = [
        _title(Kind.FORMAT, f, lang),
        _row("openness", t(f"catalogue.openness.{f.openness.value}", lang), lang),
        _row("rgi", t(f"catalogue.rgi.{f.rgi_status}", lang), lang),
        _row("extensions", ", ".join(f.extensions) or "-", lang),
        _row("mime", ", ".join(f.mime) or "-", lang),
        _row("pronom", ", ".join(f.pronom) or "-", lang),
        _row("used_by_standards", ", ".join(standards) or "-", lang),
        _row("exported_by", ", ".join(exporters) or "-", lang),
    ]
    return lines + _source_rows(f.source, f.checked, lang)


def _standard(reg: Registries, s: StandardEntry, lang: Lang) -> list[str]:
    formats = {f: reg.formats[f].label(lang) for f in s.formats if f in reg.formats}
    products = sorted(p.label(lang) for p in reg.products.values() if s.id in p.standards)
    platforms = sorted(p.label(lang) for p in reg.platforms.values() if s.id in p.standards)
    domain = reg.domains[s.domain].label(lang) if s.domain in reg.domains else s.domain
    lines = [
        _title(Kind.STANDARD, s, lang),
        _row("domain", domain, lang),
        _row("owner", s.owner or "-", lang),
        _row("open", _yes_no(s.open, lang), lang),
        _row("formats", _names(s.formats, formats), lang),
        _row("mandatory", s.obligation(lang) or "-", lang),
        _row("platforms", ", ".join(platforms) or "-", lang),
        _row("supported_by", ", ".join(products) or "-", lang),
    ]
    return lines + _source_rows(s.source, s.checked, lang)


def _platform(reg: Registries, p: PlatformEntry, lang: Lang) -> list[str]:
    standards = {s: reg.standards[s].label(lang) for s in p.standards if s in reg.standards}
    formats = {f: reg.formats[f].label(lang) for f in p.formats if f in reg.formats}
    lines = [
        _title(Kind.PLATFORM, p, lang),
        _row("owner", p.owner or "-", lang),
        _row("standards", _names(p.standards, standards), lang),
        _row("formats", _names(p.formats, formats), lang),
    ]
    return lines + _source_rows(p.source, p.checked, lang)

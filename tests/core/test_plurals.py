"""Messages agree in number and write dates and durations as each language does: "1 warning",
"0 avertissement", "3 errors"; "29 novembre 2026", "1er mai 2027"; "0,1 s"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from string import Formatter

import pytest
import yaml

from vendorlock.i18n import Lang, _catalogue, keys, long_date, seconds, tn
from vendorlock.model.problems import Problem, Severity
from vendorlock.sources.bodies import Joined

LOCALE = Path(__file__).resolve().parents[2] / "vendorlock" / "locale"


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        (Lang.EN, 1, "1 inventory warning: `vendorlock validate` lists it;"),
        (Lang.EN, 2, "2 inventory warnings: `vendorlock validate` lists them;"),
        (Lang.EN, 0, "0 inventory warnings:"),
        (Lang.FR, 1, "1 avertissement sur l'inventaire\u00a0: `vendorlock validate` le liste"),
        (Lang.FR, 0, "0 avertissement sur l'inventaire"),  # French: 0 takes the singular
        (Lang.FR, 5, "5 avertissements sur l'inventaire\u00a0: `vendorlock validate` les liste"),
    ],
)
def test_audit_warning_count_agrees(lang: Lang, count: int, expected: str) -> None:
    assert tn("audit.warnings", count, lang).startswith(expected)


@pytest.mark.parametrize(
    ("key", "one", "many"),
    [
        ("graph.warnings", "1 warning in the inventory", "7 warnings in the inventory"),
        ("graph.refused", "1 error in the inventory", "7 errors in the inventory"),
        ("audit.invalid", "the inventory has 1 error: fix it", "has 7 errors: fix them"),
        ("setaside.summary", "1 row set aside", "7 rows set aside"),
    ],
)
def test_audit_and_graph_counts_agree_in_english(key: str, one: str, many: str) -> None:
    assert one in tn(key, 1, Lang.EN, reasons="x")
    assert many in tn(key, 7, Lang.EN, reasons="x")


def test_no_message_writes_a_bracketed_plural() -> None:
    """Every locale file: a count agrees through ``KEY.one`` (:func:`tn`), never "row(s)"."""
    files = sorted(LOCALE.glob("*.yaml"))
    assert len(files) > 10
    for path in files:
        for key, texts in yaml.safe_load(path.read_text("utf-8")).items():
            for lang in ("en", "fr"):
                assert "(s)" not in texts.get(lang, ""), (path.name, key, lang)


def test_every_singular_form_has_its_plural_and_both_languages() -> None:
    """Each ``KEY.one`` has its plural ``KEY``, both in both languages with the same
    placeholders, and neither writes a literal 1 where the count goes (French 0 is singular)."""
    catalogue = _catalogue()
    for key in keys():
        if not key.endswith(".one"):
            continue
        base = key.removesuffix(".one")
        assert base in catalogue, key
        for lang in ("en", "fr"):
            one, many = catalogue[key][lang], catalogue[base][lang]
            fields = {f for _, f, _, _ in Formatter().parse(one) if f}
            assert fields == {f for _, f, _, _ in Formatter().parse(many) if f}, (key, lang)
            assert not re.search(r"(^|[ \"…])1 ", one), (key, lang)  # "flux" may equal "flux"


def _problem(code: str, **params: str) -> Callable[[int, Lang], str]:
    return lambda n, lang: Problem.make(Severity.WARNING, code, count=n, **params).message(lang)


def _scan_line(count: int, lang: Lang) -> str:
    from vendorlock.cli.audit import scan_summary

    scan = {"applications_measured": count, "applications_declared": count}
    return scan_summary(scan, Path("s.json"), lang)


def _sbom_counts(count: int, lang: Lang) -> str:
    kinds = ("components", "services", "suppliers")
    return ", ".join(tn(f"sbom.count.{kind}", count, lang) for kind in kinds)


#: Messages that once wrote "(s)", rendered the way their call sites render them.
RENDER: dict[str, Callable[[int, Lang], str]] = {
    "org_kind": _problem("org_kind_assumed"),
    "member_rows": _problem("group_member_rows_set_aside", reasons="x"),
    "cost_estimate": _problem("records_cost_estimate"),
    "unlisted": _problem("records_unlisted_editors", org="A", editors="B"),
    "joined": lambda n, lang: Joined.make("organisations", org="A", count=n, names="B").render(
        lang
    ),
    "sheet_name": lambda n, lang: tn("understood.sheet_name", n, lang, where="w", table="t", row=1),
    "sheet_mapping": lambda n, lang: tn(
        "understood.sheet_mapping", n, lang, where="w", table="t", row=1
    ),
    "scan_problems": lambda n, lang: tn("scan.problems", n, lang, kinds="k"),
    "scan_summary": _scan_line,
    "sbom": _sbom_counts,
}

#: (message, count, language, the sentence or its start).
COUNTED = [
    ("org_kind", 1, Lang.EN, "no kind column: 1 organisation counted as 'other'"),
    ("org_kind", 2, Lang.EN, "no kind column: 2 organisations counted as 'other'"),
    (
        "org_kind",
        1,
        Lang.FR,
        "pas de colonne de type\u00a0: 1 organisation comptée comme «\u00a0autre\u00a0»",
    ),
    (
        "org_kind",
        2,
        Lang.FR,
        "pas de colonne de type\u00a0: 2 organisations comptées comme «\u00a0autre\u00a0»",
    ),
    (
        "member_rows",
        1,
        Lang.EN,
        "1 row of this member set aside, the rest counted — x (vendorlock validate lists it)",
    ),
    (
        "member_rows",
        2,
        Lang.EN,
        "2 rows of this member set aside, the rest counted — x (vendorlock validate lists them)",
    ),
    (
        "member_rows",
        1,
        Lang.FR,
        "1 ligne de ce membre écartée, le reste est compté — x (vendorlock validate la liste)",
    ),
    (
        "member_rows",
        2,
        Lang.FR,
        "2 lignes de ce membre écartées, le reste est compté — x (vendorlock validate les liste)",
    ),
    ("cost_estimate", 1, Lang.EN, "1 contract from the procurement records: the yearly cost"),
    ("cost_estimate", 2, Lang.EN, "2 contracts from the procurement records: the yearly cost"),
    ("cost_estimate", 1, Lang.FR, "1 contrat issu des données de la commande publique\u00a0:"),
    ("cost_estimate", 2, Lang.FR, "2 contrats issus des données de la commande publique\u00a0:"),
    ("unlisted", 1, Lang.EN, "the procurement records show 1 editor that A pays but does not"),
    ("unlisted", 2, Lang.EN, "the procurement records show 2 editors that A pays but does not"),
    (
        "unlisted",
        1,
        Lang.FR,
        "les données de la commande publique montrent 1 éditeur que A paie sans le lister",
    ),
    (
        "unlisted",
        2,
        Lang.FR,
        "les données de la commande publique montrent 2 éditeurs que A paie sans les lister",
    ),
    ("joined", 1, Lang.EN, "one body, A: 1 organisation of other sources joined to it (B)"),
    ("joined", 2, Lang.EN, "one body, A: 2 organisations of other sources joined to it (B)"),
    ("joined", 1, Lang.FR, "un seul organisme, A\u00a0: 1 organisation d'autres sources rattachée"),
    (
        "joined",
        2,
        Lang.FR,
        "un seul organisme, A\u00a0: 2 organisations d'autres sources rattachées",
    ),
    ("sheet_name", 1, Lang.EN, "w: read as t (from its name); header row 1, 1 column read"),
    ("sheet_name", 2, Lang.EN, "w: read as t (from its name); header row 1, 2 columns read"),
    (
        "sheet_name",
        1,
        Lang.FR,
        "w\u00a0: lue comme t (d'après son nom)\u00a0; ligne d'en-tête 1, colonne lue\u00a0: 1",
    ),
    (
        "sheet_name",
        2,
        Lang.FR,
        "w\u00a0: lue comme t (d'après son nom)\u00a0; ligne d'en-tête 1, colonnes lues\u00a0: 2",
    ),
    (
        "sheet_mapping",
        1,
        Lang.EN,
        "w: read as t (as the mapping file says); header row 1, 1 column read",
    ),
    (
        "sheet_mapping",
        2,
        Lang.EN,
        "w: read as t (as the mapping file says); header row 1, 2 columns read",
    ),
    ("scan_problems", 1, Lang.EN, "1 problem met and reported (not fatal): k"),
    ("scan_problems", 2, Lang.EN, "2 problems met and reported (not fatal): k"),
    ("scan_problems", 1, Lang.FR, "1 problème rencontré et signalé (non bloquant)\u00a0: k"),
    ("scan_problems", 2, Lang.FR, "2 problèmes rencontrés et signalés (non bloquants)\u00a0: k"),
    (
        "scan_summary",
        1,
        Lang.EN,
        "Data heritage: 1 application uses the exposure measured by "
        "the scan (s.json), 1 keeps the declared one.",
    ),
    (
        "scan_summary",
        2,
        Lang.EN,
        "Data heritage: 2 applications use the exposure measured by "
        "the scan (s.json), 2 keep the declared one.",
    ),
    (
        "scan_summary",
        1,
        Lang.FR,
        "Patrimoine de données\u00a0: 1 application utilise l'exposition "
        "mesurée par le scan (s.json), 1 garde celle déclarée.",
    ),
    (
        "scan_summary",
        2,
        Lang.FR,
        "Patrimoine de données\u00a0: 2 applications utilisent "
        "l'exposition mesurée par le scan (s.json), 2 gardent celle déclarée.",
    ),
    ("sbom", 1, Lang.EN, "1 component, 1 service, 1 supplier named"),
    ("sbom", 2, Lang.EN, "2 components, 2 services, 2 suppliers named"),
    ("sbom", 1, Lang.FR, "1 composant, 1 service, 1 fournisseur nommé"),
    ("sbom", 2, Lang.FR, "2 composants, 2 services, 2 fournisseurs nommés"),
]


@pytest.mark.parametrize(("message", "count", "lang", "expected"), COUNTED)
def test_counted_messages_agree_with_one_and_two(
    message: str, count: int, lang: Lang, expected: str
) -> None:
    assert RENDER[message](count, lang).startswith(expected)


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (date(2026, 11, 29), Lang.FR, "29 novembre 2026"),
        (date(2027, 5, 1), Lang.FR, "1er mai 2027"),
        (date(2027, 2, 28), Lang.FR, "28 février 2027"),
        (date(2026, 11, 29), Lang.EN, "29 November 2026"),
        (date(2027, 5, 1), Lang.EN, "1 May 2027"),
    ],
)
def test_long_date(day: date, lang: Lang, expected: str) -> None:
    assert long_date(day, lang) == expected


def test_seconds() -> None:
    assert seconds(0.06, Lang.EN) == "0.1 s"
    assert seconds(0.06, Lang.FR) == "0,1\u00a0s"
    assert seconds(12.34, Lang.FR) == "12,3\u00a0s"

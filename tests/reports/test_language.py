"""Every word of the bundled demo's reports in the report's language (issue 10, point 4).

The demo is audited once in French and once in English; the visible text of the HTML page,
the note and the workbook's text cells is searched for the identifiers a reader must never
meet — criterion, clause, metric, domain, format, standard, platform, transport and frequency
ids — built from the rule pack and the registries, so a new leak fails here.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from vendorlock.cli import main
from vendorlock.i18n import keys, t
from vendorlock.metrics.interface import METRIC_INPUTS
from vendorlock.registry.load import load_registries
from vendorlock.scoring.load import load_pack

SCHEMAS = Path(__file__).resolve().parents[2] / "vendorlock" / "schemas"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _enum(schema: str, field: str) -> list[str]:
    data = json.loads((SCHEMAS / f"{schema}.json").read_text(encoding="utf-8"))
    for f in data["fields"]:
        if f["name"] == field:
            return list(f["constraints"]["enum"])
    raise AssertionError(f"no field {field} in {schema}")


def leak_ids() -> set[str]:
    """Identifiers with a ``_`` or ``-``: no French or English word looks like one."""
    pack = load_pack()
    reg = load_registries()
    ids = {c.id for c in pack.criteria} | {c.metric for c in pack.criteria}
    ids |= set(pack.clauses) | set(METRIC_INPUTS)
    ids |= set(reg.domains) | set(reg.formats) | set(reg.standards) | set(reg.platforms)
    ids |= set(_enum("flows", "protocol")) | set(_enum("flows", "frequency"))
    ids |= set(_enum("applications", "hosting"))
    return {i for i in ids if "_" in i or "-" in i}


def _found(text: str, ids: set[str]) -> set[str]:
    words = set(re.findall(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+", text))
    return words & ids


@pytest.fixture(scope="module", params=["fr", "en"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"demo-{request.param}")
    result = CliRunner().invoke(main, ["audit", "--lang", request.param, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def html_text(path: Path) -> str:
    root = lxml_html.parse(str(path)).getroot()
    for node in root.xpath("//script|//style"):
        node.getparent().remove(node)
    return "\n".join(root.itertext())


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(p.itertext()) for p in root.iter(f"{W}p"))


def workbook_text(path: Path, lang: str) -> str:
    """The workbook's text cells, but for the rule-id column: the key a waivers file names."""
    keep_ids = t("reports.col.rule_id", lang)
    wb = openpyxl.load_workbook(path, read_only=True)
    parts: list[str] = []
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = next(rows, ())
        skip = {k for k, h in enumerate(header) if h == keep_ids}
        parts.extend(str(h) for h in header if isinstance(h, str))
        for row in rows:
            parts.extend(v for k, v in enumerate(row) if isinstance(v, str) and k not in skip)
    return "\n".join(parts)


def test_no_identifier_in_what_a_reader_sees(demo: Path) -> None:
    lang = "fr" if demo.name.startswith("demo-fr") else "en"
    ids = leak_ids()
    assert "closed-api" in ids and "childhood_education" in ids and "file_share" in ids
    seen = {
        "audit.html": _found(html_text(demo / "audit.html"), ids),
        "note.docx": _found(docx_text(demo / "note.docx"), ids),
        "audit.xlsx": _found(workbook_text(demo / "audit.xlsx", lang), ids),
    }
    assert seen == {name: set() for name in seen}


def test_prose_has_no_iso_date(demo: Path) -> None:
    """Dates in sentences are written out in both languages: the English action plan said
    "Pool the purchase before 2027-01-13" under a "13 January 2027" heading."""
    for text in (html_text(demo / "audit.html"), docx_text(demo / "note.docx")):
        assert ISO_DATE.findall(text) == []


def test_empty_sections_say_so(demo: Path) -> None:
    """The demo declares no waiver: the section says so instead of showing a bare header."""
    lang = "fr" if demo.name.startswith("demo-fr") else "en"
    text = html_text(demo / "audit.html")
    assert t("reports.empty.waivers", lang) in text


def test_french_report_speaks_french(demo: Path) -> None:
    """Words of the English vocabulary the reports once leaked stay out of the French page."""
    if not demo.name.startswith("demo-fr"):
        pytest.skip("French only")
    text = html_text(demo / "audit.html")
    for english in ("Unknown editor", "daily", "monthly", "on_premise", "is unknown"):
        assert english not in text
    assert not re.search(r"\b1 produits\b|\b0 des \d", text)


def test_french_reports_bind_every_colon_and_semicolon(demo: Path) -> None:
    """French puts a no-break space before « ; » and « : »: the lists the reports join
    themselves (an exit cost's assumed inputs « Contrats › Date de fin ; Contrats › … », a
    set-aside row's reasons) and the registry's French names (« Document Microsoft Word
    binaire (97-2003 ; aussi 6.0/95) ») follow it like the catalogue's messages, in the page
    and the workbook; an exit cost's basis says how many flows are shared without a bad
    agreement (« dont 1 partagés »)."""
    if not demo.name.startswith("demo-fr"):
        pytest.skip("French only")
    glued = re.compile(r"[^\W\d]{2}[;:] |\S [;:](?:\s|$)")
    for name, text in (
        ("audit.html", html_text(demo / "audit.html")),
        ("audit.xlsx", workbook_text(demo / "audit.xlsx", "fr")),
    ):
        text = re.sub(r"https?://\S+", "", text)
        assert sorted({m.group() for m in glued.finditer(text)}) == [], name
        assert "97-2003\u00a0; aussi" in text, name
        assert not re.search(r"\bdont 1 partagés\b", text), name


def test_english_report_has_no_french_vocabulary(demo: Path) -> None:
    """The symmetric check: the French labels of the enumerated values (levels, transports,
    frequencies, hosting, openness, RGI statuses, target kinds) stay out of the English page."""
    if not demo.name.startswith("demo-en"):
        pytest.skip("English only")
    prefixes = ("level", "protocol", "frequency", "hosting", "openness", "rgi", "target_kind")
    labels = [
        key
        for key in keys()
        if key.startswith("reports.") and key.count(".") == 2 and key.split(".")[1] in prefixes
    ]
    french = {t(key, "fr") for key in labels} - {t(key, "en") for key in labels}
    assert "partage de fichiers" in french and "quotidienne" in french
    text = html_text(demo / "audit.html")
    found = {w for w in french if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)}
    assert found == set()


def test_formats_are_named_in_the_report_language(demo: Path) -> None:
    """Format names come from the registry in the report's language: the demo's ODF text
    documents are "Texte OpenDocument" in French, "OpenDocument Text" in English."""
    lang = "fr" if demo.name.startswith("demo-fr") else "en"
    odt = load_registries().formats["odt"]
    assert odt.name_fr == "Texte OpenDocument" and odt.name == "OpenDocument Text"
    shown, hidden = (odt.name_fr, odt.name) if lang == "fr" else (odt.name, odt.name_fr)
    for text in (html_text(demo / "audit.html"), workbook_text(demo / "audit.xlsx", lang)):
        assert shown in text
        assert hidden not in text


def test_action_sentences_write_scores_as_the_reports_do(demo: Path) -> None:
    """An action's score reads like every other score: one decimal in the report's separator,
    then « / 100 » (« dépendance moyenne (44,0 / 100) »), never the bare « (44/100) »."""
    lang = "fr" if demo.name.startswith("demo-fr") else "en"
    decimal = "," if lang == "fr" else "."
    for text in (html_text(demo / "audit.html"), workbook_text(demo / "audit.xlsx", lang)):
        assert re.findall(r"\(\d+(?:[.,]\d+)?/100\)", text) == []
        assert re.search(rf"\(\d+\{decimal}\d\u00a0/\u00a0100\)", text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_unknown_editor_is_named_in_the_report_language(lang: str, tmp_path: Path) -> None:
    """A software list without an editor column files its applications under the unknown
    editor: every table, chart and detail names it in the report's language, never as the
    registry's English "Unknown editor"."""
    sill = tmp_path / "sill.csv"
    sill.write_text(
        "nom,licence,version\nVLC,GPL-2.0-or-later,3\nMicrosoft Office,Propriétaire,2019\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(sill), "--lang", lang, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    name = t("reports.unknown_editor", lang)
    html = (out / "audit.html").read_text(encoding="utf-8")
    texts = {
        "audit.html": html,
        "audit.md": (out / "audit.md").read_text(encoding="utf-8"),
        "audit.xlsx": workbook_text(out / "audit.xlsx", lang),
    }
    assert {n for n, text in texts.items() if "Unknown editor" in text} == set()
    assert name in html_text(out / "audit.html") and name in texts["audit.xlsx"]


# -- group reports -----------------------------------------------------------------------------

DEMO_BOOK = "vendorlock/demo/data/inventaire-demo.xlsx"
GROUP_COMMANDS = {
    "aggregate": ["aggregate", DEMO_BOOK, "--no-member-reports", "--as-of", "2026-11-28"],
    "pool": ["pool", DEMO_BOOK, "--as-of", "2026-11-28"],
    "compare": ["compare", "--domain", "finances", DEMO_BOOK, "--as-of", "2026-11-28"],
    # without INPUT, simulate runs on the bundled demo
    "simulate": ["simulate", "--replace", "e.magnus Gestion financière", "--with", "e.sedit GF"],
    "requirements": ["requirements", "--domain", "finances", DEMO_BOOK],
}
GROUP_FORMATS = ["--format", "html", "--format", "md", "--format", "xlsx"]


@pytest.fixture(scope="module", params=["fr", "en"])
def group_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, str]]:
    """Every group command on the demo in one language: {file or terminal name: its text}."""
    lang = request.param
    root = Path(__file__).resolve().parents[2]
    out = tmp_path_factory.mktemp(f"group-{lang}")
    texts: dict[str, str] = {}
    for stem, args in GROUP_COMMANDS.items():
        book = [str(root / a) if a == DEMO_BOOK else a for a in args]
        result = CliRunner().invoke(
            main, [*book, "-o", str(out / stem), *GROUP_FORMATS, "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        texts[f"{stem} (terminal)"] = result.output
        texts[f"{stem}.html"] = group_html_text(out / stem / f"{stem}.html")
        texts[f"{stem}.md"] = (out / stem / f"{stem}.md").read_text(encoding="utf-8")
        if (out / stem / f"{stem}.xlsx").exists():  # requirements writes no workbook
            texts[f"{stem}.xlsx"] = workbook_text(out / stem / f"{stem}.xlsx", lang)
    return lang, texts


def group_html_text(path: Path) -> str:
    """The page's text without its charts: vendorlock.group.charts is checked on its own."""
    root = lxml_html.parse(str(path)).getroot()
    for node in root.xpath("//script|//style|//*[local-name()='svg']"):
        node.getparent().remove(node)
    return "\n".join(root.itertext())


def registry_names() -> list[str]:
    """Names quoted as they are (« OASIS UBL 2.1 Invoice », the rule pack's references):
    their version numbers are not decimals."""
    reg = load_registries()
    names = {s.name for s in reg.standards.values()} | {f.name for f in reg.formats.values()}
    names |= {f.name_fr for f in reg.formats.values() if f.name_fr}
    names |= {e.name_fr for e in (*reg.standards.values(), *reg.platforms.values()) if e.name_fr}
    names |= {p.name for p in reg.platforms.values()} | {p.name for p in reg.products.values()}
    names |= {r.title for r in load_pack().references.values()}
    return sorted(names, key=len, reverse=True)


def test_group_reports_show_no_identifier(group_demo: tuple[str, dict[str, str]]) -> None:
    _lang, texts = group_demo
    ids = leak_ids()
    seen = {name: _found(text, ids) for name, text in texts.items()}
    assert seen == {name: set() for name in seen}


def test_french_group_reports_write_french_numbers_and_plurals(
    group_demo: tuple[str, dict[str, str]],
) -> None:
    lang, texts = group_demo
    if lang != "fr":
        pytest.skip("French only")
    names = registry_names()
    for name, text in texts.items():
        for quoted in names:
            text = text.replace(quoted, "")
        assert re.findall(r"(?<![\w.])\d+\.\d+(?![\w.])", text) == [], name
        assert re.findall(r"\w\(s\)", text) == [], name
        assert not re.search(r"\b[01] (membres|applications|organismes|produits)\b", text), name
        # (registry names such as « Editor's proprietary database » are quoted as they are)
        for english in ("Unknown editor", "(proprietary)", "incoming", "outgoing"):
            assert english not in text, (name, english)


def test_french_group_reports_keep_the_spaces_french_binds(
    group_demo: tuple[str, dict[str, str]],
) -> None:
    """Every French group output — terminal, page, workbook and the Markdown to paste — keeps
    the no-break space before « : » and « ; » and the narrow one grouping thousands: the
    Markdown once folded them into plain spaces (« EXI-STD-1 : … » breakable, « 12 345 »)."""
    lang, texts = group_demo
    if lang != "fr":
        pytest.skip("French only")
    for name, text in texts.items():
        text = re.sub(r"https?://\S+", "", text)
        assert not re.findall(r".{0,20}\S [;:](?:\s|$)", text), name
        assert not re.findall(r"\d \d{3}(?!\d)", text), name
    assert "EXI-STD-1\u00a0: " in texts["requirements.md"]


def test_group_reports_name_formats_in_the_report_language(
    group_demo: tuple[str, dict[str, str]],
) -> None:
    """Pool and requirements reports name formats from the registry in the report's language:
    « Base ou sauvegarde propriétaire de l'éditeur », not "Editor's proprietary database or
    dump", in French (and the other way round in English)."""
    lang, texts = group_demo
    formats = [f for f in load_registries().formats.values() if f.name_fr and f.name_fr != f.name]
    hidden = {f.name if lang == "fr" else f.name_fr for f in formats}
    shown = {f.label(lang) for f in formats}
    assert "Editor's proprietary database or dump" in {f.name for f in formats}
    for name, text in texts.items():
        assert {h for h in hidden if h in text} == set(), name
    both = texts["pool.md"] + texts["requirements.md"]
    assert {s for s in shown if s in both}, "no format named in the group reports"


def test_requirements_cite_references_in_the_report_language(
    group_demo: tuple[str, dict[str, str]],
) -> None:
    """The tender requirements quote the rule pack's legal references in the report's
    language: « réversibilité et transférabilité » in French, never the English title."""
    lang, texts = group_demo
    refs = [r for r in load_pack().references.values() if r.title_fr != r.title]
    assert refs and all(r.title_fr for r in load_pack().references.values())
    text = texts["requirements.md"] + texts["requirements.html"]
    hidden = {r.title if lang == "fr" else r.title_fr for r in refs}
    assert {h for h in hidden if h in text} == set()
    assert any(r.label(lang) in text for r in refs)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_exit_cost_header_starts_with_a_capital(lang: str) -> None:
    """The exit-cost sheet's item columns read « Mise en place du remplaçant (bas) » like the
    other headers, not « mise en place du remplaçant (bas) »."""
    from tests.reports.conftest import load_small
    from vendorlock.i18n import Lang
    from vendorlock.reports.tables import exit_costs

    headers = [c.header for c in exit_costs(load_small(), Lang(lang)).columns]
    assert len(headers) > 10
    assert [h for h in headers if not h[0].isupper()] == []

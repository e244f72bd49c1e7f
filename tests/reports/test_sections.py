"""The shared section writers: the audit page is sections like the group reports, every block
escapes what it is given, printing opens what a reader would have to click, Markdown stays inert."""

from __future__ import annotations

import re
from typing import Any

import pytest

from vendorlock.i18n import Lang
from vendorlock.reports.audit_report import audit_html, audit_sections
from vendorlock.reports.sections import (
    Alert,
    Badge,
    Block,
    Columns,
    Detail,
    Details,
    Entries,
    Entry,
    Heading,
    Kpi,
    KpiStrip,
    Legend,
    Line,
    Lines,
    Map,
    Note,
    Section,
    block_html,
    markdown,
    page_html,
)

EVIL = '<script>alert("x")</script> & [link](http://example.org) *bold*'


def test_audit_page_is_its_sections_in_order_with_a_link_to_each(doc: dict[str, Any]) -> None:
    page = audit_html(doc, Lang.FR)
    anchors = [s.anchor for s in audit_sections(doc, Lang.FR)]
    assert anchors[0] == "summary" and {"risks", "actions", "map", "problems"} <= set(anchors)
    assert re.findall(r'<section id="([^"]+)"', page) == anchors
    nav = page[page.index("<nav>") : page.index("</nav>")]
    assert re.findall(r'href="#([^"]+)"', nav) == anchors
    # The title and the date of the audit head the page, above the navigation.
    assert page.index("<header><h1>") < page.index("<nav>") < page.index('<section id="summary"')


def test_printed_page_opens_every_detail_the_screen_keeps_closed(doc: dict[str, Any]) -> None:
    screen, printed = audit_html(doc, Lang.EN), audit_html(doc, Lang.EN, printed=True)
    closed, opened = "<details><summary>", "<details open><summary>"
    assert opened not in screen and closed not in printed
    assert printed.count(opened) == screen.count(closed) > 0


def _blocks() -> tuple[Block, ...]:
    badge = Badge(EVIL, EVIL)
    return (
        Heading(EVIL),
        Note(EVIL, href='#x" onclick="alert(1)'),
        Alert(badge, EVIL, "#actions"),
        Entries((Entry(EVIL, EVIL, EVIL, (badge,), "2027-01-09", EVIL),), ordered=True),
        Lines((Line(EVIL, EVIL, EVIL),)),
        Legend(("critical", "low")),
        Details((Detail(EVIL, (Lines((Line(text=EVIL),)),)),)),
        Columns(((Heading(EVIL),), (Note(EVIL),))),
        KpiStrip((Kpi(EVIL, EVIL, EVIL, small=EVIL),)),
    )


def test_every_block_escapes_its_text() -> None:
    html = "".join(block_html(b, Lang.FR, printed=True) for b in _blocks())
    assert "<script" not in html and 'onclick="' not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 14


def test_markdown_of_every_block_is_inert() -> None:
    md = markdown(EVIL, [Section("s", EVIL, _blocks())], Lang.FR)
    # a tag's « < » escaped (« \\<script> » reads as text), no link
    assert re.search(r"(?<!\\)<script", md) is None and re.search(r"(?<!\\)\]\(", md) is None
    assert "\\*bold\\*" in md
    # A ranked entry keeps its number and its badge; a collapsed part its summary as a heading.
    assert re.search(r"^1\. .*\*\*", md, re.M)
    assert re.search(r"^#### ", md, re.M)


def test_kpi_legend_shows_a_level_with_no_application_but_not_empty_insufficient() -> None:
    strip = KpiStrip(
        (Kpi("x", "", levels=(("critical", 0), ("medium", 3), ("insufficient_data", 0))),)
    )
    html = block_html(strip, Lang.FR)
    assert "critique <b>0</b>" in html and "moyen <b>3</b>" in html
    assert "insuffisantes" not in html
    # The bar draws only the levels that have applications.
    assert html.count("width:") == 1


def test_page_has_navigation_only_when_there_is_somewhere_to_go() -> None:
    few = [Section(f"s{i}", f"S{i}", (Map("<svg></svg>"),)) for i in range(2)]
    many = [Section(f"s{i}", f"S{i}", ()) for i in range(6)]
    assert "<nav>" not in page_html("T", few, Lang.EN)
    assert page_html("T", many, Lang.EN, subtitle="sub").count('href="#s') == 6
    assert "<p>sub</p></header>" in page_html("T", many, Lang.EN, subtitle="sub")


@pytest.mark.parametrize(
    "given",
    [
        r"\[offre\](https://evil.example/)",
        r"\*important\*",
        "[offre](https://evil.example/) <b>gras</b> *x* `code`",
    ],
)
def test_prose_from_a_member_cannot_become_a_link_or_emphasis(given: str) -> None:
    """A name carrying backslashes is escaped too: « \\[offre\\](url) » must not turn back into
    a link once its brackets are escaped (pool and aggregate Markdown bullets)."""
    from vendorlock.reports.markdown import md_text

    out = md_text(given)
    # every [ ] * ` left in the text, and every < opening a tag, follows an odd number of
    # backslashes: escaped
    for match in re.finditer(r"(\\*)([\[\]*`]|<(?=[A-Za-z/]))", out):
        assert len(match.group(1)) % 2 == 1, (given, out)


@pytest.mark.parametrize(
    ("given", "prose", "cell"),
    [
        # what only looks like Markdown reads as written
        ("Pont-Uzevalle-les-Bains", "Pont-Uzevalle-les-Bains", "Pont-Uzevalle-les-Bains"),
        ("l'éditeur (SaaS) : 3.5 + 2 = 5,5 !", None, None),
        ("Coût de sortie (bas)", None, None),
        ("data_return_format, R&D, < 3 membres, 1.2.3", None, None),
        ("e.magnus 2024 # 2", None, None),
        ("-5 %", None, None),
        ("a - b | c", None, r"a - b \| c"),
        (
            "Voir <https://eur-lex.europa.eu/eli/reg/2023/2854/oj>",
            r"Voir \<https://eur-lex.europa.eu/eli/reg/2023/2854/oj>",
            None,
        ),
        # what Markdown would read as markup is escaped, where it is markup
        ("- tiret", r"\- tiret", "- tiret"),
        ("# titre", r"\# titre", "# titre"),
        ("1. un", r"1\. un", "1. un"),
        ("> cité", r"\> cité", "> cité"),
        ("---", r"\---", "---"),
        ("*gras* _souligné_ `code` ~barré~", r"\*gras\* \_souligné\_ \`code\` \~barré\~", None),
        ("[offre](https://evil.example/)", r"\[offre\](https://evil.example/)", None),
        ("<b>x</b> &amp; <javascript:alert(1)>", r"\<b>x\</b> \&amp; \<javascript:alert(1)>", None),
        ("C:\\*dir", r"C:\\\*dir", None),
    ],
)
def test_markdown_escapes_only_what_markdown_would_misread(
    given: str, prose: str | None, cell: str | None
) -> None:
    """Group Markdown read as plain text shows the names as written (« Pont-Uzevalle-les-Bains
    », « Coût de sortie (bas) »; was « Pont\\-Uzevalle\\-les\\-Bains », « Coût de sortie
    \\(bas\\) »): a character is escaped only where a Markdown reader would take it for markup
    — a line's « - », « # », « 1. », « > » only at its start, a pipe only in a table cell."""
    from vendorlock.reports.markdown import md_cell, md_text

    prose = given if prose is None else prose
    assert md_text(given) == prose
    assert md_cell(given) == (prose if cell is None else cell)
    assert md_text(given, starts_line=False) == (given if given[:1] in "-#1>" else prose)


@pytest.mark.parametrize(
    "given",
    [
        "<https://x\x7f![p](https://evil.example/t.png)>",
        "<https://x\x7f[Portail-officiel](https://evil.example/phish)>",
        "<https://evil.example/phish>",
        "<mailto:x@evil.example>",
    ],
)
def test_a_name_cannot_pass_as_a_link_even_in_angle_brackets(given: str) -> None:
    """An editor named « <https://x\x7f[Portail](https://evil…)> » wrote a live link into
    aggregate.md: the brackets were let through as an autolink, which the DEL inside made
    Markdown read as text, and the link inside it as a link. A value's « < » is always escaped
    and control characters are dropped, in prose and in cells."""
    from vendorlock.reports.markdown import md_cell, md_text

    for out in (md_text(given), md_cell(given)):
        assert "\x7f" not in out and out.startswith("\\<")
        for match in re.finditer(r"(\\*)([\[\]])", out):
            assert len(match.group(1)) % 2 == 1, (given, out)


def test_french_markdown_keeps_its_no_break_spaces() -> None:
    """« Coût de sortie\u00a0: », « 12\u202f345\u00a0€ » keep their no-break spaces in the
    Markdown (the prose was collapsed with str.split(), which took them for spaces: a French
    colon could start a line)."""
    from vendorlock.reports.markdown import md_cell, md_text

    text = "Coût de sortie\u00a0: 12\u202f345\u00a0€  \n  (bas)"
    assert md_text(text) == "Coût de sortie\u00a0: 12\u202f345\u00a0€ (bas)"
    assert md_cell("12\u202f345\u00a0€") == "12\u202f345\u00a0€"

"""Every user-facing message exists in both languages, with the same placeholders."""

import string

import pytest

from vendorlock import i18n


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", i18n.keys())
def test_message_has_english_and_french_with_same_placeholders(key: str) -> None:
    entry = i18n._catalogue()[key]
    assert entry.get("en"), f"{key}: English text missing"
    assert entry.get("fr"), f"{key}: French text missing"
    assert _fields(entry["en"]) == _fields(entry["fr"]), key


def test_default_lang_follows_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("VENDORLOCK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert i18n.default_lang() is i18n.Lang.FR
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.default_lang() is i18n.Lang.EN
    monkeypatch.setenv("VENDORLOCK_LANG", "fr")
    assert i18n.default_lang() is i18n.Lang.FR


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        i18n.t("no.such.key")


def test_french_messages_bind_the_space_before_high_punctuation() -> None:
    """No French message can put « : », « ; », « ? » or « ! » at the start of a line: the space
    before them is a no-break one in every message of the catalogue, while a value filled in
    (a user's « Note : … ») is left as written."""
    import re as _re

    from vendorlock.i18n import _catalogue, _template, t
    from vendorlock.scoring import load_pack

    for key in _catalogue():
        assert not _re.search(r" [:;?!]", _template(key, "fr")), key
    for crit in load_pack().criteria:  # the rule pack's sentences too
        assert not _re.search(r" [:;?!]", crit.reason.get("fr")), crit.id
    assert t("core.os_error", "fr", path="Note : x", reason="r") == (
        "impossible d'utiliser Note : x\u00a0: r"
    )
    assert t("core.os_error", "en", path="p", reason="r") == "cannot use p: r"


def test_french_guillemets_hold_their_words() -> None:
    """No French message, rule sentence or cited title can leave « alone at the end of a line or
    » at the start of one: the spaces inside the guillemets are no-break ones everywhere the
    project quotes (catalogue templates, rule pack, and code through ``i18n.quote``), while the
    value quoted is left as written (a user's header « Coût  annuel » keeps its two spaces)."""
    import re as _re

    from vendorlock.i18n import _catalogue, _template, quote, t
    from vendorlock.scoring import load_pack

    breakable = _re.compile(r"«[ \t]|[ \t]»")
    for key in _catalogue():
        assert not breakable.search(_template(key, "fr")), key
    pack = load_pack()
    for crit in pack.criteria:
        assert not breakable.search(crit.reason.get("fr")), crit.id
    for ref_id, ref in pack.references.items():  # titles cited in French reports
        assert not breakable.search(ref.label("fr")), ref_id
    assert "«" in "".join(ref.label("fr") for ref in pack.references.values())
    assert quote("Coût  annuel", "fr") == "«\u00a0Coût  annuel\u00a0»"
    assert quote("Annual cost", "en") == "'Annual cost'"
    assert t("problem.invalid_number", "fr", value="1 2") == (
        "«\u00a01 2\u00a0» n'est pas un nombre (ex. 12\u202f345,67)"
    )


def test_french_messages_group_thousands_as_the_reports_do() -> None:
    """A number written in a French message groups its thousands with the narrow no-break
    space the reports' numbers use (reports.numbers: « 12\u202f345,67 »), never a plain space a
    terminal or spreadsheet may break at, nor another space than the reports'; English keeps
    its own examples."""
    import re as _re

    from vendorlock.i18n import _catalogue, _template, t
    from vendorlock.reports.numbers import NNBSP, money

    grouped = _re.compile(r"\d([^\d,.])\d{3}(?!\d)")
    seps = {m.group(1) for key in _catalogue() for m in grouped.finditer(_template(key, "fr"))}
    seps -= {"/", "–", "-", ":", "(", ")", "'", "."}  # ranges, dates, ids: no digit groups
    assert seps <= {NNBSP}, seps
    assert money(12345, "fr") == "12\u202f345\u00a0€"
    assert "(ex. 12\u202f345,67)" in t("problem.invalid_number", "fr", value="voir DAF")
    assert "0–10\u202f000\u00a0; au-delà de 2\u202f500" in _template("group.agg.hhi", "fr")

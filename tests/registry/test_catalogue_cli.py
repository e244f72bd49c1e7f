"""``vendorlock catalogue NAME``: facts, group, alternatives, sources and check dates, fr/en."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from vendorlock.cli.app import main
from vendorlock.registry import load_registries, unverified_overlay


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["catalogue", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_product_by_alias_shows_editor_licence_standards_alternatives_and_source() -> None:
    code, out, _ = run("S²LOW", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Product S2LOW (s2low)"
    assert "  editor: Libriciel SCOP (libriciel)" in lines
    assert "  licence: CECILL-2.0 (open source)" in lines
    assert any(line.startswith("  standards: ") and "(actes)" in line for line in lines)
    assert any(
        line.startswith("  alternatives: ") and "Pastell [free software]" in line for line in lines
    )
    assert (
        "  source: https://github.com/libriciel/s2low (LICENSE: CeCILL licence, version 2.0 of 2006-09-05)"
        in lines
    )
    assert lines[-1] == "  checked: 2026-11-28"


def test_a_product_in_french_with_its_corporate_group_link() -> None:
    code, out, _ = run("Astre GF", "--lang", "fr")
    assert code == 0
    assert out.splitlines()[0] == "Produit Astre (GF/RH) (astre)"
    assert "  groupe\u00a0: Bain Capital (bain-capital) depuis 2022" in out
    assert "  source du rattachement\u00a0: https://www.agefi.fr/" in out
    assert "  domaines\u00a0: Finances et comptabilité, Ressources humaines et paie" in out


def test_a_format_shows_openness_rgi_status_and_pronom() -> None:
    code, out, _ = run("Word 2016", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "Format Office Open XML WordprocessingML (docx)"
    assert "  openness: open standard" in out
    assert "  RGI v2 status: under observation (en observation)" in out
    assert "  PRONOM ids: fmt/412, fmt/1827" in out
    assert "fmt/494" not in out  # the encrypted-OOXML id is another format


def test_a_name_of_two_kinds_shows_both_blocks() -> None:
    code, out, _ = run("pes", "--lang", "en")
    assert code == 0
    assert "Format PES V2 flow (XML, Hélios) (pes_v2_xml)" in out
    assert "Standard PES V2 - Protocole d'Échange Standard d'Hélios v2 (pes_v2)" in out
    assert "  openness: open specification" in out


def test_a_product_of_the_opt_in_overlay_is_unknown_by_default_and_flagged_with_it() -> None:
    code, _, err = run("Civil Net Finances", "--lang", "en")
    assert code == 1 and "Civil Net Finances" in err  # not in the default (strict) packs
    code, out, _ = run("Civil Net Finances", "--rules", str(unverified_overlay()), "--lang", "fr")
    assert code == 0
    assert out.splitlines()[0] == "Produit Civil Net Finances (civil-net-finances)"
    assert "  date de vérification\u00a0: non vérifié (entrée encore à vérifier)" in out


def test_an_overlay_fact_on_a_verified_entry_is_flagged_not_checked() -> None:
    """IODAS is sourced; its editor link comes from the overlay, whose source says so."""
    code, out, _ = run("IODAS", "--lang", "en")
    assert code == 0 and "  editor: not stated in the sources read" in out
    assert "  checked: 2026-11-29" in out
    code, out, _ = run("IODAS", "--rules", str(unverified_overlay()), "--lang", "en")
    assert code == 0 and "  editor: Inetum (inetum)" in out
    assert "  checked: not checked (entry still to verify)" in out


def test_an_unknown_name_exits_1_with_the_closest_names() -> None:
    code, out, err = run("Berger Levraul", "--lang", "fr")
    assert code == 1 and out == ""
    assert "«\u00a0Berger Levraul\u00a0» n'est ni un produit" in err
    assert "noms les plus proches\u00a0: Berger-Levrault" in err
    code, _, err = run("zzzz qqq", "--lang", "en")
    assert code == 1 and "no close name" in err


def test_an_overlay_entry_is_known(tmp_path: Path) -> None:
    overlay = tmp_path / "mine.yaml"
    overlay.write_text(
        "editors:\n"
        "  - id: dupont-soft\n"
        "    name: Dupont Soft\n"
        "    country: FR\n"
        "    source: https://www.example.org/dupont\n"
        "    checked: '2026-11-01'\n",
        encoding="utf-8",
    )
    code, out, _ = run("DUPONT SOFT", "--rules", str(overlay), "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "Editor Dupont Soft (dupont-soft)"
    assert "  checked: 2026-11-01" in out


def test_the_products_added_for_thin_domains_in_both_languages() -> None:
    code, out, _ = run("iDélibre", "--lang", "fr")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Produit idelibre (idelibre)"
    assert "  éditeur\u00a0: non indiqué par les sources lues" in lines  # not "Unknown editor"
    assert "  domaines\u00a0: Assemblées, délibérations et actes" in lines
    assert "  licence\u00a0: LicenseRef-agpl (libre)" in lines
    assert "  formats d'import\u00a0: Valeurs séparées par des virgules (CSV) (csv)" in lines
    assert lines[-1] == "  date de vérification\u00a0: 29 novembre 2026"
    code, out, _ = run("GCourrier", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert "  editor: Cliss XXI (cliss-xxi)" in lines
    assert "  licence: GPL-2.0-or-later (open source)" in lines
    assert "  alternatives: Maarch Courrier [free software]" in lines
    assert lines[-1] == "  checked: 2026-11-29"
    code, out, _ = run("WebRSA", "--lang", "fr")
    assert code == 0
    lines = out.splitlines()
    assert "  éditeur\u00a0: Atol Conseils et Développements (atol-cd)" in lines
    assert "  domaines\u00a0: Action sociale" in lines
    assert "  licence\u00a0: CECILL-2.0 (libre)" in lines
    assert "  alternatives\u00a0: IODAS" in lines


def test_a_format_is_named_in_the_language_asked() -> None:
    _, fr, _ = run("odt", "--lang", "fr")
    _, en, _ = run("odt", "--lang", "en")
    assert fr.splitlines()[0] == "Format Texte OpenDocument (odt)"
    assert en.splitlines()[0] == "Format OpenDocument Text (odt)"


def test_a_group_shows_its_name_and_its_members() -> None:
    code, out, _ = run("IBM", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "Editor IBM (ibm)"
    assert "  group members: Red Hat" in out.splitlines()


def test_a_standard_and_a_platform_are_named_in_the_language_asked() -> None:
    _, fr, _ = run("XAdES", "--lang", "fr")
    _, en, _ = run("XAdES", "--lang", "en")
    assert fr.splitlines()[0] == (
        "Norme d'échange Signatures électroniques avancées XAdES / PAdES / CAdES (eIDAS, RGS)"
        " (xades_pades)"
    )
    assert en.splitlines()[0] == (
        "Standard XAdES / PAdES / CAdES advanced electronic signatures (eIDAS, RGS) (xades_pades)"
    )
    # a product lists its standards in the language asked too
    _, product, _ = run("Lizmap", "--lang", "fr")
    assert "  normes d'échange\u00a0: Directive INSPIRE (inspire)" in product.splitlines()
    # a standard without a French name shows its one name in both languages
    _, pes, _ = run("PESv2", "--lang", "fr")
    assert "PES V2 - Protocole d'Échange Standard d'Hélios v2 (pes_v2)" in pes


def test_the_products_added_for_police_technical_services_and_culture() -> None:
    code, out, _ = run("Logiciel PVe", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Product PVe (ANTAI electronic ticketing software) (pve-antai)"
    assert "  licence: proprietary" in lines  # free of charge is not open source
    assert any(line.startswith("  standards: PVe - procès-verbal électronique") for line in lines)
    # Atal is Berger-Levrault's, sourced now: no longer only in the opt-in overlay
    _, atal, _ = run("ATAL II", "--lang", "fr")
    assert atal.splitlines()[0] == "Produit Atal (atal)"
    assert "  éditeur\u00a0: Berger-Levrault (berger-levrault)" in atal.splitlines()
    assert "à vérifier" not in atal
    # a free music-school application, an alternative to #DIESE
    _, diese, _ = run("#DIESE", "--lang", "en")
    assert any(
        line.startswith("  alternatives: ") and "Algem [free software]" in line
        for line in diese.splitlines()
    )
    _, algem, _ = run("Algem", "--lang", "en")
    assert "  licence: AGPL-3.0-or-later (open source)" in algem.splitlines()


def test_api_and_hosting_kinds_are_words_in_the_language_asked() -> None:
    _, fr, _ = run("pretix", "--lang", "fr")
    _, en, _ = run("pretix", "--lang", "en")
    assert "  API\u00a0: documentée" in fr.splitlines()
    assert "  hébergement\u00a0: sur site, SaaS de l'éditeur" in fr.splitlines()
    assert "  API: documented" in en.splitlines()
    assert "  hosting: on premise, editor's SaaS" in en.splitlines()
    assert "on_premise" not in fr + en


def test_vitam_and_onlyoffice_are_sourced_and_the_overlay_no_longer_shadows_them() -> None:
    # promoted on 2026-11-29 from their repositories' own LICENSE files; the overlay lost them,
    # so loading it must not turn their checked entries back into "still to verify"
    for extra in ((), ("--rules", str(unverified_overlay()))):
        _, vitam, _ = run("Solution logicielle Vitam", *extra, "--lang", "en")
        lines = vitam.splitlines()
        assert lines[0] == "Product Vitam (vitam)"
        assert "  editor: Programme Vitam (programme-vitam)" in lines
        assert "  licence: CECILL-2.1 (open source)" in lines
        assert "  export formats: -" in lines  # no source read states one
        assert "  checked: 2026-11-29" in lines
        assert "not checked" not in vitam
        _, office, _ = run("ONLYOFFICE Document Server", *extra, "--lang", "en")
        lines = office.splitlines()
        assert lines[0] == "Product ONLYOFFICE Docs (onlyoffice)"
        assert "  editor: Ascensio System SIA (ascensio-system)" in lines
        assert "  licence: AGPL-3.0-only (open source)" in lines
        assert "  API: unknown" in lines  # the README read does not state the API kind
        assert "not checked" not in office
    # both are now free alternatives in their domains
    _, maarch, _ = run("Maarch RM", "--lang", "en")
    assert any(
        line.startswith("  alternatives: ") and "Vitam [free software]" in line
        for line in maarch.splitlines()
    )
    _, word, _ = run("Microsoft 365", "--lang", "en")
    assert any(
        line.startswith("  alternatives: ") and "ONLYOFFICE Docs [free software]" in line
        for line in word.splitlines()
    )


def test_xemelios_is_sourced_lgpl_and_the_overlay_only_adds_its_unverified_facts() -> None:
    # its own site says LGPL without a version; the overlay's CeCILL 2.1 had no source
    _, plain, _ = run("Xemelios", "--lang", "en")
    lines = plain.splitlines()
    assert lines[0] == "Product XéMéLios (xemelios)"
    assert "  licence: LicenseRef-lgpl (open source)" in lines
    assert "  standards: -" in lines  # no PES version is stated by the pages read
    assert "  checked: 2026-11-29" in lines
    _, with_overlay, _ = run("Xemelios", "--rules", str(unverified_overlay()), "--lang", "en")
    lines = with_overlay.splitlines()
    assert "  licence: LicenseRef-lgpl (open source)" in lines  # not overridden back to CeCILL
    assert "  editor: DGFiP (dgfip)" in lines
    assert any(line.startswith("  standards: PES V2") for line in lines)
    assert "  checked: not checked (entry still to verify)" in lines


def test_a_tool_beside_the_suites_is_never_an_alternative_to_them() -> None:
    # XéMéLios reads the PES files the finance suites produce: listing it as a free
    # alternative to e.magnus would lower every finance application's score for a product
    # that cannot replace any of them
    reg = load_registries()
    assert reg.products["xemelios"].domains == ("finances",)
    assert "xemelios" not in {p.id for p in reg.products_for_domain("finances")}
    _, suite, _ = run("e.magnus Gestion financière", "--lang", "en")
    (alternatives,) = [x for x in suite.splitlines() if x.startswith("  alternatives: ")]
    assert "e.sedit GF" in alternatives and "XéMéLios" not in alternatives
    _, tool, _ = run("Xemelios", "--lang", "fr")
    assert (
        "  alternatives\u00a0: un outil utilisé à côté des suites du domaine, pas une alternative à "
        "celles-ci" in tool.splitlines()
    )


def test_the_french_listing_reads_as_french() -> None:
    """Issue 10, point 4, on ``vendorlock catalogue --lang fr``: a colon after a label takes
    its no-break space (« éditeur : ANTAI », never « éditeur: »), the day an entry was checked
    and the month a group bought its editor are written in words, not in ISO form, the
    standards using a format are named in French, and a French name the listing shows looks
    its entry up again; English keeps « editor: » and its ISO dates."""
    _, pve, _ = run("PVe", "--lang", "fr")
    lines = pve.splitlines()
    assert (
        "  propriétaire\u00a0: ANTAI (Agence nationale de traitement automatisé des infractions)"
        in (lines)
    )
    assert all(re.match(r"  [^:]+\S\u00a0: \S", line) for line in lines[1:])
    assert lines[-1] == "  date de vérification\u00a0: 28 novembre 2026"
    _, red_hat, _ = run("Red Hat", "--lang", "fr")
    assert "  groupe\u00a0: IBM (ibm) depuis juillet 2019" in red_hat.splitlines()
    _, gml, _ = run("gml", "--lang", "fr")
    assert "Directive INSPIRE" in gml and "INSPIRE directive" not in gml
    code, odt, _ = run("Texte OpenDocument", "--lang", "fr")
    assert code == 0 and odt.splitlines()[0] == "Format Texte OpenDocument (odt)"
    code, _, err = run("Texte OpenDocumen", "--lang", "fr")
    assert code == 1 and "noms les plus proches\u00a0: Texte OpenDocument," in err
    _, en, _ = run("PVe", "--lang", "en")
    assert "  owner: ANTAI (Agence nationale de traitement automatisé des infractions)" in (
        en.splitlines()
    )
    assert en.splitlines()[-1] == "  checked: 2026-11-28"
    _, red_hat_en, _ = run("Red Hat", "--lang", "en")
    assert "  corporate group: IBM (ibm) since 2019-07" in red_hat_en.splitlines()


def test_every_standards_obligation_is_said_in_french() -> None:
    """« obligation : oui — seul protocole … » in ``catalogue --lang fr``, never the registry's
    English note (« yes - sole protocol … »): every shipped standard that says who must use it
    says it in French too (``mandatory_fr``), with French spacing; English keeps ``mandatory``."""
    from vendorlock.registry.describe import Match, describe
    from vendorlock.registry.entries import Kind

    reg = load_registries()
    english = re.compile(r"\b(yes|no|optional|accepted|since|for|part of|required)\b")
    for sid, std in reg.standards.items():
        if not std.mandatory:
            continue
        assert std.mandatory_fr, sid
        (fr_row,) = [
            r
            for r in describe(reg, Match(Kind.STANDARD, sid), "fr")
            if r.startswith("  obligation")
        ]
        assert not english.search(fr_row.split("http")[0]), (sid, fr_row)
        assert not re.search(r" [;:]", fr_row.split("http")[0]), (sid, fr_row)
        (en_row,) = [
            r
            for r in describe(reg, Match(Kind.STANDARD, sid), "en")
            if r.startswith("  obligation")
        ]
        assert en_row == f"  obligation: {std.mandatory}"
    _, pes, _ = run("PESv2", "--lang", "fr")
    assert "  obligation\u00a0: oui — seul protocole des transmissions" in pes

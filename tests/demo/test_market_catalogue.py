"""The demo's market never contradicts the sourced catalogue (issue 13).

A buyer who runs ``vendorlock audit`` on the demo and then ``vendorlock catalogue Atal`` must
read the same editor in both: a product the default packs know is sold, in the demo, by the
editor its sourced entry names. Only an entry whose editor no source states (``unknown``, like
IODAS) leaves the demo free to name one.
"""

from __future__ import annotations

from vendorlock.demo.market import load_market
from vendorlock.readers.licences import classify_licence
from vendorlock.registry import Kind, load_registries


def _market_products() -> list[tuple[str, str]]:
    market = load_market()
    return [
        (str(name), market.editors[int(editor)])
        for name, editor in zip(market.product_name, market.product_editor, strict=True)
    ]


def test_every_catalogued_product_of_the_demo_has_the_catalogue_editor() -> None:
    reg = load_registries()
    wrong = []
    for name, editor in _market_products():
        product = reg.resolve(Kind.PRODUCT, name)
        if product is None:
            continue
        sourced = reg.products[product].editor_id
        if sourced != "unknown" and sourced != editor:
            wrong.append((name, editor, sourced))
    assert wrong == []


def test_every_catalogued_product_of_the_demo_has_the_catalogue_licence() -> None:
    # the inventory's licence cell, read as any inventory is, gives the sourced licence: S2LOW
    # is CeCILL v2 (not AGPL), Koha's GPL and PMB's CeCILL have no version in their sources
    market, reg = load_market(), load_registries()
    wrong = []
    for name, licence in zip(market.product_name, market.product_licence, strict=True):
        product = reg.resolve(Kind.PRODUCT, str(name))
        if product is None:
            continue
        read, understood = classify_licence(reg, frozenset(), str(licence))
        if not understood or read != reg.products[product].licence:
            wrong.append((str(name), str(licence), read, reg.products[product].licence))
    assert wrong == []


def test_atal_is_berger_levrault_s_in_the_demo_as_in_the_catalogue() -> None:
    # the demo used to sell "ATAL II" under Adelior, an editor no source names for it
    products = dict(_market_products())
    assert products.get("Atal") == "berger-levrault"
    assert "ATAL II" not in products
    assert "adelior" not in load_market().editors
    assert load_registries().resolve(Kind.PRODUCT, "Atal") == "atal"
    # and Koha is the Koha community's, not its service provider's
    assert products.get("Koha") == "koha-community"


def test_every_editor_of_the_demo_market_sells_one_of_its_products() -> None:
    market = load_market()
    used = {market.editors[int(e)] for e in market.product_editor}
    assert set(market.editors) == used

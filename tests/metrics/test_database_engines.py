"""The database engines inventories name count in proprietary_stack with the shipped catalogue.

Before the catalogue listed them, every engine resolved to nothing: « Oracle » or « SQL Server »
in the « Base de données » column counted 0 and the metric fell back to the client part alone.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from vendorlock.metrics.attributes import DATABASE_STACK, _database_stack
from vendorlock.registry import Registries, load_registries


@pytest.fixture(scope="module")
def shipped() -> Registries:
    return load_registries()


@pytest.mark.parametrize(
    ("written", "part"),
    [
        ("Oracle", DATABASE_STACK),
        ("Oracle 19c", DATABASE_STACK),
        ("SQL Server", DATABASE_STACK),
        ("MS SQL Server", DATABASE_STACK),
        ("HFSQL", DATABASE_STACK),
        ("HyperFileSQL", DATABASE_STACK),
        ("PostgreSQL", 0.0),
        ("Postgres", 0.0),
        ("MySQL", 0.0),
        ("MariaDB", 0.0),
        ("Firebird", 0.0),
        ("SQLite", 0.0),
        # the version or edition as inventories write it (the catalogue lists no version)
        ("SQL Server 2017", DATABASE_STACK),
        ("SQL Server 2019 Standard", DATABASE_STACK),
        ("Microsoft SQL Server 2014 SP2", DATABASE_STACK),
        ("Oracle 10g", DATABASE_STACK),
        ("PostgreSQL 13", 0.0),
        ("MariaDB 10.6", 0.0),
        ("MySQL Community Server 8.0", 0.0),
    ],
)
def test_a_written_engine_is_proprietary_or_open(
    shipped: Registries, written: str, part: float
) -> None:
    (value,) = _database_stack(pd.Series([written], dtype=object), shipped)
    assert value == part


def test_an_engine_the_catalogue_does_not_list_stays_unknown(shipped: Registries) -> None:
    for written in ("Zorglub DB", "Sybase ASE 16", "Oracle E-Business Suite"):
        (value,) = _database_stack(pd.Series([written], dtype=object), shipped)
        assert math.isnan(value), written


def test_an_engine_is_never_an_alternative_to_a_domain_s_suites(shipped: Registries) -> None:
    """Listed under infrastructure for the metric, not as products a body could switch its
    infrastructure applications to."""
    for pid in ("oracle-database", "sql-server", "hfsql", "postgresql", "mysql", "sqlite"):
        product = shipped.products[pid]
        assert product.domains == ("infrastructure",) and not product.alternative

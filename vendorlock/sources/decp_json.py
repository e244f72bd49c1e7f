"""The shape of a DECP JSON document as msgspec decodes it (see :func:`decoder`).

Kept apart from :mod:`vendorlock.sources.decp` because msgspec reads these annotations at class
creation (no ``from __future__ import annotations`` here), and so that sniffing files never
imports msgspec: it is loaded when a JSON record file is read.
"""

from typing import Any

import msgspec


class Marche(msgspec.Struct, rename={"type_": "_type"}):
    """The fields of one record vendorlock reads; any other field is skipped while parsing.
    ``Any``: the published files write numbers as strings and 1.x and 2.x nest differently,
    which :func:`vendorlock.sources.decp._record` sorts out as for ``json.loads`` output."""

    uid: Any = None
    id: Any = None
    acheteur: Any = None
    nature: Any = None
    techniques: Any = None
    procedure: Any = None
    codeCPV: Any = None
    dureeMois: Any = None
    dateNotification: Any = None
    montant: Any = None
    titulaires: Any = None
    lieuExecution: Any = None
    modifications: Any = None
    type_: Any = None


class Wrapped(msgspec.Struct):
    """Schema 2.x: ``{"marches": {"marche": [...]}}``."""

    marche: list[Marche] = []


class Document(msgspec.Struct):
    """A DECP JSON document: 1.x ``{"marches": [...]}`` or 2.x."""

    marches: list[Marche] | Wrapped = []


def decoder() -> msgspec.json.Decoder[Document]:
    """A decoder of :class:`Document`."""
    return msgspec.json.Decoder(Document)

"""Deterministic generator of a year of public-procurement records (DECP, schema 1.x JSON).

Realistic mix, after the consolidated yearly files: about 70,000 buyers publish; a third of the
records are software or IT services (CPV 48*/72*), the rest works, supplies and services; one in
twenty is republished by a second platform without ``uid`` (same buyer SIRET + id); one in eight
carries modifications (a new amount, duration or holder); dates carry a zone offset half of the
time; CPV codes carry their check digit half of the time; holders come from a pool of companies
whose names follow the editor registry's spellings with legal forms ("BERGER-LEVRAULT SA").

    python benchmarks/gen_decp.py OUT.json [--records 200000] [--seed 2024]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

IT_CPV = [
    "48000000",
    "48440000",
    "48311000",
    "48218000",
    "48900000",
    "72267000",
    "72260000",
    "72500000",
    "72514000",
    "72212000",
    "72000000",
    "48600000",
    "72310000",
]
OTHER_CPV = [
    "45233140",
    "90910000",
    "77313000",
    "34144900",
    "09310000",
    "79710000",
    "55523100",
    "50700000",
    "71000000",
    "30192000",
    "39000000",
    "66510000",
]
EDITORS = [
    "BERGER-LEVRAULT SA",
    "Berger Levrault",
    "CIRIL GROUP SAS",
    "JVS-MAIRISTEM",
    "ARPEGE",
    "OPERIS",
    "MAARCH",
    "LIBRICIEL SCOP",
    "MICROSOFT FRANCE",
    "ORACLE FRANCE",
    "SOPRA STERIA GROUP",
    "INETUM",
    "CEGID PUBLIC",
    "ESRI FRANCE",
    "DOCAPOSTE",
    "ORANGE BUSINESS SERVICES",
    "ATOL CD",
    "3LI BUSINESS SOLUTIONS",
]
OTHERS = [
    "COLAS FRANCE",
    "EIFFAGE ROUTE",
    "ONET PROPRETE",
    "ID VERDE",
    "SODEXO",
    "ELIOR",
    "RENAULT SAS",
    "ENGIE",
    "VEOLIA EAU",
    "SUEZ",
]
PROCEDURES = [
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
]
NATURES = ["Marché", "Marché", "Marché", "Accord-cadre", "Marché subséquent"]
KINDS = ["Commune de", "Ville de", "Communauté de communes du", "Métropole de", "Département de"]
PLACES = [
    "Arcueil",
    "Rennes",
    "Lyon",
    "Nantes",
    "Lille",
    "Pessac",
    "Brest",
    "Gap",
    "Albi",
    "Dole",
    "Vannes",
    "Millau",
    "Auch",
    "Laval",
    "Niort",
    "Blois",
    "Evry",
    "Sète",
]
#: INSEE commune code of each place (the record's lieuExecution, "Code commune").
COMMUNES = {
    "Arcueil": "94003",
    "Rennes": "35238",
    "Lyon": "69123",
    "Nantes": "44109",
    "Lille": "59350",
    "Pessac": "33318",
    "Brest": "29019",
    "Gap": "05061",
    "Albi": "81004",
    "Dole": "39198",
    "Vannes": "56260",
    "Millau": "12145",
    "Auch": "32013",
    "Laval": "53130",
    "Niort": "79191",
    "Blois": "41018",
    "Evry": "91228",
    "Sète": "34301",
}


def _siret(rng: random.Random, first: str) -> str:
    return first + "".join(str(rng.randrange(10)) for _ in range(13))


def _companies(rng: random.Random, names: list[str], copies: int) -> list[tuple[str, str]]:
    out = []
    for name in names:
        siren = _siret(rng, "3")[:9]
        out += [(name, siren + f"{rng.randrange(10**5):05d}") for _ in range(copies)]
    return out


def generate(count: int, seed: int = 2024, year: int = 2024) -> dict[str, Any]:
    """``count`` records (duplicates included) as a 1.x document ``{"marches": [...]}``.

    Buyers and holders depend on ``seed`` only, so yearly files of one seed share them; the
    place of execution is the buyer's commune, except on one record in ten which gives none.
    """
    rng = random.Random(seed)
    buyers = [
        (_siret(rng, "2"), f"{rng.choice(KINDS)} {rng.choice(PLACES)}")
        for _ in range(max(count // 3, 1))
    ]
    it_holders = _companies(rng, EDITORS, 3)
    other_holders = _companies(rng, OTHERS, 3)
    if year != 2024:  # 2024 keeps the historical sequence of the benchmarks
        rng = random.Random(seed * 10_000 + year)
    records: list[dict[str, Any]] = []
    while len(records) < count:
        n = len(records)
        siret, name = buyers[rng.randrange(len(buyers))]
        it = rng.random() < 0.34
        cpv = rng.choice(IT_CPV if it else OTHER_CPV)
        if rng.random() < 0.5:
            cpv += f"-{rng.randrange(10)}"
        holder, holder_id = rng.choice(it_holders if it else other_holders)
        months = rng.choice([6, 12, 12, 24, 36, 36, 48, 48, 60])
        day = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        notified = day + ("+01:00" if rng.random() < 0.5 else "")
        cid = f"{year}{n:08d}"
        record: dict[str, Any] = {
            "_type": "Marché",
            "uid": siret + cid,
            "id": cid,
            "acheteur": {"id": siret, "nom": name},
            "nature": rng.choice(NATURES),
            "objet": "Maintenance et hébergement du progiciel" if it else "Travaux et services",
            "codeCPV": cpv,
            "procedure": rng.choice(PROCEDURES),
            "lieuExecution": {
                "code": COMMUNES[name.rsplit(" ", 1)[-1]],
                "typeCode": "Code commune",
                "nom": name.rsplit(" ", 1)[-1],
            },
            "dureeMois": months,
            "dateNotification": notified,
            "datePublicationDonnees": day,
            "montant": round(rng.lognormvariate(10.5, 1.2), 2),
            "formePrix": "Ferme",
            "titulaires": [
                {"typeIdentifiant": "SIRET", "id": holder_id, "denominationSociale": holder}
            ],
            "modifications": [],
        }
        if n % 10 == 9:
            del record["lieuExecution"]
        if rng.random() < 0.125:
            record["modifications"].append(
                {
                    "objetModification": "Avenant n°1",
                    "dateNotificationModification": "2025-03-01",
                    "datePublicationDonneesModification": "2025-03-10",
                    "montant": round(record["montant"] * 1.2, 2),
                    "dureeMois": months + 12,
                }
            )
        records.append(record)
        if rng.random() < 0.05 and len(records) < count:
            copy = {k: v for k, v in record.items() if k != "uid"}
            records.append(copy)  # republished by a second platform, without uid
    return {"marches": records}


def write(path: Path, count: int, seed: int = 2024, year: int = 2024) -> Path:
    data = generate(count, seed, year)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    write(args.out, args.records, args.seed)
    print(f"wrote {args.records} records to {args.out}")


if __name__ == "__main__":
    main()

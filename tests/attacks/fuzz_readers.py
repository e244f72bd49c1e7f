"""Bounded byte fuzzing of each inventory reader (``make fuzz``; not part of ``make test``).

Hypothesis, not atheris: atheris needs a libFuzzer build this project does not require. Each
reader gets bytes (random, or a valid file of its format with bytes flipped, cut or
inserted) and must answer with problems — never an exception, never a hang. The number of
cases per reader is ``FUZZ_EXAMPLES`` (default 200).
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attacks.corpus import ods_repeated_rows
from vendorlock.readers import load_inventory
from vendorlock.registry import load_registries

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
REGISTRIES = load_registries()


def _xlsx_seed(folder: Path) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Applications"
    ws.append(["Nom", "Éditeur", "Utilisateurs"])
    ws.append(["Paie", "Civitas", 120])
    wb.save(folder / "seed.xlsx")
    return (folder / "seed.xlsx").read_bytes()


def _ods_seed(folder: Path) -> bytes:
    return ods_repeated_rows(folder, 2).read_bytes()


CSV_SEED = "Nom;Éditeur;Utilisateurs\nPaie;Civitas;120\n".encode()


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        match draw(st.sampled_from(["flip", "cut", "insert"])):
            case "flip" if data:
                data[at] ^= 1 << draw(st.integers(0, 7))
            case "cut":
                del data[at : at + draw(st.integers(1, 64))]
            case _:
                data[at:at] = draw(st.binary(min_size=1, max_size=32))
    return bytes(data)


def _survives(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    result = load_inventory([path], REGISTRIES)  # raises only on a bug
    assert result.errors() or result.portfolio is not None


def _fuzz(suffix: str, seed: bytes, tmp: Path) -> None:
    @FUZZ
    @given(data=st.one_of(st.binary(max_size=4096), mutated(seed)))
    def run(data: bytes) -> None:
        _survives(tmp / f"fuzz{suffix}", data)

    run()


def test_fuzz_csv(tmp_path: Path) -> None:
    _fuzz(".csv", CSV_SEED, tmp_path)


def test_fuzz_xlsx(tmp_path: Path) -> None:
    _fuzz(".xlsx", _xlsx_seed(tmp_path), tmp_path)


def test_fuzz_ods(tmp_path: Path) -> None:
    _fuzz(".ods", _ods_seed(tmp_path), tmp_path)

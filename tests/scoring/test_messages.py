"""Every problem code the scoring stage raises has a message in English and French, and every
message of vendorlock/locale/scoring.yaml is used."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from vendorlock import i18n

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *(ROOT / "vendorlock" / "scoring").glob("*.py"),
    ROOT / "vendorlock" / "cli" / "rules.py",
]
CATALOGUE = yaml.safe_load((ROOT / "vendorlock" / "locale" / "scoring.yaml").read_text("utf-8"))


def _code_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)


def test_every_message_has_both_languages() -> None:
    for key, texts in CATALOGUE.items():
        assert set(texts) == {"en", "fr"}, key
        assert texts["en"].strip() and texts["fr"].strip(), key


def test_every_raised_problem_code_has_a_message() -> None:
    codes = set(re.findall(r'"((?:pack|waiver)_[a-z_]+)"', _code_text()))
    assert codes
    for code in codes:
        assert i18n.has(f"problem.{code}"), code


def test_every_scoring_message_is_used() -> None:
    text = _code_text()
    for key in CATALOGUE:
        key = key.removesuffix(".one")  # a singular form, chosen by i18n.tn with its key
        if key.startswith("problem."):
            used = f'"{key.removeprefix("problem.")}"' in text
        else:
            prefix = key.rsplit(".", 1)[0]
            used = f'"{key}"' in text or f'f"{prefix}.' in text or f'"{prefix}.{{' in text
        assert used, key

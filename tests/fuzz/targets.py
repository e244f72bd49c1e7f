"""One byte-level fuzz target per reader: what each may raise and which real files seed it.

A target writes the fuzzer's bytes to a file named like the format it reads, hands it to the
same entry point the CLI uses, and fails (raises) on anything but the answer a user gets for a
bad file: a located problem (readers, ``rules check``) or one of vendorlock's own errors (a
:class:`~vendorlock.errors.VendorlockError`, which the CLI prints as one line). Every problem's
message is rendered in French and English too, so a message missing a parameter is a finding.

The seeds are the project's realistic fixtures (tests/assets), so mutations start from files
that reach deep into each reader rather than from noise the sniffing stage refuses at once.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vendorlock.errors import ReportError, VendorlockError
from vendorlock.i18n import Lang
from vendorlock.model.problems import Problem, Severity
from vendorlock.readers import LoadOptions, load_inventory
from vendorlock.registry import Registries, load_registries
from vendorlock.reports.diff import diff_documents, load_audit_document, render_diff
from vendorlock.scoring.load import _load_pack, check_pack_file, load_pack

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "tests" / "assets"
#: The inventory whose audit seeds the ``diff`` target (small: the seed bounds libFuzzer's
#: input length, and a short document mutates faster).
AUDIT_SEED_INVENTORY = ASSETS / "inventories" / "mairie-modele-vendorlock.csv"


class Finding(AssertionError):
    """A reader answered a bad file with something a user would not get as one clear line."""


@dataclass(frozen=True)
class Target:
    """A reader under fuzz: its file name, its seeds (globs under the repository) and its check."""

    name: str
    filename: str
    seeds: tuple[str, ...]
    check: Callable[[Path], None]

    def seed_files(self, most: int | None = None) -> list[Path]:
        """The seed files, or the ``most`` smallest (a short budget is not spent reading
        large seeds)."""
        found = sorted(
            {
                p
                for pattern in self.seeds
                for p in ([Path(pattern)] if Path(pattern).is_absolute() else ROOT.glob(pattern))
                if p.is_file()
            }
        )
        if not found:
            raise FileNotFoundError(f"no seed for fuzz target {self.name}: {self.seeds}")
        if most is not None:
            found = sorted(sorted(found, key=lambda p: (p.stat().st_size, p))[:most])
        return found

    def run(self, folder: Path, data: bytes) -> None:
        """Check the reader on ``data`` written as ``folder/filename``."""
        path = folder / self.filename
        path.write_bytes(data)
        self.check(path)


@cache
def registries() -> Registries:
    return load_registries()


def _rendered(problems: Iterable[Problem], path: Path) -> None:
    """Each problem renders in both languages; each error names the file it is about."""
    for problem in problems:
        for lang in Lang:
            problem.render(lang)
        if problem.severity is Severity.ERROR and not problem.location.file:
            raise Finding(f"error without a file: {problem.render()} ({path.name})")


def check_inventory(path: Path) -> None:
    """The inventory readers and every connector routed by content (GLPI, DECP, ArchiMate,
    CycloneDX): ``load_inventory`` never raises. Read as written, or leniently (rows with errors
    set aside) when the input's last byte is odd: one read per input, both paths fuzzed.
    (A file may read empty without an error: procurement records or a suppliers export bring
    contracts or editors, no application.)"""
    data = path.read_bytes()
    lenient = bool(data) and bool(data[-1] & 1)
    result = load_inventory([path], registries(), LoadOptions(lenient=lenient))
    _rendered(result.problems, path)


def check_rules(path: Path) -> None:
    """``rules check`` lists located problems; a file it accepts loads as an overlay."""
    problems = check_pack_file(path)
    _rendered(problems, path)
    if problems:
        return
    _load_pack.cache_clear()  # keyed by (path, size, mtime): a rewrite within a tick would hit
    with contextlib.suppress(VendorlockError):
        load_pack([path])


@cache
def seed_audit() -> dict[str, Any]:
    """The audit document the ``diff`` target compares against (and mutates): a real audit."""
    from click.testing import CliRunner

    from vendorlock.cli import main

    out = Path(tempfile.mkdtemp(prefix="vendorlock-fuzz-audit-"))
    args = ["audit", str(AUDIT_SEED_INVENTORY), "--format", "json", "-o", str(out), "-q"]
    done = CliRunner().invoke(main, [*args, "--as-of", "2026-01-01"], catch_exceptions=False)
    if done.exit_code != 0:
        raise RuntimeError(f"the seed audit failed: {done.output}")
    data: dict[str, Any] = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    return data


def audit_seed_file() -> Path:
    """The seed audit written where the ``diff`` target's seed glob finds it."""
    path = Path(tempfile.gettempdir()) / "vendorlock-fuzz-seed" / "audit.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(seed_audit(), ensure_ascii=False), encoding="utf-8")
    return path


def check_diff(path: Path) -> None:
    """``diff OLD NEW``: a broken or mistyped audit is one ``ReportError``, both ways round."""
    try:
        document = load_audit_document(path)
    except ReportError:
        return
    for old, new in ((seed_audit(), document), (document, seed_audit())):
        diff = diff_documents(old, new)
        for lang in Lang:
            for fmt in ("text", "json", "md"):
                render_diff(diff, lang, fmt)  # type: ignore[arg-type]


TARGETS: tuple[Target, ...] = (
    Target(
        "xlsx",
        "inventory.xlsx",
        ("tests/assets/readers/workbook_fr.xlsx", "tests/assets/inventories/*.xlsx"),
        check_inventory,
    ),
    Target(
        "ods",
        "inventory.ods",
        ("tests/assets/readers/workbook_fr.ods", "tests/assets/inventories/*.ods"),
        check_inventory,
    ),
    Target(
        "csv",
        "inventory.csv",
        ("tests/assets/readers/flat_fr.csv", "tests/assets/inventories/*.csv"),
        check_inventory,
    ),
    Target(
        "glpi",
        "glpi.csv",
        ("tests/assets/sources/glpi/exports/*/glpi.csv", "tests/assets/inventories/glpi-*/*"),
        check_inventory,
    ),
    Target("decp-json", "decp.json", ("tests/assets/sources/decp/*.json",), check_inventory),
    Target("decp-xml", "decp.xml", ("tests/assets/sources/decp/*.xml",), check_inventory),
    Target("archimate", "model.xml", ("tests/assets/sources/archimate/*.xml",), check_inventory),
    Target(
        "cyclonedx",
        "bom.cdx.json",
        ("tests/assets/sources/cyclonedx/*.json", "tests/assets/sources/cyclonedx/*.xml"),
        check_inventory,
    ),
    Target(
        "rules",
        "rules.yaml",
        ("tests/assets/scoring/*.yaml", "tests/assets/attacks/rules-*.yaml"),
        check_rules,
    ),
    Target("diff", "audit.json", (), check_diff),
)


def target(name: str) -> Target:
    """The target called ``name`` (``diff`` gets its seed audit, made on first use)."""
    for found in TARGETS:
        if found.name == name:
            if name == "diff":
                return Target(found.name, found.filename, (str(audit_seed_file()),), found.check)
            return found
    raise KeyError(name)

"""The workbooks and the note open in a real office suite (LibreOffice, headless).

One conversion per format, all in one LibreOffice run: the xlsx, the ods and note.docx to PDF
(no error, a bounded number of pages), then the xlsx summary to CSV "as shown" (the number
formats a reader sees). CI installs LibreOffice (``.ci/run``) and sets
``VENDORLOCK_REQUIRE_OFFICE=1``, so there these tests fail rather than skip when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

if not SOFFICE and os.environ.get("VENDORLOCK_REQUIRE_OFFICE") == "1":
    raise RuntimeError("VENDORLOCK_REQUIRE_OFFICE=1 but LibreOffice (soffice) is not installed")

pytestmark = pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not installed")

#: CSV export filter: comma, quote, UTF-8, from line 1, cells "as shown", first sheet.
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1"


def convert(sources: list[Path], target: str, out: Path) -> subprocess.CompletedProcess[bytes]:
    assert SOFFICE
    return subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )


def pages(pdf: Path) -> int:
    """Pages of a PDF LibreOffice wrote (its page objects are plain dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


@pytest.fixture(scope="module")
def pdfs(written: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("office")
    sources = []
    for fmt in ("xlsx", "ods", "docx"):  # distinct stems: one PDF each
        src = out / f"report-{fmt}.{fmt}"
        shutil.copyfile(written[fmt], src)
        sources.append(src)
    done = convert(sources, "pdf", out)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    found = {fmt: out / f"report-{fmt}.pdf" for fmt in ("xlsx", "ods", "docx")}
    missing = [fmt for fmt, pdf in found.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}: {done.stderr!r}"
    return found


def test_workbooks_print_on_a_bounded_number_of_pages(pdfs: dict[str, Path]) -> None:
    # 13 sheets (an empty one says so on one row), each fitted to one page wide.
    for fmt in ("xlsx", "ods"):
        count = pages(pdfs[fmt])
        assert 13 <= count <= 20, (fmt, count)


def test_the_note_for_elected_officials_fits_two_pages(pdfs: dict[str, Path]) -> None:
    assert 1 <= pages(pdfs["docx"]) <= 2


def test_the_summary_shows_euros_percentages_and_dates(
    written: dict[str, Path], tmp_path: Path
) -> None:
    src = tmp_path / "summary.xlsx"
    shutil.copyfile(written["xlsx"], src)
    done = convert([src], CSV_AS_SHOWN, tmp_path)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    csv = next(tmp_path.glob("summary*.csv")).read_text(encoding="utf-8")
    text = re.sub(r"[\u00a0\u202f]", " ", csv)
    assert "15/06/2026" in text  # the audit date, a real date
    assert "134 500 €" in text or "134 501 €" in text  # the yearly spend, in euros
    assert "448 000 €" in text and "190 000 €" in text
    assert re.search(r"\d+,\d %", text)  # shares as percentages, French decimal comma
    assert "0.417" not in text and "15018062.3" not in text

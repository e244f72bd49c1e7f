"""The documentation's links lead somewhere and the README names real commands."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from vendorlock.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])

FENCE_RE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INLINE_CODE_RE = re.compile(r"`[^`\n]*`")
LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = ("http://", "https://", "mailto:", "ftp://")


def prose(text: str) -> str:
    """The Markdown without code blocks and inline code, where brackets are not links."""
    return INLINE_CODE_RE.sub("", FENCE_RE.sub("", text))


def links(path: Path) -> list[str]:
    return LINK_RE.findall(prose(path.read_text(encoding="utf-8")))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in ("L", "N"))
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    for match in re.finditer(
        r"^#{1,6}\s+(.+?)\s*#*$", FENCE_RE.sub("", path.read_text("utf-8")), re.M
    ):
        base = slug(INLINE_CODE_RE.sub(lambda m: m.group(0).strip("`"), match.group(1)))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def relative_links() -> list[tuple[Path, str]]:
    return [
        (doc, target) for doc in DOCS for target in links(doc) if not target.startswith(EXTERNAL)
    ]


@pytest.mark.parametrize(
    ("doc", "target"),
    relative_links(),
    ids=[f"{doc.name}->{target}" for doc, target in relative_links()],
)
def test_relative_link_points_to_an_existing_file(doc: Path, target: str) -> None:
    file_part, _, anchor = target.partition("#")
    dest = (doc.parent / file_part).resolve() if file_part else doc
    assert dest.exists(), f"{doc.relative_to(ROOT)}: link to missing file {target!r}"
    assert ROOT in dest.parents or dest == ROOT, (
        f"{doc.relative_to(ROOT)}: {target!r} leaves the repository"
    )
    if anchor and dest.suffix == ".md":
        assert anchor in anchors(dest), (
            f"{doc.relative_to(ROOT)}: no heading for anchor #{anchor} in {dest.relative_to(ROOT)}"
        )


def test_docs_have_links_to_check() -> None:
    """Guards the link pattern itself: the README links to the user guide and the CLI reference."""
    readme = links(ROOT / "README.md")
    assert "docs/user-guide.md" in readme
    assert any(target.startswith("img/") for target in links(ROOT / "docs" / "user-guide.md"))


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and cells and not set(cells[0]) <= set("-: "):
            names += re.findall(r"`([^`]+)`", cells[0])
    return names


def test_readme_commands_table_names_real_commands() -> None:
    named = readme_commands()
    assert len(named) >= 10, named
    missing = sorted(set(named) - set(main.commands))
    assert not missing, f"README's commands table names commands the CLI lacks: {missing}"


def test_every_command_is_in_the_readme_table() -> None:
    unlisted = sorted(set(main.commands) - set(readme_commands()))
    assert not unlisted, f"commands missing from README's commands table: {unlisted}"


def test_slug_follows_github() -> None:
    assert slug("vendorlock rules check") == "vendorlock-rules-check"
    assert slug("6. Read a score: points and reasons") == "6-read-a-score-points-and-reasons"
    assert slug("Les feuilles « Éditeurs »") == "les-feuilles--éditeurs-"


def test_screenshots_are_used_and_small() -> None:
    """Every picture in docs/img is shown by some page and stays small enough for the repo."""
    images = sorted((ROOT / "docs" / "img").glob("*.png"))
    assert images
    shown = {
        (doc.parent / target.partition("#")[0]).resolve() for doc in DOCS for target in links(doc)
    }
    for image in images:
        assert image.resolve() in shown, f"{image.name} is not shown by any page"
        assert image.stat().st_size < 300_000, f"{image.name} is over 300 KB"

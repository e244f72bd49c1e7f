"""A minimal DOCX (WordprocessingML) writer: paragraphs, headings, bold and highlighted runs.

Why not python-docx: a letter is a dozen paragraphs; python-docx would add a dependency (and
lxml) and a ``docProps/core.xml`` with creation dates, which breaks byte-for-byte
reproducibility. The five parts written here are what Word and LibreOffice need to open a
document: content types, package relationships, the document, its relationships and styles.
The zip is written once by :class:`vendorlock.fileio.ZipWriter` (fixed timestamps), its
members in :func:`vendorlock.fileio.normalise_zip`'s order.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from vendorlock.fileio import ZipWriter
from vendorlock.reports.cells import xml_text

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Run:
    """A piece of text; ``placeholder`` runs are highlighted so nobody sends them unfilled."""

    text: str
    bold: bool = False
    placeholder: bool = False


@dataclass(frozen=True)
class Para:
    """A paragraph of runs; ``style`` is one of Normal, Title, Heading1, Note, Small;
    ``right`` aligns it right (the sender's block and the date)."""

    runs: tuple[Run, ...]
    style: str = "Normal"
    right: bool = False


def para(*parts: str | Run, style: str = "Normal", right: bool = False) -> Para:
    """A paragraph from strings and runs."""
    return Para(tuple(p if isinstance(p, Run) else Run(p) for p in parts), style, right)


def _run_xml(run: Run) -> str:
    props = ""
    if run.bold or run.placeholder:
        props = "<w:rPr>" + ("<w:b/>" if run.bold else "")
        props += '<w:highlight w:val="yellow"/>' if run.placeholder else ""
        props += "</w:rPr>"
    lines = run.text.split("\n")
    texts = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_text(x)}</w:t>' for x in lines)
    return f"<w:r>{props}{texts}</w:r>"


def _para_xml(p: Para) -> str:
    props = f'<w:pStyle w:val="{p.style}"/>' if p.style != "Normal" else ""
    props += '<w:jc w:val="right"/>' if p.right else ""
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{''.join(_run_xml(r) for r in p.runs)}</w:p>"


STYLES = (
    XML_DECL + f'<w:styles xmlns:w="{NS_W}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans"'
    ' w:hAnsi="Liberation Sans" w:cs="Liberation Sans"/><w:sz w:val="22"/>'
    '<w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240" w:after="240"/></w:pPr>'
    '<w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200"/></w:pPr>'
    '<w:rPr><w:b/><w:sz w:val="23"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="4"'
    ' w:color="C00000"/><w:bottom w:val="single" w:sz="4" w:space="4" w:color="C00000"/>'
    '</w:pBdr></w:pPr><w:rPr><w:i/><w:color w:val="C00000"/><w:sz w:val="20"/></w:rPr>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="60"/></w:pPr>'
    '<w:rPr><w:color w:val="555555"/><w:sz w:val="18"/></w:rPr></w:style></w:styles>'
)


def docx_bytes(paragraphs: Sequence[Para], lang: str = "fr-FR") -> bytes:
    """The complete .docx file of ``paragraphs`` (A4 page, 2 cm margins)."""
    body = "".join(_para_xml(p) for p in paragraphs)
    sect = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134"'
        ' w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
    )
    parts = {
        "[Content_Types].xml": XML_DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
        "_rels/.rels": XML_DECL
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>",
        "word/_rels/document.xml.rels": XML_DECL
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "word/styles.xml": STYLES.replace("fr-FR", lang),
        "word/document.xml": XML_DECL
        + f'<w:document xmlns:w="{NS_W}"><w:body>{body}{sect}</w:body></w:document>',
    }
    buf = io.BytesIO()
    first = "[Content_Types].xml"
    with ZipWriter(buf) as zf:
        for name in (first, *sorted(n for n in parts if n != first)):
            zf.add(name, parts[name])
    return buf.getvalue()

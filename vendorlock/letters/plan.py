"""Which letters the audit calls for, and what each says: one per contract falling due.

Read from the audit document only (nothing is re-scored): a contract is due when the decision
date of one of its applications falls in the window [as-of, before). The recommended action
decides the letter's requests — notice of non-renewal when the contract renews tacitly and the
audit says to renegotiate or pool the purchase; the clauses the audit lists; a full data
export always — and each request carries its legal basis.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from vendorlock.i18n import Lang, t
from vendorlock.letters.docx import Para, Run, docx_bytes, para

#: Hosting that makes the service a "data processing service" in the Data Act's sense (art. 2(8)):
#: delivered by the editor or a cloud provider, on demand, over the network.
DATA_PROCESSING_HOSTING = frozenset({"editor_saas", "third_party_cloud"})
#: Days between sending a registered letter and its receipt, kept as a margin before deadlines.
POSTAL_MARGIN_DAYS = 15
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Letter:
    """One letter: a contract of one body, to its editor."""

    org_id: str
    org_name: str
    contract_id: str
    editor: str
    applications: tuple[str, ...]
    contract_end: str | None
    notice_months: float | None
    decision_date: str
    notice_deadline: str | None
    send_by: str
    kind: str
    tacit: bool
    non_renewal: bool
    clauses: tuple[str, ...]
    data_processing: bool
    annual_cost: float | None
    level: str
    score: float

    @property
    def file_name(self) -> str:
        return f"{_UNSAFE.sub('_', self.org_id)}_{_UNSAFE.sub('_', self.contract_id)}.docx"


def _minus_months(day: date, months: float) -> date:
    whole = int(months)
    month = day.month - whole
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            out = date(year, month, d)
            break
        except ValueError:
            continue
    return out - timedelta(days=round((months - whole) * 30))


def letter_plan(doc: Mapping[str, Any], before: date, lang: Lang) -> list[Letter]:
    """The letters due between the audit date and ``before``, sorted by send-by date."""
    start = doc["as_of"]
    end = before.isoformat()
    names = {o["org_id"]: o["name"] for o in doc["organisations"]}
    by_contract: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for a in doc["applications"]:
        due = a.get("decision_date")
        if a.get("contract_id") and due and start <= due < end:
            by_contract.setdefault((a["org_id"], a["contract_id"]), []).append(a)
    out = [_letter(names.get(k[0], k[0]), apps) for k, apps in by_contract.items()]
    return sorted(out, key=lambda x: (x.send_by, x.org_id, x.contract_id))


def _letter(org_name: str, apps: Sequence[Mapping[str, Any]]) -> Letter:
    apps = sorted(apps, key=lambda a: (-a["score"], a["app_id"]))
    lead = apps[0]  # the most locked-in application decides the letter's tone
    notice = lead.get("metrics", {}).get("notice_months")
    tacit = any(a.get("metrics", {}).get("tacit_renewal") == 1.0 for a in apps)
    end = lead.get("contract_end")
    deadline = (
        _minus_months(date.fromisoformat(end), float(notice))
        if end and notice is not None
        else None
    )
    decision = min(a["decision_date"] for a in apps)
    send_by = (deadline - timedelta(days=POSTAL_MARGIN_DAYS)).isoformat() if deadline else decision
    actions = [a.get("action") or {} for a in apps]
    kinds = {str(x.get("kind", "keep")) for x in actions}
    kind = next((k for k in ("renegotiate", "pool") if k in kinds), "keep")
    clauses = sorted({str(c) for x in actions for c in x.get("clauses", [])})
    return Letter(
        org_id=lead["org_id"],
        org_name=org_name,
        contract_id=lead["contract_id"],
        editor=lead["editor"] or lead["editor_id"],
        applications=tuple(sorted(str(a["name"] or a["app_id"]) for a in apps)),
        contract_end=end,
        notice_months=notice,
        decision_date=decision,
        notice_deadline=deadline.isoformat() if deadline else None,
        send_by=send_by,
        kind=kind,
        tacit=tacit,
        non_renewal=tacit and kind != "keep",
        clauses=tuple(clauses),
        data_processing=any(a.get("hosting") in DATA_PROCESSING_HOSTING for a in apps),
        annual_cost=lead.get("annual_cost"),
        level=lead["level"],
        score=lead["score"],
    )


def _ph(key: str, lang: Lang) -> Run:
    return Run(t(f"letters.ph.{key}", lang), placeholder=True)


def letter_paragraphs(letter: Letter, lang: Lang) -> list[Para]:
    """The letter's text: header blocks, object, references, requests with legal bases."""
    L = letter
    end, deadline = long_date(L.contract_end, lang), long_date(L.notice_deadline or L.send_by, lang)
    send_by = long_date(L.send_by, lang)
    apps = ", ".join(L.applications)
    ps: list[Para] = [
        para(t("letters.model_note", lang), style="Note"),
        para(L.org_name + "\n", _ph("sender_address", lang)),
        para(L.editor + "\n", _ph("editor_address", lang), right=True),
        para(t("letters.place_date", lang), _ph("date", lang), right=True),
        para(t("letters.registered", lang), style="Normal"),
        para(t(f"letters.object.{_object(L)}", lang, contract=L.contract_id), style="Title"),
        para(t("letters.references", lang), style="Heading1"),
        para(t("letters.ref.contract", lang, contract=L.contract_id)),
        para(t("letters.ref.applications", lang, apps=apps)),
        para(t("letters.ref.end", lang, end=end)),
    ]
    if L.notice_months is not None:
        ps.append(para(t("letters.ref.notice", lang, months=_months(L.notice_months))))
    ps.append(para(t("letters.ref.your_ref", lang), _ph("editor_reference", lang)))
    ps.append(para(t("letters.salutation", lang)))
    ps.append(para(t("letters.intro", lang, org=L.org_name, contract=L.contract_id)))
    n = 0
    if L.non_renewal:
        n += 1
        ps.append(para(t("letters.nonrenewal.title", lang, n=n), style="Heading1"))
        ps.append(
            para(
                t(
                    "letters.nonrenewal.text",
                    lang,
                    end=end,
                    deadline=deadline,
                )
            )
        )
        ps.append(
            para(Run(t("letters.basis", lang), bold=True), t("letters.nonrenewal.basis", lang))
        )
    if L.clauses:
        n += 1
        ps.append(para(t("letters.clauses.title", lang, n=n), style="Heading1"))
        ps.append(para(t("letters.clauses.text", lang)))
        ps.extend(para("– " + c) for c in L.clauses)
        ps.append(para(Run(t("letters.basis", lang), bold=True), t("letters.clauses.basis", lang)))
    n += 1
    ps.append(para(t("letters.export.title", lang, n=n), style="Heading1"))
    ps.append(para(t("letters.export.text", lang)))
    basis = t("letters.export.basis_gdpr", lang)
    if L.data_processing:
        basis += " " + t("letters.export.basis_data_act", lang)
    ps.append(para(Run(t("letters.basis", lang), bold=True), basis))
    ps.append(para(t("letters.reply_by", lang, date=deadline)))
    ps.append(para(t("letters.closing", lang)))
    ps.append(para(_ph("signatory", lang), right=True))
    if L.notice_deadline:
        note = t("letters.send_by", lang, date=send_by, margin=POSTAL_MARGIN_DAYS)
    else:
        note = t("letters.send_by_decision", lang, date=send_by)
    ps.append(para(note, style="Note"))
    return ps


def long_date(iso: str | None, lang: Lang) -> str:
    """``2027-01-25`` as a letter writes it: "25 janvier 2027" / "25 January 2027"."""
    if not iso:
        return "?"
    day = date.fromisoformat(iso)
    month = t("letters.months", lang).split(",")[day.month - 1]
    first = "1er" if day.day == 1 and lang == Lang.FR else str(day.day)
    return f"{first} {month} {day.year}"


def _object(letter: Letter) -> str:
    if letter.non_renewal:
        return "nonrenewal"
    return "clauses" if letter.clauses else "export"


def _months(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def write_letter(letter: Letter, lang: Lang) -> bytes:
    """The letter as a .docx file."""
    return docx_bytes(letter_paragraphs(letter, lang), "fr-FR" if lang == Lang.FR else "en-GB")

"""The contact office, the hand-off to staff, and the scheme itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.answer.common import (
    LIST_ALL,
    contact_block,
    contact_block_en,
    contact_suggestions,
    mail_sentence,
)
from bot.core.intents import ContactPart, Decision
from bot.core.types import Reply
from bot.knowledge.models import KnowledgeBase


def contact(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    reply = _contact_en(kb, d) if d.english else _contact(kb, d)
    if d.check is not None:  # 「メールで問い合わせできますか?」
        return replace(reply, text=("Yes. " if d.english else "はい、できます。") + reply.text)
    return reply


def _contact(kb: KnowledgeBase, d: Decision) -> Reply:
    c = kb.city.contact
    parts = set(d.contact_parts) or {ContactPart.ALL}
    about = ""
    if d.plans:
        about = "「" + "」「".join(kb.plan(p).title for p in d.plans) + "」についての"
    unnamed = ""
    if ContactPart.STAFF in parts:
        # a name the page does not give: said so, and the office that can be asked
        unnamed = "担当者のお名前は、市のページには掲載されていません。"
        parts = (parts - {ContactPart.STAFF}) or {ContactPart.ALL}
    if ContactPart.ALL in parts or ContactPart.OFFICE in parts:
        text = f"{unnamed}{about}お問い合わせ先は、{kb.city.office}です。\n{contact_block(kb)}"
        return Reply(text, "contact", d.plans, contact_suggestions(), ("city.contact",))
    lines: list[str] = []
    # In the order a letter is addressed: postal code, address, phone, fax, mail.
    if ContactPart.POSTAL in parts and ContactPart.ADDRESS not in parts:
        lines.append(f"郵便番号は 〒{c.postal_code} です（所在地: {c.address}）。")
    if ContactPart.ADDRESS in parts:
        lines.append(f"所在地は 〒{c.postal_code} {c.address} です。")
    if ContactPart.PHONE in parts:
        lines.append(f"電話番号は {c.phone} です。")
    if ContactPart.FAX in parts:
        lines.append(f"ファックス番号は {c.fax} です。")
    if ContactPart.MAIL in parts:
        lines.append(mail_sentence(kb))
    if ContactPart.HOURS in parts:
        lines.append(
            f"受付時間は、{c.hours}です。"
            if c.hours
            else "受付時間は、このボットの情報源（市のページ）には記載がありません。"
            "お手数ですが、お電話でご確認ください。"
        )
    head = f"{unnamed}{about}お問い合わせ先（{kb.city.office}）の"
    return Reply(
        head + "".join(lines).replace("。", "。\n").rstrip(),
        "contact",
        d.plans,
        contact_suggestions(),
        tuple(f"city.contact.{p.value}" for p in sorted(parts)),
    )


def _contact_en(kb: KnowledgeBase, d: Decision) -> Reply:
    c = kb.city.contact
    en = kb.city.english
    parts = set(d.contact_parts) or {ContactPart.ALL}
    office = en.office if en else kb.city.office
    unnamed = ""
    if ContactPart.STAFF in parts:
        unnamed = "The city's page does not give the name of the person in charge. "
        parts = (parts - {ContactPart.STAFF}) or {ContactPart.ALL}
    if ContactPart.ALL in parts or ContactPart.OFFICE in parts:
        text = unnamed + "Please contact:\n" + contact_block_en(kb)
        return Reply(text, "contact", d.plans, contact_suggestions(), ("city.contact",))
    lines = []
    if ContactPart.POSTAL in parts or ContactPart.ADDRESS in parts:
        address = en.address if en else c.address
        lines.append(f"Address: 〒{c.postal_code} {address} ({c.address})")
    if ContactPart.PHONE in parts:
        lines.append(f"Phone: {c.phone}")
    if ContactPart.FAX in parts:
        lines.append(f"Fax: {c.fax}")
    if ContactPart.MAIL in parts:
        lines.append(
            f"Mail: {c.mail_form.url}"
            if c.mail_form.url
            else (f"Mail: the contact form linked on the city's page (「{c.mail_form.label}」); "
                  "no e-mail address is given")
        )
    if ContactPart.HOURS in parts:
        lines.append(
            f"Hours: {c.hours}"
            if c.hours
            else "Office hours are not on the city's page; please ask by phone."
        )
    text = unnamed + f"{office} ({kb.city.office}):\n" + "\n".join(lines)
    return Reply(
        text,
        "contact",
        d.plans,
        contact_suggestions(),
        tuple(f"city.contact.{p.value}" for p in sorted(parts)),
    )


def handoff(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    """Without a staff side (the command line): the office's own contact details."""
    if d.english:
        text = "To ask a member of staff, please contact:\n" + contact_block_en(kb)
    else:
        office = kb.city.office
        text = f"担当者へのお問い合わせは、{office}で承っています。\n{contact_block(kb)}"
    return Reply(text, "handoff", d.plans, contact_suggestions(), ("city.contact",))


def scheme(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    s = kb.city.scheme
    en = kb.city.english
    if d.english and en is not None:
        name = en.scheme_name[:1].upper() + en.scheme_name[1:]
        text = (
            f"{name} is {en.scheme_description}\n"
            f"{en.city} drew up its regional revitalization plans under {en.law}, and they "
            f"were certified by {en.certified_by}. The city has {len(kb.plans)} plans."
        )
    else:
        more = f"（{s.more_info_url}）" if s.more_info_url else ""
        text = (
            f"{s.name}とは、{s.description}\n"
            f"{kb.city.name}は、{s.law}に基づいて地域再生計画を作成し、{s.certified_by}の認定を"
            f"受けています。市の計画は{len(kb.plans)}件あります。\n"
            f"制度について詳しくは、{s.more_info}{more}をご覧ください。"
        )
    return Reply(text, "scheme", (), (LIST_ALL,), ("city.scheme",))


def document(kb: KnowledgeBase, d: Decision, today: dt.date) -> Reply:
    """「計画の詳しい中身ってどこで見れるの」: each plan's file, linked on the page."""
    source, c = kb.city.source, kb.city.contact
    where = f"\nページ: {source.url}" if source.url else ""
    if d.english:
        en = kb.city.english
        office = en.office if en else kb.city.office
        text = (
            "Each plan's detailed file is linked under it on the city's page on these plans."
            f"{where.replace('ページ', ' Page')} This bot answers from what the page itself says "
            f"(dates, period, summary, partners); for anything more, ask {office} "
            f"(phone: {c.phone})."
        )
    else:
        said = source.plan_files
        quote = f"ページには各計画の下に「{said}」とあります。" if said else ""
        text = (
            f"各計画の詳細は、{source.publisher}のホームページの地域再生計画のページで、"
            f"それぞれの計画の欄にあるファイルでご覧いただけます。{quote}{where}\n"
            "このボットでは、ページに書かれている認定日・計画期間・概要などをお答えしています。"
            f"それ以外のことは、{kb.city.office}（電話: {c.phone}）へお問い合わせください。"
        )
    return Reply(text, "document", (), (LIST_ALL,), ("city.source",))

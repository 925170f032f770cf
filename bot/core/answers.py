"""Turn a Decision into a Reply: polite Japanese built only from the knowledge
base, plus the suggestions adapters show as buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from bot.core import phrases as ph
from bot.core.inquiry import ASK_STAFF
from bot.core.intents import (
    AggregateKind,
    AggregateQuery,
    ContactPart,
    DateFilter,
    DateRole,
    Decision,
    Field,
    Social,
)
from bot.core.types import Reply, Suggestion
from bot.knowledge.models import KnowledgeBase, PageStatus, Plan

# Longest list an answer prints; a prefecture's knowledge base may hold thousands.
LIST_LIMIT = 10
LABEL_LIMIT = 20  # LINE quick-reply labels

FIELD_NAMES: dict[Field, str] = {
    Field.CERTIFIED: "認定日",
    Field.ROUND: "認定の回",
    Field.CHANGES: "変更日",
    Field.PERIOD: "計画期間",
    Field.STATUS: "実施状況",
    Field.SUMMARY: "概要",
    Field.PARTNERS: "連携する市町",
    Field.CONTACT: "問い合わせ先",
    Field.OVERVIEW: "内容",
    Field.DATES: "認定日と計画期間",
}
# The question a suggestion button asks for each field.
FIELD_QUESTIONS: dict[Field, str] = {
    Field.CERTIFIED: "の認定日",
    Field.CHANGES: "の変更日",
    Field.PERIOD: "の計画期間",
    Field.STATUS: "は実施中?",
    Field.SUMMARY: "の概要",
    Field.PARTNERS: "の連携する市町",
    Field.OVERVIEW: "について",
}


class Answerer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def answer(self, decision: Decision, today: dt.date) -> Reply:
        handler: Callable[[Decision, dt.date], Reply] = getattr(
            self, f"_{decision.intent}", self._out_of_scope
        )
        return handler(decision, today)

    # -- one plan's facts --------------------------------------------------------------

    def _plan(self, d: Decision, today: dt.date) -> Reply:
        plans = [self.kb.plan(pid) for pid in d.plans]
        within = d.aggregate.dates if d.aggregate is not None else ()
        parts = []
        for plan in plans:
            texts = []
            for f in d.fields:
                if f is Field.CHANGES and within:
                    texts.append(self._changes_within(plan, within[0], d.western))
                else:
                    texts.append(self._field_text(plan, f, today, d.western))
            parts.append("\n".join(texts))
        fields = [f.value for f in d.fields]
        return Reply(
            text="\n\n".join(parts),
            intent=f"plan.{'+'.join(fields)}",
            plans=tuple(p.id for p in plans),
            suggestions=self._plan_suggestions(plans[0], d.fields),
            facts=tuple(f"{p.id}.{f}" for p in plans for f in fields),
        )

    def _field_text(self, plan: Plan, field: Field, today: dt.date, en: bool) -> str:
        t = f"「{plan.title}」"
        cert = plan.certification
        cert_date = ph.date_ja(cert.date, en)
        period = plan.period
        if field is Field.CERTIFIED:
            return f"{t}は第{cert.round}回の認定で、認定日は{cert_date}です。"
        if field is Field.ROUND:
            return f"{t}は、第{cert.round}回の認定です（認定日: {cert_date}）。"
        if field is Field.CHANGES:
            if not plan.changes:
                return (
                    f"{t}に変更はありません。{cert_date}に認定されてから、"
                    "変更日の記載はありません。"
                )
            dates = ph.bullet_lines(ph.date_ja(c, en) for c in plan.changes)
            last = ph.date_ja(plan.changes[-1], en)
            return (
                f"{t}は、認定後に{len(plan.changes)}回変更されています。\n{dates}\n"
                f"最後の変更は{last}です。"
            )
        if field is Field.PERIOD:
            start = ph.date_ja(period.start, en)
            note = "（認定日）" if period.start == cert.date else ""
            length = ph.duration_ja(period.start, period.end)
            return (
                f"{t}の計画期間は、{start}{note}から{ph.date_ja(period.end, en)}までの"
                f"{length}です。{self._status_sentence(plan, today, en, short=True)}"
            )
        if field is Field.STATUS:
            return t + "は、" + self._status_sentence(plan, today, en, short=False)
        if field is Field.SUMMARY:
            return f"{t}の概要は次のとおりです。\n{plan.summary}"
        if field is Field.PARTNERS:
            if plan.partners:
                note = (
                    f"{plan.partnership}です。"
                    if plan.partnership
                    else "複数の市町による計画です。"
                )
                return f"{t}は、{note}\n連携する市町: {ph.join_ja(plan.partners)}"
            return (
                f"{t}は{self.kb.city.name}の計画です。市のページには、ほかの市町との連携についての"
                "記載はありません。"
            )
        if field is Field.CONTACT:
            return f"{t}についてのお問い合わせ先は次のとおりです。\n" + self._contact_block()
        if field is Field.DATES:
            return (
                f"{t}は、{cert_date}に第{cert.round}回の認定を受けました。計画期間は"
                f"{ph.date_ja(period.start, en)}から{ph.date_ja(period.end, en)}までです。"
                + self._status_sentence(plan, today, en, short=True)
            )
        return self._overview(plan, today, en)

    def _changes_within(self, plan: Plan, span: DateFilter, en: bool) -> str:
        """「平成29年には何回変更?」: the changes inside the span asked about."""
        when = ph.date_ja(span.first, en) if span.is_day else span.text
        changes = [c for c in plan.changes if span.first <= c <= span.last]
        if not changes:
            return f"「{plan.title}」は、{when}には変更されていません。"
        dates = "、".join(ph.date_ja(c, en) for c in changes)
        return f"「{plan.title}」は、{when}に{len(changes)}回変更されています（{dates}）。"

    def _overview(self, plan: Plan, today: dt.date, en: bool) -> str:
        cert = plan.certification
        changes = "、".join(ph.date_ja(c, en) for c in plan.changes) if plan.changes else "なし"
        lines = [
            f"「{plan.title}」についてお答えします。",
            f"・認定日: {ph.date_ja(cert.date, en)}（第{cert.round}回認定）",
            f"・変更日: {changes}",
            f"・計画期間: {ph.date_ja(plan.period.start, en)}から"
            f"{ph.date_ja(plan.period.end, en)}まで（{self._status_word(plan, today)}）",
        ]
        if plan.partners:
            lines.append(f"・連携する市町: {ph.join_ja(plan.partners)}")
        lines.append(f"・概要: {plan.summary}")
        return "\n".join(lines)

    def _status_word(self, plan: Plan, today: dt.date) -> str:
        if today > plan.period.end:
            return "終了"
        if today < plan.period.start:
            return "開始前"
        return "実施中"

    def _status_sentence(self, plan: Plan, today: dt.date, en: bool, short: bool) -> str:
        end = ph.date_ja(plan.period.end, en)
        now = ph.date_ja(today)
        if today > plan.period.end:
            if short:
                return "計画期間はすでに終了しています。"
            sentence = f"計画期間が{end}までのため、すでに終了しています（{now}現在）。"
            if plan.status is PageStatus.CURRENT:
                sentence += (
                    "市のページでは計画の一覧に掲載されていますが、計画期間は終了しています。"
                )
            return sentence
        if today < plan.period.start:
            return f"計画期間は{ph.date_ja(plan.period.start, en)}から始まる予定です。"
        if short:
            return f"{now}現在、実施中です。"
        return f"{now}現在、実施中です。計画期間は{end}までです。"

    def _plan_suggestions(self, plan: Plan, asked: Sequence[Field]) -> tuple[Suggestion, ...]:
        label = self._label(plan)
        order = [Field.PERIOD, Field.SUMMARY, Field.CHANGES, Field.CERTIFIED, Field.STATUS]
        if plan.partners:
            order.insert(2, Field.PARTNERS)
        picks = [f for f in order if f not in asked][:3]
        out = [Suggestion(_clip(FIELD_NAMES[f]), f"{label}{FIELD_QUESTIONS[f]}") for f in picks]
        out.append(Suggestion("問い合わせ先", "問い合わせ先を教えて"))
        out.append(Suggestion("計画の一覧", "計画の一覧"))
        return tuple(out)

    def _label(self, plan: Plan) -> str:
        names = self.kb.aliases_of(plan.id).names
        return _clip(names[0] if names else plan.title)

    # -- which plan? -------------------------------------------------------------------

    def _clarify(self, d: Decision, today: dt.date) -> Reply:
        ids = d.candidates or tuple(p.id for p in self.kb.plans)
        plans = [self.kb.plan(pid) for pid in ids]
        shown = plans[:LIST_LIMIT]
        field = d.fields[0] if d.fields else None
        what = FIELD_NAMES[field] if field and field is not Field.OVERVIEW else None
        if d.candidates:
            head = f"当てはまる計画が{len(plans)}件あります。どの計画についてのご質問でしょうか。"
        elif what:
            head = f"どの計画の{what}についてのご質問でしょうか。"
        else:
            head = "どの計画についてのご質問でしょうか。"
        lines = []
        for n, plan in enumerate(shown, 1):
            brief = self._brief(plan, field, today, d.western)
            lines.append(f"{n}. {plan.title}" + (f"\n　{brief}" if brief else ""))
        more = f"\nほかに{len(plans) - len(shown)}件あります。" if len(plans) > len(shown) else ""
        tail = "計画の名前か番号を送ってください。下のボタンからも選べます。"
        ask = FIELD_QUESTIONS.get(field, "について") if field else "について"
        return Reply(
            text=f"{head}\n" + "\n".join(lines) + more + "\n" + tail,
            intent="clarify",
            plans=tuple(p.id for p in shown),
            suggestions=tuple(Suggestion(self._label(p), f"{self._label(p)}{ask}") for p in shown),
        )

    def _did_you_mean(self, d: Decision, today: dt.date) -> Reply:
        reply = self._clarify(d, today)
        plans = [self.kb.plan(pid) for pid in d.candidates]
        names = "\n".join(f"・{p.title}" for p in plans)
        return Reply(
            text=f"お探しの計画は、次のどれかでしょうか。\n{names}\n下のボタンからお選びください。",
            intent="did_you_mean",
            plans=reply.plans,
            suggestions=(*reply.suggestions, ASK_STAFF),
        )

    def _brief(self, plan: Plan, field: Field | None, today: dt.date, en: bool) -> str:
        """One line of the asked field, so a list of candidates already answers."""
        cert = plan.certification
        if field in (Field.CERTIFIED, Field.ROUND):
            return f"認定日: {ph.date_ja(cert.date, en)}（第{cert.round}回）"
        if field is Field.CHANGES:
            if not plan.changes:
                return "変更: なし"
            return f"変更: {len(plan.changes)}回（最後は{ph.date_ja(plan.changes[-1], en)}）"
        if field in (Field.PERIOD, Field.DATES, Field.STATUS):
            return (
                f"計画期間: {ph.date_ja(plan.period.start, en)}から"
                f"{ph.date_ja(plan.period.end, en)}まで（{self._status_word(plan, today)}）"
            )
        if field is Field.PARTNERS:
            return f"連携: {ph.join_ja(plan.partners)}" if plan.partners else "連携: 記載なし"
        return ""

    # -- all plans ------------------------------------------------------------------------

    def _aggregate(self, d: Decision, today: dt.date) -> Reply:
        q = d.aggregate or AggregateQuery()
        matching = [p for p in self.kb.plans if _matches(p, q, today)]
        described = _describe_filter(q)
        if not matching:
            return Reply(
                text=self._none_found(q, described, today),
                intent=f"aggregate.{q.kind.value}",
                suggestions=(Suggestion("計画の一覧", "計画の一覧"),),
            )
        picked = _superlative(matching, q.kind)
        field = q.fields[0] if q.fields else None
        if q.kind in (AggregateKind.LIST, AggregateKind.COUNT):
            head = self._list_head(q, described, matching, today)
        else:
            head = _SUPERLATIVE_HEADS[q.kind].format(scope=described or "")
        shown = picked[:LIST_LIMIT]
        lines = []
        for plan in shown:
            brief = self._brief(plan, field, today, d.western) or self._default_brief(
                plan, q, today, d.western
            )
            lines.append(f"・{plan.title}\n　{brief}")
        more = f"\nほかに{len(picked) - len(shown)}件あります。" if len(picked) > len(shown) else ""
        return Reply(
            text=head + "\n" + "\n".join(lines) + more,
            intent=f"aggregate.{q.kind.value}",
            plans=tuple(p.id for p in shown),
            suggestions=tuple(
                Suggestion(self._label(p), f"{self._label(p)}について") for p in shown[:LIST_LIMIT]
            ),
        )

    def _list_head(
        self, q: AggregateQuery, described: str, matching: list[Plan], today: dt.date
    ) -> str:
        n = len(matching)
        if described:
            return f"{described}計画は{n}件です。"
        ended_on_page = sum(1 for p in matching if p.status is PageStatus.ENDED)
        head = f"市のページに掲載されている地域再生計画は{n}件です"
        head += (
            f"（うち{ended_on_page}件は「終了した計画」として掲載）。" if ended_on_page else "。"
        )
        if all(today > p.period.end for p in matching):
            head += f"なお、{ph.date_ja(today)}現在、すべての計画の計画期間が終了しています。"
        return head

    def _default_brief(self, plan: Plan, q: AggregateQuery, today: dt.date, en: bool) -> str:
        cert = plan.certification
        roles = {f.role for f in q.dates}
        if DateRole.ANY in roles:
            f = next(f for f in q.dates if f.role is DateRole.ANY)
            happened = _events_within(plan, f.first, f.last)
            return "、".join(f"{ph.date_ja(day, en)} {what}" for day, what in happened)
        if (
            q.kind in _BY_PERIOD
            or roles & {DateRole.ENDS, DateRole.STARTS, DateRole.RUNNING}
            or q.status
        ):
            return self._brief(plan, Field.PERIOD, today, en)
        if DateRole.CHANGED in roles or q.kind is AggregateKind.MOST_CHANGES or q.unchanged:
            return self._brief(plan, Field.CHANGES, today, en)
        return (
            f"認定日: {ph.date_ja(cert.date, en)}（第{cert.round}回）、計画期間: "
            f"{ph.date_ja(plan.period.end, en)}まで（{self._status_word(plan, today)}）"
        )

    def _none_found(self, q: AggregateQuery, described: str, today: dt.date) -> str:
        if q.status == "running" and not q.dates:
            last = max(self.kb.plans, key=lambda p: p.period.end, default=None)
            text = f"{ph.date_ja(today)}現在、計画期間中の地域再生計画はありません。"
            if last is not None:
                text += (
                    f"最後に計画期間が終了したのは「{last.title}」で、"
                    f"{ph.date_ja(last.period.end)}に終了しました。"
                )
            return text
        return f"{described or '条件に'}当てはまる計画はありません。"

    # -- the office, the scheme, small talk -------------------------------------------------------

    def _contact(self, d: Decision, today: dt.date) -> Reply:
        c = self.kb.city.contact
        parts = set(d.contact_parts) or {ContactPart.ALL}
        about = ""
        if d.plans:
            about = "「" + "」「".join(self.kb.plan(p).title for p in d.plans) + "」についての"
        lines: list[str] = []
        if ContactPart.ALL in parts or ContactPart.OFFICE in parts:
            text = f"{about}お問い合わせ先は、{self.kb.city.office}です。\n{self._contact_block()}"
            return Reply(text, "contact", d.plans, _contact_suggestions(), ("city.contact",))
        if ContactPart.PHONE in parts:
            lines.append(f"電話番号は {c.phone} です。")
        if ContactPart.FAX in parts:
            lines.append(f"ファックス番号は {c.fax} です。")
        if ContactPart.POSTAL in parts or ContactPart.ADDRESS in parts:
            lines.append(f"所在地は 〒{c.postal_code} {c.address} です。")
        if ContactPart.MAIL in parts:
            lines.append(self._mail_sentence())
        if ContactPart.HOURS in parts:
            lines.append(
                f"受付時間は、{c.hours}です。"
                if c.hours
                else "受付時間は、このボットの情報源（市のページ）には記載がありません。"
                "お手数ですが、お電話でご確認ください。"
            )
        head = f"{about}お問い合わせ先（{self.kb.city.office}）の"
        return Reply(
            head + "".join(lines).replace("。", "。\n").rstrip(),
            "contact",
            d.plans,
            _contact_suggestions(),
            tuple(f"city.contact.{p.value}" for p in parts),
        )

    def _contact_block(self) -> str:
        c = self.kb.city.contact
        return (
            f"{self.kb.city.office}\n〒{c.postal_code} {c.address}\n電話: {c.phone}\n"
            f"ファックス: {c.fax}\n{self._mail_sentence()}"
        )

    def _mail_sentence(self) -> str:
        form = self.kb.city.contact.mail_form
        if form.url:
            return f"メールでのお問い合わせは、お問い合わせフォーム（{form.url}）からお願いします。"
        return f"メールでのお問い合わせは、市のページの「{form.label}」のフォームからお願いします。"

    def _scheme(self, d: Decision, today: dt.date) -> Reply:
        s = self.kb.city.scheme
        more = f"（{s.more_info_url}）" if s.more_info_url else ""
        text = (
            f"{s.name}とは、{s.description}\n"
            f"{self.kb.city.name}は、{s.law}に基づいて地域再生計画を作成し、{s.certified_by}の認定を"
            f"受けています。市の計画は{len(self.kb.plans)}件あります。\n"
            f"制度について詳しくは、{s.more_info}{more}をご覧ください。"
        )
        return Reply(
            text, "scheme", (), (Suggestion("計画の一覧", "計画の一覧"),), ("city.scheme",)
        )

    def _social(self, d: Decision, today: dt.date) -> Reply:
        if d.social is Social.THANKS:
            return Reply(
                "どういたしまして。ほかにもご質問があれば、お気軽にどうぞ。",
                "thanks",
                suggestions=self.examples(),
            )
        if d.social is Social.BYE:
            return Reply("ご利用ありがとうございました。またいつでもご質問ください。", "bye")
        if d.social is Social.HELP:
            return self.help()
        return self.greeting()

    def greeting(self) -> Reply:
        text = (
            f"こんにちは。{self.kb.city.name}の地域再生計画についてお答えするボットです。\n"
            + self._capabilities()
        )
        return Reply(text, "greeting", suggestions=self.examples())

    def help(self) -> Reply:
        text = (
            f"このボットでは、{self.kb.city.name}の地域再生計画についてお答えしています。\n"
            + self._capabilities()
        )
        return Reply(text, "help", suggestions=self.examples())

    def _capabilities(self) -> str:
        # Plan names go on the buttons only: this text is also the answer to
        # empty or unreadable input, which is about no plan.
        return (
            "各計画の認定日（第何回の認定か）・変更日・計画期間・実施状況・概要・連携する市町、"
            "計画の一覧、お問い合わせ先などをご質問ください。\n"
            "例えば「計画の一覧」「（計画の名前）の計画期間は?」「問い合わせ先」のように"
            "聞いてみてください。下のボタンからも質問できます。"
        )

    def examples(self) -> tuple[Suggestion, ...]:
        """Example questions built from the knowledge base, not written in code."""
        plans = list(self.kb.plans)
        out = [Suggestion("計画の一覧", "計画の一覧を見せて")]
        if plans:
            out.append(
                Suggestion(
                    _clip(f"{self._label(plans[0])}の期間"), f"{self._label(plans[0])}の計画期間は?"
                )
            )
        if len(plans) > 1:
            out.append(
                Suggestion(
                    _clip(f"{self._label(plans[1])}の認定日"),
                    f"{self._label(plans[1])}はいつ認定された?",
                )
            )
        out.append(Suggestion("問い合わせ先", "問い合わせ先を教えて"))
        out.append(Suggestion("地域再生制度とは", "地域再生制度とは?"))
        return tuple(out)

    def _empty(self, d: Decision, today: dt.date) -> Reply:
        return Reply(
            "ご質問を入力してください。\n" + self._capabilities(),
            "empty",
            suggestions=self.examples(),
        )

    def _handoff(self, d: Decision, today: dt.date) -> Reply:
        office = self.kb.city.office
        text = f"担当者へのお問い合わせは、{office}で承っています。\n{self._contact_block()}"
        return Reply(text, "handoff", d.plans, _contact_suggestions(), ("city.contact",))

    def _back_to_bot(self, d: Decision, today: dt.date) -> Reply:
        return Reply(
            "ボットがお答えします。ご質問をどうぞ。", "back_to_bot", suggestions=self.examples()
        )

    def _out_of_scope(self, d: Decision, today: dt.date) -> Reply:
        c = self.kb.city.contact
        text = (
            "申し訳ありません。そのご質問にはお答えできません。"
            f"このボットは、{self.kb.city.name}の地域再生計画（認定日・計画期間・概要など）についてお答えしています。\n"
            f"ご不明な点は、{self.kb.city.office}（電話: {c.phone}）へお問い合わせください。"
            "ご希望でしたら、担当者にご質問をお伝えすることもできます。"
        )
        # Plans that came close are offered as buttons only: the text names none,
        # so an unrelated question never reads as an answer about a plan.
        near = tuple(
            Suggestion(self._label(self.kb.plan(p)), f"{self._label(self.kb.plan(p))}について")
            for p in d.candidates[:3]
        )
        return Reply(
            text,
            "out_of_scope",
            (),
            (
                *near,
                ASK_STAFF,
                Suggestion("計画の一覧", "計画の一覧"),
            ),
        )

    def rate_limited(self) -> Reply:
        return Reply(
            "申し訳ありません。短い時間にたくさんのメッセージが届いたため、少し時間をおいてから"
            "もう一度お送りください。",
            "rate_limited",
        )

    def not_text(self) -> Reply:
        return Reply(
            "申し訳ありません。スタンプや画像などにはお答えできません。文字でご質問ください。",
            "not_text",
            suggestions=self.examples(),
        )


# -- filters for questions over all plans -----------------------------------------------------


def _matches(plan: Plan, q: AggregateQuery, today: dt.date) -> bool:
    if q.status == "ended" and not today > plan.period.end:
        return False
    if q.status == "running" and not plan.period.start <= today <= plan.period.end:
        return False
    if q.round is not None and plan.certification.round != q.round:
        return False
    if q.partner is not None and q.partner not in plan.partners:
        return False
    if q.unchanged and plan.changes:
        return False
    for f in q.dates:
        first, last = f.first, f.last
        if f.role is DateRole.CERTIFIED and not first <= plan.certification.date <= last:
            return False
        if f.role is DateRole.ENDS and not first <= plan.period.end <= last:
            return False
        if f.role is DateRole.STARTS and not first <= plan.period.start <= last:
            return False
        if f.role is DateRole.CHANGED and not any(first <= c <= last for c in plan.changes):
            return False
        if f.role is DateRole.RUNNING and (plan.period.end < first or plan.period.start > last):
            return False
        if f.role is DateRole.ANY and not _events_within(plan, first, last):
            return False
    return True


def _events_within(plan: Plan, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """What happened to a plan between two days, as (day, event) in order."""
    events = [(plan.certification.date, 0, f"認定（第{plan.certification.round}回）")]
    events += [(c, 1, "変更") for c in plan.changes]
    events += [(plan.period.start, 2, "計画期間の開始"), (plan.period.end, 3, "計画期間の終了")]
    return [(day, what) for day, _, what in sorted(events) if first <= day <= last]


def _superlative(plans: list[Plan], kind: AggregateKind) -> list[Plan]:
    key: Callable[[Plan], object] | None = {
        AggregateKind.NEWEST: lambda p: p.certification.date,
        AggregateKind.OLDEST: lambda p: p.certification.date,
        AggregateKind.LONGEST: lambda p: p.period.days,
        AggregateKind.SHORTEST: lambda p: p.period.days,
        AggregateKind.LAST_ENDING: lambda p: p.period.end,
        AggregateKind.FIRST_ENDING: lambda p: p.period.end,
        AggregateKind.MOST_CHANGES: lambda p: len(p.changes),
    }.get(kind)
    if key is None:
        return plans
    smallest = (AggregateKind.OLDEST, AggregateKind.SHORTEST, AggregateKind.FIRST_ENDING)
    pick = min if kind in smallest else max
    best = key(pick(plans, key=key))  # type: ignore[arg-type]
    return [p for p in plans if key(p) == best]  # ties are all named


_BY_PERIOD = (
    AggregateKind.LONGEST,
    AggregateKind.SHORTEST,
    AggregateKind.LAST_ENDING,
    AggregateKind.FIRST_ENDING,
)
_SUPERLATIVE_HEADS = {
    AggregateKind.NEWEST: "{scope}いちばん新しく認定された計画は、次のとおりです。",
    AggregateKind.OLDEST: "{scope}いちばん早く認定された計画は、次のとおりです。",
    AggregateKind.LONGEST: "{scope}計画期間がいちばん長い計画は、次のとおりです。",
    AggregateKind.SHORTEST: "{scope}計画期間がいちばん短い計画は、次のとおりです。",
    AggregateKind.LAST_ENDING: "{scope}計画期間がいちばん遅く終わる計画は、次のとおりです。",
    AggregateKind.FIRST_ENDING: "{scope}計画期間がいちばん早く終わった計画は、次のとおりです。",
    AggregateKind.MOST_CHANGES: "{scope}変更の回数がいちばん多い計画は、次のとおりです。",
}


def _describe_filter(q: AggregateQuery) -> str:
    """「令和2年に認定された」 — the conditions, as the start of a sentence."""
    parts = []
    if q.round is not None:
        parts.append(f"第{q.round}回で認定された")
    for f in q.dates:
        when = ph.date_ja(f.first) if f.is_day else f.text + ("年" if f.text.isdigit() else "")
        verb = {
            DateRole.CERTIFIED: "に認定された",
            DateRole.ENDS: "に計画期間が終わる",
            DateRole.STARTS: "に計画期間が始まった",
            DateRole.CHANGED: "に変更された",
            DateRole.RUNNING: "に計画期間中だった",
            DateRole.ANY: "に認定や変更などがあった",
        }[f.role]
        if f.role is DateRole.ENDS and f.is_day:
            verb = "まで（計画期間の終わりが同じ日）の"
        parts.append(when + verb)
    if q.partner:
        parts.append(f"{q.partner}が参加している")
    if q.unchanged:
        parts.append("一度も変更されていない")
    if q.status == "ended":
        parts.append("計画期間が終了した")
    elif q.status == "running":
        parts.append("現在実施中の")
    return "、".join(parts)


def _contact_suggestions() -> tuple[Suggestion, ...]:
    return (
        Suggestion("計画の一覧", "計画の一覧"),
        Suggestion("地域再生制度とは", "地域再生制度とは?"),
    )


def _clip(text: str, limit: int = LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

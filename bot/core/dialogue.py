"""Complete a parsed message from the conversation so far: 「いつまで?」 after
「DMOの計画について」 asks for the DMO plan's period; 「しごと創出のほう」 after
"which plan?" picks a candidate. The result is a Decision for the answerer."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from bot.core.intents import (
    CHECK_FIELDS,
    DAY_FIELDS,
    MOMENT_OF_ROLE,
    AggregateKind,
    AggregateQuery,
    Check,
    CheckKind,
    ContactPart,
    DateFilter,
    DateRole,
    Decision,
    Field,
    Kind,
    Moment,
    Parsed,
    Social,
)
from bot.core.normalize import normalize
from bot.core.types import Context

# A conversation's plan is forgotten after this long without a message.
CONTEXT_TTL = dt.timedelta(minutes=30)


def fresh(context: Context | None, now: dt.datetime) -> Context | None:
    if context is None or now - context.updated > CONTEXT_TTL:
        return None
    return context


def decide(parsed: Parsed, context: Context | None) -> Decision:
    """`context` must already be fresh (or None). English questions get English answers."""
    decision = _decide(parsed, context)
    if parsed.minus is not None:
        # 「…以外で」「…じゃない方」: the plans of one clause taken from those the rest
        # asks about (all of them when it names none: 「3年の計画じゃないものはどれ」)
        base = (decision.aggregate if decision.intent is Kind.AGGREGATE and decision.aggregate
                else AggregateQuery(fields=parsed.fields))  # fmt: skip
        if not parsed.fields:
            base = replace(base, fields=())  # what the filters say, not the last answer's
        named = parsed.minus.within
        if named and base.same_as is not None and base.same_as[0] not in named:
            # 「AでもBでもない、同じ日に認定された計画」: the same day as A (the rest names
            # no plan, so the plan of before was only the conversation's)
            base = replace(base, same_as=(named[0], base.same_as[1]))
        decision = Decision(Kind.AGGREGATE, aggregate=replace(base, minus=parsed.minus),
                            check=decision.check, western=decision.western)  # fmt: skip
    if parsed.weekday and decision.intent is Kind.PLAN:
        decision = replace(decision, weekday=True)  # 「最終日って何曜日?」
    if parsed.jubilee and decision.intent is Kind.PLAN:
        decision = replace(decision, jubilee=True)  # 「来月で認定何周年?」
    if parsed.fiscal:
        decision = replace(decision, fiscal=True)  # 「何年度末で終わりましたか」
    if parsed.how_known and decision.intent is Kind.PLAN:
        decision = replace(decision, source=True)
    if parsed.slash:
        decision = replace(decision, slash=True)  # 「YYYY/MM/DD形式で」
    if parsed.yes_no and decision.intent in (Kind.PLAN, Kind.CONTENT):
        # 「…って本当?」「…に含まれてる?」: はい first when the answer bears it out
        # (not to 「…は入っていないよね?」, whose はい would mean "not in it")
        negative = parsed.negative_confirm or bool(_NEGATIVE_END.search(parsed.key))
        affirm = (decision.intent is Kind.CONTENT and not decision.unsaid and not negative
                  and bool(decision.plans) and set(decision.plans) <= parsed.content_whole)
        decision = replace(decision, yes_no=True, affirm=affirm)
    q = decision.aggregate
    if (parsed.yes_no and not parsed.wh and decision.intent is Kind.AGGREGATE and q is not None
            and q.kind is AggregateKind.LIST and not (q.claimed_plans or q.claimed is not None)
            and decision.check is None and not parsed.negative_confirm
            and not _NEGATIVE_END.search(parsed.key) and _ASKS_WHETHER.search(parsed.key)):
        # 「白鷹町は広域連携に入っていますか」「令和に認定された計画ってある?」: はい with
        # the plans there are, いいえ when there are none
        decision = replace(decision, yes_no=True)
    if parsed.unit and decision.intent in (Kind.PLAN, Kind.AGGREGATE):
        decision = replace(decision, unit=parsed.unit)  # 「何日間?」「日数も添えて」
    if (parsed.lengths and decision.intent is Kind.PLAN and len(decision.plans) >= 2
            and Field.PERIOD in decision.fields):
        decision = replace(decision, lengths=parsed.lengths)  # 「期間を合計すると何年」
    if parsed.why and decision.intent is Kind.PLAN and set(decision.fields) & _NO_REASON_GIVEN:
        decision = replace(decision, why=True)  # 「なんで令和2年に変更されたの?」
    return replace(decision, english=True) if parsed.english else decision


# 「最後に…認定されてから何年?」: which plan the day is of, by what is counted from
_ELAPSED_SUPERLATIVES = {
    ("certified", "last"): AggregateKind.NEWEST,
    ("certified", "first"): AggregateKind.OLDEST,
    ("last_change", "last"): AggregateKind.LAST_CHANGED,
    ("first_change", "first"): AggregateKind.FIRST_CHANGED,
    ("ended", "last"): AggregateKind.LAST_ENDING,
    ("ended", "first"): AggregateKind.FIRST_ENDING,
    ("started", "last"): AggregateKind.STARTS_LAST,
    ("started", "first"): AggregateKind.STARTS_FIRST,
}

# a list longer than this is "the plans", not "them" (a question about all of them)
THEY_AT_MOST = 6
_ASKS_A_THING = re.compile(r"[一-龥ァ-ヺー](?:は|って)?$")
# (「…のもの」 is a request for a list, not a question whether there is one)
_ASKS_WHETHER = re.compile(r"(?:[?？]|か|る|た)$")
_NEGATIVE_END = re.compile(
    r"(?:ない|ません|なかった|ねえ|ねぇ)(?:よね|の|か|ですか|でしょうか|んだ)?[?？]?$"
)

# the days the page gives without a reason: a "why" is answered that it does not say
_NO_REASON_GIVEN = {Field.CHANGES, Field.CERTIFIED}


def _decide(parsed: Parsed, context: Context | None) -> Decision:
    p = parsed
    ctx = context or Context()
    # 「西暦と令和どっちも書いて」 holds for the rest of the conversation, until 和暦で
    en = p.western or (ctx.western and not p.wareki)
    if not p.key:
        return Decision("empty", western=en)
    if p.back_to_bot:
        return Decision("back_to_bot", western=en)
    if ContactPart.STAFF in p.contact_parts:
        # 「この計画の担当者さんのお名前を」: not on the page; whom to ask instead (not
        # the plans' names, which 「計画の…名前を教えて」 would list)
        plans = p.plans if p.by_name else ctx.plans if p.refers_back else ()
        return Decision("contact", plans=plans, contact_parts=p.contact_parts, western=en)
    if p.plan_stat and not p.plans and not p.refers_back:
        # 「6つの計画の計画期間を平均すると何年?」「最長と最短の差は?」: a figure over them
        base = replace(p.aggregate or AggregateQuery(), kind=AggregateKind.LIST, also=None,
                       stat=p.plan_stat)  # fmt: skip
        return Decision(Kind.AGGREGATE, aggregate=base, western=en)
    if (p.refers_back and p.they and not ctx.plans and 1 < len(ctx.results) <= THEY_AT_MOST
            and not _filters(p.aggregate)):  # (not "The plans certified …, list them.")
        # "Were they amended?" 「それらの期間は?」 after a list: the plans just listed
        ctx = replace(ctx, plans=ctx.results)

    # An open "which plan?" question: a number or a candidate's name settles it.
    if ctx.candidates and not p.plans and p.choice and p.choice <= len(ctx.candidates):
        chosen = (ctx.candidates[p.choice - 1],)
        return _plan_answer(chosen, p.fields or _fields(ctx), en)
    # (not 「移住に触れている計画は」, a question of its own about plans)
    if ctx.candidates and not p.plans and p.candidates and not (p.plan_word and p.wh):
        offered = set(ctx.candidates)  # (thousands, in a large knowledge base)
        among = [c for c in p.candidates if c in offered]
        if len(among) == 1:
            return _plan_answer((among[0],), p.fields or _fields(ctx), en)

    listed = ctx.plans if len(ctx.plans) > 1 else ctx.results
    if (p.page_plan and not p.plans and not ctx.candidates and p.nth_change
            and (len(listed) < 2 or p.on_page)):
        # 「一番上の計画の2回目の変更日」 with no list just shown: that plan's change
        p = replace(p, plans=(p.page_plan,), by_name=True, pick=None, page_plan=None)
    # 「3番目の変更日は」 after an answer about one plan's changes: its n-th change
    about_one = p.plans if len(p.plans) == 1 else ctx.plans if not p.plans else ()
    # (「3つ目のやつ 変更日」: the third plan, not a third change)
    nth = p.nth_change or (p.pick if Field.CHANGES in p.fields and not p.plan_word else None)
    # (「最初の計画の2回目の変更」: the superlative finds the plan, not the conversation)
    picks_a_plan = p.aggregate is not None and p.aggregate.kind not in (
        AggregateKind.LIST, AggregateKind.COUNT)
    if (nth and len(about_one) == 1 and not ctx.candidates and not (picks_a_plan and not p.plans)
            and (p.plans or p.nth_change or Field.CHANGES in ctx.fields)):
        return Decision(Kind.PLAN, plans=about_one, fields=(Field.CHANGES,),
                        nth_change=nth, western=en)  # fmt: skip
    # "When did the second one end?" after an answer about two plans
    # (or of a list just shown: 「2つ目の計画の期間は?」)
    shown = listed
    if (p.on_page and (p.page_plan or p.page_plans)) or (p.page_plans and len(shown) <= 2):
        # 「このページで一番下にある計画」: on the page, not in the list just shown (nor
        # 「一番上と一番下の計画」 both of the two just compared)
        shown = ()
    if len(shown) < 2 and p.pick in (1, 2) and not p.page_plan and _discussed_pair(ctx):
        shown = ctx.talked  # 「第55回は?」「第36回は?」 then 「後者は?」: in the order asked
    elif (len(shown) < 2 and len(ctx.plans) == 1 and len(ctx.others) == 1 and p.pick == 2
          and not p.page_plan):
        shown = (*ctx.plans, *ctx.others)  # 「前のほうは?」 then 「後のほうは?」
    if p.pick and not ctx.candidates and not p.plans and 1 < len(shown) >= abs(p.pick):
        chosen = shown[p.pick - 1] if p.pick > 0 else shown[p.pick]
        return _plan_answer((chosen,), p.fields or _fields(ctx), en)
    if (p.page_plan and not ctx.candidates and not p.plans and len(shown) < 2
            and (p.aggregate is None or p.page_plans) and not p.first_asked):
        # 「5番目の計画 いつ認定」「一番上の計画が認定されてから何年」 with no list before
        # it: the plan at that place on the city's page, the only order the resident sees
        p = replace(p, plans=p.page_plans or (p.page_plan,), by_name=True, pick=None,
                    page_plan=None, page_plans=())
        return _decide(p, ctx)
    if p.step and len(ctx.plans) == 1 and ctx.plans[0] in ctx.results and not p.plans:
        # 「最後のやつ」 then 「その一つ前」: the plan beside it in the list
        at = ctx.results.index(ctx.plans[0]) + p.step
        if 0 <= at < len(ctx.results):
            return _plan_answer((ctx.results[at],), p.fields or _fields(ctx), en)
    if p.first_asked and ctx.first and not p.plans and not ctx.candidates:
        # 「最初に聞いたやつの期間は?」 after talk of other plans: the first one, not
        # the first certified; 「最初のやつとそっち、どっちが先?」: it and the one now
        both = p.compare and ctx.plans and ctx.plans != ctx.first
        plans = (*ctx.first, *ctx.plans) if both else ctx.first
        p = replace(p, plans=plans, by_name=True, aggregate=None, first_asked=False,
                    refers_back=False, fields=p.fields or (() if both else _fields(ctx)))
        return _decide(p, replace(ctx, first=()))
    if p.handoff:
        return Decision("handoff", plans=p.plans, western=en)
    if p.law and not p.other_city and not (p.plans and p.by_name and not p.refers_back):
        # 「この計画の認定は何という法律に基づいているの?」: the law of the scheme
        return Decision("scheme", western=en)
    # (not "Fax number please, … to send some documents": the documents are the asker's)
    if (Field.DOCUMENT in p.fields and not (p.plans or p.scheme or p.action)
            and not (ctx.plans and p.refers_back) and not set(p.contact_parts) - {ContactPart.ALL}):
        # 「各計画の詳しい内容はどこで見られますか」: every plan's file, on the page
        return Decision(Kind.DOCUMENT, fields=p.fields, western=en)
    if (p.elapsed and p.ordinal and p.aggregate is None and not p.plans
            and (not ctx.plans or (p.plan_word and not p.refers_back))):
        # 「最後に計画が認定されてから今日まで何年?」「最後に計画の変更があってから何年?」:
        # the plan that day belongs to, and the time since
        kind = _ELAPSED_SUPERLATIVES.get((p.elapsed, p.ordinal))
        if kind is not None:
            q = AggregateQuery(kind=kind, fields=p.fields)
            return Decision(Kind.AGGREGATE, aggregate=q, elapsed=p.elapsed, western=en)
    if p.aggregate is not None and p.aggregate.joint and not p.town and (
        p.aggregate.kind is AggregateKind.COUNT or p.aggregate.negate or p.plural
    ):
        # 「広域連携事業になってる計画はいくつ?」: 広域連携事業 is a kind of plan here, not
        # the DMO plan's own word naming it
        return Decision(Kind.AGGREGATE, aggregate=p.aggregate, western=en)
    if p.aggregate is not None and p.aggregate.claimed_plans:
        # 「終わってる計画って、しごと創出のやつだけ?」: the filtered plans, against those named
        return Decision(Kind.AGGREGATE, aggregate=p.aggregate, western=en)
    if (p.refers_back and ctx.plans and not p.plans and p.unsaid_anywhere
            and (p.yes_no or p.wh) and set(p.fields) <= {Field.OVERVIEW, Field.SUMMARY}):
        # 「この計画って企業版ふるさと納税の対象になってるって書いてある?」: not on the page
        return Decision(Kind.CONTENT, plans=ctx.plans, content=p.content,
                        unsaid=p.unsaid_anywhere, western=en)  # fmt: skip
    quoted = _quoted_fact(p, ctx)
    if quoted is not None:
        return quoted
    if p.aggregate is not None and p.aggregate.says:
        # 「「舟運」という言葉が出てくる計画は?」: the word, not the plan it may name
        return Decision(Kind.AGGREGATE, aggregate=p.aggregate, western=en)
    if p.how_known and ctx.plans and not p.plans and not p.named_something:
        # (not 「ちなみに、水道料金ってどこで調べられます?」: a thing of its own)
        # 「なんで変更がないってわかるの?」: the last answer, and where it comes from
        return _plan_answer(ctx.plans, _fields(ctx), en)
    if _same_again(p, ctx):
        # 「西暦だと?」「英語で」: the last answer again, in Western dates or in English
        return _plan_answer(ctx.plans, _fields(ctx), en)
    if (
        p.correction
        and p.plans
        and len(p.plans) <= 2
        and ctx.fields
        and (p.fields in ((), (Field.OVERVIEW,)) or _NAMED_BY_TOPIC.search(p.key))
        and not p.aggregate
    ):
        # 「あ、ごめん、聞きたかったのは副業のほうだった」: the same question, that plan;
        # 「DMOじゃなくてまちなか交流施設の方」: the plan named last (plans are in the
        # order written)
        return _plan_answer(p.plans[-1:], ctx.fields, en)
    if p.other and ctx.others:
        # 「もう一つの方は?」: the candidate not chosen, same question
        return _plan_answer(ctx.others, p.fields or _fields(ctx), en)
    if p.other and not p.plans and ctx.earlier and set(ctx.results) < set(ctx.earlier):
        # 「第51回の計画は?」「そのうち変更があったのは?」「もう一方、変更のなかった方の期間は?」:
        # the plans of the list before that the last answer left out
        rest = tuple(pid for pid in ctx.earlier if pid not in ctx.results)
        described = _DESCRIBED_BY_CHANGES.search(p.key) is not None
        asked = tuple(f for f in p.fields if not (described and f is Field.CHANGES))
        return _plan_answer(rest, asked or _fields(ctx), en)

    if ((p.other_plan or p.other_period) and (not p.by_name or p.name_in_other)
            and not p.refers_back):
        # 「長井市の観光振興計画は何年度まで?」「住宅取得の補助金の申請期間は?」: another
        # plan, or another thing's period; a word of a summary (観光, 住宅取得) is not a
        # plan named, and no plan's dates answer it
        return Decision("out_of_scope", western=en)
    if _another_things_day(p):
        # 「第51回長井市民文化祭の日程」「令和2年3月30日の市議会で可決された議案」: a
        # round or a day of something no plan speaks of, not plans of that day
        return Decision("out_of_scope", western=en)
    if (p.other_city or p.future) and (not p.plans or p.other_city):
        # another town's plans (「米沢市の地域再生計画」「東根市のパラレルワーク事業」)
        return Decision("out_of_scope", western=en)
    if p.action and not (p.contact_parts and not p.plans and "番号" in p.key):
        # 「この計画ぜんぶPDFにして送っといて」: the bot answers, it does not send or book
        # (「資料をFAXで送ってもらえないか相談したいので、FAX番号が知りたい」 asks the number)
        return Decision("out_of_scope", candidates=p.plans, western=en)
    if p.all_plans and p.aggregate is not None and p.aggregate.kind in (
        AggregateKind.COUNT, AggregateKind.LIST
    ) and not p.aggregate.within and (p.plural or p.aggregate.kind is AggregateKind.COUNT
                                      or p.aggregate.group or _listing_only(p)):
        # 「長井の地域再生計画ぜんぶでいくつ?」: all of them, not the plan of that title
        return Decision(Kind.AGGREGATE, aggregate=p.aggregate, western=en)
    if p.aggregate is not None and p.aggregate.except_named and p.plans:
        # 「DMOの計画以外で、平成31年3月29日に認定されたのは?」
        q = replace(p.aggregate, exclude=p.plans, except_named=False)
        return Decision(Kind.AGGREGATE, aggregate=q, western=en)
    if p.scheme and not (p.plans and p.by_name) and "制度" in p.key:
        # 「地域再生制度で国が支援するのはどんな取組?」: about the scheme by its name
        return Decision("scheme", western=en)
    if p.others_too and ctx.plans and not p.plans and ctx.fields == (Field.PARTNERS,) and p.wh:
        # 「南陽市も入ってる?」「ほかにはどこ入ってんの?」: the plan's other partners
        return _plan_answer(ctx.plans, (Field.PARTNERS,), en)
    if (
        p.others_too
        and ctx.plans
        and not p.plans
        and set(p.fields) <= {Field.STATUS}  # 「他のは今どうなってる?」
        and not p.content
        and not (p.that_day and ctx.day)
        and not p.refers_back  # 「その計画でほかに何やってたの?」: more of that plan
    ):
        # 「他は?」 after an answer about one plan: the other plans (of the list it was
        # picked from: 「第51回の計画は?」「その中でDMOの期間は?」「他の2つは?」)
        q = replace(p.aggregate or AggregateQuery(), exclude=ctx.plans)
        listed = ctx.pool or ctx.results
        if len(listed) > len(ctx.plans) and set(ctx.plans) < set(listed):
            q = replace(q, within=listed)
        return Decision(Kind.AGGREGATE, aggregate=q, western=en)
    # (「長井市でおすすめの観光スポットを教えて」 after the parallel-work plan: its summary
    # says スポット, but not most of what is asked)
    cover = dict(p.content_cover)
    follow_up = (bool(ctx.plans) and set(ctx.plans) <= set(p.content_whole)
                 and all(cover.get(c, 0.0) >= CONTENT_COVER for c in ctx.plans))  # fmt: skip
    named_plan = bool(p.plans) and p.by_name and not p.english
    if p.statistic and not (p.plan_word or p.refers_back or named_plan):
        # 「長井市の観光客は去年何人?」 "How many tourists visited Nagai last year?": a
        # figure the page does not give (tourists is no word of the DMO plan's name)
        return Decision("out_of_scope", western=en)
    if p.not_about_plans and not p.by_name:
        # 「…病院はありますか。市の計画とかは関係ないんですけど」: as the writer says
        return Decision("out_of_scope", western=en)
    if p.recommendation and not (p.by_name or p.refers_back) and (p.english or not p.plan_word):
        # ("Is there a good ramen place…? Asking for after-school plans": plans of a day)
        # 「おいしいラーメン屋は?」 "the best ramen shop in Nagai": a recommendation, which
        # no plan gives (a summary's 店 or shop is no answer to it)
        return Decision("out_of_scope", western=en)
    if _about_something_else(p) and not follow_up:
        # buttons for the plans that came close; the text names none of them
        return Decision("out_of_scope", candidates=p.plans or p.candidates, western=en)
    if p.who_certifies and p.certifier:
        # 「地域再生計画って誰が認定するの?市長さん?」: who does, and whether the guess is right
        # (「これらの計画は誰が認定?首相?」 too: one certifier for every plan)
        return Decision(Kind.CHECK, check=Check(CheckKind.CERTIFIED_BY, p.certifier),
                        plans=p.plans, western=en)  # fmt: skip
    composed = _composed(p, ctx, en)
    if composed is not None:
        return composed

    if (p.plans and set(p.fields) <= {Field.UNLISTED, Field.OVERVIEW} and Field.UNLISTED in p.fields
            and not (p.by_name or p.plan_word or p.refers_back)):  # fmt: skip
        # 「長井市で起業するときの創業補助金の額」: a subsidy of the city's, not a figure of
        # the plan whose summary says 起業
        return Decision("out_of_scope", candidates=p.plans, western=en)
    p = _summary_over_loose_name(p)
    p = _both_of_the_two_discussed(p, ctx)
    about_plans = p.by_name or p.plan_word or bool(p.fields) or p.refers_back
    if p.loose and about_plans and not (p.by_name or p.plan_word or p.refers_back) and set(
        p.fields
    ) <= {Field.OVERVIEW} and not set(p.plans) <= set(ctx.plans):
        # 「山形県の観光キャンペーンについて教えて」: 観光 alone is not the DMO plan
        return Decision("out_of_scope", candidates=p.plans, western=en)
    if (p.plans and not about_plans and not p.contact_parts and p.continuation and ctx.fields
            and p.by_phrase and not set(p.plans) <= set(ctx.plans)):
        # "And the one with the hyper after-school club?": the question just asked, of
        # the plan its words name
        return _plan_answer(p.plans, _fields(ctx), en)
    if p.plans and not about_plans and not p.contact_parts:
        # Only a word from what a plan does (最上川, 起業) and nothing that asks
        # about a plan: 「最上川で釣りはできますか」 is not a plan question,
        # unless that plan is the one under discussion (「入居する会社は?」).
        if set(p.plans) <= set(ctx.plans):
            return _plan_answer(p.plans, (Field.SUMMARY,), en)
        if _only_a_thing(p):
            # 「プログラミング」「ハイパー学童」 alone: what the plan that has it says of it
            return Decision(Kind.CONTENT, plans=p.plans, content=p.content, western=en)
        if p.scheme:
            return Decision("scheme", western=en)
        return Decision("out_of_scope", candidates=p.plans, western=en)
    if p.plans:
        if (p.contact_parts and not (p.by_name or p.plan_word or p.refers_back)
                and not _ABOUT_IT.search(p.key)):
            # 「観光案内所の電話番号」: the phone of a facility a plan builds, not the
            # plan's contact office; the bot does not know it (but 「レンタルオフィスの
            # 件で資料をFAXしたい」 is about that thing, to the office)
            return Decision("out_of_scope", candidates=p.plans, western=en)
        if p.contact_parts and (not p.fields or p.fields == (Field.CONTACT,)):
            return Decision("contact", plans=p.plans, contact_parts=p.contact_parts, western=en)
        if p.contact_topic:
            # 「…について詳しく聞きたい、窓口は?」: what was asked, and whom to ask
            asked = tuple(f for f in p.fields if f not in (Field.CONTACT, Field.OVERVIEW))
            return _plan_answer(p.plans, (*asked, Field.CONTACT), en)
        if p.aggregate and p.aggregate.round is not None and not p.fields:
            return _plan_answer(p.plans, (Field.ROUND,), en)
        # (not 「…は平成31年3月29日認定で、変更はなし。正しい?」: a certification day)
        certification_said = Field.CERTIFIED in p.fields and p.aggregate is not None and all(
            f.role is DateRole.CERTIFIED for f in p.aggregate.dates)
        if (p.aggregate and p.aggregate.dates and Field.CHANGES in p.fields
                and not certification_said):
            # 「…の計画、平成29年には何回変更?」: that plan's changes in that span
            # (「…令和2年の変更で期間が延長された?」: its period too, when asked with why)
            also = (Field.PERIOD,) if p.why and Field.PERIOD in p.fields else ()
            return Decision("plan", plans=p.plans, fields=(Field.CHANGES, *also),
                            aggregate=p.aggregate, western=en)  # fmt: skip
        # (「まちなか交流施設で今月やってるイベント」: やってる describes the thing asked of)
        doing = Field.STATUS in p.fields and any(
            re.search(r"(?:やって(?:い)?る|行われて(?:い)?る|開かれて(?:い)?る)" + re.escape(
                normalize(w)), p.key) for w in p.unsaid)
        # (「完成予定日はいつ」: the day asked is that unsaid thing's, not a plan's day)
        its_day = {Field.DATES} if any(w.endswith("日") for w in p.unsaid) else set()
        if (p.unsaid and (p.wh or p.yes_no) and not p.moments
                and set(p.fields) - {Field.STATUS if doing else Field.OVERVIEW} - its_day
                <= {Field.OVERVIEW, Field.SUMMARY}):  # fmt: skip
            # 「しごと創出の計画で造成する工業団地は何ヘクタール?」: a thing its summary
            # does not speak of is not on the page; not answered with the plan's dates
            return Decision(Kind.CONTENT, plans=p.plans, content=p.content, unsaid=p.unsaid,
                            western=en)  # fmt: skip
        fields = p.fields
        # 「6次産業化の計画は?」 after a question of a field: that field, of this plan;
        # a question of its own about the plan ("What stakeholders are involved in
        # the sixth-industry platform?") asks what it does, not the field before
        own = (p.wh or p.yes_no) and any(len(u) >= 3 for u in p.unexplained)
        if not fields:
            fields = ctx.fields if ctx.fields and not own else (Field.OVERVIEW,)
        return _plan_answer(p.plans, fields, en)

    if (p.candidates and p.by_summary and p.mention and p.plural and not p.named_something
            and p.content and "、" not in p.content):
        # 「移住に関わる取組が入ってる計画を全部」: every plan whose summary says the
        # word is what is asked, not which one
        q = AggregateQuery(says=p.content, fields=tuple(
            f for f in p.fields if f not in (Field.SUMMARY, Field.OVERVIEW)))
        return Decision(Kind.AGGREGATE, aggregate=q, western=en)
    if p.candidates and not p.named_something and (p.fields or p.refers_back):
        # A name that fits several plans (山の港町): ask which.
        return Decision(
            "clarify", candidates=p.candidates, fields=p.fields or _fields(ctx), western=en
        )
    if p.candidates and not p.named_something and about_plans:
        return Decision("clarify", candidates=p.candidates, fields=_fields(ctx), western=en)

    if (
        p.aggregate is not None
        and ctx.plans
        and Field.CHANGES in p.fields
        and p.aggregate.kind in (AggregateKind.OLDEST, AggregateKind.NEWEST)
        and not (p.aggregate.dates or p.aggregate.round or p.aggregate.status)
    ):
        # 「一番最初の変更は?」 about the plan under discussion, not the oldest plan
        return _plan_answer(ctx.plans, (Field.CHANGES,), en)
    if p.town and not (p.plans or p.fields or p.aggregate or p.named_something) and (
        "partners" in ctx.fields
    ):
        # 「白鷹町は?」「じゃあ米沢市は?」 after a question about who takes part
        if ctx.plans:
            return Decision(Kind.CHECK, plans=ctx.plans, check=Check(CheckKind.PARTNER, p.town),
                            western=en)  # fmt: skip
        q = AggregateQuery(partner=p.town, fields=(Field.PARTNERS,))
        return Decision(Kind.AGGREGATE, aggregate=q, western=en)
    if p.town and not (p.plans or p.fields or p.aggregate or p.named_something) and _bare(p):
        # 「白鷹町」 alone: the plans it takes part in
        q = AggregateQuery(partner=p.town, fields=(Field.PARTNERS,))
        return Decision(Kind.AGGREGATE, aggregate=q, western=en)
    if (
        p.aggregate is not None and p.aggregate.total and ctx.plans and not p.plans
        and not (p.plan_word or p.all_plans or p.plural)
    ):
        # 「変更は全部で何回?」 after an answer about a plan: that plan's changes
        return _plan_answer(ctx.plans, (Field.CHANGES,), en)
    if _elapsed_of_the_plan_discussed(p, ctx):
        return Decision(Kind.PLAN, plans=ctx.plans, elapsed=p.elapsed, western=en)
    if _checks_the_plan_discussed(p, ctx):
        if (check := _check(p)) is not None:
            return Decision(Kind.CHECK, plans=ctx.plans, check=check, western=en)
        if Field.CHANGES in p.fields and p.aggregate is not None and p.aggregate.dates:
            # 「じゃあ変更日は令和3年?」: that plan's changes in that span
            return Decision(Kind.PLAN, plans=ctx.plans, fields=(Field.CHANGES,),
                            aggregate=p.aggregate, western=en)  # fmt: skip
    if _when_the_plan_discussed_ended(p, ctx):
        # its end and that it is over (so a next 「期間は何年だった?」 still follows up)
        asked = tuple(f for f in p.fields if f not in (Field.OVERVIEW, Field.STATUS))
        return _plan_answer(ctx.plans, (*asked, Field.STATUS), en)
    if _status_of_the_plan_discussed(p, ctx):
        # 「今も続いてる?」 after an answer about one plan: that plan, not every running one
        running = p.aggregate is not None and p.aggregate.status == "running"
        check = Check(CheckKind.RUNNING if running else CheckKind.ENDED)
        return Decision(Kind.CHECK, plans=ctx.plans, check=check, western=en)
    if p.every and p.yes_no and _filters(p.aggregate) and not p.plans:
        # 「全部の計画に南陽市が入ってる?」: yes for all, or how many do
        within = ctx.results if p.among else None
        q = replace(p.aggregate, within=within) if p.aggregate else None
        return Decision(Kind.AGGREGATE, aggregate=q, check=Check(CheckKind.EVERY), western=en)
    if p.contact_parts and p.contact_topic and _listing_only(p) and not p.plan_word:
        # 「郵便番号から部署名まで全部ください」: all of the office's details
        return Decision("contact", contact_parts=p.contact_parts, western=en)
    if (p.contact_parts and p.aggregate is not None and p.aggregate.kind is AggregateKind.COUNT
            and not p.plan_word and not _filters(replace(p.aggregate, fields=()))):
        # 「問い合わせ先の郵便番号なんぼ(いくつ)?」: the number asked, not a count
        return Decision("contact", contact_parts=p.contact_parts, western=en)
    if (p.aggregate is not None and len(ctx.plans) == 1 and not p.plan_word and not p.plans
            and set(p.fields) == {Field.CHANGES} and _EVERY_CHANGE.search(p.key)
            and replace(p.aggregate, kind=AggregateKind.LIST, fields=()) == AggregateQuery()):
        # 「変更日を全部添えて」 about the plan under discussion: all of its changes
        return _plan_answer(ctx.plans, (Field.CHANGES,), en)
    if p.aggregate is not None and not (p.refers_back and ctx.plans and not p.aggregate.nth):
        if p.city_owned and not (p.plan_word or p.plans or p.scheme):
            return Decision("out_of_scope", western=en)  # 「長井市の今年度の予算はいくら?」
        if _lists_something_else(p):
            # 「ゴミ出しの日の一覧がほしい」「Pythonでリストをソートする方法」
            return Decision("out_of_scope", western=en)
        # 「最後に終わった計画は、終わってから何年?」: the one found, and how long since
        q = _dated_as_before(p, ctx)
        if (q is not None and Field.PARTNERS in q.fields and not _filters(q) and not q.negate
                and q.kind in (AggregateKind.LIST, AggregateKind.COUNT)):
            q = _with_partners(q)  # 「連携している市町は全部でいくつ?」
        # 「最初の計画の2回目の変更は?」: the plan found, and that change of it
        return Decision("aggregate", aggregate=q, elapsed=p.elapsed,
                        nth_change=p.nth_change, western=en)  # fmt: skip
    if p.scheme and not (_DATED_FIELDS & set(p.fields) and p.plan_word and not p.who_certifies):
        # 「長井市の地域再生計画っていつ認定された?」 asks the plans' dates, not the scheme
        return Decision("scheme", western=en)
    # what the question describes (市民プール) is a thing of its own, not the office
    elsewhere = (p.named_something and not p.contact_topic) or p.owned_contact
    if p.contact_parts and not p.office_named and elsewhere and not p.plan_word:
        # 「市民プールの営業時間」: hours of something else, not of the office
        return Decision("out_of_scope", western=en)
    if p.contact_parts:
        return Decision(
            "contact",
            plans=ctx.plans if p.refers_back else (),
            contact_parts=p.contact_parts,
            western=en,
        )

    plan_fields = tuple(f for f in p.fields if f is not Field.CONTACT)
    if not plan_fields and p.how_many_times and ctx.plans and not p.named_something:
        # 「つまり何回?」 about the plan under discussion: how many times it was changed
        plan_fields = (Field.CHANGES,)
    # 「その計画は合計何回変更?」: a plan referred to by その計画 is the one meant,
    # whatever other words (合計) the question has
    pointed = p.refers_back and bool(ctx.plans) and not p.candidates
    if plan_fields and (not p.named_something or pointed):
        if ctx.plans and _follows_up(p, plan_fields, ctx):
            return _plan_answer(ctx.plans, _when_of(plan_fields, ctx), en)
        if set(plan_fields) <= {Field.DOCUMENT, Field.UNLISTED}:
            # 「計画の詳しい中身ってどこで見れるの」: every plan's file, on the page
            return Decision(Kind.DOCUMENT, fields=plan_fields, western=en)
        if plan_fields == (Field.OVERVIEW,) and p.plan_word:
            # 「長井市の地域再生計画について教えて」: about the plans as a whole
            return Decision("aggregate", aggregate=AggregateQuery(), western=en)
        if Field.PARTNERS in plan_fields and not ctx.plans:
            # 「連携してる自治体 何市何町」: the plans made with other towns, and theirs
            return Decision("aggregate", aggregate=_with_partners(AggregateQuery()), western=en)
        return Decision("clarify", fields=plan_fields, western=en)
    if p.refers_back and ctx.plans and not p.named_something:
        return _plan_answer(ctx.plans, ctx.fields or (Field.OVERVIEW,), en)
    if Field.CONTACT in p.fields and not p.named_something:
        return Decision("contact", plans=ctx.plans, contact_parts=(ContactPart.ALL,), western=en)

    if p.social is not None and (
        not p.named_something or sum(len(u) for u in p.unexplained) <= SOCIAL_LEFTOVER
    ):
        # 「ありがとうございました。大変助かりました。」: thanks, with a word or two besides
        return Decision("social", social=p.social, western=en)
    # (whom to contact about something else, 「除雪をお願いしたいときはどこに連絡?」, is
    # no question about a plan)
    of_a_plan = set(p.fields) - {Field.CONTACT}
    if p.candidates and of_a_plan and (p.strong_fields or p.plan_word):
        # Close to a plan's name but not close enough to be sure. When the question
        # also describes something no summary speaks of (「農業の地域計画の話し合い」),
        # it may not be about these plans at all: names only, no plan's date.
        shown = () if p.content is not None else p.fields
        return Decision("did_you_mean", candidates=p.candidates, fields=shown, western=en)
    return Decision("out_of_scope", candidates=p.candidates, western=en)


# -- questions that combine a reference, a filter or a check -----------------------------


def _composed(p: Parsed, ctx: Context, en: bool) -> Decision | None:
    """Questions built from parts the plain rules below do not combine: the
    previous answer's plans (そのうち, 残りの一つ, その日), the same value as
    another plan, yes/no checks, and how long since."""
    q = p.aggregate
    if p.anniversary and (p.plans or ctx.plans) and not q:
        # 「しごと創出の計画、認定からちょうど10年になるまであと何日?」
        return Decision(Kind.PLAN, plans=p.plans or ctx.plans, anniversary=p.anniversary,
                        western=en)  # fmt: skip
    # 「パラレルワークの計画は何番目に認定された?」: its place in that order
    ranked = p.plans or (ctx.plans if p.refers_back or not p.candidates else ())
    if p.rank is not None and len(ranked) == 1:
        base = replace(q or AggregateQuery(), kind=p.rank, rank_of=ranked[0], fields=())
        return Decision(Kind.AGGREGATE, aggregate=base, western=en)
    # 「第51回と第55回の認定日は何日離れて?」「最初に認定された計画から最後の計画まで何年?」:
    # the plans a query picks, then the time between
    if p.gap and q is not None and not p.plans and (len(q.rounds) == 2 or q.also is not None):
        day = p.moments[0] if p.moments else Moment.CERTIFIED
        return Decision(Kind.BETWEEN, aggregate=q, between=(day, day), western=en)
    days = [f for f in q.dates if f.is_day] if q is not None else []
    if ((p.gap or p.span) and len(days) == 2 and not p.plans and q is not None and p.wh
            and q.kind in (AggregateKind.LIST, AggregateKind.COUNT)):  # fmt: skip
        # 「平成28年3月15日の認定から令和2年3月30日の認定まで何年あいてる?」: the two days
        one, two = (MOMENT_OF_ROLE.get(f.role, Moment.CERTIFIED) for f in days)
        return Decision(Kind.BETWEEN, aggregate=q, between=(one, two), paired=True, western=en)
    # 「じゃあその一つ前に認定された計画は?」: the plan certified just before (or after)
    owner = _the_plan(p, ctx)
    if p.neighbour and owner and not p.moment_day:
        kind = AggregateKind.NEWEST if p.neighbour < 0 else AggregateKind.OLDEST
        if Moment.ENDS in p.moments:  # 「…の次に終わったのは?」: in the order they ended
            kind = AggregateKind.LAST_ENDING if p.neighbour < 0 else AggregateKind.FIRST_ENDING
        base = AggregateQuery(kind=kind, relative_to=(owner[0], p.neighbour))
        return Decision(Kind.AGGREGATE, aggregate=base, western=en)
    # 「その二つの認定日の間って何年?」「DMOとしごと創出の認定日は何年離れてる?」
    pair = p.plans if len(p.plans) == 2 else (_pair(ctx) if p.pair or p.refers_back else ())
    # one day of each (not 「認定日・認定回・計画期間に違いは?」, several values compared)
    measured = [f for f in p.fields if f is not Field.PERIOD]  # 何年, どのくらい measure
    one_day = len(set(p.moments)) == 1 and len(measured) <= 1 and Field.ROUND not in p.fields
    # 「変更の回数の違い」: how many times each, not the days between
    counted = p.how_many_times or "回数" in p.key
    if p.gap and one_day and len(pair) == 2 and p.same is None and not counted:
        return Decision(Kind.BETWEEN, plans=pair, between=(p.moments[0], p.moments[0]), western=en)
    # 「そのうち一番最初のは?」「最後は?」 after a plan's changes: that change
    about_changes = Field.CHANGES in p.fields or (not p.fields and "changes" in ctx.fields)
    if p.ordinal and about_changes and ctx.plans and not p.plans and not p.plan_word and not (
        q and (q.dates or q.round or q.status or q.partner)
    ):
        kind = AggregateKind.OLDEST if p.ordinal == "first" else AggregateKind.NEWEST
        return Decision(Kind.PLAN, plans=ctx.plans, fields=(Field.CHANGES,),
                        aggregate=AggregateQuery(kind=kind), western=en)  # fmt: skip
    # 「そのうち変更があったのは?」「そのうち期間が長いほうは?」: within the last list
    # (「その中で、子ども向けの取り組みが入ってる計画は?」: the one whose summary says it)
    by_content = p.content is not None and not _filters(q) and any(
        share >= CONTENT_COVER and pid in ctx.results for pid, share in p.content_cover)
    if p.among and ctx.results and not p.plans and not by_content:
        base = q or AggregateQuery()
        if Field.CHANGES in p.fields and not (base.unchanged or base.changed or base.dates):
            base = replace(base, changed=True)
        # 「その中で一番最後まで続いたのは?」 then 「じゃあ、その中で一番早く終わったのは?」:
        # the same list again, not the one plan the last superlative picked
        within = ctx.results
        picks = base.kind not in (AggregateKind.LIST, AggregateKind.COUNT)
        if picks and len(ctx.results) == 1 and len(ctx.pool) > 1:
            within = ctx.pool
        return Decision(Kind.AGGREGATE, aggregate=replace(base, within=within), western=en)
    # 「残りの一つは期間いつまで?」: the plan of the list before that is not in the last
    if p.remaining and not p.plans:
        rest = _remaining(ctx)
        if rest:
            return _plan_answer(rest, p.fields or (Field.OVERVIEW,), en)
    # 「水と歴史の計画の期間中に、新しく認定された他の計画はいくつ?」
    owner = _the_plan(p, ctx, referred=True)
    if p.during and owner and (p.moments or p.happened):
        role = _MOMENT_ROLES[p.moments[0]] if p.moments else DateRole.ANY
        base = replace(q or AggregateQuery(), during=(owner[0], role), exclude=owner,
                       status=None, fields=())  # fmt: skip
        return Decision(Kind.AGGREGATE, aggregate=base, western=en)
    if (p.that_round and not p.plans and len(ctx.plans) == 1 and q is not None
            and (q.kind is AggregateKind.COUNT or q.status or p.among)):
        # 「その回で認定された計画のうち、今も期間中なのは?」「それと同じ回で…全部で何件?」:
        # every plan of its round, itself too (a round is one day's certifications)
        base = replace(q, on_day_of=(ctx.plans[0], Moment.CERTIFIED, DateRole.CERTIFIED),
                       fields=())  # fmt: skip
        return Decision(Kind.AGGREGATE, aggregate=base, western=en)
    # 「最後の変更の日に、新しく認定された計画はあった?」: that plan's day, for others
    owner = _the_plan(p, ctx)
    # (not 「まちなか交流施設の計画期間の始まりは、認定日と同じ日?」: its own two days)
    own_two = p.same is not None and len(set(p.moments)) == 2 and p.by_name and not p.others_too
    if p.moment_day is not None and owner and not own_two:
        rest = list(p.moments)
        rest.remove(p.moment_day)
        role = DateRole.ANY if p.happened or not rest else _MOMENT_ROLES[rest[0]]
        base = replace(q or AggregateQuery(), on_day_of=(owner[0], p.moment_day, role),
                       exclude=owner, fields=(), status=None)  # fmt: skip
        return Decision(Kind.AGGREGATE, aggregate=base, western=en)
    # 「その日に認定されたのはどれ?」
    # "Same day, what else happened?"
    that_day = p.that_day or (p.same is not None and p.happened)
    # (「平成31年の3月の、29日?その日に認定されたのは」: その日 is the day just said)
    own_day = q is not None and any(f.is_day for f in q.dates)
    if (that_day and ctx.day and not p.plans and not own_day
            and (p.same is None or not ctx.plans or p.happened)):
        day = dt.date.fromisoformat(ctx.day)
        role = DateRole.CHANGED if Field.CHANGES in p.fields else DateRole.CERTIFIED
        if Field.PERIOD in p.fields or (q and q.kind is AggregateKind.LAST_ENDING):
            role = DateRole.ENDS
        if p.happened:
            role = DateRole.ANY  # 「その日に他に何かあった?」
        base = q or AggregateQuery()
        if p.others_too:
            base = replace(base, exclude=ctx.plans)
        dates = (DateFilter(role, day, day, ctx.day),)
        return Decision(Kind.AGGREGATE, aggregate=replace(base, dates=dates), western=en)
    # 「DMO計画の変更日とパラレルワーク計画の認定日には何か関係が?」: a day of each
    # (the same day of both, 「AとBの変更日は同じ?」, is the same-as check below)
    differ = p.paired is not None and p.paired[0][1] is not p.paired[1][1]
    if p.paired and differ and (p.span or p.gap or p.same is not None or p.relate):
        (first, a), (second, b) = p.paired
        check = Check(CheckKind.SAME) if p.same is not None else None
        return Decision(Kind.BETWEEN, plans=(first, second), between=(a, b), paired=True,
                        check=check, western=en)  # fmt: skip
    # 「認定から最初の変更まで何か月?」「認定日と計画期間の始まりは同じ日?」: two days
    # of the same plan
    if p.span:
        plans = p.plans or (ctx.plans if not p.candidates else ())
        check = Check(CheckKind.SAME) if p.same is not None else None
        between = _two_moments(p.moments)
        # 「何回変更され、最後の変更から終わりまでは?」: the count too
        count = (Field.CHANGES,) if p.how_many_times else ()
        if plans:
            return Decision(Kind.BETWEEN, plans=plans, between=between, check=check,
                            fields=count, western=en)  # fmt: skip
        if p.every and not p.candidates:
            # 「計画期間の始まりは、どれも認定日と同じ?」: each plan's two days
            return Decision(Kind.BETWEEN, aggregate=q or AggregateQuery(), between=between,
                            check=check, western=en)  # fmt: skip
        if p.candidates:
            return Decision(Kind.CLARIFY, candidates=p.candidates, fields=_moment_fields(p),
                            western=en)  # fmt: skip
    # 「DMOと人材誘致、どっちが先に認定された?」「どっちがまだ続いてる?」
    # (not the plans discussed when the question names its own set: "Which of
    # Nagai's plans had the shortest duration?")
    compared = p.plans if len(p.plans) >= 2 else (
        ctx.plans if not p.plans and not p.all_plans else ())
    if not p.plans and len(ctx.plans) == 1 and len(ctx.others) == 1 and not p.all_plans:
        compared = (*ctx.others, *ctx.plans)  # 「どっちが期間長い?」: this plan and the one before
    if p.compare and p.comparison is not None and len(compared) >= 2 and p.same is None:
        kind = p.comparison
        q = (AggregateQuery(status=kind) if isinstance(kind, str) and kind in ("running", "ended")
             else AggregateQuery(kind=AggregateKind(kind)))  # fmt: skip
        check = Check(CheckKind.FIRST_NAMED) if p.yes_no else None
        return Decision(Kind.COMPARE, plans=compared, aggregate=q, check=check, western=en)
    # 「…と同じ回で認定された計画」「DMOと6次産業化は同じ日に認定された?」
    if p.same is not None and q is not None and q.partners_too and not p.plans:
        # 「南陽市と白鷹町は同じ計画に入ってる?」: the plans both take part in
        return Decision(Kind.AGGREGATE, aggregate=q, western=en)
    if p.same is not None:
        # (「認定日が同じ日の計画はどれとどれ?」: every pair, not the plan discussed)
        follows = p.others_too or p.refers_back or (p.that_day and not p.plural)
        plans = p.plans or (ctx.plans if follows else ())
        if (not plans and not p.plan_word and not p.plural and not p.wh
                and Field.PARTNERS not in p.fields and len(_pair(ctx)) == 2):
            plans = _pair(ctx)  # 「DMO 認定日」「6次は」 then 「回も同じ?」: the two just asked
        if len(plans) >= 2:
            check = Check(CheckKind.SAME, p.same, different=p.different)
            return Decision(Kind.CHECK, plans=plans, check=check, western=en)
        if len(plans) == 1:
            base = q or AggregateQuery()
            same = replace(base, same_as=(plans[0], p.same), partner=None)
            return Decision(Kind.AGGREGATE, aggregate=same, western=en)
        if p.every and "+" in p.same and len(set(p.moments)) == 2 and not p.candidates:
            # 「どの計画も認定日と終わりが同じ?」: each plan's own two days
            check = Check(CheckKind.SAME)
            return Decision(Kind.BETWEEN, aggregate=q or AggregateQuery(),
                            between=_two_moments(p.moments), check=check, western=en)  # fmt: skip
        plain = q is None or (q.kind is AggregateKind.LIST and not q.total)
        if not plans and not p.candidates and plain and (p.plan_word or p.among or p.yes_no
                                                          or p.wh):
            # 「認定日が同じ計画ってあるの?」: the plans that share it with each other
            base = replace(q or AggregateQuery(), shared=p.same, fields=(), partner=None)
            if p.among and ctx.results:
                base = replace(base, within=ctx.results)
            check = Check(CheckKind.SAME, p.same) if p.yes_no else None
            return Decision(Kind.AGGREGATE, aggregate=base, check=check, western=en)
    # 「計画を認定してるのは誰?」: the scheme's certifier, whichever plan
    if p.who_certifies and not p.certifier:
        return Decision(Kind.CHECK, check=Check(CheckKind.CERTIFIED_BY), plans=p.plans,
                        western=en)  # fmt: skip
    # 「市長が認定したの?」
    # (not 「内閣総理大臣の認定を賜りました日付を」, which asks the day)
    if p.certifier and (p.yes_no or p.scheme) and not p.wh:
        return Decision(Kind.CHECK, check=Check(CheckKind.CERTIFIED_BY, p.certifier),
                        plans=p.plans, western=en)  # fmt: skip
    if p.yes_no and p.contact_parts == (ContactPart.MAIL,) and not p.plans:
        return Decision(Kind.CONTACT, contact_parts=p.contact_parts,
                        check=Check(CheckKind.CONTACT), western=en)  # fmt: skip

    plans = p.plans
    if not plans and ctx.plans and p.refers_back:
        plans = ctx.plans
    if plans and p.yes_no and p.content:
        # 「ハイパー学童クラブって6次産業化の計画のやつ?」: whose is it?
        owners = [pid for pid, share in p.content_cover if share >= CONTENT_COVER]
        others = tuple(pid for pid in plans if pid not in owners)
        if len(owners) == 1 and owners[0] in plans and others:
            check = Check(CheckKind.HAS, p.content, owner=owners[0])
            return Decision(Kind.CHECK, plans=others, check=check, western=en)
        if len(owners) == 1 and others == plans and p.thing_of == owners[0] and not p.town:
            # 「山形鉄道ってDMOの計画に出てくる?」: no, another plan's summary says it
            check = Check(CheckKind.HAS, p.content, owner=owners[0])
            return Decision(Kind.CHECK, plans=plans, check=check, western=en)
    if plans and p.yes_no:
        check = _check(p)
        if check is not None:
            return Decision(Kind.CHECK, plans=plans, check=check, western=en)
    content = _content(p, plans, ctx)
    if content is not None:
        return content
    if not plans:
        return None
    if p.elapsed:
        drop = {Field.STATUS, Field.OVERVIEW, Field.DATES}
        # the answer gives the date it counts from
        if p.elapsed == "certified":
            drop.add(Field.CERTIFIED)
        elif p.elapsed in ("first_change", "last_change"):
            drop.add(Field.CHANGES)
        elif p.elapsed == "started":
            drop.add(Field.PERIOD)
        asked = tuple(f for f in p.fields if f not in drop)
        return Decision(Kind.PLAN, plans=plans, fields=asked, elapsed=p.elapsed, western=en)
    if p.yes_no:
        check = _check(p)
        if check is not None:
            return Decision(Kind.CHECK, plans=plans, check=check, western=en)
    return None


# "the one about side jobs": a plan named by what it is about, not its summary asked
_NAMED_BY_TOPIC = re.compile(
    r"\b(?:the )?(?:one|plan) about\b|(?:に関する|についての)(?:やつ|方|ほう)"
)
# A greeting or thanks may carry this many characters no word explained.
SOCIAL_LEFTOVER = 8
# 「…の件で」「…について」: a thing as the topic, not the owner of a phone number
_ABOUT_IT = re.compile(r"の(?:件|こと)で|について|に関して|に関する")
# 「変更日を全部」「全部の変更日」: every change of one plan, not every plan
_EVERY_CHANGE = re.compile(r"変更日?(?:を|も|は)?(?:全部|すべて|全て)|(?:全部|すべて|全て)の変更")
# How much of a question's describing words a summary must say to be quoted.
CONTENT_COVER = 0.6
# a summary that says every thing a 「…に触れている計画」 names and this much of its words
TOUCHES_ON = 0.4
# How many content words make a description another plan's, not a word said anywhere.
SPECIFIC_WORDS = 3
# The fields that are a plan's dates and their round: a question asking one is
# about the plan's facts, not the scheme nor a word of its summary.
_DATED_FIELDS = frozenset(
    {Field.CERTIFIED, Field.ROUND, Field.CHANGES, Field.PERIOD, Field.STATUS}
)
# … and to be listed among several plans a question expects (どれとどれ).
SAYS_MOST = 0.5


_BESIDE_A_NAME = (Field.CERTIFIED, Field.ROUND, Field.CHANGES, Field.PARTNERS)


def _quoted_fact(p: Parsed, ctx: Context) -> Decision | None:
    """「DMOの名前は?」「いつから取り組んでるの?」: what a summary names or dates in
    its own words, answered with its sentence. A plan named must be one that
    says it; without one, only the plan under discussion is looked in (「長井市で
    いつから取り組んでる?」 alone could be about anything the city does)."""
    named = p.plans if p.plans and not (p.refers_back and not p.by_name) else ()
    if p.names:
        owners = tuple(dict.fromkeys(pid for pid, _ in p.names))
        plans = _within(owners, named or ctx.plans) or (owners if not named else ())
        # (a name asked among other content, 「どこで売るって書いてある?それとプラット
        # フォームの名前も」, is one of the content's words: the content answer finds both)
        if plans and p.wh and not p.content:
            names = "、".join(name for pid, name in p.names if pid in plans)
            asked = tuple(f for f in p.fields if f in _BESIDE_A_NAME)
            return Decision(Kind.CONTENT, plans=plans, fields=asked, content=names,
                            western=p.western)  # fmt: skip
    if p.since and p.wh:
        verbs = dict(p.since)  # (the sentence is found by the summary's own verb)
        plans = _within(tuple(verbs), named or ctx.plans)
        if plans:
            return Decision(Kind.CONTENT, plans=plans, content=verbs[plans[0]],
                            western=p.western)  # fmt: skip
    return None


def _within(plans: tuple[str, ...], among: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(pid for pid in among if pid in plans)


def _content(p: Parsed, plans: tuple[str, ...], ctx: Context) -> Decision | None:
    """「災害のときに一時避難スペースになるのはどこ?」「運営するのはだれ?」: a question
    about what a plan's summary says, answered with the sentence that says it."""
    if p.content is None or (p.aggregate is not None and not _listing_only(p)):
        return None
    # (not 「観光局はいつから取り組んでいる?」, whose いつから the summary answers)
    facts = {Field.CERTIFIED, Field.ROUND, Field.CHANGES}
    if plans and p.wh and set(p.fields) & facts and p.content_words_only:
        # 「観光局の計画の認定日は?」: a word of the plan's names it, and its day is asked
        return None
    # (「移住に関わる計画を全部」: the plans speaking of it, listed as such)
    speaks = p.mention and p.plan_word and _listing_only(p)
    if p.aggregate is not None and not (p.yes_no and len(p.content_whole) == 1) and not speaks:
        return None  # a bare 「…計画がある?」 asks content only when one plan says it all
    specific = p.thing_of or p.by_phrase or p.plan_word or p.by_name
    # (not when another plan's summary says all of several words and this one's hardly
    # any: 「放課後の探究活動ってどんなことをするって書いてある?」 after the job-creation
    # plan; one or two words, 「どうやって人を見つける仕組み?」, may be said anywhere)
    said_elsewhere = (
        bool(plans) and set(plans) <= set(p.content_whole)
        and len((p.content or "").split("、")) >= SPECIFIC_WORDS
        and all(dict(p.content_cover).get(c, 0.0) < CONTENT_COVER for c in ctx.plans)
    )  # fmt: skip
    if (p.by_summary and ctx.plans and not set(plans) <= set(ctx.plans) and not specific
            and not said_elsewhere):
        # in a conversation about a plan, a question whose words only happen to be in
        # another plan's summary (「どうやって人を見つける仕組み?」) is still about it
        return _plan_answer(ctx.plans, (Field.SUMMARY,), p.western) if p.wh else None
    # 「移住の支援はありますか」 asks about the city's services, not what a plan says:
    # a yes/no question is read as one about a plan only when it names the plan.
    # 「…を後押ししてくれるような計画ってありますか?」: is there a plan that says it
    exists = p.yes_no and p.plan_word and not plans
    named = p.by_name or p.refers_back or (p.by_phrase and set(plans) <= set(p.content_whole))
    # 「まちなか交流施設に入居予定の会社」「…入居予定とされていた事業者名は」: a thing of
    # the plan named, asked as a noun
    thing = named and bool(plans) and not p.fields and bool(_ASKS_A_THING.search(p.key))
    if not (p.wh or exists or (p.yes_no and plans and named) or thing):
        return None
    # (「こんにちは。…計画ってありますか?」: a greeting before a question is no reply to
    # give instead of its answer)
    greeted = p.social is Social.GREETING and (p.wh or p.yes_no)
    if (p.social is not None and not greeted) or p.contact_parts or p.handoff:
        return None
    cover = dict(p.content_cover)
    bar = CONTENT_COVER
    if plans and not p.by_name and not p.refers_back and p.plan_word and len(p.content_whole) == 1:
        # 「地場産品の販売をするって書いてある計画は?」: 販売 is a word of the sixth-industry
        # plan's, but one summary says all of it
        (whole,) = p.content_whole
        if whole not in plans and cover.get(whole, 0.0) >= 1.0 and all(
            cover.get(pid, 0.0) < CONTENT_COVER for pid in plans
        ):
            plans = (whole,)
    sharing = [pid for pid, share in p.content_cover if share >= 0.75 and pid in p.content_whole]
    if (plans and not p.by_name and p.plan_word and not p.refers_back and len(sharing) >= 2
            and set(plans) <= set(sharing)):
        # a content word of one plan that other summaries say too: every plan saying it
        plans = tuple(sharing)
    # (a plan named only in the clause before, 「観光協会で働いてます。」, names none asked)
    if (p.plural or p.mention) and p.plan_word and (not p.by_name or p.context_only):
        # 「舟運の歴史に触れている計画はどれとどれ?」: every plan whose summary says
        # most of it, when the question expects more than one; 「…に触れている計画は?」
        # every plan that speaks of each thing it names
        most = tuple(
            pid
            for pid, share in p.content_cover
            # (「最上川の舟運に触れている」: a summary that speaks of 舟運 touches on it,
            # without the river's name; not one saying only 移住 of 「住宅取得支援で移住…」)
            if (share >= SAYS_MOST and (p.plural or pid in p.content_whole))
            or (p.mention and pid in p.content_whole and share >= TOUCHES_ON)
        )
        if len(most) >= 2 and (not plans or set(plans) <= set(most)):
            plans, bar = most, min(SAYS_MOST, *(cover.get(pid, 0.0) for pid in most))
    if not plans and p.by_summary and len(p.candidates) == 1:
        plans = p.candidates
    if (
        not plans
        and ctx.plans
        and (p.refers_back or p.continuation or not p.request)
        and not (p.city_owned and not p.refers_back)  # 「長井市の人口って今何人?」
        and all(cover.get(c, 0) >= CONTENT_COVER for c in ctx.plans)
    ):
        # 「運営するのはだれ?」 about the plan under discussion; 「長井市の人口を教えて」
        # is a request of its own, not a follow-up
        plans = ctx.plans
    if not plans:
        best = [pid for pid, share in p.content_cover if share >= 0.75]
        whole = [pid for pid in best if pid in p.content_whole]
        ranked = [share for _, share in p.content_cover]
        clear = len(ranked) == 1 or (len(ranked) > 1 and ranked[0] - ranked[1] >= 0.1)
        if len(best) == 1 and (p.by_summary or p.plan_word or p.picks):
            plans = (best[0],)
        elif not best and p.plan_word and ranked and ranked[0] >= CONTENT_COVER and clear:
            # 「首都圏での販売拠点に関する記述があるのはどの計画?」: the plan saying most of it
            plans = (p.content_cover[0][0],)
        elif len(whole) >= 2 and p.plan_word:
            # 「最上川の舟運の歴史に触れている計画はどれとどれ?」: every plan that says it
            plans = tuple(whole)
    if not plans or not all(cover.get(c, 0) >= bar for c in plans):
        return None
    # 「事業者同士の連携を進めるのは?」: 連携 is the summary's word here, not partners
    asked = tuple(
        f
        for f in p.fields
        if f not in (Field.SUMMARY, Field.OVERVIEW, Field.DATES, Field.CONTACT, Field.PARTNERS)
    )
    # 「まちなかのレンタルオフィスの家賃は?」: what of it the named plan's summary leaves unsaid
    # (not when a plan's fact is what is asked: 「農産物加工品の販路を広げる計画は第何回」
    # describes the plan with 農産物, and asks its round)
    unsaid = (p.unsaid if plans and set(plans) <= set(p.plans) and not set(asked) & _DATED_FIELDS
              else ())
    return Decision(Kind.CONTENT, plans=plans, fields=asked, content=p.content, unsaid=unsaid,
                    western=p.western)  # fmt: skip


def _check(p: Parsed) -> Check | None:
    """What a yes/no question about a plan checks, if it says."""
    q = p.aggregate
    if p.contact_topic and p.contact_parts:
        return None  # 「DMOの計画のことは南陽市に聞けばいいの?」: whom to ask, not who takes part
    said = (q.round is not None) + len(q.dates) + (q.times is not None) if q else 0
    if said >= 2 and q is not None and not q.during and not q.same_as:
        # 「第55回認定で、期間は令和6年3月31日までですよね?」: each fact said, checked
        return Check(CheckKind.CLAIMS, round=q.round, times=q.times, claims=q.dates)
    if p.alone and not p.town:
        # 「DMOの計画って長井市だけでやってるわけじゃないですよね?」
        return Check(CheckKind.ALONE, different=p.negative_confirm)
    # 「長井の観光局を南陽市とかまで広げる計画、変更の日付ってありましたっけ」: the town
    # describes the plan; the question is about its changes
    dated = bool(set(p.fields) & DAY_FIELDS) and Field.PARTNERS not in p.fields
    if p.town and not dated:
        return Check(CheckKind.PARTNER, p.town, towns=p.towns if len(p.towns) > 1 else ())
    if q is not None and q.round is not None:
        return Check(CheckKind.ROUND, round=q.round)
    if q is not None and q.page_ended:
        return Check(CheckKind.PAGE_ENDED)  # 「…は「終了した計画」のところに載ってる?」
    if q is not None and q.years is not None:
        return Check(CheckKind.YEARS, years=q.years)  # 「まちなか交流施設の計画って5年計画?」
    if Field.CHANGES in p.fields and q is not None and q.dates:
        return None  # 「令和に入ってからの変更はありますか」: that span's changes, said as such
    if Field.CHANGES in p.fields:
        # 「変更なしで終わった?」: the claim is that it never was (はい only if so)
        times = (0, 0) if q is not None and q.unchanged else q.times if q is not None else None
        return Check(CheckKind.CHANGED, times=times)
    if q is not None and q.dates and Field.CERTIFIED in p.fields:
        return Check(CheckKind.YEAR, dates=q.dates[0])
    dated = next((f for f in q.dates if f.role in _DAY_CHECKED), None) if q else None
    if dated is not None and ({Field.STATUS, Field.PERIOD} & set(p.fields) or not p.fields):
        # 「令和になってから終わった?」: whether the end fell in that span
        return Check(CheckKind.YEAR, dates=dated)
    if Field.STATUS in p.fields:
        running = q is not None and q.status == "running"
        return Check(CheckKind.RUNNING if running else CheckKind.ENDED)
    return None


_DAY_CHECKED = (DateRole.ENDS, DateRole.STARTS, DateRole.RUNNING)

_MOMENT_ROLES = {
    Moment.CERTIFIED: DateRole.CERTIFIED,
    Moment.CHANGED: DateRole.CHANGED,
    Moment.FIRST_CHANGE: DateRole.CHANGED,
    Moment.LAST_CHANGE: DateRole.CHANGED,
    Moment.STARTS: DateRole.STARTS,
    Moment.ENDS: DateRole.ENDS,
}


_CHANGE_MOMENTS = (Moment.CHANGED, Moment.FIRST_CHANGE, Moment.LAST_CHANGE)


def _two_moments(moments: tuple[Moment, ...]) -> tuple[Moment, Moment]:
    """The two days to measure between: 「何回変更され、最後の変更から終わりまで」 is
    the last change and the end; a change said twice (変更, 最後の変更) is one day,
    the more precise."""
    picked: list[Moment] = []
    for m in moments:
        if m in _CHANGE_MOMENTS and any(p in _CHANGE_MOMENTS for p in picked):
            if m is not Moment.CHANGED:
                picked = [m if p in _CHANGE_MOMENTS else p for p in picked]
            continue
        if m not in picked:
            picked.append(m)
    return (picked[0], picked[1]) if len(picked) >= 2 else (picked[0], picked[0])


def _moment_fields(p: Parsed) -> tuple[Field, ...]:
    named = {Moment.CERTIFIED: Field.CERTIFIED, Moment.STARTS: Field.PERIOD,
             Moment.ENDS: Field.PERIOD}  # fmt: skip
    return tuple(dict.fromkeys(named.get(m, Field.CHANGES) for m in p.moments))


def _the_plan(p: Parsed, ctx: Context, referred: bool = False) -> tuple[str, ...]:
    """The one plan a question is about: named, else the one under discussion
    (only when referred to, if `referred`); () when it is not exactly one."""
    if p.plans:
        return p.plans if len(p.plans) == 1 else ()
    if referred and not p.refers_back:
        return ()
    return ctx.plans if len(ctx.plans) == 1 else ()


def _pair(ctx: Context) -> tuple[str, ...]:
    """The two plans just talked about: the last list of two, the plan asked
    about with the one before it, or the last answer's two plans."""
    if len(ctx.plans) == 2:
        return ctx.plans
    if len(ctx.results) == 2:
        return ctx.results
    if len(ctx.results) == 1 and len(ctx.earlier) == 1 and ctx.results != ctx.earlier:
        return (*ctx.earlier, *ctx.results)
    if _discussed_pair(ctx):
        return ctx.talked
    return ()


def _discussed_pair(ctx: Context) -> bool:
    """One plan asked about, then another (the one now talked of), with no list between."""
    return (len(ctx.talked) == 2 and len(ctx.plans) == 1 and ctx.talked[-1] == ctx.plans[0]
            and ctx.talked[0] in ctx.others)


# 「変更のなかった方」: the plan told apart by its changes, not its changes asked
_DESCRIBED_BY_CHANGES = re.compile(
    r"変更(?:の|が)?(?:なかった|ない|無い|あった|ある)(?:方|ほう|の)"
)


def _remaining(ctx: Context) -> tuple[str, ...]:
    if ctx.earlier and set(ctx.results) < set(ctx.earlier):
        return tuple(p for p in ctx.earlier if p not in ctx.results)
    if ctx.results and ctx.plans and set(ctx.plans) < set(ctx.results):
        return tuple(p for p in ctx.results if p not in ctx.plans)
    return ctx.others


def _about_something_else(p: Parsed) -> bool:
    """「最上川の今の水位はどのくらい?」「山形鉄道の運賃」「移住したいけど雪は?」: the
    plan came only through a word of what it does, and the question names a
    thing its summary does not speak of (水位, 運賃, 雪). Answering with that
    plan's facts would answer a question nobody asked."""
    if (
        p.context_only
        and p.content is not None
        and p.plans
        and not p.fields
        and not set(p.plans) <= set(p.content_whole)
    ):
        # 「パラレルワークって言葉を最近よく聞くけど、副業の確定申告ってどうやるの?」: the
        # plan is named only to set the scene; the question asks about something else
        return True
    if p.by_name or p.plan_word or p.refers_back or p.handoff or p.choice:
        return False
    if p.by_phrase and p.strong_fields and Field.CONTACT not in p.fields and p.fields:
        # 「ハイパー学童クラブでは何をするって書いてある? 英語教室?」: what the plan says
        # of its own thing, whatever the asker guesses
        return False
    if (p.aggregate is not None and not p.plans) or p.scheme or p.contact_parts:
        return False
    found = p.plans or (p.candidates if p.by_summary else ())
    # nothing described at all (the plan's word typed by its reading, 額堂 for 学童)
    # names nothing else
    described = p.content is not None or bool(p.unexplained)
    return bool(found) and described and not set(found) <= set(p.content_whole)


def _status_of_the_plan_discussed(p: Parsed, ctx: Context) -> bool:
    """「今も続いてる?」 with a plan under discussion: a bare status question, with
    nothing that asks for plans (計画, 一覧, a superlative, another filter)."""
    q = p.aggregate
    if q is None or not ctx.plans or p.plans or p.plan_word or q.status is None:
        return False
    bare = replace(q, status=None, fields=())
    return bare == AggregateQuery() and p.yes_no and not p.plural


def _when_the_plan_discussed_ended(p: Parsed, ctx: Context) -> bool:
    """「いつ終わったの」 with a plan under discussion: when its period ended, not
    which plans have ended."""
    q = p.aggregate
    if q is None or not ctx.plans or p.plans or p.plan_word or q.status != "ended":
        return False
    return replace(q, status=None, fields=()) == AggregateQuery() and p.wh and not p.plural


def _checks_the_plan_discussed(p: Parsed, ctx: Context) -> bool:
    """「変更は4回って聞いたんだけど本当?」「白鷹町は入ってる?」 after an answer about
    a plan: a yes/no question of one filter, and nothing that asks for plans."""
    q = p.aggregate
    if q is None or not ctx.plans or p.plans or p.plan_word or p.every or not p.yes_no:
        return False
    if p.any_such and not p.refers_back:
        return False  # 「平成27年度中に認定されたものはありますか」: any plan at all
    bare = replace(q, times=None, partner=None, round=None, dates=(), status=None, fields=(),
                   years=None)  # 「で、期間は3年だったっけ?」 of the plan discussed
    return bare == AggregateQuery() and not p.plural and not p.named_something


def _elapsed_of_the_plan_discussed(p: Parsed, ctx: Context) -> bool:
    """「じゃあ終わったのは何年前?」 after an answer about a plan: how long since, for it."""
    q = p.aggregate
    if not p.elapsed or not ctx.plans or p.plans or p.plan_word or p.candidates:
        return False
    bare = q is None or replace(q, status=None, fields=()) == AggregateQuery()
    return bare and not p.named_something


def _dated_as_before(p: Parsed, ctx: Context) -> AggregateQuery | None:
    """「2017年5月30日に変更された計画は?」 then 「2017年2月24日は?」: a bare date asks
    the same as the question before (changed, not certified); a place in an order
    after a question within some plans is within them too."""
    q = p.aggregate
    if q is not None and q.nth and q.within is None and ctx.pool and not p.plans:
        # 「そのうち一番長いのは?」 then 「2番目に長いのは?」: in the same plans
        return replace(q, within=ctx.pool)
    if q is None or not q.dates or p.fields or p.moments or "changes" not in ctx.fields:
        return q
    dates = tuple(replace(f, role=DateRole.CHANGED) if f.role is DateRole.CERTIFIED else f
                  for f in q.dates)  # fmt: skip
    return replace(q, dates=dates, fields=(Field.CHANGES,))


def _with_partners(q: AggregateQuery) -> AggregateQuery:
    """Asked about partners over all plans: the plans made with other towns
    (most have none), each with its towns."""
    return replace(q, joint=True, fields=(Field.PARTNERS,))


def _filters(q: AggregateQuery | None) -> bool:
    """Does the query keep only some plans (a town, a round, a date …)?"""
    if q is None:
        return False
    return replace(q, kind=AggregateKind.LIST, fields=(), group=None, claimed=None) != (
        AggregateQuery())


def _both_of_the_two_discussed(p: Parsed, ctx: Context) -> Parsed:
    """「両方とも変更された?」 "Were both plans amended?" after a question about one
    plan and then another: the two of them, named (a time between them is read
    from the pair where it is asked)."""
    if not p.pair or p.plans or p.gap or p.same is not None:
        return p
    pair = _pair(ctx)
    if not pair and len(ctx.plans) == 1 and len(ctx.others) == 1:
        pair = (*ctx.others, *ctx.plans)  # this plan and the one asked of before
    if len(pair) != 2 or len(ctx.plans) == 2:
        return p  # (a list of two answered together is the conversation's already)
    return replace(p, plans=pair, refers_back=True)


def _summary_over_loose_name(p: Parsed) -> Parsed:
    """「新しい市役所と一緒に建つ施設の計画」: a plan found only by a loose likeness
    of some word (寄りでよくわ ~ 水と歴史) yields to the one plan whose summary says
    everything the question describes."""
    if not (p.loose and p.plans and not p.by_name and len(p.content_whole) >= 1):
        return p
    cover = dict(p.content_cover)
    whole = [pid for pid in p.content_whole if cover.get(pid, 0.0) >= 1.0]
    if len(whole) != 1 or whole[0] in p.plans:
        return p
    if any(cover.get(pid, 0.0) >= CONTENT_COVER for pid in p.plans):
        return p
    return replace(p, plans=(whole[0],), loose=False, by_summary=True)


def _another_things_day(p: Parsed) -> bool:
    """Only a round or a day ties the question to the plans, and the thing it
    asks about is a word no plan's text holds, with no plan word (計画, 事業)
    and no date field asked (認定, 変更, 期間)."""
    q = p.aggregate
    if q is None or p.plans or p.plan_word or not p.unsaid_anywhere:
        return False
    if not (q.dates or q.round is not None or q.rounds):
        return False
    if any(f.role is DateRole.ANY for f in q.dates):
        return False  # 「R2.3.30の動き」「…の出来事」: what happened to the plans that day
    return not (set(p.fields) & (_DATED_FIELDS | {Field.DATES}))


def _listing_only(p: Parsed) -> bool:
    q = p.aggregate
    return q is not None and q == AggregateQuery(fields=q.fields)


def _lists_something_else(p: Parsed) -> bool:
    """A list or a superlative of something no plan word names: only the word
    一覧 or 一番新しい, with a thing of its own (ゴミ出し, python) and nothing
    that filters plans (a date, a round, a town, a status)."""
    q = p.aggregate
    if q is None or p.plan_word or p.by_name or not p.named_something:
        return False
    filtered = (q.status or q.dates or q.round is not None or q.partner or q.unchanged
                or q.changed or q.years or q.page_ended or q.joint or q.same_as)  # fmt: skip
    asked = [f for f in p.fields if f not in (Field.OVERVIEW, Field.DATES)]
    return not filtered and not asked


def _when_of(fields: tuple[Field, ...], ctx: Context) -> tuple[Field, ...]:
    """A bare 「いつ?」 after 「変更された?」 asks when it was changed, not the plan's
    dates in general."""
    if fields != (Field.DATES,):
        return fields
    dated = tuple(Field(f) for f in ctx.fields if f in (Field.CERTIFIED, Field.CHANGES,
                                                       Field.PERIOD, Field.ROUND))  # fmt: skip
    if dated:
        return dated
    return (Field.PERIOD,) if Field.STATUS in ctx.fields else fields


def _follows_up(p: Parsed, fields: tuple[Field, ...], ctx: Context) -> bool:
    """Is a question that names no plan about the plan under discussion?

    「期間は?」 after 「DMOの計画について」 is; 「認定日を教えて」 as a request of its
    own is not, and nor is asking again for the field just answered. When unsure
    the bot asks which plan (listing every plan's answer), because answering
    confidently about the wrong plan is the worse mistake.
    """
    if p.refers_back or p.continuation or _bare(p) or (p.western and not p.english):
        # 「終わりの日を西暦で」: the same plan's day, in another form
        return True
    if p.all_plans:
        return False  # 「長井市の計画はいつ認定された?」: the city's plans, each of them
    if {f.value for f in fields} <= set(ctx.fields):
        # 「変更が多かったのはどれ?」「何回変更されたの」: the one plan just found, asked
        # about what found it (not 「認定日を教えて」, a request of its own)
        return len(ctx.plans) == 1 and ctx.results == ctx.plans and not p.request

    return not p.request


# A message this short that names nothing (「期間」「何年?」「おわり」) only makes
# sense as a follow-up to the answer just given.
BARE = 6


def _bare(p: Parsed) -> bool:
    return len(p.key) <= BARE and not (p.named_something or p.request or p.aggregate)


def _only_a_thing(p: Parsed) -> bool:
    """A message that is only a thing one summary has (プログラミング), nothing asked."""
    return (
        len(p.key) <= THING_ALONE
        and len(p.plans) == 1
        and p.thing_of == p.plans[0]
        and p.content is not None
        and not (p.loose or p.social or p.wh or p.yes_no or p.aggregate)
    )


# A message this short that is a thing a summary has, asks what it is.
THING_ALONE = 12


def _same_again(p: Parsed, ctx: Context) -> bool:
    """「西暦だと?」「英語で」 with nothing else: the question just answered, again."""
    asks_nothing = not (p.plans or p.candidates or p.fields or p.aggregate or p.named_something)
    return p.again and asks_nothing and bool(ctx.plans and ctx.fields)


def _talked(now: tuple[str, ...], prev: Context) -> tuple[str, ...]:
    """The last two plans answered about, oldest first: one plan after another (「DMOは?」
    「6次は?」) makes a pair, an answer about two plans is one."""
    if len(now) == 2:
        return now
    if len(now) != 1:
        return prev.talked
    return (*[t for t in prev.talked if t != now[0]][-1:], now[0])


def _others(chosen: tuple[str, ...], prev: Context) -> tuple[str, ...]:
    """The candidates not chosen, for a later 「もう一つの方は?」."""
    if prev.candidates and set(chosen) <= set(prev.candidates):
        return tuple(c for c in prev.candidates if c not in chosen)
    if prev.others and set(chosen) <= set(prev.others):
        return prev.plans  # switched to the other one: the first is now "the other"
    if len(prev.plans) > 1 and set(chosen) < set(prev.plans):
        return tuple(p for p in prev.plans if p not in chosen)  # one of two just answered
    if chosen == prev.plans:
        return prev.others
    # 「パラレルワークの認定日は?」「まちなかの方は?」: the plan before is "the other"
    return prev.plans if len(prev.plans) == 1 and len(chosen) == 1 else ()


def _fields(ctx: Context) -> tuple[Field, ...]:
    return tuple(Field(f) for f in ctx.fields)


def _plan_answer(
    plans: tuple[str, ...], fields: tuple[Field, ...] | tuple[str, ...], en: bool
) -> Decision:
    # 「2」 after a "which plan?" that asked no field: the plan in brief
    asked = tuple(Field(f) for f in fields) or (Field.OVERVIEW,)
    return Decision("plan", plans=plans, fields=asked, western=en)


def next_context(
    decision: Decision,
    shown: tuple[str, ...],
    previous: Context | None,
    now: dt.datetime,
    day: dt.date | None = None,
) -> Context:
    """What to remember after answering `decision`; `shown` are the plans the
    reply listed, in order (a later 「2」 picks the second, 「そのうち」 looks in them),
    and `day` the one day the answer was about (「その日に認定された計画は?」)."""
    prev = previous or Context()
    said = day.isoformat() if day is not None else prev.day
    western = decision.western and not decision.english
    # the plan(s) this answer was about, for a later 「最初に聞いたやつ」
    talked: tuple[str, ...] = ()
    if decision.intent in (Kind.PLAN, Kind.CHECK, Kind.CONTENT, Kind.CONTACT):
        talked = decision.plans
    elif decision.intent == Kind.AGGREGATE and len(shown) == 1:
        talked = shown
    keep = {"results": prev.results, "earlier": prev.earlier, "day": said, "western": western,
            "first": prev.first or talked, "talked": _talked(talked, prev),
            "updated": now}  # fmt: skip
    if decision.intent in (Kind.PLAN, Kind.CHECK, Kind.CONTENT):
        fields = tuple(decision.fields)
        if not fields and decision.check is not None:
            fields = (CHECK_FIELDS[decision.check.kind],)  # 「南陽市も入ってる?」: partners
        if len(decision.plans) >= 2:
            # an answer about several plans is a list too: 「2つ目の方は?」 still
            # picks from it after 「1つ目」 was answered
            keep.update(results=decision.plans, earlier=prev.results)
        return Context(plans=decision.plans, fields=fields,
                       others=_others(decision.plans, prev), **keep)  # fmt: skip
    if decision.intent in (Kind.CLARIFY, Kind.DID_YOU_MEAN):
        # The plan talked about before is no longer what the user means.
        return Context(fields=tuple(decision.fields) or prev.fields, candidates=shown, **keep)
    if decision.intent == Kind.CONTACT and decision.plans:
        return Context(plans=decision.plans, fields=prev.fields, **keep)
    if decision.intent == Kind.AGGREGATE:
        q = decision.aggregate or AggregateQuery()
        day = next((f.first.isoformat() for f in q.dates if f.is_day), prev.day)
        plans, others = prev.plans, ()
        if len(shown) == 1:
            # 「それっていつまで?」 is about the one plan found; 「もう一方」 the rest
            plans = shown
            pool = q.within or prev.results
            others = tuple(r for r in pool if r not in shown)
        return Context(plans=plans, fields=tuple(q.fields) or prev.fields, others=others,
                       results=shown, earlier=prev.results, pool=q.within or (), day=day,
                       western=western, first=keep["first"], talked=keep["talked"],
                       updated=now)  # fmt: skip
    return Context(plans=prev.plans, fields=prev.fields, **keep)

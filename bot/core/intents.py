"""What a question asks, as data: the parser produces `Parsed`, the dialogue
completes it from context into a `Decision` (the structured query: which
plans, which fields, which operation, which language), and the answerer
executes it against the knowledge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from enum import StrEnum


class Field(StrEnum):
    """A plan's field a question asks about."""

    CERTIFIED = "certified"  # 認定日
    ROUND = "round"  # 第何回の認定
    CHANGES = "changes"  # 変更日
    PERIOD = "period"  # 計画期間, いつまで, 何年間
    STATUS = "status"  # 終わった? 実施中?
    SUMMARY = "summary"  # 概要, 何をする
    PARTNERS = "partners"  # 連携する市町
    CONTACT = "contact"  # whom to ask about the plan
    OVERVIEW = "overview"  # 〜について: the plan in brief
    DATES = "dates"  # a bare いつ: certification and period
    DOCUMENT = "document"  # 詳しいPDF, 計画書: the file the page links under each plan
    UNLISTED = "unlisted"  # 事業費, KPI: what the page does not give


# the fields that are a plan's days and rounds (not 「…でやってる?」, STATUS): what a
# yes/no asks of its days, and what a word search keeps of a question
DAY_FIELDS = frozenset({Field.CERTIFIED, Field.ROUND, Field.CHANGES, Field.PERIOD})


class Kind(StrEnum):
    """The kind of answer a Decision asks for; the answerer has one handler each."""

    PLAN = "plan"  # fields of named plans
    CHECK = "check"  # a yes/no question about a plan or the scheme
    CONTENT = "content"  # a phrase looked up inside plans' summaries
    CLARIFY = "clarify"  # which plan?
    DID_YOU_MEAN = "did_you_mean"
    AGGREGATE = "aggregate"  # list, count, superlative over filtered plans
    COMPARE = "compare"  # which of the named plans is first, longest, still running …
    BETWEEN = "between"  # the time between two of a plan's own dates
    CONTACT = "contact"
    SCHEME = "scheme"
    DOCUMENT = "document"  # where each plan's detailed file is (no plan named)
    SOCIAL = "social"
    EMPTY = "empty"
    HANDOFF = "handoff"
    BACK_TO_BOT = "back_to_bot"
    OUT_OF_SCOPE = "out_of_scope"


class CheckKind(StrEnum):
    """What a yes/no question checks."""

    PARTNER = "partner"  # does town X take part?
    ENDED = "ended"  # has it ended?
    RUNNING = "running"  # is it still running?
    CHANGED = "changed"  # has it been changed?
    CERTIFIED_BY = "certified_by"  # was it X who certified? (the scheme)
    ROUND = "round"  # was it certified in round N?
    YEAR = "year"  # was it certified in a given span?
    SAME = "same"  # were these plans certified on the same day / in the same round?
    HAS = "has"  # is this (ハイパー学童クラブ) part of that plan?
    CONTACT = "contact"  # can I ask this way (by mail …)?
    FIRST_NAMED = "first_named"  # 「AはBより長い?」: is the first plan named the one?
    ALONE = "alone"  # 「長井市だけでやってるの?」: is it the city's own plan?
    YEARS = "years"  # 「5年計画?」: is its period that long?
    PAGE_ENDED = "page_ended"  # 「ページの「終了した計画」のところに載ってる?」
    CLAIMS = "claims"  # 「第51回の認定で、令和2年3月30日に変更されてる、で合ってる?」: each fact
    EVERY = "every"  # 「全部の計画に南陽市が入ってる?」: do all plans pass the filters?
    ANY = "any"  # 「どれか一つでも…ある?」: does any plan pass them?


# The field each yes/no question is about (for its answer's buttons, and for a
# follow-up: 「南陽市も入ってる?」 then 「ほかには?」 asks partners again).
CHECK_FIELDS: dict[CheckKind, Field] = {
    CheckKind.PARTNER: Field.PARTNERS,
    CheckKind.ENDED: Field.STATUS,
    CheckKind.RUNNING: Field.STATUS,
    CheckKind.CHANGED: Field.CHANGES,
    CheckKind.ROUND: Field.ROUND,
    CheckKind.YEAR: Field.CERTIFIED,
    CheckKind.CERTIFIED_BY: Field.CERTIFIED,
    CheckKind.SAME: Field.CERTIFIED,
    CheckKind.CONTACT: Field.CONTACT,
    CheckKind.HAS: Field.SUMMARY,
    CheckKind.FIRST_NAMED: Field.CERTIFIED,
    CheckKind.ALONE: Field.PARTNERS,
    CheckKind.YEARS: Field.PERIOD,
    CheckKind.PAGE_ENDED: Field.STATUS,
    CheckKind.CLAIMS: Field.OVERVIEW,
    CheckKind.EVERY: Field.OVERVIEW,
    CheckKind.ANY: Field.OVERVIEW,
}


@dataclass(frozen=True)
class Check:
    kind: CheckKind
    value: str | None = None  # the town, the certifier as written
    round: int | None = None
    dates: DateFilter | None = None
    owner: str | None = None  # HAS: the plan whose summary does say it
    times: tuple[int, int] | None = None  # CHANGED: this many times, (least, most)
    different: bool = False  # SAME / ALONE asked the other way: 「別々の日に?」「…じゃないよね?」
    towns: tuple[str, ...] = ()  # PARTNER: several towns asked at once
    years: tuple[int, int] | None = None  # YEARS: a period this many whole years long
    claims: tuple[DateFilter, ...] = ()  # CLAIMS: every date said, each with its role


class Moment(StrEnum):
    """A day in a plan's life a question may measure from or to."""

    CERTIFIED = "certified"
    CHANGED = "changed"  # a change, unsaid which: the answer takes the nearer one
    FIRST_CHANGE = "first_change"
    LAST_CHANGE = "last_change"
    STARTS = "starts"
    ENDS = "ends"


class ContactPart(StrEnum):
    ALL = "all"
    PHONE = "phone"
    FAX = "fax"
    ADDRESS = "address"
    POSTAL = "postal"
    MAIL = "mail"
    OFFICE = "office"
    HOURS = "hours"
    STAFF = "staff"  # the name of the person in charge, which the page does not give


class Social(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    BYE = "bye"


class AggregateKind(StrEnum):
    LIST = "list"
    COUNT = "count"
    STARTS_FIRST = "starts_first"
    STARTS_LAST = "starts_last"
    NEWEST = "newest"  # most recently certified
    OLDEST = "oldest"
    LONGEST = "longest"  # longest period
    SHORTEST = "shortest"
    LAST_ENDING = "last_ending"  # ends last
    FIRST_ENDING = "first_ending"  # ended first
    MOST_CHANGES = "most_changes"
    MOST_PARTNERS = "most_partners"  # made with the most municipalities
    FIRST_CHANGED = "first_changed"  # changed first (its first change the earliest)
    LAST_CHANGED = "last_changed"  # changed most recently (its last change the latest)
    PAGE = "page"  # in the order the city's page lists them


class DateRole(StrEnum):
    """What a date in an aggregate question is compared with."""

    CERTIFIED = "certified"
    ENDS = "ends"
    STARTS = "starts"
    CHANGED = "changed"
    RUNNING = "running"  # the period covers the date
    ANY = "any"  # 「…に何があった?」: certified, changed, started or ended then


# the day of a plan a date filter's role names (「平成31年3月29日の認定」: its certification)
MOMENT_OF_ROLE = {DateRole.CERTIFIED: Moment.CERTIFIED, DateRole.CHANGED: Moment.CHANGED,
                  DateRole.ENDS: Moment.ENDS, DateRole.STARTS: Moment.STARTS}  # fmt: skip


@dataclass(frozen=True)
class DateFilter:
    """A day or a span (令和2年, 2019年3月, 令和2年度) a plan date must fall in."""

    role: DateRole
    first: dt.date
    last: dt.date
    text: str  # as the user wrote it, for the answer: 令和2年

    @property
    def is_day(self) -> bool:
        return self.first == self.last


@dataclass(frozen=True)
class AggregateQuery:
    kind: AggregateKind = AggregateKind.LIST
    status: str | None = None  # "ended" | "running" | None
    dates: tuple[DateFilter, ...] = ()
    round: int | None = None
    rounds: tuple[int, ...] = ()  # 「第36回と第55回」: any of these rounds
    partner: str | None = None  # plans a municipality takes part in
    partners_too: tuple[str, ...] = ()  # 「南陽市と白鷹町が入ってる計画」: these take part too
    unchanged: bool = False  # plans never changed
    changed: bool = False  # plans changed at least once
    fields: tuple[Field, ...] = ()  # what to show for each plan (e.g. 認定日)
    years: tuple[int, int] | None = None  # period length in whole years, (least, most)
    same_as: tuple[str, str] | None = None  # (plan id, "certified" | "round" | "ends")
    within: tuple[str, ...] | None = None  # only these plans (the previous answer's set)
    exclude: tuple[str, ...] = ()  # 他には: not these
    # 「2022年3月31日に終わった計画以外で」: the plans this other query finds are left out
    minus: AggregateQuery | None = None
    page_ended: bool = False  # listed under the page's 「終了した計画」 heading
    joint: bool = False  # made with other municipalities
    except_named: bool = False  # 「DMOの計画以外で」: the plans named are left out
    also: AggregateKind | None = None  # a second superlative asked in the same question
    times: tuple[int, int] | None = None  # changed this many times, (least, most)
    during: tuple[str, DateRole] | None = None  # within plan X's period: (X, what happened)
    total: bool = False  # the plans' changes added up (延べ何回)
    relative_to: tuple[str, int] | None = None  # certified just before (-1) / after (1) plan X
    group: str | None = None  # list in groups: "round", "year" or "fiscal" (of certification)
    on_day_of: tuple[str, Moment, DateRole] | None = None  # on plan X's day: (X, its day, role)
    nth: int | None = None  # 「2番目に認定された」: that place in the kind's order
    rank_of: str | None = None  # 「Xは何番目に認定された?」: plan X's place in the kind's order
    shared: str | None = None  # 「認定日が同じ計画ってある?」: plans sharing it with another
    negate: bool = False  # 「南陽市が入ってない計画」: the plans the filters do not keep
    order: AggregateKind | None = None  # 「古い順に並べて」: the list sorted in this kind's order
    says: str | None = None  # 「「舟運」という言葉が出てくる計画」: summaries with this word
    says_in_title: bool = False  # 「…という言葉が名前に入っている」: the titles, not the summaries
    round_span: tuple[int, int] | None = None  # 「第40回より前」: rounds from, to (inclusive)
    # 「12月に認定された計画」: a month of any year, and which day falls in it
    month: tuple[DateRole, int] | None = None
    claimed: int | None = None  # 「5件で合ってる?」: the count the asker gives, to confirm
    limit: int | None = None  # 「遅い順に3つ教えて」: only the first so many of a sorted list
    # 「終わってる計画って、しごと創出のやつだけ?」: the plans the asker thinks are all of them
    claimed_plans: tuple[str, ...] = ()
    # 「計画期間を平均すると何年?」「最長と最短の差は?」: a figure over the plans found
    # (period_mean, changes_mean, period_range, certified_span, round_span)
    stat: str | None = None


def _plain(value: object) -> object:
    """A filter's value as JSON: dates as ISO text, tuples as lists."""
    if isinstance(value, DateFilter):
        return [value.role.value, value.first.isoformat(), value.last.isoformat()]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, AggregateQuery):
        return _filters(value)  # the plans a `minus` leaves out, by its own filters
    return value


def _filters(q: AggregateQuery) -> dict[str, object]:
    """Every filter the query sets (those left at their default are left out), so
    `ask --json` shows a new filter without being taught it."""
    return {
        f.name: _plain(getattr(q, f.name))
        for f in fields(q)
        if f.name != "kind" and getattr(q, f.name) != f.default
    }


@dataclass(frozen=True)
class Parsed:
    """What one message says on its own, before conversation context."""

    key: str
    fields: tuple[Field, ...] = ()
    contact_parts: tuple[ContactPart, ...] = ()
    plans: tuple[str, ...] = ()  # plans named with confidence
    candidates: tuple[str, ...] = ()  # plans that may be meant (ambiguous or unsure)
    named_something: bool = False  # text left over that may name a plan
    by_name: bool = False  # a plan was named by its title or a name, not a content word
    by_phrase: bool = False  # named by a content word that is a thing's own name (市民協働ホール)
    loose: bool = False  # found only loosely, by a word of what a plan does (観光キャンペーン)
    plan_word: bool = False  # the text says 計画, プロジェクト, plan
    contact_topic: bool = False  # 問い合わせ, 電話 …: about the office itself
    office_named: bool = False  # 問い合わせ先, 窓口, 担当課, the office's name: the office, by name
    aggregate: AggregateQuery | None = None
    # 「…以外で」: the plans another clause names (by name or filters), left out
    minus: AggregateQuery | None = None
    scheme: bool = False
    social: Social | None = None
    handoff: bool = False
    back_to_bot: bool = False
    refers_back: bool = False  # この計画, そっち, のほうは: about the plan under discussion
    other: bool = False  # もう一つの方: the candidate not chosen
    request: bool = False  # a whole request: 「…を教えて」
    continuation: bool = False  # 「概要も」, 「じゃあ」: carries on the conversation
    choice: int | None = None  # "2", "2番目": picks an offered candidate
    # 「2つ目の計画は?」 "the second one": one of the plans just answered (-1 the last)
    pick: int | None = None
    # 「5番目の計画」「一番上の計画」 with no list before it: the plan at that place on the page
    page_plan: str | None = None
    page_plans: tuple[str, ...] = ()  # 「2番目と3番目の計画」: several places on the page
    on_page: bool = False  # 「このページで一番下にある計画」: the page's order, not a list's
    step: int = 0  # 「その一つ前」 -1, 「その次」 +1: beside the plan just answered, in its list
    english: bool = False
    western: bool = False  # show Western dates too (English, or 西暦 asked)
    fiscal: bool = False  # 「何年度?」: say each date's fiscal year too
    first_asked: bool = False  # 「最初に聞いたやつ」: the conversation's first plan
    how_known: bool = False  # 「なんでわかるの?」 "How do you know?": where the answer comes from
    again: bool = False  # 「西暦だと?」「英語で」: the last answer again, in that form
    wareki: bool = False  # 「和暦だと?」: era dates only, no longer Western ones
    yes_no: bool = False  # asks yes or no (no いつ/何/どこ …, ends like 〜ですか)
    town: str | None = None  # a municipality named (a partner's own spelling if it is one)
    same: str | None = None  # 「…と同じ回」: which value is the same ("certified", "round" …)
    different: bool = False  # 「別々の日に」: asks whether they differ
    towns: tuple[str, ...] = ()  # every municipality named, in order (a partner's spelling)
    alone: bool = False  # 「長井市だけでやってる?」: whether the city makes it alone
    negative_confirm: bool = False  # 「…わけじゃないですよね?」: asked in the negative
    # how long since: "ended", "certified", "started", "first_change", "last_change"
    elapsed: str | None = None
    nth_change: int | None = None  # 「2回目の変更は?」: a plan's n-th change
    anniversary: tuple[str, int] | None = None  # 「認定から10年になるのはいつ?」: (day, years)
    weekday: bool = False  # 「何曜日?」: say the day of the week too
    jubilee: bool = False  # 「認定何周年?」: years counted as anniversaries
    they: bool = False  # "they", 「それら」: the plans of the list just given
    statistic: bool = False  # 「観光客は何人?」 "how many tourists": a figure of the city
    recommendation: bool = False  # 「おすすめの…」 "the best …": asks for a recommendation
    not_about_plans: bool = False  # 「市の計画とかは関係ないんですけど」: says so itself
    among: bool = False  # そのうち, その中で: within the previous answer's plans
    others_too: bool = False  # 他には: the previous answer's plans left out
    remaining: bool = False  # 残りの一つ
    that_day: bool = False  # その日
    that_round: bool = False  # 「その回で認定された計画のうち」「それと同じ回で…全部で何件」
    plan_stat: str | None = None  # AggregateQuery.stat: 「計画期間の平均は?」
    happened: bool = False  # 「何があった?」: any event, not only certifications
    ordinal: str | None = None  # 「最初の」 "first" / 「最後の」 "last"
    moment_day: Moment | None = None  # 「最後の変更の日に」: the day of this moment
    certifier: str | None = None  # 「市長が認定したの?」: who the asker thinks certifies
    who_certifies: bool = False  # 「認定してるのは誰?」
    law: bool = False  # 「何という法律に基づいているの?」: the scheme's law
    unexplained: tuple[str, ...] = ()  # what no word or name explained
    other_city: bool = False  # 「米沢市の地域再生計画」: another municipality's plans
    by_summary: bool = False  # the plan was found through words of its summary
    wh: bool = False  # asks what / where / who / when … (not yes or no)
    content: str | None = None  # words that describe, not name: looked up in summaries
    thing_of: str | None = None  # 「山形鉄道って…?」: the one plan whose summary has it as typed
    content_cover: tuple[tuple[str, float], ...] = ()  # (plan, share of `content` its summary says)
    # plans whose summary speaks of every thing named (a set: a generic word is in thousands)
    content_whole: frozenset[str] = frozenset()
    content_words_only: bool = False  # the content is only the plans' own words (観光局)
    strong_fields: bool = False  # a field was asked in so many words (認定, 期間), not どのくらい
    context_only: bool = False  # every plan is named before the clause that asks
    moments: tuple[Moment, ...] = ()  # days of a plan named, in the order written
    paired: tuple[tuple[str, Moment], tuple[str, Moment]] | None = None  # Aの変更日とBの認定日
    span: bool = False  # asks the time between two days, or whether they are the same
    gap: bool = False  # asks the time between one day of two plans (二つの認定日の間)
    pair: bool = False  # その二つ, 両方: the two plans just talked about
    relate: bool = False  # 関係, 関連: how two days relate
    how_many_times: bool = False  # 何回, how many times
    future: bool = False  # 「次の計画はいつ認定される予定?」: plans not yet made
    all_plans: bool = False  # 「長井市の地域再生計画」: the city's plans as a whole
    any_such: bool = False  # 「…されたものはありますか」: whether any plan is so
    picks: bool = False  # 「…のはどれ?」: asks which of the plans
    action: bool = False  # 「PDFにして送って」「予約できる?」: something the bot cannot do
    owned_contact: bool = False  # 「市民プールの住所」: another place's contact details
    neighbour: int = 0  # 「一つ前に認定された」 -1, 「次に認定された」 1
    mention: bool = False  # 「…に触れている計画」: every plan whose summary says it
    plural: bool = False  # どれとどれ, which plans: more than one plan is expected
    every: bool = False  # どれも, 全部の計画: each plan, in a check over them all
    during: bool = False  # 「…の期間中に」: within a plan's period
    compare: bool = False  # どっち, どちら, which one, より: one of the plans named
    comparison: AggregateKind | str | None = None  # what is compared, or "running" / "ended"
    correction: bool = False  # 「聞きたかったのは副業のほうだった」: the last question again
    rank: AggregateKind | None = None  # 「何番目に認定された?」: a plan's place in this order
    # 「DMOの名前は?」: (plan, name) of each name a summary quotes that the question asks for
    names: tuple[tuple[str, str], ...] = ()
    # 「いつから取り組んでるの?」: (plan, verb) of each summary saying since when it has gone on
    since: tuple[tuple[str, str], ...] = ()
    # things named that no summary of the plans named speaks of (工業団地): not on the page
    unsaid: tuple[str, ...] = ()
    unsaid_anywhere: tuple[str, ...] = ()  # things named that no summary speaks of
    why: bool = False  # 「なんで変更されたの?」: asks a reason (which the page does not give)
    unit: str | None = None  # 「何日間?」 "days", 「何ヶ月?」 "months": a length in that unit
    lengths: str | None = None  # 「期間を合計すると」 "sum", 「何年違う」 "difference"
    other_plan: str | None = None  # 「観光振興計画」: a plan of another kind, as written
    name_in_other: bool = False  # a plan's name found as a part of that other plan's name
    other_period: bool = False  # 「申請期間」「募集期間」: the period of something else
    city_owned: bool = False  # 「長井市の人口」: a thing of the city itself, named after it
    slash: bool = False  # 「YYYY/MM/DDで」: dates written 2019/03/29 too


@dataclass(frozen=True)
class Decision:
    """What to answer: the parsed question completed from context. This is the
    structured query the answerer executes (shown by `ask --json`)."""

    intent: Kind
    plans: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    contact_parts: tuple[ContactPart, ...] = ()
    aggregate: AggregateQuery | None = None
    candidates: tuple[str, ...] = ()
    social: Social | None = None
    western: bool = False
    fiscal: bool = False  # each date with its fiscal year (「何年度末?」)
    source: bool = False  # say where the facts come from (「なんでわかるの?」)
    english: bool = False
    check: Check | None = None
    content: str | None = None  # the phrase looked up inside the summaries
    elapsed: str | None = None  # how long since (as in Parsed)
    nth_change: int | None = None  # PLAN: 「3番目の変更日は?」, the plan's n-th change
    anniversary: tuple[str, int] | None = None  # PLAN: the day so many years after (day, n)
    weekday: bool = False  # say the day of the week of each day given
    jubilee: bool = False  # with the time since, the next whole-year anniversary (何周年)
    between: tuple[Moment, Moment] | None = None  # BETWEEN: from which day to which
    paired: bool = False  # BETWEEN: the first day is the first plan's, the second the second's
    staff: bool = False  # questions can be passed to staff here (a staff side is set up)
    unsaid: tuple[str, ...] = ()  # CONTENT: things asked of that the summary does not speak of
    why: bool = False  # PLAN: a reason was asked for its changes or certification: not given
    unit: str | None = None  # a period's length also in "days" or "months"
    lengths: str | None = None  # the periods' lengths added up ("sum") or apart ("difference")
    slash: bool = False  # dates also as 2019/03/29 (「YYYY/MM/DDで」)
    yes_no: bool = False  # asked yes or no: the answer says はい / いいえ first where it can
    affirm: bool = False  # CONTENT: every thing asked of is in the summary quoted (はい)

    def __post_init__(self) -> None:
        # A kind written as text (tests, stored data) must be a real one: a
        # misspelt kind is an error, never a silent "out of scope".
        object.__setattr__(self, "intent", Kind(self.intent))

    def to_json(self) -> dict[str, object]:
        """The query as data, for `ask --json` and tests."""
        q = self.aggregate
        return {
            "kind": self.intent.value,
            "plans": list(self.plans),
            "fields": [f.value for f in self.fields],
            "contact": [p.value for p in self.contact_parts],
            "operation": q.kind.value if q else (
                self.check.kind.value if self.check else f"lengths.{self.lengths}"
                if self.lengths else None),
            "filters": None if q is None else _filters(q),
            "content": self.content,
            "unsaid": list(self.unsaid),
            "elapsed": self.elapsed,
            "between": [m.value for m in self.between] if self.between else None,
            "candidates": list(self.candidates),
            "language": "en" if self.english else "ja",
        }  # fmt: skip

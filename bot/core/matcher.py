"""From one message's text to `Parsed`: the fields asked, the plans named
(exactly, fuzzily or ambiguously), and the signs of other kinds of question.

Deciding only: nothing here knows the conversation or writes an answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, replace

import jaconv

from bot.core import foreign
from bot.core import lexicon as lx
from bot.core.corrections import corrected
from bot.core.intents import (
    DAY_FIELDS,
    AggregateKind,
    AggregateQuery,
    ContactPart,
    DateFilter,
    DateRole,
    Field,
    Moment,
    Parsed,
)
from bot.core.normalize import READER, clean, normalize, normalize_keeping_kana
from bot.core.plan_index import Hit, PlanIndex, PlanScore, word_chunks
from bot.core.slips import SlipFixer
from bot.core.spelling import EnglishSpelling
from bot.core.summary_facts import SummaryFacts
from bot.knowledge.era import ERAS, find_dates
from bot.knowledge.models import KnowledgeBase

# Longer messages are cut: nobody names a plan after 300 characters, and it
# bounds the work a pasted essay can cause.
MAX_KEY_LENGTH = 300
# No plan name is longer; fuzzy scoring costs grow with the text's length.
MAX_SEGMENT = 60
# A name quoted this near a thing in a summary is that thing's (地域DMO「…」).
QUOTED_NEAR = 6
# Up to this many plans, their names' words are also put right when mistyped.
SLIP_PLANS = 500
# A message this short that names a town and asks "which" asks which plans it is in.
SHORT_WHICH = 10
# How far apart the best and the second plan must be to pick the best.
MARGIN = 5.0
# Below the accept bar but this close: offered as "did you mean".
NEAR_MISS = 70.0
# A content word this long is a thing's own name (ハイパー学童クラブ, 市民協働ホール),
# which points at its plan as a name does; shorter ones (最上川, 新庁舎) are
# things the city has whatever the plans say.
PHRASE_NAME = 5
# Two kanji and the kana after them: read together, 認呈された is にんていされた.
_KANJI_PAIR = re.compile(r"(?<![一-龥])([一-龥]{2})(?![一-龥]{2})[ぁ-ゖ]{0,4}")
# 「西暦だと?」「英語でお願いします」: a message this short asking only for another form
# of the dates or language asks for the last answer again.
AGAIN_MAX = 12
# A fuzzy match scoring under this (surface and reading) is loose: 観光きゃんぺーん is
# like 観光地域 only in its 観光.
LOOSE = 85.0
# How much of what a question describes a plan's summary must say word for word.
SUMMARY_COVERAGE = 0.5
# Trimmed off a leftover's ends. Not か, な, ね, よ, わ, さ, て: names end in them
# (まちなか, ろくじさんぎょうか), and endings like ですか are removed as words.
_PARTICLES = "のはがをにでともへや "
_HIRAGANA_ONLY = re.compile(r"^[ぁ-ゖー]+$")
# a word typed in katakana (サイト) is a word, however short, never an ending
_KATAKANA_WORD = re.compile(r"^[ァ-ヺー]{2,}$")


@dataclass(frozen=True)
class _PlanReading:
    plans: tuple[str, ...]
    candidates: tuple[str, ...]
    near: tuple[str, ...]
    leftover: bool
    by_name: bool = False
    unexplained: tuple[str, ...] = ()
    by_summary: bool = False
    where: tuple[tuple[str, int], ...] = ()  # (plan, where it is first named)
    loose: bool = False  # every plan found only by a loose match (観光きゃんぺーん ~ 観光地域)


_HIRAGANA_ONLY = re.compile(r"[ぁ-ゖ]+")
_ASKS_APART = re.compile(r"[?？。!！、,]|あと|それと|それから|または|また")


# the question's own words in romaji (not English ones): nintei, kikan, ichiran …
_ROMAJI_WORDS = re.compile(
    r"\b(?:keikaku|nintei|henkou|henko|kikan|itsu|ichiran|gaiyou|gaiyo|renkei|owari|hajimari"
    r"|nankai|naniwo|oshiete|misete|toiawase|denwa)\b"
)


class QuestionParser:
    def __init__(self, kb: KnowledgeBase, index: PlanIndex | None = None) -> None:
        self.kb = kb
        self.index = index or PlanIndex(kb)
        # "certifed" for certified, "runing" for running: put right before reading.
        # 任程 for 認定, 系格 for 計画, 相出 for 創出: put back before reading. The plans'
        # own words only for a knowledge base of a town's size: reading every name of
        # thousands of plans would slow the start for little gain.
        small = len(kb.plans) <= SLIP_PLANS
        # (the city's and its partners' English names are the knowledge's: Shirataka Town)
        english = kb.city.english
        named = (english.city, *english.places.values()) if english else ()
        places = {w for name in named for w in normalize(name).split()}
        self._foreign = foreign.ForeignReader(foreign.names_from(kb))
        self._spelling = EnglishSpelling(
            lx.ENGLISH_WORDS | places | (self.index.english_words if small else frozenset()))
        self._slips = SlipFixer([*lx.FIELD_TERMS, *(
            n for p in (kb.plans if small else ()) for n in (p.title, *kb.aliases_of(p.id).names)
        )])
        self._order = {plan.id: n for n, plan in enumerate(kb.plans)}
        self._page = tuple(self._order)  # (the city's page's order)
        self.facts = SummaryFacts(kb)
        self._field_sounds = frozenset(READER.read(w) for w in lx.FIELD_NOUNS)
        # every name a plan goes by, to tell 観光振興計画 (another kind of plan) from
        # 人材誘致計画 (a part of one's title)
        self._plan_names = "\n".join(
            normalize(n) for plan in kb.plans
            for n in (plan.title, *kb.aliases_of(plan.id).names)
        )  # fmt: skip
        self._city_noise = _city_words(kb.city.name, _prefecture(kb.city.contact.address))
        # the city in English ("Nagai City" → nagai), for "besides Nagai itself"
        english = kb.city.english.city if kb.city.english else ""
        self._city_en = re.escape(normalize(english).removesuffix(" city")) or "(?!)"
        # 「長井の地域再生計画ぜんぶでいくつ?」: the city's plans as a whole, though one
        # plan is titled 長井市地域再生計画
        # (「長井市の計画はいつ認定された?」 too: the city's plans, not the one just discussed)
        # (「長井 地域再生計画 認定日 一覧」 too, as search words are typed: the city
        # without 市 before the scheme's name is not the one plan's title)
        stem = normalize(kb.city.name).rstrip("市町村")
        # ("Which of Nagai's plans…": the city's plans in English too)
        self._all_plans = re.compile(
            "(?:" + self._city_noise.pattern + r")\s?の\s?(?:地域)?(?:再生)?計画"
            + (rf"|{re.escape(stem)}\s?地域再生計画" if stem != normalize(kb.city.name) else "")
            + (rf"|\b{self._city_en}(?:'s| city's)? (?:regional revitalization )?plans\b"
               if self._city_en != "(?!)" else "")
        )
        # the telling words of the plans' English names (not "and", "plan")
        self._english_vocab = {
            w for w in self.index.english_words if len(w) >= 3 and not lx.ENGLISH.fullmatch(w)
        }
        # The office's own names (総合政策課, 総合戦略室) ask about the office.
        c = kb.city.contact
        # … and its street, postal code and numbers: 「ままの上5番1号の郵便番号は?」
        street = re.sub(r"^.{2,3}?[都道府県]", "", c.address).removeprefix(kb.city.name)
        own = (c.office, c.department, street, c.postal_code, c.phone, c.fax)
        self._office = re.compile("|".join(re.escape(normalize(w)) for w in own if w))
        # a number the question quotes, and which of the office's numbers it is
        self._numbers = {normalize(c.phone): ContactPart.PHONE, normalize(c.fax): ContactPart.FAX}
        # Municipalities that take part in some plan, for 「南陽市と連携した計画」.
        # The city itself is left out: every plan is Nagai's.
        # key → the knowledge's own spelling, which the answer compares and shows
        # Each is known by its name, its reading (しらたかまち) and its English
        # name (Shirataka Town), with or without 市/町 (白鷹, shirataka).
        places = kb.city.english.places if kb.city.english else {}
        self._partners: dict[str, str] = {}
        for m in {m for p in kb.plans for m in p.partners if m != kb.city.name}:
            key = normalize(m)
            stem = key.rstrip("市町村")
            english = normalize(places.get(m, ""))
            spellings = {key, READER.read(key), english, english.rsplit(" ", 1)[0]}
            if len(stem) >= 2:
                spellings.add(stem)  # a kana stem (いいで) is too common a string
            for spelling in spellings - {""}:
                self._partners[spelling] = m
        self._partner_keys = sorted(self._partners, key=len, reverse=True)

    def parse(self, text: str, today: dt.date | None = None) -> Parsed:
        """`today` turns 去年, 3年前, 今年度 into the years they are."""
        # (「DMOの…あ、違う、6次産業化のほう」: what the writer took back is not read)
        text = self._spelling.fix(corrected(self._foreign.readable(text)))
        text = lx.kanji_years(_letter_body(self._slips.fix(text)))
        text = self._without_asides(text)
        if (intro := lx.TOWN_INTRO.match(text)) and text[intro.end() :].strip():
            # 「白鷹町の企画担当です。うちの町も入っている計画は…」: who writes is no filter,
            # but their town is what うちの町 means
            text = lx.OUR_TOWN.sub(intro["town"], text[intro.end() :])
        # 「③は?」: a circled number is a place in a list (NFKC would make it a bare 3)
        text = _CIRCLED.sub(lambda m: f"{ord(m.group()) - 0x245F}番目", text)
        said_in_katakana = _KATAKANA_RUN.sub(_katakana_english, text)
        # (English said in katakana is still a Japanese question, answered in Japanese)
        katakana_english, text = said_in_katakana != text, said_in_katakana
        if today is not None:
            text = lx.relative_years(text, today)
        shift = list(lx.TOPIC_SHIFT.finditer(text))
        if shift and shift[-1].end() < len(text) - 4:
            # 「DMOの計画は調べたので大丈夫です。今日聞きたいのは別件で、…」
            text = text[shift[-1].end() :]
        if (aside := lx.BY_THE_WAY.search(text)) and _understood_nothing(
                self._parse(text[aside.end() :])):  # fmt: skip
            text = text[: aside.start()]  # (answered: the question about the plans)
        if (excluding := self._excluding(text)) is not None:
            return excluding
        parsed = self._parse(text, japanese=katakana_english)
        words = re.findall(r"[a-z]+", parsed.key)
        if (
            _understood_nothing(parsed)
            and parsed.key.isascii()
            and words
            and all(_ROMAJI.match(w) for w in words)
        ):
            # romaji (「parareru waaku no keikaku itsu made」): read it as kana
            kana = self._parse(jaconv.alphabet2kana(parsed.key))
            if kana.plans or kana.fields or kana.candidates:
                return kana
        if parsed.key.isascii() and _ROMAJI_WORDS.search(parsed.key):
            # 「keikaku kikan parallel work」「henkou sareta hi: rokuji sangyouka」: the
            # question's words in romaji, a plan perhaps by its English name
            kana = self._parse(jaconv.alphabet2kana(parsed.key), japanese=True)
            if kana.plans and (kana.fields or kana.aggregate):
                return kana
            if kana.fields or kana.aggregate:
                return replace(kana, plans=kana.plans or parsed.plans,
                               by_name=kana.by_name or parsed.by_name)  # fmt: skip
        return parsed

    def _excluding(self, text: str) -> Parsed | None:
        """「2022年3月31日に終わった計画以外で、2020年代に終わった計画」「平成に認定された
        んじゃない方」"Not counting the DMO one, which plans…": the plans one clause
        names, by name or by filters, taken from those the rest of the question asks
        about. None when no clause leaves plans out (「長井市以外の自治体」「電話以外で」)."""
        split = lx.left_out(text)
        if split is None:
            return None
        said, rest = split
        key = normalize(said)
        # what is left out is the word just before 以外: a town (「長井市以外の自治体」), a
        # way of reaching the office (「電話以外で」), the page's heading (「終了した計画
        # 以外の欄」) are not plans
        last_word = re.search(
            "(?:" + self._city_noise.pattern + "|" + "|".join(map(re.escape, self._partner_keys))
            + r")\s*$", key)
        if (last_word or lx.CONTACT_MEANS.search(key)
                or lx.PAGE_ENDED_EXCEPT.search(normalize(text)) or not rest.strip()):  # fmt: skip
            return None
        left = self._parse(said)
        listed = (AggregateKind.LIST, AggregateKind.COUNT)
        if (left.aggregate is not None and not left.by_name and left.aggregate.kind in listed
                and _sets_filters(left.aggregate)):  # fmt: skip
            q = left.aggregate
            minus = replace(q, kind=AggregateKind.LIST, fields=(), order=None, limit=None,
                            also=None, nth=None, stat=None)  # fmt: skip
        elif left.plans and left.by_name and left.aggregate is None:
            minus = AggregateQuery(within=left.plans)
        else:
            return None
        asked = self._parse(rest)
        if asked.plans and asked.by_name:
            return None  # the rest names a plan of its own: nothing is left out of a list
        if asked.among and not lx.AMONG.search(normalize(rest).replace("それぞれ", "")):
            # 「第51回以外で認定された計画と、それぞれの回」: each of those the question
            # keeps, not each of the last answer's
            asked = replace(asked, among=False)
        return replace(asked, minus=minus, english=asked.english or left.english)

    def _without_asides(self, text: str) -> str:
        """「（祖父の質問です）令和になってから認定されたのは…（令和は2019年5月からですよね）」:
        who is asking, and a remark in brackets that names no plan, are not the question
        (「（まちなか交流施設の件です）」 says which plan, and stays)."""
        if "(" not in text and "（" not in text:
            return text

        named: list[str] = []

        def aside(m: re.Match[str]) -> str:
            inner = lx.SPEAKER_LABEL.sub("", m.group(1)).strip()
            if not inner:
                return " "
            if _restates_a_date(inner, m.string[: m.start()]):
                return " "  # 「2016年度（平成28年度：2016年4月～2017年3月）」: the same span again
            if lx.REMARK_END.search(inner):
                if self._parse(inner).plans:
                    named.append(inner)  # said first, so that the question still ends it
                return " "
            return m.group().replace(m.group(1), inner)

        rest = _ASIDE.sub(aside, text)
        return "。".join([*named, rest]) if named else rest

    def _parse(self, text: str, *, japanese: bool = False) -> Parsed:
        # Cut before normalizing too: NFKC may expand a character 18-fold.
        # the text as typed (katakana kept) once; the key folds it
        typed = normalize_keeping_kana(text[: MAX_KEY_LENGTH * 2])
        key = lx.standardize(jaconv.kata2hira(typed))[:MAX_KEY_LENGTH]
        if not key:
            return Parsed(key="")
        hits = self.index.exact_hits(key) or self.index.near_hits(key)
        removed = [False] * len(key)
        # each place once: a generic name (推進計画) is a hit for each of thousands of plans
        for start, end in dict.fromkeys((hit.start, hit.end) for hit in hits):
            _mark(removed, start, end)
        # Field words are looked for outside plan names: 地域連携DMO asks nothing
        # about partners.
        masked = "".join("\x00" if r else ch for ch, r in zip(key, removed, strict=True))

        fields, strong = self._fields(masked, removed)
        if not fields and lx.WHAT_IS.search(clean(text)):
            fields = (Field.OVERVIEW,)
        if Field.PARTNERS not in fields and lx.PARTNER_COUNT.search(key):
            fields = (*fields, Field.PARTNERS)  # 2市2町 may be inside a plan's alias
        parts = tuple(p for p, rx in lx.CONTACT_PARTS.items() if _find(rx, masked, removed))
        office_named = bool(lx.OFFICE_NAMED.search(masked)) or bool(self._office.search(masked))
        contact = bool(_find(lx.CONTACT_TOPIC, masked, removed))
        office = self._office.search(masked)
        # 「今日から総合戦略室に配属されました」: the writer works there, no contact asked
        works_there = (office is not None and not parts and not contact
                       and bool(lx.WORKS_AT.match(masked, office.end())))  # fmt: skip
        contact = (_find(self._office, masked, removed) and not works_there) or contact
        weak = (contact or parts) and ContactPart.ADDRESS not in parts
        if weak and _find(lx.WEAK_ADDRESS, masked, removed):
            parts = (*parts, ContactPart.ADDRESS)
        if contact and not parts:
            parts = (ContactPart.ALL,)
        if len(parts) == 1 and (other_ways := _CONTACT_EXCEPT.search(key)):
            # 「電話以外で問い合わせる方法は?」: the office's other ways of being reached
            said = {"電話": ContactPart.PHONE, "でんわ": ContactPart.PHONE}.get(
                other_ways.group(1), ContactPart.FAX if "fa" in other_ways.group(1)
                or "ふぁ" in other_ways.group(1) else ContactPart.MAIL)
            parts = tuple(c for c in (ContactPart.PHONE, ContactPart.FAX, ContactPart.MAIL,
                                      ContactPart.ADDRESS) if c is not said)  # fmt: skip
        if parts and not contact and lx.WRITTEN.search(masked):
            parts = ()  # 「アンテナショップはどこにあるって書いてある?」: what a summary says
        quoted = [part for number, part in self._numbers.items() if number in key]
        if quoted and parts and quoted[0] not in parts:
            # 「0238-83-1070に電話すればいいの?」: that is the fax; say both
            parts = (*parts, quoted[0])
        elapsed = None
        weekday = _find(lx.WEEKDAY, masked, removed)
        anniversary = None
        if m := lx.ANNIVERSARY.search(masked):
            n = _number(m.group("n"))
            day = "certified" if m.group("day") == "認定" else (
                "starts" if m.group("day") == "始まって" else "ends")
            anniversary = (day, n)
            _mark(removed, m.start(), m.end())
            fields = tuple(f for f in fields if f not in (Field.PERIOD, Field.DATES, Field.STATUS))
        if anniversary is None and _find(lx.ELAPSED, masked, removed):
            elapsed = _elapsed_from(masked, key)
            fields = tuple(f for f in fields if f not in (Field.PERIOD, Field.DATES))
        # 「パラレルワークの計画は何日間?」: its length in days, not the day it was certified
        unit = "days" if lx.IN_DAYS.search(masked) else (
            "months" if lx.IN_MONTHS.search(masked) else None)
        lengths = (
            "sum" if lx.LENGTHS_SUM.search(key)
            else "difference" if lx.LENGTHS_DIFFERENCE.search(key) else None
        ) if Field.PERIOD in fields else None
        if unit and elapsed is None and anniversary is None:
            fields = tuple(f for f in fields if f not in (Field.CERTIFIED, Field.DATES)
                           or "認定" in masked or "にんてい" in masked)  # fmt: skip
            if not fields or fields == (Field.OVERVIEW,):
                fields = (Field.PERIOD,)
        aggregate = self._aggregate(masked, removed, fields, key)
        if elapsed in _ELAPSED_ROLES and aggregate is not None and aggregate.dates:
            # 「最後の変更(令和2年3月30日)から何年経つ?」: that day is a change, not a start
            role = _ELAPSED_ROLES[elapsed]
            aggregate = replace(aggregate, dates=tuple(
                replace(f, role=role) if f.is_day else f for f in aggregate.dates))
        # (not a word denied: 「名前が「計画」じゃなくて「プロジェクト」で終わってる」)
        titled = next((m for m in lx.WORD_IN_TITLE.finditer(key)
                       if not re.match(r"\s?(?:じゃ|では|でな)", key[m.end():])), None)  # fmt: skip
        if said := titled or lx.WORD_IN_SUMMARY.search(key):
            # 「「舟運」という言葉が出てくる計画」: every summary with that word, as written;
            # 「「山の港町」ってつく計画」: every name with it
            group = next(g for g in ("quoted", "tagged", "named", "inner", "appears", "bare", "en")
                         if g in said.re.groupindex and said.group(g))  # fmt: skip
            word = said.group(group)
            start = said.start(group) if group not in ("bare", "en") else said.start()
            typed_word = typed[start : start + len(word)] if len(typed) == len(key) else word
            in_title = bool(titled or re.search(r"名前|名称|たいとる|計画名|題名", key))
            # (the days asked of those plans stay: 「「山の港町」って名前に入ってる計画の変更日」)
            asked = tuple(f for f in fields if f in DAY_FIELDS)
            aggregate = replace(aggregate or AggregateQuery(), says=typed_word,
                                says_in_title=in_title, fields=asked)  # fmt: skip
            if titled and re.search(r"で(?:終わ|おわ)", titled.group()):
                aggregate = replace(aggregate, status=None)  # a name's end, not the period's
            _mark(removed, said.start(), said.end())
        town = aggregate.partner if aggregate is not None else None
        # 「南陽市が自分で作った地域再生計画」: a partner's own plans, not the ones it joins
        other_city = town is not None and bool(
            re.search(re.escape(normalize(town)) + _TOWNS_OWN_PLANS, key))
        if other_city:
            aggregate = None
        elif town is None:
            town = self._town(masked, removed)
            # 「米沢市の地域再生計画」: another town's plans, which this bot does not know
            other_city = town is not None and bool(
                re.search(re.escape(normalize(town)) + _OTHER_TOWNS_PLANS, key)
            )
        same = None
        if _find(lx.SAME, masked, removed):
            same = _same_roles(masked)
        among_at = lx.AMONG.search(masked)
        among = among_at is not None and _find(lx.AMONG, masked, removed)  # (searched once)
        if among_at and _PLANS_ASKED_EN.search(key[: among_at.start()]):
            among = False  # "How many plans are listed, and how many of them …": those plans
        others_too = _find(lx.OTHERS_TOO, masked, removed)
        remaining = _find(lx.REMAINING, masked, removed)
        that_day = _find(lx.THAT_DAY, masked, removed)
        certifier_match = lx.CERTIFIER.search(masked)
        certifier = None
        if certifier_match and Field.CERTIFIED in fields:
            certifier = certifier_match.group()
            _find(lx.CERTIFIER, masked, removed)
        _find(lx.TAKES_PART, masked, removed)
        # 「どの計画にも白鷹町が入ってる?」: どの of "every plan" asks nothing
        wh = bool(lx.WH.search(lx.EVERY.sub("", masked)))
        # any clause may be the question: 「しらたかまちって はいってるの? でぃーえむおーの計画」
        yes_no = not wh and any(lx.YES_NO_END.search(c) for c in _CLAUSES.split(key) if c)
        if yes_no and fields and lx.MAY_I_ASK.search(key):
            # 「…の認定日を、お伺いしてもよろしいでしょうか」: a request, said politely
            yes_no = False
        scheme = bool(_find(lx.SCHEME, masked, removed))
        social = next((s for s, rx in lx.SOCIAL.items() if _find(rx, masked, removed)), None)
        handoff = bool(_find(lx.HANDOFF, masked, removed))
        back = bool(_find(lx.BACK_TO_BOT, masked, removed))
        other = bool(_find(lx.OTHER, masked, removed))
        # 「一番最初に認定された計画はなに?で、それはいつ?」: それ is the plan this very
        # message asks for, after its question; not the conversation's
        ref = lx.REFERS_BACK.search(masked)
        before_it = key[: ref.start()] if ref is not None else ""
        internal = ref is not None and aggregate is not None and (
            (
                (aggregate.kind not in (AggregateKind.LIST, AggregateKind.COUNT)
                 or aggregate.unchanged or _own_filters(aggregate))
                # ("Which plan was certified last, and in which round was it certified?")
                # (「もし…に認定された計画だとしたら、それは第何回?」: the plan just described)
                and bool(_SAID_BEFORE_IT.search(before_it))
            )
            # "How many plans are listed, and how many of them …?" "Which of the plans
            # would still have been within its period …?": the plans just named
            or bool(_PLANS_ASKED_EN.search(before_it))
        )  # fmt: skip
        # (`ref` first: the same search of the same masked key, which mostly finds nothing)
        refers_back = (
            ref is not None and _find(lx.REFERS_BACK, masked, removed) and not internal
        ) or other
        if refers_back and same is not None and not other and not lx.REFERS_BACK.search(
            re.sub(r"同じ(?:計画|ぷろじぇくと|事業)|^同じ", "", masked)
        ):
            refers_back = False  # 「終了日が同じ計画は?」: plans sharing it, not the same plan
        if refers_back and not other and (m := lx.RESUMPTIVE.search(masked)) and not (
                lx.REFERS_BACK.search(masked[: m.start()])):  # fmt: skip
            # 「…として載っている計画、あれが認定されたのは」: あれ is the plan just described
            refers_back = False
        request = _find(lx.REQUEST, masked, removed)
        continuation = _find(lx.CONTINUATION, masked, removed)
        choice_match = lx.CHOICE.match(key)
        how_many_times = _find(lx.HOW_MANY_TIMES, masked, removed)  # before なん goes as noise
        western = _find(lx.WESTERN, masked, removed)
        how_known = _find(lx.HOW_KNOWN, masked, removed)
        in_english = _find(lx.IN_ENGLISH, masked, removed)
        wareki = _find(lx.WAREKI, masked, removed)
        _find(lx.NOISE, masked, removed)
        _find(self._city_noise, masked, removed)

        moment_at = _moment_spans(masked)
        moments = tuple(moment for _, _, moment in moment_at)
        asked_at = _asked_clause_start(key)
        span = len(set(moments)) >= 2 and bool(lx.SPAN.search(masked))
        compare = bool(_find(lx.COMPARE, masked, removed))
        comparison = _comparison(masked, moments) if compare else None
        if (compare and comparison is None and same is None and moments
                and _BARE_COMPARE.search(key)):
            # 「終期 比較」: two plans' days set side by side, which says whether they agree
            same = _same_roles(key)
        plan_word = bool(lx.PLAN_WORD.search(key))
        reading = self._plans(key, hits, removed, plan_word, _katakana(typed, key))
        other_kind = self._other_plan(key, text)
        if other_kind and _in_preface(key, other_kind.end(), reading.where):
            # 「事業計画の参考にしたいので、…を売る取組の計画の認定日を」: the asker's own
            # plan, in the clause that says why; the question names one of these plans
            other_kind = None
        # 「東根市のパラレルワーク事業」: a plan's name as another town's own
        if town and not other_city and town not in self._partners.values():
            owned = re.search(re.escape(normalize(town)) + r"の\s?", key)
            other_city = owned is not None and any(pos == owned.end() for _, pos in reading.where)
        # 「全国で地域再生計画って何件?」: every town's plans, which this bot does not know
        other_city = other_city or bool(lx.NATIONWIDE.search(masked))
        gap = bool(moments) and bool(lx.GAP.search(masked))
        if gap and len(reading.plans) == 2 and len(moments) >= 2:
            elapsed = None  # 「Bが認定されてから何日後?」: from B's day, not from today
        if (aggregate is not None and len(aggregate.rounds) == 2 and not reading.plans
                and re.search(r"(?:の)?(?:あいだ|間)(?:に|の回)", key)
                and not _asks_the_time_between(key)):
            # 「第40回と第51回のあいだに、長井市の計画が認定された回はあった?」: the rounds
            # strictly between, not the time between the two
            low, high = sorted(aggregate.rounds)
            aggregate = replace(aggregate, rounds=(), round_span=(low + 1, high - 1))
        if (aggregate is not None and reading.plans and _own_filters(aggregate)
                and aggregate.kind in (AggregateKind.LIST, AggregateKind.COUNT)
                and (lx.ONLY_THESE.search(typed)  # (as typed: dialect reads だけ? as だか?)
                     or (len(reading.plans) >= 2 and lx.THESE_ARE_ALL.search(key)))):
            # 「今日の時点で終わってる計画って、しごと創出のやつだけ?」: are those all?
            aggregate = replace(aggregate, claimed_plans=reading.plans)
        english = in_english or (
            not japanese and _mostly_english(key) and bool(lx.ENGLISH.search(key)))
        western = english or western
        detail = Field.CHANGES in fields and bool(lx.CHANGE_DETAIL.search(key))
        if detail:
            # 「変更内容は?」: 内容 asks what the change was, not the plan's summary; 「延長
            # されたの?」 is no yes the page can give, but its period is worth saying
            fields = tuple(f for f in fields if f not in (Field.SUMMARY, Field.OVERVIEW))
            if _LENGTH_CHANGED.search(key) and Field.PERIOD not in fields:
                fields = (*fields, Field.PERIOD)
            yes_no = False
        ordinal = lx.ORDINAL_PICK.search(masked)  # (for both pick and step)
        return Parsed(
            key=key,
            fields=fields,
            contact_parts=parts if contact or parts else (),
            plans=reading.plans,
            candidates=reading.candidates or reading.near,
            # (「市の花」: the city's own symbols are a thing of their own, one kanji though)
            named_something=reading.leftover or bool(lx.CITY_SYMBOL.search(key)),
            by_name=reading.by_name,
            loose=reading.loose and not reading.by_name and not hits,
            by_phrase=any(
                h.word and h.end - h.start >= PHRASE_NAME and h.plan_id in reading.plans
                for h in hits
            ),
            plan_word=plan_word,
            contact_topic=contact,
            office_named=office_named,
            aggregate=aggregate,
            scheme=scheme,
            social=social,
            handoff=handoff,
            back_to_bot=back,
            refers_back=refers_back,
            other=other,
            request=request,
            continuation=continuation,
            choice=int(choice_match.group(1)) if choice_match else None,
            pick=(pick := None if aggregate is not None and aggregate.nth else _pick(ordinal)),
            page_plan=self._page_plan(pick) if plan_word else None,
            page_plans=self._page_plans(masked) if plan_word else (),
            on_page=bool(lx.ON_THE_PAGE.search(key)),
            nth_change=_nth_change(key),
            step=_step(ordinal),
            rank=_rank(masked),
            names=tuple((q.plan_id, q.name) for q in self.facts.names_asked(key)),
            since=self.facts.since_asked(key),
            why=not how_known and (bool(lx.WHY.search(masked)) or detail),
            unit=unit,
            lengths=lengths,
            slash=bool(lx.SLASH_DATES.search(key)),
            other_plan=other_kind.group() if other_kind else None,
            # (「6次産業化の総合化事業計画の認定を受けたい」: the field is the other plan's)
            name_in_other=bool(other_kind) and (
                _glued(reading.where, key, other_kind.start())
                or bool(_ASKED_OF_IT.match(key, other_kind.end()))),
            city_owned=self._city_owned(key, reading.unexplained),
            other_period=bool(lx.OTHER_PERIOD.search(key)),
            correction=bool(lx.CORRECTION.search(key)),
            english=english,
            western=western,
            again=(western or in_english or wareki) and len(key) <= AGAIN_MAX,
            fiscal=bool(lx.FISCAL.search(masked)) and not bool(lx.FISCAL_EN.search(masked)),
            how_known=how_known,
            first_asked=bool(lx.FIRST_ASKED.search(key)),
            wareki=wareki,
            yes_no=yes_no,
            town=town,
            same=same,
            towns=self._towns(key) if town else (),
            alone=bool(lx.ALONE.search(masked)),
            negative_confirm=bool(lx.NEGATIVE_CONFIRM.search(masked)),
            different=same is not None and bool(lx.DIFFERENT.search(masked)),
            elapsed=elapsed,
            anniversary=anniversary,
            weekday=weekday,
            jubilee="周年" in key or "anniversary" in key,
            they=bool(lx.THEY.search(key)),
            statistic=bool(lx.STATISTIC.search(key)),
            recommendation=bool(lx.RECOMMENDATION.search(key)),
            not_about_plans=bool(lx.NOT_ABOUT_PLANS.search(key)),
            # 「第36回・第40回…、それぞれ何の計画か」: each of the plans its own filters
            # keep, not each of the last answer's
            # (nor 「長井市の地域再生計画…一番古い計画と一番新しい計画、それぞれの名前」:
            # each of what it asks, of every plan)
            among=among and not (
                ((aggregate is not None and (_own_filters(aggregate) or aggregate.also))
                 or bool(self._all_plans.search(key)))
                and not lx.AMONG.search(key.replace("それぞれ", ""))
            ),
            others_too=others_too,
            remaining=remaining,
            that_day=that_day,
            that_round=bool(lx.THAT_ROUND.search(key)),
            plan_stat=next((stat for rx, stat in lx.PLAN_STATS if rx.search(key)), None),
            happened=bool(lx.EVENT.search(masked)),
            ordinal=_ordinal(masked),
            moment_day=_moment_day(masked, moment_at),
            certifier=certifier,
            who_certifies=bool(lx.WHO_CERTIFIES.search(masked)),
            law=bool(lx.LAW.search(masked)),
            unexplained=reading.unexplained,
            thing_of=self._thing_of(reading.unexplained),
            other_city=other_city,
            by_summary=reading.by_summary,
            wh=wh,
            strong_fields=bool(fields) and strong,
            moments=moments,
            paired=_paired(moment_at, reading.where),
            span=span and not lx.OTHER_PLANS_ASKED.search(masked),  # (span needs two days)
            gap=gap,
            pair=bool(lx.PAIR.search(masked)) or (
                aggregate is None and bool(lx.EACH_OF_THEM.search(masked))),
            relate=bool(lx.RELATE.search(masked)),
            how_many_times=how_many_times,
            plural=bool(lx.PLURAL.search(masked)),
            every=bool(lx.EVERY.search(masked)),
            mention=bool(lx.MENTION.search(masked)),
            neighbour=-1 if lx.BEFORE_IT.search(masked) else 1 if lx.AFTER_IT.search(masked) else 0,
            future=bool(lx.FUTURE.search(masked)),
            all_plans=bool(self._all_plans.search(key) or _ALL_THE_PLANS_EN.search(key)),
            any_such=bool(lx.ANY_SUCH.search(key)),
            picks=bool(lx.PICKS.search(key)),
            action=bool(lx.ACTION.search(masked)),
            owned_contact=bool(parts) and self._owned_contact(key),
            during=bool(lx.DURING.search(masked)),
            compare=compare,
            comparison=comparison,
            context_only=bool(reading.where)
            and all(
                pos < asked_at
                and not any(h.plan_id == pid and h.start >= asked_at and not h.word for h in hits)
                for pid, pos in reading.where
            ),
            **self._content(hits, _as_typed(typed, reading.unexplained), masked,
                            key[_wish_clause_start(key, asked_at):], reading.plans),
        )

    def _content(
        self,
        hits: list[Hit],
        unexplained: tuple[str, ...],
        masked: str = "",
        asked: str = "",
        named_plans: tuple[str, ...] = (),
    ) -> dict[str, object]:
        """What the question describes (its nouns that name no plan, and the
        plans' content words it used), and how much of it each plan's summary
        says: 「市民協働ホールは何に使う?」 → まちなか 1.0; 「最上川で釣りは?」 → 0.6,
        since no summary speaks of 釣り."""
        words = [(h.name, h.plan_id) for h in hits if h.word]
        typed_tokens = [
            (key, thing, jaconv.kata2hira(n), n)
            for s in unexplained
            # English words are matched through the plans' English content words only
            if (_describes(jaconv.kata2hira(s)) or _KATAKANA_WORD.match(s)) and not s.isascii()
            for n, thing in READER.noun_tokens(s[:MAX_SEGMENT])
            if (key := lx.PARAPHRASES.get(jaconv.kata2hira(n), jaconv.kata2hira(n)))
            not in lx.GENERIC_NOUNS
        ]
        # a compound no summary says as such, said less an end (災害時: 災害発生時)
        tokens = [(self._said_form(n), thing) for n, thing, _, _ in typed_tokens]
        # (a paraphrase, 東京 for 首都圏, is in the asked clause as typed)
        nouns = [n for (n, _), (_, _, typed_n, _) in zip(tokens, typed_tokens, strict=True)
                 if len(n) >= 2 and (not asked or n in asked or typed_n in asked)]  # fmt: skip
        if any(n not in lx.ASKING_NOUNS for n in nouns):
            # 「子ども向けの取り組み」: 取り組み asks what is done, no summary need say it
            nouns = [n for n in nouns if n not in lx.ASKING_NOUNS]
        # 「何と一緒に建てられる?」: a verb of what is done, as the summary's noun (併設)
        said = asked or masked  # (a verb of a clause that only sets the scene is not asked)
        for stem, noun in lx.VERB_PARAPHRASES:
            # (not inside a compound: 子育て is no 育成, 販売 no second 販売; 何つくる is)
            # (`stem in said` first: the search needs the stem, and most questions
            # hold none of them; building and looking up its pattern cost more)
            if (noun not in nouns and not any(noun in n for n in nouns) and stem in said
                    and re.search(r"(?:(?<![一-龥])|(?<=何))" + re.escape(stem), said)):
                nouns.append(noun)
                said = said.replace(stem, "\x00")
        # the things the question names (a single kanji too: 雪), all of which a
        # plan found only through its summary's words must speak of
        things = [
            n
            for n, thing in tokens
            # a loanword is a thing even where it can be a verb (プール, プールする)
            if (thing or _LOANWORD.match(n))
            and (len(n) >= 2 or (_KANJI.match(n) and not _verb_stem(n, asked or masked)))
        ]
        for m in lx.ATTRIBUTE_OF.finditer(asked or masked):
            # 「マッチングサイトのURL」「専門家の名前」: what the page would have to give
            # of a thing it speaks of (a name it quotes, 「やまがた長井観光局」, it gives)
            attribute = m.group("attr")
            of = re.findall(r"[一-龥ァ-ヺー]+$", (asked or masked)[: m.start()])
            named_it = attribute in ("名前", "氏名") and self._quotes_a_name(
                named_plans, of[0] if of else "")
            if attribute not in things and not named_it:
                things.append(attribute)
        for m in _EVENT_DAY.finditer(asked or masked):
            # 「完成予定日」「着工日」: the day of an act no field is (not 認定日, 終了日)
            if not any(rx.search(m.group()) for rx in lx.FIELD_PATTERNS.values()) and not (
                self._sounds_like_a_field(m.group()[:2], masked)  # 人定日: 認定日 mistyped
            ):
                things.append(m.group())
        if asked:
            # things named in a clause that only sets the scene (「市内で和菓子屋をやって
            # います。」) need not be in the summary; those of the clause that asks do
            things = [n for n in things if n in asked]
        if not words and not nouns and not things:
            return {}
        total = sum(len(w) for w, _ in words) + sum(len(n) for n in nouns)
        # per plan, the length of its content words the question used (a
        # generic word of a large knowledge base is thousands of plans')
        word_said: dict[str, int] = defaultdict(int)
        for w, pid in words:
            word_said[pid] += len(w)
        candidates = set(word_said)
        if nouns:
            candidates |= set(self.index.summary_coverage("、".join(nouns)))
        # which plans' summaries say each word, found once for all the candidates;
        # added up word by word, not plan by plan: a generic word of a large
        # knowledge base leaves thousands of candidates and few of them say the rest
        saying = _Saying(self.index, candidates)
        said_by = dict.fromkeys(candidates, 0)
        for pid, length in word_said.items():
            said_by[pid] += length
        for n in nouns:
            for pid in saying(n):
                said_by[pid] += len(n)
        whole = set(candidates)
        for n in things:
            whole &= saying.speakers(n)
        # (a comprehension, not a loop of statements: thousands of candidates)
        cover = {pid: said / total for pid, said in said_by.items()} if total else (
            dict.fromkeys(said_by, 0.0))
        # ties in the knowledge's order: a set's order changes from process to process
        # (two sorts with C keys, the second stable: by share, then that order)
        ranked_ids = sorted(cover, key=self._order.__getitem__)
        ranked_ids.sort(key=cover.__getitem__, reverse=True)
        ranked = [(pid, cover[pid]) for pid in ranked_ids]
        # each thing as the question typed it (ヘクタール, not へくたーる), for the answer
        typed = {k: n for k, _, _, n in typed_tokens} | {"url": "URL"}
        unsaid = self._unsaid(named_plans, things, typed, masked) if things else ()
        # things no summary at all speaks of (企業版ふるさと納税): unsaid of any plan meant
        nowhere = tuple(
            typed.get(t, t) for t in things
            if len(t) >= 2 and not _HIRAGANA_ONLY.fullmatch(t) and t not in lx.ASKING_NOUNS
            and not self._sounds_like_a_field(t, masked) and not self.index.plans_saying(t)
        )  # fmt: skip
        phrase = "、".join([w for w, _ in words] + nouns)
        return {
            "content": phrase or None,
            # only words of the plans themselves (観光局), nothing else described
            "content_words_only": bool(words) and not nouns and not things,
            "content_cover": tuple(ranked),
            "content_whole": frozenset(whole),  # (every one a candidate)
            "unsaid": unsaid,
            "unsaid_anywhere": nowhere,
        }

    def _quotes_a_name(self, plans: tuple[str, ...], of: str) -> bool:
        """Does a summary of these plans quote the name of `of` (地域DMO「やまがた長井
        観光局」)? A body in general (組織, 団体) is named by any name quoted."""
        for pid in plans:
            summary = self.index.summary_of(pid)
            if "「" not in summary:
                continue
            if not of or of in lx.BODIES:
                return True
            quotes = [q.start() for q in re.finditer("「", summary)]
            near = (abs(m.start() - q) <= QUOTED_NEAR
                    for m in re.finditer(re.escape(of), summary) for q in quotes)
            if any(near):
                return True
        return False

    def _unsaid(
        self,
        named: tuple[str, ...],
        things: list[str],
        typed: dict[str, str],
        key: str,
    ) -> tuple[str, ...]:
        """The things a question names that no summary of the plans it names
        speaks of, as typed (工業団地, ヘクタール in 「しごと創出の計画で造成する工業団地
        は何ヘクタール?」): the page does not say, which the answer tells."""
        if not named or len(named) > 2:
            return ()
        saying = _Saying(self.index, set(named))
        said = [w for w in things if any(saying.speaks_of(pid, w) for pid in named)]
        # 「市内の会社が副業の人に任せるのはどんな仕事?」: 会社 beside 副業, a thing the
        # summary says, is the summary's 企業 in other words; only a thing asked in a
        # clause without one (「…入居するんだよね?あと図書館もできる?」, 「住宅取得の支援は
        # 入っていない?」: 支援 is an act) is one the page leaves unsaid
        clauses = [c for c in _ASKS_APART.split(key) if c]

        def alone(thing: str) -> bool:
            clause = next((c for c in clauses if thing in c), "")
            # 「レンタルオフィスの家賃」: a said thing's attribute, which the page does not give
            if any(f"{w}の{thing}" in clause for w in said):
                return True
            return not any(w in clause for w in said)

        out: list[str] = []
        last = ""
        # (a filler noun, あと in 「あと図書館もできる?」, is no thing asked about)
        for thing in (t for t in things if not _HIRAGANA_ONLY.fullmatch(t) or len(t) > 2):
            if thing in lx.ASKING_NOUNS or self._sounds_like_a_field(thing, key):
                continue  # 「計画機関を教えて」「人定日」: a slip for 期間, 認定, a field
            if thing in said or not alone(thing):
                last = ""
                continue
            shown = typed.get(thing, thing)
            if last and out and (last + thing) in key:
                out[-1] += shown  # 工業 and 団地 as written together: 工業団地
            else:
                out.append(shown)
            last = thing
        return tuple(w for w in out if len(w) >= 2 and not _HIRAGANA_ONLY.fullmatch(w))

    def _city_owned(self, key: str, unexplained: tuple[str, ...]) -> bool:
        """「長井市の人口って…」: a thing of the city itself (its population, its
        mayor), which no plan's summary answers even where it says the word."""
        for m in re.finditer(r"(?:" + self._city_noise.pattern + r")\s?の\s?", key):
            after = key[m.end() :]
            # (「長井市の今年度の予算」: a thing of the city a few words on)
            if any(after.startswith(u) or u in after[:16] for u in unexplained if len(u) >= 2):
                return True
        return False

    def _sounds_like_a_field(self, thing: str, key: str) -> bool:
        """機関 (期間), 人定 (認定), and a day named X日 (人定日): a field mistyped."""
        heard = READER.read(thing)
        return heard in self._field_sounds or any(
            len(heard) == len(s) and sum(a != b for a, b in zip(heard, s, strict=True)) == 1
            for s in self._field_sounds
        )

    def _other_plan(self, key: str, text: str = "") -> re.Match[str] | None:
        """「観光振興計画」: a plan named as a compound no plan's name holds (not
        地域再生計画, the scheme's, nor 人材誘致計画, a title's end). Words typed
        apart are no compound (「アンテナショップ 販売 計画 認定日」: the key has lost
        the spaces, the text has them)."""
        if len(self._plan_names) > 200_000:
            return None  # (a knowledge base of thousands: too costly to look through)
        for m in lx.PLAN_COMPOUND.finditer(key):
            if _typed_apart(m.group(), text) or _OWN_FIELD.match(key, m.end()):
                continue
            run = m.group(1).removeprefix(normalize(self.kb.city.name))
            run = run.removeprefix(normalize(self.kb.city.name).rstrip("市町村"))
            # (a one-letter stop starts the run: 本計画, 各計画; not 基本計画's 本)
            if len(run) < 2 or any(
                run.startswith(w) if len(w) == 1 else w in run for w in lx.PLAN_COMPOUND_STOPS
            ):
                continue
            # the longest end of the compound a name holds is where the name would
            # start; one holding under half of it (農業振興地域 before 整備計画, a
            # machinaka title's end) is another plan's name
            kind = m.group(2)
            held = next((len(run) - i for i in range(len(run) - 1)
                         if run[i:] + kind in self._plan_names), 0)  # fmt: skip
            # (a slip in a name, 交流施節整備計画, still has most of its pairs in names)
            head = run[: len(run) - held]
            pairs = [head[i : i + 2] for i in range(len(head) - 1)]
            named = sum(pair in self._plan_names for pair in pairs)
            if "再生" not in run and held * 2 <= len(run) and named * 2 < len(pairs):
                return m
        return None

    def _said_form(self, noun: str) -> str:
        # only a kanji compound loses an end and stays itself: ぷーる less ぷ is
        # ーる, which every ほーる holds
        if len(noun) < 3 or not _COMPOUND.match(noun) or self.index.summary_coverage(noun):
            return noun
        for part in (noun[:-1], noun[1:]):
            if any(share == 1.0 for share in self.index.summary_coverage(part).values()):
                return part
        return noun

    def _owned_contact(self, key: str) -> bool:
        """「市民プールの住所」「図書館の電話番号」: the contact details of a place
        that is not the office, nor the city, nor a plan."""
        for m in lx.OWNED_CONTACT.finditer(key):
            owner = m.group(1)
            if lx.OFFICE_NAMED.search(owner) or self._office.search(owner):
                continue
            if self._city_noise.fullmatch(owner) or lx.PLAN_WORD.search(owner):
                continue
            if owner in _POINTERS:
                continue  # 「そこの郵便番号は?」: the place just talked about
            return True
        return False

    def _thing_of(self, unexplained: tuple[str, ...]) -> str | None:
        """The one plan whose summary has a thing as typed (山形鉄道 in 山形鉄道株式会社),
        for 「山形鉄道ってDMOの計画に出てくる?」; three characters at least."""
        owners = {
            pid for u in unexplained if len(u) >= 3 and not _generic(u)
            for pid in self.index.plans_saying(u)
        }  # fmt: skip
        return next(iter(owners)) if len(owners) == 1 else None

    def _towns(self, key: str) -> tuple[str, ...]:
        """Every municipality named, in order, a partner in its own spelling
        (「南陽市、白鷹町、飯豊町、あと米沢市も入ってる?」); not the city itself."""
        found: list[str] = []
        for m in lx.TOWN.finditer(key):
            name = m.group(1)
            if normalize(name) in self._city_noise.pattern or name in _THIS_CITY:
                continue
            heard = self._partners.get(normalize(name)) or self._partners.get(
                READER.read(normalize(name))
            )
            found.append(heard or name)
        return tuple(dict.fromkeys(found))

    def _town(self, masked: str, removed: list[bool]) -> str | None:
        """A municipality that takes part in no plan (山形市), as written."""
        for m in lx.TOWN.finditer(masked):
            name = m.group(1)
            if normalize(name) in self._city_noise.pattern or name in _THIS_CITY:
                continue
            _mark(removed, m.start(1), m.end(1))
            return name
        return None

    # -- fields ----------------------------------------------------------------

    def _fields(self, masked: str, removed: list[bool]) -> tuple[tuple[Field, ...], bool]:
        """The fields asked, and whether any was asked in so many words."""
        # Longest words first, each character read once: in 「一緒にやってる市町」
        # 一緒にやって asks for partners, and its やって is not 「やってる?」 (status).
        spans = [
            (m.start(), m.end(), f)
            for f, rx in lx.FIELD_PATTERNS.items()
            for m in rx.finditer(masked)
            if m.end() > m.start()
        ]
        # 「DMOの偏向日いつ」「変功あり?」「認呈された」: a field word typed as another
        # word of the same sound (a kana-kanji conversion slip)
        sounded = {f for _, _, f in spans} & set(lx.HOMOPHONE_FIELDS.values())
        for m in _KANJI_PAIR.finditer(masked) if not sounded else ():
            reading = READER.read(m.group())
            for kana, f in lx.HOMOPHONE_FIELDS.items():
                if reading.startswith(kana):
                    spans.append((m.start(1), m.end(1), f))
        # 〜について / って何 only say "about"; any other field word comes first.
        spans.sort(key=lambda s: (s[2] is Field.OVERVIEW, s[0] - s[1], s[0]))
        taken = [False] * len(masked)
        hit: set[Field] = set()
        strong = False
        for start, end, f in spans:
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            hit.add(f)
            _mark(removed, start, _word_end(masked, end))
            # 「どのくらい」「いつ」 ask a plan's period only of a question about a plan
            strong = strong or not lx.WEAK_FIELD_WORDS.fullmatch(masked[start:end])
        found = [f for f in lx.FIELD_PATTERNS if f in hit]

        dated = {Field.CERTIFIED, Field.CHANGES, Field.PERIOD, Field.STATUS, Field.ROUND}
        if _find(lx.WHEN, masked, removed) and not dated.intersection(found):
            found.append(Field.DATES)
        if {Field.DOCUMENT, Field.UNLISTED} & set(found):
            # 「詳細ファイル」「詳しい中身はどこで見れる」: the file, not the summary
            found = [f for f in found if f not in (Field.SUMMARY, Field.OVERVIEW)]
        if Field.ROUND in found and Field.CERTIFIED in found:
            found.remove(Field.CERTIFIED)  # 第何回の認定: the round answer gives the date too
        if Field.STATUS in found and Field.PERIOD in found:
            found.remove(Field.STATUS)  # the period answer says whether it has ended
        if len(found) > 1 and Field.OVERVIEW in found:
            found.remove(Field.OVERVIEW)  # 期間について: the period, not everything
        if len(found) > 1 and Field.CONTACT in found:
            found.remove(Field.CONTACT)
        return tuple(found), strong

    # -- questions over all plans --------------------------------------------------

    def _aggregate(
        self, masked: str, removed: list[bool], fields: tuple[Field, ...], key: str = ""
    ) -> AggregateQuery | None:
        found = [(k, m) for k, rx in lx.AGGREGATE_KINDS.items() if (m := rx.search(masked))]
        in_masked = {k for k, _ in found}  # (the kinds' words to take out at the end)
        kind = found[0][0] if found else None  # the lexicon's order settles overlaps
        if kind in _SUPERLATIVES:
            # several superlatives: answered in the order the question asks them
            first = found[0][1]
            found = [found[0], *sorted(found[1:], key=lambda km: km[1].start())]
            if any(m.end() <= first.start() and k in _SUPERLATIVES for k, m in found[1:]):
                found = sorted(found, key=lambda km: km[1].start())
                kind = found[0][0]
        # 「一番古い計画と一番新しい計画」: a second superlative in words of its own
        # (not 最初 inside 「最初に終わった」), answered too
        also = None
        if found and kind in _SUPERLATIVES:
            first = found[0][1]
            also = next(
                (k for k, m in found[1:]
                 if k in _SUPERLATIVES and (m.start() >= first.end() or m.end() <= first.start())),
                None,
            )  # fmt: skip
        role_first = lx.CERTIFIED_EXTREME.search(masked)
        if role_first and not re.search("終|満了|期間|始ま|変更", masked):
            # 「認定が一番遅い計画」: certified last, whatever 遅い alone would mean
            early = role_first.group("end") in ("早", "古")
            kind, also = (AggregateKind.OLDEST if early else AggregateKind.NEWEST), None
        if also is None and kind in _OPPOSITE:
            # 「終了日が一番早い計画と一番遅い計画」: one role, both ends of it
            ends = {m.group("end") for m in lx.BARE_EXTREME.finditer(masked)}
            if len(ends) > 1:
                also = _OPPOSITE[kind]
        group = next((g for rx, g in lx.GROUP_BY if _find(rx, masked, removed)), None)
        listing = bool(lx.LIST.search(masked)) or group is not None
        status = None
        if lx.WITH_ENDED.search(masked):
            pass  # every plan, ended or not
        elif lx.NOT_ENDED.search(masked):
            status = "running"
        elif lx.ENDED.search(masked):
            status = "ended"
        elif lx.RUNNING.search(masked):
            status = "running"
        round_match = lx.ROUND_NUMBER.search(masked) or lx.ROUND_EN.search(masked)
        nth_change = lx.NTH_CHANGE.search(masked)
        if round_match and nth_change and (
            nth_change.start() <= round_match.start() < nth_change.end()
        ):
            round_match = None  # 「2回目の変更」: a plan's second change, not the second round
        rounds = tuple(dict.fromkeys(int(m.group(1)) for m in lx.ROUND_NUMBER.finditer(masked)))
        if len(rounds) < 2:
            rounds = ()
        round_span = None
        before, after = lx.ROUND_BEFORE.search(masked), lx.ROUND_AFTER.search(masked)
        if before and after and after.start() < before.start():
            # 「第40回から第55回までの間」: both ends
            low, high = int(after.group(1)), int(before.group(1))
            round_span = (low + 1 if "より" in after.group() else low,
                          high if ("以前" in before.group() or "まで" in before.group())
                          else high - 1)  # fmt: skip
        elif m := before:
            n = int(m.group(1))
            round_span = (0, n if ("以前" in m.group() or "まで" in m.group()) else n - 1)
        elif m := after:
            n = int(m.group(1))
            round_span = (n + 1 if "より" in m.group() else n, 999)
        elif m := lx.ROUND_DECADE.search(masked):
            n = int(m.group(1)) * 10
            round_span = (n, n + 9)
        if round_span is not None:
            round_match, rounds = None, ()
        total = (Field.CHANGES in fields and bool(lx.TOTAL.search(masked))
                 and not lx.PLANS_COUNTED.search(masked))
        times = None
        if Field.CHANGES in fields and (m := lx.TIMES.search(masked)):
            # 「2回しか変更されてない?」 counts changes; a round is written 第51回
            n = _number(m.group(1))
            times = (n, 99) if m.group(2) else (0, n) if m.group(3) else (
                (0, n - 1) if m.group(4) else (n, n))
            round_match = None
        dates = self._date_filters(masked, fields)
        month = None if dates else _bare_month(masked, fields)
        claimed = None
        if m := lx.COUNT_CLAIM.search(masked):
            claimed = _number(m.group("n")) if m.group("n") else int(m.group("en"))
            if kind is None:
                kind = AggregateKind.COUNT  # 「…は5件で合ってる?」 asks the count
        named = sorted((masked.find(m), m) for m in self._partner_keys if m in masked)
        towns = list(dict.fromkeys(self._partners[m] for _, m in named))
        partner = towns[0] if towns else None
        if partner is None:
            # 「南洋市と組んでる計画」: a partner typed by its sound (なんようし)
            for m in lx.TOWN.finditer(masked):
                heard = self._partners.get(READER.read(normalize(m.group(1))))
                if heard is not None:
                    partner = heard
                    _mark(removed, m.start(1), m.end(1))
                    break
        if lx.TAKES_PART.search(masked) and lx.PLAN_WORD.search(masked):
            # 「川西町と一緒にやってる計画」: a town no plan has is a filter too (none
            # found), as is one beside a partner (「南陽市と川西町が入ってる計画」)
            others = [t for t in self._towns(masked)
                      if t not in towns and _MUNICIPALITY.match(t)]  # fmt: skip
            if partner is None and others:
                partner, others = others[0], others[1:]
            towns = [*(towns or ([partner] if partner else [])), *others]
        unchanged = bool(lx.UNCHANGED.search(masked))
        changed = not unchanged and bool(lx.CHANGED_AT_ALL.search(masked))
        if kind in (AggregateKind.FIRST_CHANGED, AggregateKind.LAST_CHANGED):
            changed = False  # ranked by a change's day: changed at all goes without saying
        years = self._years(masked, fields)
        lengths = (AggregateKind.LONGEST, AggregateKind.SHORTEST)
        if years and kind in lengths and not _EXPLICIT_MOST.search(masked):
            # 「計画期間が5年くらいある長い計画」: 長い describes the five years; every such plan
            kind = None
        page_ended = bool(lx.PAGE_ENDED.search(masked))
        if page_ended:
            status = None  # the page's heading, not the period (all have ended by now)
        # 「広域連携事業になってる計画」: 広域 says it, with no other word of partners
        # (in the key: 広域連携事業 and 2市2町 are also words of the DMO plan's, masked there)
        key = key or masked
        joint = bool(lx.JOINT.search(key)) and (
            Field.PARTNERS in fields or "広域連携" in key
            or (bool(re.search(r"\d市\d町|複数の", key)) and bool(lx.PLAN_WORD.search(key)))
        )
        # 「長井市以外に参加している自治体」 leaves out the city, not a plan
        except_named = bool(lx.EXCEPT.search(masked)) and not re.search(
            "(?:" + self._city_noise.pattern + ")(?:以外|を除)"
            # "Besides Nagai itself, how many municipalities…"
            r"|\b(?:besides|apart from|other than|except|aside from|excluding) (?:"
            + self._city_noise.pattern + "|" + self._city_en + ")", masked
        )
        # a town named is a filter only when taking part or the plans are asked
        # about (「南陽市の温泉のおすすめ」 asks neither)
        partner_asked = partner is not None and bool(
            Field.PARTNERS in fields or lx.TAKES_PART.search(masked) or lx.PLAN_WORD.search(masked)
            # 「白鷹 どれ」「飯豊町はどれ?」: a town and "which", nothing else
            or (len(masked) <= SHORT_WHICH and lx.WHICH_ONE.search(masked))
        )
        nth = _nth(masked)
        if nth is not None:
            kind, also = nth[0], None
            _find(lx.NTH, masked, removed)
            _find(lx.PAGE_END, masked, removed)
        order = _sorted(masked)
        limit = None
        if order is not None and (m := lx.TOP_N.search(masked)):
            limit = _number(m.group("n")) if m.group("n") else int(m.group("en"))
        if order is not None:
            # 「古い順に並べて」 lists them all, sorted: not the oldest one
            kind, also, listing = None, None, True
            _find(lx.SORTED, masked, removed)
        if kind is None and not (
            nth or listing or status or round_match or dates or month or claimed or partner_asked
            or unchanged
            or years
            or times or lx.CHANGED_PLANS.search(masked) or total
            or page_ended or joint or round_span
        ):
            return None
        # 「南陽市が入ってない」「第51回じゃない」: the plans those filters leave out
        denied = partner_asked or round_match or dates or page_ended or joint or round_span
        negate = bool(denied) and _find(lx.NEGATED, masked, removed)
        if page_ended and lx.PAGE_ENDED_EXCEPT.search(masked):
            negate, except_named = True, False  # 「「終了した計画」以外でページに載ってる計画」
        if (round_match or dates or round_span) and lx.FILTER_EXCEPT.search(masked):
            negate, except_named = True, False  # 「第51回以外のもの」「令和以外で認定」
        if negate and dates and {Field.CERTIFIED, Field.CHANGES} <= set(fields):
            # 「令和2年に認定も変更もされてない」: nothing happened to them then
            dates = tuple(replace(f, role=DateRole.ANY) for f in dates)
        # (a kind not found in `masked` above is not found in it now: not searched again)
        for rx in (*(rx for k, rx in lx.AGGREGATE_KINDS.items() if k in in_masked), lx.LIST,
                   lx.NOT_ENDED, lx.ENDED, lx.RUNNING, lx.UNCHANGED, lx.ERA_ONLY,
                   lx.ROUND_NUMBER):  # fmt: skip
            _find(rx, masked, removed)
        for mention in find_dates(masked):
            _mark(removed, mention.start, mention.end)
        if partner:
            # every town named is taken out (「しらたかまち いいでまち なんようし と…」)
            for key in self._partner_keys:
                _find(re.compile(re.escape(key)), masked, removed)
        if partner and Field.PARTNERS not in fields:
            fields = (*fields, Field.PARTNERS)
        if status == "running" and any(f.role is DateRole.RUNNING for f in dates):
            status = None  # 「2021年4月の時点で計画期間中」: running then, not today
        return AggregateQuery(
            kind=kind or AggregateKind.LIST,
            status=status,
            dates=dates,
            round=int(round_match.group(1) or round_match.group(2))
            if round_match and not rounds
            else None,
            rounds=rounds,
            times=times if not total else None,
            total=total,
            group=group,
            partner=partner,
            partners_too=tuple(towns[1:]),
            month=month,
            claimed=claimed,
            limit=limit,
            unchanged=unchanged,
            changed=changed
            and not any(f.role in (DateRole.CHANGED, DateRole.ANY) for f in dates)
            and not (month is not None and month[0] is DateRole.CHANGED),
            fields=tuple(f for f in fields if f not in (Field.OVERVIEW, Field.DATES)),
            years=years,
            page_ended=page_ended,
            joint=joint,
            except_named=except_named,
            also=also,
            nth=nth[1] if nth else None,
            negate=negate,
            round_span=round_span,
            order=order,
        )

    def _years(self, masked: str, fields: tuple[Field, ...]) -> tuple[int, int] | None:
        """「期間が3年の計画」→ (3, 3); 「5年以上」→ (5, 99); 「4年未満」→ (0, 3)."""
        m = lx.YEARS.search(masked)
        if m is None:
            return None
        text = m.group()
        if not ("年間" in text or "年計画" in text or "year" in text or Field.PERIOD in fields
                or "期間" in masked):
            return None
        n = _number(m.group(1) or m.group(2))
        tail = text + (m.group(3) or "")
        if "以上" in tail or "more" in tail or "を超" in tail or "longer" in tail:
            return (n, 99)
        if "より長" in tail:
            return (n + 1, 99)
        if "以下" in tail or "less" in tail or "shorter" in tail:
            return (0, n)
        if "未満" in tail or "より短" in tail:
            return (0, n - 1)
        return (n, n)

    def _date_filters(self, masked: str, fields: tuple[Field, ...]) -> tuple[DateFilter, ...]:
        filters = []
        spans: list[tuple[int, int, dt.date, dt.date]] = []
        for mention in find_dates(masked):
            first, last = mention.first_day, mention.last_day
            written = masked[mention.start : mention.end]
            era = next((e for e in ERAS if written.startswith(e.name)), None)
            if era is not None and not mention.fiscal:
                # 令和元年 is 2019-05-01 to 2019-12-31, not all of 2019
                first = max(first, era.start)
                last = min(last, era.end or last)
            end = mention.end
            if _decade(masked, mention.end, mention.year) and mention.month is None and era is None:
                last, end = dt.date(mention.year + 9, 12, 31), end + 1  # 「2020年代」: ten years
            spans.append((mention.start, end, first, last))
        if not spans:
            for m in lx.FISCAL_EN.finditer(masked):
                year = int(m.group(1))
                spans.append((m.start(), m.end(), dt.date(year, 4, 1), dt.date(year + 1, 3, 31)))
        if not spans:
            # "certified in March 2019", "on March 29, 2019": English dates
            for m in lx.ENGLISH_DATE.finditer(masked):
                english = _english_span(m)
                if english is not None:
                    spans.append((m.start(), m.end(), *english))
        if not spans:
            # "certified in 2019": a bare Western year, as English questions write it
            for m in lx.BARE_YEAR.finditer(masked):
                year = int(m.group(1))
                # "in the 2020s": ten years
                end = m.end() + 1 if _decade(masked, m.end(), year) else m.end()
                last = dt.date(year + (9 if end > m.end() else 0), 12, 31)
                spans.append((m.start(), end, dt.date(year, 1, 1), last))
        for m in lx.ERA_ONLY.finditer(masked):
            name = m.group(1) or lx.ERA_IN_ENGLISH[m.group(2)]
            era = next(e for e in ERAS if e.name == name)
            spans.append((m.start(), m.end(), era.start, era.end or dt.date.max))
        for start, end, first, last in _year_spans_joined(masked, sorted(spans)):
            after = masked[end : end + 12]
            written = masked[start:end]
            before = masked[max(0, start - 30) : start]
            if m := lx.AFTER_DATE.match(after):
                if lx.NEXT_AFTER.match(m.group()):
                    first = last + dt.timedelta(days=1)  # 「…の次の変更」: after that day
                last, written = dt.date.max, written + m.group()  # 令和7年以降
            elif m := lx.BEFORE_DATE.match(after):
                # (「2022年末までに」 is shown as 2022年末まで: the answer says 「…に終わる」)
                if re.search(r"(?:なる|入る|変わる)前", m.group()):
                    last = first - dt.timedelta(days=1)  # 「令和になる前に」: before it began
                first, written = dt.date.min, written + m.group().removesuffix("に")
            elif written.isascii() and lx.INCLUSIVE_BEFORE.search(before):
                first = dt.date.min  # "in or before March 2021", "by 2022"
            elif written.isascii() and lx.BEFORE_WORDS.search(before):
                first, last = dt.date.min, first - dt.timedelta(days=1)  # "before 2022"
            elif written.isascii() and lx.AFTER_WORDS.search(before):
                first, last = last + dt.timedelta(days=1), dt.date.max
            role = DateRole.CERTIFIED
            # English puts the verb before the date ("ended before 2022")
            context = before if written.isascii() else after
            if lx.EVENT.match(after.lstrip("にはの")):
                # 「令和2年3月30日に起きたことを、認定も変更も」: whatever happened that day
                filters.append(DateFilter(DateRole.ANY, first, last, written))
                continue
            for rx, name in _date_roles(after, written.isascii()):
                if rx.search(after) or (written.isascii() and rx.search(context)):
                    role = DateRole(name)
                    break
            else:
                # 「計画期間の終わりが令和になってる」: the day named before the date
                named = next((r for rx, r in lx.ROLE_BEFORE_DATE if rx.search(before)), None)
                if named is not None:
                    filters.append(DateFilter(DateRole(named), first, last, written))
                    continue
                if Field.CHANGES in fields:
                    role = DateRole.CHANGED
                elif Field.STATUS in fields:
                    role = DateRole.RUNNING
                elif Field.PERIOD in fields and (end := _PERIOD_END_ASKED.search(masked)):
                    # 「「令和3年3月31日」という日付は、どの計画の期間の終わり?」
                    role = DateRole.ENDS if end.group("end") else DateRole.STARTS
                elif lx.EVENT.search(masked):
                    role = DateRole.ANY
            filters.append(DateFilter(role, first, last, written))
        return tuple(filters)

    # -- plans -----------------------------------------------------------------

    def _plans(
        self,
        key: str,
        hits: list[Hit],
        removed: list[bool],
        plan_word: bool,
        katakana: list[bool] | None = None,
    ) -> _PlanReading:
        plans: list[str] = []
        where: dict[str, int] = {}  # where each plan is first named, for the order written
        # (a group, not a set: a generic name of a large knowledge base is thousands')
        ambiguous = self.index.group()
        by_name = any(not h.word for h in hits)
        for span in _spans(hits):
            owners = self.index.group(h.plan_id for h in span)
            # A name one plan carries may still be a word of another plan's title
            # (山の港町), which makes it ambiguous.
            text = key[span[0].start : span[0].end]
            owners.add_naming_within(text)
            if len(owners) == 1:
                (owner,) = owners.in_page_order()
                if owner not in plans:
                    plans.append(owner)
                where[owner] = min(where.get(owner, span[0].start), span[0].start)
            else:
                ambiguous.update(owners)
        near: list[str] = []
        unexplained: list[str] = []
        loosely: set[str] = set()
        loose_segments: list[str] = []
        for segment in _segments(key, removed, katakana):
            as_typed = segment
            if len(segment) < 2 or (len(segment) <= 2 and _HIRAGANA_ONLY.match(segment)):
                unexplained.append(segment)  # a kana ending, not a name
                continue
            if (
                segment.isascii()
                and not _romaji(segment)
                and not (set(segment.split()) & self._english_vocab)
            ):
                unexplained.append(segment)  # English with no word of any plan's names
                continue
            # only the head of the ranking is read below: the plans within MARGIN
            # of the best, and the best three offered as near misses
            scores = self.index.ranking(segment[:MAX_SEGMENT], within=MARGIN, at_least=3)
            top = scores[0] if scores else None
            # one English word names a plan only as a whole name (dmo), not as a word
            # of a longer one (regional, of nagai city regional revitalization plan)
            if (
                top is not None
                and segment.isascii()
                and " " not in segment.strip()
                and not _romaji(segment)
                and not self.index.is_name(segment.strip())
            ):
                top = None
            if (top is None or not _accepted(top, segment)) and _romaji(segment):
                # 「What is 'Yamagata Nagai Kankokyoku'?」: a Japanese word in Latin letters
                kana = jaconv.alphabet2kana(segment.replace(" ", ""))
                kana_scores = self.index.ranking(kana[:MAX_SEGMENT], within=MARGIN, at_least=3)
                if kana_scores and _accepted(kana_scores[0], kana):
                    scores, top, segment = kana_scores, kana_scores[0], kana
            if top is None or not _accepted(top, segment):
                unexplained.append(segment)
                if top is not None and top.combined >= NEAR_MISS and len(segment) >= 3:
                    near.extend(s.plan_id for s in scores[:3] if s.combined >= NEAR_MISS)
                continue
            # the head is best first, so the plans within MARGIN are a prefix of it
            # (thousands when a large knowledge base shares a generic word)
            within = len(scores)
            while top.combined - scores[within - 1].combined >= MARGIN:
                within -= 1
            # (each plan is scored once: one within MARGIN is one plan)
            if within == 1:
                close = scores.plan_ids(1)
                # A second plan beside one already named must be named as clearly:
                # in 「観光交流センターを整備する計画」, 整備 is no plan's name.
                # (the same plan again, 「ﾛｸｼﾞ産業の販路」, names it all the more)
                clear = len(segment) >= 3 and top.surface >= 95
                if plans and close[0] not in plans and not clear:
                    unexplained.append(segment)  # still something the question describes
                    continue
                if close[0] not in plans:
                    plans.append(close[0])
                    where.setdefault(close[0], key.find(segment))
                    if max(top.surface, top.reading) < LOOSE and segment == as_typed:
                        loosely.add(close[0])  # (romaji read as kana is a spelling, not loose)
                        loose_segments.append(segment)
                if not _accepted(top.names_only(), segment) and top.surface >= 90:
                    # a word of what the plan does as written (サイト); one found only
                    # by its reading (額堂 for 学童) is that word, not a thing of its own
                    unexplained.append(segment)
            elif not plans:
                ambiguous.add_ranked(scores, within)
            else:
                unexplained.append(segment)
            by_name = by_name or _accepted(top.names_only(), segment)
        if plans and set(plans) <= loosely and not ambiguous and not by_name and plan_word:
            # 「Uターン希望者との関係づくり」: a name only loosely like the words
            # (ものづくり) yields to the one summary that says them
            # (only when that summary holds every word and the loose name's does not)
            cover = [self.index.summary_coverage(s) for s in loose_segments]
            said = {pid for c in cover for pid, share in c.items() if share >= 1.0}
            loose_said = any(c.get(pid, 0.0) >= 0.75 for c in cover for pid in plans)
            if len(said) == 1 and not (said & set(plans)) and not loose_said:
                return _PlanReading(tuple(said), (), (), False, False, tuple(loose_segments),
                                    True)  # fmt: skip
        if plans:
            # An ambiguous name next to a clear one (山の港町 しごと創出) is settled by it.
            plans.sort(key=lambda pid: where.get(pid, len(key)))
            at = tuple((pid, where.get(pid, len(key))) for pid in plans)
            return _PlanReading(tuple(plans), (), (), False, by_name, tuple(unexplained), where=at,
                                loose=set(plans) <= loosely)  # fmt: skip
        if not ambiguous and unexplained:
            found = self._by_summary(unexplained, plan_word)
            if len(found) == 1:
                return _PlanReading(found, (), (), False, False, tuple(unexplained), True)
            if found:
                return _PlanReading((), found, (), False, False, tuple(unexplained), True)
        return _PlanReading(
            (),
            tuple(ambiguous.in_page_order()),
            tuple(dict.fromkeys(near)),
            any(not _generic(u) for u in unexplained),
            by_name,
            tuple(unexplained),
        )

    def _page_plans(self, masked: str) -> tuple[str, ...]:
        """「2番目と3番目の計画」「1つ目・4つ目の計画」: the plans at those places."""
        places = list(_PLACE.finditer(masked))
        if len(places) < 2 or any(not _PLACE_JOIN.fullmatch(masked, a.end(), b.start())
                                  for a, b in itertools.pairwise(places)):
            return ()
        picks = [1 if m["top"] else -1 if m["last"] else int(m["n"]) if m["n"]
                 else _KANJI_NUMBERS.index(m["k"]) + 1 for m in places]  # fmt: skip
        plans = [self._page_plan(n) for n in picks]
        if len(plans) < 2 or None in plans:
            return ()
        return tuple(dict.fromkeys(p for p in plans if p is not None))

    def _page_plan(self, pick: int | None) -> str | None:
        if pick is None or not -len(self._page) <= pick <= len(self._page) or pick == 0:
            return None
        return self._page[pick - 1] if pick > 0 else self._page[pick]

    def _by_summary(self, segments: list[str], plan_word: bool) -> tuple[str, ...]:
        """Plans whose summary says what the question describes (一時避難スペース,
        ハイパー学童). Two characters are too common a phrase unless the question
        is plainly about a plan (「移住の計画」), not the city (「長井市の人口」)."""
        english = [s for s in segments if s.isascii()]
        if english and len(english) == len(segments) and plan_word:
            # "Is there a plan to help sell my product outside the city?": the
            # English summaries, by the words of the sentence that asks
            said = re.split(r"(?<=[.!?])\s+", " ".join(english).strip())
            # the sentence that asks ("…in these plans? I'm doing a lesson"), else the last
            asked = next((s for s in said if s.endswith("?")), said[-1])
            best = self.index.english_summary_coverage(asked)
            top = max(best.values(), default=0.0)
            if top < SUMMARY_COVERAGE:
                return ()
            close = [p for p, share in best.items() if top - share < 0.1]
            return tuple(sorted(close, key=self._order.__getitem__))
        # All leftovers together: 「入居する会社」 is left as 入居 and 会社. Short
        # hiragana runs are endings and particles (あるのか), not a description.
        text = "、".join(
            # short kana runs inside a leftover are endings (回になる), not words
            _SHORT_KANA.sub("、", s[:MAX_SEGMENT])
            for s in segments
            if len(s) >= 2 and not (_HIRAGANA_ONLY.match(s) and len(s) < 5)
        )
        if len(text) < 2 or (len(text) == 2 and not plan_word):
            return ()
        best = self.index.summary_coverage(text)
        if not best:
            return ()
        top = max(best.values())
        if top < SUMMARY_COVERAGE:
            return ()
        close = [p for p, share in best.items() if top - share < 0.1]
        # a summary found only through a word in kana (なる of 「期間切れになる」) says
        # nothing the question describes
        # (katakana is folded to hiragana in the key: a long run is a word, プログラミング)
        words = [c for chunks in word_chunks(text) for c in chunks
                 if not (_HIRAGANA_ONLY.fullmatch(c) and len(c) <= 3)]  # fmt: skip
        close = [p for p in close if any(self.index.summary_says(p, w) for w in words)]
        return tuple(sorted(close, key=self._order.__getitem__))


_KANJI_NUMBERS = "一二三四五六七八九十"
# 「米沢市の地域再生計画」「山形市にもDMOの計画ってある?」
_TOWNS_OWN_PLANS = r"(?:が|の)(?:自分|独自|単独|じぶん|自前)(?:で|に|の)?.{0,6}?(?:地域再生)?計画"
_OTHER_TOWNS_PLANS = (
    r"(?:(?:の|にも|には|では|でも).{0,12}"
    # 「米沢市が自分で作った地域再生計画」「白鷹町が独自に立てた計画」
    r"|が(?:自分|独自|単独|じぶん)(?:で|に)?.{0,6}?)(?:地域再生)?計画"
)
_EXPLICIT_MOST = re.compile(r"一番|いちばん|最も|もっとも|最長|最短|longest|shortest")
# how a letter to the city calls the city itself (貴市の地域再生計画)
_THIS_CITY = frozenset({"貴市", "当市", "本市", "御市", "弊市", "同市", "市"})
_SUPERLATIVES = frozenset(AggregateKind) - {
    AggregateKind.LIST, AggregateKind.COUNT, AggregateKind.PAGE
}
_OPPOSITE = {
    AggregateKind.LAST_ENDING: AggregateKind.FIRST_ENDING,
    AggregateKind.FIRST_ENDING: AggregateKind.LAST_ENDING,
    AggregateKind.STARTS_FIRST: AggregateKind.STARTS_LAST,
    AggregateKind.STARTS_LAST: AggregateKind.STARTS_FIRST,
    AggregateKind.NEWEST: AggregateKind.OLDEST,
    AggregateKind.OLDEST: AggregateKind.NEWEST,
    AggregateKind.LONGEST: AggregateKind.SHORTEST,
    AggregateKind.SHORTEST: AggregateKind.LONGEST,
    AggregateKind.FIRST_CHANGED: AggregateKind.LAST_CHANGED,
    AggregateKind.LAST_CHANGED: AggregateKind.FIRST_CHANGED,
}
_KANJI = re.compile(r"^[一-龥々]$")
_EVENT_DAY = re.compile(r"(?<![一-龥])[一-龥]{2}(?:予定)?日(?![一-龥])")
# a kanji compound may be said less an end character (災害時: 災害発生時); a kana word not
_COMPOUND = re.compile(r"^[一-龥々]+$")
# a kana word with a long-vowel mark is a loanword (ぷーる), a thing, not an ending
_LOANWORD = re.compile(r"^[ぁ-ゖァ-ヺ]*ー[ぁ-ゖァ-ヺー]*$")
_KANJI_START = re.compile(r"^[一-龥々]")
_SHORT_KANA = re.compile(r"(?<![ぁ-ゖー])[ぁ-ゖ]{1,3}(?![ぁ-ゖー])")
_CLAUSES = re.compile(r"(?<=[?？!！。])|(?<=\. )")  # ("I'm a tourist. Does …?")


def _comparison(masked: str, moments: tuple[Moment, ...]) -> AggregateKind | str | None:
    """What a comparison of plans compares: a word that says it (長い, 変更が多い,
    まだ続いてる), else which way (先, later) over the day the question names."""
    kind = next((kind for rx, kind in lx.COMPARATIVES if rx.search(masked)), None)
    if kind is not None:
        return kind
    first, last = lx.COMPARE_FIRST.search(masked), lx.COMPARE_LAST.search(masked)
    if not (first or last):
        return None
    earlier = first is not None and (last is None or first.start() < last.start())
    if Moment.ENDS in moments:
        return AggregateKind.FIRST_ENDING if earlier else AggregateKind.LAST_ENDING
    if Moment.STARTS in moments:
        return AggregateKind.STARTS_FIRST if earlier else AggregateKind.STARTS_LAST
    return AggregateKind.OLDEST if earlier else AggregateKind.NEWEST


def _moment_day(masked: str, moment_at: list[tuple[int, int, Moment]]) -> Moment | None:
    """「最後の変更の日に」「終わった日に」: the moment whose day the question means."""
    for _, end, moment in moment_at:
        if lx.MOMENT_DAY.match(masked[end : end + 8]):
            return moment
    return None


_POINTERS = frozenset({"そこ", "そちら", "こちら", "あそこ", "その", "ここ"})


def _quoted_inquiry(text: str) -> str:
    """「以下の問い合わせへの回答案を作ってください。「山形鉄道が…何の計画?」」「その住民から
    「それはいつまでの計画?」と追加の質問がありました。」: a clerk passing a
    resident's words on; the words in quotes are the question."""
    if not lx.RELAYED.search(text):
        return text
    found = [m for m in re.finditer(r"「([^「」]{4,})」", text) if not lx.PLAN_WORD.fullmatch(m[1])]
    if not found:
        return text
    # what the clerk asks after the quote stays (「…と電話がありました。認定日を教えてください。」)
    after = [s for s in re.split(r"[。\n]", text[found[-1].end() :])
             if s.strip() and not lx.RELAYED.search(s) and not s.startswith("と")]  # fmt: skip
    return " ".join([found[-1][1], *after])


def _letter_body(text: str) -> str:
    """A pasted e-mail without its headers, greetings and signature; the lines
    that ask stay. Text of one or two lines is left as it is."""
    text = _quoted_inquiry(text)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 3:
        return text
    body = []
    for n, line in enumerate(lines):
        if re.match(r"^\s*[-‐－―ー—_＿=＝*]{4,}\s*$", line):
            break  # the signature follows
        if n < 2 and lx.SELF_INTRO.match(line):
            continue  # who writes
        if not lx.LETTER_FRAME.search(line):
            body.append(line)
    return "\n".join(body) if body else text


# the order a place is counted in, by the verb after it: (from the first, from the latest)
_ORDER_OF_VERB = {
    verb: orders
    for verbs, orders in (
        (("認定", "certified", "approved"), (AggregateKind.OLDEST, AggregateKind.NEWEST)),
        (("終わ", "終了", "ended", "to end"),
         (AggregateKind.FIRST_ENDING, AggregateKind.LAST_ENDING)),
        (("始ま", "開始", "started", "to start"),
         (AggregateKind.STARTS_FIRST, AggregateKind.STARTS_LAST)),
    )
    for verb in verbs
}  # fmt: skip
_FROM_LATEST = ("新しい", "遅い", "後", "後の", "最近", "最近の")
_ORDER_OF_ADJECTIVE = {
    "長い": AggregateKind.LONGEST, "長か": AggregateKind.LONGEST,
    "短い": AggregateKind.SHORTEST, "短か": AggregateKind.SHORTEST,
    "古い": AggregateKind.OLDEST, "早い": AggregateKind.OLDEST,
    "新しい": AggregateKind.NEWEST, "遅い": AggregateKind.NEWEST,
}  # fmt: skip
# 「古いほうから2番目」: with no verb, an order of certification
_ORDER_OF_START = {"古い": AggregateKind.OLDEST, "早い": AggregateKind.OLDEST,
                   "新しい": AggregateKind.NEWEST, "遅い": AggregateKind.NEWEST,
                   "最近": AggregateKind.NEWEST, "最近の": AggregateKind.NEWEST}  # fmt: skip


def _order(verb: str | None, start: str | None) -> AggregateKind | None:
    if verb in ("載", "掲載", "出て", "書いて", "書かれ", "listed") or start in ("上", "下"):
        return AggregateKind.PAGE
    orders = _ORDER_OF_VERB.get(verb or "")
    if orders is None:
        return None
    return orders[1] if start in _FROM_LATEST else orders[0]


_SORT_WORDS = {
    "古い": AggregateKind.OLDEST, "早い": AggregateKind.OLDEST, "若い": AggregateKind.OLDEST,
    "oldest": AggregateKind.OLDEST, "earliest": AggregateKind.OLDEST,
    "新しい": AggregateKind.NEWEST, "遅い": AggregateKind.NEWEST,
    "newest": AggregateKind.NEWEST, "latest": AggregateKind.NEWEST,
    "長い": AggregateKind.LONGEST, "longest": AggregateKind.LONGEST,
    "短い": AggregateKind.SHORTEST, "shortest": AggregateKind.SHORTEST,
    "多い": AggregateKind.MOST_CHANGES, "most changed": AggregateKind.MOST_CHANGES,
}  # fmt: skip
# Which day an order of dates sorts by, from a word near it: 終わりが早い順.
_SORT_DAYS = (
    (("終わ", "終了", "満了", "end"), (AggregateKind.FIRST_ENDING, AggregateKind.LAST_ENDING)),
    (("始ま", "開始", "start"), (AggregateKind.STARTS_FIRST, AggregateKind.STARTS_LAST)),
)


def _sorted(masked: str) -> AggregateKind | None:
    """「認定日を古い順に並べて」 → OLDEST; 「終わるのが早い順」 → FIRST_ENDING;
    "newest first" → NEWEST; 「順番に」 alone → OLDEST."""
    m = lx.SORTED.search(masked)
    if m is None:
        return None
    word = m.group("ja") or m.group("en")
    kind = _SORT_WORDS.get(word or "", AggregateKind.OLDEST)
    if kind in (AggregateKind.OLDEST, AggregateKind.NEWEST):
        near = masked[max(0, m.start() - 12) : m.start()]
        for verbs, (first, last) in _SORT_DAYS:
            if any(v in near for v in verbs):
                return first if kind is AggregateKind.OLDEST else last
    return kind


def _nth(masked: str) -> tuple[AggregateKind, int] | None:
    """「2番目に認定された計画」 → (OLDEST, 2); 「上から3番目」 → (PAGE, 3);
    「ページでいちばん上に載っている」 → (PAGE, 1)."""
    m = lx.NTH.search(masked)
    if m is None:
        end = lx.PAGE_END.search(masked)
        if end is None:
            return None
        last = end.group("top") == "下" or end.group("last")
        return AggregateKind.PAGE, -1 if last else 1
    if word := m.group("en"):
        kind = _order(m.group("enverb"), None)
        n = int(word[0]) if word[0].isdigit() else lx.ORDINAL_WORDS.index(word) + 1
        return (kind, n) if kind else None
    verb, start = m.group("verb"), m.group("from")
    kind = _ORDER_OF_ADJECTIVE.get(verb or "") or _order(verb, start)
    if kind is None and verb is None:
        kind = _ORDER_OF_START.get(start or "")
    if kind is None:
        return None  # 「2つ目の計画は?」: one of the plans just answered (pick)
    n = int(m.group("n")) if m.group("n") else _KANJI_NUMBERS.index(m.group("k")) + 1
    if m.group("from") == "下":
        n = -n
    return kind, n


def _rank(masked: str) -> AggregateKind | None:
    """「何番目に認定された?」: the order a plan's place is asked in."""
    m = lx.RANK.search(masked)
    if m is None:
        return None
    return _order(m.group("verb"), None) or AggregateKind.OLDEST


def _bare_month(masked: str, fields: tuple[Field, ...]) -> tuple[DateRole, int] | None:
    """「12月に認定された」「5月に変更があった」: a month with no year, and whose day."""
    m = lx.BARE_MONTH.search(masked)
    if m is not None:
        month, context = int(m.group(1)), masked[m.end() : m.end() + 12]
    elif en := lx.BARE_MONTH_EN.search(masked):
        month = lx.ENGLISH_MONTHS.index(en.group(1) or en.group(2)) + 1
        # English puts the verb before the month ("certified in March"); 「マーチに
        # サーティファイされた」 after it
        context = masked[max(0, en.start() - 30) : en.start()] if en.group(1) else (
            masked[en.end() : en.end() + 20])
    else:
        return None
    role = next((DateRole(name) for rx, name in lx.DATE_ROLES if rx.search(context)), None)
    if role in (None, DateRole.ANY, DateRole.RUNNING):
        role = DateRole.CHANGED if Field.CHANGES in fields else DateRole.CERTIFIED
    return role, month



def _year_spans_joined(
    masked: str, spans: list[tuple[int, int, dt.date, dt.date]]
) -> list[tuple[int, int, dt.date, dt.date]]:
    """「2020年から2022年の間」: two whole years joined by から are one span, from
    the first to the last (two full dates so joined are a period, said as such)."""
    joined: list[tuple[int, int, dt.date, dt.date]] = []
    for span in spans:
        if joined:
            start, end, first, _ = joined[-1]
            if (
                _whole_year(joined[-1]) and _whole_year(span)
                and lx.YEAR_SPAN_JOIN.match(masked[end : span[0]])
            ):  # fmt: skip
                joined[-1] = (start, span[1], first, span[3])
                continue
        joined.append(span)
    return joined


def _whole_year(span: tuple[int, int, dt.date, dt.date]) -> bool:
    _, _, first, last = span
    # (an era's first or last year is a part of one: 令和元年 from May 1)
    return last.year == first.year and (last.month, last.day) == (12, 31) and first.month <= 5


class _Saying:
    """The plans (of some candidates) whose summary says a word, each word looked
    up once: a generic word of a large knowledge base leaves thousands of candidates."""

    def __init__(self, index: PlanIndex, candidates: set[str]) -> None:
        self._index = index
        self._candidates = candidates
        self._found: dict[str, set[str]] = {}

    def __call__(self, word: str) -> set[str]:
        found = self._found.get(word)
        if found is None:
            if len(word) >= 2:
                found = self._index.plans_saying(word) & self._candidates
            else:  # one character: no bigram to look it up by
                found = {p for p in self._candidates if self._index.summary_says(p, word)}
            self._found[word] = found
        return found

    def speaks_of(self, plan_id: str, noun: str) -> bool:
        """Does the plan's summary speak of this noun? (see speakers)"""
        return plan_id in self.speakers(noun)

    def speakers(self, noun: str) -> set[str]:
        """The candidates whose summary speaks of the noun. A compound counts when
        the summary has it less one end character (災害時: 災害発生時)."""
        if len(noun) >= 3 and _COMPOUND.match(noun):
            return self(noun) | self(noun[:-1]) | self(noun[1:])
        return self(noun)


# the day a 「…から何年?」 counts from, as a date filter's role
_ELAPSED_ROLES = {"last_change": DateRole.CHANGED, "first_change": DateRole.CHANGED,
                  "certified": DateRole.CERTIFIED, "ended": DateRole.ENDS,
                  "started": DateRole.STARTS}  # fmt: skip


def _asks_the_time_between(key: str) -> bool:
    """「第40回と第51回のあいだは何年?」 asks the time between, not the rounds within."""
    return bool(re.search(r"何年|何日|何か月|何ヶ月|どのくらい|どれくらい|how long", key))


def _own_filters(q: AggregateQuery) -> bool:
    return bool(q.rounds or q.round is not None or q.dates or q.partner or q.status
                or q.years or q.month)  # fmt: skip


def _mostly_english(key: str) -> bool:
    """English, perhaps with a plan's or a town's Japanese name in it ("Are 南陽市
    and 白鷹町 partners in the same plan?"): a sentence of English words with at
    least twice as many letters as Japanese characters."""
    if key.isascii():
        return True
    words = re.findall(r"[a-z]+", key)
    letters = sum(map(len, words))
    japanese = sum(1 for ch in key if not ch.isascii() and not ch.isspace())
    return len(words) >= 4 and letters >= 2 * japanese


def _nth_change(key: str) -> int | None:
    m = lx.NTH_CHANGE.search(key)
    if m is None:
        return None
    if m.group("n"):
        return int(m.group("n"))
    if m.group("k"):
        return _KANJI_NUMBERS.index(m.group("k")) + 1
    return lx.ORDINAL_WORDS.index(m.group("en")) + 1


# a municipality written in kanji (川西町, 米沢市): not 市町, not one typed in kana
_MUNICIPALITY = re.compile(r"^(?!.*(?:市町|近隣|周辺|他|各|全|県内))[一-龥]{2,4}(?:市|町|村)$")
_KATAKANA_RUN = re.compile(r"[ァ-ヺー]+")


def _katakana_english(m: re.Match[str]) -> str:
    """A katakana run made wholly of English words said in katakana, as those
    words (「サーティフィケーションデート」 → certification date); any other run as is."""
    run, words, at = m.group(), [], 0
    while at < len(run):
        # the longest word that starts here (リストアップ before リスト)
        word = next((w for w in _KATAKANA_WORDS if run.startswith(w, at)), None)
        if word is None:
            return run
        words.append(lx.KATAKANA_ENGLISH[word])
        at += len(word)
    return " " + " ".join(words) + " "


_KATAKANA_WORDS = sorted(lx.KATAKANA_ENGLISH, key=len, reverse=True)
_CIRCLED = re.compile("[\u2460-\u2468]")  # ① to ⑨


def _date_roles(after: str, english: bool) -> list[tuple[re.Pattern[str], str]]:
    """The date roles to try, in order. A start said right after the date is one
    (「平成28年12月13日に始まった計画はいつまで?」: not the end the question asks)."""
    if english or not _STARTED_THEN.match(after):
        return lx.DATE_ROLES
    return sorted(lx.DATE_ROLES, key=lambda role: role[1] != "starts")


# the period's end (or start) asked of, after a date with no verb of its own
_PERIOD_END_ASKED = re.compile(
    r"(?P<end>終わり|おわり|終了日|終わる日|満了日|最終日|終期)|(?P<start>始まり|はじまり|開始日|初日|始期)"
)
_STARTED_THEN = re.compile(r"(?:に|から|より)?(?:始ま|はじま|開始|スタート)")


def _pick(m: re.Match[str] | None) -> int | None:
    """The place among the plans just answered that an ORDINAL_PICK match says."""
    if m is None:
        return None
    if m.group("former") or m.group("en_former"):
        return 1  # 「前のほう」 "the former": the first of the two just answered
    if m.group("latter") or m.group("en_latter"):
        return 2
    if m.group("n"):
        return int(m.group("n"))
    if m.group("k"):
        return _KANJI_NUMBERS.index(m.group("k")) + 1
    if m.group("en"):
        return lx.ORDINAL_WORDS.index(m.group("en")) + 1
    if m.group("top"):
        return 1  # 「一番上の計画」: the first of them
    if m.group("before") or m.group("next"):
        return None  # a step from the plan just answered (_step)
    return -1  # the last of them


def _step(m: re.Match[str] | None) -> int:
    """「その一つ前」 -1, 「その次」 +1 (an ORDINAL_PICK match): from the plan just
    answered, in the list it came from."""
    if m is None:
        return 0
    return -1 if m.group("before") else 1 if m.group("next") else 0


def _ordinal(masked: str) -> str | None:
    first, last = lx.ORDINAL_FIRST.search(masked), lx.ORDINAL_LAST.search(masked)
    if first and (not last or first.start() < last.start()):
        return "first"
    return "last" if last else None


def _same_roles(masked: str) -> str:
    """What two plans share, as roles joined by "+": 「認定日も計画期間も一緒?」 is
    "certified+period"; with no word of its own, the certification day."""
    found = [(m.start(), role) for rx, role in lx.SAME_ROLES if (m := rx.search(masked))]
    roles = [role for _, role in sorted(found)]
    for wide, narrower in lx.SAME_NARROWER.items():
        if wide in roles and any(r in roles for r in narrower):
            roles.remove(wide)
    if "round" in roles and "certified" in roles and len(roles) == 2:
        roles.remove("certified")  # 「同じ回の認定」
    return "+".join(dict.fromkeys(roles)) or "certified"


# (not after hearsay about the plans, 「…があったと聞いたのですが、どの計画の…」: that
# clause says what is asked about)
_CLAUSE_END = re.compile(
    r"[。!！?？\n]|(?<!と聞いた)(?<!と聞いたの)(?<!と聞いたん)(?<!って聞いた)(?<!らしい)"
    r"(?<!らしいの)(?<!らしいん)(?:けど|けれど|けれども|ですが|んですが)[、,]"
)


_DESCRIBED_PLAN = re.compile(r"(?:計画|ぷろじぇくと|事業)(?:が|は|って|を)")
_WISH = re.compile(r"(?:たい|ほしい|欲しい)(?:ん|の)?(?:だ|です)?(?:けど|けれど|が)?[、,。]?$")


def _wish_clause_start(key: str, asked_at: int) -> int:
    """「首都圏でも売りたいんだけど、使えそうな計画ある?」「市外に売り込むのを手伝って
    くれる計画があったと聞いたんだけど、いつまで?」: a wish, or a plan described, just
    before the question is what it asks about; else the question's own clause."""
    before = key[:asked_at]
    starts = [0, *(m.end() for m in _CLAUSE_END.finditer(before[:-1]))]
    clause = before[starts[-1] :]
    described = _DESCRIBED_PLAN.search(clause)
    if described and _OWN_FIELD.match(clause, described.end() - 1):
        described = None  # 「都市計画を研究している院生です」: the asker's field
    if _WISH.search(before) or described:
        return starts[-1]
    return asked_at


# a place in the page's order, and what may join two of them (「2番目と3番目」)
_PLACE = re.compile(
    r"(?:(?<!\d)(?P<n>[1-9])|(?P<k>[一二三四五六七八九]))(?:つ目|番目|個目)"
    r"|(?P<top>一番上|いちばん上|先頭)|(?P<last>一番下|いちばん下)"
)
_PLACE_JOIN = re.compile(r"(?:の計画)?(?:と|・|、|,|及び|および|や)")
def _restates_a_date(inner: str, before: str) -> bool:
    """A bracket holding only dates, just after a date said another way."""
    said = find_dates(normalize(inner))
    if not said or not find_dates(normalize(before[-16:])):
        return False
    rest = normalize(inner)
    for mention in reversed(said):
        rest = rest[: mention.start] + rest[mention.end :]
    return not re.sub(r"[\s:：~〜～\-ー、,・/=＝]|から|まで|つまり|すなわち|の?こと|です", "", rest)


_CONTACT_EXCEPT = re.compile(
    r"(電話|でんわ|ふぁっくす|fax|めーる|mail)(?:番号)?(?:以外|じゃなく|ではなく)")
_BARE_COMPARE = re.compile(r"比較|比べ|くらべ|\bcompare")
_ASIDE = re.compile(r"[(（]([^()（）]{1,60})[)）]")
_LENGTH_CHANGED = re.compile(r"延長|短縮|延び|縮ま|伸び|\bextended\b|\bextension\b|\bshortened\b")
# "Which of the plans …", "of all the plans": every plan, not the two just discussed
_ALL_THE_PLANS_EN = re.compile(r"\b(?:which|any|none|each|all) of (?:all )?the plans\b")
_PLANS_ASKED_EN = re.compile(r"\b(?:which|what|how many)\b[^?]*\bplans?\b")
# what ends the part of a question that finds the plan its それ / "it" then means
# ("For the plan certified on …, what was its period?")
_SAID_BEFORE_IT = re.compile(
    r"[?？。\n]|[a-z0-9],\s|(?:たら|なら|ならば|とすると|とすれば)[、,]\s?$")
_REASON_END = re.compile(r"(?:ので|のため|ために|ため|から|けど|けれど|ていて|でいて)[、,]")


def _in_preface(key: str, at: int, where: tuple[tuple[str, int], ...]) -> bool:
    """A thing named before the end of a clause giving the reason (…ので、…ため、) in
    the same sentence, with a plan named after that clause."""
    end = _REASON_END.search(key, at)
    if end is None or _CLAUSE_END.search(key, at, end.start()):
        return False
    return any(pos >= end.end() for _, pos in where)


# 「…どんな取り組みだったんでしょうか。」: a question, though it ends in 。
_ASKS_AT_END = re.compile(r"(?:でしょうか|ますか|ですか|のか|んですか|かね|かな)$")


def _asked_clause_start(key: str) -> int:
    """Where the clauses that ask begin: the first one ending in a question mark,
    else the last clause (「パラレルワークって言葉をよく聞くけど、副業の確定申告は?」)."""
    start, asked, last = 0, None, 0
    for m in _CLAUSE_END.finditer(key):
        if key[start : m.start()].strip():
            last = start
            question = key[m.start()] in "?？" or (
                key[m.start()] == "。" and _ASKS_AT_END.search(key, start, m.start()))
            if question and asked is None:
                asked = start  # the first question: 「…って何て名前?あといつから?」 asks both
        start = m.end()
    if key[start:].strip():
        last = start
    return asked if asked is not None else last


def _moment_spans(masked: str) -> list[tuple[int, int, Moment]]:
    """The days of a plan the text names, in the order it names them (a day
    named twice is there twice: 「終わった日に終わった計画」); earlier entries of
    MOMENTS win where two start at the same place."""
    found: list[tuple[int, int, Moment]] = []
    for moment, rx in lx.MOMENTS:
        for m in rx.finditer(masked):
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), moment))
    return sorted(found)


def _paired(
    moment_at: list[tuple[int, int, Moment]], plan_at: tuple[tuple[str, int], ...]
) -> tuple[tuple[str, Moment], tuple[str, Moment]] | None:
    """「DMO計画の変更日とパラレルワーク計画の認定日」: each day said after its own plan."""
    if len(plan_at) != 2 or len(moment_at) != 2:
        return None
    owners = []
    for start, _, moment in moment_at:
        before = [(pos, pid) for pid, pos in plan_at if pos < start]
        if not before:
            return None
        owners.append((max(before)[1], moment))
    if owners[0][0] == owners[1][0]:
        return None
    return owners[0], owners[1]


def _decade(text: str, end: int, year: int) -> bool:
    """「2020年代」 "the 2020s": the year that starts a decade, said of all ten."""
    return year % 10 == 0 and text[end : end + 1] in ("代", "s")


def _english_span(m: re.Match[str]) -> tuple[dt.date, dt.date] | None:
    """The days an English date covers: a month, or one day."""
    month_word = m.group(1) or m.group(5) or m.group(8)
    day = m.group(2) or m.group(4) or m.group(9)
    year = int(m.group(3) or m.group(6) or m.group(7))
    month = next(n for n, name in enumerate(lx.ENGLISH_MONTHS, 1) if name.startswith(month_word))
    try:
        if day:
            one = dt.date(year, month, int(day))
            return one, one
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    except ValueError:
        return None


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _KANJI_NUMBERS.index(text) + 1


# Japanese syllables in Hepburn or Kunrei letters (kankokyoku, yamagata), so that
# English words (moved, family) are not read as kana.
_ROMAJI = re.compile(
    r"^(?:(?:[kgsztdnhbpmrwfjy]|ch|sh|ts|ky|gy|ny|hy|by|py|my|ry)?[aiueo]"
    r"|n(?![aiueoy])|([kstpgdbmc])(?=\1))+$"
)


def _katakana(typed: str, key: str) -> list[bool] | None:
    """Which letters of the key were typed in katakana, when the key still lines
    up with the text as typed (a dialect form rewritten may have moved it)."""
    typed = typed[:MAX_KEY_LENGTH]
    if jaconv.kata2hira(typed) != key:
        return None
    return [ch != folded for ch, folded in zip(typed, key, strict=True)]


def _as_typed(typed: str, segments: tuple[str, ...]) -> tuple[str, ...]:
    """Each leftover as the user typed it (すぺーす → スペース): Sudachi reads
    katakana words, not their folded hiragana. `typed` is the normalized text
    with its katakana kept."""
    folded = jaconv.kata2hira(typed)
    out = []
    for segment in segments:
        at = folded.find(segment)
        out.append(typed[at : at + len(segment)] if at >= 0 else segment)
    return tuple(out)


def _romaji(segment: str) -> bool:
    """Latin letters that read as kana (kankokyoku), not an English word."""
    if not (segment.isascii() and len(segment) >= 5) or lx.ENGLISH.search(segment):
        return False
    return all(_ROMAJI.match(word) for word in segment.split())


def _generic(segment: str) -> bool:
    """A leftover made only of words that name nothing (途中, 両方, 番号)."""
    if segment.isascii() or not _KANJI_START.match(segment):
        return False
    nouns = READER.nouns(segment[:MAX_SEGMENT])
    return bool(nouns) and all(jaconv.kata2hira(n) in lx.GENERIC_NOUNS for n in nouns) and (
        sum(len(n) for n in nouns) >= len(segment) - 1
    )


def _describes(segment: str) -> bool:
    """Could this leftover describe something (スペース, 運営), or is it an ending?"""
    if len(segment) < 2 or _filler(segment):
        return False
    # folded katakana keeps its ー (すぺーす); other short hiragana runs are endings
    return not (_HIRAGANA_ONLY.match(segment) and len(segment) < 5 and "ー" not in segment)


def _sets_filters(q: AggregateQuery) -> bool:
    """Whether a query keeps only some plans (not "all of them, sorted")."""
    bare = replace(q, kind=AggregateKind.LIST, fields=(), order=None, limit=None, also=None,
                   nth=None, stat=None, group=None)  # fmt: skip
    return bare != AggregateQuery()


def _understood_nothing(p: Parsed) -> bool:
    return not (p.plans or p.candidates or p.fields or p.contact_parts or p.aggregate
                or p.scheme or p.social or p.handoff or p.choice)  # fmt: skip


def _prefecture(address: str | None) -> str | None:
    match = re.match(r"\s*(\S{2,3}?[都道府県])", address or "")
    return match.group(1) if match else None


def _glued(where: tuple[tuple[str, int], ...], key: str, at: int) -> bool:
    """A plan's name found right before another plan's compound, with no particle
    between (「しごと創生総合戦略」: しごと創生 ~ しごと創出), is a part of that name."""
    return any(0 <= at - w <= 8 and not _APART.search(key[w:at]) for _, w in where)


_ASKED_OF_IT = re.compile(r"の(?:認定|申請|計画期間|期間|変更|手続)|(?:を|に)(?:申請|応募)")
_APART = re.compile(r"[のはがを、。・?？\s]")
# 「都市計画を研究している院生です」: the asker's own field, not a plan asked about
_OWN_FIELD = re.compile(r"(?:を|の)(?:研究|専攻|勉強|学ん|学び|担当し)")


def _typed_apart(compound: str, text: str) -> bool:
    """The compound's letters are in the text only with spaces between them."""
    if not text or compound in text:
        return False
    apart = re.search(r"\s*".join(re.escape(ch) for ch in compound), text)
    return apart is not None


def _city_words(city: str, prefecture: str | None = None) -> re.Pattern[str]:
    """The city's own name names no plan (every plan is the city's): 長井市の,
    長井市, 長井, ながいし. Nor does its prefecture's standing alone (山形県の,
    Yamagata in winter), though やまがた長井観光局 and 山形鉄道 carry it. Read
    from the knowledge so another town's bot works too."""
    key = normalize(city)
    stem = key.rstrip("市町村") or key
    words = {f"{key}の", key, stem, READER.read(key), READER.read(stem)}
    pattern = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    if prefecture:
        pref = normalize(prefecture)
        reading = READER.read(pref[:-1])
        spellings = {pref, pref[:-1], reading, jaconv.kana2alphabet(reading)} - {""}
        alone = "|".join(re.escape(w) for w in sorted(spellings, key=len, reverse=True))
        # not the head of a longer name: 山形鉄道, yamagata nagai kankokyoku
        then = pattern + "|" + re.escape(jaconv.kana2alphabet(READER.read(stem)))
        pattern += rf"|(?:{alone})(?![一-龥々ァ-ヺ]|\s?(?:{then}))"
    return re.compile(pattern)


# A kanji stem and its kana ending (見られる, 詳しい, 作った): a verb or adjective,
# which shares its ending with kana names (見られる, ぱられるわーく) and names nothing
_INFLECTED = re.compile(r"^[一-龥々]{1,2}[ぁ-ゖ]+$")
_POLITE_END = re.compile(r"(?:ましょう|でしょう|ませんか|ますか|ですか)か?$")


def _verb_stem(kanji: str, key: str) -> bool:
    """「人を呼びたい」: a kanji with its kana ending (not a particle: 雪は) is a
    verb, which the summary may say in other words (誘致), not a thing."""
    return re.search(re.escape(kanji) + "[ぁ-ゖ]", key) is not None and not re.search(
        re.escape(kanji) + "(?:[はがをにでともへやかの]|$)", key
    )


def _accepted(score: PlanScore, segment: str) -> bool:
    length = len(segment)
    if _INFLECTED.match(segment) and score.surface < 90:
        return False
    if length <= 2 and _HIRAGANA_ONLY.match(segment):
        # a short kana run inside a longer name (いん in いんきゅべーしょん) is a
        # leftover ending, not that name
        return False
    if length <= 2 or (segment.isascii() and length <= 6):
        # two characters, or a short Latin word (dno is not dmo, moved is not dmo),
        # count only exactly
        return score.surface >= 100
    if segment.isascii():
        return score.surface >= 85
    if _POLITE_END.search(segment) and score.surface < 90:
        # a polite ending left over (ましょうか) is three-quarters like a kana name
        # (ろくじさんぎょうか), and is still an ending
        return False
    if length == 3:
        return score.surface >= 80 or score.reading >= 100
    return score.surface >= 75 or (score.reading >= 90 and len(segment) >= 4)


def _spans(hits: list[Hit]) -> list[list[Hit]]:
    spans: dict[tuple[int, int], list[Hit]] = {}
    for hit in hits:
        spans.setdefault((hit.start, hit.end), []).append(hit)
    return list(spans.values())


def _mark(removed: list[bool], start: int, end: int) -> None:
    end = min(end, len(removed))
    if end > start:
        removed[start:end] = [True] * (end - start)


def _find(rx: re.Pattern[str], masked: str, removed: list[bool]) -> bool:
    """Search and mark what matched as consumed (not part of a plan name). An
    English match takes its whole word (certif → certified), or the rest of
    the word would look like an unknown name."""
    if rx.search(masked) is None:
        return False  # most words are not in most questions: no match objects made
    found = False
    for m in rx.finditer(masked):
        if m.end() > m.start():
            found = True
            _mark(removed, m.start(), _word_end(masked, m.end()))
    return found


def _word_end(masked: str, end: int) -> int:
    """Where the English word a match ends inside ends (certif → certified)."""
    if masked[end - 1].isascii() and masked[end - 1].isalpha():
        while end < len(masked) and masked[end].isascii() and masked[end].isalpha():
            end += 1
    return end


def _segments(key: str, removed: list[bool], katakana: list[bool] | None = None) -> list[str]:
    """The runs of text nothing has explained yet, particles trimmed off the ends.
    A letter typed in katakana is never a particle: サイトと keeps its ト."""
    kata = katakana if katakana is not None and len(katakana) == len(key) else [False] * len(key)
    runs: list[tuple[int, int]] = []
    start = None
    for i, r in enumerate(removed):
        if r and start is not None:
            runs.append((start, i))
            start = None
        elif not r and start is None:
            start = i
    if start is not None:
        runs.append((start, len(key)))
    kept = []
    for a, b in runs:
        raw = key[a:b]
        while a < b and key[a] in _PARTICLES and not kata[a]:
            a += 1
        while b > a and key[b - 1] in _PARTICLES and not kata[b - 1]:
            b -= 1
        s = key[a:b]
        if len(s) <= 2 and _HIRAGANA_ONLY.match(s) and len(raw.strip(" のはがをにでもへや")) >= 3:
            # a kana name ending in a particle's letter (しごと, さいと): keep its end
            s = raw.strip(" のはがをにでもへや")
        if len(s) >= 2 and not _filler(s):
            kept.append(s)
    return kept


def _filler(segment: str) -> bool:
    """Hiragana left over from endings (ほしいんだけ, ちょっと) names no plan."""
    if not _HIRAGANA_ONLY.match(segment):
        return False
    # a run that starts with a small kana (っけ, ゃない) is the tail of an ending
    return segment in lx.FILLERS or segment[0] in "っゃゅょぁぃぅぇぉ"


def _elapsed_from(masked: str, key: str) -> str:
    """The day a 「何年前」 counts from: a change, the start, the certification,
    or (by default) the period's end. (A change is looked for in the whole key:
    its words, "last changed", are field words, which masking takes out.)"""
    if lx.ELAPSED_FROM_LAST_CHANGE.search(key):
        return "last_change"
    if lx.ELAPSED_FROM_FIRST_CHANGE.search(key):
        return "first_change"
    if lx.ELAPSED_FROM_START.search(masked):
        return "started"
    return "certified" if lx.ELAPSED_FROM_CERT.search(masked) else "ended"

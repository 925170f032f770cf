"""The words questions are made of: which words ask for which field, and which
words carry no plan name. Language, not facts: every fact is in knowledge/.

Patterns are regular expressions over the matching key (see normalize.py:
NFKC, lower case, katakana folded to hiragana); they are written here in their
natural spelling and folded by `_compile`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from bot.core.intents import AggregateKind, ContactPart, Field, Moment, Social
from bot.core.normalize import normalize, normalize_pattern
from bot.core.prefilter import Words, compile_guarded, starts_with_a_letter
from bot.knowledge.era import ERAS


def _compile(patterns: Iterable[str]) -> Words:
    return compile_guarded("|".join(f"(?:{_ascii_bounds(normalize_pattern(p))})" for p in patterns))


def _ascii_bounds(pattern: str) -> str:
    r"""`\b` in a Unicode pattern sees no boundary between と and fax (both are
    word characters), so 「電話番号とFAX番号」 would miss fax: English word
    boundaries are written as "no ASCII letter or digit beside"."""
    # Beside a literal letter the boundary is one side only, written after the
    # letter so a Japanese question fails on the first character (a lookaround
    # at every position cost half the parser's time).
    pattern = re.sub(r"\\b([a-z0-9])", r"\1(?<![a-z0-9]\1)", pattern)
    pattern = re.sub(r"(?<!\\)([a-z0-9])\\b", r"\1(?![a-z0-9])", pattern)
    # before and after a group of words: a word starts (ends) there
    pattern = pattern.replace(r"\b(", r"(?=[a-z0-9])(?<![a-z0-9])(")
    pattern = pattern.replace(r")\b", r")(?<=[a-z0-9])(?![a-z0-9])")
    return pattern.replace(r"\b", r"(?:(?<![a-z0-9])(?=[a-z0-9])|(?<=[a-z0-9])(?![a-z0-9]))")


# -- word lists more than one pattern is made of ----------------------------------

# A plan has ended / is running: asks for the status field, and filters the plans.
_ENDED_WORDS = [r"終わった", r"終了済", r"期間外", r"期間を(?:過ぎ|すぎ)", r"期限切れ",
                r"\bended\b", r"\bfinished", r"\b(?:is|are) finish\b"]
_RUNNING_WORDS = [r"実施中", r"進行中", r"継続中", r"\bactive\b", r"\bongoing", r"\brunning"]
# Asking whom to contact; and the parts of the office's address.
_ASK_WORDS = [r"問い?合わ?せ", r"問合", r"といあわせ", r"窓口", r"\bcontact", r"\bin charge\b",
              # "Who can I call to ask about it?"
              r"\bwho (?:can|should|do|could) (?:i|we) (?:call|phone|ask|contact|talk to)\b"]
_PHONE_WORDS = [r"電話", r"でんわ", r"\btel\b", r"\bphone"]
_FAX_WORDS = [r"ファッ?クス", r"ふぁっくす", r"\bfax"]
_POSTAL_WORDS = [r"郵便番号", r"ゆうびんばんごう", r"〒", r"\bpostal(?: code)?", r"\bzip(?: code)?"]
_ADDRESS_WORDS = [r"住所", r"じゅうしょ", r"所在地", r"\baddress"]
_HOURS_WORDS = [r"開庁時間", r"受付時間"]
_DEPARTMENT_WORDS = [r"何課", r"どこの課", r"(?:貴|御)(?:課|室)", r"部署名", r"宛名", r"宛先"]

# -- plan fields ---------------------------------------------------------------

FIELD_PATTERNS: dict[Field, Words] = {
    Field.ROUND: _compile(
        [
            r"第?何回目?の?認定",
            r"第何回",
            r"認定(?:の)?回(?!数)",
            r"何回目(?!.*変更)",
            r"回次",
            r"\bround\b",
            r"第\d+回(?:目)?の?認定(?:です|でした|ですか)?\??$",
            r"^回(?:は|って)?[?？]?$",  # a bare 「回」 after a plan's answer: its round
        ]
    ),
    Field.CHANGES: _compile(
        [
            r"変更",
            r"改定",
            r"改正",
            r"修正",
            r"見直",
            r"へんこう",
            r"変わ[っりる]",
            r"変え(?:た|られ|まし)",  # 「何回変えたの」「一番最後に変えたのはいつ」
            r"更新",
            r"\bchang",
            r"\bamm?end",
            r"\brevis",
            r"\bmodif",
        ]
    ),
    Field.CERTIFIED: _compile(
        [r"認定", r"にんてい", r"承認", r"策定", r"いつでき", r"\bcertif", r"\bapprov",
         # 「いつ国さ認められたんだべ?」
         r"(?:国|内閣|総理)(?:に|さ|から)認められ",
         r"いつ(?:頃|ごろ)?認められ", r"認められた(?:日|のは|の[?？]|のはいつ)"]
    ),
    Field.PERIOD: _compile(
        [
            r"期間",
            r"きかん",
            r"いつまで",
            r"いつから",
            r"何(?:年|年度|月)(?:頃|ごろ)?まで(?:か|の|に|で)?",  # 「計画は何年までか」
            r"何年間",
            r"何(?:か|カ|ヵ|ケ|ヶ)年",  # 「何か年計画」
            r"何年",
            r"何か月",
            r"何ヶ月",
            r"どのくらい",
            r"どれくらい",
            r"どれぐらい",
            r"どのぐらい",
            r"期限",
            r"(?<![一-龥])長さ",  # 「期間の長さは何年?」 (not 市長さん)
            r"終了日",
            r"開始日",
            r"終わる",
            r"おわる",
            r"終了する",
            r"終了予定",
            r"(?:終わり|おわり)(?:は|が|も|を|って|のほう|の方)",  # 「期間の終わりも教えて」
            r"(?:終わり|おわり|始まり|はじまり)の(?:日|ひ|日付|年)",  # 「…の計画の終わりの日」
            # a bare 「おわり」「終わりの日」 in a conversation about a plan
            r"^(?:じゃあ)?(?:終わり|おわり)(?:の日|日)?(?:は|って|を|が)?(?![一-龥])",
            r"始まり",
            r"いつ(?:から)?(?:始ま|はじま|開始)",  # 「いつ始まっていつ終わったんだべ」
            r"いつ終",
            r"満了日",
            r"最終日",
            r"初日",
            r"終期",
            r"始期",
            r"until",
            # "and when finish"
            r"\bwhen (?:did |does |will )?(?:it |they |that )?(?:finish|end|close)",
            r"\bperiod",
            r"how long",
            r"\bduration",
            r"\bend\b",
            r"\bends\b",
            r"\bexpire",
            r"\bstart",
        ]
    ),
    Field.STATUS: _compile(
        [
            *_ENDED_WORDS,
            *_RUNNING_WORDS,
            r"おわった",
            r"終わって",
            r"終わりました",
            r"終了し(?!ます)",
            r"満了し",
            r"継続し",
            r"続いて",
            r"つづいて",
            r"今も",
            r"現在も",
            r"まだ",
            r"有効",
            r"状況",
            r"状態",
            r"現状",
            r"現況",
            r"進捗",
            r"やってる",
            r"やっている",
            r"動いて",
            # 「その計画は今どうなってる?」
            r"(?:今|いま|現在)(?:は)?どう(?:なって|なりました|なった)",
            r"\bstill\b",
            r"\bover\b",
            r"\bstatus",
        ]
    ),
    Field.SUMMARY: _compile(
        [
            r"概要",
            r"がいよう",
            r"内容",
            r"何をする",
            r"なにをする",
            r"何する",
            r"何を(?:して|やる|行う)",
            r"どんな(?:計画|事業|内容|取り?組|こと|もの|仕事|施設|活動|役割)(?!が)",
            r"何を担う",
            r"何が入る",
            r"何を(?:作る|つくる|建てる)",
            r"目的",
            r"目指(?:して|す|した|していた)",  # 「どういうことを目指していたんですか」
            r"\d行(?:で|くらい|ぐらい|程度|に)",  # 「ざっくり3行で」
            r"取り?組み(?:は|を|の|内容)",
            r"取組",
            r"中身",
            r"詳しく",
            r"詳細",
            r"説明",
            r"ねらい",
            r"狙い",
            r"何の計画",
            r"何のため",
            r"具体的",
            r"\bsummary",
            r"\bpurpose",
            r"\bdetails?\b",
            # "Describe, in brief, the measures set out in …": what it does
            r"\bdescribe", r"\bexplain", r"\boutline\b", r"\bmeasures\b", r"\baims?\b",
            r"\bgoals?\b",
            r"what does",
            r"what is (?:it|the [a-z ]+ plan) about",
            r"about\b",
        ]
    ),
    Field.PARTNERS: _compile(
        [
            r"連携先",
            # 「計画の下に※で書いてあるのは」: the page's note under a title is the partners'
            r"※", r"米印", r"こめじるし", r"注記", r"注釈",
            r"(?:連携|参加)(?:して(?:い|る)|する)?(?:自治体|市町村?)(?:の数)?",
            r"(?:連携|参加)(?:して(?:い|る)|する)(?:町|市|村)",  # 「連携してる町」
            r"連携",
            r"自治体",
            r"市町",
            r"何市",
            r"何町",
            r"参加",
            r"(?:市|町|村|自治体)と一緒に",
            r"(?:一緒|いっしょ)に?(?:やる|やって|する|して)",  # 「いっしょ やる 町 どこ」
            r"相手(?:の)?(?:自治体|市町村?|町|市)",  # 「相手の自治体は?」
            r"相手(?:方|先)",  # 「地域連携DMOの相手方」
            r"^(?:じゃあ)?(?:町|市|市町|自治体)(?:は|って|の方は|のほうは)[?？]?$",  # 「町は?」
            r"一緒に(?:やって|取り?組|実施|進め|拡大|広げ|運営|整備)",
            r"共同",
            r"広域",
            r"構成",
            r"(?:の|な)?(?:仲間|なかま)(?!と(?:一緒|いっしょ)に)",  # 「DMOのなかま?」: its partners
            r"どこと",
            r"どの市",
            r"どの町",
            r"他の市",
            r"ほかの市",
            r"\bpartner",
            r"municipalit",
            r"which (?:towns|cities)",
            r"\btogether",
        ]
    ),
    Field.CONTACT: _compile(
        [
            *_ASK_WORDS,
            r"連絡",
            r"担当",
            r"部署",
            r"誰に",
            r"だれに",
            r"どこに(?:聞|き|尋|たず)",
            r"相談",
            r"照会",
            r"who (?:should|do|can) i ask",
            r"\binquir",
            r"\benquir",
        ]
    ),
    Field.DOCUMENT: _compile(
        [
            r"pdf",
            r"ファイル",
            r"計画書",
            r"本文",
            r"全文",
            r"原文",
            r"ダウンロード",
            # 「詳しい中身ってどこで見れるの」: where to read it
            r"どこで(?:見|み|読|よ|確認|閲覧)(?:でき|られ|れ|め)?(?:る|ます)?",
            r"どこを(?:見|み|読|よ)(?:れば|たら|ると)",  # 「もっと読みたい…どこを見ればいい」
            r"\bfiles?\b",
            r"\bdocuments?\b",
            r"\bdownload",
            r"\bfull text\b",
        ]
    ),
    Field.UNLISTED: _compile(
        [
            r"事業費",
            r"予算",
            r"金額",
            r"費用",
            r"いくら(?:かか|使)",
            r"交付金",
            r"補助金",
            r"\bkpi",
            r"目標(?:の)?(?:数値|値)",
            r"数値目標",
            r"成果指標",
            r"実績",
            r"\bbudget",
            r"\bcosts?\b",
            r"\bhow much money",
            r"\bnumerical targets?",
        ]
    ),
    Field.OVERVIEW: _compile(
        [
            r"について",
            r"正式(?:な)?(?:名称|名前|名)",
            r"って何",
            r"ってなに",
            r"って\?",
            r"を教えて$",
            r"^(?:what|who) (?:is|are|was)\b",
            r"^what's\b",
        ]
    ),
}

# Field words by their sound, for slips of kana-kanji conversion (偏向日, 変功, 認呈).
HOMOPHONE_FIELDS: dict[str, Field] = {"へんこう": Field.CHANGES, "にんてい": Field.CERTIFIED}
# 「地域再生制度とは?」 asks what something is. Looked for in the text before
# katakana is folded, so 「スポットは?」 (katakana ト) is not 「…とは?」.
WHAT_IS = compile_guarded(r"とは(?=$|[?？]|何|なに|、|どう|どんな)")

# Field words that ask about a plan only in a question already about one:
# 「最上川の水位はどのくらい?」 asks no plan's period.
WEAK_FIELD_WORDS = compile_guarded(
    normalize_pattern(r"どのくらい|どれくらい|どれぐらい|どのぐらい|何年|いつ|いつから|いつまで")
)

# A bare いつ with no other date word asks for the plan's dates.
WHEN = _compile([r"いつ", r"\bwhen\b", r"何年に", r"何月", r"日付", r"日にち"])

# 「窓口の場所」 asks the office's address; 「誰のための場所?」 is about a facility.
WEAK_ADDRESS = _compile([r"場所"])
CONTACT_PARTS: dict[ContactPart, Words] = {
    ContactPart.PHONE: _compile(_PHONE_WORDS),
    ContactPart.FAX: _compile(_FAX_WORDS),
    ContactPart.POSTAL: _compile(_POSTAL_WORDS),
    ContactPart.ADDRESS: _compile(
        [*_ADDRESS_WORDS, r"どこにあ", r"行き方", r"宛先", r"あて先", r"郵送", r"where is"]
    ),
    ContactPart.MAIL: _compile([r"メール", r"めーる", r"mail", r"フォーム", r"\bform\b"]),
    ContactPart.HOURS: _compile(
        [*_HOURS_WORDS, r"営業時間", r"何時", r"時間帯", r"\bhours", r"\bopen\b"]
    ),
    # 「担当者さんのお名前」"the name of the person in charge": not on the page
    ContactPart.STAFF: _compile(
        [
            r"担当(?:者|の方|者の方)(?:さん|様)?の(?:お)?(?:名前|氏名)",
            r"担当者(?:名|の名|の.{1,8}と(?:お)?名前)",
            r"\bname of the (?:person|staff|officer|official)",
            r"\bperson in charge\b.{0,30}\bname\b",
            r"\bname\b.{0,30}\bperson in charge\b",
        ]
    ),
    ContactPart.OFFICE: _compile(
        [
            *_DEPARTMENT_WORDS,
            r"部署",
            r"担当課",
            r"\bdepartment",
            # not "rent office space", nor a tourist information office
            r"(?<!rent )(?<!rental )(?<!information )(?<!tourist )\boffice(?! space)",
        ]
    ),
}

# Contact words strong enough to make a question about the office, even with a
# plan named (「DMOの計画の問い合わせ先」).
CONTACT_TOPIC = _compile(
    [
        *_ASK_WORDS,
        *_PHONE_WORDS,
        *_FAX_WORDS,
        *_POSTAL_WORDS,
        *_ADDRESS_WORDS,
        *_HOURS_WORDS,
        *_DEPARTMENT_WORDS,
        r"(?<!rent )(?<!rental )(?<!information )(?<!tourist )\boffice\b(?! space)",
        r"連絡先",
        # whom to talk to: 「担当の方とお話ししたいのですが、どちらにご連絡すれば」
        r"連絡(?:すれば|したら|を(?:取|と)|したい|できる|させて)",
        r"(?:お)?話(?:を)?(?:し|聞き|伺い|うかがい)たい",
        r"相談(?:したい|できる|すれば|したら)",
        # 「どちらの課をお訪ねすればよろしいのでしょうか」: which office to visit
        r"(?:どの|どちらの|どこの|何)(?:課|部署|窓口)",
        r"(?:お)?訪ね(?:すれば|したら|する|たい|しても)",
        r"(?:お)?伺(?:えば|う|いたい|いたく|っても)(?!.{0,4}(?:ます|ました))",
        # 「…は南陽市に聞けばいいの?」: whom to ask
        r"(?<=[一-龥a-z0-9])(?:に|へ)(?:聞け|きけ|尋ね|たずね|問い合わせれ|電話すれ)ば",
        r"担当(?:課|部署|の?部署|者の?連絡)",
        r"メール",
        r"\bmail",
    ]
)

# Words that name the office itself (not a phone number or an address, which
# anything has): 「市民プールの住所」 is not the office's address.
OFFICE_NAMED = _compile(
    [*_ASK_WORDS, *_DEPARTMENT_WORDS, r"連絡先", r"担当", r"市役所", r"city hall",
     r"(?:貴|御)(?:課|室|所|部署|庁)", r"部署名", r"宛名", r"宛先",
     r"(?<!rent )(?<!rental )(?<!information )(?<!tourist )\boffice\b(?! space)", r"\bcity\b"]
)  # fmt: skip

# -- questions over all plans ------------------------------------------------------

# 「一番」「最も」 and, a few characters on, what is most: 「いちばん期間が長かった」.
_MOST = r"(?:一番|いちばん|最も|もっとも)[^?。、]{0,6}?"
_MOST_WORD = r"(?:一番|いちばん|最も|もっとも)"
# 「一番早い」「一番遅い」 with no role word of their own: the two ends of one role
BARE_EXTREME = compile_guarded(_MOST_WORD + r"\s?(?P<end>早|遅|古|新し|長|短)")
# 「認定が一番早い計画と一番遅い計画」: the role said first, for both ends
CERTIFIED_EXTREME = compile_guarded(
    r"認定(?:日|の日|日付|時期|された日)?(?:が|は|の|で)\s?"
    + _MOST_WORD + r"\s?(?P<end>早|遅|古|新し)"
)
AGGREGATE_KINDS: dict[AggregateKind, Words] = {
    # a change's day first: 「一番古い変更」 is not the plan certified first
    AggregateKind.FIRST_CHANGED: _compile(
        [
            r"(?:一番|いちばん|最も)?(?:最初|初め|はじめ)に変更(?:され|が)",
            _MOST + r"(?:早く|古く|先に)変更",
            r"(?:一番|いちばん|最も)?古い変更",
            r"変更(?:日|の日付)が" + _MOST + r"(?:古|早)",
            r"\b(?:first|earliest) to (?:be )?(?:changed|amended)",
            r"\bchanged first\b",
            r"\b(?:the )?(?:earliest|oldest|very first) (?:change|amendment)",
        ]
    ),
    AggregateKind.LAST_CHANGED: _compile(
        [
            r"(?:一番|いちばん|最も)?最後に変更(?:され|が)(?=.{0,6}(?:計画|の[?は]|のはどれ|どれ))",
            _MOST + r"(?:新しく|遅く|最近|後に)変更",
            r"(?:一番|いちばん|最も)?新しい変更",
            r"変更(?:日|の日付)が" + _MOST + r"(?:新し|遅|最近)",
            r"(?:一番|いちばん)?最近(?:に)?変更され(?:た|てる)(?:計画|の[?は])",
            r"\b(?:most recently|last) (?:changed|amended) plan",
            r"\bwhich plan was (?:most recently|last) (?:changed|amended)",
            r"\b(?:the )?(?:latest|most recent|newest) (?:change|amendment)",
        ]
    ),
    # the ending and starting ones before NEWEST/OLDEST: 「最初に終わった」 is not 「最初の」
    AggregateKind.FIRST_ENDING: _compile(
        [
            _MOST + r"早く終",
            # 「一番早く期間が終わった」: the period between the words
            r"(?:一番|いちばん|最も|もっとも)?早く(?:計画)?期間が(?:終|満了)",
            r"最初に終",
            r"最初に.{0,6}終わ",
            r"先に終",
            r"早く終わ",
            r"ended first",
            r"ends? first",
            r"finish(?:es|ed)? first",
            r"first (?:of the plans|plan|one) (?:to )?end",
            r"earliest to end",
            r"first to end",
        ]
    ),
    AggregateKind.LAST_ENDING: _compile(
        [
            r"最後に終",
            _MOST + r"(?:遅く|最後に|後に)終",
            # 「一番最近期間が終わった」「直近で終わった」: the last to end
            r"(?:一番|いちばん|最も)?(?:最近|直近)(?:に|で)?(?:計画)?(?:期間が)?(?:終|満了)",
            r"(?:一番|いちばん|最も)?遅く(?:計画)?期間が(?:終|満了)",
            r"最後まで",
            # 「期間がいちばん最近まで続いていた」: in force until the latest day
            r"(?:最近|遅く|後|あと)まで(?:続|つづ|あっ|有効|残)",
            r"遅く終わ",
            _MOST + r"遅(?:く|い|か)",  # 「終わりが一番遅かった」
            r"ends? last",
            r"finish(?:es|ed)? last",
            r"\b(?:ends?|ended|finish(?:es|ed)?) (?:the )?(?:most late|latest)\b",  # learners
            r"ended (?:most recently|last)",
            r"most recently ended",
            r"last to end",
            r"last (?:of the plans|plan|one) (?:to )?end",
            r"latest to end",
        ]
    ),
    AggregateKind.STARTS_FIRST: _compile(
        [
            _MOST + r"早く始",
            r"最初に始",
            r"先に始",
            r"started first",
            r"first to start",
            r"began first",
        ]
    ),
    AggregateKind.STARTS_LAST: _compile(
        [_MOST + r"遅く始", r"最後に始", r"started last", r"last to start", r"began last"]
    ),
    AggregateKind.MOST_PARTNERS: _compile(
        [
            r"(?:自治体|市町村?|まち|連携先|参加団体)(?:の)?数(?:が)?" + _MOST + r"多",
            # 「連携してる自治体が一番多い」「参加する市町村が最も多いのは」
            r"(?:自治体|市町村?|市町|まち|連携先|参加団体|相手)(?:の数)?が" + _MOST_WORD + r"多",
            _MOST + r"多くの(?:市町|自治体|まち)",
            r"\bmost (?:partner|participating|member|municipalities|towns|cities)",
            r"\bmost (?:partners|municipalities|towns)\b",
        ]
    ),
    AggregateKind.MOST_CHANGES: _compile(
        [
            r"変更(?:の)?(?:回数|された回数)?(?:が)?(?:一番|いちばん|最も)多",
            r"変更(?:の)?(?:回数|された回数)?(?:が)?\s?最多", r"最多の?変更",  # 「変更回数最多」
            _MOST + r"多く変更",
            r"変更(?:回数)?(?:が)?(?:多い|多かった)",
            r"most (?:changes|changed|amended|revised|often|times)",
            r"most (?:amendments|revisions|modifications)",
            r"changed the most",
        ]
    ),
    AggregateKind.COUNT: _compile(
        [
            r"何件",
            r"何個",
            r"いくつ",
            r"件数",
            r"総数",
            r"数は",
            r"の数$",
            r"数を",
            r"何本",
            r"何計画",
            r"how many(?! (?:years|months|days|weeks|times)\b)",
            r"number of (?:plans|projects)",
        ]
    ),
    AggregateKind.NEWEST: _compile(
        [
            _MOST + r"(?:新し|最近|最後に認定|後に認定|遅く認定)",
            r"最新",
            # (not 「最近腰が痛くて」「最近は外国のお客さんも」: these days)
            r"最近(?=の|に認定|で|認定|計画|でき|作|つく|って|[?？]|$)",
            r"最後に認定",
            r"後(?:から|に|で)認定",  # 「そのうち後から認定されたほう」
            r"回(?:の数字|の番号|数)?(?:が|は|で)?\s?" + _MOST_WORD + r"(?:大き|多)",
            r"直近",
            r"新しい(?:計画|の|もの)",
            r"newest",
            r"latest",
            r"most recent",
            r"last (?:to be )?certified",
        ]
    ),
    AggregateKind.OLDEST: _compile(
        [
            _MOST + r"(?:古|早く認定|初めに認定)",
            r"最古",
            r"先に認定",  # 「その2つのうち、先に認定されたのは?」
            # 「認定回が一番小さい」「認定回 一番若いの」: the smallest round
            r"回(?:の数字|の番号|数)?(?:が|は|で)?\s?" + _MOST_WORD + r"(?:小さ|少な|若)",
            r"最初",
            r"初めて",
            r"はじめて(?:の|に)",
            r"古い(?:計画|の|もの)",
            r"oldest",
            r"\bfirst\b",
            r"earliest",
        ]
    ),
    AggregateKind.LONGEST: _compile(
        [
            _MOST + r"長",
            r"最長",
            r"長い(?:計画|の|もの|ほう|方)",
            r"longest",
            r"長(?:い|かった)ほう",
        ]
    ),
    AggregateKind.SHORTEST: _compile(
        [
            _MOST + r"(?:短|みじか)",
            r"最短",
            r"短い(?:計画|の|もの|ほう|方)",
            r"shortest",
            r"(?:短|みじか)(?:い|かった)ほう",
        ]
    ),
}
UNCHANGED = _compile(
    [
        r"変更(?:なし|無し)で", r"変更され(?:ず|ないまま)",  # 「変更なしで終わった?」
        r"変更(?:が|は)?(?:なかった|無かった|されなかった)",
        r"変更(?:されて|の|が|は)?(?:い)?(?:ない|無い|なし|ありません)(?:計画|もの|の)",
        r"(?:一度|1度|一回|1回)も変更",
        r"変更(?:が|は|の)?(?:一度|1度|一回|1回)も",
        r"(?:一回|1回)も(?:されて|変わって)",
        r"一度も(?:されて|変わって)",
        r"変更(?:されて|され)?(?:い)?(?:ない|無い|なし)(?:計画|の|もの|ほう)",
        # a claim to confirm: 「…は変更されていない、で合っていますか」「変更されてない?」
        r"変更(?:されて|され)(?:い)?(?:ない|ません)(?=[、,」。]|(?:ん)?(?:です|でしょう)?(?:よね|ね|か)?[?？]?$)",
        # 「変更なし、で間違いないですか」「…、変更はなし。」
        r"変更(?:は|が)?(?:なし|無し)(?=[、,」。]|(?:です|でしょう)?(?:よね|ね|か)?[?？]?$)",
        r"(?:not|never) (?:been )?(?:changed|amended|revised)",
        r"no (?:changes|amendments|revisions)",
        r"\b(?:has|had|with) no (?:change|amendment|revision)\b",  # "which one has no change?"
        r"never (?:been )?(?:changed|amended)",
        r"\bchange(?:d|s)? (?:zero|0|no) times?\b", r"\bzero changes?\b",  # learners
        r"never (?:had|got|received) (?:any |an? )?(?:changes?|amendments?|revisions?)",
        r"without (?:any )?(?:changes|amendments|revisions)",
        r"not (?:been )?changed",
    ]
)
# 「認定回ごとに整理して」「年ごとに分けて」: the list in groups.
GROUP_BY: list[tuple[Words, str]] = [
    (_compile([r"変更(?:の有無|を経た|されたもの|あり)(?:.{0,12})(?:分け|別|ごと)",
               r"変更(?:を経た|された|がある)(?:もの|計画)と.{0,10}(?:ない|ていない)",
               r"\bchanged (?:and|or) (?:not|unchanged)"]), "changed"),
    (_compile([r"(?:回|回次)(?:ごと|別|で分け|ずつ)", r"\bby round\b", r"\bper round\b",
               r"\bgrouped by round",
               # 「認定回は何種類ある?」「いちばん多くの計画が認定されたのは第何回?」
               r"認定(?:の)?回(?:は|が)?(?:何種類|いくつ|何通り)",
               r"(?:いちばん|一番|最も)多く(?:の計画が)?認定された(?:のは|回)",
               r"\bhow many (?:different )?rounds\b"]), "round"),
    (_compile([r"年度(?:ごと|別|で分け)", r"\bby fiscal year"]), "fiscal"),
    (_compile([r"年(?:ごと|別|で分け|ずつ)", r"\bby year\b", r"\bper year\b", r"\beach year\b",
               r"\bgrouped by year"]), "year"),
]  # fmt: skip
LIST = _compile(
    [
        r"一覧",
        r"計画.{0,12}(?:まとめ|整理し|ひととおり|一通り)",  # not 「連絡先まとめて」
        r"計画ごと",
        r"各計画",
        r"それぞれの計画",
        r"いちらん",
        r"リスト",
        r"全部",
        r"ぜんぶ",
        r"並べ",
        r"計画名",
        r"(?:計画|事業|ぷろじぇくと)の名前",
        # not another thing's name (「長井市長の名前を教えて」)
        r"(?<![一-龥]の)名前(?:を|の)?(?:一覧|全部|教え)",
        r"すべて",
        r"全て",
        r"全計画",
        r"全部で",
        r"計画(?:を|は)?教えて",
        r"どんな計画(?:が|は)",
        # 「地域再生計画って、どんなのがあるの?」「どんな計画を国に認めてもらってるのか」
        r"計画(?:って|は|には|で|に)?[、,]?\s?どんな(?:の|もの|やつ)(?:が|を)?(?:ある|あります|あんの|あっ)",
        r"どんな計画を.{0,6}(?:認め|認定|作)",
        r"どの計画(?:が|は)",
        r"何が(?:ある|あり)",
        r"計画(?:が|は)(?:ある|あり)",
        r"どういう計画",
        r"ほかの計画",
        r"他の計画",
        r"その他の計画",
        r"\blist\b",
        r"all (?:the )?plans",
        r"which plans",
        r"what plans",
    ]
)
# The page's own grouping: 「終了した計画」 as a heading of the city's page.
PAGE_ENDED = _compile(
    [
        r"「終了した計画」",
        r"\b(?:under|in)\s?(?:the )?「?終了した計画",  # "Which plan is under 終了した計画?"
        r"終了した計画(?:の|」)?(?:欄|見出し|ところ|項目|一覧|コーナー)",
        r"\b(?:page|site) (?:classif|list|put)[a-z]* [^?]{0,20}(?:terminated|ended|finished)",
        r"終了した計画(?:の|」)?(?:ほう|方)(?:の|、|は|に)",  # 「終了した計画のほう、認定日は?」
        r"(?:ページ|サイト|ホームページ).{0,8}終了した計画",
        r"終了した計画」?(?:以外|を除)",  # 「(終了した計画以外)」: the page's other heading
    ]
)
PAGE_ENDED_EXCEPT = compile_guarded(r"終了した計画」?(?:以外|を除)")
WHICH_ONE = compile_guarded(r"どれ(?!も)|どの(?:計画|やつ|事業)|どっち(?!も)|\bwhich\b")
# 「子ども向けの取組も入っているのはどれですか」: one of the plans to pick (not どれくらい)
PICKS = compile_guarded(r"どれ(?!も|くらい|ぐらい|だけ)|どっち(?!も)|どちら(?!も|さま)|\bwhich\b")
# 「第51回以外のもの」「令和2年以外に認定された」: the plans a round or a date leaves out
FILTER_EXCEPT = compile_guarded(
    r"(?:回|年|年度|月|日|令和|平成)(?:の計画|のもの|のやつ)?\s?(?:以外|を除)"
)
# 「DMOの計画以外で」: every plan but the one named.
EXCEPT = _compile([r"以外", r"を除", r"\bother than\b", r"\bexcept\b", r"\bapart from\b",
                   r"\baside from\b", r"\bbesides\b", r"\bexcluding\b"])  # fmt: skip
# Plans made with other towns: 「他の市町と一緒に」「広域連携の計画」.
JOINT = _compile(
    [
        r"(?:他|ほか|よそ)の(?:市町|市町村|自治体|市|町)",
        r"市以外の(?:市町|市町村|自治体|市|町)",  # 「長井市以外の自治体」
        r"\b(?:multiple|several|other|more than one|two|three|four|\d)"
        r" (?:municipalities|towns|cities)\b",
        r"広域",
        r"複数の(?:市町|市町村|自治体|市|町)",  # 「複数の市町で一緒にやってる計画」
        r"\d市\d町",
        r"単独(?:では|じゃ)な",
        r"\bjoint\b",
        r"with other (?:towns|cities|municipalities)",
    ]
)
# Plans that were changed at all (「そのうち変更があったのは?」).
CHANGED_AT_ALL = _compile(
    [
        r"変更(?:が|は)?(?:あった|あり|された|されて|ある)(?!か)",
        r"変更のあった",
        r"変更された(?:計画|の|もの)",
        # 「変更履歴のある計画」「変更歴がある」: a record of changes
        r"変更(?:履歴|歴|記録)(?:の|が)(?:ある|あった|あり)",
        r"(?:were|was|been) (?:changed|amended|revised)",
    ]
)
# Asking the bot to do something it cannot (send, print, book, apply): not a
# question about the plans, whatever plan words it has.
ACTION = _compile([r"pdfに", r"印刷して", r"送って(?:ください|ほしい|もらえ|くれ)", r"送っといて",
                   r"送信して", r"予約(?:でき|したい|して|の仕方|方法)",
                   r"申し込(?:み|め|む)", r"申込",
                   r"手続き", r"登録して", r"\bsend me\b", r"\bbook\b", r"\breserve",
                   # using a place, not asking about a plan: 「新庁舎で住民票を取りたい」
                   r"住民票", r"戸籍", r"証明書",
                   r"(?:土日|休日|祝日)(?:も|は)?(?:やって|開いて|営業)",
                   r"営業(?:時間|日)", r"開館(?:時間|日)",
                   # writing for the asker: 「うちの会社の事業計画書として書いてほしい」
                   r"(?:書いて|作って|作成して|添削して)(?:ほしい|ください|下さい|くれ|もらえ)",
                   r"\b(?:write|draft) (?:me|us|a|an|my|our)\b"])  # fmt: skip
# 「あ、ごめん、聞きたかったのは副業のほうだった」"Sorry, I meant the one about side jobs":
# the question just asked, about another plan
CORRECTION = compile_guarded(
    r"(?:聞きたかった|知りたかった|言いたかった)のは|(?:じゃ|では)なくて|違う違う|ちがうちがう"
    r"|間違えました|まちがえました|\bi meant\b|\bi mean\b|\bnot that one\b"
)
NATIONWIDE = compile_guarded(
    r"(?:全国|日本(?:全体|中|全国)|国内)(?:で|の|では|に)(?:は)?.{0,10}(?:地域再生)?計画"
    r"|他の(?:市町村|自治体|市|町)の.{0,6}計画|\b(?:nationwide|across japan|in all of japan)\b"
)
# 「…は前に調べたので大丈夫です。今日聞きたいのは別件で、…」: what follows is the question.
TOPIC_SHIFT = compile_guarded(
    r"(?:別件で|別件ですが|(?:^|(?<=[。、!?！？\s]))ところで|話は変わりますが|それとは別に"
    r"|今日は(?:個人的な|別の)?(?:相談|質問|話)で|(?:計画|それ)のことは(?:また今度|あとで|後で)聞くとして"
    r"|\banyway\b|\bunrelated question\b|\bby the way\b|\bon another note\b"
    r"|\ba different question\b)[、,:：]?",
    re.IGNORECASE,
)
# 「…どの計画の取り組みでしょうか。ついでに、スキー場はもう開いてますかね。」: a
# question added on the side (dropped when it asks nothing of the plans)
BY_THE_WAY = compile_guarded(
    r"(?<=[。!?！？\s])(?:ついでに|それと|あと)(?:ですが|なんですが)?[、,]"
)
# The lines of a pasted e-mail that only frame it: headers, greetings, the
# clerk's note that it is a mail, the signature (「以下のメールが届いたので回答を…」)
LETTER_FRAME = compile_guarded(
    r"^\s*(?:to|from|cc|件名|subject|宛先|差出人)\s*[:：]"
    r"|(?:メール|問い合わせ|お問い合わせ)(?:です|が(?:届|来|あ)|を(?:受|い))"
    r"|回答(?:案)?を(?:作|お願い|ください)|御中\s*$|様\s*$|と申します"
    r"|お世話になって|お世話になります|よろしくお願い|恐縮ですが|取り急ぎ"
    r"|^\s*(?:tel|fax|e-?mail|mail)\b|^[\s\-‐－―ー—_＿=＝*]{4,}$",
    re.IGNORECASE,
)
# 「移住相談窓口の小林です。」: who writes, at the head of a letter (its 窓口 asks nothing)
SELF_INTRO = compile_guarded(
    r"^\s*(?:[^\s。?？]{1,24}の)?[^\s。?？の]{1,10}(?:です|と申します|でございます)[。\s]*$"
)
# after the office's name: the writer's own post there (「…に配属されました」「…の者です」)
WORKS_AT = compile_guarded(
    r"(?:に|へ)(?:配属|異動|着任|赴任|入庁|就任|勤務|勤めて)"
    r"|の(?:者|職員|新人|新入職員|担当者?)(?:です|でございます|と申します|になりました)"
)
# 「白鷹町の企画担当です。」「南陽市の職員です。」「飯豊町です。」: the writer's own town,
# first; its うちの町 later is that town
TOWN_INTRO = compile_guarded(
    r"^\s*(?:こんにちは|お世話になっております|お疲れ様です)?[。、,\s]*"
    r"(?P<town>[一-龥]{1,4}(?:市|町|村))(?:役場|役所)?(?:の[^。?？!！]{0,16}?)?"
    r"(?:です|と申します|でございます|の者です)[。、,!！\s]+"
)
OUR_TOWN = compile_guarded(
    r"うちの(?:町|市|村|自治体|まち)|本町|当町|弊町|本市|当市|弊市|私たちの(?:町|市)"
)
# 「市民プールの住所」: a place's own address or phone, not the office's.
OWNED_CONTACT = compile_guarded(
    r"([^\s、。,.!?？！の]{2,12})の(?:住所|所在地|電話番号|電話|場所|営業時間|開館時間|"
    r"ふぁっくす番号|fax番号|郵便番号|連絡先|アクセス|行き方)"
)
HOW_MANY_TIMES = _compile([r"何回", r"何度", r"なんかい", r"なんど", r"何べん", r"なんべん",
                           r"\bhow many times\b", r"\bhow often\b"])  # fmt: skip
# 「その一つ前に認定された計画は?」「次に認定されたのは?」: the neighbour in time
BEFORE_IT = _compile([r"(?:一つ|ひとつ|1つ)前", r"直前", r"その前に認定", r"次に新し",
                      r"の前に(?:終わ|終了|期間が終わ|満了)",
                      r"(?<!以)前に認定された(?:計画|の)", r"すぐ前",  # (not 第40回以前に)
                      r"(?:その|一つ|ひとつ)前の(?:回|認定回)",
                      r"(?<!年)(?:より|の)前に認定されて(?:い|た)",
                      r"\bthe one before\b",
                      r"\bprevious (?:one|plan)\b", r"\bbefore (?:it|that)\b",
                      r"\b(?:right|just|immediately) before\b"])  # fmt: skip
# (「次に古いのは?」 after the oldest: the one certified after it; 「次に新しい」 before it)
AFTER_IT = _compile([r"(?:一つ|ひとつ|1つ)後", r"直後", r"その次", r"次に認定", r"次に古",
                     r"すぐ(?:あと|後)に認定", r"(?:その|一つ|ひとつ)(?:次|後|あと)の(?:回|認定回)",
                     r"次に(?:終わ|終了|期間が終わ|満了)",
                     r"\bnext (?:one|plan)\b", r"\bthe one after\b",
                     r"\bafter (?:it|that)\b",
                     r"\b(?:right|just|immediately) after\b"])  # fmt: skip
# 「全計画の変更は延べ何回?」: the changes of all the plans added up
TOTAL = _compile([r"延べ", r"のべ", r"合計", r"(?:合|あ)わせ(?:て|ると|たら)", r"足すと",
                  r"全部で", r"トータル",
                  r"総数",
                  r"\bin total\b", r"\btotal\b", r"\bin all\b", r"\baltogether\b"])  # fmt: skip
# 「…変更があった計画は全部でいくつ」: what is counted is plans, not changes
PLANS_COUNTED = _compile(
    [r"計画(?:は|が|って|の数は?)?[、,]?\s?(?:全部で|ぜんぶで|あわせて|合わせて|合計|トータルで)\s?"
     r"(?:いくつ|何件|何本|何個|何計画|幾つ|なん(?:けん|ぼん|こ))",
     r"\bhow many plans\b"]
)  # fmt: skip
# 「変更があった計画」: changed plans asked for as such (「変更があった?」 alone asks
# about the plan under discussion)
CHANGED_PLANS = _compile(
    [r"変更(?:が|の)?(?:あった|された|されている|されてる|ある)(?:計画|もの|のは|プロジェクト)",
     r"\bplans? (?:that|which) (?:were|was|have been|has been) (?:changed|amended)"]
)  # fmt: skip
# The length of a period in years: 「期間が3年の計画」「5年以上」.
YEARS = compile_guarded(
    r"(?<![\d元成和])(\d{1,2}|[一二三四五六七八九十])年(?:間)?"
    r"(?:の計画|の|以上|以下|より長|より短|未満|を超|ある|で|ぐらい|くらい|程度|ほど|前後"
    r"|計画|間(?=[?？]|$|です|だ|なの|か)"
    # 「計画期間って3年だよね?」「期間は5年?」: a length put to confirm
    r"|(?=だよ|だっけ|だった|でしょ|です|じゃ|[?？]))"
    r"|(\d{1,2})[- ]?years?(?: or (more|less|longer|shorter))?"
)
# 「…と同じ日に」「同じ回で」: the same value as another plan.
SAME = _compile(
    [
        r"同じ(?:日|回|年|時期|タイミング|とき|時)",
        r"同日",
        r"同時に",
        r"おなじ(?:日|回)",
        r"おんなじ",
        r"\bsame (?:day|date|round|time)",
        r"\bsame\s*[?？]",  # 「認定日はセイム?」 (katakana English), "…the same?"
        r"終わる日(?:は|が)?(?:同じ|おなじ)",
        # (not 「新庁舎と同じ建物に入るの?」: the same building, a thing of a summary)
        r"(?:同じ|おなじ)(?!建物|場所|施設|敷地|庁舎|ところ|所|フロア|階|ビル|会社|人)",
        r"(?:は|が|も)一緒(?!に)",
        r"(?:一緒|いっしょ)(?=[?？]|$|です|だった|なの|か)",
        # 「3つまとめて認定された」"three of the plans certified together"
        r"(?:まとめて|いっぺんに|一度に|同時に)(?:認定|変更|終わ|始ま)",
        r"\b(?:certified|approved|amended|changed) (?:together|at the same time|at once)\b",
        *(_DIFFERENT := [r"別々", r"べつべつ", r"(?:違う|ちがう|別の)(?:日|回)", r"異なる",
                         r"\bdifferent (?:days?|dates?|rounds?)"]),
    ]
)
# 「別々の日に認定されたの?」: the same question, its yes and no the other way round
DIFFERENT = _compile(_DIFFERENT)
SAME_ROLES: list[tuple[Words, str]] = [
    (_compile([r"(?<!何)回(?!数)", r"\bround"]), "round"),
    (_compile([r"認定日", r"認定され", r"\bcertif"]), "certified"),
    (_compile([r"変更", r"\bchang", r"\bamm?end"]), "changed"),
    (_compile([r"終わ", r"終了", r"まで", r"終期", r"満了", r"最終日", r"\bend"]), "ends"),
    (_compile([r"始ま", r"開始", r"始期", r"初日", r"\bstart"]), "starts"),
    (_compile([r"長さ", r"何年", r"期間の長"]), "years"),
    (_compile([r"期間", r"\bperiod"]), "period"),
]
# Roles a wider one already says: 「期間の終わりが同じ」 asks the end, not the period.
SAME_NARROWER = {"period": ("ends", "starts", "years")}
# The question asks for something (いつ, 何, どこ …): not a yes/no question.
WH = _compile(
    [
        r"いつ",
        r"何",
        r"なに",
        r"なん",
        r"どこ",
        r"どの",
        r"どれ(?!も)",  # (「どっちも入ってる?」 asks yes or no of both)
        r"どちら(?!も)",
        r"どっち(?!も)",
        r"だれ",
        r"誰",
        r"どう",
        r"どんな",
        r"なぜ",
        r"なんで",
        r"日付(?:を|は|が)",  # 「…の認定を賜りました日付をご教示ください」: asks the day
        r"(?:わかる|分かる|わかります|分かります|知ってる|知っています)[?？]",
        r"何故",
        r"いくつ",
        r"いくら",
        r"教えて",
        r"おしえて",
        r"知りたい",
        r"ください",
        r"名前(?:は|を|って)",
        r"名称",
        r"(?<=[一-龥ぁ-ゖー])(?:は|って)[?？]$",  # 「…になるホールは?」 asks which
        r"(?<=[るたい])(?:計画|もの)は$",  # 「移住に触れている計画は」: which, without its ?
        r"\b(?:what|when|where|which|who|whom|how|why|tell me|list)\b",
    ]
)
# Ends as a question that can be answered yes or no: 「…ですか」「入ってる?」「だよね」.
YES_NO_END = _compile(
    [
        r"(?:仲間|なかま|めんばー|一員)(?:なの|なん|ですか|か)?[?？]$",  # 「川西町もDMOのなかま?」
        r"^[^?]+って[^?]+の(?:やつ|もの|こと)?[?？]$",  # 「XってYの計画のやつ?」
        r"(?:か|の|る|た|い|ね|け|よね|だっけ|でしょう|でしょ|かな|ない|ですよね|んですか|ますか|ですか)"
        r"[?？!。]*$",
        r"(?:よね|でしょう|だべ|だよな)",
        r"(?:やろ|やん|やんな|やんか|じゃろ|っしょ|だろ)[?？!。]*$",  # 「…するんやろ?」
        r"(?<=[るた])と[?？]+$",  # 「入っとると?」
        r"(?:本当|ほんと|ホント)う?(?:です|なの|なん)?[?？!]*$",  # 「…って聞いたけど本当?」
        # 「…の計画って5年計画?」: a noun put to confirm
        r"(?:は|って)[^?？はって]{1,12}[一-龥0-9][?？]$",
        r"(?:合って|あって)(?:い)?(?:ます|る)[?？]*$",
        # 「DMO計画って令和5年まで?」「…3月末で終わり?」: a day put to confirm
        r"(?<!いつ)(?<!何時)(?:まで|で終わり|で終了|で満了|から)[?？]+$",
        r"^(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would)\b",
    ]
)
# 「長井市だけでやってるの?」「単独の計画?」: the city on its own, no partner
# (「長井市だけ」 is found as its 市だけ: the city's name is knowledge, not code)
ALONE = _compile([r"(?:市|うち)(?:だけ|のみ|単独)", r"単独", r"\balone\b",
                  r"\bon its own\b", r"\bby itself\b", r"\bonly nagai\b"])  # fmt: skip
# 「…わけじゃないですよね?」: a yes/no question put in the negative
NEGATIVE_CONFIRM = _compile([r"(?:わけ)?(?:じゃ|では)ない(?:です|でしょう)?(?:よね|か|の)",
                             r"\b(?:isn't|aren't|wasn't|doesn't) it\b"])  # fmt: skip
# 「…を、お伺いしてもよろしゅうございましょうか」「教えていただいてもいいですか」: asking
# leave to ask, which is asking
MAY_I_ASK = compile_guarded(
    r"(?:伺|うかが|聞|き|尋ね|たずね|教えて(?:いただ|もら)い?|お教えいただ)"
    r"(?:い|っ)?(?:し)?ても(?:よろし|宜し|いい|良い|かまい|構い)"
    # 「…その計画期間を示されたい」: an assembly member's request
    r"|(?:示|しめ|教示|説明|回答|答弁|明らかにし|確認し)(?:され|さ|し|いただき|頂き)?たい[。]?$"
)
# A municipality named in a question (飯豊町, 山形市); checked against partners.
TOWN = compile_guarded(
    r"([一-龥]{1,4}(?:市|町|村)|[ぁ-ゖ]{2,6}(?:し|まち|ちょう|むら))(?=[はがもをにのとっ、?？]|$)"
)
# Taking part: 「入ってる」「参加してる」「関わってる」.
TAKES_PART = _compile(
    [
        r"入って",
        r"はいって",
        r"入っと(?:る|ん|ー)",  # 「米沢市は入っとると?」
        r"参加",
        r"関わ",
        # 「飯豊町って…に関係してる?」 (not 関係人口, a word of the parallel-work plan)
        r"関係(?:して|する|ある|あり|が(?:ある|あり))",
        r"かかわ",
        r"加わ",
        r"含ま",
        r"一緒",
        r"いっしょ",
        r"連携",
        r"仲間",
        r"なかま",
        r"加盟",
        r"\bpart of\b",
        r"\bjoin",
        r"\binvolved",
        r"\bincluded?",
        r"\bpartner",
    ]
)
# Someone who might be thought to certify the plans: 「市長が認定したの?」.
# 「認定してるのは誰?」: who, not which plan
WHO_CERTIFIES = _compile(
    [
        r"(?:誰|だれ|どなた|どこ)の認定を受け",
        r"(?:誰|だれ|どなた|どこ)(?:から|に)(?:認定|承認)",
        r"(?:誰|だれ|どなた|どこ)が.{0,8}(?:認定|認め|承認)",  # 「…の計画は誰が認めたのか」
        r"認定.{0,8}(?:誰|だれ|どなた|どこ(?:が|の機関))",
        r"\bwho (?:actually |really |exactly )?(?:certif(?:y|ies|ied)|approves?|approved)\b",
        # "who do the certification of these plan?": who, in plainer English
        r"\bwho (?:does|do|did|gives?|gave|makes?|made) (?:the )?(?:certification|approval)",
        r"\bwho (?:is|was) (?:the )?(?:certifier|approver)",
        r"certified by whom",
    ]
)
# a body that could certify, as the one doing it (「議会が認定したの?」「市長さん?」), not
# a word of the setting (「議会答弁資料に記載したい」「県内の」)
_AS_CERTIFIER = (
    r"(?=\s*(?:さん|様)?\s*(?:が|で|から|の(?:認定|承認|議決)|に(?:認定|承認|よ)|って|なの|なん"
    r"|です|でしょ|じゃ|では|ですか|か[?？]|[?？、。]|$))"
)
_CERTIFIER_WORDS = (r"市長", r"知事", r"県", r"国(?!際)", r"総理", r"首相", r"大臣", r"内閣府?",
                    r"議会", r"市役所")  # fmt: skip
CERTIFIER = _compile(
    [
        *(word + _AS_CERTIFIER for word in _CERTIFIER_WORDS),
        r"\bmayor",
        r"\bgovernor",
        r"\bprefecture",
        r"\bprime minister",
        r"\bgovernment",
    ]
)
# How long since (or until) a date: 「終わってから何年」「何年前」「how many years ago」.
ELAPSED = _compile(
    [
        # not 「何年何月何日から何年何月何日まで」, which asks the period itself
        # nor 「…の計画って何年間?」, the period's length
        # nor 「期間って何年くらい?」, where って marks the topic, not a verb's て
        # nor 「期間って何年から何年?」, the period's two ends
        r"(?:(?<!何年)(?<!何月)(?<!何日)から|して|(?<!期間)(?<!計画)(?<!きかん)って|てから)"
        r"(?:(?!期間)[^?。]){0,6}?"
        r"(?:何年(?!間|度|何月|から|.{0,12}まで)|何か月|何ヶ月|何カ月"
        r"|どのくらい|どれくらい|何日(?!.{0,12}まで))",
        r"何年(?:前|経|たっ|たち|たつ|になり|になる|目)",
        r"何か月(?:前|経|たっ)",
        r"何日(?:前|経|たっ|たち|たつ|になり|になる)",
        r"もう何年",
        r"\bago\b",
        r"\b(?:years|months|days) back\b",  # "how many years back was it certified?"
        r"how long (?:ago|since)",
        r"years since",
        r"since (?:it|the)",
        r"今年で何年",
        r"何周年", r"\bwhich anniversary\b", r"\bhow many years (?:old|since)\b",
        r"から[、,]?\s?今日まで.{0,8}(?:何日|何年|何か月)",
        # 「認定されてから、今日でだいたい何年?」
        r"(?:今日|現在|今)で.{0,6}(?:何年|何か月|何日)",
    ]
)
# 「認定からちょうど10年になるのはいつ?」「10年になるまであと何日?」: a day so many
# years after one of the plan's own
ANNIVERSARY = compile_guarded(
    r"(?P<day>認定|終わって|終了して|終了|始まって)(?:されて|して|を受けて)?から(?:ちょうど)?"
    r"(?P<n>\d{1,2}|[一二三四五六七八九十])年(?:目)?(?:に|が)?(?:なる|経つ|たつ|経過する|を迎える)"
)
WEEKDAY = _compile([r"何曜", r"なんよう", r"曜日", r"\bwhat day of the week\b", r"\bweekday\b"])
ELAPSED_FROM_CERT = _compile(
    [
        r"認定(?:されて|して|を受けて)?(?:から|以来)",
        r"認定(?:から)?(?:何|なん)周年",
        r"認定(?:は|が|されたのは)?.{0,4}何年前",
        r"何年前に認定",
        r"認定され(?:た|て).{0,8}何年前",
        r"\bago (?:was|were|did)\b[^?]*certif",
        r"since (?:it was )?certif",
        r"certified[^?]* ago",
        r"\bback (?:was|were|did)\b[^?]*certif",
    ]
)
# How long since the period began: 「始まってから何年」「はじまったの何年前」.
ELAPSED_FROM_START = _compile(
    [
        r"(?:始ま|はじま)(?:って|った).{0,8}(?:何年(?!度)|何か月|何日)",  # (not 何年度に終わった)
        r"(?:何年|何か月|何日)前に(?:始ま|はじま|開始|スタート)",  # 「何年前に始まった」
        r"(?:開始|スタート)(?:して|されて|した|された)?(?:から|以来|のは).{0,8}(?:何年|何か月|何日)",
        r"since\b[^?]{0,40}\b(?:started|began|start(?:ed)? its period)",
        r"(?:started|began)[^?]* ago",
    ]
)
# How long since a change: 「最後に変更されたのって何年前?」「最初の変更から今日まで」.
ELAPSED_FROM_LAST_CHANGE = _compile(
    [
        r"(?:最後|最新|直近|いちばん新しい|一番新しい)の?(?:に)?(?:計画(?:の|が|は))?変更",
        r"\b(?:last|latest|most recent) (?:change|amendment)",
        r"\blast (?:changed|amended)",
    ]
)
ELAPSED_FROM_FIRST_CHANGE = _compile(
    [
        r"(?:最初|初めて|はじめて|一番古い|いちばん古い)の?(?:に)?変更",
        r"\bfirst (?:change|amendment)",
        r"\bfirst (?:changed|amended)",
    ]
)
# The previous answer's plans: 「そのうち」「その中で」「among them」.
AMONG = _compile(
    [
        r"それぞれ",
        r"そのうち",
        r"その中",
        r"そのなか",
        r"このうち",
        r"この中",
        r"その(?:\d|[一二三])(?:つ|本|件|個)(?:の)?(?:うち|中)?",
        r"その二つ",
        r"\bof (?:those|them|these)\b",
        r"\bamong (?:them|those|these)\b",
    ]
)
# The previous answer's plans left out: 「他には」「ほかに何が」.
OTHERS_TOO = _compile(
    [
        r"^(?:他|ほか)(?:は|の|も)(?:[?？]|$)",
        # 「他の2つは?」
        r"^(?:他|ほか)の(?:[2-5二三四五]つ|[2-5二三四五]件|ふたつ|みっつ|計画|やつ)(?:は|も)?",
        r"(?:他|ほか)に(?:は|も)?",
        r"(?:他|ほか)の計画(?:に|で|と)も",  # 「飯豊町は、ほかの計画にも関わってる?」
        r"\bother (?:plans|ones)\b",
        r"\bany others\b",
    ]
)
# The one of an earlier list not picked since: 「残りの一つ」.
# (not the verb: 「どの計画が残りますか」 asks which plans a filter leaves)
REMAINING = _compile([r"残り(?!ます|ました|そう)", r"のこり(?!ます)", r"\bthe rest\b",
                      r"\bremaining\b"])
# 「平成27年度中に認定されたものはありますか」: whether any plan is so, not a check of
# the plan just discussed
ANY_SUCH = _compile(
    [r"(?:もの|計画|やつ|の)(?:は|って|が|も)?(?:あります|ありました|ある|あった)(?!.*(?:その|この))"]
)
# 「6次産業化とDMOの計画期間を合計すると何年」「期間は何年違いますか」: the periods'
# lengths added up, or how far apart
LENGTHS_SUM = _compile([r"合計", r"合わせ(?:ると|て)", r"足す", r"足し", r"通算", r"トータル",
                        r"\btotal\b", r"\bcombined\b", r"\badd(?:ed)? up\b"])
LENGTHS_DIFFERENCE = _compile([r"(?:何年|何か月|何ヶ月|何日|どれ(?:くらい|ぐらい)|どのくらい)違",
                               r"長さ(?:の|が|は)?(?:差|違)", r"差は", r"差が", r"\bdiffer",
                               r"\bhow much longer\b"])
# A date mentioned before: 「その日に」; 「計画とその日付」 is the plan's own date
# (その日付 is the day before only as a place in time: その日付に/で).
# A figure over the plans (AggregateQuery.stat), the first that matches
PLAN_STATS: list[tuple[re.Pattern[str], str]] = [
    (_compile([r"(?:最長|一番長い|いちばん長い).{0,8}(?:最短|一番短い|いちばん短い).{0,8}(?:差|違い|開き)",
               r"\blongest and (?:the )?shortest\b[^?]*\b(?:differen|gap)"]), "period_range"),
    (_compile([r"最初の認定から最後の認定",
               r"(?:一番古い|いちばん古い)認定(?:日)?(?:から|と).{0,4}(?:一番新しい|いちばん新しい)認定",
               r"\bfirst (?:and|to) (?:the )?last certification"]), "certified_span"),
    (_compile([r"(?:古い|最初の)回と.{0,4}(?:新しい|最後の)回.{0,12}(?:何回|離れ|差|開き)"]),
     "round_span"),
    (_compile([r"変更.{0,10}平均", r"平均.{0,10}変更",
               r"\baverage number of (?:changes|amendments)",
               r"\baverage (?:changes|amendments)"]), "changes_mean"),
    (_compile([r"期間.{0,10}平均", r"平均.{0,10}期間", r"\baverage (?:length|duration|period)",
               r"\bmean (?:length|period)"]), "period_mean"),
]
THAT_ROUND = _compile([r"その回(?:で|に|の)", r"(?:それ|そちら|そっち|これ|その計画)と同じ回"])
THAT_DAY = _compile(
    [r"その日(?!付|程|時)", r"その日付(?:に|で)", r"同じ日", r"\bthat day\b", r"\bthat date\b"]
)

# Days in a plan's life, for 「認定から最初の変更まで何か月?」 and 「認定日と計画期間の
#始まりは同じ日?」. Earlier entries win where two start at the same place.
MOMENTS: list[tuple[Moment, Words]] = [
    (Moment.FIRST_CHANGE, _compile([
        r"(?:最初|初め|はじめ|一回目|1回目|一度目|1度目|初回)(?:て)?の?変更",
        r"\bfirst (?:change|amendment|revision)",
    ])),
    (Moment.LAST_CHANGE, _compile([
        r"(?:最後|最新|直近|最近|一番新しい|いちばん新しい)の?変更",
        r"\b(?:last|latest|most recent) (?:change|amendment|revision)",
    ])),
    (Moment.CERTIFIED, _compile([r"認定", r"にんてい", r"承認", r"\bcertif", r"\bapprov"])),
    (Moment.CHANGED, _compile([r"変更", r"へんこう", r"改定", r"\bchang", r"\bamm?end",
                               r"\brevis"])),
    (Moment.STARTS, _compile([
        r"始ま", r"はじま", r"開始", r"スタート", r"始期", r"\bstart", r"\bbegin", r"\bbegan",
    ])),
    (Moment.ENDS, _compile([
        r"終わ", r"おわ", r"終了", r"満了", r"終期", r"\bend", r"\bexpir", r"\bfinish",
    ])),
]  # fmt: skip
# Right after a moment word: 「最後の変更の日に」「DMOの計画が終わった日に」 — that
# day, as a filter for other plans.
MOMENT_DAY = compile_guarded(
    r"^(?:日に(?!つ)|(?:の日|した日|された日|った日|まった日|わった日|になった日)(?:に|と同じ|と一緒)"
    r"|(?:日)?と同じ日)"
)
# The time between two days, or whether they are one: 「…から…まで何か月」「…と…は同じ日?」.
SPAN = _compile(
    [
        r"から[^?。]{0,24}?(?:まで|何日|何か月|何ヶ月|何カ月|何年|どのくらい|どれくらい"
        r"|どれぐらい|どのぐらい|後|経)",
        r"(?:何日|何か月|何ヶ月|何カ月|何年|どのくらい|どれくらい)(?:後|目|あと)",
        r"の間", r"あいだ", r"間隔", r"差", r"離れ", r"ずれ",
        r"同じ(?:日|日付)?", r"おなじ", r"同日", r"一緒", r"一致", r"違う", r"ちがう",
        r"(?:より|の)(?:前|後|あと|先)", r"どっちが先", r"どちらが先",
        r"\bbetween\b", r"\bsame (?:day|date)", r"how long after", r"how (?:many|long) .*after",
        r"\bbefore\b", r"\bafter\b",
    ]
)  # fmt: skip
# The time between the same day of two plans: 「二つの認定日の間は何年?」
GAP = _compile(
    [r"の間", r"あいだ", r"間隔", r"差", r"離れ", r"空いて", r"あいて", r"開いて",
     r"how long between", r"\bapart\b", r"time between", r"\bgap\b", r"\bbetween\b",
     r"how much time", r"違う", r"ちがう", r"違い", r"ずれ", r"\bdiffer",
     # 「…が認定されてから何日後?」「…の終わりより何年早い?」: one plan's day from another's
     r"何(?:日|年|か月|ヶ月|カ月|ヵ月)(?:後|前|早|遅|先)", r"より(?:何|どれだけ|どのくらい)",
     # 「Aの認定からBの認定まで、何日?」
     r"から[^?？。]{1,40}まで[、,]?\s?(?:何日|何年|何か月|何ヶ月|何カ月|どのくらい|どれくらい)"]
)  # fmt: skip
# 「水と歴史の計画の期間中に認定された他の計画」: within a named plan's period
DURING = _compile([r"期間中に(?!.{0,3}(?:ある|あり|です|でしょう))", r"期間の間に", r"期間内に",
                   r"\bduring (?:the|its) (?:plan )?period",
                   r"while (?:it|the .{1,30}) was running"])  # fmt: skip
# 「移住の促進に触れている計画は?」: every plan whose summary speaks of it
MENTION = _compile([r"触れて(?:いる|る)", r"記述(?:が|の)?ある", r"言及",
                    r"に(?:関係|関連)(?:する|している|してる|がある|のある)(?:計画|もの|の)",
                    # 「移住や定住に関わる計画」「移住に関わる取組が入ってる計画」
                    r"に(?:関わ|かかわ)(?:る|っている|ってる|りのある|りがある)(?:計画|もの|の|取)",
                    r"(?:取組|取り組み|とりくみ)(?:が|の)?(?:入って|含まれて|書かれて)(?:いる|る)計画",
                    r"書かれて(?:いる|る)計画", r"\bmention"])  # fmt: skip
# The question expects more than one plan: 「どれとどれ?」「…計画を全部」
PLURAL = _compile([r"どれとどれ", r"どれも", r"組み合わせ", r"組合せ", r"ペア", r"グループ",
                   r"(?:計画|もの)(?:を|は)?(?:全部|すべて|全て)",
                   r"\bwhich plans\b", r"\ball (?:the )?plans\b", r"いくつ", r"何件"])  # fmt: skip
# A filter denied: 「南陽市が入ってない計画」「第51回じゃない計画」「令和2年に認定も変更も
# されてない計画」. (変更されていない and 終わっていない are filters of their own.)
NEGATED = _compile(
    [
        r"(?:入って|はいって|参加して|加わって|含まれて|載って|のって|関わって|組んで)(?:い)?"
        r"(?:ない|ません|なかった)",
        r"(?:入ら|参加し|加わら|含まれ)(?:ない|なかった)",
        r"(?:じゃ|では)(?:ない|なかった|ありません)(?!よね|でしょう|か)",
        r"(?:認定も変更も|どちらも|何も)(?:され|し)て?(?:い)?(?:ない|ません|なかった)",
        r"(?:欄|見出し)?より(?:上|前)に(?:載|のって|掲載|ある)",  # 「終了した計画」の欄より上
        r"以外(?:の欄)?に(?:載|のって|掲載)",  # 「「終了した計画」以外に載っている」
        r"\b(?:not|isn't|aren't|wasn't|weren't) (?:in|part of|certified|listed|included|among)\b",
        r"\bwithout\b",
        r"\b(?:doesn't|don't|do not|does not) (?:include|involve|have)\b",
    ]
)
# Every plan at once: 「どれも認定日と同じ?」「全部の計画が…」
EVERY = _compile([r"どれも", r"どの計画(?:も|にも|でも)", r"いずれも", r"全部(?:に|が)",
                  r"(?:全部|すべて|全て)の計画",
                  r"計画(?:は|が)?(?:全部|すべて|全て)", r"\bevery plan", r"\ball (?:the )?plans\b",
                  r"\beach plan"])  # fmt: skip
# Plans not yet made: 「次の計画はいつ認定される予定?」 — the page lists certified
# plans only, so nothing the bot knows answers it.
FUTURE = _compile([r"次の(?:地域再生)?計画", r"(?:認定|申請)(?:され|す)る予定", r"今後の計画",
                   # 「次に新しい地域再生計画が認定されるのはいつごろの予定?」
                   r"次に(?:新しい|新た)", r"(?:認定|策定)され(?:る|ます)(?:の|ん).{0,10}予定",
                   r"これから(?:の計画|認定)", r"来年度?の計画",
                   r"新しい計画(?:は|を)?(?:作る|つくる|出す)",
                   r"\bnext plan\b", r"\bupcoming\b", r"will be certified"])  # fmt: skip
# 「Aの変更日とBの認定日には何か関係がある?」: how two days relate
RELATE = _compile([r"関係", r"関連", r"つながり", r"\brelat", r"\bconnect"])
# The two plans just talked about: 「その二つ」「両方」
PAIR = _compile([r"(?:その|この)(?:二つ|2つ|ふたつ|2件|二件|両方|2計画)", r"両方", r"両計画",
                 r"両者", r"(?:二つ|2つ|ふたつ)(?:の計画|とも|それぞれ)", r"^(?:ふたつ|二つ)の",
                 r"\bboth\b", r"\bthe two\b", r"\b(?:those|these) two\b"])  # fmt: skip
# 「それぞれ第何回?」"their dates": the pair talked about, when the question picks no
# plans of its own (not 「第36回と第40回、それぞれどの計画?」)
EACH_OF_THEM = _compile([r"どちらも", r"どっちも", r"それぞれ", r"\btheir\b"])
# A question that asks for other plans, not about the named plan's own days:
# 「DMOの計画が認定されたのと同じ日に始まった計画は?」
OTHER_PLANS_ASKED = _compile(
    [
        r"[たるい]計画(?:は|を|って|が|\?|$)",
        r"どの計画",
        r"ほかの計画",
        r"他の計画",
        r"\bwhich plans\b",
    ]
)
# One of the plans named: 「DMOと6次産業化、どっちがまだ続いてる?」
COMPARE = _compile(
    [
        r"どっち(?!も)", r"どちら(?!も)", r"どれが", r"いずれが", r"比べ", r"くらべ", r"比較",
        r"より(?:前|先|後|あと|早|遅|長|短|新|古|多|少)",
        # (not "which one is it?": which plan the answer is, not a comparison)
        # ("Which plan was certified first?" asks of every plan, not of the two before)
        r"\bwhich (?:one|of)(?! (?:is|was) (?:it|that)\b)",
        r"\bwhich (?:was|is|has|had|started|ended|ends|got|came)",
        r"\bcompare", r"\bvs\.?\b", r"\bversus\b",
        r"\b(?:earlier|later|longer|shorter|sooner|newer|older|more recently)\b",
    ]
)  # fmt: skip
# Which way a comparison of plans' days goes, when no word above says what is
# compared: the day is the one the question names (終わり, 始まり), else the
# certification. 「どっちが先?」「which came later?」
COMPARE_FIRST = _compile(
    [r"先", r"早", r"前", r"はや", r"\bfirst\b", r"\bearlier\b", r"\bsooner\b", r"\bbefore\b"]
)
COMPARE_LAST = _compile(
    [r"後", r"あと", r"遅", r"おそ", r"\blater\b", r"\blast\b", r"\bafter\b"]
)
# What a comparison of plans compares, the first that fits.
COMPARATIVES: list[tuple[Words, AggregateKind | str]] = [
    (_compile([r"(?:先|早く|前|はやく)に?終", r"ended (?:first|earlier|sooner)",
               r"ends? (?:first|earlier|sooner)", r"finish(?:ed)? (?:first|earlier)"]),
     AggregateKind.FIRST_ENDING),
    (_compile([r"(?:後|あと|遅く|おそく)(?:に|まで)?終", r"長く続", r"ends? later",
               r"ended later", r"lasts? longer", r"runs? longer"]),
     AggregateKind.LAST_ENDING),
    (_compile([r"(?:先|早く|前|はやく)に?始",
               r"(?:started|began|starts|begins) (?:first|earlier)"]),
     AggregateKind.STARTS_FIRST),
    (_compile([r"(?:後|あと|遅く|おそく)に?始", r"(?:started|began|starts|begins) later"]),
     AggregateKind.STARTS_LAST),
    (_compile([r"変更.{0,6}(?:多|少)", r"多く変更", r"changed (?:more|most)", r"more changes"]),
     AggregateKind.MOST_CHANGES),
    (_compile([*_RUNNING_WORDS, r"続いて", r"つづいて", r"まだ", r"今も", r"現在も",
               r"やってる", r"\bstill\b"]),
     "running"),
    (_compile([r"終わって", r"終わった", r"終了して", r"終了した", r"\bended\b", r"\bover\b"]),
     "ended"),
    (_compile([r"長い", r"長かった", r"ながい", r"\blonger\b", r"\blongest\b"]),
     AggregateKind.LONGEST),
    (_compile([r"短い", r"短かった", r"みじかい", r"\bshorter\b", r"\bshortest\b"]),
     AggregateKind.SHORTEST),
    (_compile([r"新し", r"最近", r"\bnewer\b", r"more recent"]), AggregateKind.NEWEST),
    (_compile([r"古", r"\bolder\b"]), AggregateKind.OLDEST),
]  # fmt: skip

# 「そのうち一番最初のは?」「最後は?」 after a plan's changes: which of them.
ORDINAL_FIRST = _compile([r"最初", r"初め", r"はじめ", r"一番目", r"1回目", r"一回目", r"1つ目",
                          r"\bfirst\b", r"\bearliest\b"])  # fmt: skip
ORDINAL_LAST = _compile([r"最後", r"さいご", r"最新", r"直近", r"一番新しい", r"いちばん新しい",
                         r"\blast\b", r"\blatest\b", r"most recent"])  # fmt: skip

# 「終わってない計画」 asks for running plans: looked for before ENDED.
NOT_ENDED = _compile(
    [
        r"終わって(?:い)?(?:ない|ません)",
        r"終了して(?:い)?(?:ない|ません)",
        r"未了",
        r"not (?:yet )?(?:ended|finished|over)",
    ]
)
ENDED = _compile(
    [
        *_ENDED_WORDS,
        r"終了した",
        r"終了して",
        r"満了した",
        r"終わって(?:る|います|いる)",
        r"期間が(?:終|過)",
        r"過去の",
        r"以前の",
        r"昔の",
        r"\bexpired",
        r"\bpast\b",
    ]
)
# 「終了したものも含めて全部で」: every plan, the ended ones not left out (no filter)
WITH_ENDED = _compile(
    [
        r"(?:終了|終わ|満了)(?:した|った|済み?)?(?:もの|計画|の|やつ)?(?:も|まで)(?:含め|含む|入れ)",
        r"\binclud(?:e|ing) (?:the )?(?:ended|finished|past|old)",
        r"\b(?:ended|finished|past) ones (?:too|as well|included)",
    ]
)
RUNNING = _compile(
    [
        *_RUNNING_WORDS,
        r"計画期間中",
        r"(?:いま|今|現在)(?:、|は|も)?(?:計画)?期間中",  # 「いま期間中の計画ってある?」
        r"期間中の(?:計画|もの|やつ)",
        r"現在(?:も|実施|進行|有効)",
        r"今(?:も|やって|実施|進ん)",
        r"(?:現在|今)の(?=.{0,6}(?:計画|プロジェクト))",  # 「現在の人口」 is no plan's status
        r"有効な",
        r"動いている",
        r"続いている",
        r"\bcurrent",
        r"\bwithin (?:its|their|the) (?:implementation |plan )?period",
        r"\b(?:still )?in force\b",
        r"\bstill (?:in effect|valid|underway|in progress)",
    ]
)
# not 「1回も変更されてない」, which says never
ROUND_NUMBER = compile_guarded(r"第?(\d{1,3})回(?!変更)(?!も(?:変更|され|変わ|なか|ない))")
# ("round number 51", "round no. 51", "round #51" too)
ROUND_EN = compile_guarded(
    r"\b(\d{1,3})(?:st|nd|rd|th) round\b|\bround (?:number |no\.? ?|#)?(\d{1,3})\b"
)
# 「2回しか変更されてない?」「3回以上変更された計画」: how many changes, not a round
TIMES = compile_guarded(
    r"(?<![第\d])(\d{1,2}|[一二三四五六七八九十])(?:回|度)(?!目|も)"
    # 「一度でも変更された」: at least once
    r"(?:(以上|でも|は(?=変更|変わ|され))|(以下)|(未満)|(しか|だけ|のみ))?"
)
# An era named without a year: 平成のうちに, 令和になってから.
# (not 「令和何年まで?」, which asks for a year in that era)
ERA_IN_ENGLISH = {e.english.lower(): e.name for e in ERAS}
ERA_ONLY = compile_guarded(
    "(" + "|".join(e.name for e in ERAS) + r")(?!\s*(?:\d|元|[一二三四五六七八九十]|何|なん))"
    # "after the Reiwa era began"
    r"|\b(" + "|".join(ERA_IN_ENGLISH) + r")(?: era| period)?\b(?!\s*\d)"
)
# 「令和7年以降」「平成31年より前」: a span open on one side.
# 「第40回より前に認定された」「第51回以降」: rounds before or after one
ROUND_BEFORE = compile_guarded(r"第?(\d{1,3})回(?:目)?(?:より(?:前|早)|以前|未満|まで(?:に|の))")
ROUND_AFTER = compile_guarded(
    r"第?(\d{1,3})回(?:目)?(?:より(?:後|あと|遅|新し)|以降|以後|から(?:後|あと)?)"
)
AFTER_DATE = _compile(
    [r"(?:度)?(?:以降|以後|より後|から先|から後|の後|の次|のあと|の直後)",
     r" ?(?:or later|onwards|and after)"]
)
NEXT_AFTER = compile_guarded(r"(?:より後|の後|の次|のあと|の直後)")
BEFORE_DATE = _compile(
    # 「2022年末までに終了した」: by that day (not 「…までの計画」, its period's end)
    [r"(?:度)?(?:以前|より前|の前)", r"(?:度)?末?までに(?!な)", r" ?(?:or earlier|and before)",
     r"(?:に|へ)(?:なる|入る|変わる)前"]  # 「令和になる前に」
)
# "March 2019", "March 29, 2019", "29 March 2019": English dates, as English questions write them
ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")  # fmt: skip
_MONTH = "(" + "|".join(m[:3] + "(?:" + m[3:] + ")?" for m in ENGLISH_MONTHS) + r")\.?"
ENGLISH_DATE = compile_guarded(
    rf"\b{_MONTH} (?:(\d{{1,2}})(?:st|nd|rd|th)?,? )?((?:19|20)\d\d)\b"
    rf"|\b(\d{{1,2}}) {_MONTH},? ((?:19|20)\d\d)\b"
    # "2020 March 30": the year first, as some learners write it
    rf"|\b((?:19|20)\d\d),? {_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?\b"
)
# "fiscal 2018", "FY2018": April 2018 to March 2019, as the city's 年度
FISCAL_EN = compile_guarded(r"\b(?:fiscal(?: year)?|fy) ?((?:19|20)\d\d)\b")
# An English date's role and open side come before it: "ended before 2022", "certified after"
BEFORE_WORDS = compile_guarded(r"\b(?:before|until|prior to|by)\s*$")
# "in or before March 2021", "by March 2021": the span itself counts too
INCLUSIVE_BEFORE = compile_guarded(r"\b(?:or before|until|by|up to)\s*$")
AFTER_WORDS = compile_guarded(r"\b(?:after|since|from)\s*$")
BARE_YEAR = compile_guarded(r"(?<![\d.\-/])((?:19|20)\d\d)(?![\d.\-/年])")
# A message in English (answered in English), not romaji or markup: it has
# some everyday English word.
ENGLISH = _compile(
    [
        r"\b(?:what|when|where|which|who|whom|why|how|is|are|was|were|the|a|an|does|do|did"
        r"|can|could|would|will|please|tell|show|give|list|hello|hi|hey|thanks|thank|plan|plans"
        r"|project|projects|any|about|there|it|its|i|my|you|your|of|in|on|for|with|and|or|to"
        r"|good|bye|help|yes|no|ok|okay|number|phone|fax|address|contact|office)\b"
    ]
)
WESTERN = _compile([r"西暦", r"\bwestern\b"])
# 「「YYYY/MM/DD」で」「スラッシュ区切りで」: dates written 2019/03/29 too
SLASH_DATES = _compile([r"y{2,4}/m{1,2}/d{1,2}", r"スラッシュ", r"すらっしゅ", r"/区切り",
                        r"\bslash"])  # fmt: skip
# 「何年度にあたりますか」「令和3年度末?」: the fiscal year (April to March) of a date
FISCAL = _compile([r"年度", r"\bfiscal year", r"\bFY\b"])
# 「なんで変更がないってわかるの?」「どうしてそう言えるのですか」 "How do you know?"
HOW_KNOWN = _compile(
    [r"(?:なんで|なぜ|どうして|何で)[^?？]{0,16}(?:わかる|分かる|わかった|分かった|言える|いえる|知って)",
     r"根拠は", r"出典", r"情報源", r"ソースは", r"どこ(?:で|から)(?:調べ|知っ|分か|わか)",
     r"\bhow do you know\b", r"\bwhere (?:does|did) (?:that|this|it) come from\b", r"\bsource\b"]
)  # fmt: skip
# 「申請期間はいつまで?」「募集期間」: the period of something else (an application, a
# call), not a plan's; 計画期間 and 事業期間 are a plan's
OTHER_PERIOD = compile_guarded(
    r"(?:申請|募集|受付|応募|工事|営業|開館|貸出|補助|支給|予約|契約|保証|利用|交付|入居|出店"
    r"|開催|展示|休館|閉館|改修|建設|受講|研修|申込|申し込み|購入|販売)期間"
)
# words of the plans' own vocabulary: 「認定計画」「変更計画」「連携計画」 are no other plan
PLAN_COMPOUND_STOPS = (
    "認定", "変更", "連携", "終了", "開始", "期間", "最近", "最初", "最後", "一番", "全", "各",
    "同", "本", "当該", "次", "前", "新", "旧", "他", "別", "今", "現在", "関連", "該当", "対象",
    "実施", "策定", "承認",
)  # fmt: skip
# 「長井市の観光振興計画は何年度まで?」: a plan of another kind, named as a kanji compound
# (an edition before it is no part of the name: 第2次環境基本計画; nor a date's unit
# when search words run together: 「2017年2月24日 長井 計画」)
# (a strategy or vision of the city's is another kind of plan too: 創生総合戦略)
PLAN_COMPOUND = compile_guarded(
    r"(?:第?[0-9一二三四五六七八九十]+[次期])?(?:(?<=[0-9])[年月日回号])?([一-龥]{2,8})"
    r"(計画|戦略(?!室)|構想|ビジョン|びじょん)"  # (not the office, 総合戦略室)
)

# 「…のは、しごと創出のやつだけ?」 "is it only X?": the plans named are all there are
ONLY_THESE = _compile([r"だけ(?:[?？]|ですか|なの|か[?？]?$|でしょうか|って)",
                       r"のみ(?:[?？]|ですか|か)", r"\bonly\b.*\?$"])  # fmt: skip
# 「第51回で認定されたのはDMOと6次化の2つで合ってる?」: the plans named, to confirm as all
THESE_ARE_ALL = _compile(
    [r"(?:の(?:\d|[二三四五六])つ|の両方|の全部)?で(?:合って|あって|正しい|いい|ok)"]
)

# 「計画期間は何日間?」「日数で」「何ヶ月?」 "in days": the length in that unit
IN_DAYS = _compile(
    [r"何日間", r"なんにちかん", r"日数", r"にっすう", r"何日分", r"何日あ(?:る|った|り)",
     r"\bin days\b", r"\bhow many days\b", r"\bnumber of days\b"]
)  # fmt: skip
IN_MONTHS = _compile(
    [r"何(?:か|ヶ|カ|ヵ|ケ|箇|ケ)月", r"なんかげつ", r"月数", r"\bin months\b",
     r"\bhow many months\b"]
)  # fmt: skip

# 「なんで変更されたの?」「変更の理由は?」 "why was it changed": a reason, which the page
# never gives (not 「なんでわかるの?」, HOW_KNOWN, which asks where a fact comes from)
WHY = _compile(
    [r"なぜ", r"なんで", r"何で(?!す)", r"どうして", r"理由", r"わけ(?:は|を)", r"訳(?:は|を)",
     r"\bwhy\b", r"\breasons?\b", r"\bwhat for\b"]
)  # fmt: skip
# 「変更内容は?」「何が変わったのか」「延長されたの?」: what a change changed, which the
# page does not say (it lists the days only)
CHANGE_DETAIL = _compile(
    [r"変更(?:の|された)?(?:内容|中身|点|箇所|部分|詳細)", r"(?:何|なに|どこ)が(?:変わ|変更)",
     r"どう(?:変わ|変更)", r"どのように(?:変わ|変更)", r"(?:延長|短縮|延び|縮ま|伸び)",
     r"\bwhat (?:was )?(?:changed|amended)\b", r"\bwhat (?:did )?the (?:change|amendment)",
     r"\b(?:extended|extension|shortened)\b", r"\bnature of the (?:change|amendment)"]
)  # fmt: skip
# 「最初に聞いたやつの期間は?」 "back to the first one": the plan the conversation began
# with, not the first certified
FIRST_ASKED = _compile(
    [r"最初に(?:聞い|きい|訊い|質問し|尋ね|たずね)た", r"一番(?:最初|はじめ)に(?:聞い|きい)た",
     r"(?:最初|さいしょ)の(?:やつ|やづ|奴)", r"\bback to the first\b",
     r"\bthe first one (?:i|we) asked\b"]
)  # fmt: skip
# The words a question about the plans is made of, for putting back a kanji slip
# (任程 for 認定: bot/core/slips.py); the plans' own words come from the knowledge.
FIELD_TERMS = ("認定", "計画", "変更", "期間", "概要", "連携", "終了", "開始", "内容", "担当",
               "電話", "住所", "番号", "地域", "再生", "一覧", "最初", "最後", "最新", "問合",
               "何回", "何年", "年度", "終わり", "始まり", "参加", "事業", "目的")  # fmt: skip
# The English words questions are made of, for putting right one typed a letter off
# (certifed, runing: bot/core/spelling.py); the plans' own words come from the knowledge.
ENGLISH_WORDS = frozenset(
    [
        # (real words one letter off a field word, never to be "put right": charge, chance)
        "charge", "charged", "chance", "person", "people",
        "which", "where", "when", "what", "whose", "about", "after", "before", "since", "until",
        "still", "today", "tomorrow", "yesterday", "certified", "certify", "certification",
        "approved", "approval", "authorised", "authorized", "recognised", "running", "active",
        "ongoing", "ended", "finished", "expired", "expire", "started", "start", "starts", "began",
        "begin", "period", "duration", "length", "longest", "shortest", "longer", "shorter",
        "earliest", "latest", "newest", "oldest", "first", "changed", "change", "changes",
        "amended", "amendment", "amendments", "revised", "revision", "modified", "updated",
        "partner", "partners", "municipality", "municipalities", "towns", "cities", "together",
        "joint", "jointly", "summary", "outline", "contents", "content", "purpose", "about",
        "contact", "phone", "number", "address", "email", "office", "department", "division",
        "section", "strategy", "policy", "plans", "round", "rounds", "total", "count", "number",
        "many", "years", "months", "weeks", "days", "anniversary", "between", "during", "there",
        "their", "these", "those", "other", "others", "please", "could", "would", "should", "tell",
        "show", "give", "explain", "list", "every", "each", "already", "currently", "happen",
        "happened", "anything", "something", "nothing", "regional", "revitalization",
        "revitalisation", "scheme", "system", "government", "cabinet", "minister", "prime",
        "japanese", "english", "answer",
        "question", "again", "same", "different",
    ]
)  # fmt: skip
# "they", 「それら」「その2つ」: the plans of the list just given
_THEY = [r"\b(?:they|them|those plans|these plans|both of them)\b", r"それら", r"これら"]
THEY = _compile([*_THEY, r"(?:その|この)(?:[2-6二三四五六]つ|[2-6二三四五六]件|両方|ふたつ)"])
# 「マッチングサイトのURL」「専門家の名前」「ホールの定員」: a thing's detail, asked as such
ATTRIBUTE_OF = compile_guarded(
    r"の(?P<attr>url|ユーアールエル|アドレス|ホームページ|名前|氏名|人数|定員|広さ|面積|料金|利用料"
    r"|費用|金額|電話番号|予算|[一-龥]{1,3}費)(?=[^一-龥ァ-ヺ]|教|知|$)"  # 「建設費」「事業費」
)
# a body in general, named by whatever name a summary quotes (「中心になる組織の名前」)
BODIES = frozenset({"組織", "団体", "法人", "機関", "会社", "事業者", "主体", "施設", "拠点"})
# 「観光客は去年何人?」"How many tourists visited…": a figure of the city, which no plan
# gives (not "how many plans / times / towns")
STATISTIC = _compile([
    r"\bhow many (?!plans?\b|projects?\b|times\b|years?\b|months?\b|days?\b|weeks?\b"
    r"|municipalit|towns?\b|cities\b|partners?\b|changes\b|amendments?\b|revisions?\b"
    r"|rounds?\b|of\b|are\b|were\b|is\b|in total\b|altogether\b|did\b|does\b|has\b|have\b)[a-z]+",
    r"何人|何名|人数|来場者数|観光客数|入込客|利用者数",
])  # fmt: skip
# 「おすすめのラーメン屋」"the best ramen shop": a recommendation, no question of a plan
RECOMMENDATION = _compile([r"おすすめ", r"お勧め", r"お薦め", r"美味し", r"おいし", r"うまい店",
                           r"\bbest (?!way\b)", r"\brecommend", r"\bdelicious\b", r"\btasty\b",
                           # "a good ramen place near the station"
                           r"\b(?:good|nice|great|decent|cheap) (?:[a-z]+ )?(?:place|shop"
                           r"|restaurant|spot|cafe|bar|hotel|inn|hospital|clinic|doctor|dentist)s?\b"])
# 「市の計画とかは関係ないんですけど」: the writer says it is not about the plans
NOT_ABOUT_PLANS = _compile([
    r"計画(?:とか|など|なんか|の話)?(?:は|と|とは|には)?(?:関係|かんけい)(?:ない|なく|ありません)",
    r"\b(?:nothing|not) (?:to do )?with (?:the|your|these) plans\b"])
# 「和暦だと?」: the era form, which every answer gives
WAREKI = _compile([r"和暦", r"元号", r"われき", r"令和で", r"平成で"])
# 「英語で」「英語でお願いします」: answer (again) in English
IN_ENGLISH = _compile([r"英語で", r"えいごで", r"\bin english\b"])
PLAN_WORD = _compile(
    [r"計画", r"けいかく", r"プロジェクト", r"事業(?![者所主])", r"\bplan", r"\bproject",
     # 「観光局のやつ」「副業のヤツは?」: what people call a plan in passing
     r"(?<=の)(?:やつ|ヤツ|奴|やづ)"]
)
# 「平成29年5月30日って、何の日?」「…には何が行われましたか」: whatever happened
_WHATEVER_HAPPENED = [
    r"(?:何|なん)の日",
    r"何が(?:行われ|おこなわれ|起き|起こ)",
]
# 「平成31年3月29日に何があった?」: any event of a plan on that date
EVENT = _compile(
    [
        *_WHATEVER_HAPPENED,
        r"何(?:が|か)(?:あった|ありました|起き)",
        r"なに(?:が|か)(?:あった|ありました)",
        r"出来事",
        r"(?:起き|起こっ|おき|あっ)たこと",  # 「令和2年3月30日に起きたことを全部」
        # 「いくつの計画に関係する日付」
        r"(?:に|と)(?:関係|関連|関わり|かかわり|関わ)(?:する|した|のある|がある)(?:日付|日)",
        r"の動き",
        r"何か動き",
        r"どんなこと",
        r"what (?:else )?happened",
        r"\bwhat (?:else )?happens?\b",  # "2020 March 30, what happen that day?"
        r"anything (?:else )?happen",
    ]
)
# 「認定されたのは5件で合ってる?」「全部で6つだよね?」: a count given, to confirm
COUNT_CLAIM = compile_guarded(
    r"(?P<n>\d{1,3}|[一二三四五六七八九十])(?:件|つ|個|計画)"
    # 「計画が2つあるのは合ってる?」「…は3つ?」
    r"(?:(?:ある|あった|あります)(?:の|ん)?(?:は|って|で)?|で|って|だって|だけ)?"
    r"(?:合って|あって|正しい|間違いな|ですよね|だよね|でいい|ですか|なの|だっけ|かな|本当|[?？]$)"
    r"|\b(?:is it|are there|there are|there were) (?P<en>\d{1,3}) plans\b"
)
# 「市の花って何?」: a symbol of the city (one kanji, which a plan's name never is)
CITY_SYMBOL = compile_guarded(
    r"(?:市|町|村)の(?:花|木|鳥|歌|旗|章|魚|虫|色)(?=って|[はがもをの?、。\s]|$)"
)
# 「DMOプランのサーティフィケーションデートは?」: English said in katakana. A katakana
# run made wholly of these words is read as the English words (others, such as
# パラレルワーク or ハイパー, stay as written).
KATAKANA_ENGLISH = {
    "サーティフィケーション": "certification", "サーティフィケイション": "certification",
    "サーティファイ": "certified", "サーティファイド": "certified",
    "サーティフィケート": "certificate",
    "チェンジ": "change", "チェンジド": "changed", "デート": "date", "エンド": "end",
    "ラスト": "last", "ファースト": "first", "オール": "all", "リスト": "list",
    "リストアップ": "list", "マーチ": "March", "プラン": "plan", "プランズ": "plans",
    "セイム": "same", "ピリオド": "period", "リバイタリゼーション": "revitalization",
    "シティ": "city", "ラウンド": "round", "パートナー": "partner", "サマリー": "summary",
    "シックスインダストリー": "sixth industry", "インダストリー": "industry",
}  # fmt: skip
# 「遅い順に3つ教えて」「上位2件」"the top 3": the first so many of a sorted list
TOP_N = compile_guarded(
    r"(?:上位|上から|トップ)?(?P<n>\d|[一二三四五六七八九])(?:つ|件|個|計画)(?:だけ)?"
    r"(?=\s*(?:を|だけ)?\s*(?:教え|挙げ|あげ|出し|並べ|ください|お願い|知りたい|$))"
    r"|\btop (?P<en>\d)\b"
)
# 「第50回台」: the rounds 50 to 59
ROUND_DECADE = compile_guarded(r"第?([1-9])0回(?:台|代)")
# 「2020年から2022年の間」: between two years, both included
YEAR_SPAN_JOIN = compile_guarded(r"^\s*(?:から|より|~|〜|-|–|to|through|until)\s*$")
# 「12月に認定された」: a month of any year
BARE_MONTH = compile_guarded(r"(?<![0-9年/.-])(1[0-2]|[1-9])月(?![0-9日])(?=に|の|中|で|ごろ|頃)")
_MONTH_NAMES = (r"(january|february|march|april|may|june|july|august|september|october"
                r"|november|december)")
# "certified in March"; 「マーチに」 (a month said in katakana, read as English)
BARE_MONTH_EN = compile_guarded(
    r"\b(?:in|during) " + _MONTH_NAMES + r"\b(?!\s*,?\s*\d)|\b" + _MONTH_NAMES + r"\s*に"
)
DATE_ROLES: list[tuple[Words, str]] = [
    # 「…に認定または変更された」: either
    (_compile([r"認定(?:または|や|か|と|・|、)変更", r"変更(?:または|や|か|と|・|、)認定",
               r"認定(?:でも|も)変更", r"変更(?:でも|も)認定",  # 「認定でも変更でも」
               r"日付が(?:出て|でて|登場|使われ|載って)",  # 「その日付が出てくる計画」
               r"認定されたり", r"変更されたり",  # 「認定されたり変更されたりした」
               *_WHATEVER_HAPPENED, r"何(?:を|か)(?:した|やった)"]),
     "any"),
    (_compile([r"^(?:度)?中?(?:に|の|で)?認定", r"\bcertif"]), "certified"),
    (_compile([r"変更", r"\bchang", r"\bamm?end"]), "changed"),
    (_compile([r"まで", r"終わ", r"終了", r"満了", r"切れ", r"期限", r"\bend", r"\buntil",
               r"\bexpir", r"\bdeadline"]),
     "ends"),
    (_compile([r"から(?!.*認定)", r"開始", r"始ま", r"\bstart", r"\bbegin"]), "starts"),
    (
        _compile(
            [
                r"実施中",
                r"時点",
                r"当時",
                r"期間中",
                r"期間内",
                r"期間の(?:中|うち)",
                r"行われ",
                r"やって",
                r"残って",  # 「2023年4月以降も計画期間が残っていた」
                r"続いて",
                r"^(?:度)?中(?:に|で|は|も)",  # 「2021年度中に計画期間があった」
                r"期間が(?:あ|有)",
                r"有効",
                r"\bduring",
                r"\bin effect",
                r"\bin force",
                r"\b(?:active|ongoing|running|valid)\b",
            ]
        ),
        "running",
    ),
]

# The day a date is said of, named just before it: 「終わりが令和に」「認定日が2019年」.
ROLE_BEFORE_DATE: list[tuple[Words, str]] = [
    (_compile([r"(?:終わり|おわり|終了日?|満了日?|終期|最終日|最後の日|終わりの日|期限)(?:が|は|も)\s?$"]),
     "ends"),
    (_compile([r"(?:始まり|はじまり|開始日?|始期)(?:が|は|も)\s?$"]), "starts"),
    (_compile([r"変更日?(?:が|は|も)\s?$"]), "changed"),
    (_compile([r"認定日?(?:が|は|も)\s?$"]), "certified"),
]

# -- the scheme, social talk, hand-off -------------------------------------------------

# 「何という法律に基づいているの?」「何法?」: the law, which the scheme answer names
LAW = _compile([r"法律", r"何法", r"なにほう", r"根拠法", r"法に基づ", r"\bstatute", r"\blaw\b",
                r"\blegal basis\b", r"\bact\b(?! on)"])  # fmt: skip

SCHEME = _compile(
    [
        r"地域再生制度",
        r"地域再生法",
        r"(?:何|なん)という法律", r"法律", r"根拠法", r"\bwhich law\b", r"\blaw\b",
        r"ちいきさいせい(?:せいど|ほう|とは|って)",
        r"首相",
        r"総理大臣",
        r"制度",
        r"地域再生(?:計画)?(?:とは|って)",
        r"地域再生計画(?:は|が)?何",
        r"(?:誰|だれ|どこ)が.{0,8}認定",
        r"認定.{0,8}(?:誰|だれ|どなた|どこ(?:が|の機関))",
        r"\bwho (?:actually |really |exactly )?(?:certif(?:y|ies|ied)|approves?|approved)\b",
        # "who do the certification of these plan?": who, in plainer English
        r"\bwho (?:does|do|did|gives?|gave|makes?|made) (?:the )?(?:certification|approval)",
        r"\bwho (?:is|was) (?:the )?(?:certifier|approver)",
        r"(?:誰|だれ|どこ)の認定",
        r"認定するのは",
        r"認定したのは",
        r"認定(?:する|した)?(?:のは|機関|者)",
        r"認定(?:とは|って何|ってなに)",
        # 「「認定」ってどういう意味」「認定の意味を子どもにもわかるように」
        r"認定」?(?:って|とは|の)(?:どういう|どんな)?(?:意味|こと)",
        r"\bwhat (?:does|is) (?:the )?(?:word )?\W?(?:certified|certification)\W? mean",
        r"内閣",
        r"総理",
        r"根拠",
        r"法律",
        r"(?:制度|地域再生)の?仕組み",  # (a plan's own 仕組み is in its summary)
        r"しくみ",
        r"regional revitalization(?: plans?| scheme| system| act| law)?",
        r"\bscheme",
        r"who certif",
        r"\blaw\b",
    ]
)
SOCIAL: dict[Social, Words] = {
    Social.THANKS: _compile(
        [
            r"ありがと",
            r"有難",
            r"有り難",
            r"助かり",
            r"助かった",
            r"感謝",
            r"サンキュー",
            r"\bthanks?\b",
            r"thank you",
        ]
    ),
    Social.HELP: _compile(
        [
            # the bot's own use, not 「中に何ができる?」「災害時にどう使われる?」
            r"^(?:この|その)?(?:ボット|bot|チャット|これ)?(?:は|で|って)?(?:何|なに)ができ",
            r"何を聞け",
            r"何が聞け",
            r"何を質問",
            r"何について",
            r"使い方",
            r"つかいかた",
            r"ヘルプ",
            r"\bhelp\b",
            r"できること",
            r"質問の仕方",
            r"^(?:この|その)?(?:ボット|bot|チャット|これ)?(?:は|って|を)?どう使",
            r"何を聞いたら",
            r"what can you",
            r"how do i use",
        ]
    ),
    Social.BYE: _compile(
        [
            r"さようなら",
            r"さよなら",
            r"またね",
            r"バイバイ",
            r"失礼します",
            r"\bbye\b",
            r"good ?bye",
        ]
    ),
    Social.GREETING: _compile(
        [
            r"こんにちは",
            r"こんにちわ",
            r"こんばんは",
            r"こんばんわ",
            r"おはよう",
            r"はじめまして",
            r"初めまして",
            r"よろしく",
            r"宜しく",
            r"もしもし",
            r"^やあ",
            r"^hello",
            r"^hi\b",
            r"^hey\b",
            r"^good (?:morning|afternoon|evening)",
            r"^どうも$",
        ]
    ),
}
HANDOFF = _compile(
    [
        r"担当者(?:と|に|へ)",
        r"職員(?:と|に|さん)",
        r"人と話",
        r"人間と",
        r"オペレーター",
        r"有人",
        r"問い合わせ(?:したい|する|たい)",
        r"問い合わせを(?:したい|お願い)",
        r"質問を(?:伝え|送)",
        r"取り?次",
        r"\b(?:human|staff|operator)\b",
    ]
)
# Words that only ask for the hand-off; what is left after them is the question.
HANDOFF_WORDS = compile_guarded(
    normalize_pattern(
        r"担当者?(?:の方)?(?:と|に|へ)?|職員(?:さん)?(?:と|に)?|人と|話(?:し)?たい(?:です)?|"
        r"問い?合わ?せ(?:を)?(?:し)?たい(?:です)?|問い?合わ?せる|お願いします|ください|質問を?|"
        r"伝えて|送って|繋いで|つないで|(?:です|ます)?[。、!?]"
    )
)
# Answers to 「送信してよろしいですか」, typed or from the buttons.
CONFIRM_YES = compile_guarded(
    normalize_pattern(
        r"^(?:送信|送って|おくって|はい|お願いします|おねがいします|ok|yes|了解|確定)"
    )
)
CONFIRM_NO = compile_guarded(
    normalize_pattern(r"^(?:やめ|止め|キャンセル|いいえ|いや|no\b|cancel|取り?消)")
)
# The draft a 送信する / やめる button was shown for: 「送信する #3f2a9c」.
BUTTON_TOKEN = compile_guarded(r"#([0-9a-f]{6})\s*$")
BACK_TO_BOT = _compile([r"ボットに戻る", r"ぼっとにもどる", r"ボットに戻", r"自動応答に戻"])

# The message is about the plan under discussion.
# 「もう一つの方は?」 after choosing among candidates: the one not chosen.
OTHER = _compile(
    [r"もう(?:一つ|ひとつ|1つ|片方|一方)", r"(?:他|ほか)の(?:方|ほう)", r"残りの", r"\bthe other\b"]
)
# 「2市2町」 names the partners even inside a plan's alias.
PARTNER_COUNT = compile_guarded(r"\d市\d町")
# 「…として載っている計画、あれが…」: a pronoun taking up the phrase just said
RESUMPTIVE = compile_guarded(r"(?:計画|やつ|もの|の)[、,]\s?(?:あれ|それ|これ)(?:が|は|って|の|を)")
REFERS_BACK = _compile(
    [
        # (not 「このページには計画がいくつ」: the page, not the plan discussed)
        r"^(?:その|この|あの|同じ)(?!ページ|サイト|ホームページ|hp|web)(?:計画|プロジェクト|事業)?",
        r"(?:その|この|同じ)計画",
        # (not the end of another compound: 基本計画, 共同事業)
        r"(?<![一-龥])(?:同|当該|本|該当の|上記の?)(?:計画|事業)",
        r"(?<!名)前の(?:質問の|話の)?計画",  # (not 「何という名前の計画」)
        r"さっきの計画",
        r"それ(?:は|の|って|で|が|も|、|,)",
        r"そこ(?:に|で|は|の|って)",  # the place under discussion (its facility)
        r"(?:その|この)(?:施設|建物)",
        r"^そっち",
        r"^こっち",
        # (not 「(認定じゃなくて)変更のほう」: a field picked, not a plan)
        # (nor 「ページの下のほうに」: a place on the page)
        r"(?<!変更|認定|期間|終了|開始|概要)(?<![上下前後右左奥])のほう(?:は|の|が)?",
        r"(?<!変更|認定|期間|終了|開始|概要)の方(?:は|の)",
        r"\bthat plan",
        r"\bthis plan",
        *_THEY,  # "Were they amended?"「それらの期間は?」
        r"^(?:and|what about)\b",
        r"\bits?\b",  # "Could you tell me its period?"
    ]
)
# A whole request stands on its own (「認定日を教えて」); an elliptic 「期間は?」 or a
# continuing 「概要も」 follows the conversation.
REQUEST = _compile(
    [
        r"教えて",
        r"おしえて",
        r"知りたい",
        r"しりたい",
        r"ください",
        r"下さい",
        r"お願い",
        r"調べ",
        r"ちょうだい",  # 「一覧ちょうだい」
        r"ちょーだい",
        r"頂戴",
        r"聞きたい",
        r"添えて", r"付け加えて", r"付けて", r"含めて",  # 「期間も添えて」: and that field too
        r"\btell me\b",
        r"\bplease\b",
    ]
)
CONTINUATION = _compile(
    [
        r"も(?:添えて|付け加えて|付けて|つけて|含めて|入れて|足して)",
        r"も聞かれて",  # 「…のかも聞かれてる」: the caller's next question
        r"^(?:じゃあ|では|それで|あと|ちなみに|それと|ついでに|それから|つまり|要するに|逆に|反対に"
        r"|ほんで|ほな|んで|んだら|んだば|そんなら)",
        r"も(?:教えて|知りたい|\?|$)",
        r"\balso\b",
        r"(?:^|[.!?]\s)and\b",  # "Righto. And the one with …?"
        r"(?:^|[.!?]\s)what about\b",
    ]
)
CHOICE = compile_guarded(
    r"^\s*(?:第)?([1-9])\s*(?:番目?|つ目|個目|\.|:|)?\s*(?:の(?:計画|方|ほう))?\s*(?:で(?:す|お願いします)?)?\s*$"
)

# 「一番下の計画」「一番下にある計画」「一番上に載ってる計画」
_PLACED = r"(?:の|にある|に(?:載|の)って(?:いる|る)|に掲載されて(?:いる|る)|に書かれて(?:いる|る))"
# 「2つ目の計画は?」 "When did the second one end?": one of the plans just answered
ORDINAL_PICK = compile_guarded(
    r"(?P<former>前者|前の(?:ほう|方))|(?P<latter>後者|後の(?:ほう|方)|あとの(?:ほう|方))"
    r"|\bthe (?P<en_former>former)\b|\bthe (?P<en_latter>latter)\b|"
    r"(?:(?<!\d)(?P<n>[1-9])|(?P<k>[一二三四五六七八九]))(?:つ目|番目|個目)(?:の(?:計画|方|ほう|やつ))?"
    r"|\bthe (?P<en>first|second|third|fourth|fifth|sixth) (?:one|plan)\b"
    # 「最後のやつ」「一番下の計画」 the last of them; 「その一つ前」「その次」 one step
    r"|(?P<last>(?:最後|さいご|一番下|いちばん下)" + _PLACED + r"(?:やつ|計画|もの|方|ほう|奴))"
    r"|(?P<top>(?:一番上|いちばん上|先頭)" + _PLACED + r"(?:やつ|計画|もの|方|ほう|奴))"
    r"|\bthe last (?:one|plan)\b"
    r"|(?P<before>その(?:一つ|ひとつ|1つ)(?:前|上))|(?P<next>その(?:一つ|ひとつ|1つ)(?:後|あと|下)|その次)"
)
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth")
# 「2回目の変更はいつ?」 "the third change": one of a plan's changes, by its place
NTH_CHANGE = compile_guarded(
    r"(?:(?<!\d)(?P<n>[1-9])|(?P<k>[一二三四五六七八九]))(?:回目|番目|つ目|度目)の?(?:変更|へんこう)"
    r"|\bthe (?P<en>second|third|fourth|fifth) (?:change|amendment)\b"
)
# 「2番目に認定された計画」「上から3番目に載ってる計画」「新しい方から2つ目」: a place in an
# order, which the verb after it (認定, 終わ, 始ま, 載って) or 上から names
NTH = compile_guarded(
    r"(?:(?P<from>新しい|遅い|後の?|最近の?|古い|早い|前の?|上|下)(?:方|ほう)?から)?"
    r"(?:(?<!\d)(?P<n>[1-9]|1\d)|(?P<k>[一二三四五六七八九十]))(?:番目|つ目|個目|件目)"
    r"(?:に|の)?(?:早く|古く|新しく|遅く)?(?P<verb>認定|終わ|終了|始ま|開始|載|掲載|出て|書いて|書かれ"
    # 「2番目に長いのは?」「2番目に古い計画」: the adjective names the order
    r"|長い|長か|短い|短か|古い|新しい|早い|遅い)?"
    r"|\b(?P<en>second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th)\b[^.?]{0,30}?"
    r"\b(?P<enverb>certified|approved|ended|to end|started|to start|listed)"
)
# A clerk passing on what a resident asked: 「以下の問い合わせへの回答案を」「…と追加の
# 質問がありました」「…と聞かれました」
RELAYED = compile_guarded(
    r"回答案|返答案|返信案|答え方|(?:質問|問い合わせ|問合せ|相談|電話)が(?:ありました|来ました|きました)"
    r"|と(?:聞かれ|尋ねられ|質問され)|(?:住民|市民|方)から"
    # 「リスナーさんから「…?」というお便りをいただきました」: a letter or a call quoted
    r"|」(?:という|って|との|と)(?:ご|お)?(?:便り|たより|メール|めーる|メッセージ|めっせーじ|声"
    r"|投稿|投書|質問|問い合わせ|問合せ|相談|電話|連絡|ＬＩＮＥ|LINE|line)"
)
# 「…って書いてある?」: what the page or a summary says, not a place's address
WRITTEN = _compile([r"書いて(?:ある|あり|る)", r"書かれて", r"記載(?:されて|が)"])
# 「概要に「舟運」という言葉が出てくる計画」「観光って言葉が入ってる計画」: a word
# looked for as written in the summaries
WORD_IN_SUMMARY = compile_guarded(
    r"(?:「(?P<quoted>[^」]{1,20})」|(?P<bare>[一-龥ぁ-ゖーa-z0-9]{1,12}?)(?:って|という|と))"
    r"(?:という|って|と(?:いう|いった))?(?:言葉|ことば|単語|語句|語|わーど|文字|きーわーど)"
    r"(?=.{0,12}(?:出て|でて|含ま|使わ|使って|載って|のって|入って|はいって|書かれ|書いて|ある))"
    r"|\bthe (?:word|term) [\"']?(?P<en>[a-z][a-z ]{1,20}?)[\"']? (?:appear|is used|is in)"
    # 「概要に「移住」が出てくる計画」「「舟運」が出てくるのは」: a quoted word, said to appear
    r"|(?:概要|説明|本文)(?:に|で|の中に|のなか)[^「]{0,4}「(?P<inner>[^」]{1,20})」"
    r"(?=(?:が|って|という|は)?.{0,8}(?:出て|でて|含ま|使わ|載って|のって|入って|書かれ|書いて|ある))"
    r"|「(?P<appears>[^」]{1,20})」(?:が|って|という言葉が)?(?:出て|でて)く"
)
# 「名前に「長井市」が入っている計画」「「山の港町」ってつく計画」「名前が「プロジェクト」に
# なってる」: a word looked for in the plans' names
WORD_IN_TITLE = compile_guarded(
    r"(?:名前|名称|計画名|題名|たいとる|ネーム|件名)(?:に|が|の中に|のなか|で)?[^「]{0,4}"
    r"「(?P<quoted>[^」]{1,20})」"
    r"|「(?P<tagged>[^」]{1,20})」(?:って|と|が|の|を)?(?:つく(?!る|り|っ)|付く|ついて|付いて|つけ|で(?:終わ|始ま)"
    r"|から始ま|冠し|冠す|冠る|含む|名乗)"  # 「「山の港町」を冠した計画」
    r"|\b(?:name|title)s? (?:contains?|with|includes?|has) [\"'](?P<en>[^\"']{1,20})[\"']"
    # 「「山の港町」が名前に入っている計画」
    r"|「(?P<named>[^」]{1,20})」(?:が|って|の|は)?(?:名前|名称|計画名|題名|たいとる)(?:に|の中に)"
    r"(?=.{0,4}(?:入|はい|含ま|つ|付|あ))"
)
# 「古い順に並べて」「期間の長い順」"newest first": a list sorted; the word before 順
# says the order, a verb near it (終わ, 始ま) which day
SORTED = compile_guarded(
    r"(?P<ja>古い|早い|新しい|遅い|長い|短い|多い|少ない|若い)(?:もの|方|ほう)?(?:順|じゅん)"
    r"|(?P<asc>日付|年代|時系列|時間)順|順番に|順に並べ"
    r"|\b(?P<en>oldest|earliest|newest|latest|longest|shortest|most changed) first\b"
    r"|\bin (?:chronological|date) order\b|\bsorted by date\b"
)
# 「ページでいちばん上に載っている計画」「最後に載っている」: the first or last on the page
PAGE_END = compile_guarded(
    r"(?:いちばん|一番|最も)(?P<top>上|下)に(?:載|のって|掲載|出て|書)"
    r"|(?P<first>最初|先頭|トップ)に(?:載|のって|掲載|出て)"
    r"|(?P<last>最後|末尾|いちばん最後)に(?:載(?!せ)|のって|掲載|出て)"  # (not 回答の最後に載せる)
)
# 「このページで一番下にある計画」: a place in the page's order, whatever list came before
ON_THE_PAGE = _compile(
    [r"(?:ページ|ホームページ|サイト)(?:で|の|に|上|内)", r"掲載順", r"載って(?:いる|る)順",
     r"計画の(?:下|上)に(?:※|書|載|ある)"]  # 「2番目の計画の下に※で書いてある」
)
# 「パラレルワークの計画は何番目に認定された?」: a plan's place in an order
RANK = compile_guarded(
    r"(?:何|なん)(?:番目|つ目|個目|件目)(?:に|の)?(?:早く|古く|新しく|遅く)?"
    r"(?P<verb>認定|終わ|終了|始ま|開始|載|掲載)?"
)

# 「（祖父）」「（孫注：…）」「（母の質問です）」: who asks or writes, in brackets
SPEAKER_LABEL = compile_guarded(
    r"^(?:お?じい(?:ちゃん|さん)|お?ばあ(?:ちゃん|さん)|じっちゃん|ばっちゃん|祖父|祖母|孫|父|母"
    r"|夫|妻|主人|家内|息子|娘|兄|姉|弟|妹|本人|筆者|記者|編集部?|私|わたし)"
    r"(?:注|より|から|談|の(?:質問|疑問|言葉|話)(?:です|でした)?|が(?:言う|聞く|聞いて)には?)?"
    r"\s*[:：、,]?\s*"
)
# a remark in brackets, said rather than asked: 「（令和は2019年5月からですよね）」
REMARK_END = compile_guarded(
    r"(?:です|ですよね|ですね|よね|だよね|だよ|だね|ます|ました|ません|でしょう|かも|かもしれません"
    r"|らしい|らしいです|と思います|と思う|とのこと|そうです)[。.!！]?$"
)

# -- words that name no plan: removed before fuzzy matching ------------------------------

NOISE = _compile(
    [
        # 「ということは、…」「ってことは」: a follow-up's opening, no thing asked
        r"^(?:と|って)いうことは",
        r"^ってことは",
        # generic nouns of this domain
        r"地域再生計画",
        r"地域再生",
        r"計画",
        r"けいかく",
        r"プロジェクト",
        r"事業(?![者所主])",
        r"市の",
        r"うちの",
        r"のうち",  # 「連携先のうち…だけ」: among them
        # what the asker writes it for (「レポートに書きたい」「自由研究で」): no plan's word
        r"(?:れぽーと|論文|作文|自由研究|宿題|課題|議事録)(?:用|の?ため)?(?:に|で|を)?"
        r"(?:書き(?:たい|ます)|使い(?:たい|ます)|まとめ(?:たい|ます))?",
        # a clerk answering a caller: 「計画期間も添えて返したい」「…も聞かれてる」
        r"(?:返し|返信し|回答し|答え|伝え)(?:たい|ます|ておきます)",
        r"(?:と|って)?も?(?:聞かれて(?:る|いる|います|ます)|聞かれました|尋ねられ(?:て(?:る|いる|います)|ました))",
        # 「こういう計画」「そんな計画」: pointing at plans, naming none
        r"(?:こう|そう|ああ|こういっ|そういっ)(?:いう|いった)|(?:こんな|そんな|あんな)(?=.)",
        # question words and endings
        # hearsay put to the bot to confirm: 「…って聞いたんだけど本当?」
        r"(?:って|と)(?:聞いた|きいた|聞きました|言われた|書いてあった)(?:ん|の)?(?:だ|です)?(?:けど|が)",
        r"(?:本当|ほんと|ホント)(?:う)?(?:です|なん)?(?:か|に)?",
        r"で(?:合って|あって)(?:い)?(?:ます|る)",
        r"詳しい",
        r"詳しく",
        r"いちばん",
        r"一番(?!目)",
        r"(?:されて|して)?(?:いれば|いたら|あれば)",  # 「されていれば変更日も」
        # 「しごとを ふくぎょうで する」: work in general, not しごと創出 by a part of its name
        r"(?:しごと|仕事)(?!創出|そうしゅつ|を?創)",
        # 「概要を簡単に」「一言で」: how short, not what
        r"(?:簡単|かんたん|手短|てみじか)に",
        r"ざっくり(?:と)?",
        r"一言(?:で|ずつ)",
        r"ひとことで",
        r"要約(?:して)?",
        r"続いた(?=の|もの|計画)",
        # a letter's courtesies around the question (「ご回答ありがとうございます。追加で
        # 恐縮ですが、…もお教えいただけますか」)
        r"ご?回答(?:を)?(?:ありがとうございま(?:す|した)|いただき[^。、]{0,12})",
        r"(?:追加で|重ねて|たびたび|度々)?(?:恐縮|恐れ入り)(?:です|ます)?が",
        r"お教え(?:いただけ(?:ます|ません)?か|ください|願えますか|いただきたく)?",
        r"ご教示(?:いただけ(?:ます|ません)?か|ください|願います|いただきたく)?",
        r"(?:(?<=自治体)|(?<=市町村)|(?<=市町))名",
        r"について",
        r"とは",
        r"って何",
        r"ってなに",
        r"って",
        r"教えて(?:ください|下さい|くれ|ほしい)?",
        r"おしえて(?:ください|下さい|くれ|ほしい)?",
        r"(?:に)?(?:関係|関連)(?:する|している|がある|のある)",
        r"に関する",
        r"に関わる",
        r"知りたい(?:です)?",
        r"お願い(?:します)?",
        r"ください",
        r"下さい",
        r"でしょうか",
        r"ですか",
        r"ますか",
        r"ですが",
        r"なんですか",
        r"なのですか",
        r"なの",
        r"なん",
        r"何",
        r"なに",
        r"いつ",
        r"どこ",
        r"どれ",
        r"だれ",
        r"誰",
        r"どう",
        r"どの",
        r"どんな",
        r"どのような",
        r"どういう",
        r"ありますか",
        r"あります",
        r"ある",
        r"されました",
        r"された",
        r"されて",
        r"される",
        r"しました",
        r"した",
        r"して",
        r"します",
        r"する",
        r"います",
        r"いる",
        r"ました",
        r"です",
        r"ます",
        r"だった",
        r"でした",
        r"だ",
        r"よね",
        r"の方",
        r"のほう",
        r"ほう",
        r"その",
        r"この",
        r"あの",
        r"それ",
        r"これ",
        r"もう",
        r"今",
        r"現在",
        r"回目",
        r"第\d+回",
        r"\d+回",
        r"日",
        r"年",
        r"月",
        r"(?:で)?ござい(?:ましょう|ます|ました)(?:でしょう)?か?",
        r"ござい",
        r"(?:いただけ|頂け)(?:ます|ません)?(?:でしょう)?か?",
        r"ましょう(?:か)?",
        r"でしょう",
        r"のうちに",
        r"最後の",
        r"最初の",
        r"最後に(?=変更|認定)",
        r"最初に(?=変更|認定)",
        r"うちに",
        r"になってから",
        r"以降",
        r"以前",
        # hiragana verb endings (ありましたか, しているの): no plan name ends like this
        r"[ぁ-ゖ]{0,4}(?:ました|ません|ます|でした|です|ている|ていた|てる|たい|ない|った)(?:か|が|よ|ね|の)?",
        # English
        r"\b(?:the|a|an|of|is|was|were|are|when|what|which|who|how|plan|plans|project|nagai|city|about"
        r"|tell|me|please|does|do|did|it|its|for|in|and|to|this|that|be|been|has|have|will|still|i|you"
        r"|can|could|would|on|date|dates|there|any|with|had|my|your|our|we|they|he|she|his|her"
        r"|someone|told|said|called|named|heard|know|want|wanted|like|so|much|very|just|also"
        r"|at|by|from|as|or|if|then|than|but|now|yet|ever|since|again|one|ones"
        # "Were both plans subsequently amended?" "their respective end dates"
        r"|both|their|respective|respectively|each|subsequently|later|afterwards|ever"
        # "Could you tell me its planned period?"
        r"|planned|scheduled|actually|exactly|kindly)\b",
        # punctuation
        r"[?!。、,.・「」『』()\[\]:;\"'~〜]",
    ]
)

# -- Okitama / Yamagata forms, read as standard Japanese before anything else ----------

# (dialect, standard) over the key (hiragana). Only endings and set phrases:
# a plan's name never contains them.
_DIALECT: list[tuple[str, str]] = [
    (r"ほが(?=に|の|は)", "ほか"),
    (r"おしょうしな", "ありがとう"),
    # Okitama voicing of t/k between vowels: 「いづまで」「何回変えだんだべ」「変えだの」
    (r"いづ(?=まで|から|頃|ごろ|だ|[?？]|$)", "いつ"),
    (r"(?<=変え|終わ|始ま|決ま|認め)だ(?=ん|の|っけ|べ|が|[?？]|$)", "た"),
    (r"(?<=変わっ|終わっ|始まっ)だ(?=ん|の|っけ|べ|[?？]|$)", "た"),
    # Kansai 「何すんねん」「何やねん」: what is it, what does it do
    (r"何すんねん", "何をするの"),
    (r"(?<=[^何])やねん(?=[?？]|$)", "なの"),
    # 「ちな第何回?」: ちなみに
    (r"^ちな(?=[^み])", "ちなみに"),
    (r"さいなら", "さようなら"),
    (r"あんのけ", "あるのか"),
    (r"あっけ(?=[?？]|$)", "あるか"),
    (r"(?<=[てで])けろ", "ください"),
    (r"教えで", "教えて"),
    (r"書いで", "書いて"),
    (r"さった", "された"),
    (r"さって", "されて"),
    (r"だべ(?=[?？。!]|$|な|か)", "でしょう"),
    (r"だず(?=[?？。!]|$|ね|な)", "です"),
    (r"なんだず", "なんですか"),
    (r"(?<=[るたいのだ])け(?=[?？]|$)", "か"),
    (r"んだがら", "だから"),
    (r"^んだ(?=[。、!]|$)", "そうです"),
    (r"ほんじゃ", "それでは"),
    (r"^ほんで", "それで"),
    (r"(?<=[てで])がら", "から"),
    (r"おしえで", "おしえて"),
    (r"くなんしぇ", "ください"),
    (r"(?<=[りき])でんだげど", "たいんだけど"),
    (r"だげど", "だけど"),
    (r"(?<=ん)だげんど", "だけど"),
    (r"げど(?=[、。 ]|$)", "けど"),
    (r"なんねん", "何年"),
    (r"なんぼ", "いくつ"),
    (r"いぐつ", "いくつ"),
    (r"あんの(?=[?？]|$| )", "あるの"),
    (r"建で", "建て"),
    (r"(?<=さ)れだ", "れた"),
    (r"だっけが(?=[ 。?？]|$)", "だっけか"),
    (r"(?<=った)べ(?=[?？。]|$)", "でしょう"),
    # clerks' era shorthand: H29 → 平成29年, R2.3.30 → 令和2年3月30日, 6次化PJ
    (r"(?<![a-z])r(\d{1,2})([./])(\d{1,2})\2(\d{1,2})(?!\d)", r"令和\1年\3月\4日"),
    (r"(?<![a-z])h(\d{1,2})([./])(\d{1,2})\2(\d{1,2})(?!\d)", r"平成\1年\3月\4日"),
    (r"(?<![a-z])r(\d{1,2})[./](\d{1,2})(?![\d./])", r"令和\1年\2月"),
    (r"(?<![a-z])h(\d{1,2})[./](\d{1,2})(?![\d./])", r"平成\1年\2月"),
    (r"(?<![a-z])r(\d{1,2})(?=年)", r"令和\1"),
    (r"(?<![a-z])h(\d{1,2})(?=年)", r"平成\1"),
    (r"(?<![a-z])r(\d{1,2})(?![\d年./a-z])", r"令和\1年"),
    (r"(?<![a-z])h(\d{1,2})(?![\d年./a-z])", r"平成\1年"),
    (r"(?<=[化計])pj(?![a-z])", "プロジェクト"),
    (r"変更有無", "変更の有無"),
    (r"すっとこ", "するところ"),
    (r"(?<=[とこ])なや(?=[?？]|$)", "なの"),
    (r"(?<=[るたい])んだが(?=[?？]|$)", "んですか"),
    (r"^ほしたら", "それなら"),
    (r"んだら", "それなら"),
    # Okitama voices a word's inner k, t (いつ → いづ, こと → ごど, 計画 → けいかぐ)
    (r"いづ(?=まで|から|頃|ころ|ごろ|の|に|だ|で|し|さ|[?？]|$)", "いつ"),
    (r"ぢ", "ち"),
    (r"けいかぐ", "けいかく"),
    (r"(?<=[のな])ごど", "こと"),
    (r"どご", "どこ"),
    (r"そご(?=さ|に|で|は|の)", "そこ"),
    (r"(?<=[そこど]こ)さ(?=[、,]|\s|行|逃|入|い)", "に"),
    (r"(?<=の)やづ", "やつ"),
    (r"聞ぎ", "聞き"),
    (r"新すい", "新しい"),
    (r"(?<=[げべ])らいる", "られる"),
    (r"(?<=[a-z]) ?& ?(?=[a-z])", " and "),
    # a child's all-kana spelling of the words that ask (あたらしく みとめられた)
    (r"(?<![ぁ-ゖ])おわ(?=っ|る|り|ら)", "終わ"),
    (r"(?<![ぁ-ゖ])はじま(?=っ|る|り|ら)", "始ま"),
    (r"(?:(?<=^)|(?<=\s)|(?<=あ))つぎに"
     r"(?=\s?(?:ふる|あたら|古|新|はや|早|おそ|遅|長|短|なが|みじか))", "次に"),
    (r"(?<!ながいし)ちいきさいせいけいかく", "地域再生計画"),
    # 「南陽市とかと一緒にやる」: a town "and the like", as one named
    (r"(?<=[市町村])とか(?=と|が|は|に|も|の|、)", ""),
    (r"(?<=[るた])やつ(?=[?？]$)", "の"),  # 「一緒にやるやつ?」 asks yes or no
    (r"あたらし(?=[くいか])", "新し"),
    (r"ふる(?=[くいか])(?!いっ)", "古"),
    (r"おそ(?=[くいか])", "遅"),
    (r"みとめられ", "認定され"),
    (r"みとめて", "認定して"),
    (r"(?:(?<=ばん)|(?<=番))\s?はじめに", "最初に"),
]
DIALECT: list[tuple[Words, str]] = [
    (compile_guarded(normalize_pattern(p)), normalize_pattern(s)) for p, s in _DIALECT
]


# A lookbehind (or ^) before the first letter, moved after it: the same matches
# (「(?<=X)だ」 is 「だ(?<=(?:X)だ)」), but a pattern that starts with its letter.
_LEADING_LOOKBEHIND = re.compile(
    r"(?P<look>\^|\(\?<[=!](?P<inner>(?:[^()\[\]\\]|\[[^\]\\()]*\])+)\))"
    r"(?P<letter>[^\\.^$*+?{}\[\]|()])(?![*+?{])"
)


def _letter_first(pattern: str) -> str:
    m = _LEADING_LOOKBEHIND.match(pattern)
    if m is None:
        return pattern
    letter, rest = m["letter"], pattern[m.end() :]
    if m["look"] == "^":
        return f"{letter}(?<=^{letter}){rest}"
    return f"{letter}{m['look'][:4]}(?:{m['inner']}){letter}){rest}"


def _dialect_detectors() -> list[Words]:
    """What decides whether a key holds a dialect form: one search over the forms
    that start with a letter (written so where they start with a lookbehind), which
    the regex engine scans for by those letters; one search each for the few others.
    (One alternation of all of them was ~25 µs a question: the lookbehinds first
    made the engine try every alternative at every position.)"""
    lettered, others = [], []
    for rx, _ in DIALECT:
        pattern = _letter_first(rx.pattern)
        (lettered if starts_with_a_letter(re.compile(pattern)) else others).append(pattern)
    combined = compile_guarded("|".join(f"(?:{p})" for p in lettered))
    return [combined, *(compile_guarded(p) for p in others)]


# Most questions hold no dialect form: a few searches decide whether to rewrite.
_DIALECT_DETECTORS = _dialect_detectors()


# Years said from today: 去年, 3年前の3月, 今年度, "two years ago". Rewritten as the
# year they are before parsing, so every date filter reads them.
_KANJI_COUNT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                "九": 9, "十": 10}  # fmt: skip
_JUBILEE_YEAR = compile_guarded(
    r"(\d{4})年(?:に|で|、|は)?\s?(?:認定(?:から)?\s?)?(\d{1,2}|[一二三四五六七八九十])周年"
)
_YEARS_OR_MORE_AGO = compile_guarded(
    r"(?<![\d年])(\d{1,2}|[一二三四五六七八九十])\s*年(?:以上|より)(?:も)?(?:前|まえ)"
)
_DAY_YEARS_AGO = compile_guarded(
    r"(?<![\d年])(\d{1,2}|[一二三四五六七八九十])\s*年前の(?:今日|きょう|今ごろ|今頃|いまごろ|この時期|同じ日)"
)
# (not 「5年前後」: about five years)
_YEARS_AGO = compile_guarded(
    r"(?<![\d年])(\d{1,2}|[一二三四五六七八九十])\s*年前(?!後)(?:の|に|まで)?"
)
_YEARS_AGO_EN = compile_guarded(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
                           r" years? ago\b", re.IGNORECASE)  # fmt: skip
_EN_COUNT = {w: n for n, w in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1)}
_RELATIVE_FISCAL = (("今年度", 0), ("本年度", 0), ("昨年度", -1), ("去年度", -1), ("前年度", -1),
                    ("来年度", 1))  # fmt: skip
_RELATIVE_YEAR = compile_guarded(
    r"(一昨年|おととし|去年|昨年|きょねん|今年(?=に|の|中|内|は|、|度)|来年)(?!度)"
)
_RELATIVE_EN = compile_guarded(r"\b(last year|this year|next year)\b", re.IGNORECASE)


_KANJI_YEAR = compile_guarded(r"([〇○一二三四五六七八九]{4})(?=\s*年)")
_KANJI_DIGIT = str.maketrans("〇○一二三四五六七八九", "00123456789")


# 「2016年の12月」: a month after its year, with の between
_YEAR_OF_MONTH = compile_guarded(
    r"(\d{1,4}|元)年の[、,]?\s*(?=(?:\d{1,2}|[一二三四五六七八九十]{1,3})月)"
)
# 「3月の、29日」 (said aloud, with fillers): the day after its month
_MONTH_OF_DAY = compile_guarded(
    r"((?:\d{1,2}|[一二三四五六七八九十]{1,3})月)(?:の[、,]?|[、,])\s*(?=(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)"
)


# 「第五十五回」「第三十六回」: a round in kanji numerals
_KANJI_ROUND = compile_guarded(r"第([一二三四五六七八九十百]{1,5})回")


def _kanji_number(kanji: str) -> int | None:
    """五十五 → 55, 四十 → 40, 百二 → 102, 十 → 10 (positional kanji up to 999)."""
    total, digit = 0, None
    for ch in kanji:
        if ch in "十百":
            total += (digit if digit is not None else 1) * (10 if ch == "十" else 100)
            digit = None
        elif digit is not None:
            return None  # 五五: not a positional numeral
        else:
            digit = "〇一二三四五六七八九".index(ch)
    return total + (digit or 0)


_SHORT_YEAR = re.compile(r"[’'‘`´]\s?([0-4]\d)\s?年")
_ERA_THEN_SLASH = re.compile(
    r"((?:令和|平成|(?<![A-Za-z])[RHＲＨrh])\s?\d{1,2}年?)の\s?(\d{1,2})/(\d{1,2})(?![\d/])"
)


def kanji_years(text: str) -> str:
    """「二〇一九年」 → 「2019年」: a Western year written digit by digit in kanji;
    「2016年の12月」 → 「2016年12月」; 「平成31年の3月の、29日」 → 「平成31年3月29日」;
    「第五十五回」 → 「第55回」."""
    text = _KANJI_YEAR.sub(lambda m: m.group(1).translate(_KANJI_DIGIT), text)
    # 「'16年の12月」「’20年」: a year by its last two digits
    text = _SHORT_YEAR.sub(lambda m: f"{2000 + int(m.group(1))}年", text)
    # 「R2の3/30」「令和2年の3/30」: an era year, then the month and day with a slash
    text = _ERA_THEN_SLASH.sub(lambda m: f"{m.group(1).removesuffix('年')}年{m.group(2)}月"
                               f"{m.group(3)}日", text)  # fmt: skip
    text = _KANJI_ROUND.sub(
        lambda m: f"第{n}回" if (n := _kanji_number(m.group(1))) else m.group(), text)
    return _MONTH_OF_DAY.sub(r"\1", _YEAR_OF_MONTH.sub(r"\1年", text))


def relative_years(text: str, today: dt.date) -> str:
    """「去年終わった計画」 → 「2025年終わった計画」 (today in 2026): a year said from
    today becomes its number; 今年度 becomes the fiscal year (April to March)."""
    if not re.search(r"年|year", text, re.IGNORECASE):
        return text
    fiscal = today.year if today.month >= 4 else today.year - 1
    for word, shift in _RELATIVE_FISCAL:
        text = text.replace(word, f"{fiscal + shift}年度")
    shifts = {"一昨年": -2, "おととし": -2, "去年": -1, "昨年": -1, "きょねん": -1, "今年": 0,
              "来年": 1}  # fmt: skip
    text = _RELATIVE_YEAR.sub(lambda m: f"{today.year + shifts[m.group(1)]}年", text)

    def ago(m: re.Match[str]) -> str:
        n = _KANJI_COUNT.get(m.group(1)) or int(m.group(1))
        tail = m.group()[len(m.group().rstrip("のにまで")):]
        return f"{today.year - n}年{tail if tail != 'の' else ''}"

    # 「3年前の今ごろ」「10年前の今日」: that very day
    text = _DAY_YEARS_AGO.sub(
        lambda m: f"{today.year - (_KANJI_COUNT.get(m.group(1)) or int(m.group(1)))}年"
        f"{today.month}月{today.day}日", text)
    # 「5年以上前に終わった」: on or before that day; 「3年以内に」 (ago): since it
    # 「今年、認定10周年を迎えた計画」: certified that many years before that year
    def jubilee(m: re.Match[str]) -> str:
        n = _KANJI_COUNT.get(m.group(2)) or int(m.group(2))
        return f"{int(m.group(1)) - n}年に認定され{m.group(2)}周年"

    text = _JUBILEE_YEAR.sub(jubilee, text)
    text = _YEARS_OR_MORE_AGO.sub(
        lambda m: f"{today.year - (_KANJI_COUNT.get(m.group(1)) or int(m.group(1)))}年"
        f"{today.month}月{today.day}日以前", text)
    text = _YEARS_AGO.sub(ago, text)
    english = {"last year": -1, "this year": 0, "next year": 1}
    text = _RELATIVE_EN.sub(lambda m: f"in {today.year + english[m.group(1).lower()]}", text)
    return _YEARS_AGO_EN.sub(
        lambda m: f"in {today.year - (_EN_COUNT.get(m.group(1).lower()) or int(m.group(1)))}",
        text,
    )


# Numbers, rounds and dates typed in kana (だいよんじゅっかい, れいわ6ねん3がつ31にち),
# as a child or a voice keyboard writes them
_KANA_DIGITS = {"いち": 1, "いっ": 1, "に": 2, "さん": 3, "よん": 4, "し": 4, "ご": 5,
                "ろく": 6, "ろっ": 6, "なな": 7, "しち": 7, "はち": 8, "はっ": 8, "きゅう": 9,
                "く": 9}  # fmt: skip
_KD = "|".join(sorted(_KANA_DIGITS, key=len, reverse=True))
_KANA_NUMBER = rf"(?:(?:{_KD})?(?:じゅう|じゅっ|じっ)(?:{_KD})?|(?:{_KD}))"
_KANA_ROUND = compile_guarded(rf"だい\s?({_KANA_NUMBER}|\d{{1,3}})\s?(?:かい|回)")
_KANA_ERA = compile_guarded(rf"(れいわ|へいせい|しょうわ)\s?({_KANA_NUMBER}|\d{{1,2}}|がん)\s?ねん")
_KANA_MONTH_DAY = compile_guarded(
    rf"(?<=年)\s?(\d{{1,2}}|{_KANA_NUMBER})\s?がつ(?:\s?(\d{{1,2}}|{_KANA_NUMBER})\s?にち)?"
)
_KANA_ERAS = {"れいわ": "令和", "へいせい": "平成", "しょうわ": "昭和"}


def _kana_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "がん":
        return 1
    m = re.fullmatch(rf"({_KD})?(じゅう|じゅっ|じっ)?({_KD})?", text)
    if m is None:
        return 0
    tens, ten, ones = m.groups()
    if ten:
        return (_KANA_DIGITS[tens] if tens else 1) * 10 + (_KANA_DIGITS[ones] if ones else 0)
    return _KANA_DIGITS.get(tens or ones or "", 0)


def kana_numbers(key: str) -> str:
    """「だいよんじゅっかい」 → 第40回, 「れいわ6ねん3がつ31にち」 → 令和6年3月31日."""
    if "かい" not in key and "ねん" not in key:
        return key
    key = _KANA_ROUND.sub(lambda m: f"第{_kana_number(m.group(1))}回", key)
    key = _KANA_ERA.sub(lambda m: f"{_KANA_ERAS[m.group(1)]}{_kana_number(m.group(2))}年", key)

    def month_day(m: re.Match[str]) -> str:
        day = f"{_kana_number(m.group(2))}日" if m.group(2) else ""
        return f"{_kana_number(m.group(1))}月{day}"

    return _KANA_MONTH_DAY.sub(month_day, key)


def standardize(key: str) -> str:
    """「今も続いてる計画ってあんのけ?」 → 「…あるのか?」"""
    key = kana_numbers(key)
    if not any(detector.search(key) for detector in _DIALECT_DETECTORS):
        return key
    for rx, standard in DIALECT:
        key = rx.sub(standard, key)
    return key


# A plan's fields as nouns: a thing asked of by one of these sounds (機関 for 期間)
# is the field, mistyped, not something the page leaves unsaid.
FIELD_NOUNS = (
    "期間", "認定", "変更", "終了", "開始", "概要", "連携", "担当", "満了", "終わり",
    "始まり", "日付", "日程", "期限", "年数", "回数",
)  # fmt: skip

# Nouns a question asks with (「どういう仕組みで」「具体的な方法」): never a thing the
# page leaves unsaid, though no summary says them
ASKING_NOUNS = frozenset(
    normalize_pattern(w)
    for w in (
        "仕組み", "しくみ", "方法", "やり方", "方針", "取り組み", "取組", "特徴", "効果", "成果",
        "目標", "手段", "体制", "規模", "具体", "具体的", "種類", "例", "例え", "ポイント",
        "メリット", "工夫", "流れ", "段取り", "手順", "様子", "状況", "結果", "意味", "違い",
        "時点", "現時点", "今日", "本日",
    )
)  # fmt: skip

# Nouns that describe nothing by themselves (「使うところ」「なんのため」).
GENERIC_NOUNS = frozenset(
    normalize_pattern(w)
    for w in (
        "ところ", "ため", "こと", "もの", "とき", "時", "感じ", "方", "ほう", "やつ", "人", "どこ",
        "参考", "対象",
        "なに", "何", "内容", "場所", "予定", "感", "件", "本当", "計画", "プロジェクト", "事業",
        "ページ", "名前", "名称", "向け", "記載", "欄", "書", "番号", "先", "方法",
        "資料", "書類", "手紙", "文書", "両方", "全部", "それぞれ", "どちら", "どっち",
        "途中", "最初", "最後", "今後", "これまで", "中", "間",
        "役割", "役目", "記述", "要素", "構成要素", "列挙", "内訳", "詳細", "説明", "話", "想定",
        "概要", "中身", "触れ", "触",
        "理由", "目的", "狙い", "ねらい", "わけ", "訳", "背景", "意図", "趣旨", "経緯", "きっかけ",
        "今", "今年", "現在", "以前", "以降", "前", "後", "年", "月", "日", "回",
    )
)  # fmt: skip


# Everyday words for what the summaries say in official ones: a question about
# 地震 asks about 災害, one about 東京 about 首都圏. Language, not facts: each maps
# a common word to the general word it is a case of.
PARAPHRASES: dict[str, str] = {
    normalize_pattern(k): normalize_pattern(v)
    for k, v in (
        ("地震", "災害"), ("洪水", "災害"), ("水害", "災害"), ("火事", "災害"), ("大雨", "災害"),
        ("台風", "災害"), ("非常時", "災害"), ("緊急時", "災害"),
        ("避難所", "避難"), ("避難場所", "避難"),
        ("東京", "首都圏"), ("都内", "首都圏"), ("関東", "首都圏"),
        ("ネット通販", "ECサイト"), ("通販", "ECサイト"), ("ネットショップ", "ECサイト"),
        ("通信販売", "ECサイト"), ("ネット", "ECサイト"), ("ネット販売", "ECサイト"),
        ("オンライン", "ECサイト"), ("加工品", "6次産業化商品"), ("特産品", "6次産業化商品"),
        ("放課後児童クラブ", "学童"), ("学童保育", "学童"),
        ("子育て", "子ども"), ("子供", "子ども"), ("こども", "子ども"),
        ("副職", "副業"), ("兼業", "副業"),
        ("役所", "庁舎"), ("市役所", "庁舎"),
        ("鉄道会社", "山形鉄道"),
        ("年代", "世代"), ("年齢層", "世代"), ("年齢", "世代"), ("建物", "施設"),
    )
}  # fmt: skip


# Everyday verbs for what the summaries say with nouns: 「建てる」 is 整備, 「売る」 販売.
# Looked for inside a leftover (建てられる, 売り込む) as the summary's word.
VERB_PARAPHRASES: tuple[tuple[str, str], ...] = tuple(
    (normalize_pattern(k), normalize_pattern(v))
    for k, v in (
        ("売り込", "販路"), ("市外", "市外"),  # (Sudachi reads 市外 as 市 and a suffix)
        ("一緒に建", "併設"), ("一緒に作", "併設"), ("くっつ", "併設"), ("隣接", "併設"),
        ("隣に", "併設"), ("中に何", "設置"), ("何ができる", "設置"),
        ("何が入る", "設置"), ("建て", "整備"), ("建設", "整備"),
        ("作る", "整備"), ("作っ", "整備"), ("つくる", "整備"), ("売", "販売"), ("育て", "育成"),
        ("呼び込", "誘致"), ("集め", "誘致"), ("逃げ", "避難"), ("泊ま", "観光"),
        ("住み", "移住"), ("引っ越", "移住"), ("働", "業務"),
    )
)  # fmt: skip


# Hiragana left over from endings (ほしいんだけど, ちょっと), which names no plan.
FILLERS = frozenset(
    normalize(w)
    for w in (
        "ほしい",
        "ほしいんだけど",
        "ほしいんですけど",
        "んだけど",
        "んですけど",
        "けど",
        "ちょっと",
        "ちょうど",
        "しょう",
        "あれば",
        "あったら",
        "あるなら",
        "でしょう",
        "ましょう",
        "すみません",
        "すいません",
        "あの",
        "えっと",
        "えーと",
        "ええと",
        "わかる",
        "わかります",
        "しりたい",
        "ききたい",
        "ききたいんですが",
        "おしえて",
        "もらえ",
        "もらえます",
        "くれ",
        "ね",
        "よろしく",
        "おねがい",
        "いい",
        "いいです",
        "ある",
        "あるの",
        "あった",
        "かな",
        "かしら",
        "でしょう",
        "だろう",
        "ですね",
        "じゃない",
        "ない",
        "なく",
        "られ",
        "られた",
        "され",
        "だっけ",
        "けか",
        "のか",
        "あるのか",
        "かね",
        "よね",
        "だよね",
        "やつ",
        "のやつ",
    )
)


# -- a clause leaving plans out ---------------------------------------------------

# 「2022年3月31日に終わった計画以外で、…」「平成に認定されたんじゃない方、…」
# 「3年の計画じゃないものはどれ」「AでもBでもない、…」: the clause before the marker
# names plans, and the rest of the question asks about the others. (On the text as
# typed, before normalizing: the clause ends at the comma or full stop before it.)
# (found marker first, then the clause back to the last comma: a search trying every
# clause start costs 20 ms on a 2,000-character message)
_LEFT_OUT_MARK = re.compile(
    r"(?:(?:の計画|のもの|のやつ)?(?:以外|を除(?:く|いて|いた|けば)|を抜いて|は別にして|はのぞいて)"
    r"|(?<=[^ん])(?:ん|の)?(?:じゃない|ではない|でない|じゃねえ)(?:方|ほう|もの|計画|やつ|の(?=[はをが]))"
    r"|(?<=でも)(?:ない))"
    r"(?:[でにのはを]|って)?[、,，\s]*"
)
_CLAUSE_MARKS = "、。，,！？!?\n(（"
_LEFT_OUT_EN = (
    # "Not counting the DMO one, which plans were changed…"
    re.compile(r"^\s*(?:but\s+)?(?:not counting|not including|excluding|except(?: for)?|other than"
               r"|apart from|aside from|leaving out|leaving aside|setting aside|ignoring)"
               r"\s+(?P<x>[^,;]+?)\s*[,;]\s*(?P<rest>.+)$", re.I | re.S),
    # "Which plans other than the DMO one were changed…"
    re.compile(r"^(?P<a>.*?\bplans?)\s+(?:other than|except(?: for)?|apart from|besides|excluding"
               r"|not counting)\s+(?P<x>.+?)\s+(?P<b>(?:were|was|are|is|have|has|had|did|got"
               r"|ended|started|began|ran|ends|started)\b.*)$", re.I | re.S),
    # "…changed on March 30, 2020, not counting the DMO one?"
    re.compile(r"^(?P<rest>.+?)[,;]?\s+(?:not counting|not including|excluding|except(?: for)?"
               r"|other than|apart from|aside from|leaving out|but not)"
               r"\s+(?P<x>[^,;?]+?)\s*[?.!]*\s*$", re.I | re.S),
)


# 「電話以外で」「メール以外の方法」: other ways of reaching the office, not plans
CONTACT_MEANS = compile_guarded(
    r"電話|でんわ|fax|ふぁっくす|ファックス|めーる|メール|mail|窓口|郵便|phone"
)


def left_out(text: str) -> tuple[str, str] | None:
    """(the clause naming the plans left out, the rest of the question), or None."""
    for rx in _LEFT_OUT_EN:
        if m := rx.match(text):
            groups = m.groupdict()
            rest = groups.get("rest") or f"{groups['a']} {groups['b']}"
            return m["x"], rest
    m = _LEFT_OUT_MARK.search(text)
    if m is None:
        return None
    before = text[: m.start()]
    begin = max(before.rfind(c) for c in _CLAUSE_MARKS) + 1  # (0 when none)
    left = before[begin:]
    if not 2 <= len(left) <= 60:
        return None
    if left.endswith("でも"):
        left = left[: -len("でも")]  # 「AでもBでもない」
    rest = (text[:begin] + text[m.end() :]).strip()
    return left, rest

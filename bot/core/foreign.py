"""Questions in Korean, Chinese or Portuguese, put into words the parser reads.

Nagai's foreign residents write to the city's LINE account in their own
languages. The bot has no translator, but a question about these plans uses few
words: when, certified, period, changed, which round, the plans' names. A table
per language turns those words into Japanese (Korean, Chinese: the answer comes
in Japanese, whose dates and names they can read) or into English (Portuguese:
answered in English). Words not in a table stay as written, so a question about
something else (쓰레기 분리수거) still finds no plan.
"""

from __future__ import annotations

import re

from bot.knowledge.models import KnowledgeBase

_LATIN = re.compile(r"[A-Za-zÀ-ÿ ]+")

# -- Korean -------------------------------------------------------------------------

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# longest first within each table (a phrase before its words)
_KOREAN = [
    ("언제부터 언제까지", "いつからいつまで"),
    ("언제까지", "いつまで"),
    ("언제부터", "いつから"),
    ("언제", "いつ"),
    ("제 몇 회", "第何回"),
    ("제몇회", "第何回"),
    ("몇 회", "第何回"),
    ("몇 번째", "何番目"),
    ("몇 개", "何件"),
    ("몇 년", "何年"),
    ("인정됐", "認定され"),
    ("인정되었", "認定され"),
    ("인정받", "認定され"),
    ("승인됐", "認定され"),
    ("인증됐", "認定され"),
    ("인정", "認定"),
    ("승인", "認定"),
    ("인증", "認定"),
    ("변경됐", "変更され"),
    ("변경되었", "変更され"),
    ("변경", "変更"),
    ("바뀌었", "変更され"),
    ("계획", "計画"),
    ("기간", "期間"),
    ("끝났", "終わった"),
    ("끝나", "終わる"),
    ("종료", "終了"),
    ("지금도", "今も"),
    ("지금", "今"),
    ("아직", "まだ"),
    ("계속", "続いて"),
    ("어떻게 돼요", "は?"),
    ("어떻게 되나요", "は?"),
    ("어떻게", "どう"),
    ("어느 쪽이 더 길어요", "どっちが長い"),
    ("어느 쪽이 더 짧아요", "どっちが短い"),
    ("어느 쪽", "どっち"),
    ("어느", "どの"),
    ("무엇", "何"),
    ("뭐", "何"),
    ("더 길어요", "長い"),
    ("길어요", "長い"),
    ("짧아요", "短い"),
    ("두 계획 다", "両方"),
    ("둘 다", "両方"),
    ("둘 중에", ""),
    ("둘 중", ""),
    ("그럼", "じゃあ"),
    ("그리고", "あと"),
    ("연락처", "問い合わせ先"),
    ("문의처", "問い合わせ先"),
    ("문의", "問い合わせ"),
    ("전화번호", "電話番号"),
    ("팩스", "ファックス"),
    ("주소", "住所"),
    ("목록", "一覧"),
    ("개요", "概要"),
    ("내용", "内容"),
    ("참여", "参加"),
    ("참가", "参加"),
    ("병렬 근무", "パラレルワーク"),
    ("교류 시설", "交流施設"),
    ("교류시설", "交流施設"),
    ("관광", "観光"),
    ("대중교통", "公共交通"),
    ("알려 주세요", "教えてください"),
    ("알려주세요", "教えてください"),
    ("가르쳐 주세요", "教えてください"),
]
# what is left of a word once its stem is read: particles and polite endings
_KOREAN_ENDING = re.compile(
    r"(?<=[^\s\uac00-\ud7a3])(?:이었어요|였어요|이에요|예요|입니까|습니까|어요|아요|나요|인가요"
    r"|은요|는요|이요|요|은|는|이|가|을|를|의|도|에서|에|으로|로|와|과|하고|이랑|랑)(?=[\s?？.!]|$)"
)

# -- Chinese (simplified) ------------------------------------------------------------

# characters Japanese does not write: a text holding them is Chinese
_SIMPLIFIED = re.compile(r"[们么吗这请计认变时电码观产实现结约联还问说]")
_CHINESE = [
    ("从什么时候到什么时候", "いつからいつまで"),
    ("到什么时候", "いつまで"),
    ("从什么时候", "いつから"),
    ("什么时候", "いつ"),
    ("何时", "いつ"),
    ("几时", "いつ"),
    ("第几次", "第何回"),
    ("第几回", "第何回"),
    ("第几届", "第何回"),
    ("几个", "何件"),
    ("多少个", "何件"),
    ("认定日期", "認定日"),
    ("认定", "認定"),
    ("批准", "認定"),
    ("计划", "計画"),
    ("计画", "計画"),
    ("期间", "期間"),
    ("变更过", "変更された"),
    ("变更", "変更"),
    ("修改", "変更"),
    ("有哪些", "はどれ"),
    ("哪些", "どの"),
    ("哪个", "どの"),
    ("请列出来", "一覧"),
    ("列出来", "一覧"),
    ("列出", "一覧"),
    ("现在还在实施吗", "今も続いていますか"),
    ("还在实施", "まだ続いて"),
    ("现在", "今"),
    ("实施", "実施"),
    ("结束", "終了"),
    ("内容请简单说明一下", "の概要を教えて"),
    ("简单说明", "概要"),
    ("说明", "説明"),
    ("观光", "観光"),
    ("交流中心", "交流センター"),
    ("农产品", "農産物"),
    ("网络销售", "ECサイトでの販売"),
    ("网上销售", "ECサイトでの販売"),
    ("销售", "販売"),
    ("电话号码是多少", "電話番号は?"),
    ("电话号码", "電話番号"),
    ("电话", "電話"),
    ("传真", "ファックス"),
    ("地址", "住所"),
    ("联系方式", "問い合わせ先"),
    ("联系", "問い合わせ"),
    ("后来有变更吗", "その後変更はありますか"),
    ("有变更吗", "変更はありますか"),
    ("后来", "その後"),
    ("你好", "こんにちは"),
    ("我想了解一下", "教えて"),
    ("请告诉我", "教えて"),
    ("告诉我", "教えて"),
    ("这个计划", "この計画"),
    ("这些计划", "これらの計画"),
    ("这个", "この"),
    ("这些", "これら"),
    ("产业", "産業"),
    ("合作", "連携"),
    ("参与", "参加"),
    ("吗", "?"),
    ("呢", "?"),
    ("的", "の"),
    ("是", "は"),
]

# -- Portuguese ------------------------------------------------------------------------

_PORTUGUESE = re.compile(
    r"\b(?:quando|plano|planos|qual|quais|até|está|olá|obrigad[oa]|aprovad[oa]|aprovação"
    r"|rodada|ainda|começa|termina|vigor|alterad[oa]|telefone|endereço|contato)\b",
    re.IGNORECASE,
)
_TO_ENGLISH = [
    ("a partir de quando", "since when"),
    ("até quando", "until when"),
    ("em qual rodada", "in which round"),
    ("qual rodada", "which round"),
    ("data de aprovação", "certification date"),
    ("ainda está em vigor", "still running"),
    ("está em vigor", "running"),
    ("em vigor", "running"),
    ("foi aprovado", "was certified"),
    ("foi aprovada", "was certified"),
    ("aprovação", "certification"),
    ("aprovado", "certified"),
    ("aprovada", "certified"),
    ("certificado", "certified"),
    ("reconhecido", "certified"),
    ("começa", "starts"),
    ("termina", "ends"),
    ("acaba", "ends"),
    ("quando", "when"),
    ("planos", "plans"),
    ("plano", "plan"),
    ("período", "period"),
    ("prazo", "period"),
    ("vigência", "period"),
    ("alterado", "amended"),
    ("alterada", "amended"),
    ("alteração", "amendment"),
    ("alterações", "amendments"),
    ("modificado", "amended"),
    ("mudança", "change"),
    ("rodada", "round"),
    ("quais", "which"),
    ("qual", "which"),
    ("cidades", "cities"),
    ("municípios", "municipalities"),
    ("telefone", "phone"),
    ("endereço", "address"),
    ("contato", "contact"),
    ("hoje", "today"),
    ("ainda", "still"),
    ("olá", "hello"),
    ("obrigado", "thanks"),
    ("obrigada", "thanks"),
    ("do", "of the"),
    ("da", "of the"),
    ("dos", "of the"),
    ("das", "of the"),
    ("de", "of"),
    ("o", "the"),
    ("os", "the"),
    ("as", "the"),
    ("é", "is"),
    ("foi", "was"),
    ("em", "in"),
    ("vai", ""),
    ("e", "and"),
    ("eu", "i"),
    ("moro", "live"),
    ("no", "in the"),
    ("na", "in the"),
]


def _replace(text: str, table: list[tuple[str, str]], *, words: bool = False) -> str:
    for said, meant in sorted(table, key=lambda pair: len(pair[0]), reverse=True):
        if words:
            text = re.sub(rf"(?<![\w]){re.escape(said)}(?![\w])", meant, text, flags=re.IGNORECASE)
        else:
            text = text.replace(said, meant)
    return text


def names_from(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The knowledge's foreign names (aliases.yaml `foreign`, city.yaml `foreign_places`):
    a plan's as its first name, a Latin-script one as its first English name."""
    names = list(kb.city.foreign_places.items())
    for plan in kb.plans:
        aliases = kb.aliases_of(plan.id)
        for said in aliases.foreign:
            latin = _LATIN.fullmatch(said) is not None
            meant = aliases.english[0] if latin and aliases.english else aliases.names[0]
            names.append((said, meant))
    return names


class ForeignReader:
    """Reads Korean, Chinese and Portuguese questions with the knowledge's names."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        self._latin = [(s, m) for s, m in names if _LATIN.fullmatch(s)]
        self._other = [(s, m) for s, m in names if not _LATIN.fullmatch(s)]

    def readable(self, text: str) -> str:
        """The text with a Korean, Chinese or Portuguese question's words put into
        Japanese or English; any other text as it is."""
        if _HANGUL.search(text):
            return _KOREAN_ENDING.sub("", _replace(text, [*self._other, *_KOREAN]))
        if _SIMPLIFIED.search(text) and not re.search(r"[ぁ-ゖ]{3,}", text):
            return _replace(text, [*self._other, *_CHINESE])
        if len(_PORTUGUESE.findall(text)) < 2:
            return text
        return _replace(_replace(text, self._latin, words=True), _TO_ENGLISH, words=True)

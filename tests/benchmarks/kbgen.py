"""Generate a realistic knowledge directory of any size, for benchmarks.

`questions(kb, count)` gives questions about its plans as residents type
them (whole titles, short names, slips, kana, parts of titles).

`generate_knowledge(n, directory, seed=0)` writes plans.yaml (in the importer's
style, so it reads like the real file), aliases.yaml for about a third of the
plans and city.yaml copied from knowledge/. The same seed gives the same files.
Titles combine municipality names, themes and suffixes as real plan titles do
(地域連携DMOを中心とした観光地域づくり計画), so most are distinct but many share
words, which is what makes matching questions to plans hard.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.core.normalize import READER, normalize
from bot.knowledge.importer import render_plans, scalar
from bot.knowledge.models import KnowledgeBase, Plan

_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

MUNICIPALITIES = (
    "長井市", "南陽市", "白鷹町", "飯豊町", "米沢市", "山形市", "天童市", "寒河江市",
    "上山市", "村山市", "東根市", "尾花沢市", "新庄市", "酒田市", "鶴岡市", "川西町",
    "高畠町", "小国町", "朝日町", "大江町", "西川町", "河北町", "中山町", "山辺町",
    "大石田町", "最上町", "舟形町", "真室川町", "金山町", "鮭川村", "戸沢村", "大蔵村",
    "庄内町", "遊佐町", "三川町", "喜多方市", "会津若松市", "北塩原村", "福島市", "仙台市",
)  # fmt: skip

# theme, its hiragana reading, an English name, words people use for it
THEMES = (
    ("観光", "かんこう", "tourism", ("観光客", "旅行商品", "観光案内所")),
    ("移住", "いじゅう", "migration", ("移住定住", "Uターン", "お試し住宅")),
    ("6次産業化", "ろくじさんぎょうか", "sixth industry", ("農産物加工", "販路", "直売所")),
    ("公共交通", "こうきょうこうつう", "public transport", ("デマンド交通", "バス路線", "鉄道")),
    ("子育て", "こそだて", "child rearing", ("学童クラブ", "保育", "子育て支援")),
    ("DX", "でぃーえっくす", "digital transformation", ("デジタル化", "オンライン申請", "ICT")),
    ("関係人口", "かんけいじんこう", "related population", ("副業人材", "ふるさと納税", "交流")),
    ("中心市街地", "ちゅうしんしがいち", "downtown", ("空き店舗", "商店街", "にぎわい")),
    ("農業", "のうぎょう", "agriculture", ("担い手", "スマート農業", "米づくり")),
    ("林業", "りんぎょう", "forestry", ("木材", "森林", "木質バイオマス")),
    ("しごと創出", "しごとそうしゅつ", "job creation", ("起業", "創業支援", "雇用")),
    ("人材育成", "じんざいいくせい", "human resources", ("研修", "若者", "ものづくり人材")),
    ("健康づくり", "けんこうづくり", "health", ("健康寿命", "スポーツ", "温泉")),
    ("防災", "ぼうさい", "disaster prevention", ("避難所", "防災拠点", "地域防災")),
    ("脱炭素", "だつたんそ", "decarbonization", ("再生可能エネルギー", "太陽光", "省エネ")),
    ("空き家活用", "あきやかつよう", "vacant houses", ("空き家バンク", "リノベーション", "住宅")),
    ("交流拠点", "こうりゅうきょてん", "community hub", ("交流施設", "市民ホール", "まちなか")),
    ("インバウンド", "いんばうんど", "inbound tourism", ("外国人観光客", "多言語", "免税")),
    ("スポーツツーリズム", "すぽーつつーりずむ", "sports tourism", ("合宿", "マラソン", "スキー")),
    ("地域商社", "ちいきしょうしゃ", "regional trading company", ("特産品", "EC", "ブランド")),
)  # fmt: skip
LEADS = (
    "{theme}を中心とした", "地域一体で行う", "{muni}における", "水と歴史を活かす",
    "最上川流域の", "山の港町", "広域連携による", "官民協働の", "若者が集う", "{muni}版",
)  # fmt: skip
MIDDLES = ("推進", "創生", "振興", "活性化", "拠点整備", "基盤強化", "まちづくり", "支援")
SUFFIXES = ("計画", "プロジェクト", "事業計画", "整備計画", "推進計画")
SENTENCES = (
    "{muni}の{word}を活かし、{theme}の取組を地域一体で推進します。",
    "{theme}に関わる事業者や団体の連携を促し、{word}の魅力を市外に発信します。",
    "専門人材を招聘し、{word}の企画や販売、情報発信の体制を構築します。",
    "人口減少や担い手不足の課題を踏まえ、{theme}による新たな付加価値を創出します。",
    "市民や来訪者が集い交流できる場として、{word}を整備し運営します。",
    "{muni}と近隣の市町が広域で連携し、{word}を活用した取組を展開します。",
    "これらの取組により、交流人口や関係人口の拡大と地域経済の活性化を図ります。",
    "併せて、{word}の利便性を高め、移住定住の促進と雇用機会の創出を目指します。",
)  # fmt: skip
_LAST_CHANGE = dt.date(2025, 12, 31)
_KANJI_NUM = "一二三四五六七八九"


@dataclass(frozen=True)
class Generated:
    directory: Path
    plans: tuple[Plan, ...]
    aliased: int  # plans with an aliases.yaml entry


def _round_of(day: dt.date) -> int:
    """Rounds were about every two months from 第36回 (2016-03-15)."""
    return 36 + max(0, (day - dt.date(2016, 3, 15)).days // 61)


def _fiscal_end(year: int) -> dt.date:
    return dt.date(year, 3, 31)


def _title(rng: random.Random, muni: str, theme: str) -> tuple[str, str]:
    """A title and its core without the lead words (a short name people use)."""
    lead = rng.choice(LEADS).format(theme=theme, muni=muni)
    middle = rng.choice(MIDDLES)
    suffix = rng.choice(SUFFIXES)
    other = rng.choice([t[0] for t in THEMES if t[0] != theme])
    shape = rng.randrange(4)
    if shape == 0:
        core = f"{muni}{theme}{middle}{suffix}"
    elif shape == 1:
        core = f"{theme}と{other}の{middle}{suffix}"
    elif shape == 2:
        return f"{muni}・{theme}{middle}{suffix}", f"{theme}{middle}{suffix}"
    else:
        core = f"{theme}{middle}{suffix}"
    return lead + core, core


def _summary(rng: random.Random, muni: str, theme: str, words: tuple[str, ...]) -> str:
    """150-300 characters of whole sentences in one to three paragraphs, like the
    page's summaries."""
    target = rng.randint(150, 300)
    sentences: list[str] = []
    for template in rng.sample(SENTENCES, len(SENTENCES)):
        sentence = template.format(muni=muni, theme=theme, word=rng.choice(words))
        if sum(map(len, sentences)) + len(sentence) > 300:
            break
        sentences.append(sentence)
        if sum(map(len, sentences)) >= target:
            break
    k = min(rng.randint(0, 2), len(sentences) - 1)
    bounds = [0, *sorted(rng.sample(range(1, len(sentences)), k)), len(sentences)]
    return "\n".join("".join(sentences[a:b]) for a, b in itertools.pairwise(bounds))


def _plan(rng: random.Random, index: int, titles: set[str]) -> tuple[Plan, dict[str, list[str]]]:
    muni = rng.choice(MUNICIPALITIES[:8]) if rng.random() < 0.6 else rng.choice(MUNICIPALITIES)
    theme, reading, english, words = rng.choice(THEMES)
    title, core = _title(rng, muni, theme)
    for _ in range(5):
        if title not in titles:
            break
        title, core = _title(rng, muni, theme)
    if title in titles:  # a second term of the same plan, as cities do
        term = 2
        while f"{title}(第{_KANJI_NUM[term % 9 - 1]}期)" in titles:
            term += 1
        title = f"{title}(第{_KANJI_NUM[term % 9 - 1]}期)"
        title = title if title not in titles else f"{title}{index}"
    titles.add(title)

    certified = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365))
    end = _fiscal_end(certified.year + rng.choice((3, 4, 5)) + (certified.month > 3))
    last_change = max(min(end, _LAST_CHANGE), certified + dt.timedelta(days=31))
    changes = sorted(
        {
            certified + dt.timedelta(days=rng.randrange(30, (last_change - certified).days))
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 5)))
        }
    )
    partners: tuple[str, ...] = ()
    partnership = None
    if rng.random() < 0.15:
        others = rng.sample([m for m in MUNICIPALITIES if m != muni], rng.randint(1, 3))
        partners = (muni, *others)
        cities = sum(p.endswith("市") for p in partners)
        towns = len(partners) - cities
        counts = (f"{cities}市" if cities else "") + (f"{towns}町村" if towns else "")
        partnership = f"{'、'.join(partners)}の{counts}による広域連携事業"
    plan = Plan(
        id=f"plan-{index:05d}",
        title=title,
        certification={"date": certified, "round": _round_of(certified)},
        changes=tuple(changes),
        period={"start": certified, "end": end},
        summary=_summary(rng, muni, theme, words),
        partners=partners,
        partnership=partnership,
        status="ended" if end < dt.date(2024, 3, 31) else "current",
    )
    aliases = {
        "names": [core],
        "readings": [reading],
        "words": list(rng.sample(words, 2)),
        "english": [f"{english} plan"],
    }
    return plan, aliases


def generate_knowledge(n: int, directory: Path, seed: int = 0) -> Generated:
    """Write a knowledge directory with `n` plans into `directory` (created if needed)."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    titles: set[str] = set()
    plans: list[Plan] = []
    alias_lines: list[str] = ["# generated by tests/benchmarks/kbgen.py"]
    for index in range(n):
        plan, aliases = _plan(rng, index, titles)
        plans.append(plan)
        if rng.random() < 0.35:
            alias_lines.append(f"{plan.id}:")
            for key, values in aliases.items():
                alias_lines.append(f"  {key}: [{', '.join(scalar(v, flow=True) for v in values)}]")
    header = "# generated by tests/benchmarks/kbgen.py\n"
    (directory / "plans.yaml").write_text(header + render_plans(plans), encoding="utf-8")
    (directory / "aliases.yaml").write_text("\n".join(alias_lines) + "\n", encoding="utf-8")
    shutil.copyfile(_KNOWLEDGE / "city.yaml", directory / "city.yaml")
    return Generated(directory, tuple(plans), sum(1 for line in alias_lines if line.endswith(":")))


FIELDS = ("の認定日は?", "はいつまで?", "の概要を教えて", "は変更された?", "の計画期間")
NO_PLAN = ("認定日を教えて", "計画の一覧", "令和2年に認定された計画は?", "粗大ごみの出し方",
           "問い合わせ先は?", "一番新しい計画は?", "観光の計画", "推進")  # fmt: skip


def typo(rng: random.Random, text: str) -> str:
    """One character replaced, as a slip of the keyboard or the IME."""
    i = rng.randrange(len(text))
    return text[:i] + rng.choice("あいかさ観光地市") + text[i + 1 :]


def questions(kb: KnowledgeBase, count: int, seed: int = 1) -> list[str]:
    """Seven questions about each of `count` plans, and a few naming none:
    the whole title, the short name, each with a slip, the short name in
    hiragana and in katakana, and a title cut at both ends."""
    rng = random.Random(seed)
    out: list[str] = []
    for plan in rng.sample(list(kb.plans), count):
        field = rng.choice(FIELDS)
        aliases = kb.aliases_of(plan.id)
        short = aliases.names[0] if aliases.names else plan.title[3:]
        reading = READER.read(normalize(short))
        katakana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in reading)
        out += [
            plan.title + field,
            short + field,
            typo(rng, plan.title) + field,
            typo(rng, short) + "の計画",
            reading + field,
            katakana + "の計画",
            plan.title[2:-2] + field,
        ]
    return [*out, *NO_PLAN]

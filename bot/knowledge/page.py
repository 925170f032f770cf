"""Read a saved text copy of the city's page 「長井市地域再生計画」が認定されました.

The page lists, under the heading 長井市地域再生計画, each plan as its title, an
optional ※ note on a joint plan, and three sections ((1) certification and
change dates, (2) period, (3) summary); plans under 終了した計画 have ended; the
contact office follows この記事に関するお問い合わせ先. Whatever cannot be read is
reported with its line in the page, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.era import EraDateError, parse_date
from bot.knowledge.loader import Problem
from bot.knowledge.models import PageStatus

PLANS_HEADING = "長井市地域再生計画"
ENDED_HEADING = "終了した計画"
CONTACT_HEADING = "この記事に関するお問い合わせ先"
CERT_SECTION = "(1)計画の認定日及び変更日"
PERIOD_SECTION = "(2)計画期間"
SUMMARY_SECTION = "(3)計画の概要"
_SECTIONS = (CERT_SECTION, PERIOD_SECTION, SUMMARY_SECTION)
DETAILS_LINE = "計画の詳細については"  # the link to the PDF ends a summary

_CERTIFIED = re.compile(r"(?P<date>.+?)\(第(?P<round>[0-9]+)回\)認定")
_CHANGED = re.compile(r"(?P<date>.+?)変更")
_PERIOD = re.compile(r"(?P<start>.+?)(?:\(認定日\))?から(?P<end>.+?)まで")
_MUNICIPALITY = re.compile(r"[^、,・\s]{1,8}?[都道府県市町村区](?=[、,・の]|$)")
_POSTAL = re.compile(r"〒?([0-9]{3}-[0-9]{4})")
_PHONE = re.compile(r"電話(?:番号)?:?([0-9]{2,5}-[0-9]{1,4}-[0-9]{3,4})")
_FAX = re.compile(r"(?:ファックス|FAX|ファクス):?([0-9]{2,5}-[0-9]{1,4}-[0-9]{3,4})", re.I)
_LEADING_SPACE = " \u3000\u00a0\t"


@dataclass
class PagePlan:
    title: str
    line: int  # of the title, 1-based
    status: PageStatus
    certified: dt.date | None = None
    round: int | None = None
    changes: list[dt.date] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    summary: str = ""
    partnership: str | None = None
    partners: list[str] = field(default_factory=list)


@dataclass
class PageContact:
    department: str
    office: str
    postal_code: str
    address: str
    phone: str
    fax: str
    mail_label: str | None = None


@dataclass
class Page:
    plans: list[PagePlan]
    contact: PageContact | None


class PageError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _key(line: str) -> str:
    """A line as compared with the headings: NFKC (full-width brackets and digits
    become ASCII) and no spaces, so （１）計画期間 and (1) 計画期間 are the same."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))


def partners_of(note: str) -> list[str]:
    """The municipalities a ※ note lists first: 長井市、南陽市、白鷹町、飯豊町の2市2町… →
    [長井市, 南陽市, 白鷹町, 飯豊町]."""
    names: list[str] = []
    pos = 0
    while m := _MUNICIPALITY.match(note, pos):
        names.append(m.group())
        pos = m.end()
        if pos < len(note) and note[pos] in "、,・":
            pos += 1
        else:
            break
    return names


def read_page(path: Path) -> Page:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PageError([Problem(path.name, "", "ページのファイルがありません")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PageError([Problem(path.name, "", f"ページを読み込めません ({exc})")]) from None
    return parse_page(text, path.name)


def parse_page(text: str, name: str = "page") -> Page:
    """Read the page's text, or raise PageError listing every section it could not read."""
    # Not splitlines(): it also splits at U+2028 and the like, which editors do not,
    # and line numbers must be the ones a clerk sees.
    return _Reader(re.split(r"\r\n|\r|\n", text), name).read()


class _Reader:
    def __init__(self, lines: list[str], name: str) -> None:
        self.lines = lines
        self.keys = [_key(line) for line in lines]
        self.name = name
        self.problems: list[Problem] = []

    def problem(self, line: int | None, place: str, reason: str) -> None:
        self.problems.append(Problem(self.name, place, reason, line))

    def read(self) -> Page:
        try:
            i = self.keys.index(PLANS_HEADING)
        except ValueError:
            self.problem(None, "", f"見出し「{PLANS_HEADING}」が見つかりません")
            raise PageError(self.problems) from None
        plans: list[PagePlan] = []
        contact: PageContact | None = None
        status = PageStatus.CURRENT
        i += 1
        while i < len(self.lines):
            key = self.keys[i]
            if not key:
                i += 1
            elif key == ENDED_HEADING:
                status = PageStatus.ENDED
                i += 1
            elif key == CONTACT_HEADING:
                contact = self.contact(i + 1)
                break
            elif key in _SECTIONS:
                self.problem(i + 1, key, "この節の前に計画名がありません")
                i = self.skip_plan(i + 1)
            elif key.startswith(DETAILS_LINE):
                i += 1  # a plan's PDF link that the plan did not consume
            else:
                plan, i = self.plan(i, status)
                plans.append(plan)
        else:
            self.problem(None, "", f"「{CONTACT_HEADING}」が見つかりません")
        if not plans and not self.problems:
            self.problem(i + 1, "", "計画が1つも見つかりません")
        seen: dict[str, int] = {}
        for plan in plans:
            if plan.title in seen:
                self.problem(
                    plan.line, plan.title, f"同じ計画名が {seen[plan.title]} 行目にもあります"
                )
            seen.setdefault(plan.title, plan.line)
        if self.problems:
            raise PageError(self.problems)
        return Page(plans, contact)

    def next_text(self, i: int) -> int | None:
        while i < len(self.lines):
            if self.keys[i]:
                return i
            i += 1
        return None

    def is_title(self, i: int, *, strict: bool = True) -> bool:
        """Whether line i is the title of a plan: the next text line, past a ※ note,
        opens (1) (or, when not `strict`, any section)."""
        key = self.keys[i]
        if not key or key in _SECTIONS or key in (ENDED_HEADING, CONTACT_HEADING):
            return False
        j = self.next_text(i + 1)
        if j is not None and self.keys[j].startswith("※") and not key.startswith("※"):
            j = self.next_text(j + 1)
        if j is None:
            return False
        return self.keys[j] == CERT_SECTION if strict else self.keys[j] in _SECTIONS

    def skip_plan(self, i: int) -> int:
        while i < len(self.lines) and not (
            self.keys[i] in (ENDED_HEADING, CONTACT_HEADING) or self.is_title(i)
        ):
            i += 1
        return i

    def plan(self, i: int, status: PageStatus) -> tuple[PagePlan, int]:
        plan = PagePlan(title=self.lines[i].strip(), line=i + 1, status=status)
        problems_before = len(self.problems)
        i += 1
        sections: dict[str, int] = {}
        current: str | None = None
        summary: list[str] = []
        details_seen = False
        while i < len(self.lines):
            key, line = self.keys[i], self.lines[i]
            if not key:
                i += 1
                continue
            if key in _SECTIONS:
                if key in sections:
                    self.problem(i + 1, f"{plan.title} > {key}", "同じ節が2回あります")
                sections[key] = i + 1
                current = key
                i += 1
                continue
            if key in (ENDED_HEADING, CONTACT_HEADING) or (
                current is not None and self.is_title(i, strict=not details_seen)
            ):
                break
            if current is None:
                if key.startswith("※"):
                    note = line.strip().lstrip("※").strip()
                    plan.partnership = note
                    plan.partners = partners_of(note)
                else:
                    self.problem(
                        i + 1, plan.title, f"計画名の後に読めない行があります: 「{line.strip()}」"
                    )
            elif current == CERT_SECTION:
                self.cert_line(plan, i)
            elif current == PERIOD_SECTION:
                self.period_line(plan, i)
            elif key.startswith(DETAILS_LINE) or details_seen:
                details_seen = True  # the rest is the link to the PDF, not the summary
            else:
                summary.append(line.lstrip(_LEADING_SPACE).rstrip())
            i += 1
        plan.summary = "\n".join(summary)
        if len(self.problems) == problems_before:  # say what is missing, not twice
            self.check_complete(plan, sections)
        return plan, i

    def cert_line(self, plan: PagePlan, i: int) -> None:
        key = self.keys[i]
        place = f"{plan.title} > {CERT_SECTION}"
        if m := _CERTIFIED.fullmatch(key):
            if plan.certified is not None:
                self.problem(i + 1, place, "認定日が2つあります")
                return
            plan.certified = self.date(m["date"], i, place)
            plan.round = int(m["round"])
        elif m := _CHANGED.fullmatch(key):
            changed = self.date(m["date"], i, place)
            if changed is not None:
                plan.changes.append(changed)
        else:
            self.problem(
                i + 1,
                place,
                "「平成28年3月15日(第36回)認定」か「令和2年3月30日変更」の形で"
                f"読めません: 「{self.lines[i].strip()}」",
            )

    def period_line(self, plan: PagePlan, i: int) -> None:
        place = f"{plan.title} > {PERIOD_SECTION}"
        m = _PERIOD.fullmatch(self.keys[i])
        if m is None:
            self.problem(
                i + 1,
                place,
                f"「…から…まで」の形で読めません: 「{self.lines[i].strip()}」",
            )
            return
        if plan.start is not None:
            self.problem(i + 1, place, "計画期間が2つあります")
            return
        plan.start = self.date(m["start"], i, place)
        plan.end = self.date(m["end"], i, place)

    def date(self, text: str, i: int, place: str) -> dt.date | None:
        try:
            return parse_date(text)
        except EraDateError as exc:
            self.problem(i + 1, place, str(exc))
            return None

    def check_complete(self, plan: PagePlan, sections: dict[str, int]) -> None:
        for section in _SECTIONS:
            if section not in sections:
                self.problem(plan.line, plan.title, f"「{section}」がありません")
        for section, missing, what in (
            (CERT_SECTION, plan.certified is None, "認定日"),
            (PERIOD_SECTION, plan.start is None, "計画期間"),
            (SUMMARY_SECTION, not plan.summary, "概要"),
        ):
            if section in sections and missing:
                self.problem(sections[section], f"{plan.title} > {section}", f"{what}がありません")

    def contact(self, i: int) -> PageContact | None:
        rows = [(n + 1, self.lines[n].strip()) for n in range(i, len(self.lines)) if self.keys[n]]
        place = CONTACT_HEADING
        if not rows:
            self.problem(i, place, "お問い合わせ先が書かれていません")
            return None
        first_line, first = rows[0]
        parts = first.split(maxsplit=1)
        if len(parts) != 2:
            self.problem(first_line, place, f"「課 室」の形で読めません: 「{first}」")
            return None
        postal = address = phone = fax = None
        mail: str | None = None
        for n, (line_no, row) in enumerate(rows[1:], start=1):
            norm = unicodedata.normalize("NFKC", row).replace(" ", "")
            if row.startswith("〒") and (m := _POSTAL.fullmatch(norm)):
                postal = m.group(1)
                if n + 1 < len(rows):
                    address = rows[n + 1][1]
            elif "電話" in norm:
                phone_m, fax_m = _PHONE.search(norm), _FAX.search(norm)
                if phone_m is None:
                    self.problem(line_no, place, f"電話番号が読めません: 「{row}」")
                phone = phone_m.group(1) if phone_m else None
                fax = fax_m.group(1) if fax_m else None
            elif "メール" in row:
                mail = row
        if postal is None or address is None or phone is None or fax is None:
            labels = ("郵便番号", "住所", "電話番号", "ファックス番号")
            values = (postal, address, phone, fax)
            missing = "、".join(label for label, v in zip(labels, values, strict=True) if v is None)
            self.problem(first_line, place, f"{missing}が読めません")
            return None
        return PageContact(parts[0], parts[1], postal, address, phone, fax, mail)

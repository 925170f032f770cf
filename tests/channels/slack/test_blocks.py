"""What staff and residents read about inquiries (bot/channels/slack/blocks.py)
and how staff's Slack text becomes a resident's (bot/channels/slack/staff.py)."""

from __future__ import annotations

import datetime as dt
import json

from bot.channels.slack.blocks import (
    ASSIGN_ACTION,
    CLOSE_ACTION,
    age,
    delivery_note,
    draft_answer,
    inquiry_list,
    inquiry_post,
    resident_followup,
    used_facts,
)
from bot.channels.slack.staff import is_memo, readable_text, split_subcommand
from bot.core.inquiry import Inquiry, InquiryMessage
from bot.core.types import Reply
from bot.knowledge import KnowledgeBase
from bot.knowledge.era import to_wareki

NOW = dt.datetime(2026, 11, 26, 1, 42, tzinfo=dt.UTC)  # 10:42 in Nagai
LINE_USER = "U" + "c3" * 16


def record(**changes: object) -> Inquiry:
    values: dict[str, object] = dict(
        id=12, channel="line", user_id=LINE_USER,
        text="市長に意見を伝えたい <!channel> & <https://evil.example|ここ>",
        bot_answer="申し訳ありません。そのご質問にはお答えできません。", status="open",
        assignee=None, slack_channel=None, slack_ts=None, created_at=NOW, updated_at=NOW,
        closed_at=None, closed_by=None,
    )
    values.update(changes)
    return Inquiry(**values)  # type: ignore[arg-type]


def message(**changes: object) -> InquiryMessage:
    values: dict[str, object] = dict(
        id=5, inquiry_id=12, author="staff", author_id="U0STAFF01", text="お返事です",
        notice=None, created_at=NOW, slack_ts="1.1", delivered_at=None, delivery_error=None,
    )
    values.update(changes)
    return InquiryMessage(**values)  # type: ignore[arg-type]


class TestTheInquiryPost:
    def test_shows_number_channel_question_answer_status_and_time(self, kb: KnowledgeBase) -> None:
        text, blocks = inquiry_post(kb, record())
        shown = json.dumps(blocks, ensure_ascii=False)

        assert "受付番号 12" in text and "受付番号 12" in shown
        for part in ("LINE", "未対応", "未定", "市長に意見を伝えたい", "お答えできません",
                     f"{to_wareki(dt.date(2026, 11, 26))} 10:42"):
            assert part in shown

    def test_never_shows_the_residents_id(self, kb: KnowledgeBase) -> None:
        text, blocks = inquiry_post(kb, record())

        assert LINE_USER not in text + json.dumps(blocks)

    def test_what_the_resident_wrote_cannot_ping_or_link(self, kb: KnowledgeBase) -> None:
        text, blocks = inquiry_post(kb, record())
        shown = json.dumps(blocks, ensure_ascii=False) + text

        assert "<!channel>" not in shown
        assert "<https://evil" not in shown
        assert "&lt;!channel&gt; &amp;" in shown

    def test_has_the_two_buttons_with_the_inquirys_number(self, kb: KnowledgeBase) -> None:
        _, blocks = inquiry_post(kb, record())

        [actions] = [b for b in blocks if b["type"] == "actions"]
        assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
            (ASSIGN_ACTION, "12"), (CLOSE_ACTION, "12")
        ]
        assert "confirm" in actions["elements"][1]  # closing tells the resident: ask first

    def test_a_taken_inquiry_names_who_answers_it(self, kb: KnowledgeBase) -> None:
        _, blocks = inquiry_post(kb, record(status="assigned", assignee="U0STAFF02"))
        shown = json.dumps(blocks, ensure_ascii=False)

        assert "<@U0STAFF02>" in shown and "対応中" in shown

    def test_a_closed_inquiry_has_no_buttons_and_says_who_closed_it(
        self, kb: KnowledgeBase
    ) -> None:
        closed = record(status="closed", closed_by="U0STAFF02", closed_at=NOW)
        _, blocks = inquiry_post(kb, closed)
        shown = json.dumps(blocks, ensure_ascii=False)

        assert not [b for b in blocks if b["type"] == "actions"]
        assert "完了" in shown and "<@U0STAFF02>" in shown

    def test_a_very_long_answer_stays_within_slacks_limits(self, kb: KnowledgeBase) -> None:
        _, blocks = inquiry_post(kb, record(text="あ" * 5000, bot_answer="い\n" * 3000))

        for block in blocks:
            if block["type"] == "section" and "text" in block:
                assert len(block["text"]["text"]) <= 3000


class TestThreadLines:
    def test_a_followup_quotes_the_resident_escaped(self) -> None:
        line = resident_followup(record(), message(author="resident", text="<!here> 追加です"))

        assert "追加です" in line and "<!here>" not in line

    def test_a_delivery_note_names_the_reply_and_the_way(self) -> None:
        note = delivery_note(record(), message(text="ご意見ありがとうございます"), "delivered")

        assert "ご意見ありがとうございます" in note and "LINEでお届けしました" in note

    def test_a_failure_note_gives_the_reason(self) -> None:
        failed = message(delivery_error="LINEがメッセージを受け付けませんでした（HTTP 400）")
        note = delivery_note(record(), failed, "undeliverable")

        assert "お届けできませんでした" in note and "HTTP 400" in note

    def test_the_closing_notice_is_named_as_such(self) -> None:
        notice = message(author="system", notice="closed", text="")

        assert "完了のお知らせ" in delivery_note(record(channel="web"), notice, "delivered")


class TestCommands:
    def test_the_list_shows_number_status_assignee_channel_age_and_first_line(self) -> None:
        listed = inquiry_list(
            [record(text="一行目\n二行目", created_at=NOW - dt.timedelta(hours=3)),
             record(id=13, channel="web", status="assigned", assignee="U0STAFF02")], NOW
        ).replace("*", "")  # bold marks

        assert "受付番号 12｜未対応｜担当: 未定｜LINE｜3時間前" in listed
        assert "一行目" in listed and "二行目" not in listed
        assert "受付番号 13｜対応中｜担当: <@U0STAFF02>｜Webページ" in listed
        assert LINE_USER not in listed

    def test_an_empty_list_says_so(self) -> None:
        assert "ありません" in inquiry_list([], NOW)

    def test_facts_are_shown_with_the_plans_title_and_value(self, kb: KnowledgeBase) -> None:
        plan = kb.plans[0]
        reply = Reply("…", "plan.certified", (plan.id,), facts=(f"{plan.id}.certified",
                                                                  f"{plan.id}.period"))

        facts = used_facts(kb, reply)

        assert facts[0].startswith(plan.title)
        assert to_wareki(plan.certification.date) in facts[0]
        assert to_wareki(plan.period.end) in facts[1]

    def test_the_offices_contact_is_a_fact_too(self, kb: KnowledgeBase) -> None:
        [fact] = used_facts(kb, Reply("…", "handoff.accepted", facts=("city.contact",)))

        assert kb.city.contact.phone in fact

    def test_the_draft_is_shown_with_its_source(self, kb: KnowledgeBase) -> None:
        _, blocks = draft_answer(kb, "質問", Reply("答え", "x"))
        shown = json.dumps(blocks, ensure_ascii=False)

        assert "答え" in shown and kb.city.source.title in shown


class TestStaffText:
    def test_slack_markup_becomes_plain_text_with_lines_kept(self) -> None:
        assert readable_text("<@U1> こんにちは &lt;確認&gt;\n<https://a.example/x|資料> "
                             "<mailto:a@b.example|a@b.example> <#C1|general> <!here>") == (
            "こんにちは <確認>\n資料（https://a.example/x） a@b.example #general"
        )

    def test_memos_are_recognised(self) -> None:
        assert is_memo("  // 確認中")
        assert is_memo("（メモ）田中さんへ")
        assert not is_memo("メモ帳をお持ちください")

    def test_subcommands_and_questions(self) -> None:
        assert split_subcommand("inquiries") == ("inquiries", "")
        assert split_subcommand("Draft 認定日は？\n二行目") == ("draft", "認定日は？\n二行目")
        assert split_subcommand("認定日は？") is None
        assert split_subcommand("") is None


def test_ages() -> None:
    assert [age(NOW - dt.timedelta(minutes=m), NOW) for m in (0, 5, 90, 3000)] == [
        "たった今", "5分前", "1時間前", "2日前"
    ]

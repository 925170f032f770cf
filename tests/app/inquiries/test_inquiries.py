"""The hand-off to staff end to end, through the real app on both stores: a
resident on LINE opens an inquiry, staff see it in Slack, answer in its
thread, close it; each request really signed, each platform a local fake
that records what it received."""

from __future__ import annotations

import json

import pytest

from bot.app import create_app
from bot.channels.slack.blocks import ASSIGN_ACTION, CLOSE_ACTION
from bot.knowledge import KnowledgeBase
from bot.knowledge.era import to_wareki
from bot.privacy import user_tag
from bot.store import Store
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import REPLY
from tests.fakes.slack_api import POST_MESSAGE, event_body
from tests.outbox.helpers import (
    FAST,
    FORM,
    INQUIRY_CHANNEL,
    OUTSIDER,
    RESIDENT,
    STAFF,
    blocks_text,
    both_settings,
    command_body,
    everything_sent_to_slack,
    inquiry_posts,
    line_says,
    open_inquiry_on_line,
    post_of,
    press,
    settle,
    shortcut_body,
    slack_post,
    staff_replies,
    thread_reply,
)
from tests.platforms import RunningApp, Twin, running


class TestTheWholeWay:
    async def test_resident_inquiry_staff_answer_and_closing(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi,
        kb: KnowledgeBase,
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line, "市長に意見を伝えたい")
        await settle(app)

        # staff see it, once, without the resident's LINE id
        [post] = inquiry_posts(fake_slack)
        assert len(fake_slack.received(POST_MESSAGE)) == 1
        shown = blocks_text(post)
        assert f"受付番号 {number}" in shown
        assert "市長に意見を伝えたい" in shown
        assert "LINE" in shown
        assert RESIDENT not in everything_sent_to_slack(fake_slack)

        # a staff reply in the thread reaches the resident once, with a retry key
        body = await staff_replies(app, "ご意見ありがとうございます。市長に伝えます。", post["ts"])
        await settle(app)
        [push] = fake_line.delivered(RESIDENT)
        assert push.headers.get("x-line-retry-key")
        text = push.json["messages"][0]["text"]
        assert "ご意見ありがとうございます。市長に伝えます。" in text
        assert f"受付番号 {number}" in text
        assert kb.city.office in text
        [note] = fake_slack.thread(INQUIRY_CHANNEL, post["ts"])
        assert "LINEでお届けしました" in note["text"]

        # Slack retrying the same event delivers nothing more
        await slack_post(app, body, headers={"x-slack-retry-num": "1",
                                              "x-slack-retry-reason": "http_timeout"})
        await settle(app)
        assert len(fake_line.pushes()) == 1
        assert len(fake_slack.thread(INQUIRY_CHANNEL, post["ts"])) == 1

        # 完了: the resident is told once, the post says who closed it
        await press(app, fake_slack, CLOSE_ACTION, number, post["ts"])
        await press(app, fake_slack, CLOSE_ACTION, number, post["ts"])  # a double click
        await settle(app)
        closing = [t for t in fake_line.delivered_texts(RESIDENT) if "完了しました" in t]
        assert len(closing) == 1
        assert f"受付番号 {number}" in closing[0]
        redrawn = post_of(fake_slack, number)
        assert "完了" in blocks_text(redrawn)
        assert f"<@{STAFF}>" in blocks_text(redrawn)
        assert "inquiry_close" not in blocks_text(redrawn)

        # and the resident's next message is answered by the bot again
        replies_before = len(fake_line.received(REPLY))
        await line_says(app, "電話番号を教えて")
        await settle(app)
        answer = fake_line.received(REPLY)[replies_before].json["messages"][0]["text"]
        assert kb.city.contact.phone in answer
        assert len(fake_slack.thread(INQUIRY_CHANNEL, post["ts"])) == 2  # the closing note only


class TestStaffInSlack:
    async def test_taking_an_inquiry_shows_who_answers_it(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)
        post = post_of(fake_slack, number)

        await press(app, fake_slack, ASSIGN_ACTION, number, post["ts"])
        await settle(app)

        redrawn = blocks_text(post_of(fake_slack, number))
        assert f"<@{STAFF}>" in redrawn
        assert "対応中" in redrawn
        assert fake_line.delivered(RESIDENT) == []  # taking it is staff business
        await press(app, fake_slack, ASSIGN_ACTION, number, post["ts"])
        [again] = fake_slack.responses()
        assert "すでにあなたが担当" in again.json["text"]
        assert again.json["response_type"] == "ephemeral"

    async def test_the_residents_further_messages_appear_in_the_thread(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line)
        await line_says(app, "追加です。できれば今週中にお願いします。")
        await settle(app)

        post = post_of(fake_slack, number)
        [followup] = fake_slack.thread(INQUIRY_CHANNEL, post["ts"])
        assert "追加です。できれば今週中にお願いします。" in followup["text"]
        assert RESIDENT not in everything_sent_to_slack(fake_slack)

    @pytest.mark.parametrize(
        ("text", "extra"),
        [
            ("// 市長室に確認中です", {}),
            ("（メモ）担当は田中さんでお願いします", {}),
            ("<@UBOTUSER1> この計画の認定日は？", {}),
            ("ご意見ありがとうございます", {"subtype": "message_changed"}),
            ("ご意見ありがとうございます", {"bot_id": "B0OTHER01"}),
        ],
        ids=["memo-slashes", "memo-word", "question-to-the-bot", "an-edit", "another-bot"],
    )
    async def test_thread_messages_that_are_not_answers_stay_in_slack(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi,
        text: str, extra: dict[str, str],
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)
        post = post_of(fake_slack, number)

        event = thread_reply(text, post["ts"], **extra)
        await slack_post(app, event_body(event, event_id=f"Ev-{hash(text)}"))
        await settle(app)

        assert fake_line.pushes() == []

    async def test_control_a_plain_staff_reply_in_the_thread_is_pushed(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        # beside the two tests that expect no push: the same setup with a reply
        # that is an answer, in the inquiry's own thread, does reach the resident
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)
        post = post_of(fake_slack, number)

        await staff_replies(app, "ご意見ありがとうございます", post["ts"])
        await settle(app)

        assert len(fake_line.pushes()) == 1

    async def test_a_reply_in_some_other_thread_of_the_channel_is_not_sent(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        await open_inquiry_on_line(app, fake_line)
        await settle(app)

        await staff_replies(app, "お疲れさまです", "1764000000.999999")
        await settle(app)

        assert fake_line.pushes() == []

    async def test_answers_reach_the_resident_who_asked(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        other = "U" + "b2" * 16
        first = await open_inquiry_on_line(app, fake_line, "市長に意見を伝えたい", RESIDENT)
        second = await open_inquiry_on_line(app, fake_line, "ごみの出し方を知りたいです", other)
        await settle(app)

        await staff_replies(app, "二番目の方へのお返事です", post_of(fake_slack, second)["ts"])
        await staff_replies(app, "一番目の方へのお返事です", post_of(fake_slack, first)["ts"])
        await settle(app)

        assert [t.split("\n")[1] for t in fake_line.delivered_texts(other)] == [
            "二番目の方へのお返事です"
        ]
        assert [t.split("\n")[1] for t in fake_line.delivered_texts(RESIDENT)] == [
            "一番目の方へのお返事です"
        ]

    async def test_slack_formatting_is_made_readable_for_the_resident(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)

        await staff_replies(
            app,
            "<@U0STAFF02> 確認しました。\n詳しくは <https://www.city.nagai.yamagata.jp/|市のページ> "
            "をご覧ください &amp; お気軽にどうぞ",
            post_of(fake_slack, number)["ts"],
        )
        await settle(app)

        [text] = fake_line.delivered_texts(RESIDENT)
        body = text.split("\n", 1)[1]
        assert body == (
            "確認しました。\n詳しくは 市のページ（https://www.city.nagai.yamagata.jp/） "
            "をご覧ください & お気軽にどうぞ"
        )

    async def test_a_web_resident_sees_the_answer_on_the_page(
        self, app: RunningApp, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        # one browser: the client keeps the cookie the first answer sets
        for text in ("市長に意見を伝えたい", "担当者に問い合わせたい", "送信する"):
            answer = await app.client.post("/api/ask", json={"text": text})
            assert answer.status_code == 200
        await settle(app)
        [post] = inquiry_posts(fake_slack)
        assert "Webページ" in blocks_text(post)

        await staff_replies(app, "ページでのお返事です", post["ts"])
        await settle(app)

        inbox = await app.client.get("/api/inbox", params={"after": 0})
        [shown] = inbox.json()
        assert "ページでのお返事です" in shown["text"]
        [note] = fake_slack.thread(INQUIRY_CHANNEL, post["ts"])
        assert "Webページでお届けしました" in note["text"]


class TestWhoMayAct:
    async def test_a_non_member_cannot_close_and_the_resident_hears_nothing(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)

        await press(app, fake_slack, CLOSE_ACTION, number, post_of(fake_slack, number)["ts"],
                    user=OUTSIDER)
        await settle(app)

        assert fake_line.delivered(RESIDENT) == []
        record = store.desk.get_inquiry(number)
        assert record is not None and record.is_open
        [refusal] = fake_slack.responses()
        assert refusal.json["response_type"] == "ephemeral"
        assert "メンバー" in refusal.json["text"]

    async def test_a_non_members_thread_reply_is_not_sent_and_they_are_told(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line)
        await settle(app)

        await staff_replies(app, "代わりにお答えします", post_of(fake_slack, number)["ts"],
                            user=OUTSIDER)
        await settle(app)

        assert fake_line.pushes() == []
        [note] = fake_slack.ephemerals()
        assert note.json["user"] == OUTSIDER
        assert "送られていません" in note.json["text"]

    async def test_a_listed_staff_user_outside_the_channel_may_close(
        self, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        settings = both_settings(fake_line, fake_slack, slack_staff_user_ids=OUTSIDER)
        async for app in running(create_app(settings, store=store, delivery=FAST)):
            number = await open_inquiry_on_line(app, fake_line)
            await settle(app)

            await press(app, fake_slack, CLOSE_ACTION, number,
                        post_of(fake_slack, number)["ts"], user=OUTSIDER)
            await settle(app)

            assert len(fake_line.delivered(RESIDENT)) == 1
            assert fake_slack.responses() == []

    async def test_only_staff_see_the_list_of_open_inquiries(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        number = await open_inquiry_on_line(app, fake_line, "市長に意見を伝えたい")
        await settle(app)

        await slack_post(app, command_body("inquiries", user=OUTSIDER,
                                           response_url=fake_slack.response_url), FORM)
        await slack_post(app, command_body("inquiries", user=STAFF,
                                           response_url=fake_slack.response_url), FORM)

        refused, listed = fake_slack.responses()
        assert "市長" not in refused.json["text"]
        assert refused.json["response_type"] == "ephemeral"
        assert f"受付番号 {number}" in listed.json["text"]
        assert "市長に意見を伝えたい" in listed.json["text"]
        assert "未対応" in listed.json["text"]
        assert listed.json["response_type"] == "ephemeral"
        assert RESIDENT not in everything_sent_to_slack(fake_slack)


class TestDraftAnswers:
    async def test_a_forwarded_question_gets_the_bots_draft_and_the_facts_it_used(
        self, app: RunningApp, fake_slack: FakeSlackApi, kb: KnowledgeBase, twin: Twin
    ) -> None:
        question = "地域連携DMOの認定日を教えてください"
        await slack_post(app, command_body(f"draft {question}", user=OUTSIDER,
                                           response_url=fake_slack.response_url), FORM)

        [draft] = fake_slack.responses()
        shown = json.dumps(draft.json["blocks"], ensure_ascii=False)
        expected = twin.ask("slack-draft", "someone", question)
        assert expected.text in shown
        assert "使った情報" in shown
        plan = kb.plan(expected.plans[0])
        assert plan.title in shown
        assert to_wareki(plan.certification.date) in shown
        assert draft.json["response_type"] == "ephemeral"
        assert fake_slack.posts() == []  # nobody else sees it

    async def test_the_message_shortcut_drafts_an_answer_to_a_forwarded_mail(
        self, app: RunningApp, fake_slack: FakeSlackApi, twin: Twin
    ) -> None:
        mail = "お世話になります。\n地域連携DMOの計画期間はいつまでですか。"
        await slack_post(app, shortcut_body(mail, user=STAFF,
                                            response_url=fake_slack.response_url), FORM)

        [draft] = fake_slack.responses()
        shown = json.dumps(draft.json["blocks"], ensure_ascii=False)
        assert twin.ask("slack-draft", "x", mail).text in shown
        assert "計画期間" in shown

    async def test_drafts_leave_no_conversation_behind(
        self, app: RunningApp, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        await slack_post(app, command_body("draft 計画の一覧", user=STAFF,
                                           response_url=fake_slack.response_url), FORM)

        with store.db.session() as s:
            row = s.fetchone("SELECT COUNT(*) FROM contexts WHERE user_key LIKE 'slack-draft:%'")
        assert row == (0,)

    async def test_draft_without_text_explains_itself(
        self, app: RunningApp, fake_slack: FakeSlackApi
    ) -> None:
        await slack_post(app, command_body("draft", user=STAFF,
                                           response_url=fake_slack.response_url), FORM)

        [usage] = fake_slack.responses()
        assert "/keikaku draft" in usage.json["text"]


class TestLogsKeepResidentsPrivate:
    async def test_no_raw_user_id_and_no_message_text_in_info_logs(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        caplog.set_level("INFO")
        question = "図書館の駐車場が狭いと伝えたい"
        await open_inquiry_on_line(app, fake_line, question)
        await settle(app)
        [post] = inquiry_posts(fake_slack)
        answer = "ご意見ありがとうございます。担当課に伝えます。"
        await staff_replies(app, answer, post["ts"])
        await settle(app)

        logged = "\n".join(
            record.getMessage() for record in caplog.records if record.levelno >= 20
        )
        assert logged, "the conversation should have left info logs to inspect"
        assert RESIDENT not in logged
        assert user_tag("line", RESIDENT) in logged  # the resident is followed, hashed
        assert question not in logged and answer not in logged

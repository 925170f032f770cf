"""The whole loop through the real channels: residents ask and rate on LINE and
the web page, staff see the queue in Slack, teach an alias, dismiss, answer.
Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from bot.privacy import user_tag
from bot.store import Store
from tests.app.office.conftest import OUTSIDER, STAFF
from tests.app.office.helpers import (
    VIEWS_OPEN,
    home_action,
    home_text,
    line_says,
    line_user,
    open_home,
    quick_replies,
    row_keys,
    slack_command,
    submit_answer,
)
from tests.fakes import FakeLineApi, FakeSlackApi
from tests.fakes.line_api import PUSH
from tests.platforms import RunningApp

UP, DOWN = "👍 役に立った", "👎 役に立たなかった"
UNKNOWN = "雪灯りまつりの計画はいつまで?"


def rows(store: Store, sql: str, params: tuple = ()) -> list[tuple]:
    with store.db.session() as s:
        return s.fetchall(sql, params)


class TestRecordingAndRatings:
    async def test_an_answer_is_recorded_with_its_query_and_a_hashed_user_and_offers_ratings(
        self, app: RunningApp, fake_line: FakeLineApi, store: Store
    ) -> None:
        user = line_user(1)
        reply = await line_says(app, fake_line, user, "DMOの計画はいつまで?")
        assert "令和" in reply["text"] or "平成" in reply["text"]
        assert quick_replies(reply)[-2:] == [UP, DOWN]
        assert len(quick_replies(reply)) > 2  # the answer's own suggestions are still there
        [(tag, outcome, plans, query)] = rows(
            store, "SELECT user_tag, outcome, plans, query FROM questions"
        )
        assert tag == user_tag("line", user) and outcome == "answered"
        assert store.db.from_db_json(plans) == ["dmo-tourism"]
        assert store.db.from_db_json(query)["kind"] == "plan"
        assert store.db.from_db_json(query)["fields"] == ["period"]
        everything = repr(rows(store, "SELECT * FROM questions"))
        assert user not in everything

    async def test_thumbs_up_is_stored_with_the_question_and_thanked(
        self, app: RunningApp, fake_line: FakeLineApi, store: Store
    ) -> None:
        user = line_user(2)
        await line_says(app, fake_line, user, "DMOの計画はいつまで?")
        thanks = await line_says(app, fake_line, user, UP)
        assert "ありがとうございます" in thanks["text"]
        assert rows(store, "SELECT rating, queue_state FROM questions") == [("up", None)]
        assert store.analytics.figures().up == 1

    async def test_thumbs_down_queues_the_question_and_offers_the_hand_off_which_carries_it(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        user = line_user(3)
        await line_says(app, fake_line, user, "DMOの計画の概要")
        sorry = await line_says(app, fake_line, user, DOWN)
        assert "申し訳ありません" in sorry["text"]
        assert quick_replies(sorry) == ["担当者に問い合わせたい"]
        assert [q.text for q in store.analytics.open_queue()] == ["DMOの計画の概要"]
        confirm = await line_says(app, fake_line, user, "担当者に問い合わせたい")
        assert "「DMOの計画の概要」" in confirm["text"]  # the rated question is what is sent
        accepted = await line_says(app, fake_line, user, "送信する")
        assert "受付番号" in accepted["text"]
        assert rows(store, "SELECT outcome, rating FROM questions") == [("handoff", "down")]
        assert store.analytics.open_queue() == []  # it is an inquiry now, not a queue row

    async def test_control_a_rating_with_no_answer_before_it_rates_nothing(
        self, app: RunningApp, fake_line: FakeLineApi, store: Store
    ) -> None:
        reply = await line_says(app, fake_line, line_user(4), DOWN)
        assert "見つかりませんでした" in reply["text"]
        assert rows(store, "SELECT COUNT(*) FROM questions") == [(0,)]

    async def test_the_web_page_offers_and_takes_ratings_too(
        self, app: RunningApp, store: Store
    ) -> None:
        browser = "b" * 32
        answer = (await app.client.post(
            "/api/ask", json={"user": browser, "text": "パラレルワークの計画期間"}
        )).json()  # fmt: skip
        assert [s["text"] for s in answer["suggestions"]][-2:] == [UP, DOWN]
        rated = (await app.client.post("/api/ask", json={"user": browser, "text": DOWN})).json()
        assert "申し訳ありません" in rated["answer"]
        assert rows(store, "SELECT channel, rating FROM questions") == [("web", "down")]

    async def test_a_which_plan_question_settled_by_the_next_message_leaves_the_queue(
        self, app: RunningApp, fake_line: FakeLineApi, store: Store
    ) -> None:
        user, other = line_user(5), line_user(6)
        await line_says(app, fake_line, user, "認定日は?")
        await line_says(app, fake_line, other, "認定日は?")
        assert len(store.analytics.open_queue()) == 2
        await line_says(app, fake_line, user, "2")  # settles it
        [left] = store.analytics.open_queue()
        assert left.user_tag == user_tag("line", other)
        figures = store.analytics.figures()
        assert figures.outcomes["ambiguous"] == 2 and figures.outcomes["answered"] == 1


class TestTheQueueInSlack:
    async def ask_unknown(self, app: RunningApp, fake_line: FakeLineApi, users: range) -> None:
        wordings = [
            UNKNOWN,
            "雪灯りまつりの計画はいつまでですか",
            "ゆきあかりまつりの計画はいつまで",
        ]
        for n in users:
            reply = await line_says(app, fake_line, line_user(n), wordings[n % 3])
            assert "お答えできません" in reply["text"]

    async def test_similar_questions_are_one_row_with_a_count_in_app_home_and_the_command(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        await self.ask_unknown(app, fake_line, range(10, 13))
        await line_says(app, fake_line, line_user(20), "ごみの収集日を教えて")
        blocks = await open_home(app, fake_slack, STAFF)
        text = home_text(blocks)
        assert len(row_keys(blocks)) == 2
        assert "3件（3人）" in text and "1件（1人）" in text
        command = await slack_command(app, fake_slack, "unanswered", STAFF)
        assert command["response_type"] == "ephemeral"
        assert "未回答の質問: 2件" in command["text"]

    async def test_someone_not_staff_sees_no_queue(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi
    ) -> None:
        await self.ask_unknown(app, fake_line, range(10, 11))
        blocks = await open_home(app, fake_slack, OUTSIDER)
        assert row_keys(blocks) == [] and "雪灯り" not in home_text(blocks)
        command = await slack_command(app, fake_slack, "unanswered", OUTSIDER)
        assert "雪灯り" not in str(command) and "メンバーの方" in command["text"]

    async def test_this_plan_teaches_an_alias_that_answers_at_once_and_can_be_removed(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        await self.ask_unknown(app, fake_line, range(10, 13))
        [key] = row_keys(await open_home(app, fake_slack, STAFF))
        await home_action(app, fake_slack, STAFF, {
            "type": "static_select", "action_id": "queue_alias",
            "selected_option": {"value": f"{key}|dmo-tourism"},
        })  # fmt: skip
        [alias] = store.analytics.active_aliases()
        assert (alias.plan_id, alias.phrase, alias.added_by) == (
            "dmo-tourism",
            "雪灯りまつり",
            STAFF,
        )
        assert store.analytics.open_queue() == []
        reply = await line_says(app, fake_line, line_user(30), UNKNOWN)
        assert "地域連携DMO" in reply["text"] and "お答えできません" not in reply["text"]
        dm = fake_slack.channel_messages(STAFF)
        assert (
            "「雪灯りまつり」を「地域連携DMOを中心とした観光地域づくり計画」の呼び方として"
            in dm[-1]["text"]
        )

        listing = await slack_command(app, fake_slack, "aliases", STAFF)
        assert "雪灯りまつり" in str(listing["blocks"])
        await home_action(app, fake_slack, STAFF, {
            "type": "button", "action_id": "alias_remove", "value": str(alias.id),
        })  # fmt: skip
        assert store.analytics.active_aliases() == []
        again = await line_says(app, fake_line, line_user(31), UNKNOWN)
        assert "お答えできません" in again["text"]
        actions = [e.action for e in store.analytics.audit_trail()]
        assert actions[:2] == ["alias.remove", "queue.alias"] and "alias.add" in actions

    async def test_an_alias_that_would_make_another_plans_questions_ambiguous_is_refused(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        # answered, but not what the resident wanted: the 👎 puts it in the queue
        await line_says(app, fake_line, line_user(40), "イノベーションの計画って何?")
        await line_says(app, fake_line, line_user(40), DOWN)
        [key] = row_keys(await open_home(app, fake_slack, STAFF))
        await home_action(app, fake_slack, STAFF, {
            "type": "static_select", "action_id": "queue_alias",
            "selected_option": {"value": f"{key}|dmo-tourism"},
        })  # fmt: skip
        assert store.analytics.active_aliases() == []
        refusal = fake_slack.channel_messages(STAFF)[-1]["text"]
        assert "登録できませんでした" in refusal and "しごと創出イノベーション計画" in refusal
        assert len(store.analytics.open_queue()) == 1

    async def test_dismissing_removes_the_whole_row_and_is_audited(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        await self.ask_unknown(app, fake_line, range(10, 12))
        [key] = row_keys(await open_home(app, fake_slack, STAFF))
        await home_action(app, fake_slack, STAFF, {
            "type": "button", "action_id": "queue_dismiss", "value": key,
        })  # fmt: skip
        assert store.analytics.open_queue() == []
        assert row_keys(await open_home(app, fake_slack, STAFF)) == []
        [entry] = store.analytics.audit_trail()
        assert (entry.actor, entry.action, entry.detail["questions"]) == (STAFF, "queue.dismiss", 2)

    async def test_write_an_answer_reaches_every_resident_who_asked_exactly_once(
        self, app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
    ) -> None:
        await self.ask_unknown(app, fake_line, range(10, 13))
        await line_says(app, fake_line, line_user(10), UNKNOWN)  # one resident asked twice
        [key] = row_keys(await open_home(app, fake_slack, STAFF))
        await home_action(app, fake_slack, STAFF, {
            "type": "button", "action_id": "queue_answer", "value": key,
        })  # fmt: skip
        [form] = fake_slack.received(VIEWS_OPEN)
        assert "お返事が届く住民の方: 4人" in form.body.decode() or "4" in str(form.json)
        answer = "雪灯りまつりは観光協会の催しです。詳しくは観光協会へお問い合わせください。"
        await submit_answer(app, STAFF, key, answer)
        await submit_answer(app, STAFF, key, answer)  # a second press sends nothing more
        pushes = fake_line.received(PUSH)
        reached = sorted(p.json["to"] for p in pushes)
        # four questions, three residents; one asked twice and gets one answer per question
        assert reached == sorted([line_user(10), line_user(10), line_user(11), line_user(12)])
        assert all(answer in p.json["messages"][0]["text"] for p in pushes)
        assert store.analytics.open_queue() == []
        assert rows(store, "SELECT COUNT(*) FROM question_recipients") == [(0,)]
        assert next(e.action for e in store.analytics.audit_trail()) == "queue.answer"


async def test_taking_answering_and_closing_an_inquiry_are_audited(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> None:
    from tests.app.office.helpers import slack_post
    from tests.fakes.slack_api import action_body
    from tests.outbox.helpers import INQUIRY_CHANNEL, staff_replies

    user = line_user(50)
    await line_says(app, fake_line, user, "DMOの計画の概要について詳しく担当者と話したい")
    await line_says(app, fake_line, user, "送信する")
    [post] = fake_slack.channel_messages(INQUIRY_CHANNEL)
    inquiry_id = post["metadata"]["event_payload"]["inquiry_id"]

    async def press(action_id: str) -> None:
        body = action_body(
            str(inquiry_id),
            response_url=fake_slack.response_url,
            user=STAFF,
            channel=INQUIRY_CHANNEL,
            message_ts=post["ts"],
            action_id=action_id,
        )
        await slack_post(app, body, "application/x-www-form-urlencoded")

    await press("inquiry_assign")
    await staff_replies(app, "観光局が担当しています。", post["ts"])
    await press("inquiry_close")
    trail = list(reversed(store.analytics.audit_trail()))
    assert [(e.actor, e.action, e.subject) for e in trail] == [
        (STAFF, "inquiry.assign", f"inquiry:{inquiry_id}"),
        (STAFF, "inquiry.answer", f"inquiry:{inquiry_id}"),
        (STAFF, "inquiry.close", f"inquiry:{inquiry_id}"),
    ]
    assert trail[0].created_at <= trail[1].created_at <= trail[2].created_at


async def test_a_which_plan_row_of_field_words_only_cannot_become_an_alias(
    app: RunningApp, fake_line: FakeLineApi, fake_slack: FakeSlackApi, store: Store
) -> None:
    await line_says(app, fake_line, line_user(60), "認定日は?")
    [key] = row_keys(await open_home(app, fake_slack, STAFF))
    await home_action(app, fake_slack, STAFF, {
        "type": "static_select", "action_id": "queue_alias",
        "selected_option": {"value": f"{key}|dmo-tourism"},
    })  # fmt: skip
    assert store.analytics.active_aliases() == []
    assert (
        "計画の名前になる言葉が含まれていません" in fake_slack.channel_messages(STAFF)[-1]["text"]
    )

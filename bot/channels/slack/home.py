"""The unanswered queue and the learned aliases in Slack, for staff.

- App Home (the app's Home tab), published on `app_home_opened`, and
  `/keikaku unanswered` (shown only to the one who asked): the queue grouped
  by similar wording, each row with
  「この計画のこと」 (a plan menu: the row's wording becomes a learned alias of
  the plan chosen, validated first; a refusal says which plan it collides with),
  「対象外」 (dismiss the row) and 「回答を書く」 (a form; the answer goes to every
  resident who asked, through the inquiry delivery, once each).
- `/keikaku aliases` and the Home tab list the learned aliases, each with 「削除」.

Only staff (bot/channels/slack/staff.py's StaffDirectory) may see or act:
the queue holds what residents wrote. Every action is in the audit trail.
Scopes: none beyond the app's (views.publish and views.open need no scope).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from starlette.concurrency import run_in_threadpool

from bot.analytics.aliases import AliasRefused, check_alias, suggested_phrase
from bot.analytics.grouping import QueueGroup, find_group, group_questions
from bot.analytics.records import (
    AMBIGUOUS,
    AUDIT_DISMISS,
    AUDIT_QUEUE_ANSWER,
    DOWN,
    OUT_OF_SCOPE,
    QUEUE_ALIAS,
    QUEUE_DISMISSED,
    LearnedAlias,
    QuestionRecord,
)
from bot.channels.slack.staff import NOT_STAFF, StaffDirectory
from bot.clock import JST
from bot.knowledge.era import to_wareki
from bot.privacy import user_tag

log = logging.getLogger(__name__)

UNANSWERED, ALIASES = "unanswered", "aliases"
ALIAS_ACTION = "queue_alias"
DISMISS_ACTION = "queue_dismiss"
ANSWER_ACTION = "queue_answer"
REMOVE_ALIAS_ACTION = "alias_remove"
ANSWER_VIEW = "queue_answer_modal"
ANSWER_BLOCK, ANSWER_INPUT = "answer", "text"
MAX_ROWS = 15  # a Home view holds 100 blocks; each row takes 3 or 4
REASONS = {OUT_OF_SCOPE: "対象外", AMBIGUOUS: "どの計画か未確定", DOWN: "役に立たなかった"}


class OfficeDesk(Protocol):
    """What staff's queue actions need of the store (bot.store.analytics)."""

    def open_queue(self, limit: int = ...) -> list[QuestionRecord]: ...
    def active_aliases(self) -> list[LearnedAlias]: ...
    def add_alias(self, plan_id: str, phrase: str, actor: str, source: dict[str, Any]) -> int: ...
    def remove_alias(self, alias_id: int, actor: str) -> LearnedAlias | None: ...
    def close_questions(
        self, question_ids: tuple[int, ...], state: str, actor: str, action: str,
        detail: dict[str, Any],
    ) -> int: ...  # fmt: skip
    def answer_questions(
        self, question_ids: tuple[int, ...], staff_id: str, text: str, action: str
    ) -> int: ...
    def recipients(self, question_ids: tuple[int, ...]) -> int: ...


def office_subcommand(text: str) -> str | None:
    """ "unanswered" or "aliases" for those /keikaku subcommands, else None."""
    word = text.strip().split(maxsplit=1)[0].lower() if text.strip() else ""
    return word if word in (UNANSWERED, ALIASES) else None


class OfficeHandlers:
    def __init__(self, bot: Any, desk: OfficeDesk, directory: StaffDirectory) -> None:
        self.bot = bot  # bot.analytics.live.LiveBot: its kb has the learned aliases
        self.desk = desk
        self.directory = directory

    def register(self, app: AsyncApp, track: Any) -> None:
        async def home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
            track()
            if event.get("tab", "home") == "home":
                await self.publish_home(event.get("user", ""), client)

        async def action(ack: Any, body: dict[str, Any], client: Any, respond: Any) -> None:
            track()
            await ack()
            await self.on_action(body, client, respond)

        async def submit(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
            track()
            await self.on_answer_submitted(ack, body, view, client)

        app.event("app_home_opened")(home_opened)
        for action_id in (ALIAS_ACTION, DISMISS_ACTION, ANSWER_ACTION, REMOVE_ALIAS_ACTION):
            app.action(action_id)(action)
        app.view(ANSWER_VIEW)(submit)

    # -- what staff see ---------------------------------------------------------------

    async def groups(self) -> list[QueueGroup]:
        return group_questions(await run_in_threadpool(self.desk.open_queue))

    async def publish_home(self, user: str, client: AsyncWebClient) -> None:
        if not await self.directory.is_staff(user, client):
            blocks = [_section(NOT_STAFF)]
        else:
            groups = await self.groups()
            aliases = await run_in_threadpool(self.desk.active_aliases)
            blocks = [*self.queue_blocks(groups), {"type": "divider"}, *self.alias_blocks(aliases)]
        try:
            await client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("slack: App Home not published: %r", error)

    def queue_blocks(self, groups: list[QueueGroup]) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = [
            {"type": "header", "text": {"type": "plain_text", "text": "未回答の質問"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": (
                "ボットが答えられなかった質問・どの計画か決まらなかった質問・"
                "「役に立たなかった」と評価された回答です。似た言い方はまとめています。"
            )}]},
        ]  # fmt: skip
        if not groups:
            blocks.append(_section("未回答の質問はありません。"))
        for group in groups[:MAX_ROWS]:
            blocks.extend(self._row(group))
        if len(groups) > MAX_ROWS:
            blocks.append(
                _section(f"ほか {len(groups) - MAX_ROWS} 件は、対応が済むと表示されます。")
            )
        return blocks

    def _row(self, group: QueueGroup) -> list[dict[str, Any]]:
        kb = self.bot.kb
        reasons = "・".join(f"{REASONS.get(k, k)} {n}件" for k, n in group.reasons.items())
        last = group.last_at.astimezone(JST)
        options = [
            {"text": {"type": "plain_text", "text": _clip(kb.aliases_of(p.id).names[0]
                      if kb.aliases_of(p.id).names else p.title, 75)},
             "value": f"{group.key}|{p.id}"}
            for p in kb.plans[:100]
        ]  # fmt: skip
        phrase = suggested_phrase(group.text)
        return [
            _section(
                f"*「{_escape(_clip(group.text, 200))}」*  {group.count}件（{group.residents}人）\n"
                f"{reasons}・最後は {last.month}月{last.day}日 {last.hour}時{last.minute:02d}分"
            ),
            {
                "type": "actions",
                "block_id": f"queue:{group.key}",
                "elements": [
                    {
                        "type": "static_select",
                        "action_id": ALIAS_ACTION,
                        "placeholder": {"type": "plain_text", "text": "この計画のこと"},
                        "options": options,
                    },
                    _button("対象外", DISMISS_ACTION, str(group.key)),
                    _button("回答を書く", ANSWER_ACTION, str(group.key), style="primary"),
                ],
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": (
                f"計画を選ぶと「{_escape(phrase)}」がその計画の呼び方として登録されます。"
            )}]},
        ]  # fmt: skip

    def alias_blocks(self, aliases: list[LearnedAlias]) -> list[dict[str, Any]]:
        kb = self.bot.kb
        blocks: list[dict[str, Any]] = [
            {"type": "header", "text": {"type": "plain_text", "text": "登録した呼び方"}}
        ]
        if not aliases:
            blocks.append(_section("まだありません。"))
        for alias in aliases[-40:]:
            title = kb.by_id[alias.plan_id].title if alias.plan_id in kb.by_id else alias.plan_id
            added = alias.added_at.astimezone(JST)
            blocks.append(
                {
                    **_section(
                        f"「{_escape(alias.phrase)}」→ {_escape(title)}\n"
                        f"<@{alias.added_by}> が {to_wareki(added.date())}に登録"
                    ),
                    "accessory": _button(
                        "削除", REMOVE_ALIAS_ACTION, str(alias.id), style="danger"
                    ),
                }
            )
        return blocks

    # -- /keikaku unanswered, /keikaku aliases ----------------------------------------

    async def on_command(
        self, subcommand: str, command: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        if not await self.directory.is_staff(command.get("user_id"), client):
            await _tell(respond, NOT_STAFF)
            return
        if subcommand == UNANSWERED:
            groups = await self.groups()
            text = f"未回答の質問: {len(groups)}件（似た言い方はまとめています）"
            await _tell(respond, text, self.queue_blocks(groups))
        else:
            aliases = await run_in_threadpool(self.desk.active_aliases)
            await _tell(respond, f"登録した呼び方: {len(aliases)}件", self.alias_blocks(aliases))

    # -- the row's buttons ------------------------------------------------------------

    async def on_action(self, body: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        user = (body.get("user") or {}).get("id") or ""
        action = (body.get("actions") or [{}])[0]
        action_id = action.get("action_id")
        if not await self.directory.is_staff(user, client):
            await _tell(respond, NOT_STAFF)
            return
        if action_id == ANSWER_ACTION:
            await self._open_answer_form(body, action, client, respond)
            return
        if action_id == ALIAS_ACTION:
            value = (action.get("selected_option") or {}).get("value", "")
            key_text, _, plan_id = value.partition("|")
            text = await self._learn(_int(key_text), plan_id, user)
        elif action_id == DISMISS_ACTION:
            text = await self._dismiss(_int(action.get("value")), user)
        else:
            text = await self._remove_alias(_int(action.get("value")), user)
        await self._after(body, user, client, respond, text)

    async def _learn(self, key: int | None, plan_id: str, user: str) -> str:
        group = find_group(await self.groups(), key) if key is not None else None
        if group is None:
            return "この質問はすでに対応済みです。"
        phrase = suggested_phrase(group.text)
        try:
            checked = await run_in_threadpool(check_alias, self.bot.kb, plan_id, phrase)
        except AliasRefused as refused:
            return f"登録できませんでした: {refused}"
        try:
            await run_in_threadpool(
                self.desk.add_alias, checked.plan_id, checked.phrase, user,
                {"question": group.key, "questions": group.count},
            )  # fmt: skip
        except ValueError:
            return f"「{checked.phrase}」はすでに登録されています。"
        await run_in_threadpool(
            self.desk.close_questions, group.question_ids, QUEUE_ALIAS, user, "queue.alias",
            {"plan": checked.plan_id, "phrase": checked.phrase},
        )  # fmt: skip
        await run_in_threadpool(self.bot.refresh)
        title = self.bot.kb.plan(checked.plan_id).title
        log.info("slack: staff %s taught an alias of %s", user_tag("slack", user), plan_id)
        return f"「{checked.phrase}」を「{title}」の呼び方として登録しました。すぐに使われます。"

    async def _dismiss(self, key: int | None, user: str) -> str:
        group = find_group(await self.groups(), key) if key is not None else None
        if group is None:
            return "この質問はすでに対応済みです。"
        await run_in_threadpool(
            self.desk.close_questions, group.question_ids, QUEUE_DISMISSED, user, AUDIT_DISMISS,
            {"text": group.text[:200]},
        )  # fmt: skip
        return f"「{_clip(group.text, 60)}」（{group.count}件）を対象外にしました。"

    async def _remove_alias(self, alias_id: int | None, user: str) -> str:
        removed = (
            await run_in_threadpool(self.desk.remove_alias, alias_id, user)
            if alias_id is not None
            else None
        )
        if removed is None:
            return "この呼び方はすでに削除されています。"
        await run_in_threadpool(self.bot.refresh)
        return f"呼び方「{removed.phrase}」を削除しました。"

    async def _after(
        self, body: dict[str, Any], user: str, client: AsyncWebClient, respond: Any, text: str
    ) -> None:
        if (body.get("container") or {}).get("type") == "view" or body.get("view"):
            await self.publish_home(user, client)
            try:
                await client.chat_postMessage(channel=user, text=text)  # the app's DM
            except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
                log.warning("slack: action result not sent: %r", error)
            return
        await _tell(respond, text)

    # -- 「回答を書く」 -------------------------------------------------------------------

    async def _open_answer_form(
        self, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient, respond: Any
    ) -> None:
        key = _int(action.get("value"))
        group = find_group(await self.groups(), key) if key is not None else None
        if group is None:
            await _tell(respond, "この質問はすでに対応済みです。")
            return
        residents = await run_in_threadpool(self.desk.recipients, group.question_ids)
        view = {
            "type": "modal",
            "callback_id": ANSWER_VIEW,
            "private_metadata": str(group.key),
            "title": {"type": "plain_text", "text": "回答を書く"},
            "submit": {"type": "plain_text", "text": "送信する"},
            "close": {"type": "plain_text", "text": "やめる"},
            "blocks": [
                _section(f"*「{_escape(_clip(group.text, 300))}」*（{group.count}件）\n"
                         f"お返事が届く住民の方: {residents}人"),
                {"type": "input", "block_id": ANSWER_BLOCK,
                 "label": {"type": "plain_text", "text": "回答"},
                 "element": {"type": "plain_text_input", "action_id": ANSWER_INPUT,
                             "multiline": True, "max_length": 2000}},
            ],
        }  # fmt: skip
        try:
            await client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("slack: answer form not opened: %r", error)

    async def on_answer_submitted(
        self, ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user = (body.get("user") or {}).get("id") or ""
        values = (view.get("state") or {}).get("values") or {}
        text = ((values.get(ANSWER_BLOCK) or {}).get(ANSWER_INPUT) or {}).get("value") or ""
        if not text.strip():
            await ack(response_action="errors", errors={ANSWER_BLOCK: "回答を入力してください。"})
            return
        if not await self.directory.is_staff(user, client):
            await ack(response_action="errors", errors={ANSWER_BLOCK: NOT_STAFF})
            return
        await ack()
        group = find_group(await self.groups(), _int(view.get("private_metadata")) or 0)
        if group is None:
            result = "この質問はすでに対応済みです。"
        else:
            sent = await run_in_threadpool(
                self.desk.answer_questions, group.question_ids, user, text.strip(),
                AUDIT_QUEUE_ANSWER,
            )  # fmt: skip
            result = f"「{_clip(group.text, 60)}」への回答を {sent} 人の住民の方にお送りします。"
        await self.publish_home(user, client)
        try:
            await client.chat_postMessage(channel=user, text=result)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("slack: answer result not sent: %r", error)


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def _tell(respond: Any, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
    try:
        await respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
    except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
        log.error("slack: staff answer failed: %r", error)

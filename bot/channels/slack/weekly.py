"""slack.weekly_summary: the week's figures and the top unanswered questions,
posted to SLACK_STAFF_CHANNEL with a chart image (PNG, uploaded in the thread).

The post carries the week in its metadata; before posting, the channel's
recent messages are read for it, so a retry after a lost answer does not
post the summary twice (as the inquiry posts do). Scopes: chat:write,
files:write, channels:history (groups:history) for that check.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Protocol

from bot.analytics.charts import per_day_png
from bot.analytics.grouping import group_questions
from bot.analytics.records import (
    AMBIGUOUS,
    ANSWERED,
    HANDOFF,
    OUT_OF_SCOPE,
    Figures,
    QuestionRecord,
)
from bot.analytics.report import duration
from bot.analytics.weekly import KIND
from bot.channels.slack.outbound import SlackApiClient
from bot.knowledge.era import to_wareki
from bot.knowledge.models import KnowledgeBase
from bot.outbox import OutboxItem, Retryable, Unavailable

log = logging.getLogger(__name__)

EVENT_TYPE = "nagai_weekly_summary"


class WeeklyFigures(Protocol):
    def figures(self, since: dt.date | None = ..., until: dt.date | None = ...) -> Figures: ...
    def open_queue(self, limit: int = ...) -> list[QuestionRecord]: ...


def summary_text(kb: KnowledgeBase, figures: Figures, queue: list[Any]) -> str:
    o = figures.outcomes
    assert figures.since is not None
    lines = [
        f"*先週（{to_wareki(figures.since)}〜{to_wareki(figures.until)}）のまとめ*",
        f"質問 {figures.questions}件: 回答 {o[ANSWERED]}件・どの計画か確認 {o[AMBIGUOUS]}件・"
        f"対象外 {o[OUT_OF_SCOPE]}件・担当者へ {o[HANDOFF]}件",
        f"評価: 役に立った {figures.up}件・役に立たなかった {figures.down}件",
        f"対応中のお問い合わせ {figures.open_inquiries}件・最初の返信まで（中央値）"
        f"{duration(figures.median_first_reply)}",
        "*未回答の質問（多い順）*",
    ]
    lines += [f"• 「{g.text[:80]}」 {g.count}件" for g in queue[:5]] or ["• ありません"]
    lines.append("アプリのホームから、呼び方の登録・対象外・回答ができます。")
    return "\n".join(lines)


class WeeklyDelivery:
    KINDS = (KIND,)

    def __init__(self, kb: KnowledgeBase, figures: WeeklyFigures, api: SlackApiClient | None):
        self.kb = kb
        self.figures = figures
        self.api = api

    async def deliver(self, item: OutboxItem) -> dict[str, Any] | None:
        # imported only once Slack is configured
        import aiohttp
        from slack_sdk.errors import SlackApiError

        client = self.api.client if self.api is not None else None
        if client is None:
            raise Unavailable("SLACK_BOT_TOKEN が設定されていないため、Slackに送れません")
        payload = item.payload
        channel, period = payload["channel"], payload["period"]
        since, until = (
            dt.date.fromisoformat(payload["since"]),
            dt.date.fromisoformat(payload["until"]),
        )
        figures = self.figures.figures(since=since, until=until)
        queue = group_questions(self.figures.open_queue())
        try:
            ts = await self._posted(client, channel, period)
            if ts is None:
                text = summary_text(self.kb, figures, queue)
                posted = await client.chat_postMessage(
                    channel=channel, text=text,
                    blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
                    metadata={"event_type": EVENT_TYPE, "event_payload": {"period": period}},
                )  # fmt: skip
                ts = str(posted["ts"])
            await client.files_upload_v2(
                channel=channel, thread_ts=ts, content=per_day_png(figures.per_day),
                filename=f"weekly-{period}.png", title=f"日ごとの質問（{period}）",
            )  # fmt: skip
        except SlackApiError as error:
            reason = error.response.get("error")
            if reason in ("not_in_channel", "channel_not_found", "invalid_auth", "missing_scope"):
                raise Unavailable(f"週のまとめを送れません（Slack: {reason}）") from None
            raise Retryable(f"週のまとめを送れませんでした（Slack: {reason}）") from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise Retryable(f"週のまとめを送れませんでした（{type(error).__name__}）") from None
        return {"channel": channel, "ts": ts}

    async def _posted(self, client: Any, channel: str, period: str) -> str | None:
        found = await client.conversations_history(
            channel=channel, limit=50, include_all_metadata=True
        )
        for message in found.get("messages") or []:
            metadata = message.get("metadata") or {}
            if (
                metadata.get("event_type") == EVENT_TYPE
                and (metadata.get("event_payload") or {}).get("period") == period
            ):
                return str(message["ts"])
        return None

    async def give_up(self, item: OutboxItem, reason: str) -> None:
        log.error("weekly summary %s not posted: %s", item.payload.get("period"), reason)

"""At start: may the inquiry channel's members really be trusted as staff?

Staff rights (take, answer, close an inquiry; read what residents wrote) come
from membership of SLACK_INQUIRY_CHANNEL. In a public channel anyone in the
workspace, or a Slack Connect guest, can join and have them, so:

- a private channel: as configured, members are staff;
- a public channel with SLACK_STAFF_USER_IDS: only the listed users are staff
  (membership no longer counts), with a warning that residents' questions are
  visible to the whole workspace;
- a public channel without SLACK_STAFF_USER_IDS, or a channel that cannot be
  checked (not found, a missing scope, Slack unreachable): the staff side is
  refused, with an ERROR saying what to change. Thread replies and buttons are
  not handled, and inquiries wait in the outbox instead of being posted to
  that channel; they are posted once the setting is fixed and the service
  restarted. The rest of the service (LINE, the web page, questions to the
  bot in Slack) runs on.

Needs the scope channels:read (groups:read for a private channel), which the
member check already uses.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

ATTEMPTS = 3


class _Directory(Protocol):
    channel: str | None


class _StaffSide(Protocol):
    inquiry_channel: str | None

    @property
    def directory(self) -> _Directory: ...


class _InquiryPoster(Protocol):
    inquiry_channel: str | None


@dataclass(frozen=True)
class Verdict:
    staff_side: bool  # whether inquiries are posted and handled there
    members_are_staff: bool  # whether membership alone gives staff rights
    message: str  # for the operator's log


async def check_inquiry_channel(
    client: AsyncWebClient, channel: str, staff_user_ids: frozenset[str]
) -> Verdict:
    info = await _channel_info(client, channel)
    if isinstance(info, str):
        return Verdict(
            False,
            False,
            f"SLACK_INQUIRY_CHANNEL ({channel}) を確認できないため、職員側（問い合わせの投稿と"
            f"返信）を止めました: {info}。ボットをチャンネルに招待し、スコープ channels:read と "
            "groups:read を付けてから再起動してください。",
        )
    if info.get("is_private"):
        return Verdict(True, True, f"inquiry channel {channel} is private: its members are staff")
    if staff_user_ids:
        return Verdict(
            True,
            False,
            f"SLACK_INQUIRY_CHANNEL ({channel}) は公開チャンネルです。担当・返信・完了は "
            "SLACK_STAFF_USER_IDS の職員だけができます（住民の問い合わせ内容はワークスペースの"
            "全員が読めます。非公開チャンネルをおすすめします）。",
        )
    return Verdict(
        False,
        False,
        f"SLACK_INQUIRY_CHANNEL ({channel}) は公開チャンネルのため、誰でも参加して住民への"
        "返信ができてしまいます。職員側（問い合わせの投稿と返信）を止めました。"
        "非公開チャンネルに変えるか、SLACK_STAFF_USER_IDS に職員のユーザーIDを設定してから"
        "再起動してください。問い合わせは送信待ちのまま保存されています。",
    )


def apply(verdict: Verdict, staff: _StaffSide, poster: _InquiryPoster | None) -> None:
    """Switch the staff side as the verdict says, and tell the operator."""
    if not verdict.members_are_staff:
        staff.directory.channel = None  # only SLACK_STAFF_USER_IDS count
    if not verdict.staff_side:
        staff.inquiry_channel = None
        if poster is not None:
            poster.inquiry_channel = None
        log.error("%s", verdict.message)
    elif not verdict.members_are_staff:
        log.warning("%s", verdict.message)
    else:
        log.info("%s", verdict.message)


async def _channel_info(client: AsyncWebClient, channel: str) -> dict[str, Any] | str:
    """The channel's conversations.info, or why it could not be read."""
    reason = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response = await client.conversations_info(channel=channel)
            return dict(response.get("channel") or {})
        except SlackApiError as error:
            return str(error.response.get("error"))  # Slack answered: asking again changes nothing
        except (aiohttp.ClientError, TimeoutError) as error:
            reason = f"Slackに接続できません ({type(error).__name__})"
            if attempt < ATTEMPTS:
                await asyncio.sleep(attempt)
    return reason

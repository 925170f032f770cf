"""Who may take, answer and close inquiries: the inquiry channel's members
(read from the fake Slack API) and the listed staff ids; and the settings
that name them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from pydantic import ValidationError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.staff import StaffDirectory
from bot.settings import Settings, describe_settings_error
from tests.fakes import FakeSlackApi
from tests.fakes.slack_api import MEMBERS

CHANNEL = "C0INQUIRY1"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(fake_slack: FakeSlackApi) -> AsyncIterator[AsyncWebClient]:
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token="xoxb-t", base_url=fake_slack.api_url, session=session,
                             retry_handlers=[])


async def test_members_of_the_channel_are_staff_and_others_not(
    fake_slack: FakeSlackApi, client: AsyncWebClient
) -> None:
    fake_slack.members[CHANNEL] = [f"U{n:08d}" for n in range(2500)]  # three pages
    directory = StaffDirectory(CHANNEL)

    assert await directory.is_staff("U00002499", client)
    assert not await directory.is_staff("U0OUTSIDE", client)
    assert not await directory.is_staff(None, client)


async def test_members_are_read_once_per_few_minutes(
    fake_slack: FakeSlackApi, client: AsyncWebClient
) -> None:
    fake_slack.members[CHANNEL] = ["U0STAFF01"]
    clock = Clock()
    directory = StaffDirectory(CHANNEL, clock=clock)

    for _ in range(5):
        assert await directory.is_staff("U0STAFF01", client)
    clock.now += 301
    assert await directory.is_staff("U0STAFF01", client)

    assert len(fake_slack.received(MEMBERS)) == 2


async def test_someone_just_invited_is_let_in_after_half_a_minute(
    fake_slack: FakeSlackApi, client: AsyncWebClient
) -> None:
    fake_slack.members[CHANNEL] = ["U0STAFF01"]
    clock = Clock()
    directory = StaffDirectory(CHANNEL, clock=clock)
    assert not await directory.is_staff("U0NEW0001", client)

    fake_slack.members[CHANNEL].append("U0NEW0001")
    clock.now += 31

    assert await directory.is_staff("U0NEW0001", client)


async def test_listed_ids_are_staff_without_asking_slack(
    fake_slack: FakeSlackApi, client: AsyncWebClient
) -> None:
    directory = StaffDirectory(None, frozenset({"U0LISTED1"}))

    assert await directory.is_staff("U0LISTED1", client)
    assert not await directory.is_staff("U0OTHER01", client)
    assert fake_slack.received(MEMBERS) == []


async def test_when_slack_cannot_say_nobody_new_is_let_in(
    fake_slack: FakeSlackApi, client: AsyncWebClient
) -> None:
    fake_slack.fail(MEMBERS, status=200, body={"ok": False, "error": "missing_scope"},
                    times=None)
    directory = StaffDirectory(CHANNEL)

    assert not await directory.is_staff("U0STAFF01", client)


async def test_when_slack_is_away_the_last_known_members_still_count(
    fake_slack: FakeSlackApi, client: AsyncWebClient
) -> None:
    fake_slack.members[CHANNEL] = ["U0STAFF01"]
    clock = Clock()
    directory = StaffDirectory(CHANNEL, clock=clock)
    assert await directory.is_staff("U0STAFF01", client)

    fake_slack.fail(MEMBERS, status=500, times=None)
    clock.now += 400

    assert await directory.is_staff("U0STAFF01", client)


class TestSettings:
    def test_staff_ids_are_a_comma_separated_list(self) -> None:
        settings = Settings(slack_staff_user_ids=" U0AAA1111, W0BBB2222 ,")

        assert settings.staff_user_ids == frozenset({"U0AAA1111", "W0BBB2222"})
        assert Settings().staff_user_ids == frozenset()

    @pytest.mark.parametrize(
        ("name", "value"),
        [("slack_staff_user_ids", "U0AAA1111,taro"), ("slack_inquiry_channel", "#inquiries"),
         ("outbox_lease_seconds", "0")],
    )
    def test_a_malformed_value_is_refused_naming_the_setting(self, name: str, value: str) -> None:
        with pytest.raises(ValidationError) as error:
            Settings(**{name: value})

        assert name.upper() in describe_settings_error(error.value)

    def test_the_inquiry_channel_is_an_id(self) -> None:
        assert Settings(slack_inquiry_channel="C0123ABCD").slack_inquiry_channel == "C0123ABCD"

"""Settings from the environment, and the one-line message for a bad one."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from bot.settings import Settings, describe_settings_error

NAMES = ("KNOWLEDGE_DIR", "DATABASE_URL", "LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN",
         "LINE_API_BASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_BASE_URL",
         "SLACK_INQUIRY_CHANNEL", "BOT_TODAY", "PORT")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def error_for(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    return describe_settings_error(caught.value)


def test_nothing_set_means_the_embedded_defaults_and_no_adapter() -> None:
    settings = Settings()

    assert (settings.knowledge_dir / "plans.yaml").exists()
    assert settings.database_url is None
    assert settings.port == 8000
    assert not settings.line_enabled
    assert not settings.slack_enabled


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TODAY", "2026-11-26")
    monkeypatch.setenv("PORT", "5000")
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "s3cret")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "t0ken")
    monkeypatch.setenv("SLACK_API_BASE_URL", "http://127.0.0.1:9/api")
    monkeypatch.setenv("LINE_API_BASE_URL", "http://127.0.0.1:9/")

    settings = Settings()

    assert settings.bot_today == dt.date(2026, 11, 26)
    assert settings.port == 5000
    assert settings.line_enabled
    assert settings.slack_api_base_url == "http://127.0.0.1:9/api/"
    assert settings.line_api_base_url == "http://127.0.0.1:9"


def test_secrets_never_show_in_a_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "do-not-print-me")

    assert "do-not-print-me" not in repr(Settings())
    assert "do-not-print-me" not in str(Settings().model_dump())


def test_an_empty_variable_counts_as_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "")
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "")

    assert Settings().port == 8000
    assert Settings().line_channel_secret is None


@pytest.mark.parametrize(
    ("name", "value"),
    [("PORT", "abc"), ("PORT", "70000"), ("BOT_TODAY", "2026-02-30"),
     ("DATABASE_URL", "mysql://x/y"), ("KNOWLEDGE_DIR", "/no/such/dir"),
     ("SLACK_API_BASE_URL", "slack.com/api")],
)
def test_a_malformed_setting_is_named_on_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    message = error_for(monkeypatch, **{name: value})

    assert f"{name}:" in message
    assert "\n" not in message


def test_the_message_never_repeats_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    message = error_for(monkeypatch, DATABASE_URL="mysql://u:hunter2@h/d")

    assert "hunter2" not in message


class TestLimitsAndRetentionSettings:
    def test_trusted_proxies_take_addresses_and_ranges(self) -> None:
        from bot.settings import Settings

        settings = Settings(trusted_proxies="10.0.0.0/8, 192.168.1.5,::1")
        assert settings.trusted_proxy_list == ["10.0.0.0/8", "192.168.1.5", "::1"]

    def test_a_proxy_that_is_not_an_address_is_refused_naming_the_setting(self) -> None:
        import pytest
        from pydantic import ValidationError

        from bot.settings import Settings, describe_settings_error

        with pytest.raises(ValidationError) as caught:
            Settings(trusted_proxies="proxy.example.jp")
        assert "TRUSTED_PROXIES" in describe_settings_error(caught.value)

    def test_a_short_cookie_secret_is_refused_without_echoing_it(self) -> None:
        import pytest
        from pydantic import ValidationError

        from bot.settings import Settings, describe_settings_error

        with pytest.raises(ValidationError) as caught:
            Settings(web_cookie_secret="short-secret")
        message = describe_settings_error(caught.value)
        assert "WEB_COOKIE_SECRET" in message
        assert "short-secret" not in message

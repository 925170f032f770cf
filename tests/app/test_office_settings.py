"""The office's settings: a malformed value stops the start naming the setting."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings, describe_settings_error


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("ADMIN_PASSWORD", "short", "12文字以上"),
        ("LOG_FORMAT", "xml", "指定できる値ではありません"),
        ("SLACK_STAFF_CHANNEL", "#staff", "チャンネルID"),
        ("ADMIN_SESSION_MINUTES", "0", "1 以上"),
    ],
)
def test_a_malformed_office_setting_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as error:
        Settings()
    message = describe_settings_error(error.value)
    assert name in message and says in message
    if name == "ADMIN_PASSWORD":
        assert value not in message  # a secret is never echoed


def test_the_office_settings_default_to_off(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert settings.admin_password is None and settings.slack_staff_channel is None
    assert settings.log_format == "text" and settings.admin_secure_cookie is True

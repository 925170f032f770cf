"""The service's settings, read from the environment (names in DESIGN.md).

Every setting has an embedded default or may be absent, so `make run` starts
with no environment at all; an adapter whose credentials are absent is
switched off by the app, not refused here. What is refused here is a value that
is present but malformed: the start stops with a message naming the setting.

For the hand-off to staff: SLACK_INQUIRY_CHANNEL is the channel ID (C…, or
G… for an old private channel) where inquiries are posted; its members are
the staff who may take, answer and close them, and SLACK_STAFF_USER_IDS
(comma-separated Slack user ids, U…/W…) adds others. OUTBOX_LEASE_SECONDS is
how long one delivery may take before another process may take it over
(after a crash): longer than a few API calls with their timeouts.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from pathlib import Path
from typing import Any

from pydantic import DirectoryPath, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.clock import parse_day
from bot.knowledge.loader import BUNDLED_DIR

BUNDLED_KNOWLEDGE_DIR = BUNDLED_DIR
DEFAULT_SQLITE_PATH = Path("var/bot.sqlite3")

_DATABASE_SCHEMES = ("postgresql://", "postgres://", "sqlite:///")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
# a CSP source for frame-ancestors: scheme, host (a leading *. allowed), optional port
_ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


class Settings(BaseSettings):
    """Environment settings; secrets are SecretStr so they never reach a log or repr."""

    model_config = SettingsConfigDict(
        case_sensitive=False,
        env_ignore_empty=True,  # `FOO=` in a Procfile environment means "not set"
        extra="ignore",
    )

    knowledge_dir: DirectoryPath = BUNDLED_KNOWLEDGE_DIR
    database_url: SecretStr | None = None  # may hold a password
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str | None = None
    line_data_api_base_url: str | None = None  # rich menu images (api-data.line.me)
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_base_url: str | None = None
    web_frame_ancestors: str | None = None  # "https://www.city.example.jp ..." may frame the page
    slack_inquiry_channel: str | None = None
    slack_staff_user_ids: str | None = None  # "U012AB3CD,U045EF6GH"
    # hours without a message after which an inquiry staff never closed stops
    # taking the resident's messages (the bot answers again)
    handoff_quiet_hours: float = Field(default=72, gt=0)
    outbox_lease_seconds: float = Field(default=60.0, ge=1.0, le=3600.0)
    bot_today: dt.date | None = None
    port: int = Field(default=8000, ge=1, le=65535)
    # -- for the office: dashboard, weekly summary, logs --------------------------
    admin_password: SecretStr | None = None  # unset: /admin is off
    admin_session_minutes: int = Field(default=480, ge=1, le=10080)
    admin_secure_cookie: bool = True  # the cookie only over HTTPS; tests over http set false
    slack_staff_channel: str | None = None  # where the weekly summary goes; unset: none
    log_format: str = Field(default="text", pattern="^(text|json)$")

    # -- limits and retention (README "Limits and retention") ------------------------
    # Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed.
    trusted_proxies: str = "127.0.0.1,::1"
    web_requests_per_ip_per_minute: int = Field(default=60, ge=1)
    web_inquiries_per_ip_per_day: int = Field(default=10, ge=1)
    web_inquiries_per_hour: int = Field(default=20, ge=1)
    # Signs the web chat's cookies; unset: a key kept in the database.
    web_cookie_secret: SecretStr | None = None
    retain_contexts_days: float = Field(default=7.0, gt=0)
    retain_event_ids_days: float = Field(default=7.0, ge=1)
    retain_outbox_delivered_days: float = Field(default=30.0, ge=1)
    retain_outbox_failed_days: float = Field(default=90.0, ge=1)
    retain_inquiries_days: float = Field(default=365.0, ge=1)
    retain_question_texts_days: float = Field(default=90.0, ge=1)
    prune_interval_minutes: float = Field(default=60.0, ge=1)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(_DATABASE_SCHEMES):
            raise ValueError(
                "postgresql://、postgres:// か sqlite:/// で始まる接続先を指定してください"
            )
        return value

    @field_validator("bot_today", mode="before")
    @classmethod
    def _day(cls, value: Any) -> Any:
        # read as the command line's --today is (bot.clock), not by pydantic's own rules
        return parse_day(value) if isinstance(value, str) else value

    @field_validator("line_api_base_url", "line_data_api_base_url", "slack_api_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("http:// か https:// で始まるアドレスを指定してください")
        return value

    @field_validator("line_api_base_url", "line_data_api_base_url")
    @classmethod
    def _line_host_without_slash(cls, value: str | None) -> str | None:
        # the LINE SDK appends "/v2/bot/..." to the host: a trailing slash gives "//v2"
        return value.rstrip("/") if value else value

    @field_validator("slack_api_base_url")
    @classmethod
    def _slack_base_with_slash(cls, value: str | None) -> str | None:
        # slack_sdk joins with urljoin: without the slash the last path part is lost
        return value if value is None or value.endswith("/") else value + "/"

    @field_validator("admin_password")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 12:
            raise ValueError("12文字以上のパスワードにしてください")
        return value

    @field_validator("slack_inquiry_channel", "slack_staff_channel")
    @classmethod
    def _channel_id(cls, value: str | None) -> str | None:
        if value is not None and not _CHANNEL_ID.match(value.strip()):
            raise ValueError(
                "チャンネル名ではなくチャンネルID（C で始まる英数字、例: C0123ABCD）を"
                "指定してください"
            )
        return value.strip() if value else value

    @field_validator("slack_staff_user_ids")
    @classmethod
    def _user_ids(cls, value: str | None) -> str | None:
        if value is None:
            return value
        bad = [v for v in _split_ids(value) if not _USER_ID.match(v)]
        if bad:
            raise ValueError(
                "Slack のユーザーID（U または W で始まる英数字）をカンマ区切りで指定してください"
            )
        return value

    @field_validator("web_frame_ancestors")
    @classmethod
    def _origins(cls, value: str | None) -> str | None:
        if value is not None and not all(_ORIGIN.match(v) for v in value.split()):
            raise ValueError(
                "埋め込みを許すサイトを https://www.city.example.jp の形（スペース区切り）で"
                "指定してください"
            )
        return value

    @property
    def frame_ancestors(self) -> tuple[str, ...]:
        """The origins that may frame the web chat; () keeps frame-ancestors 'none'."""
        return tuple((self.web_frame_ancestors or "").split())

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: str) -> str:
        for part in _split_ids(value):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(
                    "IPアドレスかその範囲（例: 10.0.0.0/8）をカンマ区切りで指定してください"
                ) from None
        return value

    @field_validator("web_cookie_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("32文字以上のランダムな文字列を指定してください")
        return value

    @property
    def trusted_proxy_list(self) -> list[str]:
        return _split_ids(self.trusted_proxies)

    @property
    def staff_user_ids(self) -> frozenset[str]:
        return frozenset(_split_ids(self.slack_staff_user_ids or ""))

    @property
    def line_enabled(self) -> bool:
        return bool(self.line_channel_secret and self.line_channel_access_token)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)

    @property
    def staff_side(self) -> bool:
        """Staff can read residents' inquiries: Slack with an inquiry channel."""
        return self.slack_enabled and bool(self.slack_inquiry_channel)

    def missing_line_settings(self) -> list[str]:
        return _missing(
            LINE_CHANNEL_SECRET=self.line_channel_secret,
            LINE_CHANNEL_ACCESS_TOKEN=self.line_channel_access_token,
        )

    def missing_slack_settings(self) -> list[str]:
        return _missing(
            SLACK_BOT_TOKEN=self.slack_bot_token,
            SLACK_SIGNING_SECRET=self.slack_signing_secret,
        )

    def database_url_value(self) -> str | None:
        return self.database_url.get_secret_value() if self.database_url else None


def _split_ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _missing(**values: Any) -> list[str]:
    return [name for name, value in values.items() if not value]


_SECRET_FIELDS = {
    name for name, info in Settings.model_fields.items() if "SecretStr" in repr(info.annotation)
}

_REASONS = {
    "int_parsing": "整数を指定してください",
    "int_from_float": "整数を指定してください",
    "greater_than_equal": "{ge} 以上の数を指定してください",
    "less_than_equal": "{le} 以下の数を指定してください",
    "date_from_datetime_parsing": "日付を 2026-11-26 の形で指定してください",
    "date_parsing": "日付を 2026-11-26 の形で指定してください",
    "date_from_datetime_inexact": "日付だけを 2026-11-26 の形で指定してください",
    "path_not_directory": "そのディレクトリがありません",
    "path_not_file": "そのディレクトリがありません",
    "float_parsing": "数を指定してください",
    "string_pattern_mismatch": "指定できる値ではありません",
    "bool_parsing": "true か false を指定してください",
}


def describe_settings_error(error: ValidationError) -> str:
    """One line naming the environment variable(s) at fault and why, never a secret."""
    parts = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        name = field.upper() or "設定"
        reason = _reason(item)
        if field not in _SECRET_FIELDS and "input" in item and isinstance(item["input"], str):
            reason = f"{reason} (指定値: {item['input']!r})"
        parts.append(f"{name}: {reason}")
    return "設定が正しくないため起動できません: " + "; ".join(parts)


def _reason(item: Any) -> str:
    if item["type"] == "value_error":
        return str(item.get("ctx", {}).get("error", item["msg"]))
    template = _REASONS.get(item["type"])
    if template is None:
        return str(item["msg"])
    return template.format(**item.get("ctx", {}))

"""`python -m bot line richmenu`: the real SDK clients against the local fake
LINE API and data API, which keep rich menus as LINE does."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from bot.channels.line import richmenu
from bot.cli import main
from bot.core.bot import Bot
from bot.core.types import MemoryContextStore, Message
from bot.knowledge import KnowledgeBase
from tests.fakes.line_api import FakeLineApi, FakeLineDataApi, StoredRichMenu
from tests.platforms import LINE_TOKEN

DEFAULT = "/v2/bot/user/all/richmenu"


@pytest.fixture
def fake_data(fake_line: FakeLineApi) -> Iterator[FakeLineDataApi]:
    with FakeLineDataApi(fake_line) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def line_env(
    monkeypatch: pytest.MonkeyPatch, fake_line: FakeLineApi, fake_data: FakeLineDataApi
) -> None:
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", LINE_TOKEN)
    monkeypatch.setenv("LINE_API_BASE_URL", fake_line.url)
    monkeypatch.setenv("LINE_DATA_API_BASE_URL", fake_data.url)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["line", "richmenu", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def calls(fake: FakeLineApi) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.received()]


def settings_with_title(tmp_path: Path, title: str) -> Path:
    text = richmenu.DEFAULT_SETTINGS.read_text(encoding="utf-8")
    changed = tmp_path / "menu.yaml"
    changed.write_text(text.replace('title: "{city} 地域再生計画 案内"', f'title: "{title}"'))
    return changed


@pytest.mark.usefixtures("line_env")
class TestInstall:
    def test_creates_uploads_the_image_to_the_data_host_and_sets_the_default(
        self, capsys: pytest.CaptureFixture[str], fake_line: FakeLineApi, fake_data: FakeLineDataApi
    ) -> None:
        code, out = run(capsys)

        assert code == 0, out
        [menu_id] = fake_line.rich_menus
        assert calls(fake_line) == [
            "GET /v2/bot/richmenu/list",
            "GET /v2/bot/user/all/richmenu",
            "POST /v2/bot/richmenu",
            f"POST /v2/bot/user/all/richmenu/{menu_id}",
        ]
        [upload] = fake_data.uploads()
        assert upload.path == f"/v2/bot/richmenu/{menu_id}/content"
        assert upload.headers["content-type"] == "image/png"
        assert upload.headers["authorization"] == f"Bearer {LINE_TOKEN}"
        with Image.open(io.BytesIO(upload.body)) as image:
            assert (image.format, image.size) == ("PNG", (2500, 1686))
        assert len(upload.body) <= 1024 * 1024
        assert fake_line.default_rich_menu == menu_id
        assert fake_line.rich_menus[menu_id].image == upload.body
        assert menu_id in out

    def test_running_again_with_nothing_changed_changes_nothing(
        self, capsys: pytest.CaptureFixture[str], fake_line: FakeLineApi, fake_data: FakeLineDataApi
    ) -> None:
        run(capsys)
        before = dict(fake_line.rich_menus)
        fake_line.clear()
        fake_data.clear()

        code, out = run(capsys)

        assert code == 0
        assert calls(fake_line) == ["GET /v2/bot/richmenu/list", "GET /v2/bot/user/all/richmenu"]
        assert fake_data.uploads() == []
        assert fake_line.rich_menus == before
        assert "変更はありません" in out

    def test_a_changed_menu_replaces_the_previous_one(
        self, capsys: pytest.CaptureFixture[str], fake_line: FakeLineApi, tmp_path: Path
    ) -> None:
        run(capsys)
        [old] = fake_line.rich_menus

        code, _ = run(capsys, "--settings", str(settings_with_title(tmp_path, "長井市 計画案内")))

        assert code == 0
        [new] = fake_line.rich_menus
        assert new != old
        assert fake_line.default_rich_menu == new
        assert f"DELETE /v2/bot/richmenu/{old}" in calls(fake_line)

    def test_a_menu_made_by_hand_in_the_console_is_left_alone(
        self, capsys: pytest.CaptureFixture[str], fake_line: FakeLineApi
    ) -> None:
        fake_line.rich_menus["richmenu-hand"] = _stored("richmenu-hand", "春のキャンペーン")

        run(capsys)

        assert "richmenu-hand" in fake_line.rich_menus
        assert fake_line.default_rich_menu != "richmenu-hand"

    def test_a_menu_left_without_its_image_by_a_broken_run_is_made_again(
        self, capsys: pytest.CaptureFixture[str], fake_line: FakeLineApi, kb: KnowledgeBase
    ) -> None:
        menu = richmenu.build(kb, richmenu.load_settings())
        fake_line.rich_menus["richmenu-broken"] = _stored("richmenu-broken", menu.name, menu.definition)

        code, _ = run(capsys)

        assert code == 0
        [menu_id] = fake_line.rich_menus
        assert menu_id != "richmenu-broken"
        assert fake_line.default_rich_menu == menu_id
        assert fake_line.rich_menus[menu_id].image is not None

    def test_a_refusal_is_reported_with_lines_answer(
        self, capsys: pytest.CaptureFixture[str], fake_line: FakeLineApi
    ) -> None:
        fake_line.fail("/v2/bot/richmenu", status=401, body={"message": "Authentication failed"})

        code, out = run(capsys)

        assert code == 1
        assert "HTTP 401" in out
        assert "Authentication failed" in out


def _stored(menu_id: str, name: str, definition: dict | None = None) -> StoredRichMenu:
    body = dict(definition or {"size": {"width": 2500, "height": 843}, "selected": False,
                               "chatBarText": "menu", "areas": []})  # fmt: skip
    body["name"] = name
    return StoredRichMenu(menu_id, body)


def test_dry_run_prints_the_menu_and_sends_nothing(
    capsys: pytest.CaptureFixture[str], fake_line: FakeLineApi, fake_data: FakeLineDataApi,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    monkeypatch.setenv("LINE_API_BASE_URL", fake_line.url)
    image = tmp_path / "menu.png"

    code, out = run(capsys, "--dry-run", "--image", str(image))  # no access token needed

    assert code == 0, out
    assert fake_line.received() == [] and fake_data.received() == []
    definition = json.loads(out[out.index("{") : out.rindex("}") + 1])
    assert [a["action"]["label"] for a in definition["areas"]] == [
        "計画の一覧", "問い合わせ先", "担当者に問い合わせる", "使い方",
    ]  # fmt: skip
    with Image.open(image) as drawn:
        assert drawn.size == (2500, 1686)


def test_every_area_asks_a_question_the_bot_answers(kb: KnowledgeBase) -> None:
    menu = richmenu.build(kb, richmenu.load_settings())
    bot = Bot(kb, MemoryContextStore())

    intents = [
        bot.handle(Message("line", "U" + "d" * 32, a["action"]["text"])).intent
        for a in menu.definition["areas"]
    ]

    assert intents == ["aggregate.list", "contact", "handoff", "help"]


def test_the_areas_are_the_drawn_tiles_and_cover_the_image_below_the_title(
    kb: KnowledgeBase,
) -> None:
    menu = richmenu.build(kb, richmenu.load_settings())
    areas = [a["bounds"] for a in menu.definition["areas"]]

    assert sum(b["width"] * b["height"] for b in areas) == 2500 * (1686 - richmenu.BAND)
    with Image.open(io.BytesIO(menu.image)) as image:
        rgb = image.convert("RGB")
        for b in areas:  # the tile's centre is the tile colour, its corner the background
            assert rgb.getpixel((b["x"] + b["width"] // 2, b["y"] + 40)) == (255, 255, 255)
            assert rgb.getpixel((b["x"] + 2, b["y"] + 2)) == (11, 95, 134)


def test_the_image_tells_the_knowledge(kb: KnowledgeBase, tmp_path: Path) -> None:
    """The note under 計画の一覧 counts the plans: with one plan fewer the image differs."""
    from dataclasses import replace

    fewer = replace(kb, plans=kb.plans[:-1])

    settings = richmenu.load_settings()
    assert richmenu.draw(kb, settings) != richmenu.draw(fewer, settings)
    assert richmenu.build(kb, settings).name != richmenu.build(fewer, settings).name


def test_a_missing_font_is_named(kb: KnowledgeBase) -> None:
    settings = richmenu.load_settings().model_copy(update={"font": "/no/such/font.ttf"})

    with pytest.raises(richmenu.RichMenuError, match="フォント"):
        richmenu.build(kb, settings)

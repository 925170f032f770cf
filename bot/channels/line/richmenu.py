"""The LINE rich menu: `python -m bot line richmenu [--dry-run]`.

The image (2500 x 1686 PNG: a title band and four tiles) is drawn from the
knowledge (how many plans, the office's phone) and richmenu.yaml (words,
colours, font). Installing it takes the Messaging API's steps: create the
menu, upload its image through the data API host (api-data.line.me, or
LINE_DATA_API_BASE_URL), set it as every user's default, then delete the
menus this command made before.

Running it again with nothing changed changes nothing: the menu's name ends
in a digest of its definition and image, so an identical menu is found
instead of made again. Menus made by hand in the console (another name) are
left alone, though ours becomes the default.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    RichMenuRequest,
)
from PIL import Image, ImageDraw, ImageFont
from pydantic import BaseModel, ConfigDict, Field

from bot.knowledge.models import KnowledgeBase

DEFAULT_SETTINGS = Path(__file__).with_name("richmenu.yaml")
NAME_PREFIX = "nagai-plan-bot"
WIDTH, HEIGHT = 2500, 1686
BAND = 236  # the title band across the top; the tiles share the rest
GAP = 24
# Checked in order when richmenu.yaml names no font: Noto CJK, then IPA.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
)
MAX_IMAGE_BYTES = 1024 * 1024  # LINE refuses a rich menu image over 1 MB
_COLOUR = r"^#[0-9a-fA-F]{6}$"


class Colours(BaseModel):
    model_config = ConfigDict(extra="forbid")
    background: str = Field(pattern=_COLOUR)
    title: str = Field(pattern=_COLOUR)
    tile: str = Field(pattern=_COLOUR)
    label: str = Field(pattern=_COLOUR)
    note: str = Field(pattern=_COLOUR)


class Button(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=20)  # LINE: an action's label, 20 characters
    note: str = ""
    text: str = Field(min_length=1, max_length=300)


class MenuSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    chat_bar_text: str = Field(min_length=1, max_length=14)  # LINE's limit
    colours: Colours
    buttons: list[Button] = Field(min_length=4, max_length=4)
    font: str = ""


class RichMenuError(Exception):
    """Something the operator must fix; the message says what, in Japanese."""


def load_settings(path: Path | None = None) -> MenuSettings:
    path = path or DEFAULT_SETTINGS
    try:
        return MenuSettings.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise RichMenuError(f"{path}: リッチメニューの設定を読めません: {error}") from error


@dataclass(frozen=True)
class RichMenu:
    """What is sent to LINE: the menu's definition (name included) and its PNG."""

    definition: dict[str, Any]
    image: bytes

    @property
    def name(self) -> str:
        return str(self.definition["name"])


def build(kb: KnowledgeBase, settings: MenuSettings) -> RichMenu:
    image = draw(kb, settings)
    if len(image) > MAX_IMAGE_BYTES:
        raise RichMenuError(f"リッチメニューの画像が大きすぎます（{len(image)} バイト、上限 1 MB）")
    areas = [
        {"bounds": dict(zip(("x", "y", "width", "height"), box, strict=True)),
         "action": {"type": "message", "label": b.label, "text": b.text}}
        for b, box in zip(settings.buttons, tile_boxes(), strict=True)
    ]  # fmt: skip
    body = {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": True,  # open on first sight: residents find the menu without looking
        "chatBarText": settings.chat_bar_text,
        "areas": areas,
    }
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode() + image).hexdigest()[:12]
    definition = {"name": f"{NAME_PREFIX} {digest}", **body}
    RichMenuRequest.from_dict(definition)  # the SDK's model refuses what LINE would
    return RichMenu(definition, image)


def tile_boxes() -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of the four tiles: two rows of two under the band."""
    half_w, half_h = WIDTH // 2, (HEIGHT - BAND) // 2
    return [
        (col * half_w, BAND + row * half_h, half_w, half_h) for row in (0, 1) for col in (0, 1)
    ]


# -- drawing --------------------------------------------------------------------


def find_font(settings: MenuSettings) -> str:
    if settings.font:
        if not Path(settings.font).is_file():
            raise RichMenuError(f"フォントのファイルがありません: {settings.font}")
        return settings.font
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "sans-serif:lang=ja"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found and Path(found).is_file() and _has_japanese(found):
        return found
    raise RichMenuError(
        "日本語のフォントが見つかりません。fonts-noto-cjk か fonts-ipafont-gothic を"
        "インストールするか、richmenu.yaml の font にファイルを指定してください。"
    )


def _has_japanese(path: str) -> bool:
    font = ImageFont.truetype(path, 40)
    return font.getmask("計").getbbox() is not None and font.getlength("計") > 0


def draw(kb: KnowledgeBase, settings: MenuSettings) -> bytes:
    font_path = find_font(settings)
    c = settings.colours
    image = Image.new("RGB", (WIDTH, HEIGHT), c.background)
    pen = ImageDraw.Draw(image)
    values = {
        "city": kb.city.name,
        "plans": str(len(kb.plans)),
        "phone": kb.city.contact.phone,
    }
    title = _fill(settings.title, values)
    title_font = _fitting(font_path, title, WIDTH - 2 * 80, 120)
    pen.text((WIDTH // 2, BAND // 2 + 6), title, font=title_font, fill=c.title, anchor="mm")
    for button, (x, y, w, h) in zip(settings.buttons, tile_boxes(), strict=True):
        box = (x + GAP // 2, y + GAP // 2, x + w - GAP // 2, y + h - GAP // 2)
        pen.rounded_rectangle(box, radius=48, fill=c.tile)
        label_font = _fitting(font_path, button.label, w - 2 * 90, 150)
        pen.text((x + w // 2, y + h // 2 - 60), button.label, font=label_font,
                 fill=c.label, anchor="mm")  # fmt: skip
        note = _fill(button.note, values)
        if note:
            note_font = _fitting(font_path, note, w - 2 * 110, 72)
            pen.text((x + w // 2, y + h // 2 + 95), note, font=note_font,
                     fill=c.note, anchor="mm")  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _fitting(path: str, text: str, width: int, size: int) -> ImageFont.FreeTypeFont:
    """The font at `size`, smaller when `text` would not fit in `width`."""
    font = ImageFont.truetype(path, size)
    while size > 24 and font.getlength(text) > width:
        size -= 6
        font = ImageFont.truetype(path, size)
    return font


# -- installing -----------------------------------------------------------------


def install(
    menu: RichMenu,
    access_token: str,
    api_base_url: str | None,
    data_api_base_url: str | None,
    say: Callable[[str], None],
) -> str:
    """Make `menu` every user's default, replacing this command's earlier
    menus; the id of the menu now in use."""
    with (
        ApiClient(Configuration(access_token=access_token, host=api_base_url)) as client,
        ApiClient(Configuration(access_token=access_token, host=data_api_base_url)) as data,
    ):
        api, blob = MessagingApi(client), MessagingApiBlob(data)
        ours = [m for m in api.get_rich_menu_list().richmenus if m.name.startswith(NAME_PREFIX)]
        default = _default_id(api)
        same = next((m for m in ours if m.name == menu.name), None)
        if same is not None and same.rich_menu_id == default:
            say(f"リッチメニューは最新です（{same.rich_menu_id}）。変更はありません。")
            menu_id = same.rich_menu_id
        elif same is not None and _set_default(api, same.rich_menu_id):
            menu_id = same.rich_menu_id
            say(f"作成済みのリッチメニュー {menu_id} を既定にしました。")
        else:
            menu_id = api.create_rich_menu(RichMenuRequest.from_dict(menu.definition)).rich_menu_id
            say(f"リッチメニュー {menu_id} を作成しました。")
            blob.set_rich_menu_image(
                menu_id, bytearray(menu.image), _headers={"Content-Type": "image/png"}
            )
            say(f"画像（{WIDTH}x{HEIGHT}、{len(menu.image)} バイト）をアップロードしました。")
            api.set_default_rich_menu(menu_id)
            say("既定のリッチメニューにしました。")
        for old in ours:
            if old.rich_menu_id != menu_id:
                api.delete_rich_menu(old.rich_menu_id)
                say(f"以前のリッチメニュー {old.rich_menu_id} を削除しました。")
        return menu_id


def _default_id(api: MessagingApi) -> str | None:
    try:
        return api.get_default_rich_menu_id().rich_menu_id
    except ApiException as error:
        if error.status == 404:  # no default set
            return None
        raise


def _set_default(api: MessagingApi, menu_id: str) -> bool:
    """False when LINE refuses: a menu left without its image by a run that
    stopped half-way; it is then made again (and the broken one deleted)."""
    try:
        api.set_default_rich_menu(menu_id)
    except ApiException as error:
        if error.status == 400:
            return False
        raise
    return True


def dry_run(menu: RichMenu, say: Callable[[str], None]) -> None:
    say("作成するリッチメニュー（送信はしません）:")
    say(json.dumps(menu.definition, ensure_ascii=False, indent=2))
    say(f"画像: PNG {WIDTH}x{HEIGHT}、{len(menu.image)} バイト")

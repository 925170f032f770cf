"""A rough HTML rendering of LINE Flex JSON (boxes, texts, buttons), enough to
look at a card's layout in Chromium: what wraps, what overflows, the order of
rows. It follows the Flex rules the cards use (layout, flex, spacing, size,
weight, colour, wrap, button styles); it is not LINE's renderer."""

from __future__ import annotations

from html import escape
from typing import Any

SIZES = {"xxs": 11, "xs": 13, "sm": 14, "md": 16, "lg": 19, "xl": 22}
SPACING = {"none": 0, "xs": 2, "sm": 4, "md": 8, "lg": 12, "xl": 16}
BUBBLE_WIDTH = {"nano": 120, "micro": 160, "kilo": 260, "mega": 300, "giga": 386}


def page(message: dict[str, Any]) -> str:
    contents = message["contents"]
    bubbles = contents["contents"] if contents["type"] == "carousel" else [contents]
    cards = "".join(bubble(b) for b in bubbles)
    return (
        "<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>Flex</title><link rel='icon' href='data:,'>"
        "<style>body{margin:0;padding:16px;background:#8cabd9;font-family:sans-serif}"
        ".row{display:flex;gap:10px;align-items:flex-start;overflow-x:auto}"
        ".bubble{flex:none;background:#fff;border-radius:17px;overflow:hidden}"
        ".box{display:flex;min-width:0}.text{min-width:0}"
        ".button{display:flex;align-items:center;justify-content:center;border-radius:8px;"
        "min-height:40px;font-size:16px}</style></head>"
        f"<body><div class='row'>{cards}</div></body></html>"
    )


def bubble(b: dict[str, Any]) -> str:
    width = BUBBLE_WIDTH.get(b.get("size", "mega"), 300)
    parts = "".join(node(b[k], True) for k in ("header", "body", "footer") if k in b)
    return f"<div class='bubble' style='width:{width}px'>{parts}</div>"


def node(n: dict[str, Any], section: bool = False) -> str:
    kind = n["type"]
    if kind == "box":
        direction = "column" if n["layout"] == "vertical" else "row"
        align = "baseline" if n["layout"] == "baseline" else "stretch"
        gap = SPACING.get(n.get("spacing", "none"), 0)
        pad = n.get("paddingAll") or ("16px" if section else "0")
        style = (
            f"flex-direction:{direction};align-items:{align};gap:{gap}px;padding:{pad};"
            f"background:{n.get('backgroundColor', 'transparent')};{_flex(n)}"
        )
        inner = "".join(node(c) for c in n.get("contents", []))
        return f"<div class='box' style='{style}'>{inner}</div>"
    if kind == "text":
        wrap = "normal" if n.get("wrap") else "nowrap"
        style = (
            f"font-size:{SIZES.get(n.get('size', 'md'), 16)}px;color:{n.get('color', '#111')};"
            f"font-weight:{n.get('weight', 'regular').replace('regular', 'normal')};"
            f"white-space:{wrap};overflow:hidden;text-overflow:ellipsis;{_flex(n)}"
        )
        text = escape(n["text"]).replace("\n", "<br>")
        return f"<div class='text' style='{style}'>{text}</div>"
    if kind == "button":
        style = n.get("style", "link")
        colour = n.get("color", "#42659a")
        if style == "primary":
            look = f"background:{colour};color:#fff"
        elif style == "secondary":
            look = f"background:{colour};color:#111"
        else:
            look = f"color:{colour}"
        label = escape(n["action"]["label"])
        return f"<div class='button' style='{look}'>{label}</div>"
    return ""


def _flex(n: dict[str, Any]) -> str:
    return f"flex:{n['flex']} 1 0;" if "flex" in n else ""

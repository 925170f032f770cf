"""Charts drawn on the server: SVG for the dashboard (no script, no request
outside the service) and a small PNG for the weekly Slack summary (Slack
shows PNG, not SVG). Both from the same figures."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from html import escape

from bot.analytics.records import OUTCOME_LABELS, OUTCOMES

COLOURS = {  # colour-blind safe (Okabe–Ito)
    "answered": "#009E73",
    "ambiguous": "#E69F00",
    "out_of_scope": "#D55E00",
    "handoff": "#0072B2",
}
_RGB = {k: tuple(int(v[i : i + 2], 16) for i in (1, 3, 5)) for k, v in COLOURS.items()}


def per_day_svg(per_day: list[tuple[dt.date, dict[str, int]]], width: int = 640) -> str:
    """Questions per day, stacked by outcome, with a legend."""
    height, top, bottom, left = 220, 10, 40, 36
    plot_h = height - top - bottom
    n = max(len(per_day), 1)
    step = (width - left - 10) / n
    peak = max((sum(c.values()) for _, c in per_day), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="日ごとの質問数">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        'stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, (day, counts) in enumerate(per_day):
        x = left + i * step + step * 0.15
        y = top + plot_h
        for outcome in OUTCOMES:
            value = counts.get(outcome, 0)
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[outcome]}"><title>{day.month}月{day.day}日 '
                f"{OUTCOME_LABELS[outcome]} {value}件</title></rect>"
            )
        if n <= 14 or i % max(n // 10, 1) == 0:
            parts.append(
                f'<text x="{x + step * 0.35:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                f'font-size="10">{day.month}/{day.day}</text>'
            )
    for i, outcome in enumerate(OUTCOMES):
        x = left + i * 120
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{COLOURS[outcome]}"/>'
            f'<text x="{x + 14}" y="{height - 5}" font-size="11">{OUTCOME_LABELS[outcome]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(items: list[tuple[str, int]], colour: str = "#0072B2", width: int = 420) -> str:
    """Horizontal bars, one per (label, value)."""
    row, label_w = 24, 190
    height = max(len(items), 1) * row + 8
    peak = max((v for _, v in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img">'
    ]
    if not items:
        parts.append(f'<text x="4" y="18" font-size="12">{escape("まだありません")}</text>')
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = (width - label_w - 40) * value / peak
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(short)}<title>{escape(label)}</title></text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" fill="{colour}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def per_day_png(per_day: list[tuple[dt.date, dict[str, int]]], width: int = 560) -> bytes:
    """The per-day chart as a PNG (bars only: the Slack message carries the words)."""
    height, margin = 200, 10
    n = max(len(per_day), 1)
    step = (width - 2 * margin) // n
    peak = max((sum(c.values()) for _, c in per_day), default=0) or 1
    pixels = [[(255, 255, 255)] * width for _ in range(height)]
    base = height - margin
    for x in range(margin, width - margin):
        pixels[base][x] = (136, 136, 136)
    for i, (_, counts) in enumerate(per_day):
        x0 = margin + i * step + step // 6
        x1 = x0 + max(step * 2 // 3, 1)
        y = base
        for outcome in OUTCOMES:
            h = round((height - 2 * margin) * counts.get(outcome, 0) / peak)
            for yy in range(max(y - h, 0), y):
                for xx in range(x0, min(x1, width)):
                    pixels[yy][xx] = _RGB[outcome]
            y -= h
    raw = b"".join(b"\x00" + bytes(c for px in line for c in px) for line in pixels)
    return _png(width, height, raw)


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )

"""The benchmark chart as an SVG drawn here (no plotting library): per vendor, for each
dataset size, the throughput of each page kind as a ratio to bare aiohttp at 1 and 32
connections as served (bars) and computing every request (a black tick across each bar), the
targets as lines, and each bar's p99 written above it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bench.figures import Point

PAGES = ("first", "filtered", "deep")
CONNECTIONS = (1, 32)
TARGETS = {1: 0.6, 32: 0.35}
COLOURS = {1: "#3b6fb6", 32: "#e08a2c"}
BAR, GAP, PANEL_HEIGHT, TOP, LEFT = 14, 10, 150, 40, 60


def chart(points: Sequence[Point]) -> str:
    vendors = list(dict.fromkeys(p.vendor for p in points))
    group = len(PAGES) * len(CONNECTIONS) * BAR + GAP
    sizes = max((len([p for p in points if p.vendor == v]) for v in vendors), default=1)
    # Wide enough for the bars and for the legend's line (two swatches and the tick).
    width = max(LEFT + sizes * (group + 30) + 40, LEFT + len(CONNECTIONS) * 150 + 260)
    height = TOP + len(vendors) * (PANEL_HEIGHT + 50) + 40
    parts = [_header(width, height)]
    for row, vendor in enumerate(vendors):
        top = TOP + row * (PANEL_HEIGHT + 50)
        parts.append(_panel(vendor, [p for p in points if p.vendor == vendor], top, group))
    parts.append(_legend(height - 25))
    return "\n".join([*parts, "</svg>"]) + "\n"


def _header(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="10">\n'
        f'<text x="{LEFT}" y="20" font-size="13">Throughput as a ratio to bare aiohttp '
        "(bars; dashed: targets) and p99 (ms, above each bar)</text>"
    )


def _panel(vendor: str, points: Sequence[Point], top: int, group: int) -> str:
    bottom, right = top + PANEL_HEIGHT, LEFT + len(points) * (group + 30)
    title = f'<text x="5" y="{top + 12}" font-size="12" font-weight="bold">{escape(vendor)}</text>'
    axis = f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>'
    lines = [title, axis]
    for connections, target in TARGETS.items():
        y = bottom - target * PANEL_HEIGHT
        lines.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
                     f'stroke="{COLOURS[connections]}" stroke-dasharray="4 3"/>')  # fmt: skip
    for index, point in enumerate(sorted(points, key=lambda p: p.runs)):
        lines.extend(_bars(point, LEFT + index * (group + 30), bottom))
    return "\n".join(lines)


def _bars(point: Point, left: int, bottom: int) -> list[str]:
    found = [f'<text x="{left}" y="{bottom + 14}">{point.runs:,} runs</text>']
    x = left
    for page in PAGES:
        for connections in CONNECTIONS:
            key = f"{page}@{connections}"
            if key not in point.load:
                continue
            ratio = min(point.ratio(key), 1.0)
            height = ratio * PANEL_HEIGHT
            p99 = point.load[key][0].p99_ms
            found.append(f'<rect x="{x}" y="{bottom - height:.1f}" width="{BAR - 2}" '
                         f'height="{height:.1f}" fill="{COLOURS[connections]}">'
                         f"<title>{page}, {connections} conn: {point.ratio(key):.2f}, "
                         f"p99 {p99:.1f} ms</title></rect>")  # fmt: skip
            found.append(f'<text x="{x}" y="{bottom - height - 3:.1f}" font-size="7">'
                         f"{p99:.0f}</text>")  # fmt: skip
            found.extend(_computed_tick(point, key, x, bottom))
            x += BAR
        found.append(f'<text x="{x - 2 * BAR}" y="{bottom + 26}" font-size="8">{page}</text>')
    return found


def _computed_tick(point: Point, key: str, x: int, bottom: int) -> list[str]:
    if key not in point.computed:
        return []
    ratio = point.computed_ratio(key)
    y = bottom - min(ratio, 1.0) * PANEL_HEIGHT
    return [f'<line x1="{x - 1}" y1="{y:.1f}" x2="{x + BAR - 1}" y2="{y:.1f}" stroke="#000" '
            f'stroke-width="2"><title>computed: {ratio:.2f}</title></line>']  # fmt: skip


def _legend(y: int) -> str:
    swatches = [
        f'<rect x="{LEFT + i * 150}" y="{y}" width="10" height="10" fill="{COLOURS[c]}"/>'
        f'<text x="{LEFT + i * 150 + 14}" y="{y + 9}">{c} connection{"s" if c > 1 else ""}'
        f" (target {TARGETS[c]})</text>"
        for i, c in enumerate(CONNECTIONS)
    ]
    left = LEFT + len(CONNECTIONS) * 150
    tick = (f'<line x1="{left}" y1="{y + 5}" x2="{left + 12}" y2="{y + 5}" stroke="#000" '
            f'stroke-width="2"/><text x="{left + 16}" y="{y + 9}">every request computed '
            "(--reply-cache 0)</text>")  # fmt: skip
    return "\n".join([*swatches, tick])

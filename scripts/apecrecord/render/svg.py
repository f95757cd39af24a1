"""Inline SVG drawn at build time: bar charts, the crosswalk heat map and the link map.

No script or library draws anything in the reader's browser. Colours come from CSS classes
(see docs/assets/site.css) so that charts follow the light and dark palettes. Every label goes
through ``svg_text`` (as ``esc``) because SVG sits in raw HTML blocks, which Markdown does not
touch, and must also be well-formed XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from apecrecord.compare import Graph, Node
from apecrecord.escape import svg_text as esc

ROW = 22
LABEL_WIDTH = 250
BAR_WIDTH = 330


def _text(x: float, y: float, content: str, css: str = "chart-label", anchor: str = "start", extra: str = "") -> str:
    return f'<text class="{css}" x="{x}" y="{y}" text-anchor="{anchor}"{extra}>{esc(content)}</text>'


def _rect(css: str, x: float, y: float, width: float, height: float) -> str:
    return f'<rect class="{css}" x="{x}" y="{y}" width="{width}" height="{height}" rx="2"/>'


def _frame(width: int, height: int, chart_id: str, title: str, description: str, body: str, role: str = "img") -> str:
    return (
        f'<svg class="chart" role="{role}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<title id="{chart_id}-title">{esc(title)}</title><desc id="{chart_id}-desc">{esc(description)}</desc>'
        f"{body}</svg>"
    )


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars, one per (label, count); the table beside it carries the links."""
    largest = max((count for _, count in rows), default=0) or 1
    parts = []
    for index, (label, count) in enumerate(rows):
        y = index * ROW
        width = round(BAR_WIDTH * count / largest)
        parts.append(
            _text(LABEL_WIDTH - 8, y + 15, _clip(label, 38), anchor="end")
            + _rect("chart-bar", LABEL_WIDTH, y + 4, max(width, 1), ROW - 8)
            + _text(LABEL_WIDTH + width + 6, y + 15, str(count), "chart-value")
        )
    description = "; ".join(f"{label}: {count}" for label, count in rows)
    return _frame(LABEL_WIDTH + BAR_WIDTH + 50, max(len(rows), 1) * ROW, chart_id, title, description, "".join(parts))


def heat_map(chart_id: str, title: str, columns: Sequence[str], rows: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Rows by columns, each cell shaded by its count relative to the largest."""
    cell, label_width, header = 34, 250, 150
    largest = max((value for _, values in rows for value in values), default=0) or 1
    parts = []
    for j, column in enumerate(columns):
        x = label_width + j * cell + cell / 2
        turn = f' transform="rotate(-55 {x + 4} {header - 6})"'
        parts.append(_text(x + 4, header - 6, _clip(column, 24), extra=turn))
    for i, (label, values) in enumerate(rows):
        y = header + i * cell
        parts.append(_text(label_width - 8, y + cell / 2 + 5, _clip(label, 36), anchor="end"))
        for j, value in enumerate(values):
            x = label_width + j * cell
            level = 0 if value == 0 else 1 + round(4 * value / largest)
            size = cell - 2
            shade = min(level, 5)
            parts.append(_rect(f"heat heat-{shade}", x + 1, y + 1, size, size))
            if value:
                parts.append(
                    _text(x + cell / 2, y + cell / 2 + 5, str(value), f"heat-value heat-text-{shade}", "middle")
                )
    width = label_width + len(columns) * cell + 10
    height = header + len(rows) * cell + 10
    description = (
        f"{len(rows)} rows by {len(columns)} columns; darker cells hold more statements. "
        "The table above gives every count."
    )
    return _frame(width, height, chart_id, title, description, "".join(parts))


@dataclass(frozen=True)
class _Placed:
    node: Node
    x: float
    y: float


def link_map(chart_id: str, graph: Graph, hrefs: dict[tuple[str, str], str], limit: int = 40) -> str:
    """Speakers, themes and initiatives in three columns, edges as wide as their statement counts.

    Each column shows at most ``limit`` nodes (the most connected); the rest are summed into one
    "others" node, so a record ten times larger still draws a readable map.
    """
    columns = [graph.speakers, graph.themes, graph.initiatives]
    column_x = [150, 400, 650]
    placed: dict[str, _Placed] = {}
    parts: list[str] = []
    heights = []
    for c, nodes in enumerate(columns):
        shown = sorted(nodes, key=lambda n: -len(n.statements))[:limit] if len(nodes) > limit else nodes
        hidden = len(nodes) - len(shown)
        for i, node in enumerate(shown):
            placed[node.id] = _Placed(node, column_x[c], 44 + i * 34)
        if hidden:
            parts.append(_text(column_x[c], 44 + len(shown) * 34, f"and {hidden} more", anchor="middle"))
        heights.append(44 + (len(shown) + (1 if hidden else 0)) * 34)
    largest = max(graph.edges.values(), default=1)
    for (start, end), weight in sorted(graph.edges.items()):
        if start not in placed or end not in placed:
            continue
        a, b = placed[start], placed[end]
        mid = (a.x + b.x) / 2
        width = 1 + 7 * weight / largest
        label = f"{a.node.label} to {b.node.label}: {weight} statement{'s' * (weight != 1)}"
        parts.append(
            f'<path class="link-edge" data-from="{esc(start)}" data-to="{esc(end)}" stroke-width="{width:.1f}" '
            f'd="M{a.x + 8},{a.y} C{mid},{a.y} {mid},{b.y} {b.x - 8},{b.y}"><title>{esc(label)}</title></path>'
        )
    for c, heading in enumerate(("Speakers", "Themes", "Initiatives")):
        parts.append(f'<text class="chart-heading" x="{column_x[c]}" y="16" text-anchor="middle">{heading}</text>')
    for item in placed.values():
        node = item.node
        href = hrefs[(node.kind, node.id)]
        count = len(node.statements)
        anchor = "end" if node.kind == "speaker" else "start"
        dx = -12 if node.kind == "speaker" else 12
        label = f"{node.label} ({count})"
        parts.append(
            # xlink:href, not href: Material's instant navigation reassigns every [href] element's
            # href property, which SVG links do not allow.
            f'<a xlink:href="{esc(href)}" class="link-node link-{node.kind}" data-node="{esc(node.id)}" '
            f'aria-label="{esc(label)}"><circle cx="{item.x}" cy="{item.y}" r="{4 + min(count, 40) / 5:.1f}"/>'
            + _text(item.x + dx, item.y + 5, _clip(label, 30), "node-label", anchor)
            + "</a>"
        )
    description = (
        f"{len(graph.speakers)} speakers, {len(graph.themes)} themes and {len(graph.initiatives)} initiatives; "
        "each line joins a speaker to a theme, or a theme to an initiative, and is as wide as the number of "
        "statements that link them. Every node links to its page."
    )
    return _frame(900, max(heights) + 10, chart_id, "Link map", description, "".join(parts), role="group")


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"

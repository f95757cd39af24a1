"""The link map: inline SVG drawn at build time.

No script or library draws anything in the reader's browser. Colours come from CSS classes
(see docs/assets/site.css) so that the map follows the light and dark palettes. Every label is
escaped here because SVG sits in raw HTML blocks, which Markdown does not touch.

Node labels are HTML links inside ``<foreignObject>``, not SVG ``<a>`` elements: they wrap
instead of being cut off, and they are ordinary ``<a href>`` links, which Material's instant
navigation can follow (it reassigns ``.href`` on every ``[href]`` element, which an SVG link
does not allow) and which crawlers read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from apecrecord.compare import Graph, Node
from apecrecord.escape import svg_text as esc

XHTML = "http://www.w3.org/1999/xhtml"
WIDTH = 760
#: Left edge and width of each column's boxes: speakers, themes, initiatives.
COLUMNS = ((0, 130), (220, 200), (500, 260))
HEADER = 30
LINE = 17  # line height of a label, in user units (labels are 14 units high; see site.css)
CHAR = 8.2  # a generous average character width at that size, to size boxes for wrapped labels
GAP = 8


def _text(x: float, y: float, content: str, css: str = "chart-label", anchor: str = "start") -> str:
    return f'<text class="{css}" x="{x}" y="{y}" text-anchor="{anchor}">{esc(content)}</text>'


def _frame(width: int, height: int, chart_id: str, title: str, description: str, body: str, role: str = "img") -> str:
    return (
        f'<svg class="chart" id="{chart_id}" role="{role}" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{esc(title)}</title><desc id="{chart_id}-desc">{esc(description)}</desc>'
        f"{body}</svg>"
    )


@dataclass(frozen=True)
class _Placed:
    node: Node
    x: float  # left edge of the box
    y: float  # top of the box
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def _box_height(label: str, width: float) -> float:
    lines = max(1, math.ceil(len(label) * CHAR / (width - 16)))
    return lines * LINE + 10


def _order_by_neighbours(nodes: list[Node], placed: dict[str, _Placed], graph: Graph) -> list[Node]:
    """Nodes sorted by the weighted mean height of the nodes they link to: fewer crossing lines."""

    def centre(node: Node) -> float:
        links = [(placed[a].middle, w) for (a, b), w in graph.edges.items() if b == node.id and a in placed]
        total = sum(w for _, w in links)
        return sum(y * w for y, w in links) / total if total else math.inf

    return sorted(nodes, key=centre)


def link_map(chart_id: str, graph: Graph, hrefs: dict[tuple[str, str], str], limit: int = 40) -> str:
    """Speakers, themes and initiatives in three columns, edges as wide as their statement counts.

    Each column shows at most ``limit`` nodes (the most connected); the rest are counted in an
    "and N more" line, so a record ten times larger still draws a readable map.
    """
    columns: list[list[Node]] = []
    hidden: list[int] = []
    for nodes in (graph.speakers, graph.themes, graph.initiatives):
        shown = sorted(nodes, key=lambda n: -len(n.statements))[:limit] if len(nodes) > limit else list(nodes)
        columns.append(shown)
        hidden.append(len(nodes) - len(shown))
    heights = [[_box_height(_label(n), COLUMNS[c][1]) for n in nodes] for c, nodes in enumerate(columns)]
    natural = [sum(h) + GAP * len(h) + (LINE + GAP if hidden[c] else 0) for c, h in enumerate(heights)]
    body = max(natural, default=0)
    placed: dict[str, _Placed] = {}
    parts: list[str] = []
    for c, nodes in enumerate(columns):
        if c == 2:  # initiatives follow the themes they are linked to
            order = _order_by_neighbours(nodes, placed, graph)
            heights[c] = [heights[c][nodes.index(n)] for n in order]
            nodes = order
        x, width = COLUMNS[c]
        spare = (body - natural[c]) / max(len(nodes), 1)  # spread short columns over the height
        y = HEADER + spare / 2
        for node, height in zip(nodes, heights[c], strict=True):
            placed[node.id] = _Placed(node, x, y, width, height)
            y += height + GAP + spare
        if hidden[c]:
            parts.append(_text(x + width / 2, y + LINE - GAP, f"and {hidden[c]} more", anchor="middle"))
    largest = max(graph.edges.values(), default=1)
    for (start, end), weight in sorted(graph.edges.items()):
        if start not in placed or end not in placed:
            continue
        a, b = placed[start], placed[end]
        x1, x2 = a.x + a.width, b.x
        mid = (x1 + x2) / 2
        reach = " ".join(sorted(graph.reach.get((start, end), {start, end})))
        label = f"{a.node.label} to {b.node.label}: {weight} statement{'s' * (weight != 1)}"
        parts.append(
            f'<path class="link-edge" data-from="{esc(start)}" data-to="{esc(end)}" data-reach="{esc(reach)}" '
            f'stroke-width="{1 + 6 * weight / largest:.1f}" '
            f'd="M{x1},{a.middle:.1f} C{mid},{a.middle:.1f} {mid},{b.middle:.1f} {x2},{b.middle:.1f}">'
            f"<title>{esc(label)}</title></path>"
        )
    for c, heading in enumerate(("Speakers", "Themes", "Initiatives")):
        x, width = COLUMNS[c]
        parts.append(_text(x + width / 2, 18, heading, "chart-heading", "middle"))
    for item in placed.values():
        parts.append(_node(item, hrefs[(item.node.kind, item.node.id)]))
    description = (
        f"{len(graph.speakers)} speakers, {len(graph.themes)} themes and {len(graph.initiatives)} initiatives; "
        "each line joins a speaker to a theme, or a theme to an initiative, and is as wide as the number of "
        "statements that link them. Every node links to its page; the table below lists every link."
    )
    height = math.ceil(HEADER + body + GAP)
    return _frame(WIDTH, height, chart_id, "Link map", description, "".join(parts), role="group")


def _label(node: Node) -> str:
    return f"{node.label} ({len(node.statements)})"


def _node(item: _Placed, href: str) -> str:
    node = item.node
    count = len(node.statements)
    geometry = f'x="{item.x}" y="{item.y:.1f}" width="{item.width}" height="{item.height:.1f}"'
    return (
        f'<g class="link-node link-{node.kind}" data-node="{esc(node.id)}">'
        f'<rect class="node-box" {geometry} rx="6"/>'
        f'<foreignObject {geometry}><div xmlns="{XHTML}" class="node-label">'
        f'<a href="{esc(href)}">{esc(node.label)}</a> <span class="node-count">({count})</span>'
        "</div></foreignObject></g>"
    )

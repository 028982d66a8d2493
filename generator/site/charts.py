"""Charts drawn at build time as inline SVG (no JavaScript, no library from outside).

:func:`target_chart` draws a target's measured values as points joined by a line, with the target
as a dashed horizontal line labelled in words (目标 ≤ 41), every point labelled with its value:
readable without colour and on paper. Each chart sits in a ``<figure>`` whose table gives the same
numbers (the text alternative). Same input, same bytes.

>>> from generator.model.model import Target
>>> t = Target("PM2.5", "<=", 41, "微克/立方米", "x", None)
>>> svg = target_chart(t, [("2024", 43), ("2025", 40)], "c1")
>>> svg.count("<circle"), "目标 ≤ 41" in svg
(2, True)
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from generator.model.model import Target, number_text

WIDTH = 360
HEIGHT = 200
PAD_L, PAD_R, PAD_T, PAD_B = 44, 16, 16, 34
MAX_POINTS = 120
"""At most this many points are drawn (the newest); the table below lists them all."""


def _fmt(v: float) -> str:
    return number_text(round(v, 1))


def target_chart(target: Target, series: Sequence[tuple[str, float | int]], chart_id: str) -> Markup:
    """An SVG of ``series`` ((period, value), oldest first) against ``target`` (numeric)."""
    points = list(series)[-MAX_POINTS:]
    goal = float(target.value) if target.numeric else None  # type: ignore[arg-type]
    values = [float(v) for _, v in points] + ([goal] if goal is not None else [])
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    lo, hi = lo - span * 0.15, hi + span * 0.15
    if min(values, default=0) >= 0 and lo < 0:
        lo = 0.0
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B

    def x(i: int) -> float:
        return PAD_L + (plot_w / 2 if len(points) == 1 else plot_w * i / (len(points) - 1))

    def y(v: float) -> float:
        return PAD_T + plot_h * (1 - (v - lo) / (hi - lo))

    title = f"{target.indicator}:实测值与目标"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<rect x="{PAD_L}" y="{PAD_T}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#767676"/>',
        f'<text x="{PAD_L - 4}" y="{PAD_T + 4}" text-anchor="end" font-size="10">{_fmt(hi)}</text>',
        f'<text x="{PAD_L - 4}" y="{PAD_T + plot_h}" text-anchor="end" font-size="10">{_fmt(lo)}</text>',
    ]
    if goal is not None:
        gy = y(goal)
        words = f"目标 {target.value_text}"
        parts.append(
            f'<line x1="{PAD_L}" y1="{gy:.1f}" x2="{PAD_L + plot_w}" y2="{gy:.1f}" stroke="#000" '
            'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{PAD_L + plot_w - 2}" y="{gy - 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(words)}</text>"
        )
    if len(points) > 1:
        path = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, (_, v) in enumerate(points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for i, (period, v) in enumerate(points):
        cx, cy = x(i), y(float(v))
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#1f5fa8" stroke="#fff"/>')
        parts.append(
            f'<text x="{cx:.1f}" y="{cy - 8:.1f}" text-anchor="middle" font-size="11">{_fmt(float(v))}</text>'
        )
        if len(points) <= 12 or i in (0, len(points) - 1):
            parts.append(
                f'<text x="{cx:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="10">'
                f"{escape(period)}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))

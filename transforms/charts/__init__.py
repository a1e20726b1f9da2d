"""Charts of the timeline, pure (no warehouse, no Prefect): Polars frames of events in, PNG,
SVG or self-contained HTML out.

    render_timeline(events, "timeline.png", title="…")   # .png, .svg or .html by suffix
    timeline_svg(events, title="…") -> str                # SVG text, a <title> tooltip per bar
    timeline_png(events, title="…") -> bytes

`events` needs `event, earliest, latest, source` (as the `timeline` view has them) and uses
`confidence, mod, relation, timex_text, sentence` when present.

`transforms.charts.pick` (which events to draw) is importable without loading Matplotlib: the
drawing functions below load `render` on first use.
"""

from typing import Any

__all__ = ["SUFFIXES", "render_timeline", "timeline_html", "timeline_png", "timeline_svg"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from transforms.charts import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

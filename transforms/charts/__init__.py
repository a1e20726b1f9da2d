"""Charts of the timeline, pure (no warehouse, no Prefect): Polars frames of events in, PNG,
SVG or self-contained HTML out.

    render_timeline(events, "timeline.png", title="…")   # .png, .svg or .html by suffix
    timeline_svg(events, title="…") -> str                # SVG text, a <title> tooltip per bar
    timeline_png(events, title="…") -> bytes

`events` needs `event, earliest, latest, source` (as the `timeline` view has them) and uses
`confidence, mod, relation, timex_text, sentence` when present.
"""

from transforms.charts.render import (
    SUFFIXES,
    render_timeline,
    timeline_html,
    timeline_png,
    timeline_svg,
)

__all__ = ["SUFFIXES", "render_timeline", "timeline_html", "timeline_png", "timeline_svg"]

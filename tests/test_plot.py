"""`timeline plot` and the run's timeline artifact, on a real warehouse holding the seed article
(and one short wire story, so sources and filters have something to tell apart)."""

from __future__ import annotations

import base64
import io
import re
import shutil
import warnings
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from PIL import Image

from cli.main import main
from tests.conftest import SEED
from transforms.charts.layout import time_axis
from transforms.charts.timeline import ONE_ROW_MAX, render_figure
from transforms.frames import analyse
from warehouse import Warehouse

SVG = "{http://www.w3.org/2000/svg}"
WIRE_TEXT = "The summit opened in Brussels on Tuesday. Ministers will meet again in March."


def _articles() -> pl.DataFrame:
    first, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    _, published, title = first.split(maxsplit=2)
    rows = [
        (SEED.name, date.fromisoformat(published), "seeds", title, body.strip()),
        ("wire-1", date(2024, 12, 12), "wire", "Summit opens", WIRE_TEXT),
    ]
    frame = pl.DataFrame(rows, schema=["id", "published", "source", "title", "text"], orient="row")
    return frame.with_columns(url=pl.lit(None, pl.String), language=pl.lit("en"))


@pytest.fixture(scope="module")
def loaded(shared, tmp_path_factory) -> tuple[Path, str]:
    """A warehouse with the seed and the wire story loaded by one run: (path, run id)."""
    path = tmp_path_factory.mktemp("plot") / "wh.duckdb"
    warehouse = Warehouse(path)
    run_id = warehouse.start_run()
    articles = _articles()
    timexes, events = analyse(articles)
    warehouse.load_batch(run_id, articles, timexes, events)
    return path, run_id


@pytest.fixture(scope="module")
def seed_events(loaded) -> pl.DataFrame:
    return Warehouse(loaded[0]).chart_events(source="seeds")[0]


def _plot(loaded, output: Path, *options: str) -> int:
    return main(["plot", "--warehouse", str(loaded[0]), "--output", str(output), *options])


def _bars(svg: Path) -> list[ET.Element]:
    root = ET.parse(svg).getroot()
    return [g for g in root.iter(f"{SVG}g") if re.fullmatch(r"event-\d+", g.get("id", ""))]


def _texts(svg: Path) -> str:
    return " ".join("".join(t.itertext()) for t in ET.parse(svg).getroot().iter(f"{SVG}text"))


def test_png_of_the_seed_is_a_real_non_blank_picture(loaded, tmp_path, capsys) -> None:
    output = tmp_path / "timeline.png"
    assert _plot(loaded, output, "--source", "seeds") == 0
    data = output.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.width >= 1000 and 250 <= image.height <= 1200
    assert len(image.getcolors(maxcolors=1 << 24)) > 50
    assert "wrote" in capsys.readouterr().out


def test_svg_has_one_bar_per_event_and_the_event_phrases(loaded, seed_events, tmp_path) -> None:
    output = tmp_path / "timeline.svg"
    assert _plot(loaded, output, "--source", "seeds") == 0
    assert len(_bars(output)) == seed_events.height
    texts = _texts(output)
    for phrase in ("Starmer spoke", "take office", "photographed in Ukraine", "power grid"):
        assert phrase in texts
    assert "Event timeline: source seeds" in texts
    assert all(bar.find(f"{SVG}title") is not None for bar in _bars(output))


def test_bar_widths_follow_the_intervals(seed_events) -> None:
    _, bars = render_figure(seed_events)
    width = {
        row["timex_text"]: bar.x1 - bar.x0
        for row, bar in zip(seed_events.sort("earliest", "latest").to_dicts(), bars, strict=True)
    }
    assert width["2022"] == pytest.approx(365)
    assert width["less than two weeks"] > 4 * width["less than a day"]
    assert width["January"] == pytest.approx(31)


def test_a_long_empty_stretch_is_folded_and_the_rest_drawn_to_scale() -> None:
    axis = time_axis([(date(2022, 1, 1), date(2023, 1, 1)), (date(2024, 11, 15), date(2025, 2, 1))])
    assert len(axis.folds) == 1 and axis.folds[0].start.year == 2023
    assert axis.x(date(2022, 7, 1)) - axis.x(date(2022, 1, 1)) == 181
    assert axis.x(date(2025, 1, 1)) - axis.x(date(2024, 12, 1)) == 31
    assert axis.width < (date(2025, 3, 1) - date(2021, 12, 1)).days / 2


@pytest.mark.parametrize("days", [1, 15, 231, 601, 3265])
def test_any_interval_length_gets_date_ticks_without_warnings(days: int) -> None:
    start = date(1996, 3, 1)
    events = pl.DataFrame(
        {
            "event": ["it happened"],
            "earliest": [start],
            "latest": [start + timedelta(days=days)],
            "source": ["a"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, _ = render_figure(events)
    assert len(fig.axes[0].get_xticks()) >= 2


def test_many_events_share_lanes_without_overlapping() -> None:
    start = date(2024, 1, 1)
    days = [start + timedelta(days=3 * i) for i in range(ONE_ROW_MAX * 3)]
    events = pl.DataFrame(
        {
            "event": [f"event number {i}" for i in range(len(days))],
            "earliest": days,
            "latest": [d + timedelta(days=1) for d in days],
            "source": ["a", "b", "c"] * ONE_ROW_MAX,
        }
    )
    _, bars = render_figure(events)
    lanes = {bar.lane for bar in bars}
    assert len(lanes) < len(bars) / 3
    for lane in lanes:
        spans = sorted((b.x0, b.x1) for b in bars if b.lane == lane)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_html_is_one_self_contained_page(loaded, tmp_path) -> None:
    output = tmp_path / "timeline.html"
    assert _plot(loaded, output) == 0
    page = output.read_text(encoding="utf-8")
    assert "<svg" in page and "Starmer spoke" in page and "summit opened" in page
    assert not re.search(r"<script|<link|<img|@import|src=|url\(\s*['\"]?https?:", page)
    assert page.count("<tr>") == 1 + Warehouse(loaded[0]).chart_events()[0].height


def test_where_filters_with_sql_on_the_timeline_view(loaded, tmp_path) -> None:
    output = tmp_path / "trump.svg"
    where = "trigger = 'take' AND event ILIKE '%take office%'"
    assert _plot(loaded, output, "--where", where) == 0
    assert len(_bars(output)) == 1
    assert f"where {where}" in _texts(output)


def test_from_and_to_keep_events_overlapping_the_window(loaded, tmp_path) -> None:
    output = tmp_path / "window.svg"
    assert _plot(loaded, output, "--from", "2024-12-01", "--to", "2025-01-31") == 0
    texts = _texts(output)
    assert "take office" in texts and "summit opened" in texts
    assert (
        "Starmer spoke" not in texts and "photographed" not in texts and "meet again" not in texts
    )
    overlapping = Warehouse(loaded[0]).query(
        "SELECT count(*) FROM timeline WHERE earliest <= DATE '2025-01-31'"
        " AND latest > DATE '2024-12-01'"
    )
    drawn, counts = Warehouse(loaded[0]).chart_events(
        start=date(2024, 12, 1), end=date(2025, 1, 31)
    )
    assert counts["matched"] == overlapping.item()
    assert 0 < len(_bars(output)) == drawn.height <= counts["matched"]  # one bar per clause


def test_source_and_limit_narrow_the_chart_and_the_title_says_so(loaded, tmp_path) -> None:
    wire = tmp_path / "wire.svg"
    assert _plot(loaded, wire, "--source", "wire") == 0
    assert "Tuesday" in _texts(wire) and "Starmer" not in _texts(wire)
    top = tmp_path / "top.svg"
    assert _plot(loaded, top, "--limit", "2") == 0
    counts = Warehouse(loaded[0]).timeline_counts()
    total = counts["matched"] - counts["wide"]
    assert len(_bars(top)) == 2
    assert f"(2 of {total} events, spread over time)" in _texts(top)


def test_bad_sql_reports_duckdb_message_and_exits_1(loaded, tmp_path, capsys) -> None:
    output = tmp_path / "bad.png"
    assert _plot(loaded, output, "--where", "no_such_column = 1") == 1
    err = capsys.readouterr().err
    assert "Binder Error" in err and "no_such_column" in err and "Traceback" not in err
    assert not output.exists()


def test_empty_result_says_so_and_writes_nothing(loaded, tmp_path, capsys) -> None:
    output = tmp_path / "none.png"
    assert _plot(loaded, output, "--from", "2031-01-01") == 1
    assert "no events to draw" in capsys.readouterr().err
    assert not output.exists()


def test_unknown_output_suffix_exits_2(loaded, tmp_path, capsys) -> None:
    output = tmp_path / "timeline.pdf"
    assert _plot(loaded, output) == 2
    assert ".png, .svg, .html" in capsys.readouterr().err
    assert not output.exists()


def test_run_artifact_markdown_embeds_the_runs_chart_as_png(loaded) -> None:
    from flows.timeline_artifact import timeline_markdown

    path, run_id = loaded
    markdown = timeline_markdown(path, run_id)
    encoded = re.search(r"\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", markdown)
    assert encoded and base64.b64decode(encoded.group(1)).startswith(b"\x89PNG")
    assert "No new events" in timeline_markdown(path, "another-run")


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_flow_publishes_the_timeline_artifact(shared, tmp_path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.ingest import ingest
    from flows.naming import artifact_key

    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    warehouse = tmp_path / "wh.duckdb"
    result = ingest(sources=[str(folder)], warehouse=str(warehouse))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[result["flow_run_id"]])
            )
        )
    timeline = next(a for a in artifacts if a.key == artifact_key("timeline", warehouse))
    assert re.search(r"\d+ of \d+ events, chosen to show their whole span", timeline.data)
    assert "data:image/png;base64," in timeline.data


def test_open_sided_and_decades_wide_events_are_counted_not_drawn(tmp_path, capsys) -> None:
    from tests import warehouse_data as data

    path = tmp_path / "wh.duckdb"
    warehouse = Warehouse(path)
    events = pl.concat(
        [
            data.events(["a"]),
            data.events(["a"]).with_columns(
                event_index=pl.lit(1, pl.Int32), earliest=pl.lit(None, pl.Date)
            ),
            data.events(["a"]).with_columns(
                event_index=pl.lit(2, pl.Int32),
                earliest=pl.lit(date(1990, 1, 1)),
                latest=pl.lit(date(2000, 1, 1)),
                sentence=pl.lit("It was the 1990s."),
            ),
            data.events(["a"]).with_columns(
                event_index=pl.lit(3, pl.Int32),
                earliest=pl.lit(None, pl.Date),
                latest=pl.lit(None, pl.Date),
            ),
        ]
    )
    warehouse.load_batch(warehouse.start_run(), data.articles(["a"]), data.timexes(["a"]), events)
    output = tmp_path / "t.svg"
    assert main(["plot", "--warehouse", str(path), "--output", str(output)]) == 0
    out = capsys.readouterr().out
    assert "1 event (2 open-sided not drawn, 1 over a year wide left out" in out
    assert len(_bars(output)) == 1
    assert main(["plot", "--warehouse", str(path), "--output", str(output), "--wide"]) == 0
    assert "2 events (2 open-sided not drawn)" in capsys.readouterr().out
    assert len(_bars(output)) == 2

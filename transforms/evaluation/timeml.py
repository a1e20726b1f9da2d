"""Read TimeML (.tml) documents: plain text, creation date and gold TIMEX3 spans."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from transforms.evaluation.event_scoring import EventSpan
from transforms.evaluation.scoring import Span

EVENT_ATTRIBUTES = ("tense", "aspect", "polarity", "modality")


@dataclass
class GoldDocument:
    """One TimeML document: its id (file stem), DCT value, plain text, gold timexes and gold
    events (inside <TEXT>, spans trimmed of whitespace)."""

    doc_id: str
    dct: str
    text: str
    timexes: list[Span] = field(default_factory=list)
    events: list[EventSpan] = field(default_factory=list)
    events_outside_text: int = 0
    event_ids: list[str] = field(default_factory=list)
    """The TimeML `eid` of each of `events`, in the same order."""


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _gold_events(
    root: ET.Element, text: str, raw: list[tuple[int, int, ET.Element]]
) -> list[tuple[EventSpan, str]]:
    """Events with the attributes of their eventID's last MAKEINSTANCE, overridden by any
    written on the EVENT itself (class always from the EVENT), as TempEval-3 reads them."""
    instances = {m.get("eventID", ""): m for m in root.iter("MAKEINSTANCE")}
    events = []
    for start, end, node in raw:
        start, end = _trimmed(text, start, end)
        if start >= end:
            continue
        instance = instances.get(node.get("eid", ""))
        values = {
            k: node.get(k) or (instance.get(k, "") if instance is not None else "")
            for k in EVENT_ATTRIBUTES
        }
        events.append((EventSpan(start, end, node.get("class", ""), **values), node.get("eid", "")))
    events.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return events


def read_timeml(path: Path) -> GoldDocument:
    """Parse a .tml file. The text is `<TEXT>` with every tag dropped and its inner text kept,
    as an XML parser reads it (entities decoded, CR LF turned into LF); offsets index into it.
    """
    root = ET.parse(path).getroot()
    dct_node = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element")
    pieces: list[str] = []
    spans: list[Span] = []
    event_nodes: list[tuple[int, int, ET.Element]] = []
    length = 0

    def walk(node: ET.Element) -> None:
        nonlocal length
        opened = length
        if node.text:
            pieces.append(node.text)
            length += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)
        if node.tag == "EVENT" and length > opened:
            event_nodes.append((opened, length, node))
        if node.tag == "TIMEX3" and length > opened:
            spans.append(
                Span(
                    opened, length, node.get("type", ""), node.get("value", ""), node.get("mod", "")
                )
            )

    walk(body)
    spans.sort(key=lambda s: (s.start, s.end))
    dct = dct_node.get("value", "") if dct_node is not None else ""
    text = "".join(pieces)
    pairs = _gold_events(root, text, event_nodes)
    outside = sum(1 for _ in root.iter("EVENT")) - len(event_nodes)
    return GoldDocument(
        path.name.removesuffix(".tml"),
        dct,
        text,
        spans,
        [event for event, _ in pairs],
        outside,
        [eid for _, eid in pairs],
    )


def read_timeml_paths(paths: list[str | Path]) -> list[GoldDocument]:
    """Read .tml files given as files and/or directories (a directory's *.tml, sorted)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.tml")))
        elif p.exists():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    if not files:
        raise FileNotFoundError(f"no .tml files in {', '.join(map(str, paths))}")
    return [read_timeml(f) for f in files]

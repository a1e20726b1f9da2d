"""Read TimeML (.tml) documents: plain text, creation date and gold TIMEX3 spans."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from transforms.evaluation.scoring import Span


@dataclass
class GoldDocument:
    """One TimeML document: its id (file stem), DCT value, plain text and gold timexes."""

    doc_id: str
    dct: str
    text: str
    timexes: list[Span] = field(default_factory=list)


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
        if node.tag == "TIMEX3" and length > opened:
            spans.append(
                Span(
                    opened, length, node.get("type", ""), node.get("value", ""), node.get("mod", "")
                )
            )

    walk(body)
    spans.sort(key=lambda s: (s.start, s.end))
    dct = dct_node.get("value", "") if dct_node is not None else ""
    return GoldDocument(path.name.removesuffix(".tml"), dct, "".join(pieces), spans)


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

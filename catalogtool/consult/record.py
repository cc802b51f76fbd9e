"""Add collected opinions (and new parties) to consultation.yaml, keeping what people wrote.

The file is edited in round-trip mode: comments, key order, flow or block style and quoting of the
existing entries stay as they were, and the list indentation of the file is detected and kept. New
opinions are appended in block style, one key a line, ``adopted: null`` until a person decides.
The new text is written atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogtool.atomic import write_text
from catalogtool.consult.core import Collected

_MAX_BYTES = 2_000_000
_TEMPLATE = (
    "# 征求意见记录 / consultation record (catalogtool consult collect).\n"
    "# 通知第三条：制定过程中应吸收行业协会、人力资源服务机构和有关政府部门参与，积极征求意见。\n"
    "parties: []\n"
    "opinions: []\n"
)


@dataclass(frozen=True)
class NewParty:
    """A party added by ``collect --add-party``."""

    name: str
    type: str
    date: dt.date | None


def _indent(text: str) -> tuple[int, int]:
    """(sequence, offset) indentation of the file's block lists: 4/2 for '  - x' under a key."""
    lines = text.splitlines()
    for before, line in itertools.pairwise(lines):
        key = re.match(r"^(\s*)[^\s#-][^#]*:\s*(#.*)?$", before)
        dash = re.match(r"^(\s*)- ", line)
        if key and dash:
            offset = max(0, len(dash.group(1)) - len(key.group(1)))
            return offset + 2, offset
    return 4, 2


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        """Writes ``null`` rather than an empty value: ``adopted: null`` says "not decided yet"."""

    Representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml = YAML(typ="rt")
    yaml.Representer = Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an existing long line
    sequence, offset = _indent(text)
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    return yaml


def _flow(values: Mapping[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap(values)
    node.fa.set_flow_style()
    return node


def _text(value: str) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value) if "\n" in value else value


def opinion_entry(o: Collected) -> Any:
    """The YAML mapping of one collected opinion, keys in a reading order."""
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    entry["id"] = o.id
    entry["party"] = o.party
    if o.new_row:
        entry["row"] = "new"
    elif o.row is not None:
        entry["row"] = _flow({"seq": o.row.seq, "code": o.row.code, "position": o.row.position})
    entry["kind"] = o.kind
    entry["summary"] = _text(o.summary)
    if o.reason:
        entry["reason"] = _text(o.reason)
    if o.proposal:
        entry["proposal"] = _flow(dict(o.proposal))
    if o.received is not None:  # a new date object each time: a shared one would be written as an alias
        entry["received"] = dt.date.fromordinal(o.received.toordinal())
    source: dict[str, Any] = {"file": o.source_file, "cell": o.source_cell}
    if o.part is not None:
        source["part"] = o.part
    entry["source"] = _flow(source)
    entry["adopted"] = None
    return entry


def updated_text(text: str, parties: Sequence[NewParty], opinions: Sequence[Collected]) -> str:
    """``text`` (consultation.yaml, or '' for a new file) with the parties and opinions appended."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    source = text if text.strip() else _TEMPLATE
    yaml = _yaml(source)
    doc = yaml.load(source)
    for key in ("parties", "opinions"):
        if not isinstance(doc.get(key), list):
            doc[key] = CommentedSeq()
    party_list = doc["parties"]
    flow = bool(party_list) and all(isinstance(p, CommentedMap) and p.fa.flow_style() for p in party_list)
    for p in parties:
        values: dict[str, Any] = {"name": p.name, "type": p.type}
        if p.date is not None:
            values["date"] = p.date
        party_list.append(_flow(values) if flow else CommentedMap(values))
    for o in opinions:
        doc["opinions"].append(opinion_entry(o))
    if isinstance(party_list, CommentedSeq) and party_list.fa.flow_style() and party_list:
        party_list.fa.set_block_style()
    if doc["opinions"] and doc["opinions"].fa.flow_style():
        doc["opinions"].fa.set_block_style()
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def append_to_record(path: Path, parties: Sequence[NewParty], opinions: Sequence[Collected]) -> None:
    """Append to consultation.yaml at ``path`` (created if missing), atomically."""
    from catalogtool.yamlfile import load_yaml_mapping

    text = ""
    if path.is_file():
        load_yaml_mapping(path, _MAX_BYTES, allow_empty=True)  # an unusable file is one clear error
        text = path.read_bytes().decode("utf-8-sig")
    write_text(path, updated_text(text, parties, opinions))

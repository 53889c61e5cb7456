"""The YAML loader of report files: how plain values are read, and the limits checked before
a node tree is built.

Plain values follow what YAML 1.2's core schema and YAML 1.1 (PyYAML's default) agree on:
only decimal numbers without leading zeros or '_', decimal fractions, true/false, null and
dates are anything but text. ``012`` (Varese's ISTAT code), ``1:30``, ``0x1F``, ``1_000`` and
``NO`` (Novara) stay the text written, instead of becoming 10, 90, 31, 1000 and False.

Before any node exists, libyaml counts the file's events (values, sections, lists): a node
takes about 300 bytes, so 5 MB of '[1,1,1,...' would take 800 MB. A file that may nest deep
is read event by event and refused as soon as it nests too deep: libyaml's time grows with
the square of the nesting, and composing 100,000 levels overflows the C stack. The loader
runs these checks itself, so every caller (the report's parser, the batch's manifests) is
protected; it raises ``LoaderLimit``, a ``yaml.YAMLError`` with an Italian message.
"""

from __future__ import annotations

import re

import yaml

try:  # libyaml's loader is ~15x faster on long reports; same node tree and safety
    from yaml import CSafeLoader as _SafeLoader

    LIBYAML = True
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

    LIBYAML = False

from porreport.formatting import number

MAX_DEPTH = 20  # a report nests about 6 levels; this keeps the walk far from recursion limits
# Values, sections and lists, counted as parser events (a section or a list counts twice: its
# start and its end). A report has at most a few tens of thousands; 100,000 unknown fields
# (200,000) are still read, so that the message can name them.
MAX_YAML_EVENTS = 300_000
# Files whose nesting may exceed _SHALLOW levels are read event by event and refused past
# _MAX_NESTING levels; deeper than MAX_DEPTH (but not _MAX_NESTING) the walk names the field.
_SHALLOW = 2_000
_MAX_NESTING = 100

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL = (TAG + t for t in ("str", "int", "float", "bool"))
STANDARD_TAGS = {
    TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

# The plain values that are not text: what YAML 1.2's core schema and YAML 1.1 agree on,
# without leading zeros or '_' (an exponent needs a dot and a sign, as in 1.0e+30), and
# YAML 1.1's dates. An explicitly tagged number (!!int 0x1F) must have the same form.
_CORE_FORMS = {
    BOOL: ("true|True|TRUE|false|False|FALSE", "tTfF"),
    TAG + "null": ("~|null|Null|NULL|", ("~", "n", "N", "")),
    INT: ("[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
    FLOAT: (
        r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    TAG + "timestamp": (
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
        r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
        "0123456789",
    ),
}
# What the walk checks an explicitly tagged value against
FORMS = {tag: re.compile(f"(?:{pattern})") for tag, (pattern, _) in _CORE_FORMS.items()}


class LoaderLimit(yaml.YAMLError):
    """A file over one of the loader's limits; its message is Italian."""


class ReportLoader(_SafeLoader):
    """PyYAML's safe loader (libyaml's when available) with the core resolution of plain
    values (its resolver is Python code in both) and the limits checked before composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._text = stream

    def get_single_node(self) -> yaml.Node | None:
        """The document's node tree, once the file is known to be within the limits."""
        check_size(self._text)
        return super().get_single_node()


ReportLoader.yaml_implicit_resolvers = {}  # its own, not a copy of YAML 1.1's
for _tag, (_pattern, _first) in _CORE_FORMS.items():
    ReportLoader.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), list(_first))


def check_size(text: str) -> None:
    """Raise ``LoaderLimit`` when ``text`` holds more than MAX_YAML_EVENTS values, sections
    and lists, or nests far deeper than MAX_DEPTH."""
    counter = _SafeLoader(text)  # a plain loader: counting consumes its events
    try:
        if LIBYAML and _nesting_bound(text) <= _SHALLOW:
            events = int(counter.raw_parse())  # counted in C: 0.3 s for 5 MB
        else:
            events = _count_events(counter)
    finally:
        counter.dispose()
    if events > MAX_YAML_EVENTS:
        raise LoaderLimit(
            f"il file contiene troppi elementi YAML (valori, sezioni ed elenchi): oltre "
            f"{number(MAX_YAML_EVENTS)}; un rapporto ne ha al massimo qualche decina di migliaia "
            "(le tabelle lunghe vanno in un file CSV o XLSX)"
        )


def _nesting_bound(text: str) -> int:
    """More than the nesting of ``text`` can be: one level per flow bracket, two per column of
    the longest line (a block collection starts further right than its parent's, or after an
    indicator such as '- '). Reports stay under 200."""
    longest = max(map(len, text.split("\n")))
    return text.count("[") + text.count("{") + 2 * longest


def _count_events(loader: _SafeLoader) -> int:
    """The events of a file that may nest deep, one by one, stopping as soon as they are too
    many or nest deeper than _MAX_NESTING (so libyaml never gets deep)."""
    events = depth = 0
    while events <= MAX_YAML_EVENTS and loader.check_event():
        event = loader.get_event()
        events += 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if depth > _MAX_NESTING:
            mark = event.start_mark if event is not None else None
            where = f", riga {mark.line + 1}" if mark is not None else ""
            raise LoaderLimit(
                f"struttura annidata troppo in profondità (oltre {MAX_DEPTH} livelli{where}): "
                "atteso un rapporto con sezioni ed elenchi"
            )
    return events

"""Safe YAML: parse a report's text once, refusing what could run code or hide mistakes.

PyYAML's safe loader composes the node tree; a walk of that tree refuses non-standard tags
(``!!python/object`` never runs), aliases, duplicated keys, non-text keys, impossible dates,
numbers too long to be figures and absurd nesting, and records the line of every field. Only
then is the tree constructed. Syntax errors are reported in Italian with their line and column.

Plain values are read with YAML 1.2's core rules, not YAML 1.1's (PyYAML's default): only
decimal numbers without leading zeros, decimal fractions, true/false and null are anything
but text. ``012`` (Varese's ISTAT code), ``1:30``, ``0x1F``, ``1_000`` and ``NO`` (Novara)
stay the text written, instead of becoming 10, 90, 31, 1000 and False; a figure written that
way is then refused by the model with its usual message. Codes (``TEXT_FIELDS``) and field
names are text whatever they look like: ``ateco: 62.10`` is '62.10', not 62.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's loader is ~15x faster on long reports; same node tree and safety
    from yaml import CSafeLoader as _SafeLoader

    _LIBYAML = True
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

    _LIBYAML = False

from porreport.errors import InputError, Problem
from porreport.formatting import number
from porreport.inputs.messages import PathKey, format_path, short_value
from porreport.model.parsing import TEXT_FIELDS

MAX_REPORT_BYTES = 5 * 1024 * 1024  # a report file; its tables and records have their own
MAX_DEPTH = 20  # a report nests about 6 levels; this keeps the walk far from recursion limits
# Values, sections and lists, counted as parser events (a section or a list counts twice: its
# start and its end). A report has at most a few tens of thousands; 100,000 unknown fields
# (200,000) are still read, so that the message can name them.
MAX_YAML_EVENTS = 300_000
# Digits of a number: an amount in euro has at most 14 (10.000 billion) plus its cents; past
# Python's 4,300 an int cannot even be printed.
MAX_NUMBER_DIGITS = 30

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL = (_TAG + t for t in ("str", "int", "float", "bool"))
_STANDARD_TAGS = {
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

# The plain values that are not text: YAML 1.2's core schema without leading zeros and
# without exponents (1.0e+400 would be infinite, 1.0e-400 zero), and YAML 1.1's dates. An
# explicitly tagged number (!!int 0x1F) must have the same form.
_CORE_FORMS = {
    _BOOL: ("true|True|TRUE|false|False|FALSE", "tTfF"),
    _TAG + "null": ("~|null|Null|NULL|", ("~", "n", "N", "")),
    _INT: ("[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
    _FLOAT: (
        r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    _TAG + "timestamp": (
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
        r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
        "0123456789",
    ),
}
_FORMS = {tag: re.compile(f"(?:{pattern})") for tag, (pattern, _) in _CORE_FORMS.items()}


class ReportLoader(_SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core resolution of plain values (its resolver
    is Python code, libyaml's loader included)."""


ReportLoader.yaml_implicit_resolvers = {}  # its own, not a copy of YAML 1.1's
for _tag, (_pattern, _first) in _CORE_FORMS.items():
    ReportLoader.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), list(_first))

# The one loader of report files and of the batch's YAML manifests.
YAML_LOADER = ReportLoader

_YAML_PROBLEMS = {
    "did not find expected ',' or ']'": "manca ',' o ']' in un elenco tra parentesi quadre",
    "did not find expected ',' or '}'": "manca ',' o '}' in una sezione tra parentesi graffe",
    "did not find expected key": "manca il nome di un campo (controllare l'indentazione)",
    "did not find expected '-' indicator": "manca il '-' di un elemento dell'elenco "
    "(controllare l'indentazione)",
    "mapping values are not allowed in this context": "':' non ammesso qui (un testo che "
    "contiene ': ' va tra virgolette)",
    "could not find expected ':'": "manca ':' dopo il nome del campo",
    "found character that cannot start any token": "carattere non ammesso all'inizio di un "
    "valore (ad esempio una tabulazione: usare spazi)",
    "found unexpected end of stream": "il file finisce prima del previsto (virgolette o "
    "parentesi non chiuse?)",
    "found undefined alias": "alias YAML non definito (e comunque non ammesso)",
    "did not find expected node content": "manca un valore (un elenco o una sezione non chiusi?)",
    "while parsing a block mapping": "indentazione non coerente in una sezione",
}


@dataclass
class _Walk:
    """What the walk of the node tree learns: the line of each field, the nodes seen."""

    source: Path
    locations: dict[PathKey, str] = field(default_factory=dict)
    nodes_seen: set[int] = field(default_factory=set)

    def fail(self, problem: Problem) -> InputError:
        return InputError(problem, source=str(self.source))


def parse_yaml(text: str, source: Path) -> tuple[dict[str, Any], dict[PathKey, str]]:
    """The report's data and the line of each field ('riga 12'), keyed by field path.

    Parses once (libyaml when available): compose the node tree, check it, construct.
    Raises ``InputError`` naming ``source`` for any syntax error or refused construct.
    """
    walk = _Walk(source)
    loader = YAML_LOADER(text)
    try:
        try:
            _check_size(text, source)
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = (
                f"riga {mark.line + 1}, colonna {mark.column + 1}" if mark else "posizione ignota"
            )
            problem = _yaml_problem(exc.problem or "")
            raise _fail(f"sintassi YAML non valida ({where}): {problem}", source) from None
        except yaml.reader.ReaderError as exc:
            raise _fail(_reader_problem(exc, text), source) from None
        except yaml.YAMLError as exc:
            raise _fail(f"sintassi YAML non valida: {exc}", source) from None
        if node is None:
            raise _fail("il file è vuoto: atteso un rapporto in YAML", source)
        _walk_node(node, (), walk)
        try:
            data = loader.construct_document(node)  # safe: tags were checked by _walk_node
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            raise _fail(f"contenuto YAML non utilizzabile: {exc}", source) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise _fail(
            "atteso un rapporto con sezioni (rapporto, panorama, assi, ...), trovato un valore "
            "singolo o un elenco",
            source,
        )
    return data, walk.locations


def _fail(message: str, source: Path) -> InputError:
    return InputError(message, source=str(source))


def _check_size(text: str, source: Path) -> None:
    """Refuse a file of more than MAX_YAML_EVENTS values, sections and lists before its node
    tree is built (a node takes about 300 bytes: 5 MB of '[1,1,1,...' would take 800 MB).
    libyaml counts them without creating any Python object (0.3 s for 5 MB)."""
    counter = YAML_LOADER(text)
    try:
        events = _count_events(counter)
    finally:
        counter.dispose()
    if events > MAX_YAML_EVENTS:
        raise _fail(
            f"il file contiene troppi elementi YAML (valori, sezioni ed elenchi): oltre "
            f"{number(MAX_YAML_EVENTS)}; un rapporto ne ha al massimo qualche decina di migliaia "
            "(le tabelle lunghe vanno in un file CSV o XLSX)",
            source,
        )


def _count_events(loader: ReportLoader) -> int:
    raw_parse = getattr(loader, "raw_parse", None)
    if raw_parse is not None:  # libyaml's loader
        return int(raw_parse())
    events = 0
    while events <= MAX_YAML_EVENTS and loader.check_event():
        loader.get_event()
        events += 1
    return events


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> str:
    """A character YAML does not allow in a file (a control character, say), with its place."""
    before = text[: exc.position]
    if _LIBYAML:  # libyaml counts bytes of UTF-8, PyYAML characters
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
    return (
        f"sintassi YAML non valida (riga {line}, colonna {column}): carattere non ammesso in un "
        f"file YAML (U+{character:04X}); i caratteri di controllo vanno scritti tra virgolette "
        'doppie come sequenze, ad esempio "\\t"'
    )


def _yaml_problem(problem: str) -> str:
    """libyaml's message in Italian, when it is a common one; otherwise quoted as it is."""
    return _YAML_PROBLEMS.get(problem, f"errore del parser: {problem}")


def _walk_node(node: yaml.Node, path: PathKey, walk: _Walk) -> None:
    line = f"riga {node.start_mark.line + 1}"
    if len(path) > MAX_DEPTH:
        raise walk.fail(
            Problem(
                format_path(path[:MAX_DEPTH]),
                f"struttura annidata troppo in profondità (oltre {MAX_DEPTH} livelli): "
                "atteso un rapporto con sezioni ed elenchi",
                None,
                line,
            )
        )
    if id(node) in walk.nodes_seen:
        raise walk.fail(
            Problem(
                format_path(path),
                "alias YAML (&nome / *nome) non ammessi: atteso ogni valore scritto per esteso",
            )
        )
    walk.nodes_seen.add(id(node))
    if path:
        walk.locations.setdefault(path, line)
    if node.tag not in _STANDARD_TAGS:
        raise walk.fail(
            Problem(
                format_path(path),
                "tag YAML non ammesso: per sicurezza sono accettati solo testi, numeri, date, "
                "elenchi e sezioni",
                node.tag.replace(_TAG, "!!"),
                line,
            )
        )
    if isinstance(node, yaml.ScalarNode):  # a tagged list or section fails at construction
        if node.tag == _TAG + "timestamp":
            _check_timestamp(node, path, walk)
        elif node.tag in (_INT, _FLOAT, _BOOL):
            _check_core_form(node, path, walk)
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk_node(item, (*path, i), walk)
    elif isinstance(node, yaml.MappingNode):
        _walk_mapping(node, path, walk)


def _check_core_form(node: yaml.ScalarNode, path: PathKey, walk: _Walk) -> None:
    """A number or a yes/no: decimal and not absurdly long, true or false. Plain values are
    so by resolution; this catches the explicitly tagged ones (!!int 012 would be octal)."""
    line = f"riga {node.start_mark.line + 1}"
    if node.tag == _BOOL and not _FORMS[_BOOL].fullmatch(node.value):
        message = "valore logico in una forma non ammessa: atteso true oppure false"
        raise walk.fail(Problem(format_path(path), message, short_value(node.value), line))
    digits = sum(c.isdigit() for c in node.value)
    if digits > MAX_NUMBER_DIGITS:
        message = (
            f"numero troppo lungo ({number(digits)} cifre): atteso un numero di al massimo "
            f"{MAX_NUMBER_DIGITS} cifre"
        )
        raise walk.fail(Problem(format_path(path), message, short_value(node.value), line))
    if node.tag != _BOOL and not _FORMS[node.tag].fullmatch(node.value):
        message = (
            "numero in una forma non ammessa (ottale, esadecimale, binaria, sessagesimale o "
            "con '_'): atteso un numero in cifre decimali, ad esempio 1980000 oppure 970.4"
        )
        raise walk.fail(Problem(format_path(path), message, short_value(node.value), line))


_TIMESTAMPS = yaml.SafeLoader("")  # only its timestamp constructor is used: stateless


def _check_timestamp(node: yaml.ScalarNode, path: PathKey, walk: _Walk) -> None:
    """YAML turns 2021-02-30 into a date and fails: report it on its field and line."""
    try:
        _TIMESTAMPS.construct_yaml_timestamp(node)
    except ValueError:
        raise walk.fail(
            Problem(
                format_path(path),
                "data inesistente; attesa una data valida, ad esempio 2021-09-30",
                repr(node.value),
                f"riga {node.start_mark.line + 1}",
            )
        ) from None


def _walk_mapping(node: yaml.MappingNode, path: PathKey, walk: _Walk) -> None:
    seen: set[str] = set()
    for key_node, value_node in node.value:
        _as_text(key_node)  # a field name, or a code ('01: Coltivazioni'): the text written
        if key_node.tag != _STR or not isinstance(key_node, yaml.ScalarNode):
            raise walk.fail(
                Problem(
                    format_path(path),
                    "chiave non ammessa: attesi nomi di campo semplici",
                    None,
                    f"riga {key_node.start_mark.line + 1}",
                )
            )
        key = key_node.value
        if key in seen:
            raise walk.fail(
                Problem(
                    format_path((*path, key)),
                    "campo ripetuto nella stessa sezione; atteso una sola volta",
                    None,
                    f"riga {key_node.start_mark.line + 1}",
                )
            )
        seen.add(key)
        walk.locations.setdefault((*path, key), f"riga {key_node.start_mark.line + 1}")
        if key in TEXT_FIELDS:
            _as_text(value_node)
        _walk_node(value_node, (*path, key), walk)


def _as_text(node: yaml.Node) -> None:
    """Make a scalar that YAML reads as a number the text it was written as ('62.10')."""
    if isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _FLOAT):
        node.tag = _STR

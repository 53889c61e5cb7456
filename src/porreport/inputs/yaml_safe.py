"""Safe YAML: parse a report's text once, refusing what could run code or hide mistakes.

The loader (``yaml_loader``: YAML 1.2 core reading of plain values, limits on events and
nesting checked before any node exists) composes the node tree; a walk of that tree refuses
non-standard tags (``!!python/object`` never runs), aliases, duplicated keys, non-text keys,
impossible dates, numbers too long to be figures or written in YAML 1.1's forms under an
explicit tag, and absurd nesting, and records the line of every field. Only then is the tree
constructed. Syntax errors are reported in Italian with their line and column.

Codes (``TEXT_FIELDS``) and field names are text whatever they look like: ``ateco: 62.10`` is
'62.10', not 62.1, and ``provincia: 015`` is Milano's code, not 13 (Como).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from porreport.errors import InputError, Problem
from porreport.formatting import number
from porreport.inputs.messages import PathKey, format_path, short_value
from porreport.inputs.yaml_loader import (
    BOOL,
    FLOAT,
    FORMS,
    INT,
    LIBYAML,
    MAX_DEPTH,
    STANDARD_TAGS,
    STR,
    TAG,
    LoaderLimit,
    ReportLoader,
)
from porreport.model.parsing import TEXT_FIELDS

MAX_REPORT_BYTES = 5 * 1024 * 1024  # a report file; its tables and records have their own
# Digits of a number: an amount in euro has at most 14 (10.000 billion) plus its cents; past
# Python's 4,300 an int cannot even be printed.
MAX_NUMBER_DIGITS = 30
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
            node = loader.get_single_node()  # the loader checks its limits first
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = (
                f"riga {mark.line + 1}, colonna {mark.column + 1}" if mark else "posizione ignota"
            )
            problem = _yaml_problem(exc.problem or "")
            raise _fail(f"sintassi YAML non valida ({where}): {problem}", source) from None
        except LoaderLimit as exc:
            raise _fail(str(exc), source) from None
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


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> str:
    """A character YAML does not allow in a file (a control character, say), with its place."""
    before = text[: exc.position]
    if LIBYAML:  # libyaml counts bytes of UTF-8, PyYAML characters
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
    if node.tag not in STANDARD_TAGS:
        raise walk.fail(
            Problem(
                format_path(path),
                "tag YAML non ammesso: per sicurezza sono accettati solo testi, numeri, date, "
                "elenchi e sezioni",
                node.tag.replace(TAG, "!!"),
                line,
            )
        )
    if isinstance(node, yaml.ScalarNode):  # a tagged list or section fails at construction
        if node.tag == TAG + "timestamp":
            _check_timestamp(node, path, walk)
        elif node.tag in (INT, FLOAT, BOOL):
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
    if node.tag == BOOL and not FORMS[BOOL].fullmatch(node.value):
        message = "valore logico in una forma non ammessa: atteso true oppure false"
        raise walk.fail(Problem(format_path(path), message, short_value(node.value), line))
    digits = sum(c.isdigit() for c in node.value)
    if digits > MAX_NUMBER_DIGITS:
        message = (
            f"numero troppo lungo ({number(digits)} cifre): atteso un numero di al massimo "
            f"{MAX_NUMBER_DIGITS} cifre"
        )
        raise walk.fail(Problem(format_path(path), message, short_value(node.value), line))
    if node.tag != BOOL and not FORMS[node.tag].fullmatch(node.value):
        message = (
            "numero in una forma non ammessa (ottale, esadecimale, binaria, sessagesimale, con "
            "'_' o con un esponente senza punto decimale e segno): atteso un numero in cifre "
            "decimali, ad esempio 1980000 oppure 970.4"
        )
        raise walk.fail(Problem(format_path(path), message, short_value(node.value), line))
    if node.tag == FLOAT and "e" in node.value.lower() and math.isinf(float(node.value)):
        message = "numero troppo grande (oltre 10^308): atteso un numero finito"
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
        if key_node.tag != STR or not isinstance(key_node, yaml.ScalarNode):
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
    if isinstance(node, yaml.ScalarNode) and node.tag in (INT, FLOAT):
        node.tag = STR

"""Load a report: one UTF-8 YAML file, plus CSV/XLSX tables next to it.

Loading is where input mistakes are caught and turned into Italian messages that name the
field path (``assi[2].dotazione``), the value, what was expected and the line. The YAML is
parsed with PyYAML's safe loader after a walk of its node tree that refuses non-standard
tags (``!!python/object`` never runs), aliases and duplicated keys, and records line numbers.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from porreport.errors import InputError, Problem
from porreport.inputs import glyphs
from porreport.inputs.records import resolve_records
from porreport.model.checks import Finding, check_report
from porreport.model.report import Report

MAX_REPORT_BYTES = 5 * 1024 * 1024
MAX_TABLE_BYTES = 50 * 1024 * 1024
MAX_TABLE_ROWS = 100_000
TABLE_SUFFIXES = (".csv", ".xlsx")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

PathKey = tuple[str | int, ...]
_KEY_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int"}  # field names, ATECO codes
MAX_DEPTH = 20  # a report nests about 6 levels; this keeps the walk far from recursion limits
# libyaml's safe loader is ~15x faster on long reports; same node tree and safety
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LoadedReport:
    """A validated report with its warnings and every file it was read from."""

    report: Report
    source: Path
    warnings: list[Problem] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    logos: list[Path] = field(default_factory=list)


@dataclass
class _Context:
    """What the loader learns on the way: where each field was written."""

    source: Path
    locations: dict[PathKey, str] = field(default_factory=dict)
    inputs: list[Path] = field(default_factory=list)
    nodes_seen: set[int] = field(default_factory=set)

    def where(self, path: PathKey) -> str | None:
        """The location of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.locations.get(path[:end])
            if found:
                return found
        return None


def format_path(path: Iterable[str | int]) -> str:
    """('assi', 2, 'dotazione') -> 'assi[2].dotazione'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return (
        repr(text[:60] + "…") if len(text) > 60 else repr(text) if isinstance(value, str) else text
    )


def load(path: str | Path, *, strict: bool = False) -> LoadedReport:
    """Read, check and validate a report file. Raises ``InputError`` on any mistake."""
    source = Path(path)
    ctx = _Context(source=source)
    text = _read_text(source)
    raw = _parse_yaml(text, ctx)
    raw, record_warnings = resolve_records(raw, ctx, strict=strict)  # before tables: own refs
    raw = _resolve_tables(raw, (), ctx)
    raw = _normalise_texts(raw, (), ctx)
    report = _validate(raw, ctx)
    logos = _resolve_logos(report, ctx)
    findings = check_report(report)
    errors = [f for f in findings if not f.warning or strict]
    warnings = record_warnings + [_problem(f, ctx) for f in findings if f.warning and not strict]
    if errors:
        raise InputError([_problem(f, ctx) for f in errors], source=str(source))
    return LoadedReport(report, source, warnings, [source.resolve(), *ctx.inputs], logos)


def _problem(finding: Finding, ctx: _Context) -> Problem:
    return Problem(
        format_path(finding.path), finding.message, finding.value, ctx.where(finding.path)
    )


def _fail(message: str, source: Path) -> InputError:
    return InputError(message, source=str(source))


def _read_text(source: Path) -> str:
    if not source.exists():
        raise _fail(f"file non trovato: {source}", source)
    if not source.is_file():
        raise _fail("atteso un file YAML, trovata una cartella o un file speciale", source)
    size = source.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise _fail(
            f"file troppo grande ({size} byte); atteso al massimo {MAX_REPORT_BYTES} byte", source
        )
    data = source.read_bytes()
    if b"\x00" in data:
        raise _fail("il file è binario, non un testo YAML", source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            f"il file non è in codifica UTF-8 (byte non valido alla riga {line}); "
            "salvarlo come UTF-8",
            source,
        ) from None
    if not text.strip():
        raise _fail("il file è vuoto: atteso un rapporto in YAML", source)
    return text


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


def _yaml_problem(problem: str) -> str:
    """libyaml's message in Italian, when it is a common one; otherwise quoted as it is."""
    return _YAML_PROBLEMS.get(problem, f"errore del parser: {problem}")


def _parse_yaml(text: str, ctx: _Context) -> dict[str, Any]:
    """Parse once (libyaml when available): compose the node tree, check it, construct."""
    loader = _YAML_LOADER(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = (
                f"riga {mark.line + 1}, colonna {mark.column + 1}" if mark else "posizione ignota"
            )
            problem = _yaml_problem(exc.problem or "")
            raise _fail(f"sintassi YAML non valida ({where}): {problem}", ctx.source) from None
        except yaml.YAMLError as exc:
            raise _fail(f"sintassi YAML non valida: {exc}", ctx.source) from None
        if node is None:
            raise _fail("il file è vuoto: atteso un rapporto in YAML", ctx.source)
        _walk_node(node, (), ctx)
        try:
            data = loader.construct_document(node)  # safe: tags were checked by _walk_node
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            raise _fail(f"contenuto YAML non utilizzabile: {exc}", ctx.source) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise _fail(
            "atteso un rapporto con sezioni (rapporto, panorama, assi, ...), trovato un valore "
            "singolo o un elenco",
            ctx.source,
        )
    return data


def _walk_node(node: yaml.Node, path: PathKey, ctx: _Context) -> None:
    line = f"riga {node.start_mark.line + 1}"
    if len(path) > MAX_DEPTH:
        raise InputError(
            Problem(
                format_path(path[:MAX_DEPTH]),
                f"struttura annidata troppo in profondità (oltre {MAX_DEPTH} livelli): "
                "atteso un rapporto con sezioni ed elenchi",
                None,
                line,
            ),
            source=str(ctx.source),
        )
    if id(node) in ctx.nodes_seen:
        raise InputError(
            Problem(
                format_path(path),
                "alias YAML (&nome / *nome) non ammessi: atteso ogni valore scritto per esteso",
            ),
            source=str(ctx.source),
        )
    ctx.nodes_seen.add(id(node))
    if path:
        ctx.locations.setdefault(path, line)
    if node.tag not in _STANDARD_TAGS:
        raise InputError(
            Problem(
                format_path(path),
                "tag YAML non ammesso: per sicurezza sono accettati solo testi, numeri, date, "
                "elenchi e sezioni",
                node.tag.replace("tag:yaml.org,2002:", "!!"),
                line,
            ),
            source=str(ctx.source),
        )
    if node.tag == "tag:yaml.org,2002:timestamp":
        _check_timestamp(node, path, ctx)
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk_node(item, (*path, i), ctx)
    elif isinstance(node, yaml.MappingNode):
        _walk_mapping(node, path, ctx)


_TIMESTAMPS = yaml.SafeLoader("")  # only its timestamp constructor is used: stateless


def _check_timestamp(node: yaml.Node, path: PathKey, ctx: _Context) -> None:
    """YAML turns 2021-02-30 into a date and fails: report it on its field and line."""
    try:
        _TIMESTAMPS.construct_yaml_timestamp(node)
    except ValueError:
        raise InputError(
            Problem(
                format_path(path),
                "data inesistente; attesa una data valida, ad esempio 2021-09-30",
                repr(node.value),
                f"riga {node.start_mark.line + 1}",
            ),
            source=str(ctx.source),
        ) from None


def _walk_mapping(node: yaml.MappingNode, path: PathKey, ctx: _Context) -> None:
    seen: set[str] = set()
    for key_node, value_node in node.value:
        if key_node.tag not in _KEY_TAGS or not isinstance(key_node, yaml.ScalarNode):
            raise InputError(
                Problem(
                    format_path(path),
                    "chiave non ammessa: attesi nomi di campo semplici",
                    None,
                    f"riga {key_node.start_mark.line + 1}",
                ),
                source=str(ctx.source),
            )
        key = key_node.value
        if key in seen:
            raise InputError(
                Problem(
                    format_path((*path, key)),
                    "campo ripetuto nella stessa sezione; atteso una sola volta",
                    None,
                    f"riga {key_node.start_mark.line + 1}",
                ),
                source=str(ctx.source),
            )
        seen.add(key)
        ctx.locations.setdefault((*path, key), f"riga {key_node.start_mark.line + 1}")
        _walk_node(value_node, (*path, key), ctx)


def resolve_inside(folder: Path, ref: str, *, limit: int, what: str) -> Path:
    """A file named by a report, which must lie inside the report's folder and be small enough.

    Raises ``ValueError`` with an Italian explanation otherwise.
    """
    if not isinstance(ref, str) or not ref.strip():
        raise ValueError(f"atteso il nome di un file {what} nella cartella del rapporto")
    candidate = Path(ref)
    if candidate.is_absolute():
        raise ValueError(
            "percorso assoluto non ammesso: atteso un file nella cartella del rapporto"
        )
    base = folder.resolve()
    target = (base / candidate).resolve()
    if not target.is_relative_to(base):
        raise ValueError("il file è fuori dalla cartella del rapporto: non ammesso")
    if not target.is_file():
        raise ValueError(f"file {what} non trovato nella cartella del rapporto")
    size = target.stat().st_size
    if size > limit:
        raise ValueError(f"file troppo grande ({size} byte); atteso al massimo {limit} byte")
    return target


MAX_IMAGE_BYTES = 10 * 1024 * 1024
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _resolve_logos(report: Report, ctx: _Context) -> list[Path]:
    """Every logo: inside the report's folder, small enough, really a PNG or JPEG."""
    logos, problems = [], []
    for i, ref in enumerate(report.rapporto.loghi):
        path_key: PathKey = ("rapporto", "loghi", i)
        try:
            target = resolve_inside(ctx.source.parent, ref, limit=MAX_IMAGE_BYTES, what="immagine")
            if not ref.lower().endswith(LOGO_SUFFIXES):
                raise ValueError("formato di immagine non ammesso. Formati ammessi: PNG, JPEG")
            with target.open("rb") as fh:
                if not fh.read(8).startswith(_IMAGE_MAGIC):
                    raise ValueError("il file non è un'immagine PNG o JPEG valida")
        except ValueError as exc:
            problems.append(
                Problem(format_path(path_key), str(exc), repr(ref), ctx.where(path_key))
            )
            continue
        logos.append(target)
        ctx.inputs.append(target)
    if problems:
        raise InputError(problems, source=str(ctx.source))
    return logos


def _is_table_ref(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "file" in value
        and set(value) <= {"file", "foglio"}
        and isinstance(value["file"], str)
        and value["file"].lower().endswith(TABLE_SUFFIXES)
    )


def _resolve_tables(value: Any, path: PathKey, ctx: _Context) -> Any:
    if _is_table_ref(value):
        return _load_table(value, path, ctx)
    if isinstance(value, dict):
        return {k: _resolve_tables(v, (*path, k), ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_tables(v, (*path, i), ctx) for i, v in enumerate(value)]
    return value


def _load_table(ref: dict[str, Any], path: PathKey, ctx: _Context) -> list[dict[str, Any]]:
    try:
        target = resolve_inside(
            ctx.source.parent, ref["file"], limit=MAX_TABLE_BYTES, what="tabella"
        )
        rows = read_table(target, ref.get("foglio"))
    except ValueError as exc:
        raise InputError(
            Problem(format_path((*path, "file")), str(exc), _short(ref["file"]), ctx.where(path)),
            source=str(ctx.source),
        ) from None
    ctx.inputs.append(target)
    for i in range(len(rows)):
        ctx.locations[(*path, i)] = f"{target.name}, riga {i + 2}"
    return rows


def _column(name: Any) -> str:
    return str(name).strip().lower().replace(" ", "_")


def read_table(target: Path, sheet: str | None = None) -> list[dict[str, Any]]:
    """Rows of a CSV (',' or ';' separated, UTF-8) or XLSX table as dicts, empty cells left out.

    XLSX cells are read as stored values: formulas are never evaluated.
    """
    if target.suffix.lower() == ".xlsx":
        header, body = _xlsx_rows(target, sheet)
    else:
        header, body = _csv_rows(target)
    columns = [_column(h) for h in header]
    rows = [
        {c: v for c, v in zip(columns, r, strict=False) if c and v not in (None, "")}
        for r in body
        if any(v not in (None, "") for v in r)
    ]
    if len(rows) > MAX_TABLE_ROWS:
        raise ValueError(f"troppe righe ({len(rows)}); attese al massimo {MAX_TABLE_ROWS}")
    return rows


def _csv_rows(target: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = target.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("la tabella non è in codifica UTF-8; salvarla come CSV UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ValueError("la tabella è vuota: attesa una riga di intestazione e i dati")
    return rows[0], [[c.strip() for c in r] for r in rows[1:]]


@contextmanager
def xlsx_sheet(target: Path, sheet: str | None) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of an XLSX sheet (the first unless named), as stored values: read-only,
    formulas never evaluated. Raises ``ValueError`` in Italian for an unreadable file or a
    missing sheet."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(target, read_only=True, data_only=True)
    except Exception:
        raise ValueError("file XLSX illeggibile o danneggiato") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ValueError(f"foglio '{sheet}' non trovato; fogli presenti: {book.sheetnames}")
        yield (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
    finally:
        book.close()


def _xlsx_rows(target: Path, sheet: str | None) -> tuple[list[str], list[list[Any]]]:
    with xlsx_sheet(target, sheet) as cells:
        rows = [list(r) for r in cells]
    if not rows:
        raise ValueError("la tabella è vuota: attesa una riga di intestazione e i dati")
    return [str(h) if h is not None else "" for h in rows[0]], rows[1:]


def _normalise_texts(value: Any, path: PathKey, ctx: _Context) -> Any:
    if isinstance(value, str):
        text = glyphs.normalise(value)
        missing = glyphs.missing_characters(text)
        if missing:
            raise InputError(
                Problem(
                    format_path(path),
                    f"carattere non disponibile nel font Titillium Web: {glyphs.describe(missing)}; "
                    "atteso un testo senza emoji o simboli speciali",
                    _short(value),
                    ctx.where(path),
                ),
                source=str(ctx.source),
            )
        return text
    if isinstance(value, dict):
        return {k: _normalise_texts(v, (*path, k), ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise_texts(v, (*path, i), ctx) for i, v in enumerate(value)]
    return value


def _validate(raw: dict[str, Any], ctx: _Context) -> Report:
    try:
        return Report.model_validate(raw)
    except ValidationError as exc:
        problems = [_translate(err, raw, ctx) for err in exc.errors(include_url=False)]
        raise InputError(_dedupe(problems), source=str(ctx.source)) from None


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            out.append(p)
    return out


def _data_path(loc: tuple[Any, ...], raw: Any) -> PathKey:
    """Keep the parts of a pydantic location that exist in the data (drops union tags)."""
    path: list[str | int] = []
    node = raw
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part not in node:
            if not path or (part.isidentifier() and part.islower()):
                path.append(part)  # a missing field: name it
            break
    return tuple(path)


def _translate(err: dict[str, Any], raw: dict[str, Any], ctx: _Context) -> Problem:
    path = _data_path(tuple(err["loc"]), raw)
    kind = err["type"]
    value = None if kind == "missing" else _short(err.get("input"))
    message = _message(kind, err, path)
    return Problem(format_path(path), message, value, ctx.where(path))


@cache
def _field_names() -> frozenset[str]:
    """Every field name of the input, for 'did you mean' suggestions."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = [Report]
    while stack:
        model = stack.pop()
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            stack += [m for m in _model_args(info.annotation) if m not in seen]
    return frozenset(names)


def _model_args(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _model_args(arg)
    return found


_MESSAGES = {
    "missing": "campo obbligatorio mancante",
    "int_parsing": "atteso un numero intero",
    "int_type": "atteso un numero intero",
    "int_from_float": "atteso un numero intero, senza decimali",
    "float_parsing": "atteso un numero",
    "decimal_parsing": "atteso un numero",
    "string_type": "atteso un testo",
    "list_type": "atteso un elenco (righe che iniziano con '- ')",
    "model_type": "attesa una sezione con campi 'nome: valore'",
    "dict_type": "attesa una sezione con campi 'nome: valore'",
    "bool_parsing": "atteso sì o no (true / false)",
    "bool_type": "atteso sì o no (true / false)",
    "date_parsing": "attesa una data, ad esempio 2021-09-30 oppure '30/09/2021'",
    "date_type": "attesa una data, ad esempio 2021-09-30 oppure '30/09/2021'",
    "date_from_datetime_inexact": "attesa una data senza orario",
    "finite_number": "atteso un numero finito",
    "invalid_key": "nome di campo non valido: attesi nomi di testo",
    "float_type": "atteso un numero",
    "decimal_type": "atteso un numero",
    "string_sub_type": "atteso un testo",
    "list_type_error": "atteso un elenco",
}


def _bound(value: Any) -> str:
    """A limit from pydantic, written the Italian way (10.000.000.000.000)."""
    from porreport.formatting import number

    return number(value) if isinstance(value, int | float | Decimal) else str(value)


def _message(kind: str, err: dict[str, Any], path: PathKey) -> str:
    ctx = err.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    if kind in ("greater_than_equal", "greater_than"):
        bound = _bound(ctx.get("ge", ctx.get("gt")))
        return f"valore troppo piccolo: atteso un numero maggiore o uguale a {bound}"
    if kind in ("less_than_equal", "less_than"):
        return f"valore troppo grande: atteso al massimo {_bound(ctx.get('le', ctx.get('lt')))}"
    if kind == "string_too_short":
        return "testo vuoto: atteso almeno un carattere"
    if kind == "string_too_long":
        return f"testo troppo lungo: attesi al massimo {ctx.get('max_length')} caratteri"
    if kind == "too_short":
        return f"elenco troppo corto: attesi almeno {ctx.get('min_length')} elementi"
    if kind == "too_long":
        return f"elenco troppo lungo: attesi al massimo {ctx.get('max_length')} elementi"
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace(" or ", " o ")
        return f"valore non ammesso; valori ammessi: {allowed}"
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        close = difflib.get_close_matches(name, sorted(_field_names()), n=1)
        hint = f"; forse si intendeva '{close[0]}'?" if close else ""
        return f"campo non previsto in questa sezione{hint}"
    return f"valore non valido (controllo '{kind}')"

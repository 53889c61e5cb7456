"""How input mistakes are written for the people who edit the data, in Italian.

A field is named by its path (``assi[2].dotazione``), a value is quoted short, and pydantic's
validation errors become one ``Problem`` each, with a "did you mean" hint for a misspelt
field name.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from porreport.errors import MAX_PROBLEMS_SHOWN, Problem
from porreport.formatting import number

if TYPE_CHECKING:  # paths and values need no pydantic: the model loads when a report does
    from pydantic import BaseModel, ValidationError
    from pydantic_core import ErrorDetails

PathKey = tuple[str | int, ...]
# The line (or table row) where a field was written, when known.
Locate = Callable[[PathKey], str | None]


def format_path(path: Iterable[str | int]) -> str:
    """('assi', 2, 'dotazione') -> 'assi[2].dotazione'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def short_value(value: object) -> str:
    """A value as quoted in a message: texts in quotes, cut after 60 characters."""
    if isinstance(value, int) and value.bit_length() > 200:  # repr() refuses past 4,300 digits
        return f"un numero di circa {number(int(value.bit_length() * 0.30103))} cifre"
    if isinstance(value, dt.date):
        return value.isoformat()  # '9999-12-31', not 'datetime.date(9999, 12, 31)'
    if value is None or isinstance(value, bool):  # as YAML writes them, not Python
        return {None: "null", True: "true", False: "false"}[value]
    text = value if isinstance(value, str) else repr(value)
    return (
        repr(text[:60] + "…") if len(text) > 60 else repr(text) if isinstance(value, str) else text
    )


# Misspelt field names get a "did you mean" hint in the first errors only: a message shows
# at most MAX_PROBLEMS_SHOWN of them, and 100,000 unknown fields must not cost minutes.
HINTED_ERRORS = 4 * MAX_PROBLEMS_SHOWN


def validation_problems(exc: ValidationError, raw: dict[str, Any], where: Locate) -> list[Problem]:
    """pydantic's errors as Italian problems, one per field and message."""
    problems = [
        _translate(err, raw, where, hint=i < HINTED_ERRORS)
        for i, err in enumerate(exc.errors(include_url=False))
    ]
    return _dedupe(problems)


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


def _translate(err: ErrorDetails, raw: dict[str, Any], where: Locate, hint: bool) -> Problem:
    path = _data_path(tuple(err["loc"]), raw)
    kind = err["type"]
    value = None if kind == "missing" else short_value(err.get("input"))
    message = _message(kind, err, path, hint)
    return Problem(format_path(path), message, value, where(path))


@cache
def _field_names() -> frozenset[str]:
    """Every field name of the input, for 'did you mean' suggestions."""
    from porreport.model.report import Report

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
    from pydantic import BaseModel

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
    "int_parsing_size": "numero intero troppo grande",
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
    return number(value) if isinstance(value, int | float | Decimal) else str(value)


def _message(kind: str, err: ErrorDetails, path: PathKey, hint: bool) -> str:
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
        return f"campo non previsto in questa sezione{_did_you_mean(path) if hint else ''}"
    return f"valore non valido (controllo '{kind}')"


def _did_you_mean(path: PathKey) -> str:
    name = str(path[-1]) if path else ""
    if len(name) > 100:  # no field name is that long; difflib's time grows with the length
        return ""
    close = difflib.get_close_matches(name, sorted(_field_names()), n=1)
    return f"; forse si intendeva '{close[0]}'?" if close else ""

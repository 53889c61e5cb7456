"""The JSON Schema of the report input, for editors that check and autocomplete YAML."""

from __future__ import annotations

import json
from typing import Any

from porreport.model.report import Report

TABLE_REF = {
    "type": "object",
    "description": "Tabella in un file CSV (separatore ';' o ',') o XLSX nella cartella del rapporto.",
    "properties": {
        "file": {"type": "string", "pattern": r"(?i)\.(csv|xlsx)$"},
        "foglio": {"type": "string", "description": "Foglio XLSX (default: il primo)"},
    },
    "required": ["file"],
    "additionalProperties": False,
}


def _allow_tables(node: Any) -> Any:
    """Every list of objects may instead be a {file: ...} table reference."""
    if isinstance(node, dict):
        node = {k: _allow_tables(v) for k, v in node.items()}
        props = node.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                if prop.get("type") == "array" and "$ref" in prop.get("items", {}):
                    props[name] = {
                        "anyOf": [prop, {"$ref": "#/$defs/Tabella"}],
                        "title": prop.get("title", name),
                    }
        return node
    if isinstance(node, list):
        return [_allow_tables(v) for v in node]
    return node


# Fields that accept a second name (pydantic's schema lists only the first one).
ALTERNATIVE_NAMES = {
    ("ValoreProvincia", "imprese"): "beneficiari",
    ("Settore", "imprese"): "beneficiari",
}


def _alternative_names(schema: dict[str, Any]) -> dict[str, Any]:
    """Document each field's second name: either name, exactly one of them."""
    for (model, name), other in ALTERNATIVE_NAMES.items():
        node = schema["$defs"][model]
        node["properties"][other] = {**node["properties"][name], "title": other.capitalize()}
        node["required"] = [r for r in node.get("required", []) if r != name]
        node["oneOf"] = [{"required": [name]}, {"required": [other]}]
    return schema


def report_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a report file."""
    schema = Report.model_json_schema(mode="validation")
    schema = _alternative_names(_allow_tables(schema))
    schema.setdefault("$defs", {})["Tabella"] = TABLE_REF
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Rapporto porreport"
    return schema


def schema_json() -> str:
    """The schema as indented JSON text."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False)

"""Where the document's texts come from: every text field of the report, by its path.

A renderer that cannot lay out a text (a word or a run of lines too long for any box it has)
names the field the person wrote it in (``assi[2].titolo``), found by its text in
``Document.sources``.
"""

from __future__ import annotations

from porreport.inputs.messages import format_path


def field_texts(report: object) -> tuple[tuple[str, str], ...]:
    """Every text of ``report`` (a model: its fields, lists and nested models) with the
    path of its field, in the order of the model's fields."""
    out: list[tuple[str, str]] = []
    _walk(report, (), out)
    return tuple(out)


def _walk(value: object, path: tuple[str | int, ...], out: list[tuple[str, str]]) -> None:
    if isinstance(value, str):
        out.append((format_path(path), value))
        return
    if isinstance(value, list | tuple):
        for k, item in enumerate(value):
            _walk(item, (*path, k), out)
        return
    fields = getattr(type(value), "model_fields", None)  # a pydantic model, read by duck typing
    if fields is not None:
        for name in fields:
            _walk(getattr(value, name), (*path, name), out)

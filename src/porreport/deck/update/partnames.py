"""``Package.next_partname`` for an edited deck, with python-pptx's answers without its walk
of the whole package for each new part (adding a chart asks twice, a slide's notes once).

python-pptx names a new part after the parts reachable from the package at that moment.
The names are read once and each name given out is remembered, as long as parts are only
added; an update also removes slides and charts, and then calls ``forget`` so that the next
name is chosen from the parts still reachable (the numbers they freed are given again, as
python-pptx gives them)."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from pptx.opc.package import OpcPackage, Part
from pptx.opc.packuri import PackURI
from pptx.presentation import Presentation


def partnames(package: OpcPackage) -> set[str]:
    """The partnames of the parts reachable from the package's relationships (the parts
    python-pptx's ``iter_parts`` gives)."""
    seen: set[Part] = set()
    names: set[str] = set()
    # python-pptx keeps each collection's relationships in a private dict
    stack = [package._rels._rels]
    while stack:
        for rel in stack.pop().values():
            if rel.is_external:
                continue
            part = rel.target_part
            if part not in seen:
                seen.add(part)
                names.add(part.partname)
                stack.append(part.rels._rels)
    return names


class PartNames:
    """New partnames for one package, as python-pptx's ``next_partname`` gives them."""

    def __init__(self, package: OpcPackage) -> None:
        self._package = package
        self._names: set[str] | None = None

    def next(self, tmpl: str) -> PackURI:
        """The partname python-pptx's ``next_partname(tmpl)`` gives: the highest free
        number up to one more than the names of that kind in use."""
        if self._names is None:
            self._names = partnames(self._package)
        prefix = tmpl[: (tmpl % 42).find("42")]
        used = {name for name in self._names if name.startswith(prefix)}
        for n in range(len(used) + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in used:
                self._names.add(candidate)
                return PackURI(candidate)
        raise ValueError(f"nessun nome libero per {tmpl}")  # unreachable: n+1 names

    def forget(self) -> None:
        """Parts were removed: read the names again for the next new part."""
        self._names = None


_NAMES: WeakKeyDictionary[OpcPackage, PartNames] = WeakKeyDictionary()


def quick_partnames(prs: Presentation) -> None:
    """Make ``prs``'s package name new parts with a ``PartNames``."""
    package = prs.part.package
    names = _NAMES[package] = PartNames(package)
    # python-pptx asks the package itself (slides' notes, charts, workbooks); an instance
    # attribute takes the method's place for this package only
    setattr(package, "next_partname", names.next)  # noqa: B010


def forget(package: OpcPackage) -> None:
    """Parts of ``package`` were removed (``PartNames.forget``)."""
    names = _NAMES.get(package)
    if names is not None:
        names.forget()

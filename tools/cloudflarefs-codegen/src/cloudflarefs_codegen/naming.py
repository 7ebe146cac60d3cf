"""Naming rules: Python identifiers, class names and collision resolution.

Every name the generator emits goes through here, so the rules are code and can be tested.
"""

from __future__ import annotations

import keyword
import re

__all__ = [
    "NameRegistry",
    "clean_component_name",
    "pascal_case",
    "python_identifier",
    "snake_case",
]

_SOFT_RESERVED = frozenset({"self", "cls", "match", "case", "type", "_"})
# Names that would shadow what generated modules themselves use.
_MODULE_RESERVED = frozenset(
    {
        "Any",
        "Literal",
        "Unset",
        "UNSET",
        "OpenStrEnum",
        "attrs",
        "datetime",
        "extra_field",
        "WIRE_NAME",
        "Mapping",
        "Sequence",
    }
)
_PREFIX = re.compile(r"^[^_]+_")
_INFIXES = ("components-schemas-", "schemas-", "parameters-")


def _words(text: str) -> list[str]:
    # Split camelCase and any non-alphanumeric run; keep digits attached to their word.
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    return [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]


def snake_case(text: str) -> str:
    """``returnMetadata`` -> ``return_metadata``; ``list-a-namespace's-keys`` -> ``list_a_namespace_s_keys``."""
    return "_".join(w.lower() for w in _words(text))


def pascal_case(text: str) -> str:
    """``api-response-common`` -> ``ApiResponseCommon``; keeps inner capitals (``KVNamespace``)."""
    out = "".join(w[:1].upper() + w[1:] for w in _words(text))
    if not out:
        return "Model"
    if out[0].isdigit():
        out = "N" + out
    return out


def python_identifier(text: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """A snake_case identifier; Python keywords and reserved names get a trailing ``_``."""
    name = snake_case(text) or "field"
    if name[0].isdigit():
        name = "n_" + name
    if keyword.iskeyword(name) or name in _SOFT_RESERVED or name in reserved:
        name += "_"
    return name


def clean_component_name(component: str) -> str:
    """Strip the product prefix and the bundler's collision infixes, then PascalCase.

    ``workers-kv_components-schemas-result`` -> ``Result``;
    ``workers_schemas-deployments-list-response`` -> ``DeploymentsListResponse``.
    """
    rest = _PREFIX.sub("", component, count=1) if "_" in component else component
    changed = True
    while changed:
        changed = False
        for infix in _INFIXES:
            if rest.startswith(infix):
                rest = rest[len(infix) :]
                changed = True
    return pascal_case(rest)


def component_prefix(component: str) -> str:
    """The product slug of a component name (``workers-kv`` for ``workers-kv_value``)."""
    return component.split("_", 1)[0] if "_" in component else ""


class NameRegistry:
    """Hands out unique class names in a module, deterministically.

    The first claimant of a name gets it; later distinct claimants get the disambiguator (usually
    the product prefix, PascalCased) prepended, then a numeric suffix.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set(_MODULE_RESERVED)

    def claim(self, name: str, *, disambiguator: str = "") -> str:
        """Reserve and return a unique name derived from ``name``."""
        candidates = [name]
        if disambiguator:
            candidates.append(pascal_case(disambiguator) + name)
        for candidate in candidates:
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        n = 2
        while f"{name}{n}" in self._taken:
            n += 1
        self._taken.add(f"{name}{n}")
        return f"{name}{n}"

    def __contains__(self, name: str) -> bool:
        return name in self._taken

"""A strict YAML loader for the routes file.

PyYAML's safe loader follows YAML 1.1, which silently turns some routing values into
something else: ``NO`` (Norway) and ``no`` (Norwegian) become ``False``, and an M49
code with a leading zero is read as an octal number (``013`` Central America becomes
``11``, which is Western Africa's ``011``).  This loader only resolves ``true`` /
``false`` as booleans and decimal numbers without a leading zero as integers, so
``NO`` and ``013`` stay strings; and it refuses a key given twice in one mapping
(PyYAML would keep the last one without a word).
"""
from __future__ import annotations

import re
from typing import Any

import yaml


class StrictLoader(yaml.SafeLoader):
    pass


# Drop YAML 1.1's bool and int resolvers, then add narrow ones.
StrictLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
                                   list("-+0123456789"))


def _mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, f"unhashable key {key!r}", key_node.start_mark) from None
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is given twice in the same mapping", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_yaml(text: str | bytes) -> Any:
    """Parse one YAML document with the strict rules above (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader derives from SafeLoader

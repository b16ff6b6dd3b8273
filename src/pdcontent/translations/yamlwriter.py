"""Writing overlay files as YAML a translator can edit: block scalars for long texts."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Keeps mapping order and writes multi-line strings as literal blocks."""


#: line breaks to YAML, not to editors: PyYAML writes them raw in quoted and block styles,
#: and reading them back folds them into spaces; double quotes escape them (\N, \L, \P)
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in _YAML_ONLY_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: Any, modeline: str) -> str:
    """``data`` as YAML text that starts with ``modeline``."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    return f"{modeline}\n{body}"

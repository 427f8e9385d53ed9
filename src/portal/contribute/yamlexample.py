"""A schema example as the YAML an editor writes in a practice file (not JSON).

Block style like the practice files (lists of fields indented under their key), short lists
of plain values in brackets (`themes: [integration, mainstreaming]`), dates in quotes.
"""

from __future__ import annotations

import yaml


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # "  - name:", as the practice files do


def _list(dumper: yaml.SafeDumper, items: list):
    flow = all(not isinstance(item, (dict, list)) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(list, _list)


def example_yaml(name: str, value) -> str:
    """`name: value` as YAML lines (no final line feed), ready to paste into a practice file."""
    return yaml.dump({name: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10_000).rstrip("\n")

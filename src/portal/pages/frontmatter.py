"""The YAML front matter of a generated page, written so that no value can break it.

MkDocs reads front matter with PyYAML and, when that fails, silently renders the whole block as
Markdown (a title holding U+007F once turned the front matter into live markup). So every value
is written by PyYAML itself as a double-quoted scalar with everything outside printable ASCII
escaped (\\xE9, \\u2028, \\e, \\0...): no character of a value can end the block, start a line or
be read as a line break. The block is then read back the way MkDocs 1.6 reads it
(mkdocs.utils.meta: the first `---`...`---` lines, then PyYAML's safe loader), and refused if
that does not give the same values (a lone surrogate, say, which the checks already refuse).
"""

from __future__ import annotations

import json
import re

import yaml

# libyaml's emitter writes the same bytes as PyYAML's Python one (tests/test_markdown_once.py
# checks they agree) at a small part of the cost: the sheets' front matter (their citation metadata)
# made the Python emitter a third of the generator's time.
try:
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper
    from yaml import SafeLoader as _Loader

# MkDocs' own pattern for a front matter block (mkdocs/utils/meta.py, YAML_RE).
_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


class FrontMatterError(ValueError):
    pass


def front_matter(fields: dict) -> str:
    """`---`, the fields, `---`: a block MkDocs reads back as exactly `fields` (JSON values:
    text, numbers, lists, mappings; tuples become lists)."""
    fields = json.loads(json.dumps(fields))
    body = yaml.dump(fields, Dumper=_Dumper, allow_unicode=False, default_style='"',
                     sort_keys=False, width=2**30)
    block = f"---\n{body}---\n"
    found = _BLOCK.match(block)
    if not found or found.end() != len(block) or yaml.load(found.group(1), _Loader) != fields:
        raise FrontMatterError(f"front matter does not read back as written: {fields!r:.200}")
    return block

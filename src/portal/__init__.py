"""Generator of the good-practices portal.

Data flows one way: practices/*.yaml -> yamlload (strict YAML) -> validation (schema.json and
cross-file checks) -> model (frozen objects) -> pages (Markdown per language) -> output
(docs/practicas/, written only when the bytes change). Only scripts/hooks.py knows MkDocs.
"""

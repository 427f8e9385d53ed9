"""Reading the practices: strict YAML, the schema, checks across fields and files, problems."""

"""The CLI's commands, one module per group. Each parses, calls the domain, prints."""

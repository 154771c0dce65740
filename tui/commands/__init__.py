"""The subcommands of `nieuws-tui`, one module each; each has `register(subparsers)` (see common.py)."""

from . import export, fetch, imports, listing, maintenance, marking, serve, sources

COMMANDS = (imports, listing, marking, fetch, sources, export, serve, maintenance)

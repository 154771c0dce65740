"""The subcommands of `nieuws-tui`, one module each; each has `register(subparsers, db_option)`."""

from . import export, imports, listing, marking, serve

COMMANDS = (imports, listing, marking, export, serve)

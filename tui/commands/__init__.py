"""The subcommands of `nieuws-tui`, one module each; each has `register(subparsers, db_option)`."""

from . import imports, listing, marking

COMMANDS = (imports, listing, marking)

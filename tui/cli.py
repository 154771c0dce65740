"""The `nieuws-tui` command: the app when run bare, scriptable subcommands otherwise."""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from typing import TYPE_CHECKING, Any, NoReturn

from feeds import NieuwsError, __version__, set_default_domain, shown_url, terminal_safe
from feeds import gettext as _

from .commands import COMMANDS
from .commands.common import Terminated, command_library, db_option, terminated_as_interrupted
from .console import OutputError, discard_output, escape_what_cannot_be_spelled, fail, say_all

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# A value as argparse echoes one it refuses (`invalid choice: 'lees'`), and as the refusals of this command line's own
# types do: in quotes as Python writes it, any quote of its own and every backslash escaped.
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'" r'|"(?:[^"\\]|\\.)*"')
# Characters of a refusal: argparse's words and the choices it lists (some 150) beside a value cut short fit in it.
_MOST_SHOWN = 360


class _Wrapping(argparse.HelpFormatter):
    """argparse's help, its lines broken at spaces only: argparse breaks them at a hyphen too, and inside a word
    longer than a line, and a path, an address or an option (`…/nieuws-` `tui/config.toml`) came out broken in two."""

    _SPACES = re.compile(r"\s+", re.ASCII)  # as argparse's: a no-break space stays one

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(self._SPACES.sub(" ", text).strip(), width, break_on_hyphens=False, break_long_words=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


class _Parser(argparse.ArgumentParser):
    """The parser of `nieuws-tui` and of each of its commands (subparsers are of their parent's class).

    argparse leaves what a command's parser does not know (`list --unred`) to the top-level parser,
    which then says so under its own usage; here each parser says it under its own, as `list --help`.
    What it writes to standard output (--help, --version) goes through console.say_all, as every output.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{"formatter_class": _Wrapping, **kwargs})  # (a subparser is not given its parent's)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:  # as ArgumentParser's, whose types are overloads
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(_("unrecognized arguments: %s") % " ".join(extras))  # argparse's own words
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        """argparse's refusal, on one line that no value given can drive the terminal with (terminal_safe) or fill it
        with: each value it echoes is cut short as a long address is (shown_url), as config.toml's refusals echo theirs,
        and so is the line, where argparse echoes what was given as it is (`unrecognized arguments: …`)."""
        echoed = _QUOTED.sub(lambda quoted: shown_url(quoted[0]), terminal_safe(message))
        super().error(shown_url(echoed, _MOST_SHOWN))

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """Help and the version as every output: argparse drops a write that fails, at exit 0."""
        if message and file is sys.stdout:
            say_all(message.splitlines())
        else:
            super()._print_message(message, file)  # usage and errors, on standard error


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nieuws-tui",
        parents=[db_option()],
        description=_("A terminal news reader for Dutch news. Without a command it opens the reader app."),
    )
    parser.add_argument(
        "-r", "--refresh-on-start", action="store_true", help=_("open the app refreshing the sources at once, as config.toml's refresh-on-start does (newsboat's -r)")
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help=_("show the version and exit"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"), help=_("what to do (`nieuws-tui COMMAND --help` tells more of each)"))
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    set_default_domain()  # argparse's own words (usage, options, its errors) in the interface's language too
    escape_what_cannot_be_spelled()
    try:
        parser = _parser()
        args = parser.parse_args(argv)  # --help and --version write, and may fail to
        if args.command is None:
            from .app import run_app

            greetings: list[str] = []  # said inside the app: its screen would hide standard error
            return run_app(command_library(args, samples=True, announce=greetings.append), greetings, refresh_on_start=args.refresh_on_start)
        if args.refresh_on_start:
            parser.error(_("--refresh-on-start opens the app: give it without a command (fetch refreshes from the command line)"))
        with terminated_as_interrupted(args):
            return int(args.run(args))
    except OutputError as error:
        fail(str(error))
        discard_output()  # what is still buffered for it would fail again at exit, as a traceback
        return 2
    except NieuwsError as error:  # every error the engine tells the user about: one line, exit 2
        fail(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143
    except BrokenPipeError:
        # `nieuws-tui list | head`: the reader left; say nothing more.
        discard_output()
        return 0


if __name__ == "__main__":
    sys.exit(main())

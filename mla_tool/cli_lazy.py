"""Command groups whose subcommands are imported when one is run, not when the command line
starts: `mla-tool --help` lists them from a table (name, where it lives, its one-line help)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

import click


@dataclass(frozen=True)
class LazyCommand:
    """A subcommand named in a table: `target` is "module:attribute"; `short_help` is what the
    group's help lists (the command's own short help: tests/test_cli_lazy.py compares them)."""

    target: str
    short_help: str

    def load(self) -> click.Command:
        module, _, attribute = self.target.partition(":")
        command = getattr(import_module(module), attribute)
        assert isinstance(command, click.Command), self.target
        return command


class LazyCommands(click.Group):
    """A group that imports a subcommand of its `lazy` table the first time it is asked for."""

    def __init__(self, *args: Any, lazy: Mapping[str, LazyCommand] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.lazy = dict(lazy or {})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            self.add_command(self.lazy[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's, with the table's help for the commands not imported yet."""
        rows: list[tuple[str, str]] = []
        width = formatter.width - 6 - max(map(len, self.list_commands(ctx)), default=0)
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:
                rows.append((name, _shortened(self.lazy[name].short_help, width)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(width)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _shortened(text: str, limit: int) -> str:
    return click.utils.make_default_short_help(text, limit)

"""Commands and generated files that other installed packages add to ``pdcontent``.

The core never imports the API package. ``pdcontent_api`` contributes ``serve``,
``export-static`` and the GraphQL SDL of ``pdcontent schema`` through the entry point
groups below (``pyproject.toml``); they exist once the distribution is installed, and
``pip install -e`` registers them too.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

#: ``name = "module:COMMAND"``, where ``COMMAND`` is a :class:`Command`
COMMAND_GROUP = "pdcontent.commands"
#: ``name = "module:function"``, where the function returns generated ``schema/`` files
SCHEMA_FILES_GROUP = "pdcontent.schema_files"

#: what every command returns: clean, problems found, usage error
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand another package contributes: its help line, its options, its handler.

    ``run`` returns the exit code; it must print a clear message, not raise, when
    something it needs is not installed.
    """

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


class PluginError(Exception):
    """An installed entry point cannot be loaded or holds the wrong kind of object."""


def _entries(group: str) -> Iterator[EntryPoint]:
    # sorted, so help and schema output do not depend on the order packages were installed
    yield from sorted(entry_points(group=group), key=lambda ep: ep.name)


def _name(entry: EntryPoint) -> str:
    return f"{entry.group} {entry.name!r} ({entry.value})"


def _load(entry: EntryPoint) -> object:
    try:
        return entry.load()
    except Exception as exc:  # importing another package's module can raise anything
        raise PluginError(f"{_name(entry)}: {type(exc).__name__}: {exc}") from None


def commands() -> tuple[dict[str, Command], list[PluginError]]:
    """The commands installed packages contribute, by name, and the entry points that failed.

    One broken entry point costs only its own command.
    """
    found: dict[str, Command] = {}
    failed: list[PluginError] = []
    for entry in _entries(COMMAND_GROUP):
        try:
            command = _load(entry)
        except PluginError as exc:
            failed.append(exc)
            continue
        if isinstance(command, Command):
            found[entry.name] = command
        else:
            failed.append(PluginError(f"{_name(entry)} is not a Command"))
    return found, failed


def schema_files() -> dict[str, str]:
    """The generated ``schema/`` files installed packages contribute: name -> text.

    A contributor returns nothing when its own optional dependencies are missing.
    """
    out: dict[str, str] = {}
    for entry in _entries(SCHEMA_FILES_GROUP):
        produce = _load(entry)
        if not callable(produce):
            raise PluginError(f"{_name(entry)} is not callable")
        files = produce()
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise PluginError(f"{_name(entry)} did not return name -> text")
        out.update(files)
    return out

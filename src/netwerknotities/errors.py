"""Errors about the tool's own input (missing vault, broken config).

Problems inside a user's notes are never errors: they are diagnostics
(`diagnostics.py`). An error stops the command with its exit code; the CLI
turns it into a one-line message in one place.
"""

from __future__ import annotations

# Exit codes, documented in the README and in `netwerknotities --help`.
EXIT_OK = 0
EXIT_DIAGNOSTICS = 1  # `check --strict` found diagnostics
EXIT_USAGE = 2  # click's own code for a bad command line
EXIT_VAULT = 3  # the vault is missing or not a folder
EXIT_CONFIG = 4  # the config file is broken
EXIT_WRITE = 5  # an output could not be written (foreign file, permissions)
EXIT_NOT_FOUND = 6  # a NAME given on the command line matches no note
EXIT_CONFLICT = 7  # a user note changed while the tool was editing it


class NetwerkError(Exception):
    """Base of every error that stops a command."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VaultError(NetwerkError):
    exit_code = EXIT_VAULT


class ConfigError(NetwerkError):
    exit_code = EXIT_CONFIG


class WriteError(NetwerkError):
    exit_code = EXIT_WRITE


class NotFoundError(NetwerkError):
    exit_code = EXIT_NOT_FOUND


class ConcurrentChangeError(NetwerkError):
    exit_code = EXIT_CONFLICT

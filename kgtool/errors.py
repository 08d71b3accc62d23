"""Exception hierarchy of kgtool.

Library code raises only these; the CLI turns them into one-line messages and the
documented exit codes (0 ok, 1 violations found, 2 error).
"""
from __future__ import annotations

from kgtool.bilingual import in_lang


class KgtoolError(Exception):
    """Base class of every error kgtool reports to a user (exit code 2)."""

    exit_code = 2

    def in_lang(self, lang: str) -> str:
        """The message in ``lang`` (``zh``: its Chinese wording when it was given as a
        :class:`~kgtool.bilingual.Bilingual`; else the English)."""
        return in_lang(self.args[0], lang) if len(self.args) == 1 else str(self)


class InputError(KgtoolError):
    """A file or value given by the user cannot be read or parsed."""

    def __init__(self, message: str, *, path: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.path, self.line, self.column, self.reason = path, line, column, message
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        self.where = where
        super().__init__(f"{where}{message}")

    def in_lang(self, lang: str) -> str:
        """``path:line:column: reason``, the reason in ``lang``."""
        return self.where + in_lang(self.reason, lang)


class SecurityError(KgtoolError):
    """An input asked for something kgtool refuses by default (network, file access)."""


class QueryError(KgtoolError):
    """A SPARQL query is malformed, unknown, missing a parameter or took too long."""


class ReasoningError(KgtoolError):
    """The reasoner exceeded its time or size budget or met an inconsistency."""


class StoreError(KgtoolError):
    """A triple store (embedded or remote) could not be reached or refused an operation."""


class StorageError(KgtoolError):
    """The build directory cannot be used: another build holds it, a store in it is
    corrupted, or the disk is full. The message says what to do."""

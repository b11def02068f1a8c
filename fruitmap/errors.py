"""Typed errors raised by fruitmap.

Every error carries enough to tell a person what went wrong in plain words: the file, row,
column and value involved and what was expected. Pages and the command line catch
:class:`FruitmapError` in one place and show :meth:`FruitmapError.message`; nothing else
needs to know the subclasses, but tests and callers may match on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Parameters
    ----------
    code : str
        Translation key of the message (``problem.<code>`` in the string tables).
    severity : str
        ``"error"`` (the input is refused) or ``"warning"`` (the input may be imported).
    file, row, column, value
        Where the problem is. ``row`` is 1-based as a person counts rows in a sheet
        (the header is row 1 in a spreadsheet, the first feature is row 1 elsewhere).
    params : dict
        Extra values for the message (``expected``, ``allowed`` ...).
    """

    code: str
    severity: str = "error"
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """Return the problem as one sentence in ``lang``, naming where it is."""
        from fruitmap.i18n import t

        where = []
        if self.file:
            where.append(t("where.file", lang, file=self.file))
        if self.row is not None:
            where.append(t("where.row", lang, row=self.row))
        if self.column:
            where.append(t("where.column", lang, column=self.column))
        if self.value is not None and self.value != "":
            where.append(t("where.value", lang, value=_short(self.value)))
        text = t(f"problem.{self.code}", lang, **{k: _short(v) for k, v in self.params.items()})
        return (", ".join(where) + ": " if where else "") + text

    def as_dict(self, lang: str = "en") -> dict:
        """Return a JSON-ready dict of the problem (used by ``validate --json``)."""
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else str(self.value),
            "message": self.message(lang),
        }


def _short(value: Any, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FruitmapError(Exception):
    """Base of every error fruitmap raises on purpose.

    Parameters
    ----------
    code : str
        Translation key under ``error.`` describing the error.
    **params
        Values substituted into the message (``file``, ``row``, ``column``, ``value``,
        ``expected`` ...).
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """Return the error in plain words in ``lang`` (``"vi"`` or ``"en"``)."""
        from fruitmap.i18n import t

        return t(f"error.{self.code}", lang, **{k: _short(v) for k, v in self.params.items()})


class InputError(FruitmapError):
    """An input (file, table, parameter) was refused; ``problems`` lists every reason."""

    def __init__(self, code: str, problems: list[Problem] | None = None, **params: Any) -> None:
        self.problems = list(problems or [])
        super().__init__(code, **params)

    def message(self, lang: str = "en") -> str:
        head = super().message(lang)
        errors = [p for p in self.problems if p.severity == "error"]
        if not errors:
            return head
        lines = [head] + ["- " + p.message(lang) for p in errors[:20]]
        if len(errors) > 20:
            from fruitmap.i18n import t

            lines.append(t("error.more_problems", lang, n=len(errors) - 20))
        return "\n".join(lines)


class WorkspaceError(FruitmapError):
    """The workspace on disk cannot be read or written."""


class BalanceError(FruitmapError):
    """The supply–capacity balance cannot be computed from the given inputs."""


class ReportError(FruitmapError):
    """A chart, map or meeting pack could not be produced."""


class ScenarioError(InputError):
    """A scenario (its name or one of its changes) was refused; nothing was saved.

    ``expect`` (a key under ``scenario.expect.``) and ``expect_params`` say what was expected
    in the reader's language.
    """

    def message(self, lang: str = "en") -> str:
        from fruitmap.i18n import t

        params = {k: _short(v) for k, v in self.params.items()
                  if k not in ("expect", "expect_params")}
        if "expect" in self.params:
            params["expected"] = t(f"scenario.expect.{self.params['expect']}", lang,
                                   **self.params.get("expect_params", {}))
        return t(f"error.{self.code}", lang, **params)

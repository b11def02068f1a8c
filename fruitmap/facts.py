"""Context figures about Sơn La's fruit sector, each with its source (``data/facts.csv``).

The figures come from ``../shared/FACTS.md``: the provincial planning article that founded the
project (group ``brief``) and public reporting (group ``press``, to be re-checked before
quoting in a meeting). They are shown beside, never mixed with, the figures computed from
the workspace. ``value`` holds the headline number when there is one (for comparisons);
``value_vi``/``value_en`` hold the figure as a reader should see it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from fruitmap.columns import is_missing
from fruitmap.errors import InputError, Problem

FACTS_CSV = Path(__file__).resolve().parent.parent / "data" / "facts.csv"
COLUMNS = ("fact_id", "group", "label_vi", "label_en", "value", "unit", "value_vi", "value_en",
           "source_vi", "source_en")
REQUIRED = ("fact_id", "group", "label_vi", "label_en", "value_vi", "value_en", "source_vi",
            "source_en")
GROUPS = ("brief", "press")


def load_facts(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the context figures.

    Parameters
    ----------
    path : str or Path, optional
        A CSV with :data:`COLUMNS`; defaults to the bundled ``data/facts.csv``.

    Returns
    -------
    DataFrame
        One row per fact in file order; ``value`` is a float (NaN when the fact has no single
        number).

    Raises
    ------
    InputError
        ``facts_invalid`` listing every problem (file, row, column, value): a missing column,
        an empty required cell, an unknown group, a duplicate ``fact_id`` or a ``value`` that
        is not a number.
    """
    path = Path(path) if path is not None else FACTS_CSV
    name = path.name
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError("facts_unreadable", file=name, reason=exc) from exc
    problems = [Problem("missing_column", file=name, column=c, params={"column": c, "label": c})
                for c in COLUMNS if c not in table.columns]
    if problems:
        raise InputError("facts_invalid", problems, file=name)
    seen: dict[str, int] = {}
    for i, row in table.iterrows():
        line = int(i) + 2  # the header is row 1, as in a spreadsheet
        for col in REQUIRED:
            if is_missing(row[col]):
                problems.append(Problem("missing_value", file=name, row=line, column=col))
        if row["group"] and row["group"] not in GROUPS:
            problems.append(Problem("not_allowed", file=name, row=line, column="group",
                                    value=row["group"], params={"allowed": ", ".join(GROUPS)}))
        if row["value"].strip():
            try:
                float(row["value"])
            except ValueError:
                problems.append(Problem("not_a_number", file=name, row=line, column="value",
                                        value=row["value"]))
        if row["fact_id"] in seen:
            problems.append(Problem("duplicate_id", file=name, row=line, column="fact_id",
                                    value=row["fact_id"],
                                    params={"first_row": seen[row["fact_id"]]}))
        seen.setdefault(row["fact_id"], line)
    if problems:
        raise InputError("facts_invalid", problems, file=name)
    table["value"] = pd.to_numeric(table["value"].str.strip().replace("", None), errors="coerce")
    return table[list(COLUMNS)].reset_index(drop=True)


def facts_for(lang: str, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the facts ready to show in ``lang``: ``fact_id``, ``group``, ``label``,
    ``value``, ``source`` (texts in that language; Vietnamese for anything but ``"en"``)."""
    facts = load_facts() if facts is None else facts
    suffix = "en" if lang == "en" else "vi"
    return pd.DataFrame({
        "fact_id": facts["fact_id"],
        "group": facts["group"],
        "label": facts[f"label_{suffix}"],
        "value": facts[f"value_{suffix}"],
        "source": facts[f"source_{suffix}"],
    })


def fact_value(fact_id: str, facts: pd.DataFrame | None = None) -> float | None:
    """Return the headline number of a fact (``"target_off_season"`` → 8000.0), or None."""
    facts = load_facts() if facts is None else facts
    hit = facts.loc[facts["fact_id"] == fact_id, "value"]
    return None if hit.empty or pd.isna(hit.iloc[0]) else float(hit.iloc[0])

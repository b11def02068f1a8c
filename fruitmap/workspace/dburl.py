"""PostgreSQL addresses without their passwords.

A workspace or an admin command names a database by a ``postgresql://USER@HOST:PORT/DB`` URL.
Its password never travels inside that URL once fruitmap has it: it is taken out here
(:func:`split_password`) and kept in this process only, keyed by the password-free URL, so the
URL fruitmap logs, shows, puts in messages or uses as a cache key cannot leak it. Without a
kept password libpq finds one itself in ``PGPASSWORD`` or ``~/.pgpass`` (``PGPASSFILE``);
the app adds the one from Streamlit's secrets through :func:`remember_password`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")
# user:password@ inside any URL-looking text (error messages of drivers included)
_PASSWORD_IN_TEXT = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^/@:\s]*):[^@/\s]*@", re.I)
_PASSWORDS: dict[str, str] = {}


def is_database_url(location: object) -> bool:
    """Return True when ``location`` names a PostgreSQL database (``postgresql://…``)."""
    return str(location).strip().lower().startswith(SCHEMES)


def split_password(url: str) -> tuple[str, str | None]:
    """Return ``url`` without its password, and the password (None when it had none).

    ``postgres://`` is written ``postgresql://``; everything else (user, host, port,
    database, query options) is kept as it was.

    Examples
    --------
    >>> split_password("postgresql://app:s3cr%40t@127.0.0.1:5433/fruitmap")
    ('postgresql://app@127.0.0.1:5433/fruitmap', 's3cr@t')
    """
    text = str(url).strip()
    if text.lower().startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    parts = urlsplit(text)
    password = parts.password
    if password is None:
        return text, None
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    netloc = (quote(unquote(user), safe="") + "@" if user else "") + host
    return urlunsplit(parts._replace(netloc=netloc)), unquote(password)


def redact(text: object) -> str:
    """Return ``text`` with the password of every URL in it removed (for messages and logs)."""
    return _PASSWORD_IN_TEXT.sub(r"\g<head>@", str(text))


def remember_password(url: str, password: str | None) -> str:
    """Keep ``password`` for the database of ``url`` in this process; return the clean URL.

    A password inside ``url`` itself is taken out and kept the same way (``password`` wins
    when both are given).
    """
    clean, inline = split_password(url)
    chosen = password if password else inline
    if chosen:
        _PASSWORDS[clean] = chosen
    return clean


def password_for(url: str) -> str | None:
    """Return the password kept for the clean ``url``, else None (libpq then looks itself)."""
    return _PASSWORDS.get(split_password(url)[0])


def parts(url: str) -> dict[str, object]:
    """Return ``user``, ``host``, ``port`` and ``dbname`` of a database URL (None if absent)."""
    clean, _ = split_password(url)
    p = urlsplit(clean)
    return {"user": unquote(p.username) if p.username else None, "host": p.hostname,
            "port": p.port, "dbname": unquote(p.path.lstrip("/")) or None}


def with_user(url: str, user: str) -> str:
    """Return the clean ``url`` naming ``user`` instead of its own user."""
    clean, _ = split_password(url)
    p = urlsplit(clean)
    host = p.netloc.rpartition("@")[2]
    return urlunsplit(p._replace(netloc=quote(user, safe="") + "@" + host))

"""The shared server: setting up a PostGIS database for fruitmap, copying workspaces in and
out of it, and the accounts that may use it.

Modules
-------
dbadmin
    ``db init`` (PostGIS, schema, the app's role, first admin), ``db load`` and ``db dump``.
backup
    ``db backup-role``: the read-only role ``pg_dump`` runs as (README: backup and restore).
accounts
    Accounts with argon2 password hashes, their roles and admin units (``db user add``).
account_admin
    What the admin page does: list, create, change, reset, unlock and delete accounts.
accounts_ddl
    The database's own rules on accounts: only an admin writes them; audited.
rights
    What an account may write; imports with an account's rights; stale previews by area.
identity
    The account of a name checked elsewhere (``st.login``, a trusted proxy's header).
"""

from __future__ import annotations

from fruitmap.lazy_api import lazy_api

# Public API: name -> module of this package that defines it.
_API = {
    'init_database': 'dbadmin',
    'load_workspace': 'dbadmin',
    'dump_workspace': 'dbadmin',
    'app_url': 'dbadmin',
    'add_user': 'dbadmin',
    'write_demo_to_database': 'dbadmin',
    'create_backup_role': 'backup',
    'backup_url': 'backup',
    'add_account': 'accounts',
    'authenticate': 'accounts',
    'Account': 'accounts',
    'hash_password': 'accounts',
    'verify_password': 'accounts',
    'read_password_file': 'accounts',
    'list_accounts': 'account_admin',
    'create_account': 'account_admin',
    'update_account': 'account_admin',
    'set_password': 'account_admin',
    'unlock': 'account_admin',
    'delete_account': 'account_admin',
    'AccountError': 'account_admin',
    'import_as': 'rights',
    'preview_mark': 'rights',
    'check_can_write': 'rights',
    'account_for_names': 'identity',
}
__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, _API)

"""Login page (shared server): name and password, or the department's identity provider."""

from __future__ import annotations

from ui.login_view import login_page

login_page()

"""Session-state keys, one owner each (the module named in the comment writes it)."""

LANG = "lang"  # owner: ui.common.language_selector (sidebar widget)

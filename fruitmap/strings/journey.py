"""Strings found missing by the new user's journey tests (issue 8)."""

STRINGS = {
    # History action of starting a workspace from the app (fruitmap.workspace.starter).
    "data.action.start": {"vi": "Khởi tạo thư mục dữ liệu", "en": "Workspace started"},
}

"""Strings of data provenance (where each layer comes from) and of small display fixes."""

STRINGS = {
    "prov.line": {"vi": "Nguồn dữ liệu: {sources}", "en": "Data sources: {sources}"},
    "prov.short": {"vi": "Dữ liệu: {sources}", "en": "Data: {sources}"},
    "prov.layer_line": {"vi": "{layer}: {source}", "en": "{layer}: {source}"},
    "prov.demo": {
        "vi": "dữ liệu minh hoạ (demo), không phải số liệu thống kê chính thức",
        "en": "demo (illustrative), not official statistics",
    },
    "prov.demo_short": {"vi": "dữ liệu minh hoạ (demo)", "en": "demo (illustrative)"},
    "prov.bundled": {
        "vi": "ranh giới có sẵn (Open Development Mekong, geoBoundaries)",
        "en": "bundled boundaries (Open Development Mekong, geoBoundaries)",
    },
    "prov.unknown": {"vi": "không rõ nguồn", "en": "unknown source"},
    "prov.restored": {"vi": "khôi phục phiên bản trước ({date})",
                      "en": "restored earlier version ({date})"},
    "prov.edited": {"vi": "sửa trong ứng dụng {date}", "en": "edited in the app {date}"},
    "prov.no_data": {"vi": "chưa có dữ liệu", "en": "no data"},
    "prov.sheet": {"vi": "Nguồn dữ liệu", "en": "Sources"},
    "prov.sheet.layer": {"vi": "Lớp dữ liệu", "en": "Layer"},
    "prov.sheet.source": {"vi": "Nguồn", "en": "Source"},
    # Names of the app's own tables and actions in the change history.
    "history.table.views": {"vi": "Góc nhìn đã lưu", "en": "Saved views"},
    "history.table.layer_versions": {"vi": "Phiên bản đã lưu", "en": "Saved versions"},
    "history.action.save_view": {"vi": "Lưu góc nhìn", "en": "View saved"},
    "history.action.delete_view": {"vi": "Xoá góc nhìn", "en": "View deleted"},
}

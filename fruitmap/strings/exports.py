"""Strings of the chart and map download buttons on the pages (ui/exports.py)."""

STRINGS = {
    "exports.prepare_chart": {"vi": "🖼️ Chuẩn bị ảnh PNG / SVG",
                              "en": "🖼️ Prepare PNG / SVG"},
    "exports.prepare_chart_help": {
        "vi": "Vẽ biểu đồ thành ảnh để tải về (mất vài giây vì cần mở trình duyệt ẩn).",
        "en": "Draw the chart as pictures to download (takes a few seconds: it starts a "
              "hidden browser).",
    },
    "exports.prepare_map": {"vi": "🖼️ Chuẩn bị ảnh bản đồ PNG",
                            "en": "🖼️ Prepare map PNG"},
    "exports.prepare_map_help": {
        "vi": "Chụp bản đồ đang xem thành ảnh để tải về (mất vài giây).",
        "en": "Take a picture of the map as shown, to download (takes a few seconds).",
    },
    "exports.preparing": {"vi": "Đang vẽ ảnh…", "en": "Drawing the pictures…"},
    "exports.map_html": {"vi": "Tải bản đồ HTML", "en": "Download map (HTML)"},
    "exports.map_html_help": {
        "vi": "Một tệp HTML duy nhất, mở bằng trình duyệt kể cả khi không có mạng.",
        "en": "One HTML file that opens in any browser, even with no internet.",
    },
    "exports.unavailable": {
        "vi": "Chưa xuất được ảnh trên máy này: {reason}",
        "en": "Pictures cannot be exported on this computer: {reason}",
    },
    "exports.chart_name": {"vi": "bieu-do", "en": "chart"},
    "exports.map_name": {"vi": "ban-do", "en": "map"},
    "error.kaleido_missing": {
        "vi": "Thiếu gói Python «kaleido» để xuất biểu đồ thành ảnh. Hãy cài bằng lệnh: "
              "pip install -r requirements.txt",
        "en": "The Python package “kaleido” is needed to export charts as pictures. Install "
              "it with: pip install -r requirements.txt",
    },
    "error.playwright_missing": {
        "vi": "Thiếu gói Python «playwright» để chụp bản đồ thành ảnh. Hãy cài bằng lệnh: "
              "pip install -r requirements.txt",
        "en": "The Python package “playwright” is needed to take pictures of maps. Install "
              "it with: pip install -r requirements.txt",
    },
}

"""Strings of the demo generator and the ``demo`` command."""

STRINGS = {
    "demo.cli_written": {
        "vi": "Đã ghi dữ liệu minh hoạ Sơn La vào {path}",
        "en": "Wrote the Son La demo workspace to {path}",
    },
    "demo.cli_summary": {
        "vi": "{zones} vùng trồng, {area} ha, sản lượng dự kiến {output} tấn/năm; "
              "{plants} cơ sở chế biến ({factories} nhà máy); kho lạnh {cold} tấn. "
              "Đây là dữ liệu minh hoạ, không phải số liệu thống kê chính thức.",
        "en": "{zones} zones, {area} ha, expected output {output} t/year; {plants} processing "
              "plants ({factories} factories); cold stores {cold} t. Illustrative data, not "
              "official statistics.",
    },
}

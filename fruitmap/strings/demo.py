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
    "error.demo_source_invalid": {
        "vi": "Không tạo được dữ liệu minh hoạ: tệp nguồn {file} có giá trị không dùng được.",
        "en": "The demo could not be generated: the source file {file} holds a value it "
              "cannot use.",
    },
    "problem.demo_area_exceeded": {
        "vi": "diện tích công nghệ cao và trái vụ (data/demo/generator.toml) vượt quá diện "
              "tích của huyện và loại cây này.",
        "en": "the high-tech and off-season areas (data/demo/generator.toml) exceed the area "
              "of this district and crop.",
    },
    "problem.demo_no_room": {
        "vi": "không còn chỗ trong huyện {district} để đặt thêm diện tích này; hãy giảm diện "
              "tích hoặc kích thước vùng.",
        "en": "there is no room left in {district} for this area; reduce the area or the zone "
              "size.",
    },
    "problem.demo_crop_missing": {
        "vi": "thiếu dòng cho loại cây này (cần đủ mọi loại cây).",
        "en": "this crop has no row (every crop needs one).",
    },
}

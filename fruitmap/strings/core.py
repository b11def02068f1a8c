"""Strings shared by every page, the CLI and error messages."""

STRINGS = {
    "app.title": {"vi": "fruitmap – Bản đồ cây ăn quả Sơn La", "en": "fruitmap – Sơn La fruit map"},
    "app.short": {"vi": "fruitmap", "en": "fruitmap"},
    "app.language": {"vi": "Ngôn ngữ", "en": "Language"},
    # Both names, so someone who does not read the current language still finds the switch.
    "app.language_both": {"vi": "Ngôn ngữ / Language", "en": "Language / Ngôn ngữ"},
    "app.workspace": {"vi": "Dữ liệu đang dùng: {path}", "en": "Workspace: {path}"},
    "app.demo_badge": {
        "vi": "Dữ liệu minh hoạ (demo), không phải số liệu thống kê chính thức.",
        "en": "Illustrative demo data, not official statistics.",
    },
    "app.attribution": {
        "vi": "Ranh giới © Open Development Mekong / Open Development Vietnam (dữ liệu Cục Đo đạc "
              "và Bản đồ), CC BY-SA 4.0; ranh giới Mộc Châu–Vân Hồ: geoBoundaries (OCHA ROAP), "
              "CC BY 3.0 IGO. Đã chỉnh sửa.",
        "en": "Boundaries © Open Development Mekong / Open Development Vietnam (data from Vietnam "
              "Dept. of Survey and Mapping), CC BY-SA 4.0; Mộc Châu–Vân Hồ line: geoBoundaries "
              "(OCHA ROAP), CC BY 3.0 IGO. Adapted.",
    },
    "app.error_title": {"vi": "Không thực hiện được", "en": "That could not be done"},
    "app.empty": {"vi": "Chưa có dữ liệu để hiển thị.", "en": "Nothing to show yet."},
    "nav.overview": {"vi": "Tổng quan", "en": "Overview"},
    "nav.explorer": {"vi": "Bản đồ", "en": "Map explorer"},
    "nav.section.main": {"vi": "Khám phá", "en": "Explore"},
    "nav.section.data": {"vi": "Dữ liệu", "en": "Data"},
    "nav.section.present": {"vi": "Trình bày", "en": "Present"},
    "unit.t": {"vi": "tấn", "en": "t"},
    "unit.ha": {"vi": "ha", "en": "ha"},
    "unit.t_day": {"vi": "tấn/ngày", "en": "t/day"},
    # Where a problem is (fruitmap.errors.Problem)
    "where.file": {"vi": "tệp {file}", "en": "file {file}"},
    "where.row": {"vi": "dòng {row}", "en": "row {row}"},
    "where.column": {"vi": "cột «{column}»", "en": "column “{column}”"},
    "where.value": {"vi": "giá trị «{value}»", "en": "value “{value}”"},
    # Errors (fruitmap.errors.FruitmapError codes)
    "error.more_problems": {"vi": "… và {n} lỗi khác.", "en": "… and {n} more problems."},
    "error.unknown_layer": {
        "vi": "Không có lớp dữ liệu «{value}». Các lớp hợp lệ: {allowed}.",
        "en": "There is no layer “{value}”. Valid layers: {allowed}.",
    },
    "error.workspace_missing": {
        "vi": "Không tìm thấy dữ liệu tại {path}. Hãy tạo bằng lệnh: python -m fruitmap demo "
              "--workspace {path}",
        "en": "No workspace at {path}. Create one with: python -m fruitmap demo --workspace {path}",
    },
    "error.workspace_unreadable": {
        "vi": "Không đọc được tệp dữ liệu {path}: {reason}",
        "en": "The workspace file {path} cannot be read: {reason}",
    },
    "error.workspace_write_failed": {
        "vi": "Không ghi được vào {path}; dữ liệu cũ vẫn giữ nguyên. Lý do: {reason}",
        "en": "Could not write to {path}; the saved data is unchanged. Reason: {reason}",
    },
    "error.workspace_busy": {
        "vi": "Dữ liệu đang được người khác cập nhật. Vui lòng thử lại sau ít phút.",
        "en": "Someone else is updating the workspace. Please try again in a minute.",
    },
    "error.layer_invalid": {
        "vi": "Lớp «{layer}» trong {path} không hợp lệ.",
        "en": "Layer “{layer}” in {path} is not valid.",
    },
    "error.layer_invalid_column": {
        "vi": "Lớp «{layer}» trong {path} thiếu cột bắt buộc «{column}».",
        "en": "Layer “{layer}” in {path} lacks the required column “{column}”.",
    },
    "error.version_missing": {
        "vi": "Không tìm thấy phiên bản lưu «{value}».",
        "en": "There is no saved version “{value}”.",
    },
    "error.demo_target_not_empty": {
        "vi": "Thư mục {path} đã có dữ liệu (fruitmap.gpkg). Hãy chọn thư mục khác hoặc thêm "
              "--force để ghi đè.",
        "en": "{path} already holds a workspace (fruitmap.gpkg). Choose another folder or add "
              "--force to overwrite it.",
    },
    # Problems found in a layer (fruitmap.errors.Problem codes)
    "problem.missing_column": {
        "vi": "thiếu cột bắt buộc «{column}» ({label}).",
        "en": "the required column “{column}” ({label}) is missing.",
    },
    "problem.missing_value": {
        "vi": "ô bắt buộc đang trống.",
        "en": "this required cell is empty.",
    },
    "problem.not_a_number": {
        "vi": "cần một số (ví dụ 12,5 hoặc 12.5).",
        "en": "a number was expected (for example 12.5).",
    },
    "problem.not_an_integer": {"vi": "cần một số nguyên.", "en": "a whole number was expected."},
    "problem.below_minimum": {
        "vi": "giá trị phải từ {minimum} trở lên.",
        "en": "the value must be at least {minimum}.",
    },
    "problem.above_maximum": {
        "vi": "giá trị phải không quá {maximum}.",
        "en": "the value must be at most {maximum}.",
    },
    "problem.not_a_month": {
        "vi": "cần số tháng từ 1 đến 12.",
        "en": "a month number from 1 to 12 was expected.",
    },
    "problem.not_allowed": {
        "vi": "giá trị không hợp lệ; chỉ nhận: {allowed}.",
        "en": "this value is not allowed; expected one of: {allowed}.",
    },
    "problem.unknown_crop": {
        "vi": "không nhận ra loại cây; dùng ví dụ: nhãn, xoài, mận, na, cam, bưởi, chanh leo, "
              "dứa, bơ.",
        "en": "the crop is not recognised; use for example longan, mango, plum, custard apple, "
              "orange, pomelo, passion fruit, pineapple, avocado.",
    },
    "problem.not_a_bool": {
        "vi": "cần có/không (1/0, có/không, yes/no).",
        "en": "yes/no was expected (1/0, yes/no, có/không).",
    },
    "problem.duplicate_id": {
        "vi": "mã này bị trùng (đã có ở dòng {first_row}).",
        "en": "this ID is duplicated (already used on row {first_row}).",
    },
    "problem.missing_geometry": {
        "vi": "không có vị trí (toạ độ hoặc hình vẽ).",
        "en": "there is no location (coordinates or shape).",
    },
    "problem.wrong_geometry": {
        "vi": "kiểu hình học {value} không phù hợp; cần {expected}.",
        "en": "the geometry type {value} is not suitable; expected {expected}.",
    },
    "problem.invalid_geometry_repaired": {
        "vi": "hình vẽ bị lỗi ({reason}) và đã được tự sửa; hãy kiểm tra lại trên bản đồ.",
        "en": "the shape was invalid ({reason}) and was repaired; please check it on the map.",
    },
    "problem.invalid_geometry": {
        "vi": "hình vẽ bị lỗi ({reason}) và không tự sửa được.",
        "en": "the shape is invalid ({reason}) and could not be repaired.",
    },
    "problem.calendar_sum": {
        "vi": "tổng tỷ lệ thu hoạch của {crop} là {total}, cần bằng 1.",
        "en": "the harvest shares of {crop} add up to {total}; they must add up to 1.",
    },
}

"""Strings of permalinks, saved views and presentation mode."""

STRINGS = {
    "nav.present": {"vi": "Trình chiếu", "en": "Presentation"},
    # --- links and notices -------------------------------------------------------------
    "permalink.notice.title": {
        "vi": "Một số tham số trong đường liên kết không hợp lệ nên đã bị bỏ qua; trang dùng "
              "giá trị mặc định thay thế:",
        "en": "Some values in the link were not valid and were ignored; the page uses the "
              "defaults instead:",
    },
    "permalink.notice.item": {
        "vi": "`{param}` = «{value}»: {expected}",
        "en": "`{param}` = “{value}”: {expected}",
    },
    "permalink.reason.number": {"vi": "cần một số thập phân thông thường.",
                                "en": "a plain decimal number is expected."},
    "permalink.reason.range": {"vi": "giá trị nằm ngoài khoảng cho phép.",
                               "en": "the value is outside the allowed range."},
    "permalink.reason.choice": {"vi": "không phải một lựa chọn có trong ứng dụng.",
                                "en": "not one of the choices the app offers."},
    "permalink.reason.too_long": {"vi": "giá trị quá dài.", "en": "the value is too long."},
    "permalink.reason.code": {
        "vi": "mã đơn vị hành chính chỉ gồm chữ, số, dấu chấm, gạch ngang và gạch dưới.",
        "en": "admin unit codes hold only letters, digits, dots, dashes and underscores.",
    },
    "permalink.reason.capacity": {"vi": "cần dạng «từ~đến», ví dụ 5~200.",
                                  "en": "expected “from~to”, for example 5~200."},
    "permalink.reason.integer": {"vi": "cần một số nguyên.", "en": "a whole number is expected."},
    "permalink.reason.step": {"vi": "giá trị không khớp bước của thanh trượt.",
                              "en": "the value does not match the slider's steps."},
    "permalink.reason.flag": {"vi": "cần 1 hoặc 0.", "en": "1 or 0 is expected."},
    "permalink.reason.pair": {"vi": "vĩ độ và kinh độ phải đi cùng nhau.",
                              "en": "latitude and longitude must come together."},
    # --- saved views -----------------------------------------------------------------
    "views.panel": {"vi": "Liên kết và góc nhìn đã lưu", "en": "Link and saved views"},
    "views.link_help": {
        "vi": "Thanh địa chỉ luôn là đường liên kết tới đúng góc nhìn này (cả vị trí bản đồ). "
              "Đường liên kết dưới đây giữ trang, ngôn ngữ và bộ lọc:",
        "en": "The address bar is always a link to this very view (map position included). "
              "The link below keeps the page, language and filters:",
    },
    "views.title": {"vi": "Tên góc nhìn", "en": "View title"},
    "views.title_placeholder": {"vi": "Ví dụ: Nhãn ở Sông Mã, tháng 8",
                                "en": "For example: Longan in Sông Mã, August"},
    "views.save": {"vi": "Lưu góc nhìn này", "en": "Save this view"},
    "views.saved": {"vi": "Đã lưu góc nhìn «{title}» vào không gian làm việc.",
                    "en": "Saved the view “{title}” in the workspace."},
    "views.saved_list": {"vi": "Góc nhìn đã lưu", "en": "Saved views"},
    "views.delete": {"vi": "Xoá góc nhìn này khỏi không gian làm việc",
                     "en": "Delete this view from the workspace"},
    "views.deleted": {"vi": "Đã xoá góc nhìn «{title}».", "en": "Deleted the view “{title}”."},
    "error.view_title_empty": {"vi": "Hãy đặt tên cho góc nhìn trước khi lưu.",
                               "en": "Give the view a title before saving it."},
    "error.view_title_long": {
        "vi": "Tên góc nhìn dài quá {limit} ký tự: «{value}».",
        "en": "The view title is longer than {limit} characters: “{value}”.",
    },
    "error.view_missing": {"vi": "Không có góc nhìn đã lưu mang mã «{value}».",
                           "en": "There is no saved view with the ID “{value}”."},
    # --- presentation mode ---------------------------------------------------------------
    "present.kind.headline": {"vi": "Toàn cảnh vùng cây ăn quả Sơn La",
                              "en": "Sơn La's fruit at a glance"},
    "present.kind.map": {"vi": "Vùng trồng và cơ sở chế biến", "en": "Growing zones and plants"},
    "present.kind.calendar": {"vi": "Lịch dư thừa: tháng nào quả không tiêu thụ hết?",
                              "en": "Glut calendar: when is fruit left over?"},
    "present.kind.surplus": {"vi": "Bản đồ dư thừa", "en": "Surplus map"},
    "present.kind.targets": {"vi": "Tiến độ so với chỉ tiêu", "en": "Progress against targets"},
    "present.detail.zones": {"vi": "{n} vùng trồng", "en": "{n} growing zones"},
    "present.prev": {"vi": "Trước", "en": "Previous"},
    "present.next": {"vi": "Tiếp", "en": "Next"},
    "present.keys_help": {
        "vi": "Phím mũi tên trái/phải, Page Up/Page Down hoặc phím cách cũng chuyển trang.",
        "en": "The left/right arrow keys, Page Up/Page Down and the space bar turn slides too.",
    },
    "present.data_date": {"vi": "Dữ liệu cập nhật: {when}", "en": "Data as of {when}"},
    "present.never_changed": {"vi": "chưa rõ", "en": "unknown"},
    "present.deck": {"vi": "Trình chiếu", "en": "Play"},
    "present.deck.default": {"vi": "Trình tự mặc định", "en": "Default sequence"},
    "present.deck.saved": {"vi": "Góc nhìn đã lưu", "en": "Saved views"},
    "present.exit": {"vi": "Thoát trình chiếu", "en": "Leave presentation"},
    "present.calendar.sub": {
        "vi": "Tấn quả dư thừa (không bán tươi, không chế biến được) theo loại quả và tháng.",
        "en": "Tonnes of fruit left over (neither sold fresh nor processed) by crop and month.",
    },
    "present.surplus.sub": {"vi": "Bản đồ: {crop}, {month}.", "en": "Map: {crop}, {month}."},
}

"""Strings of the admin page and of fruitmap.server.account_admin (accounts and their areas)."""

STRINGS = {
    # ---------------------------------------------------------------- errors
    "error.accounts_need_server": {
        "vi": "Tài khoản chỉ có trên máy chủ dùng chung (cơ sở dữ liệu PostGIS). Ứng dụng "
              "này đang chạy trên một máy với thư mục dữ liệu, không có đăng nhập.",
        "en": "Accounts exist only on the shared server (a PostGIS database). This app runs "
              "on one machine with a data folder, without logins.",
    },
    "error.account_admin_only": {
        "vi": "Chỉ quản trị viên mới quản lý được tài khoản; «{value}» không phải quản trị "
              "viên. Không có gì thay đổi.",
        "en": "Only an admin may manage accounts; “{value}” is not an admin. Nothing was "
              "changed.",
    },
    "error.account_refused_by_database": {
        "vi": "Cơ sở dữ liệu từ chối thay đổi tài khoản (chỉ quản trị viên được ghi). Không có "
              "gì thay đổi. Chi tiết: {reason}",
        "en": "The database refused the account change (only an admin may write it). "
              "Nothing was changed. Details: {reason}",
    },
    "error.account_unknown": {
        "vi": "Không có tài khoản «{value}».",
        "en": "There is no account “{value}”.",
    },
    "error.account_name_bad": {
        "vi": "Tên tài khoản «{value}» không dùng được: tối đa {maximum} ký tự, không có ký "
              "tự điều khiển.",
        "en": "The account name “{value}” cannot be used: at most {maximum} characters, no "
              "control characters.",
    },
    "error.account_password_short": {
        "vi": "Mật khẩu quá ngắn: cần ít nhất {minimum} ký tự.",
        "en": "The password is too short: at least {minimum} characters are needed.",
    },
    "error.account_area_units_needed": {
        "vi": "Cán bộ địa bàn cần ít nhất một đơn vị hành chính (xã hoặc huyện cũ) được sửa.",
        "en": "An area editor needs at least one admin unit (a commune or a former district) "
              "to edit.",
    },
    "error.account_units_not_in_layer": {
        "vi": "Không có đơn vị hành chính mã {value} trong lớp Đơn vị hành chính (admin_units); "
              "hãy chọn đơn vị có trong lớp này, hoặc tải lớp lên trước.",
        "en": "There is no admin unit with code {value} in the admin units layer "
              "(admin_units); choose units it holds, or upload that layer first.",
    },
    "error.account_admin_self": {
        "vi": "Bạn không thể tự xoá hoặc tự bỏ quyền quản trị của tài khoản mình ({value}); "
              "hãy nhờ một quản trị viên khác.",
        "en": "You cannot delete your own account ({value}) or take away your own admin "
              "role; ask another admin.",
    },
    # ---------------------------------------------------------------- roles
    "account_admin.role.admin": {"vi": "Quản trị viên", "en": "Admin"},
    "account_admin.role.provincial_editor": {"vi": "Cán bộ cấp tỉnh (sửa toàn tỉnh)",
                                             "en": "Provincial editor (edits everything)"},
    "account_admin.role.area_editor": {"vi": "Cán bộ địa bàn (sửa xã/huyện được giao)",
                                       "en": "Area editor (edits assigned units)"},
    "account_admin.role.viewer": {"vi": "Người xem", "en": "Viewer"},
    # ---------------------------------------------------------------- the page
    "nav.admin": {"vi": "Quản trị tài khoản", "en": "Accounts"},
    "admin.title": {"vi": "Quản trị tài khoản", "en": "Accounts"},
    "admin.intro": {
        "vi": "Tạo tài khoản, giao địa bàn cho cán bộ, đặt lại mật khẩu, mở khoá và xoá tài "
              "khoản. Mọi thay đổi được ghi vào nhật ký kiểm tra với tên người thực hiện.",
        "en": "Create accounts, assign areas to editors, reset passwords, unlock and delete "
              "accounts. Every change is written to the audit log with the name of who made it.",
    },
    "admin.not_admin": {
        "vi": "Trang này chỉ dành cho quản trị viên. Hãy đăng nhập bằng tài khoản quản trị.",
        "en": "This page is for admins only. Log in with an admin account.",
    },
    "admin.section.list": {"vi": "Danh sách tài khoản", "en": "All accounts"},
    "admin.section.create": {"vi": "Tạo tài khoản mới", "en": "Create an account"},
    "admin.section.manage": {"vi": "Sửa một tài khoản", "en": "Change an account"},
    "admin.col.name": {"vi": "Tên đăng nhập", "en": "Login name"},
    "admin.col.role": {"vi": "Vai trò", "en": "Role"},
    "admin.col.units": {"vi": "Địa bàn", "en": "Area"},
    "admin.col.locked_until": {"vi": "Khoá đến (UTC)", "en": "Locked until (UTC)"},
    "admin.col.created": {"vi": "Ngày tạo (UTC)", "en": "Created (UTC)"},
    "admin.everywhere": {"vi": "Toàn tỉnh", "en": "Whole province"},
    "admin.not_locked": {"vi": "—", "en": "—"},
    "admin.count": {"vi": "{n} tài khoản.", "en": "{n} accounts."},
    "admin.name": {"vi": "Tên đăng nhập", "en": "Login name"},
    "admin.role": {"vi": "Vai trò", "en": "Role"},
    "admin.units": {"vi": "Địa bàn (chỉ cho cán bộ địa bàn)",
                    "en": "Area (area editors only)"},
    "admin.units_help": {
        "vi": "Một huyện (cũ) gồm cả các xã của huyện đó. Vai trò khác sửa hoặc xem toàn tỉnh.",
        "en": "A former district includes its communes. Other roles edit or view everything.",
    },
    "admin.no_units": {
        "vi": "Lớp Đơn vị hành chính chưa có dữ liệu: chưa giao được địa bàn cho cán bộ.",
        "en": "The admin units layer is empty: areas cannot be assigned yet.",
    },
    "admin.password": {"vi": "Mật khẩu (ít nhất {minimum} ký tự)",
                       "en": "Password (at least {minimum} characters)"},
    "admin.password_again": {"vi": "Nhập lại mật khẩu", "en": "Password again"},
    "admin.password_mismatch": {"vi": "Hai mật khẩu không giống nhau; chưa có gì thay đổi.",
                                "en": "The two passwords differ; nothing was changed."},
    "admin.create": {"vi": "Tạo tài khoản", "en": "Create account"},
    "admin.created": {"vi": "Đã tạo tài khoản {name}: {role}.",
                      "en": "Account {name} created: {role}."},
    "admin.pick": {"vi": "Tài khoản", "en": "Account"},
    "admin.save": {"vi": "Lưu vai trò và địa bàn", "en": "Save role and area"},
    "admin.saved": {"vi": "Đã lưu tài khoản {name}: {role}.",
                    "en": "Account {name} saved: {role}."},
    "admin.reset_password": {"vi": "Đặt lại mật khẩu", "en": "Reset password"},
    "admin.new_password": {"vi": "Mật khẩu mới (ít nhất {minimum} ký tự)",
                           "en": "New password (at least {minimum} characters)"},
    "admin.password_set": {
        "vi": "Đã đặt mật khẩu mới cho {name} (và mở khoá nếu đang bị khoá).",
        "en": "New password set for {name} (and unlocked if it was locked).",
    },
    "admin.locked": {"vi": "Tài khoản đang bị khoá đến {until} UTC sau nhiều lần nhập sai "
                           "mật khẩu.",
                     "en": "The account is locked until {until} UTC after repeated wrong "
                           "passwords."},
    "admin.unlock": {"vi": "Mở khoá", "en": "Unlock"},
    "admin.unlocked": {"vi": "Đã mở khoá tài khoản {name}.", "en": "Account {name} unlocked."},
    "admin.delete": {"vi": "Xoá tài khoản", "en": "Delete account"},
    "admin.delete_confirm": {
        "vi": "Tôi chắc chắn muốn xoá tài khoản {name} (lịch sử thay đổi vẫn giữ tên này)",
        "en": "I am sure I want to delete the account {name} (the history keeps the name)",
    },
    "admin.delete_needs_confirm": {"vi": "Hãy đánh dấu ô xác nhận trước khi xoá.",
                                   "en": "Tick the confirmation box before deleting."},
    "admin.deleted": {"vi": "Đã xoá tài khoản {name}.", "en": "Account {name} deleted."},
    "admin.yourself": {
        "vi": "Đây là tài khoản của bạn ({name}): bạn không tự xoá hay tự bỏ quyền quản trị "
              "được; hãy nhờ một quản trị viên khác.",
        "en": "This is your own account ({name}): you cannot delete it or take away its admin "
              "role yourself; ask another admin.",
    },
    "admin.units_placeholder": {"vi": "Chọn xã hoặc huyện…", "en": "Choose communes or "
                                "districts…"},
}

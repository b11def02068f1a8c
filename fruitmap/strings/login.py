"""Strings of logging in on a shared server: the login page, the sidebar's account box, the
roles, the person recorded for a change, and identities from a provider or a proxy."""

STRINGS = {
    "nav.login": {"vi": "Đăng nhập", "en": "Log in"},
    # --- the login page ---------------------------------------------------------------------
    "login.title": {"vi": "Đăng nhập", "en": "Log in"},
    "login.intro": {
        "vi": "Máy chủ dùng chung của Sở: đăng nhập bằng tài khoản quản trị viên đã cấp cho bạn.",
        "en": "The department's shared server: log in with the account an administrator "
              "gave you.",
    },
    "login.name": {"vi": "Tên đăng nhập", "en": "Name"},
    "login.password": {"vi": "Mật khẩu", "en": "Password"},
    "login.submit": {"vi": "Đăng nhập", "en": "Log in"},
    "login.need_both": {"vi": "Hãy nhập tên đăng nhập và mật khẩu.",
                        "en": "Enter your name and your password."},
    "login.anonymous": {
        "vi": "Không đăng nhập, bạn vẫn xem được bản đồ và số liệu; đăng nhập để tải lên hoặc "
              "sửa dữ liệu.",
        "en": "Without logging in you can still view the maps and figures; log in to upload "
              "or edit data.",
    },
    "login.single_machine": {
        "vi": "Ứng dụng đang chạy trên một máy với thư mục dữ liệu riêng: không cần đăng nhập.",
        "en": "The app runs on one machine with its own data folder: no login is needed.",
    },
    "login.already": {"vi": "Bạn đã đăng nhập là {name} ({role}).",
                      "en": "You are logged in as {name} ({role})."},
    "login.provider": {"vi": "Đăng nhập bằng tài khoản mạng của Sở",
                       "en": "Log in with the department's network account"},
    "login.provider_or": {"vi": "hoặc bằng tên và mật khẩu của fruitmap:",
                          "en": "or with a fruitmap name and password:"},
    "login.provider_missing": {
        "vi": "Đăng nhập qua nhà cung cấp danh tính cần gói Authlib (pip install Authlib).",
        "en": "Logging in through the identity provider needs the Authlib package "
              "(pip install Authlib).",
    },
    # --- the sidebar ------------------------------------------------------------------------
    "login.sidebar.who": {"vi": "👤 **{name}** · {role}", "en": "👤 **{name}** · {role}"},
    "login.sidebar.units": {"vi": "Địa bàn: {units}", "en": "Area: {units}"},
    "login.sidebar.anonymous": {"vi": "👁️ Đang xem, chưa đăng nhập",
                                "en": "👁️ Viewing, not logged in"},
    "login.logout": {"vi": "Đăng xuất", "en": "Log out"},
    # --- roles ------------------------------------------------------------------------------
    "login.role.admin": {"vi": "quản trị viên", "en": "administrator"},
    "login.role.provincial_editor": {"vi": "cán bộ cấp tỉnh",
                                     "en": "provincial editor"},
    "login.role.area_editor": {"vi": "cán bộ địa bàn", "en": "area editor"},
    "login.role.viewer": {"vi": "người xem", "en": "viewer"},
    # --- who a change is recorded under ----------------------------------------------------
    "login.recorded_as": {"vi": "Thay đổi được ghi dưới tên: **{name}**",
                          "en": "The change is recorded under: **{name}**"},
    "login.view_only": {
        "vi": "Tài khoản của bạn chỉ được xem: không lưu được ở đây.",
        "en": "Your account may only view: nothing can be saved here.",
    },
    # --- identities checked elsewhere ------------------------------------------------------
    "error.login_no_account": {
        "vi": "Chưa có tài khoản fruitmap nào mang tên {value}. Hãy nhờ quản trị viên tạo "
              "tài khoản.",
        "en": "There is no fruitmap account named {value}. Ask an administrator to create "
              "one.",
    },
}
STRINGS.update({
    "login.rollback_area": {
        "vi": "Chỉ các dòng thuộc địa bàn của bạn được khôi phục; dữ liệu các địa bàn khác giữ "
              "nguyên.",
        "en": "Only the rows of your area are restored; the other areas' data stays as it is.",
    },
})

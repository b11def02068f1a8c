"""Strings of the shared server: the PostGIS workspace and the ``db`` commands."""

STRINGS = {
    "error.database_unreachable": {
        "vi": "Không kết nối được cơ sở dữ liệu {path}; chưa có gì thay đổi. Lý do: {reason}",
        "en": "Cannot connect to the database {path}; nothing was changed. Reason: {reason}",
    },
    "error.database_not_initialised": {
        "vi": "Cơ sở dữ liệu {path} chưa được khởi tạo cho fruitmap. Hãy chạy: python -m "
              "fruitmap db init --url ADMIN_URL …",
        "en": "The database {path} is not set up for fruitmap yet. Run: python -m fruitmap "
              "db init --url ADMIN_URL …",
    },
}
STRINGS.update({
    "db.loaded": {"vi": "Đã nạp {layer}: {rows} dòng.", "en": "Loaded {layer}: {rows} rows."},
    "db.dumped": {"vi": "Đã ghi bản sao lưu: {path}", "en": "Backup written: {path}"},
    "db.user_added": {"vi": "Đã tạo tài khoản {name} ({role}).",
                      "en": "Account {name} ({role}) created."},
    "error.dump_target_not_empty": {
        "vi": "Thư mục {path} đã có fruitmap.gpkg; hãy chọn một thư mục trống để sao lưu.",
        "en": "{path} already holds fruitmap.gpkg; choose an empty folder for the backup.",
    },
    "error.password_file_missing": {
        "vi": "Không đọc được tệp mật khẩu {file}: {reason}",
        "en": "Cannot read the password file {file}: {reason}",
    },
    "error.password_too_short": {
        "vi": "Mật khẩu trong {file} quá ngắn: cần ít nhất {minimum} ký tự.",
        "en": "The password in {file} is too short: at least {minimum} characters are needed.",
    },
    "error.account_role_unknown": {
        "vi": "Vai trò «{value}» không hợp lệ. Các vai trò: {allowed}.",
        "en": "Role “{value}” is not valid. Roles: {allowed}.",
    },
    "error.account_units_needed": {
        "vi": "Tài khoản cán bộ địa bàn (area_editor) cần --units: mã xã hoặc huyện (cũ) "
              "được sửa, cách nhau bằng dấu ;.",
        "en": "An area editor account needs --units: the commune or former-district codes it "
              "may edit, separated by ;.",
    },
    "error.account_units_unknown": {
        "vi": "Không có đơn vị hành chính mã {value} trong lớp admin_units.",
        "en": "There is no admin unit with code {value} in the admin_units layer.",
    },
    "error.account_exists": {
        "vi": "Tài khoản «{value}» đã có.", "en": "An account “{value}” already exists.",
    },
    "error.account_name_empty": {
        "vi": "Tên tài khoản không được để trống.", "en": "The account name must not be blank.",
    },
})
STRINGS.update({
    "server.empty": {
        "vi": "Cơ sở dữ liệu {path} chưa có dữ liệu. Quản trị viên nạp dữ liệu bằng lệnh: "
              "python -m fruitmap db load --url ADMIN_URL --from THƯ_MỤC (ví dụ dữ liệu minh "
              "hoạ: python -m fruitmap demo --workspace THƯ_MỤC trước), hoặc tải lớp dữ liệu "
              "lên ở trang Tải dữ liệu lên.",
        "en": "The database {path} holds no data yet. An administrator loads it with: python -m "
              "fruitmap db load --url ADMIN_URL --from FOLDER (for the demo: python -m fruitmap "
              "demo --workspace FOLDER first), or layers can be uploaded on the Upload data page.",
    },
})
STRINGS.update({
    "error.demo_database_not_empty": {
        "vi": "Cơ sở dữ liệu {path} đã có dữ liệu. Thêm --force để ghi dữ liệu minh hoạ đè lên "
              "(bản cũ vẫn khôi phục được từ lịch sử).",
        "en": "The database {path} already holds data. Add --force to write the demo over it "
              "(the previous layers stay restorable from the history).",
    },
})
STRINGS.update({
    "error.cluster_missing": {
        "vi": "Chưa cài {what}. Hãy cài bằng: {hint}",
        "en": "{what} is not installed. Install it with: {hint}",
    },
    "error.cluster_failed": {
        "vi": "Không khởi động được PostgreSQL cục bộ (bước {step}): {reason}",
        "en": "The local PostgreSQL could not be started ({step} failed): {reason}",
    },
})
STRINGS.update({
    "error.login_failed": {
        "vi": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "en": "The name or the password is wrong.",
    },
    "error.login_locked": {
        "vi": "Tài khoản {value} tạm khoá vì nhập sai mật khẩu nhiều lần; thử lại sau {until}.",
        "en": "The account {value} is locked after repeated wrong passwords; try again after "
              "{until}.",
    },
})
STRINGS.update({
    "data.workspace_database": {"vi": "Cơ sở dữ liệu: {path}", "en": "Database: {path}"},
})
STRINGS.update({
    "problem.outside_area": {
        "vi": "dòng này thuộc đơn vị hành chính ngoài địa bàn của tài khoản (được phép: "
              "{allowed}).",
        "en": "this row is outside the account's area (allowed units: {allowed}).",
    },
    "problem.id_in_other_area": {
        "vi": "mã này đã dùng cho một dòng của địa bàn khác; hãy dùng mã khác.",
        "en": "this ID is already used by a row of another area; use another ID.",
    },
    "error.rows_outside_area": {
        "vi": "Tài khoản {name} chỉ được ghi dữ liệu của các đơn vị {allowed}: {n} dòng nằm "
              "ngoài địa bàn. Dữ liệu đã lưu không bị thay đổi.",
        "en": "The account {name} may only write rows of the units {allowed}: {n} rows are "
              "outside. The saved data is unchanged.",
    },
    "error.role_cannot_write": {
        "vi": "Tài khoản {value} (vai trò {role}) chỉ được xem, không được ghi dữ liệu.",
        "en": "The account {value} ({role}) may only view, not write.",
    },
    "error.layer_not_in_area": {
        "vi": "Cán bộ địa bàn không được ghi lớp «{value}»; chỉ các lớp: {allowed}.",
        "en": "An area editor may not write the layer “{value}”; only: {allowed}.",
    },
    "error.login_needs_database": {
        "vi": "--login chỉ dùng với cơ sở dữ liệu dùng chung (--workspace postgresql://…).",
        "en": "--login works only with the shared database (--workspace postgresql://…).",
    },
})

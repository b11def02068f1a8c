"""Strings of the database's row-level security and of stale previews (fruitmap.server.rights,
fruitmap.workspace.postgis)."""

STRINGS = {
    "error.write_needs_account": {
        "vi": "Cơ sở dữ liệu dùng chung chỉ nhận thay đổi từ một tài khoản đã đăng nhập có "
              "quyền ghi («{who}» không phải tài khoản như vậy). Hãy đăng nhập (dòng lệnh: "
              "--login TÊN --password-file TỆP), hoặc dùng URL quản trị. Không có gì bị "
              "thay đổi.",
        "en": "The shared database accepts changes only from a logged-in account allowed to "
              "write (“{who}” is not one). Log in with --login NAME --password-file F, or use "
              "the admin URL. Nothing was changed.",
    },
    "error.write_refused_by_database": {
        "vi": "Cơ sở dữ liệu từ chối thay đổi lớp {layer}: tài khoản {who} không có quyền "
              "ghi những dòng này. Không có gì bị thay đổi.",
        "en": "The database refused the change to {layer}: the account {who} may not write "
              "these rows. Nothing was changed.",
    },
    "error.preview_stale": {
        "vi": "{name} đã thay đổi khu vực này lúc {time}; hãy kiểm tra lại bản xem trước.",
        "en": "{name} changed this area at {time}; check the preview again.",
    },
    "error.import_needs_login": {
        "vi": "Ghi vào cơ sở dữ liệu dùng chung qua URL của ứng dụng cần đăng nhập: hãy đăng "
              "nhập với --login TÊN --password-file TỆP, hoặc dùng URL quản trị. Không có gì "
              "bị thay đổi.",
        "en": "Writing to the shared database through the app's URL needs a login: log in "
              "with --login NAME --password-file F, or use the admin URL. Nothing was changed.",
    },
    "rls.recorded_as": {
        "vi": "Thay đổi được ghi dưới tên tài khoản đang đăng nhập: {name}.",
        "en": "The change is recorded under the logged-in account: {name}.",
    },
    "rls.replace_area_help": {
        "vi": "Với tài khoản cán bộ địa bàn, «thay thế» chỉ thay các dòng thuộc đơn vị {units} "
              "(và các đơn vị trực thuộc); dữ liệu của địa bàn khác được giữ nguyên.",
        "en": "For an area editor, “replace” replaces only the rows of the units {units} (and "
              "the units under them); other areas' rows are kept.",
    },
    "rls.login_to_write": {
        "vi": "Đây là máy chủ dùng chung: hãy đăng nhập để nhập dữ liệu. Bản xem trước ở trên "
              "vẫn xem được.",
        "en": "This is the shared server: log in to import data. The preview above can still "
              "be checked.",
    },
}

"""Strings of the data page: layers, history, what changed, rollback, templates and export."""

STRINGS = {
    "nav.data": {"vi": "Quản lý dữ liệu", "en": "Data management"},
    "data.title": {"vi": "Quản lý dữ liệu", "en": "Data management"},
    "data.intro": {
        "vi": "Xem các lớp dữ liệu đang dùng, lịch sử mọi lần thay đổi, khôi phục phiên bản cũ, "
              "tải mẫu nhập liệu và xuất dữ liệu ra tệp.",
        "en": "See the layers in use, the history of every change, restore an earlier version, "
              "download input templates and export data to files.",
    },
    "data.workspace_path": {"vi": "Thư mục dữ liệu: {path}", "en": "Workspace folder: {path}"},
    "data.tab.layers": {"vi": "Lớp dữ liệu và lịch sử", "en": "Layers and history"},
    "data.tab.changes": {"vi": "Xem thay đổi", "en": "What changed"},
    "data.tab.restore": {"vi": "Khôi phục", "en": "Restore"},
    "data.tab.templates": {"vi": "Mẫu nhập liệu", "en": "Templates"},
    "data.tab.export": {"vi": "Xuất dữ liệu", "en": "Export"},
    # Layers
    "data.layers.header": {"vi": "Các lớp dữ liệu", "en": "Layers"},
    "data.layers.layer": {"vi": "Lớp dữ liệu", "en": "Layer"},
    "data.layers.rows": {"vi": "Số dòng", "en": "Rows"},
    "data.layers.last_change": {"vi": "Thay đổi gần nhất", "en": "Last changed"},
    "data.layers.versions": {"vi": "Số phiên bản đã lưu", "en": "Saved versions"},
    "data.layers.key": {"vi": "Tên lớp trong tệp", "en": "Name in the file"},
    # History
    "data.history.header": {"vi": "Lịch sử thay đổi", "en": "Change history"},
    "data.history.caption": {
        "vi": "Mới nhất ở trên cùng. Mỗi lần nhập, khôi phục hay tạo dữ liệu đều được ghi lại.",
        "en": "Newest first. Every import, restore and creation is recorded.",
    },
    "data.history.empty": {"vi": "Chưa có thay đổi nào được ghi lại.",
                           "en": "No change has been recorded yet."},
    "data.action.import": {"vi": "Nhập dữ liệu", "en": "Import"},
    "data.action.demo": {"vi": "Tạo dữ liệu minh hoạ", "en": "Demo data created"},
    "data.action.create": {"vi": "Tạo mới", "en": "Created"},
    "data.action.edit": {"vi": "Chỉnh sửa", "en": "Edit"},
    "data.action.rollback": {"vi": "Khôi phục phiên bản {version}",
                             "en": "Restored version {version}"},
    "data.action.append_suffix": {"vi": "{action} (nối thêm)", "en": "{action} (append)"},
    "data.action.area_suffix": {"vi": "{action} (chỉ khu vực được giao)",
                                "en": "{action} (own area only)"},
    "data.rows_change": {"vi": "{before} → {after} dòng", "en": "{before} → {after} rows"},
    # What changed
    "data.diff.header": {"vi": "Lần thay đổi này làm gì?", "en": "What did this change do?"},
    "data.diff.pick": {"vi": "Chọn một lần thay đổi", "en": "Pick a change"},
    "data.diff.added": {"vi": "Dòng thêm mới", "en": "Rows added"},
    "data.diff.removed": {"vi": "Dòng bị xoá", "en": "Rows removed"},
    "data.diff.changed": {"vi": "Dòng bị sửa", "en": "Rows changed"},
    "data.diff.unchanged": {"vi": "Dòng giữ nguyên", "en": "Rows unchanged"},
    "data.diff.none": {"vi": "Lần thay đổi này không làm khác dữ liệu.",
                       "en": "This change left the data as it was."},
    "data.diff.details": {"vi": "Chi tiết các ô đã sửa", "en": "Cells that changed"},
    "data.diff.column": {"vi": "Cột", "en": "Column"},
    "data.diff.before": {"vi": "Trước", "en": "Before"},
    "data.diff.after": {"vi": "Sau", "en": "After"},
    "data.diff.changed_columns": {"vi": "Cột đã sửa", "en": "Changed columns"},
    "data.diff.geometry": {"vi": "Vị trí / hình vẽ", "en": "Location / shape"},
    # Rollback
    "data.rollback.header": {"vi": "Khôi phục phiên bản cũ", "en": "Restore an earlier version"},
    "data.rollback.caption": {
        "vi": "Mỗi lần một lớp bị thay thế, bản trước đó được lưu lại. Khôi phục cũng được ghi "
              "vào lịch sử, nên có thể hoàn tác.",
        "en": "Each time a layer is replaced its previous content is saved. A restore is recorded "
              "in the history too, so it can be undone.",
    },
    "data.rollback.layer": {"vi": "Lớp dữ liệu", "en": "Layer"},
    "data.rollback.version": {"vi": "Phiên bản cần khôi phục", "en": "Version to restore"},
    "data.rollback.none": {"vi": "Lớp này chưa có phiên bản cũ nào được lưu.",
                           "en": "No earlier version of this layer has been saved."},
    "data.rollback.who": {"vi": "Tên người thực hiện (ghi vào lịch sử)",
                          "en": "Your name (kept in the history)"},
    "data.rollback.confirm": {
        "vi": "Tôi hiểu lớp «{layer}» hiện có {now} dòng sẽ được thay bằng phiên bản cũ có "
              "{rows} dòng.",
        "en": "I understand that layer “{layer}”, now {now} rows, will be replaced by the "
              "earlier version with {rows} rows.",
    },
    "data.rollback.preview": {
        "vi": "So với hiện nay, khôi phục sẽ thêm lại {added} dòng, bỏ {removed} dòng, đổi {changed} "
              "dòng và giữ nguyên {unchanged} dòng.",
        "en": "Compared with now, restoring brings back {added} rows, drops {removed}, changes "
              "{changed} and keeps {unchanged} as they are.",
    },
    "data.rollback.button": {"vi": "Khôi phục", "en": "Restore"},
    "data.rollback.done": {
        "vi": "Đã khôi phục lớp «{layer}»: nay có {rows} dòng (lần thay đổi #{change}).",
        "en": "Layer “{layer}” restored: it now has {rows} rows (change #{change}).",
    },
    "data.rollback.need_name": {"vi": "Hãy nhập tên người thực hiện để ghi vào lịch sử.",
                                "en": "Enter your name so that the history records who did it."},
    "data.version_label": {"vi": "Bản lưu lúc {when} – {rows} dòng (mã {version})",
                           "en": "Saved {when} – {rows} rows (id {version})"},
    "data.version_replaced_by": {"vi": "bị thay bởi lần #{change} ({action})",
                                 "en": "replaced by change #{change} ({action})"},
    # Templates
    "data.templates.header": {"vi": "Tải mẫu nhập liệu", "en": "Download input templates"},
    "data.templates.caption": {
        "vi": "Mẫu có tiêu đề cột tiếng Việt và tiếng Anh, một dòng ví dụ và trang hướng dẫn "
              "giải thích từng cột. Hãy xoá dòng ví dụ trước khi điền số liệu thật. Nên dùng mẫu "
              "Excel; mẫu CSV (mã UTF-8, ngăn cách bằng dấu phẩy, số thập phân dùng dấu chấm) "
              "dành cho phần mềm khác.",
        "en": "Templates have Vietnamese and English column headers, an example row and a guide "
              "sheet explaining every column. Delete the example row before entering real data. "
              "Prefer the Excel template; the CSV one (UTF-8, comma separated, decimal point) is "
              "for other software.",
    },
    "data.templates.layer": {"vi": "Mẫu cho lớp", "en": "Template for layer"},
    "data.templates.xlsx": {"vi": "Tải mẫu Excel (.xlsx)", "en": "Download Excel template (.xlsx)"},
    "data.templates.csv": {"vi": "Tải mẫu CSV", "en": "Download CSV template"},
    # Export
    "data.export.header": {"vi": "Xuất dữ liệu", "en": "Export data"},
    "data.export.caption": {
        "vi": "Tải một lớp dữ liệu về máy. GeoJSON và GeoPackage mở được bằng QGIS; CSV và Excel "
              "có cột kinh độ/vĩ độ (điểm) hoặc WKT (vùng).",
        "en": "Download a layer. GeoJSON and GeoPackage open in QGIS; CSV and Excel carry "
              "longitude/latitude (points) or WKT (areas).",
    },
    "data.export.layer": {"vi": "Lớp cần xuất", "en": "Layer to export"},
    "data.export.headers": {"vi": "Tiêu đề cột (CSV, Excel)", "en": "Column headers (CSV, Excel)"},
    "data.export.headers.keys": {"vi": "Tên cột gốc (nhập lại được)",
                                 "en": "Column names (can be re-imported)"},
    "data.export.headers.labels": {"vi": "Tên cột dễ đọc", "en": "Readable labels"},
    "data.export.empty": {"vi": "Lớp này đang trống, chưa có gì để xuất.",
                          "en": "This layer is empty; there is nothing to export."},
    "data.export.button": {"vi": "Tải {format}", "en": "Download {format}"},
    # Export / template column names and guide sheet
    "export.longitude": {"vi": "Kinh độ", "en": "Longitude"},
    "export.latitude": {"vi": "Vĩ độ", "en": "Latitude"},
    "export.wkt": {"vi": "Hình học (WKT)", "en": "Geometry (WKT)"},
    "template.sheet.data": {"vi": "Dữ liệu", "en": "Data"},
    "template.sheet.guide": {"vi": "Hướng dẫn", "en": "Guide"},
    "template.guide.title": {"vi": "Hướng dẫn điền mẫu «{layer}»",
                             "en": "How to fill in the “{layer}” template"},
    "template.guide.intro": {
        "vi": "Mỗi dòng của trang Dữ liệu là một đối tượng. Cột tô màu cam là bắt buộc (xem cột "
              "«Bắt buộc» dưới đây). Xoá dòng ví dụ trước khi nhập. Nhiều giá trị trong một ô "
              "ngăn cách bằng dấu chấm phẩy (;). Số thập phân viết 12,5 hoặc 12.5 đều được.",
        "en": "Each row of the Data sheet is one feature. Orange columns are required (see the "
              "“Required” column below). Delete the example row before importing. Separate "
              "several values in one cell with a semicolon (;). Decimals may be written 12.5 or "
              "12,5.",
    },
    "template.unit.t_ha": {"vi": "tấn/ha", "en": "t/ha"},
    "template.unit.degree": {"vi": "độ", "en": "degrees"},
    "template.guide.header": {"vi": "Tiêu đề cột", "en": "Column header"},
    "template.guide.name": {"vi": "Tên cột gốc", "en": "Column name"},
    "template.guide.required": {"vi": "Bắt buộc", "en": "Required"},
    "template.guide.type": {"vi": "Kiểu dữ liệu", "en": "Type"},
    "template.guide.unit": {"vi": "Đơn vị", "en": "Unit"},
    "template.guide.allowed": {"vi": "Giá trị cho phép", "en": "Allowed values"},
    "template.guide.default": {"vi": "Mặc định khi để trống", "en": "Default when blank"},
    "template.guide.example": {"vi": "Ví dụ", "en": "Example"},
    "template.guide.yes": {"vi": "Có", "en": "Yes"},
    "template.guide.no": {"vi": "Không", "en": "No"},
    "template.guide.crops": {"vi": "Tên loại cây được chấp nhận",
                             "en": "Crop names accepted"},
    "template.guide.crop_key": {"vi": "Mã", "en": "Key"},
    "template.guide.crop_vi": {"vi": "Tiếng Việt", "en": "Vietnamese"},
    "template.guide.crop_en": {"vi": "Tiếng Anh", "en": "English"},
    "template.guide.coords": {
        "vi": "Toạ độ: kinh độ và vĩ độ theo độ thập phân WGS84 (ví dụ 103,91 và 21,33). Có "
              "thể dùng X/Y VN-2000 nếu chọn hệ toạ độ khi nhập.",
        "en": "Coordinates: longitude and latitude in decimal degrees, WGS84 (e.g. 103.91 and "
              "21.33). VN-2000 X/Y can be used if the coordinate system is chosen at import.",
    },
    "template.guide.polygons": {
        "vi": "Lớp này là ranh giới (đa giác) nên không điền được vào bảng tính: hãy tải lên tệp "
              "Shapefile (.zip), GeoPackage hoặc KML/KMZ có các cột như trong mẫu này.",
        "en": "This layer is made of boundaries (polygons), which a spreadsheet cannot hold: "
              "upload a Shapefile (.zip), GeoPackage or KML/KMZ with the columns of this "
              "template.",
    },
    "template.guide.polygons_upload": {
        "vi": "Muốn nhập ranh giới (đa giác) thay cho một điểm: tải lên tệp Shapefile, "
              "GeoPackage hoặc KML/KMZ vẽ từ Google Earth với cùng các cột.",
        "en": "To bring in boundaries (polygons) instead of a point: upload a Shapefile, "
              "GeoPackage or a KML/KMZ drawn in Google Earth with the same columns.",
    },
    "template.type.text": {"vi": "Chữ", "en": "Text"},
    "template.type.float": {"vi": "Số (thập phân)", "en": "Number (decimal)"},
    "template.type.int": {"vi": "Số nguyên", "en": "Whole number"},
    "template.type.bool": {"vi": "Có/Không (1/0)", "en": "Yes/No (1/0)"},
    "template.type.month": {"vi": "Tháng (1–12)", "en": "Month (1–12)"},
    "template.type.crop": {"vi": "Loại cây", "en": "Crop"},
    "template.type.crop_list": {"vi": "Danh sách loại cây (a;b)", "en": "List of crops (a;b)"},
    "template.type.month_list": {"vi": "Danh sách tháng (5;6;7)", "en": "List of months (5;6;7)"},
    "template.type.enum": {"vi": "Một trong các giá trị cho phép", "en": "One of the allowed values"},
    "template.type.coord": {"vi": "Số (độ thập phân)", "en": "Number (decimal degrees)"},
    "template.type.wkt": {"vi": "Hình học WKT", "en": "WKT geometry"},
    "template.all_months": {"vi": "cả 12 tháng", "en": "all 12 months"},
    "template.all_crops": {"vi": "mọi loại cây", "en": "every crop"},
    # Errors
    "error.change_missing": {"vi": "Không có lần thay đổi số {value} trong lịch sử.",
                             "en": "There is no change number {value} in the history."},
    "error.change_not_comparable": {
        "vi": "Không so sánh được lần thay đổi số {value}: phiên bản trước hoặc sau của nó "
              "không được lưu.",
        "en": "Change number {value} cannot be compared: the version before or after it was "
              "not saved.",
    },
    "error.export_format": {"vi": "Không hỗ trợ định dạng xuất «{value}»; chỉ nhận: {allowed}.",
                            "en": "Export format “{value}” is not supported; use one of: "
                                  "{allowed}."},
    "error.export_failed": {"vi": "Không xuất được lớp «{layer}» ra {format}: {reason}",
                            "en": "Layer “{layer}” could not be exported as {format}: {reason}"},
    "error.template_layer": {
        "vi": "Lớp «{value}» không có mẫu nhập liệu (lịch sử do hệ thống tự ghi).",
        "en": "Layer “{value}” has no input template (the history is written by the system).",
    },
}

"""Strings of the upload page (pages/upload.py and ui/upload_view.py)."""

STRINGS = {
    "nav.upload": {"vi": "Tải dữ liệu lên", "en": "Upload data"},
    "upload_page.title": {"vi": "Tải dữ liệu lên", "en": "Upload data"},
    "upload_page.intro": {
        "vi": "Đưa bảng Excel, tệp KML/KMZ từ Google Earth hoặc tệp GIS (VN-2000) vào hệ thống "
              "qua sáu bước. Dữ liệu chỉ được ghi khi bạn bấm «Nhập dữ liệu»; phiên bản trước "
              "luôn được giữ lại để khôi phục.",
        "en": "Bring in an Excel sheet, a KML/KMZ file from Google Earth or a GIS file "
              "(VN-2000) in six steps. Nothing is written until you press “Import”; the "
              "previous version is always kept and can be restored.",
    },
    "upload_page.step.file": {"vi": "1. Chọn tệp", "en": "1. Choose the file"},
    "upload_page.step.layer": {"vi": "2. Loại dữ liệu", "en": "2. What the file holds"},
    "upload_page.step.columns": {"vi": "3. Ghép cột", "en": "3. Match the columns"},
    "upload_page.step.report": {"vi": "4. Kết quả kiểm tra", "en": "4. Check results"},
    "upload_page.step.preview": {"vi": "5. Xem trước", "en": "5. Preview"},
    "upload_page.step.import": {"vi": "6. Nhập dữ liệu", "en": "6. Import"},
    "upload_page.file": {"vi": "Tệp dữ liệu", "en": "Data file"},
    "upload_page.file_help": {
        "vi": "Kéo thả tệp vào đây hoặc bấm để chọn. Dung lượng tối đa {limit}. Shapefile phải "
              "được nén thành một tệp .zip (gồm .shp, .shx, .dbf, .prj).",
        "en": "Drop the file here or click to choose it. At most {limit}. A Shapefile must be "
              "zipped into one .zip file (with its .shp, .shx, .dbf, .prj).",
    },
    "upload_page.file_caption": {
        "vi": "Dung lượng tối đa {limit}. Loại tệp nhận: {types}.",
        "en": "Size limit {limit}. Accepted files: {types}.",
    },
    "upload_page.templates_link": {
        "vi": "Chưa có tệp? Tải mẫu Excel/CSV ở trang Quản lý dữ liệu",
        "en": "No file yet? Download an Excel/CSV template on the Data management page",
    },
    "upload_page.empty": {
        "vi": "Chưa chọn tệp nào. Hãy chọn một tệp ở trên để bắt đầu.",
        "en": "No file chosen yet. Choose a file above to start.",
    },
    "upload_page.read_summary": {
        "vi": "Đã đọc tệp {file} ({format}): {rows} dòng, {columns} cột.",
        "en": "Read {file} ({format}): {rows} rows, {columns} columns.",
    },
    "upload_page.sheet": {"vi": "Trang tính (sheet)", "en": "Sheet"},
    "upload_page.sheet_help": {
        "vi": "Tệp Excel có nhiều trang; trang có tiêu đề cột giống dữ liệu nhất được chọn sẵn.",
        "en": "The workbook has several sheets; the one whose headers look most like data is "
              "chosen for you.",
    },
    "upload_page.source_layer": {"vi": "Lớp / thư mục trong tệp", "en": "Layer / folder in the file"},
    "upload_page.source_layer_help": {
        "vi": "Tệp có nhiều lớp hoặc thư mục; chọn lớp cần nhập.",
        "en": "The file holds several layers or folders; choose the one to import.",
    },
    "upload_page.all_folders": {"vi": "Tất cả các thư mục", "en": "All folders"},
    "upload_page.layer": {"vi": "Tệp này chứa", "en": "This file holds"},
    "upload_page.layer_help": {
        "vi": "Loại dữ liệu được đoán từ tên các cột; hãy sửa nếu chưa đúng.",
        "en": "Guessed from the column headers; change it if it is wrong.",
    },
    "upload_page.layer_placeholder": {"vi": "Chọn loại dữ liệu…", "en": "Choose what it holds…"},
    "upload_page.layer_none": {
        "vi": "Không đoán được tệp chứa loại dữ liệu nào. Hãy chọn ở ô trên.",
        "en": "Could not tell what the file holds. Please choose above.",
    },
    "upload_page.layer_guessed": {
        "vi": "Đã tự nhận ra loại dữ liệu từ tên các cột.",
        "en": "Recognised from the column headers.",
    },
    "upload_page.template": {
        "vi": "Tải tệp Excel mẫu cho «{layer}»",
        "en": "Download the Excel template for “{layer}”",
    },
    "upload_page.columns_caption": {
        "vi": "Mỗi ô là một cột trong tệp của bạn (tên cột ở trên ô). Chọn cột tương ứng của "
              "hệ thống, hoặc «bỏ qua» nếu không cần nhập cột đó. Các ô đã được điền sẵn theo "
              "gợi ý.",
        "en": "Each box is one column of your file (its header is above the box). Choose the "
              "matching column, or “skip” if it should not be imported. The boxes are filled "
              "in with suggestions.",
    },
    "upload_page.ignore": {"vi": "— bỏ qua cột này —", "en": "— skip this column —"},
    "upload_page.sample": {"vi": "Ví dụ giá trị trong tệp: {value}", "en": "Example value in the file: {value}"},
    "upload_page.required_missing": {
        "vi": "Chưa có cột nào ghép với các cột bắt buộc: {columns}.",
        "en": "No column is matched to these required columns: {columns}.",
    },
    "upload_page.crs": {"vi": "Hệ toạ độ của tệp", "en": "Coordinate system of the file"},
    "upload_page.crs_help": {
        "vi": "Toạ độ X/Y tính bằng mét thường là VN-2000 múi 3°; ở Sơn La dùng kinh tuyến trục "
              "104° (EPSG:9206). Kinh độ/vĩ độ theo độ là WGS 84 (EPSG:4326).",
        "en": "X/Y coordinates in metres are usually VN-2000 3° zones; Sơn La uses the 104° "
              "central meridian (EPSG:9206). Longitude/latitude in degrees is WGS 84 "
              "(EPSG:4326).",
    },
    "upload_page.crs_auto": {"vi": "Theo tệp / tự nhận ra", "en": "From the file / detect"},
    "upload_page.crs_suggested": {
        "vi": "Toạ độ trong tệp là mét nhưng tệp không ghi hệ toạ độ. Đề xuất: {crs}. Hãy kiểm "
              "tra các điểm trên bản đồ xem trước.",
        "en": "The coordinates are in metres but the file does not say which system. "
              "Suggested: {crs}. Check the points on the preview map.",
    },
    "upload_page.crs_used": {"vi": "Hệ toạ độ đang dùng: {crs}", "en": "Coordinate system used: {crs}"},
    "upload_page.count.rows": {"vi": "Số dòng", "en": "Rows"},
    "upload_page.count.errors": {"vi": "Lỗi (phải sửa)", "en": "Errors (must fix)"},
    "upload_page.count.warnings": {"vi": "Cảnh báo", "en": "Warnings"},
    "upload_page.errors_head": {
        "vi": "Có {n} lỗi: chưa thể nhập tệp này. Hãy sửa tệp (hoặc cách ghép cột) rồi tải "
              "lên lại.",
        "en": "{n} errors: this file cannot be imported yet. Fix the file (or the column "
              "matching) and upload it again.",
    },
    "upload_page.no_errors": {
        "vi": "Không có lỗi: tệp có thể được nhập.",
        "en": "No errors: the file can be imported.",
    },
    "upload_page.warnings_head": {
        "vi": "{n} cảnh báo: vẫn nhập được, nhưng nên xem lại.",
        "en": "{n} warnings: the import is allowed, but please check them.",
    },
    "upload_page.more_below": {
        "vi": "… và {n} vấn đề khác (xem bảng bên dưới).",
        "en": "… and {n} more (see the table below).",
    },
    "upload_page.col.row": {"vi": "Dòng", "en": "Row"},
    "upload_page.col.column": {"vi": "Cột", "en": "Column"},
    "upload_page.col.value": {"vi": "Giá trị", "en": "Value"},
    "upload_page.col.problem": {"vi": "Vấn đề và yêu cầu", "en": "Problem and what is expected"},
    "upload_page.col.location": {"vi": "Vị trí (kinh độ, vĩ độ)", "en": "Location (lon, lat)"},
    "upload_page.preview_caption": {
        "vi": "{n} trên {total} dòng có vị trí và được vẽ trên bản đồ.",
        "en": "{n} of {total} rows have a location and are drawn on the map.",
    },
    "upload_page.preview_first": {
        "vi": "Bảng dưới đây chỉ hiện {n} dòng đầu trong tổng số {total} dòng.",
        "en": "The table shows the first {n} of {total} rows.",
    },
    "upload_page.import_blocked": {
        "vi": "Chưa thể nhập vì còn lỗi (xem bước 4). Dữ liệu đã lưu không bị thay đổi.",
        "en": "Import is not possible while there are errors (see step 4). The saved data is "
              "unchanged.",
    },
    "upload_page.mode": {"vi": "Cách nhập", "en": "How to import"},
    "upload_page.mode.append": {"vi": "Thêm vào dữ liệu đã có", "en": "Add to the stored data"},
    "upload_page.mode.replace": {"vi": "Thay thế toàn bộ", "en": "Replace everything"},
    "upload_page.mode.append_help": {
        "vi": "{n} dòng sẽ được thêm vào {stored} dòng «{layer}» đang có. Mã không được trùng "
              "với mã đã có.",
        "en": "{n} rows will be added to the {stored} rows of “{layer}” stored now. Ids must "
              "not repeat stored ids.",
    },
    "upload_page.mode.replace_help": {
        "vi": "{stored} dòng «{layer}» đang có sẽ được thay bằng {n} dòng của tệp. Bản cũ vẫn "
              "được lưu và khôi phục được ở trang Quản lý dữ liệu.",
        "en": "The {stored} rows of “{layer}” stored now will be replaced by the file's {n} "
              "rows. The old version is kept and can be restored on the Data management page.",
    },
    "upload_page.user": {"vi": "Người nhập (ghi vào lịch sử)", "en": "Your name (kept in the history)"},
    "upload_page.user_placeholder": {"vi": "Ví dụ: Lò Thị Lan – UBND xã Chiềng Mung",
                                     "en": "For example: Lo Thi Lan – Chieng Mung commune"},
    "upload_page.user_needed": {
        "vi": "Hãy nhập tên người nhập dữ liệu để bật nút «Nhập dữ liệu».",
        "en": "Enter your name to enable the “Import” button.",
    },
    "upload_page.confirm": {
        "vi": "Tôi đã xem kết quả kiểm tra và muốn nhập {n} dòng vào «{layer}».",
        "en": "I have checked the results and want to import {n} rows into “{layer}”.",
    },
    "upload_page.import": {"vi": "Nhập dữ liệu", "en": "Import"},
    "upload_page.done": {
        "vi": "Đã nhập {n} dòng từ tệp {file} vào «{layer}» (cách nhập: {mode}). Số dòng: {before} → "
              "{after}.",
        "en": "Imported {n} rows from {file} into “{layer}” (how: {mode}). Rows: {before} → {after}.",
    },
    "upload_page.goto_map": {"vi": "Xem trên bản đồ", "en": "See them on the map"},
    "upload_page.goto_data": {"vi": "Xem lịch sử thay đổi", "en": "See the change history"},
    "upload_page.nothing_changed": {
        "vi": "Dữ liệu đã lưu không bị thay đổi.",
        "en": "The saved data is unchanged.",
    },
}

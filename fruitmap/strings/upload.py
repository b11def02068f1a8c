"""Strings of the upload path: reading files, mapping columns, coordinates, validation, CLI."""

STRINGS = {
    # Errors (InputError codes raised by readers/ingest)
    "error.file_refused": {
        "vi": "Không nhận được tệp {file}. Dữ liệu đã lưu không bị thay đổi.",
        "en": "The file {file} was refused. The saved data is unchanged.",
    },
    "error.crs_invalid": {
        "vi": "Không nhận ra hệ toạ độ «{value}». Hãy nhập mã EPSG, ví dụ EPSG:9206 (VN-2000 "
              "múi 3° kinh tuyến trục 104°) hoặc EPSG:4326 (kinh độ/vĩ độ WGS 84).",
        "en": "The coordinate system “{value}” is not recognised. Enter an EPSG code, for "
              "example EPSG:9206 (VN-2000 3° zone, central meridian 104°) or EPSG:4326 "
              "(WGS 84 longitude/latitude).",
    },
    "error.mapping_invalid": {
        "vi": "Cách ghép cột chưa đúng.",
        "en": "The column mapping is not valid.",
    },
    "error.import_refused": {
        "vi": "Chưa nhập được tệp {file}: còn {n} lỗi cần sửa. Dữ liệu đã lưu không bị thay đổi.",
        "en": "The file {file} was not imported: {n} problems must be fixed first. The saved "
              "data is unchanged.",
    },
    "error.bad_mode": {
        "vi": "Cách nhập «{value}» không hợp lệ; chọn một trong: {allowed}.",
        "en": "The import mode “{value}” is not valid; choose one of: {allowed}.",
    },
    "error.layer_not_editable": {
        "vi": "Lớp «{value}» do hệ thống tự ghi, không nhập từ tệp được.",
        "en": "The layer “{value}” is written by fruitmap itself and cannot be imported.",
    },
    # Problems while reading a file
    "problem.empty_file": {"vi": "tệp trống, không có dữ liệu.", "en": "the file is empty."},
    "problem.file_too_large": {
        "vi": "tệp quá lớn ({size}); giới hạn là {limit}. Hãy chia nhỏ tệp.",
        "en": "the file is too large ({size}); the limit is {limit}. Please split it.",
    },
    "problem.wrong_type": {
        "vi": "nội dung tệp là {found}, không phải loại mong đợi ({expected}). Hãy kiểm tra "
              "lại tệp hoặc lưu lại đúng định dạng.",
        "en": "the file contains {found}, not what was expected ({expected}). Check the file or "
              "save it again in the right format.",
    },
    "problem.corrupt": {
        "vi": "tệp bị hỏng hoặc không đầy đủ nên không đọc được ({reason}). Hãy mở và lưu lại "
              "tệp, hoặc tải lên lại.",
        "en": "the file is damaged or incomplete and cannot be read ({reason}). Open and save "
              "it again, or upload it again.",
    },
    "problem.zip_unsafe_path": {
        "vi": "tệp nén chứa đường dẫn không an toàn «{member}» (có «..» hoặc đường dẫn tuyệt "
              "đối) nên bị từ chối.",
        "en": "the zip holds an unsafe path “{member}” (with “..” or an absolute path) and is "
              "refused.",
    },
    "problem.zip_too_large": {
        "vi": "tệp nén khi giải nén quá lớn ({size}, giới hạn {limit}) hoặc nén bất thường; "
              "bị từ chối để bảo vệ hệ thống.",
        "en": "the zip unpacks to too much data ({size}, limit {limit}) or is compressed "
              "suspiciously; it is refused to protect the system.",
    },
    "problem.zip_too_many": {
        "vi": "tệp nén có quá nhiều tệp con ({n}; tối đa {limit}).",
        "en": "the zip holds too many files ({n}; at most {limit}).",
    },
    "problem.zip_no_data": {
        "vi": "tệp nén không chứa Shapefile (.shp), KML hay bảng Excel nào.",
        "en": "the zip holds no Shapefile (.shp), KML or Excel workbook.",
    },
    "problem.xls_old": {
        "vi": "đây là tệp Excel cũ (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx.",
        "en": "this is an old Excel file (.xls). Open it in Excel and save it as .xlsx.",
    },
    "problem.shp_not_zipped": {
        "vi": "Shapefile gồm nhiều tệp (.shp, .shx, .dbf, .prj); hãy nén tất cả vào một tệp "
              ".zip rồi tải lên.",
        "en": "a Shapefile is several files (.shp, .shx, .dbf, .prj); put them all in one .zip "
              "and upload that.",
    },
    "problem.shp_incomplete": {
        "vi": "Shapefile trong tệp nén thiếu phần {missing}.",
        "en": "the Shapefile in the zip lacks its {missing} part.",
    },
    "problem.no_rows": {
        "vi": "tệp không có dòng dữ liệu nào.",
        "en": "the file has no data rows.",
    },
    "problem.too_many_rows": {
        "vi": "tệp có quá nhiều dòng ({n}; tối đa {limit}).",
        "en": "the file has too many rows ({n}; at most {limit}).",
    },
    "problem.file_missing": {
        "vi": "không tìm thấy tệp {path}.",
        "en": "the file {path} does not exist.",
    },
    "problem.sheet_missing": {
        "vi": "không có trang tính «{sheet}»; các trang có: {sheets}.",
        "en": "there is no sheet “{sheet}”; the sheets are: {sheets}.",
    },
    "problem.layer_missing": {
        "vi": "không có lớp «{layer}»; các lớp có: {layers}.",
        "en": "there is no layer “{layer}”; the layers are: {layers}.",
    },
    "problem.header_not_first": {
        "vi": "dòng tiêu đề cột được tìm thấy ở đây (các dòng phía trên được bỏ qua).",
        "en": "the column headers were found here (the rows above were skipped).",
    },
    # Problems with columns and coordinates
    "problem.column_ignored": {
        "vi": "cột này không được ghép với cột nào nên sẽ không được nhập.",
        "en": "this column is not mapped to anything and will not be imported.",
    },
    "problem.mapping_unknown_column": {
        "vi": "không có cột này trong tệp; các cột có: {columns}.",
        "en": "the file has no such column; its columns are: {columns}.",
    },
    "problem.mapping_twice": {
        "vi": "cột «{other}» cũng đã được ghép vào cùng mục này; mỗi mục chỉ ghép một cột.",
        "en": "the column “{other}” is mapped to the same field; each field takes one column.",
    },
    "problem.no_coordinates": {
        "vi": "không có vị trí: tệp không có hình vẽ và chưa chọn cột kinh độ/vĩ độ hoặc X/Y.",
        "en": "no locations: the file has no shapes and no longitude/latitude or X/Y columns "
              "are chosen.",
    },
    "problem.crs_invalid": {
        "vi": "không nhận ra hệ toạ độ này; hãy nhập mã EPSG (ví dụ EPSG:9206).",
        "en": "this coordinate system is not recognised; enter an EPSG code (e.g. EPSG:9206).",
    },
    "problem.crs_needed": {
        "vi": "toạ độ tính bằng mét nhưng tệp không cho biết hệ toạ độ. Hãy chọn hệ toạ độ; "
              "với Sơn La thường là {suggested} (VN-2000 múi 3° kinh tuyến trục 104°).",
        "en": "the coordinates are in metres but the file does not say which coordinate system. "
              "Choose one; Sơn La data is usually {suggested} (VN-2000 3° zone, central "
              "meridian 104°).",
    },
    "problem.crs_assumed": {
        "vi": "tệp không ghi hệ toạ độ; toạ độ trông như kinh độ/vĩ độ nên được hiểu là {crs}.",
        "en": "the file names no coordinate system; the coordinates look like longitude/latitude "
              "and were read as {crs}.",
    },
    "problem.crs_mismatch": {
        "vi": "đã chọn hệ toạ độ {crs} (đơn vị mét) nhưng các giá trị trông như kinh độ/vĩ độ "
              "(độ). Hãy chọn EPSG:4326.",
        "en": "the coordinate system {crs} (metres) was chosen but the values look like "
              "longitude/latitude (degrees). Choose EPSG:4326.",
    },
    "problem.lonlat_swapped": {
        "vi": "kinh độ và vĩ độ có vẻ bị đảo chỗ cho nhau; đã tự đổi lại. Hãy kiểm tra trên "
              "bản đồ.",
        "en": "longitude and latitude look swapped; they were swapped back. Please check on "
              "the map.",
    },
    "problem.xy_swapped": {
        "vi": "cột X chứa toạ độ hướng Bắc và Y chứa hướng Đông (quy ước trắc địa Việt Nam); "
              "đã tự đổi lại. Hãy kiểm tra trên bản đồ.",
        "en": "X holds northings and Y eastings (the Vietnamese survey convention); they were "
              "swapped. Please check on the map.",
    },
    "problem.bad_coordinates": {
        "vi": "toạ độ không hợp lệ (kinh độ phải trong khoảng -180 đến 180, vĩ độ -90 đến 90).",
        "en": "the coordinates are not valid (longitude must be within -180 to 180, latitude "
              "-90 to 90).",
    },
    "problem.outside_vietnam": {
        "vi": "vị trí nằm ngoài lãnh thổ Việt Nam; có thể sai hệ toạ độ hoặc đảo kinh/vĩ độ.",
        "en": "the location is outside Vietnam; the coordinate system may be wrong or "
              "longitude/latitude swapped.",
    },
    "problem.outside_province": {
        "vi": "vị trí nằm ngoài ranh giới tỉnh Sơn La; hãy kiểm tra lại.",
        "en": "the location is outside Sơn La province; please check it.",
    },
    "problem.text_too_long": {
        "vi": "nội dung quá dài, chỉ giữ {limit} ký tự đầu.",
        "en": "the text is too long; only its first {limit} characters are kept.",
    },
    "problem.id_exists": {
        "vi": "mã này đã có trong dữ liệu đã lưu; khi nhập thêm, mã phải khác mã đã có (hoặc "
              "chọn thay thế toàn bộ).",
        "en": "this ID already exists in the saved data; appended rows need new IDs (or choose "
              "replace).",
    },
    # Command line and report
    "upload.severity_error": {"vi": "LỖI", "en": "ERROR"},
    "upload.severity_warning": {"vi": "CẢNH BÁO", "en": "WARNING"},
    "upload.summary": {
        "vi": "Tệp {file} (lớp {layer}): {rows} dòng, {errors} lỗi, {warnings} cảnh báo.",
        "en": "File {file} (layer {layer}): {rows} rows, {errors} errors, {warnings} warnings.",
    },
    "upload.valid": {
        "vi": "Tệp hợp lệ, có thể nhập.",
        "en": "The file is valid and can be imported.",
    },
    "upload.invalid": {
        "vi": "Tệp còn lỗi; hãy sửa rồi kiểm tra lại. Chưa có gì bị thay đổi.",
        "en": "The file has errors; fix them and check again. Nothing was changed.",
    },
    "upload.imported": {
        "vi": "Đã nhập {rows} dòng vào lớp {layer} ({mode}); trước đó có {before} dòng.",
        "en": "Imported {rows} rows into layer {layer} ({mode}); it had {before} rows before.",
    },
    "upload.mode_replace": {"vi": "thay thế", "en": "replace"},
    "upload.mode_append": {"vi": "thêm vào", "en": "append"},
    "upload.mapping_line": {"vi": "Ghép cột: «{source}» → {target}", "en": "Column “{source}” → {target}"},
}

"""Strings of files as offices make them: ids made by fruitmap, WKT shapes, legacy encodings."""

STRINGS = {
    "problem.ids_made": {
        "vi": "tệp không có mã cho {n}/{total} dòng nên fruitmap đã tự tạo mã (ví dụ «{example}»), "
              "gồm tên không dấu và một đoạn mã tính từ nội dung dòng: nhập lại cùng tệp sẽ "
              "cho đúng các mã này, nên nhập thêm hai lần sẽ bị báo trùng mã.",
        "en": "the file has no id for {n} of {total} rows, so fruitmap made them (for example "
              "“{example}”): the name without accents and a short code computed from the "
              "row's content. The same file gives the same ids again, so appending it twice is "
              "caught as duplicate ids.",
    },
    "problem.names_made": {
        "vi": "{n} dòng không có tên (dòng {rows}) nên được đặt tên theo số dòng, ví dụ "
              "«{example}». Có thể sửa tên sau trong tệp rồi nhập lại.",
        "en": "{n} rows have no name (rows {rows}) and were named after their row, for example "
              "“{example}”. You can name them in the file and import it again.",
    },
    "problem.bad_wkt": {
        "vi": "ô này không phải hình học dạng WKT đọc được; cần dạng như "
              "POINT (104.63 20.85) hoặc POLYGON ((104.6 20.8, 104.7 20.8, 104.7 20.9, "
              "104.6 20.8)).",
        "en": "this cell is not readable WKT geometry; expected something like "
              "POINT (104.63 20.85) or POLYGON ((104.6 20.8, 104.7 20.8, 104.7 20.9, "
              "104.6 20.8)).",
    },
    "problem.legacy_encoding": {
        "vi": "tệp được gõ bằng bảng mã cũ {encoding}; fruitmap đã chuyển sang Unicode. Hãy xem "
              "lại dấu tiếng Việt trong bảng xem trước.",
        "en": "the file was typed in the legacy {encoding} encoding; fruitmap converted it to "
              "Unicode. Check the Vietnamese letters in the preview.",
    },
    "problem.legacy_encoding_columns": {
        "vi": "các ô của cột này được gõ bằng phông chữ bảng mã cũ {encoding}; fruitmap đã "
              "chuyển sang Unicode. Hãy xem lại dấu tiếng Việt trong bảng xem trước.",
        "en": "the cells of this column were typed with a legacy {encoding} font; fruitmap "
              "converted them to Unicode. Check the Vietnamese letters in the preview.",
    },
    "problem.zip_ratio": {
        "vi": "tệp nén bất thường: nén {ratio}, quá giới hạn {limit} (giải nén ra {size}). Tệp "
              "như vậy có thể làm treo hệ thống nên bị từ chối; hãy nén lại tệp gốc và tải lên.",
        "en": "the zip is compressed suspiciously: {ratio}, over the limit of {limit} (it "
              "would unpack to {size}). Such a file can bring the system down, so it is "
              "refused; zip the original files again and upload that.",
    },
    "upload_page.ids_will_be_made": {
        "vi": "Không có cột nào được ghép với «{column}»: fruitmap sẽ tự tạo mã (tên không dấu "
              "và một đoạn mã tính từ nội dung dòng; cùng tệp luôn cho cùng mã).",
        "en": "No column is mapped to “{column}”: fruitmap will make the ids (the name without "
              "accents and a short code computed from the row; the same file always gives the "
              "same ids).",
    },
    "template.guide.wkt": {
        "vi": "Lớp này là ranh giới (đa giác): cột «Hình học (WKT)» ghi hình dạng dưới dạng văn "
              "bản WKT theo kinh độ/vĩ độ (EPSG:4326), như tệp CSV/Excel do fruitmap xuất ra. "
              "Cũng có thể tải lên Shapefile (.zip), GeoPackage hoặc KML/KMZ có các cột như mẫu.",
        "en": "This layer is made of boundaries (polygons): the “Geometry (WKT)” column holds "
              "each shape as WKT text in longitude/latitude (EPSG:4326), as fruitmap's own "
              "CSV/Excel exports write it. A Shapefile (.zip), GeoPackage or KML/KMZ with the "
              "columns of this template works too.",
    },
}

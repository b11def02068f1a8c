"""Strings of editing in place: the edit tab of the data page, its table and its map."""

STRINGS = {
    # History and errors
    "data.action.edit_summary": {"vi": "Sửa trong ứng dụng: {parts}",
                                 "en": "Edited in the app: {parts}"},
    "edit.summary.added": {"vi": "thêm {n} dòng", "en": "{n} rows added"},
    "edit.summary.removed": {"vi": "xoá {n} dòng", "en": "{n} rows deleted"},
    "edit.summary.changed": {"vi": "sửa {n} dòng", "en": "{n} rows changed"},
    "edit.summary.nothing": {"vi": "không có gì thay đổi", "en": "nothing changed"},
    "error.edit_refused": {
        "vi": "Chưa lưu: có giá trị không hợp lệ. Hãy sửa rồi lưu lại; dữ liệu chưa bị thay đổi.",
        "en": "Not saved: some values are not valid. Correct them and save again; "
              "the data has not been changed.",
    },
    "error.layer_changed": {
        "vi": "Chưa lưu: dữ liệu lớp «{layer}» đã thay đổi từ khi bạn mở bảng (có người vừa "
              "nhập hoặc sửa), hãy tải lại rồi sửa lại.",
        "en": "Not saved: the data of layer “{layer}” changed since you opened it (someone "
              "imported or edited it); reload and make your change again.",
    },
    "problem.edit_unknown_id": {
        "vi": "không có đối tượng nào mang mã này (có thể vừa bị xoá).",
        "en": "no feature has this ID (it may just have been deleted).",
    },
    "problem.edit_id_taken": {
        "vi": "mã này đã được dùng cho một đối tượng khác.",
        "en": "this ID is already used by another feature.",
    },
    "edit.col.lon": {"vi": "Kinh độ", "en": "Longitude"},
    "edit.col.lat": {"vi": "Vĩ độ", "en": "Latitude"},
    # The tab
    "data.tab.edit": {"vi": "Sửa dữ liệu", "en": "Edit"},
    "edit.header": {"vi": "Sửa dữ liệu trực tiếp", "en": "Edit in place"},
    "edit.caption": {
        "vi": "Sửa từng ô trong bảng, hoặc thêm, di chuyển, xoá đối tượng trên bản đồ. Mỗi lần "
              "lưu được kiểm tra như khi tải tệp lên, ghi vào lịch sử và có thể khôi phục lại.",
        "en": "Correct cells in the table, or add, move and delete features on the map. Every "
              "save is checked like an upload, recorded in the history and can be undone.",
    },
    "edit.layer": {"vi": "Lớp cần sửa", "en": "Layer to edit"},
    "edit.who": {"vi": "Tên người sửa (ghi vào lịch sử)", "en": "Your name (kept in the history)"},
    "edit.need_name": {"vi": "Nhập tên của bạn để lưu.", "en": "Enter your name to save."},
    "edit.mode": {"vi": "Cách sửa", "en": "How to edit"},
    "edit.mode.table": {"vi": "Bảng thuộc tính", "en": "Attribute table"},
    "edit.mode.map": {"vi": "Trên bản đồ", "en": "On the map"},
    "edit.table.caption": {
        "vi": "Bấm đúp vào ô để sửa. Mã không sửa được. Danh sách ghi cách nhau bằng dấu «;». "
              "Thêm dòng ở cuối bảng, xoá dòng bằng ô chọn bên trái rồi biểu tượng thùng rác.",
        "en": "Double-click a cell to edit it. IDs cannot be edited. Separate list items with "
              "“;”. Add rows at the bottom; delete rows by ticking them and the bin icon.",
    },
    "edit.table.too_big": {
        "vi": "Lớp có {rows} dòng: bảng chỉ hiện {shown} dòng khớp với ô tìm kiếm.",
        "en": "The layer has {rows} rows: the table shows the {shown} rows matching the search.",
    },
    "edit.table.search": {"vi": "Tìm theo mã hoặc tên", "en": "Search by ID or name"},
    "edit.table.list_help": {
        "vi": "Nhiều loại quả cách nhau bằng dấu «;», ví dụ: Nhãn; Xoài",
        "en": "Several crops separated by “;”, e.g. Longan; Mango",
    },
    "edit.last.header": {"vi": "Lần sửa vừa lưu (số {change})",
                         "en": "The edit just saved (no. {change})"},
    "edit.save": {"vi": "Lưu thay đổi", "en": "Save changes"},
    "edit.reload": {"vi": "Tải lại dữ liệu mới nhất", "en": "Reload the latest data"},
    "edit.stale": {
        "vi": "Dữ liệu đã thay đổi từ khi bạn mở bảng, hãy tải lại (các sửa đổi chưa lưu sẽ "
              "bị bỏ).",
        "en": "The data changed since you opened it; reload (unsaved changes will be lost).",
    },
    "edit.saved": {
        "vi": "Đã lưu thay đổi số {change}: {summary}.",
        "en": "Saved as change no. {change}: {summary}.",
    },
    "edit.nothing": {"vi": "Không có gì thay đổi để lưu.", "en": "Nothing changed to save."},
    "edit.undo": {"vi": "Hoàn tác lần sửa này", "en": "Undo this edit"},
    "edit.undone": {
        "vi": "Đã hoàn tác: lớp trở về như trước lần sửa số {change} (ghi thành thay đổi số "
              "{rollback}).",
        "en": "Undone: the layer is back as it was before change no. {change} (recorded as "
              "change no. {rollback}).",
    },
    # The map
    "edit.map.caption": {
        "vi": "Thanh công cụ bên trái bản đồ: nút hình ghim đặt một điểm mới, nút hình đa giác "
              "vẽ một vùng; nút hình bút rồi kéo một điểm để di chuyển, nút thùng rác rồi bấm "
              "vào điểm để xoá, sau đó bấm «Lưu» trên thanh công cụ. Điền thông tin bên dưới "
              "rồi lưu.",
        "en": "Toolbar on the left of the map: the pin places a new point, the polygon draws an "
              "area; the pen then dragging a point moves it, the bin then clicking a point "
              "deletes it, then press “Save” on the toolbar. Fill in the form below and save.",
    },
    "edit.map.new_header": {"vi": "Đối tượng mới", "en": "New feature"},
    "edit.map.new_point": {"vi": "Điểm mới tại {lat}, {lon}.",
                           "en": "New point at {lat}, {lon}."},
    "edit.map.new_polygon": {"vi": "Vùng mới, khoảng {area} ha.",
                             "en": "New area, about {area} ha."},
    "edit.map.wrong_shape": {
        "vi": "Lớp này chỉ nhận điểm: hãy dùng công cụ đặt điểm.",
        "en": "This layer takes points only: use the point tool.",
    },
    "edit.map.add": {"vi": "Thêm vào lớp", "en": "Add to the layer"},
    "edit.map.moves": {
        "vi": "Trên bản đồ: {moved} điểm đã di chuyển, {deleted} điểm đã xoá.",
        "en": "On the map: {moved} points moved, {deleted} points deleted.",
    },
    "edit.map.save_moves": {"vi": "Lưu di chuyển và xoá", "en": "Save moves and deletions"},
    "edit.map.points_only": {
        "vi": "Trên bản đồ chỉ di chuyển và xoá được các điểm; ranh giới vùng sửa bằng cách tải "
              "tệp lên.",
        "en": "Only points can be moved and deleted on the map; change area outlines by "
              "uploading a file.",
    },
    "edit.map.too_many": {
        "vi": "Lớp có {rows} điểm: chỉ {shown} điểm đầu tiên sửa được trên bản đồ.",
        "en": "The layer has {rows} points: only the first {shown} can be edited on the map.",
    },
    # Leaflet.draw's own toolbar
    "edit.draw.marker": {"vi": "Đặt một điểm mới", "en": "Place a new point"},
    "edit.draw.polygon": {"vi": "Vẽ một vùng", "en": "Draw an area"},
    "edit.draw.cancel": {"vi": "Huỷ", "en": "Cancel"},
    "edit.draw.finish": {"vi": "Xong", "en": "Finish"},
    "edit.draw.undo": {"vi": "Xoá điểm vừa vẽ", "en": "Delete last point"},
    "edit.draw.marker_tip": {"vi": "Bấm vào bản đồ để đặt điểm.",
                             "en": "Click the map to place the point."},
    "edit.draw.polygon_tip": {"vi": "Bấm để thêm đỉnh; bấm lại đỉnh đầu để khép vùng.",
                              "en": "Click to add corners; click the first one to close."},
    "edit.draw.polygon_end": {"vi": "Bấm đỉnh đầu để khép vùng.",
                              "en": "Click the first corner to close the area."},
    "edit.draw.edit": {"vi": "Di chuyển điểm", "en": "Move points"},
    "edit.draw.remove": {"vi": "Xoá điểm", "en": "Delete points"},
    "edit.draw.save": {"vi": "Lưu", "en": "Save"},
    "edit.draw.clear_all": {"vi": "Xoá tất cả", "en": "Clear all"},
    "edit.draw.edit_tip": {"vi": "Kéo điểm tới vị trí mới, rồi bấm «Lưu».",
                           "en": "Drag points to their new place, then press “Save”."},
    "edit.draw.remove_tip": {"vi": "Bấm vào điểm cần xoá, rồi bấm «Lưu».",
                             "en": "Click the points to delete, then press “Save”."},
}

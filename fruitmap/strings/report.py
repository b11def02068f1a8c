"""Strings of the balance figures (``bchart.*``), image export (``images.*``) and the meeting
pack (``report.*``)."""

STRINGS = {
    # Balance figures (fruitmap.balance_charts)
    "bchart.no_data": {"vi": "Chưa có số liệu cân đối để vẽ.",
                       "en": "No balance figures to draw yet."},
    "bchart.no_boundaries": {"vi": "Chưa có ranh giới hành chính để vẽ bản đồ.",
                             "en": "No administrative boundaries to draw the map."},
    "bchart.no_plants": {"vi": "Chưa có cơ sở chế biến nào đang hoạt động.",
                         "en": "No operating processing plant yet."},
    "bchart.no_targets": {"vi": "Chưa có chỉ tiêu nào trong dữ liệu.",
                          "en": "The workspace holds no targets."},
    "bchart.month": {"vi": "Tháng", "en": "Month"},
    "bchart.surplus": {"vi": "Dư thừa", "en": "Surplus"},
    "bchart.tonnes_axis": {"vi": "Sản lượng (tấn)", "en": "Tonnes"},
    "bchart.glut.title_tonnes": {
        "vi": "Lịch dư thừa: sản lượng không tiêu thụ được (tấn)",
        "en": "Glut calendar: tonnes that find no outlet",
    },
    "bchart.glut.title_share": {
        "vi": "Lịch dư thừa: tỷ lệ dư thừa so với nguồn cung trong tháng (%)",
        "en": "Glut calendar: surplus as a share of the month's supply (%)",
    },
    "bchart.crop.title": {"vi": "{crop}: nguồn cung và tiêu thụ theo tháng",
                          "en": "{crop}: monthly supply and where it goes"},
    "bchart.use.fresh_t": {"vi": "Bán tươi", "en": "Sold fresh"},
    "bchart.use.processed_t": {"vi": "Chế biến", "en": "Processed"},
    "bchart.use.stored_t": {"vi": "Vào kho lạnh", "en": "Into cold storage"},
    "bchart.use.surplus_t": {"vi": "Dư thừa", "en": "Surplus"},
    "bchart.use.supply_t": {"vi": "Sản lượng thu hoạch", "en": "Harvest"},
    "bchart.capacity_line": {"vi": "Khả năng tiêu thụ tươi + chế biến",
                             "en": "Fresh market + processing capacity"},
    "bchart.map.title": {"vi": "{crop} dư thừa theo địa bàn, {month}",
                         "en": "{crop} surplus by area, {month}"},
    "bchart.map.none": {"vi": "Không có dư thừa trong tháng này.",
                        "en": "No surplus this month."},
    "bchart.plants.title": {"vi": "Mức sử dụng công suất cơ sở chế biến (%)",
                            "en": "Processing plant utilisation (%)"},
    "bchart.plants.title_top": {
        "vi": "Mức sử dụng công suất (%) của {n} cơ sở lớn nhất (còn {more} cơ sở khác)",
        "en": "Utilisation (%) of the {n} largest plants ({more} more not shown)",
    },
    "bchart.plants.hover": {
        "vi": "Chế biến %{customdata[0]:,.0f} / công suất %{customdata[1]:,.0f} tấn",
        "en": "Processed %{customdata[0]:,.0f} of %{customdata[1]:,.0f} t capacity",
    },
    "bchart.targets.title": {"vi": "Tiến độ thực hiện chỉ tiêu", "en": "Progress against targets"},
    "bchart.targets.axis": {"vi": "Mức đạt so với chỉ tiêu", "en": "Share of target reached"},
    "bchart.targets.gap": {"vi": "{current} / {target} {unit} · còn thiếu {gap}",
                           "en": "{current} of {target} {unit} · {gap} to go"},
    "bchart.targets.reached": {"vi": "{current} / {target} {unit} · đã đạt",
                               "en": "{current} of {target} {unit} · reached"},
    "bchart.targets.not_measured": {
        "vi": "Chỉ tiêu {target} {unit} · chưa đo được từ dữ liệu",
        "en": "Target {target} {unit} · not measurable from the data",
    },
    # Image export (fruitmap.images)
    "error.chromium_missing": {
        "vi": "Không tìm thấy trình duyệt Chromium ({path}) để xuất ảnh. Hãy cài bằng lệnh: "
              "apt-get install -y chromium",
        "en": "Chromium ({path}) is needed to export pictures and was not found. Install it "
              "with: apt-get install -y chromium",
    },
    "error.bad_image_format": {
        "vi": "Không xuất được ảnh dạng «{value}». Các dạng hỗ trợ: {allowed}.",
        "en": "Cannot export pictures as “{value}”. Supported formats: {allowed}.",
    },
    "error.image_export_failed": {
        "vi": "Xuất biểu đồ thành ảnh không thành công: {reason}",
        "en": "Exporting the chart as a picture failed: {reason}",
    },
    "error.map_export_failed": {
        "vi": "Xuất bản đồ thành ảnh không thành công: {reason}",
        "en": "Exporting the map as a picture failed: {reason}",
    },
}

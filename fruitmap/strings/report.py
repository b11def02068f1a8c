"""Strings of the balance figures (``bchart.*``), image export (``images.*``) and the meeting
pack (``report.*``)."""

STRINGS = {
    # Balance figures (fruitmap.balance.charts)
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
    # Image export (fruitmap.report.images)
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
    # Meeting pack (fruitmap.report.pack)
    "error.report_bad_format": {
        "vi": "Không tạo được tệp «{value}»: chỉ hỗ trợ các đuôi {allowed}.",
        "en": "Cannot write “{value}”: the meeting pack can be {allowed}.",
    },
    "error.report_write_failed": {
        "vi": "Không ghi được tệp {path}: {reason}",
        "en": "Could not write {path}: {reason}",
    },
    "error.font_missing": {
        "vi": "Thiếu phông chữ {path} (gói fonts-dejavu-core) để viết tiếng Việt trong PDF. "
              "Hãy cài bằng lệnh: apt-get install -y fonts-dejavu-core",
        "en": "The font {path} (package fonts-dejavu-core) is needed for Vietnamese in the "
              "PDF. Install it with: apt-get install -y fonts-dejavu-core",
    },
    "report.province_unknown": {"vi": "Tỉnh (chưa có ranh giới)", "en": "Province (no boundary)"},
    "report.step.read": {"vi": "Đang đọc dữ liệu…", "en": "Reading the workspace…"},
    "report.step.balance": {"vi": "Đang tính cân đối cung – cầu…",
                            "en": "Computing the supply–capacity balance…"},
    "report.step.charts": {"vi": "Đang vẽ biểu đồ…", "en": "Drawing the charts…"},
    "report.step.map": {"vi": "Đang vẽ bản đồ…", "en": "Drawing the map…"},
    "report.step.write": {"vi": "Đang ghi tệp…", "en": "Writing the file…"},
    "report.step.done": {"vi": "Đã xong.", "en": "Done."},
    "report.footer": {
        "vi": "fruitmap · {province} · Dữ liệu cập nhật {date} · Ranh giới: ODM/ODV CC BY-SA 4.0, "
              "geoBoundaries CC BY 3.0 IGO",
        "en": "fruitmap · {province} · Data as of {date} · Boundaries: ODM/ODV CC BY-SA 4.0, "
              "geoBoundaries CC BY 3.0 IGO",
    },
    "report.cover.title": {"vi": "Cân đối sản lượng quả và năng lực tiêu thụ, chế biến – {province}",
                           "en": "Fruit supply and processing capacity – {province}"},
    "report.cover.subtitle": {"vi": "Tài liệu phục vụ cuộc họp", "en": "Meeting pack"},
    "report.cover.date": {"vi": "Ngày lập: {date}", "en": "Prepared on {date}"},
    "report.cover.data_date": {"vi": "Dữ liệu cập nhật đến: {date}", "en": "Data as of {date}"},
    "report.headline.title": {"vi": "Các chỉ số chính", "en": "Headline figures"},
    "report.headline.caption": {
        "vi": "Tính từ dữ liệu hiện có; bên phải: diện tích theo loại cây (ha).",
        "en": "Computed from the workspace; right: fruit area by crop (ha).",
    },
    "report.fig.area": {"vi": "Diện tích cây ăn quả", "en": "Fruit area"},
    "report.fig.output": {"vi": "Sản lượng dự kiến/năm", "en": "Expected output a year"},
    "report.fig.zones": {"vi": "Số vùng trồng", "en": "Cultivation zones"},
    "report.fig.high_tech": {"vi": "Vùng ứng dụng công nghệ cao", "en": "High-tech zones"},
    "report.fig.coded": {"vi": "Diện tích có mã số vùng trồng", "en": "Area with planting codes"},
    "report.fig.plants": {"vi": "Cơ sở chế biến", "en": "Processing plants"},
    "report.fig.plants_value": {"vi": "{factories} nhà máy, {facilities} cơ sở",
                                "en": "{factories} factories, {facilities} facilities"},
    "report.fig.capacity": {"vi": "Công suất chế biến đang hoạt động",
                            "en": "Operating processing capacity"},
    "report.fig.cold": {"vi": "Kho lạnh", "en": "Cold stores"},
    "report.fig.cold_value": {"vi": "{n} kho, {t} tấn", "en": "{n} stores, {t} t"},
    "report.fig.processed": {"vi": "Tỷ lệ sản lượng được chế biến", "en": "Share of harvest processed"},
    "report.fig.surplus": {"vi": "Sản lượng dư thừa cả năm", "en": "Yearly surplus"},
    "report.map.title": {"vi": "Vùng trồng và cơ sở chế biến, kho lạnh",
                         "en": "Cultivation zones, processing plants and cold stores"},
    "report.map.caption": {
        "vi": "Màu vùng trồng theo loại cây; kích thước ký hiệu theo công suất, sức chứa.",
        "en": "Zones coloured by crop; symbols sized by capacity.",
    },
    "report.glut.title": {"vi": "Lịch dư thừa theo loại quả và tháng",
                          "en": "Glut calendar by crop and month"},
    "report.glut.caption": {
        "vi": "Cả năm dư thừa khoảng {surplus} tấn ({share} % sản lượng). Tháng dư thừa nhiều "
              "nhất: {month} ({month_t} tấn); loại quả dư nhiều nhất: {crop}.",
        "en": "About {surplus} t a year find no outlet ({share} % of the harvest). Worst "
              "month: {month} ({month_t} t); crop with the largest surplus: {crop}.",
    },
    "report.glut.none": {"vi": "Không có tháng nào dư thừa với năng lực hiện có.",
                         "en": "With today's capacity no month has a surplus."},
    "report.crop.title": {"vi": "{crop}: dư thừa theo địa bàn, {month}",
                          "en": "{crop}: surplus by area, {month}"},
    "report.crop.caption": {
        "vi": "{month}: khoảng {total} tấn {crop} không tiêu thụ được; nhiều nhất ở {unit} "
              "({unit_t} tấn). Bên phải: nguồn cung và tiêu thụ cả năm.",
        "en": "{month}: about {total} t of {crop} find no outlet; most in {unit} "
              "({unit_t} t). Right: supply and uses over the year.",
    },
    "report.crop.no_surplus": {
        "vi": "{crop} không dư thừa tháng nào; bản đồ cho tháng thu hoạch rộ nhất.",
        "en": "{crop} has no surplus in any month; the map shows its peak harvest month.",
    },
    "report.plants.title": {"vi": "Mức sử dụng công suất các cơ sở chế biến",
                            "en": "Processing plant utilisation"},
    "report.plants.caption": {
        "vi": "{n} cơ sở đang hoạt động, bình quân dùng {mean} % công suất; {idle} cơ sở "
              "dùng dưới 10 %, {full} cơ sở có tháng chạy hết công suất. Hình: {shown} cơ sở "
              "lớn nhất; ô trống: tháng cơ sở không hoạt động.",
        "en": "{n} operating plants use {mean} % of their capacity on average; {idle} use "
              "under 10 %, {full} run full in at least one month. Shown: the {shown} largest; blank: month not operating.",
    },
    "report.targets.title": {"vi": "Tiến độ so với chỉ tiêu", "en": "Progress against targets"},
    "report.targets.caption": {
        "vi": "Giá trị hiện tại tính từ dữ liệu; phần còn thiếu ghi bên phải mỗi chỉ tiêu.",
        "en": "Current values computed from the workspace; the gap is written beside each.",
    },
    "report.src.title": {"vi": "Nguồn dữ liệu và ghi chú", "en": "Sources and notes"},
    "report.src.boundaries": {"vi": "• {text}", "en": "• {text}"},
    "report.src.demo": {
        "vi": "• Số liệu minh hoạ (bộ dữ liệu mẫu), không phải thống kê chính thức: {layers}.",
        "en": "• Illustrative demo values, not official statistics: {layers}.",
    },
    "report.src.default_yield": {
        "vi": "• {n} vùng trồng chưa có năng suất: sản lượng tính theo năng suất mặc định "
              "(minh hoạ).",
        "en": "• {n} zones give no yield: their output uses the illustrative default yield.",
    },
    "report.src.targets": {"vi": "• Chỉ tiêu mang tính minh hoạ: {targets}.",
                           "en": "• Illustrative targets: {targets}."},
    "report.src.distance": {
        "vi": "• Quãng đường vận chuyển ước tính bằng khoảng cách đường chim bay nhân hệ số "
              "đường vòng, không theo mạng lưới đường thực tế.",
        "en": "• Haul distances are great-circle distances times a circuity factor, not "
              "measured on the road network.",
    },
    "report.src.method": {
        "vi": "• Cân đối: vận chuyển tối đa {km} km, hệ số đường vòng {circuity}, {days} ngày "
              "hoạt động/tháng; chỉ tính cơ sở đang hoạt động.",
        "en": "• Balance: hauls up to {km} km, circuity {circuity}, {days} operating days a "
              "month; operating facilities only.",
    },
    "report.src.generated": {"vi": "• Lập bằng fruitmap ngày {date}.",
                             "en": "• Produced with fruitmap on {date}."},
    "report.cli_written": {"vi": "Đã ghi bộ tài liệu họp: {path}",
                           "en": "Meeting pack written to {path}"},
    # App: exports and the meeting pack page (ui/exports.py, pages/meeting_pack.py)
    "nav.meeting_pack": {"vi": "Tài liệu họp", "en": "Meeting pack"},
    "export.png": {"vi": "Tải ảnh PNG", "en": "Download PNG"},
    "export.svg": {"vi": "Tải ảnh SVG", "en": "Download SVG"},
    "export.html": {"vi": "Tải bản đồ HTML (dùng không cần mạng)",
                    "en": "Download map as HTML (works offline)"},
    "export.map_png": {"vi": "Tải bản đồ PNG", "en": "Download map as PNG"},
    "export.pack.title": {"vi": "Tài liệu họp", "en": "Meeting pack"},
    "export.pack.intro": {
        "vi": "Tạo bộ trình chiếu (PowerPoint) hoặc tệp PDF gồm: các chỉ số chính, bản đồ vùng "
              "trồng và cơ sở chế biến, lịch dư thừa, bản đồ dư thừa tháng cao điểm của các loại "
              "quả chính, mức sử dụng công suất, tiến độ chỉ tiêu, nguồn dữ liệu. Các số liệu "
              "cân đối theo tham số ở thanh bên.",
        "en": "Build a PowerPoint deck or a PDF with the headline figures, the map of zones and "
              "plants, the glut calendar, the surplus map of each main crop's peak month, plant "
              "utilisation, progress against targets and the sources. The balance uses the "
              "parameters in the sidebar.",
    },
    "export.pack.format": {"vi": "Định dạng", "en": "Format"},
    "export.pack.format_pptx": {"vi": "PowerPoint (.pptx)", "en": "PowerPoint (.pptx)"},
    "export.pack.format_pdf": {"vi": "PDF (.pdf)", "en": "PDF (.pdf)"},
    "export.pack.build": {"vi": "Tạo tài liệu họp", "en": "Build the meeting pack"},
    "export.pack.starting": {"vi": "Đang bắt đầu…", "en": "Starting…"},
    "export.pack.file_name": {"vi": "tai-lieu-hop-fruitmap", "en": "fruitmap-meeting-pack"},
    "export.pack.ready": {"vi": "Đã tạo xong {name}.", "en": "{name} is ready."},
    "export.pack.download": {"vi": "Tải về {name}", "en": "Download {name}"},
    "export.pack.other_language": {
        "vi": "Tệp này được tạo bằng ngôn ngữ khác; bấm «Tạo tài liệu họp» để tạo lại.",
        "en": "This file was built in the other language; build it again to switch.",
    },
}

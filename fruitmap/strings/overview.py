"""Strings of the overview page, its charts and the context figures (fruitmap.facts)."""

STRINGS = {
    "overview.title": {
        "vi": "Tổng quan cây ăn quả tỉnh Sơn La",
        "en": "Sơn La fruit sector at a glance",
    },
    "overview.computed_from": {
        "vi": "Các số liệu dưới đây được tính từ dữ liệu đang dùng ({path}), thay đổi lần cuối "
              "lúc {when}.",
        "en": "The figures below are computed from the workspace in use ({path}), last changed "
              "{when}.",
    },
    "overview.demo_layers": {
        "vi": "Dữ liệu minh hoạ: các lớp {layers} hiện là dữ liệu demo, được dựng cho khớp với số "
              "liệu đã công bố, không phải số liệu thống kê chính thức. Hãy nhập dữ liệu thật ở "
              "trang «{page}».",
        "en": "Illustrative data: {layers} still hold the bundled demo, built to match published "
              "figures; they are not official statistics. Import real data on the “{page}” "
              "page.",
    },
    "overview.never_changed": {"vi": "chưa rõ", "en": "unknown"},
    "overview.empty": {
        "vi": "Dữ liệu đang dùng chưa có vùng trồng nào, nên chưa tính được diện tích và sản "
              "lượng. Hãy nhập lớp «Vùng trồng» ở trang «{page}».",
        "en": "The workspace has no cultivation zones yet, so area and output cannot be computed. "
              "Import the “Cultivation zones” layer on the “{page}” page.",
    },
    "overview.section.workspace": {
        "vi": "Số liệu tính từ dữ liệu đang dùng",
        "en": "Figures computed from the workspace",
    },
    "overview.section.by_crop": {
        "vi": "Diện tích và sản lượng theo loại cây",
        "en": "Area and expected output by crop",
    },
    "overview.section.map": {"vi": "Bản đồ tỉnh", "en": "Province map"},
    "overview.section.facts": {
        "vi": "Số liệu bối cảnh (từ nguồn bên ngoài, không tính từ dữ liệu)",
        "en": "Context figures (from outside sources, not computed from the workspace)",
    },
    # Metrics
    "overview.metric.area": {"vi": "Diện tích (ha)", "en": "Fruit area (ha)"},
    "overview.metric.area_help": {
        "vi": "Tổng cột «Diện tích (ha)» của {n} vùng trồng.",
        "en": "Sum of “Area (ha)” over {n} cultivation zones.",
    },
    "overview.metric.output": {"vi": "Sản lượng (tấn/năm)", "en": "Output (t/year)"},
    "overview.metric.output_help": {
        "vi": "Mỗi vùng: sản lượng dự kiến nếu có, nếu không thì diện tích × năng suất, nếu "
              "không nữa thì diện tích × năng suất mặc định của loại cây (giá trị minh hoạ).",
        "en": "Per zone: its expected output when given, else area × yield, else area × the "
              "crop's default yield (an illustrative value).",
    },
    "overview.metric.plants": {"vi": "Cơ sở chế biến", "en": "Processing plants"},
    "overview.metric.plants_detail": {
        "vi": "{factories} nhà máy, {facilities} cơ sở",
        "en": "{factories} factories, {facilities} facilities",
    },
    "overview.metric.capacity": {"vi": "Công suất (tấn/ngày)", "en": "Capacity (t/day)"},
    "overview.metric.capacity_help": {
        "vi": "Tổng công suất (tấn/ngày) của các cơ sở đang hoạt động. Thêm {n} cơ sở quy hoạch "
              "hoặc đang xây dựng với {capacity} tấn/ngày chưa được tính.",
        "en": "Total capacity (t/day) of operating plants. {n} planned or under-construction "
              "plants with {capacity} t/day are not counted.",
    },
    "overview.metric.cold": {"vi": "Kho lạnh (tấn)", "en": "Cold stores (t)"},
    "overview.metric.cold_help": {
        "vi": "Tổng sức chứa của {n} kho lạnh đang hoạt động.",
        "en": "Total capacity of the {n} operating cold stores.",
    },
    "overview.metric.certified": {"vi": "Có chứng nhận", "en": "Certified"},
    "overview.metric.certified_help": {
        "vi": "Tỷ lệ diện tích đạt VietGAP, GlobalGAP hoặc hữu cơ: {area} ha.",
        "en": "Share of the area that is VietGAP, GlobalGAP or organic: {area} ha.",
    },
    "overview.metric.coded": {"vi": "Có mã vùng trồng", "en": "Planting-area code"},
    "overview.metric.coded_help": {
        "vi": "Tỷ lệ diện tích của các vùng đã ghi mã số vùng trồng: {area} ha.",
        "en": "Share of the area in zones with a planting-area code: {area} ha.",
    },
    "overview.metric.high_tech": {"vi": "Vùng công nghệ cao", "en": "High-tech zones"},
    "overview.metric.high_tech_help": {
        "vi": "Số vùng trồng đánh dấu công nghệ cao, tổng {area} ha.",
        "en": "Zones marked high-tech, {area} ha in all.",
    },
    "overview.metric.off_season": {"vi": "Trái vụ (ha)", "en": "Off-season (ha)"},
    "overview.metric.industrial": {"vi": "Khu, cụm công nghiệp", "en": "Industrial areas"},
    "overview.metric.industrial_help": {
        "vi": "Số khu và cụm công nghiệp trong dữ liệu; còn trống {free} ha.",
        "en": "Industrial zones and clusters in the workspace; {free} ha still free.",
    },
    "overview.metric.operating": {"vi": "cơ sở đang hoạt động", "en": "operating plants"},
    "overview.metric.pipeline": {
        "vi": "đang hoạt động; thêm {capacity} tấn/ngày đang quy hoạch, xây dựng",
        "en": "operating; {capacity} t/day more planned or being built",
    },
    "overview.metric.stores": {"vi": "{n} kho đang hoạt động", "en": "{n} operating stores"},
    "overview.metric.output_caption": {"vi": "dự kiến, cả năm", "en": "expected, whole year"},
    "overview.facts.source": {"vi": "Nguồn: {source}", "en": "Source: {source}"},
    "overview.metric.off_season_help": {
        "vi": "Diện tích các vùng đánh dấu trái vụ; sản lượng dự kiến {output} tấn.",
        "en": "Area of zones marked off-season; expected output {output} t.",
    },
    "overview.target": {
        "vi": "Mục tiêu 2025: {value}",
        "en": "2025 target: {value}",
    },
    # By-crop table and chart
    "overview.col.crop": {"vi": "Loại cây", "en": "Crop"},
    "overview.col.zones": {"vi": "Số vùng", "en": "Zones"},
    "overview.col.area": {"vi": "Diện tích (ha)", "en": "Area (ha)"},
    "overview.col.share": {"vi": "Tỷ lệ", "en": "Share"},
    "overview.col.output": {"vi": "Sản lượng dự kiến (tấn/năm)", "en": "Expected output (t/year)"},
    "overview.year": {"vi": "năm", "en": "year"},
    "overview.chart.area_axis": {"vi": "Diện tích (ha)", "en": "Area (ha)"},
    # Map
    "overview.map.caption": {
        "vi": "Mỗi chấm là một vùng trồng, màu theo loại cây, kích thước theo diện tích; đường "
              "viền là ranh giới các huyện (cũ). Xem chi tiết ở trang «Bản đồ».",
        "en": "Each dot is a cultivation zone, coloured by crop and sized by area; outlines are "
              "the former districts. See the “Map explorer” page for details.",
    },
    "overview.map.no_boundaries": {
        "vi": "Chưa có ranh giới hành chính để vẽ bản đồ.",
        "en": "No administrative boundaries to draw the map.",
    },
    # Context figures
    "overview.facts.col.fact": {"vi": "Nội dung", "en": "Fact"},
    "overview.facts.col.value": {"vi": "Số liệu", "en": "Figure"},
    "overview.facts.col.source": {"vi": "Nguồn", "en": "Source"},
    "overview.facts.brief": {
        "vi": "Thực trạng và mục tiêu theo quy hoạch của tỉnh",
        "en": "Situation and targets in the provincial plan",
    },
    "overview.facts.press": {
        "vi": "Theo báo chí (cần kiểm tra lại trước khi trích dẫn trong cuộc họp)",
        "en": "From public reporting (re-check before quoting in a meeting)",
    },
    "error.facts_unreadable": {
        "vi": "Không đọc được tệp số liệu bối cảnh {file}: {reason}",
        "en": "The context figures file {file} cannot be read: {reason}",
    },
    "error.facts_invalid": {
        "vi": "Tệp số liệu bối cảnh {file} có lỗi:",
        "en": "The context figures file {file} has problems:",
    },
}

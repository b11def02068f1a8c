"""Strings of the progress shown during long work: balance, meeting pack, map, export.

Step keys (``progress.<job>.<step>``) are what the library reports through its ``progress``
callbacks (:mod:`fruitmap.progress`); the app shows them in a status box.
"""

STRINGS = {
    # --- the balance (fruitmap.balance.solve.compute_balance)
    "progress.balance.title": {
        "vi": "Đang tính cân đối cung – tiêu thụ…",
        "en": "Computing the supply–capacity balance…",
    },
    "progress.balance.read": {
        "vi": "Đọc vùng trồng, cơ sở chế biến, kho lạnh và thị trường",
        "en": "Reading zones, processing plants, cold stores and markets",
    },
    "progress.balance.reach": {
        "vi": "Tìm cơ sở và kho lạnh trong tầm vận chuyển của từng vùng",
        "en": "Finding the plants and cold stores within hauling reach of each zone",
    },
    "progress.balance.solve": {
        "vi": "Phân bổ sản lượng: tiêu thụ nhiều nhất có thể (bước 1/3)",
        "en": "Allocating the harvest: using as much as possible (step 1/3)",
    },
    "progress.balance.store": {
        "vi": "Phân bổ sản lượng: trữ lạnh ít nhất (bước 2/3)",
        "en": "Allocating the harvest: storing as little as possible (step 2/3)",
    },
    "progress.balance.haul": {
        "vi": "Phân bổ sản lượng: quãng vận chuyển ngắn nhất (bước 3/3)",
        "en": "Allocating the harvest: hauling as short as possible (step 3/3)",
    },
    "progress.balance.tables": {
        "vi": "Lập bảng theo đơn vị hành chính, vùng trồng và cơ sở",
        "en": "Making the tables by admin unit, zone and plant",
    },
    "progress.balance.done": {
        "vi": "Đã tính cân đối",
        "en": "Balance computed",
    },
    "progress.balance.finished": {
        "vi": "Đã tính cân đối: {zones} vùng trồng, {plants} cơ sở ({seconds} giây)",
        "en": "Balance computed: {zones} zones, {plants} plants ({seconds} s)",
    },
    # --- the explorer's map (fruitmap.maps.build.build_map)
    "progress.map.title": {
        "vi": "Đang vẽ bản đồ…",
        "en": "Drawing the map…",
    },
    "progress.map.base": {
        "vi": "Khung bản đồ và ranh giới hành chính",
        "en": "Map frame and administrative boundaries",
    },
    "progress.map.industrial_areas": {
        "vi": "Khu, cụm công nghiệp",
        "en": "Industrial zones and clusters",
    },
    "progress.map.zones": {
        "vi": "Vùng trồng",
        "en": "Cultivation zones",
    },
    "progress.map.cold_stores": {
        "vi": "Kho lạnh",
        "en": "Cold stores",
    },
    "progress.map.plants": {
        "vi": "Cơ sở chế biến",
        "en": "Processing plants",
    },
    "progress.map.legend": {
        "vi": "Chú giải và bảng chọn lớp",
        "en": "Legend and layer control",
    },
    "progress.map.done": {
        "vi": "Đã vẽ bản đồ",
        "en": "Map drawn",
    },
    "progress.map.finished": {
        "vi": "Đã vẽ bản đồ: {zones} vùng trồng, {plants} cơ sở ({seconds} giây)",
        "en": "Map drawn: {zones} zones, {plants} plants ({seconds} s)",
    },
    # --- exporting a layer (fruitmap.files.export.export_layer)
    "progress.export.title": {
        "vi": "Đang xuất {rows} dòng của lớp «{layer}» ra {format}…",
        "en": "Exporting {rows} rows of “{layer}” as {format}…",
    },
    "progress.export.table": {
        "vi": "Chuyển lớp thành bảng: cột theo hợp đồng dữ liệu, hình học thành toạ độ/WKT",
        "en": "Turning the layer into a table: contract columns, geometry as coordinates/WKT",
    },
    "progress.export.cells": {
        "vi": "Chuẩn bị giá trị các ô (danh sách, Có/Không, số)",
        "en": "Preparing the cell values (lists, yes/no, numbers)",
    },
    "progress.export.rows": {
        "vi": "Ghi các dòng vào tệp",
        "en": "Writing the rows into the file",
    },
    "progress.export.done": {
        "vi": "Đã xuất",
        "en": "Exported",
    },
    "progress.export.prepare": {
        "vi": "Chuẩn bị tệp {format}",
        "en": "Prepare {format}",
    },
    "progress.export.prepare_help": {
        "vi": "Lớp lớn: tệp được tạo khi bạn yêu cầu (có thể mất vài giây), rồi nút tải hiện ra.",
        "en": "A large layer: the file is made when you ask (it may take seconds), then its "
              "download button shows.",
    },
    "progress.export.finished": {
        "vi": "Đã xuất {rows} dòng ra {format}: {size} ({seconds} giây)",
        "en": "Exported {rows} rows as {format}: {size} ({seconds} s)",
    },
    # --- the meeting pack (fruitmap.report.pack.build_report)
    "progress.pack.title": {
        "vi": "Đang tạo bộ tài liệu họp…",
        "en": "Building the meeting pack…",
    },
    "progress.pack.finished": {
        "vi": "Đã tạo bộ tài liệu họp {name} ({seconds} giây)",
        "en": "Meeting pack {name} built ({seconds} s)",
    },
    # --- refusals
    "error.export_too_many_rows": {
        "vi": "Lớp «{layer}» có {rows} dòng, nhiều hơn một trang tính Excel chứa được "
              "({limit} dòng dữ liệu). Hãy lọc bớt, hoặc xuất ra CSV, GeoPackage hay GeoJSON "
              "(không giới hạn số dòng).",
        "en": "The layer “{layer}” has {rows} rows, more than an Excel sheet can hold "
              "({limit} data rows). Filter it first, or export it as CSV, GeoPackage or "
              "GeoJSON (no row limit).",
    },
}

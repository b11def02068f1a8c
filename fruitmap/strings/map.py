"""Strings of the map builder, the filters and the map explorer page."""

STRINGS = {
    # Layer names in the layer control and the legend
    "map.layer.districts": {"vi": "Ranh giới huyện", "en": "District boundaries"},
    "map.layer.zones": {"vi": "Vùng trồng", "en": "Cultivation zones"},
    "map.layer.factories": {"vi": "Nhà máy chế biến", "en": "Processing factories"},
    "map.layer.facilities": {"vi": "Cơ sở chế biến", "en": "Processing facilities"},
    "map.layer.cold_stores": {"vi": "Kho lạnh", "en": "Cold stores"},
    "map.layer.industrial_areas": {"vi": "Khu/cụm công nghiệp", "en": "Industrial areas"},
    "map.basemap.osm": {"vi": "Bản đồ nền OpenStreetMap", "en": "OpenStreetMap background"},
    # Legend
    "map.legend.title": {"vi": "Chú giải", "en": "Legend"},
    "map.legend.crops": {"vi": "Vùng trồng theo loại cây", "en": "Zones by crop"},
    "map.legend.processing": {"vi": "Chế biến, kho lạnh, khu công nghiệp",
                              "en": "Processing, cold storage, industry"},
    "map.legend.status": {"vi": "Màu theo tình trạng", "en": "Colour by status"},
    "map.legend.size": {
        "vi": "Kích thước theo công suất/sức chứa",
        "en": "Size shows capacity",
    },
    "map.legend.district_boundary": {"vi": "Ranh giới huyện", "en": "District boundary"},
    "map.legend.no_data": {"vi": "Không có số liệu", "en": "No data"},
    # Tooltip lines
    "map.tip.area": {"vi": "{area} ha", "en": "{area} ha"},
    "map.tip.capacity_day": {"vi": "{capacity} tấn/ngày", "en": "{capacity} t/day"},
    "map.tip.capacity_t": {"vi": "Sức chứa {capacity} tấn", "en": "Capacity {capacity} t"},
    "map.tip.district": {"vi": "Địa bàn: {name}", "en": "District: {name}"},
    "map.yes": {"vi": "Có", "en": "Yes"},
    "map.no": {"vi": "Không", "en": "No"},
    "map.all_months": {"vi": "Cả năm", "en": "All year"},
    # Explorer page
    "explorer.title": {"vi": "Bản đồ vùng trồng và chế biến", "en": "Map of fruit zones and processing"},
    "explorer.intro": {
        "vi": "Chọn bộ lọc ở thanh bên để xem vùng trồng, cơ sở chế biến, kho lạnh và khu công "
              "nghiệp. Bấm vào một đối tượng trên bản đồ để xem chi tiết; bật/tắt lớp ở góc trên "
              "bên phải bản đồ.",
        "en": "Use the filters in the sidebar to choose which zones, processing plants, cold "
              "stores and industrial areas to show. Click a feature on the map for its details; "
              "switch layers on and off at the top right of the map.",
    },
    "explorer.filters": {"vi": "Bộ lọc bản đồ", "en": "Map filters"},
    "explorer.search": {"vi": "Tìm theo tên", "en": "Search by name"},
    "explorer.search_help": {
        "vi": "Gõ có dấu hoặc không dấu, ví dụ «moc chau» tìm được «Mộc Châu».",
        "en": "Accents and case do not matter: “moc chau” finds “Mộc Châu”.",
    },
    "explorer.crops": {"vi": "Loại cây", "en": "Crop"},
    "explorer.districts": {"vi": "Huyện/thành phố", "en": "District"},
    "explorer.certifications": {"vi": "Chứng nhận (vùng trồng)", "en": "Certification (zones)"},
    "explorer.statuses": {"vi": "Tình trạng (cơ sở, kho, khu CN)", "en": "Status (plants, stores, areas)"},
    "explorer.capacity": {"vi": "Công suất chế biến (tấn/ngày)", "en": "Processing capacity (t/day)"},
    "explorer.basemap": {"vi": "Bản đồ nền", "en": "Background map"},
    "explorer.basemap.none": {"vi": "Không (chỉ ranh giới, dùng được khi mất mạng)",
                              "en": "None (boundaries only, works offline)"},
    "explorer.basemap.osm": {"vi": "OpenStreetMap (cần Internet)", "en": "OpenStreetMap (needs internet)"},
    "explorer.placeholder_all": {"vi": "Tất cả", "en": "All"},
    "explorer.reset": {"vi": "Bỏ mọi bộ lọc", "en": "Clear all filters"},
    "explorer.empty": {
        "vi": "Không có đối tượng nào khớp với bộ lọc. Hãy bỏ bớt điều kiện lọc hoặc đổi từ khoá "
              "tìm kiếm.",
        "en": "Nothing matches these filters. Remove some conditions or change the search words.",
    },
    "explorer.count.zones": {"vi": "Vùng trồng", "en": "Zones"},
    "explorer.count.zones_help": {"vi": "{area} ha", "en": "{area} ha"},
    "explorer.count.plants": {"vi": "Cơ sở chế biến", "en": "Processing plants"},
    "explorer.count.plants_help": {"vi": "trong đó {factories} nhà máy; {capacity} tấn/ngày",
                                   "en": "of which {factories} factories; {capacity} t/day"},
    "explorer.count.cold_stores": {"vi": "Kho lạnh", "en": "Cold stores"},
    "explorer.count.cold_stores_help": {"vi": "{capacity} tấn", "en": "{capacity} t"},
    "explorer.count.industrial_areas": {"vi": "Khu/cụm công nghiệp", "en": "Industrial areas"},
    "map.attribution_short": {
        "vi": "Ranh giới: © Open Development Vietnam, CC BY-SA 4.0; geoBoundaries, CC BY 3.0 IGO",
        "en": "Boundaries: © Open Development Vietnam, CC BY-SA 4.0; geoBoundaries, CC BY 3.0 IGO",
    },
}

"""Strings of the zone summary drawn at low zoom on very large maps (fruitmap.maps.summary)."""

STRINGS = {
    "map.summary.title": {"vi": "{zones} vùng trồng trong ô này",
                          "en": "{zones} zones in this cell"},
    "map.summary.area": {"vi": "Tổng diện tích {area} ha", "en": "Total area {area} ha"},
    "map.summary.main": {"vi": "Chủ yếu: {crop} ({area} ha)",
                         "en": "Mostly {crop} ({area} ha)"},
    "map.summary.sub": {"vi": "Ô lục giác khoảng {km} km", "en": "Hexagon of about {km} km"},
    "map.summary.zoom": {"vi": "Phóng to để xem từng vùng trồng",
                         "en": "Zoom in to see each zone"},
    "map.summary.zones": {"vi": "Số vùng trồng", "en": "Zones"},
    "map.summary.area_label": {"vi": "Diện tích (ha)", "en": "Area (ha)"},
    "map.summary.main_label": {"vi": "Cây chủ yếu", "en": "Main crop"},
    "map.summary.crops": {"vi": "Số loại cây", "en": "Crops"},
    "map.summary.legend": {
        "vi": "Khi thu nhỏ, mỗi ô lục giác (~{km} km) gộp các vùng trồng: màu theo cây chủ "
              "yếu, càng đậm càng nhiều vùng. Phóng to để xem từng vùng.",
        "en": "Zoomed out, each hexagon (~{km} km) groups the zones: coloured by the main "
              "crop, darker where there are more. Zoom in to see each zone.",
    },
}

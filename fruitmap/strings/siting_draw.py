"""Strings of the siting page's drawn candidate points, size options and budget."""

STRINGS = {
    "error.siting_bad_sizes": {
        "vi": "Không đọc được cỡ công suất «{value}»: hãy viết các số lớn hơn 0, cách nhau "
              "bằng dấu chấm phẩy, ví dụ 20; 30; 50.",
        "en": "Cannot read the size “{value}”: write numbers above 0 separated by semicolons, "
              "for example 20; 30; 50.",
    },
    "error.siting_bad_costs": {
        "vi": "Không đọc được chi phí «{value}»: hãy viết mỗi cỡ một chi phí (số không âm), "
              "cách nhau bằng dấu chấm phẩy, ví dụ 40; 55; 80.",
        "en": "Cannot read the cost “{value}”: write one cost (a number, not negative) per "
              "size, separated by semicolons, for example 40; 55; 80.",
    },
    "error.siting_costs_count": {
        "vi": "Có {sizes} cỡ công suất nhưng {costs} chi phí: cần đúng một chi phí cho mỗi cỡ, "
              "theo cùng thứ tự.",
        "en": "There are {sizes} sizes but {costs} costs: give exactly one cost per size, in "
              "the same order.",
    },
    "siting.capacity.help": {
        "vi": "Có thể nhập nhiều cỡ, cách nhau bằng dấu chấm phẩy (ví dụ 20; 30; 50): mỗi "
              "địa điểm được chọn nhận một cỡ.",
        "en": "Several sizes may be typed, separated by semicolons (for example 20; 30; 50): "
              "each chosen site gets one of them.",
    },
    "siting.limit": {"vi": "Giới hạn theo", "en": "Limit by"},
    "siting.limit.count": {"vi": "Số địa điểm", "en": "Number of sites"},
    "siting.limit.budget": {"vi": "Ngân sách", "en": "Budget"},
    "siting.costs": {"vi": "Chi phí mỗi cỡ (triệu đồng; cùng thứ tự, cách nhau bằng ;)",
                     "en": "Cost of each size (million VND; same order, separated by ;)"},
    "siting.budget": {"vi": "Tổng ngân sách (triệu đồng)", "en": "Total budget (million VND)"},
    "siting.budget.used": {
        "vi": "Tổng chi phí các cỡ được chọn: {cost} triệu đồng, trong ngân sách {budget} "
              "triệu đồng.",
        "en": "Total cost of the chosen sizes: {cost} million VND, within the budget of "
              "{budget} million VND.",
    },
    "siting.source.drawn": {"vi": "Điểm tôi vẽ trên bản đồ", "en": "Points I draw on the map"},
    "siting.drawn.title": {"vi": "Điểm ứng viên vẽ trên bản đồ",
                           "en": "Candidate points drawn on the map"},
    "siting.drawn.name": {"vi": "Điểm vẽ {k}", "en": "Drawn point {k}"},
    "siting.drawn.click": {"vi": "Bấm lên bản đồ để thêm một địa điểm ứng viên.",
                           "en": "Click the map to add a candidate site."},
    "siting.drawn.none": {"vi": "Chưa vẽ điểm nào: bấm lên bản đồ để thêm.",
                          "en": "No point drawn yet: click the map to add one."},
    "siting.drawn.pick": {"vi": "Điểm cần bỏ", "en": "Point to remove"},
    "siting.drawn.remove": {"vi": "Bỏ điểm này", "en": "Remove this point"},
    "siting.drawn.clear": {"vi": "Xoá hết điểm vẽ", "en": "Clear all drawn points"},
}

"""Strings of saved scenarios, their page and their comparison with the data."""

STRINGS = {
    "history.table.scenarios": {"vi": "Kịch bản", "en": "Scenarios"},
    "scenario.cli.applied": {"vi": "Kịch bản «{name}» ({n} thay đổi) được áp dụng; dữ liệu gốc "
                                   "không thay đổi.",
                             "en": "Scenario “{name}” ({n} changes) applied; the data itself is "
                                   "unchanged."},
    # --- comparison sentence ---------------------------------------------------------------
    "compare.lead.new_plant_at": {"vi": "Với nhà máy mới ở {unit}",
                                  "en": "With the new plant in {unit}"},
    "compare.lead.new_plant": {"vi": "Với nhà máy mới", "en": "With the new plant"},
    "compare.lead.new_store_at": {"vi": "Với kho lạnh mới ở {unit}",
                                  "en": "With the new cold store in {unit}"},
    "compare.lead.new_store": {"vi": "Với kho lạnh mới", "en": "With the new cold store"},
    "compare.lead.scenario": {"vi": "Với kịch bản «{name}»", "en": "With the scenario “{name}”"},
    "compare.sentence.down": {
        "vi": "{lead}, lượng {crop} dư {month} giảm từ {before} tấn xuống {after} tấn.",
        "en": "{lead}, the {crop} surplus in {month} falls from {before} t to {after} t."},
    "compare.sentence.up": {
        "vi": "{lead}, lượng {crop} dư {month} tăng từ {before} tấn lên {after} tấn.",
        "en": "{lead}, the {crop} surplus in {month} rises from {before} t to {after} t."},
    "compare.sentence.year_down": {
        "vi": "Cả năm, lượng quả dư giảm {change} tấn (từ {before} xuống {after} tấn).",
        "en": "Over the year, surplus fruit falls by {change} t (from {before} to {after} t)."},
    "compare.sentence.year_up": {
        "vi": "Cả năm, lượng quả dư tăng {change} tấn (từ {before} lên {after} tấn).",
        "en": "Over the year, surplus fruit rises by {change} t (from {before} to {after} t)."},
    "compare.sentence.none": {
        "vi": "{lead}, lượng quả dư không thay đổi (chênh lệch dưới nửa tấn mỗi tháng).",
        "en": "{lead}, the surplus does not change (less than half a tonne in any month)."},
    # --- errors ------------------------------------------------------------------------
    "error.scenario_change": {
        "vi": "Thay đổi thứ {n} ({op}) của kịch bản không hợp lệ: trường «{field}» = «{value}»; "
              "cần {expected}.",
        "en": "Change {n} ({op}) of the scenario was refused: field “{field}” = “{value}”; "
              "expected {expected}.",
    },
    "error.scenario_missing": {
        "vi": "Không có kịch bản nào tên «{value}». Các kịch bản đã lưu: {names}.",
        "en": "There is no scenario called “{value}”. Saved scenarios: {names}.",
    },
    "error.scenario_unreadable": {
        "vi": "Không đọc được các thay đổi của kịch bản «{value}» (bảng scenarios, cột changes "
              "cần một danh sách JSON).",
        "en": "The changes of scenario “{value}” cannot be read (table scenarios, column "
              "changes must hold a JSON list).",
    },
    "error.scenario_name_empty": {"vi": "Hãy đặt tên cho kịch bản trước khi lưu.",
                                  "en": "Give the scenario a name before saving it."},
    "error.scenario_name_long": {"vi": "Tên kịch bản dài quá {limit} ký tự: «{value}».",
                                 "en": "The scenario name is longer than {limit} characters: "
                                       "“{value}”."},
    "error.scenario_name_taken": {"vi": "Đã có một kịch bản tên «{value}».",
                                  "en": "There is already a scenario called “{value}”."},
    "scenario.expect.number": {"vi": "một số", "en": "a number"},
    "scenario.expect.number_min": {"vi": "một số ≥ {low}", "en": "a number ≥ {low}"},
    "scenario.expect.number_range": {"vi": "một số từ {low} đến {high}",
                                     "en": "a number from {low} to {high}"},
    "scenario.expect.one_of": {"vi": "một trong: {values}", "en": "one of: {values}"},
    "scenario.expect.name": {"vi": "một tên không để trống", "en": "a name that is not empty"},
    "scenario.expect.text": {"vi": "một đoạn chữ", "en": "a text"},
    "scenario.expect.crops": {"vi": "danh sách loại quả (ít nhất một) trong: {values}",
                              "en": "a list of at least one crop among: {values}"},
    "scenario.expect.months": {"vi": "danh sách tháng (ít nhất một) từ 1 đến 12",
                               "en": "a list of at least one month from 1 to 12"},
    "scenario.expect.mapping": {"vi": "các cặp cột → giá trị", "en": "pairs of column → value"},
    "scenario.expect.change": {"vi": "một thay đổi có khoá op", "en": "a change with the key op"},
    "scenario.expect.id": {"vi": "mã của một cơ sở", "en": "the ID of a facility"},
    "scenario.expect.required": {"vi": "một giá trị (bắt buộc với cơ sở mới)",
                                 "en": "a value (required for a new facility)"},
    "scenario.expect.one_amount": {
        "vi": "đúng một trong area_pct (diện tích %), area_ha (diện tích ha), yield_pct "
              "(năng suất %)",
        "en": "exactly one of area_pct (area %), area_ha (area ha), yield_pct (yield %)"},
    "scenario.expect.bool": {"vi": "đúng hoặc sai", "en": "true or false"},
    "scenario.expect.known_id": {"vi": "một mã có trong lớp dữ liệu ({rows} dòng)",
                                 "en": "an ID the layer holds ({rows} rows)"},
    "scenario.expect.free_id": {"vi": "một mã chưa có trong lớp dữ liệu",
                                "en": "an ID the layer does not hold yet"},
    "scenario.expect.zones": {"vi": "có vùng trồng loại quả này ở đơn vị đã chọn",
                              "en": "zones of this crop in the chosen unit"},
    "scenario.expect.zones_off": {"vi": "có vùng trồng trái vụ loại quả này ở đơn vị đã chọn",
                                  "en": "off-season zones of this crop in the chosen unit"},
    "scenario.expect.unit": {"vi": "mã một đơn vị hành chính có trong dữ liệu",
                             "en": "the code of an admin unit in the data"},
    "scenario.expect.area_min": {"vi": "mức giảm không quá {total} ha (diện tích các vùng bị "
                                       "thay đổi)",
                                 "en": "a decrease of at most {total} ha (the area of the zones "
                                       "changed)"},
    "scenario.expect.list": {"vi": "một danh sách thay đổi", "en": "a list of changes"},
    "scenario.expect.at_most": {"vi": "tối đa {limit} thay đổi", "en": "at most {limit} changes"},
}

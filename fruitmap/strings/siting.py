"""Strings of siting: where the next plants and cold stores should go (library, command, page)."""

STRINGS = {
    # Errors (InputError codes raised by fruitmap.planning)
    "error.siting_bad_param": {
        "vi": "Tham số chọn địa điểm «{name}» = «{value}» không hợp lệ; giá trị cho phép: "
              "{expected}.",
        "en": "Siting parameter “{name}” = “{value}” is not valid; expected {expected}.",
    },
    "error.siting_no_candidates": {
        "vi": "Không có địa điểm ứng viên nào có vị trí: hãy thêm khu/cụm công nghiệp, chọn "
              "tệp điểm, cơ sở hiện có hoặc lưới điểm.",
        "en": "There is no candidate site with a location: add industrial areas, or choose a "
              "file of points, the existing plants or a grid.",
    },
    "error.siting_bad_candidates": {
        "vi": "Tệp địa điểm ứng viên «{file}» không dùng được (cần mã, tên và vị trí của "
              "từng điểm):",
        "en": "The candidate-site file “{file}” cannot be used (each point needs an id, a "
              "name and a location):",
    },
    # Command line
    "site.kind.plant": {"vi": "nhà máy chế biến", "en": "processing plant"},
    "site.kind.cold_store": {"vi": "kho lạnh", "en": "cold store"},
    "site.cli_summary": {
        "vi": "Đã chọn {n} địa điểm cho {kind} mới trong {candidates} ứng viên.",
        "en": "Chose {n} sites for a new {kind} among {candidates} candidates.",
    },
    "site.cli_surplus": {
        "vi": "Lượng dư cả năm: trước {before} t, sau {after} t (giảm {cut} t).",
        "en": "Yearly surplus: before {before} t, after {after} t (cut by {cut} t).",
    },
    "site.cli_gap": {
        "vi": "Khoảng cách tối ưu của bài toán (MIP gap): {gap} %.",
        "en": "Optimality gap of the program (MIP gap): {gap} %.",
    },
    "site.cli_curve": {
        "vi": "Lượng dư cả năm theo số địa điểm N:",
        "en": "Yearly surplus against the number of sites N:",
    },
    "site.cli_written": {
        "vi": "Đã ghi {rows} địa điểm vào {path}.",
        "en": "Wrote {rows} sites to {path}.",
    },
}

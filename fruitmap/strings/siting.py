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

STRINGS.update({
    # Page
    "nav.siting": {"vi": "Chọn địa điểm", "en": "Siting"},
    "siting.title": {"vi": "Nên đặt nhà máy, kho lạnh mới ở đâu?",
                     "en": "Where should the next plants and cold stores go?"},
    "siting.intro": {
        "vi": "Chọn tối đa N địa điểm để lượng quả được tiêu thụ (bán tươi hoặc chế biến) "
              "trong cả năm là lớn nhất, theo đúng phép cân đối cung – tiêu thụ (cự ly, "
              "công suất theo tháng, kho lạnh). Lời giải là tối ưu của một bài toán quy "
              "hoạch nguyên, không phải chọn lần lượt từng nơi.",
        "en": "Choose at most N sites so that the most fruit is used over the year (sold "
              "fresh or processed), by the supply–capacity balance itself (haul, monthly "
              "capacity, cold storage). The answer is the optimum of a mixed-integer "
              "program, not a one-at-a-time choice.",
    },
    "siting.kind": {"vi": "Loại cơ sở", "en": "Kind of facility"},
    "siting.count": {"vi": "Số địa điểm tối đa (N)", "en": "Largest number of sites (N)"},
    "siting.capacity.plant": {"vi": "Các cỡ công suất nhà máy (tấn/ngày)",
                              "en": "Plant sizes (t/day)"},
    "siting.capacity.cold_store": {"vi": "Các cỡ sức chứa kho lạnh (tấn)",
                                   "en": "Cold store sizes (t)"},
    "siting.crops": {"vi": "Loại quả nhà máy mới nhận", "en": "Crops a new plant accepts"},
    "siting.crops.help": {"vi": "Mặc định: mọi loại quả đang trồng. Kho lạnh mới nhận mọi "
                                "loại quả.",
                          "en": "Default: every crop grown. A new cold store accepts every "
                                "crop."},
    "siting.sources": {"vi": "Địa điểm ứng viên", "en": "Candidate sites"},
    "siting.source.industrial_areas": {"vi": "Khu/cụm công nghiệp",
                                       "en": "Industrial areas"},
    "siting.source.plants": {"vi": "Cơ sở hiện có (mở rộng)",
                             "en": "Existing plants (expand)"},
    "siting.source.grid": {"vi": "Lưới điểm đều trong tỉnh",
                           "en": "Regular grid inside the province"},
    "siting.source.file": {"vi": "Tệp điểm của tôi", "en": "My file of points"},
    "siting.grid_km": {"vi": "Khoảng cách lưới (km)", "en": "Grid spacing (km)"},
    "siting.file": {"vi": "Tệp điểm (mã, tên, toạ độ; Excel, CSV, GeoJSON, KML/KMZ…)",
                    "en": "File of points (id, name, coordinates; Excel, CSV, GeoJSON, "
                          "KML/KMZ…)"},
    "siting.n_candidates": {"vi": "{n} địa điểm ứng viên.", "en": "{n} candidate sites."},
    "siting.run": {"vi": "Tìm địa điểm tốt nhất", "en": "Find the best sites"},
    "siting.status.running": {"vi": "Đang tìm địa điểm…", "en": "Finding sites…"},
    "progress.siting.network": {"vi": "Dựng mạng lưới cân đối với các địa điểm ứng viên",
                                "en": "Building the balance network with the candidates"},
    "progress.siting.solve": {"vi": "Giải bài toán quy hoạch nguyên (mỗi N một lần)",
                              "en": "Solving the mixed-integer program (once per N)"},
    "progress.siting.check": {"vi": "Kiểm tra lại các địa điểm bằng phép cân đối",
                              "en": "Re-checking the sites with the balance"},
    "progress.siting.done": {"vi": "Xong", "en": "Done"},
    "siting.status.done": {"vi": "Xong sau {s} giây.", "en": "Done in {s} s."},
    "siting.no_file": {"vi": "Hãy chọn một tệp điểm, hoặc bỏ chọn «Tệp điểm của tôi».",
                       "en": "Choose a file of points, or untick “My file of points”."},
    "siting.empty": {"vi": "Chọn các thông số rồi bấm «Tìm địa điểm tốt nhất».",
                     "en": "Choose the options, then press “Find the best sites”."},
    "siting.stale": {"vi": "Kết quả dưới đây ứng với các lựa chọn trước; bấm lại để tính "
                           "theo lựa chọn mới.",
                     "en": "The result below is for earlier choices; press the button again "
                           "for the new ones."},
    "siting.metric.before": {"vi": "Lượng dư cả năm hiện nay", "en": "Yearly surplus today"},
    "siting.metric.after": {"vi": "Lượng dư với {n} địa điểm mới",
                            "en": "Yearly surplus with {n} new sites"},
    "siting.metric.cut": {"vi": "Giảm", "en": "Cut by"},
    "siting.metric.gap": {"vi": "Khoảng cách tối ưu (MIP gap)", "en": "Optimality gap (MIP)"},
    "siting.sentence": {
        "vi": "Với {n} {kind} mới tại {places}, lượng quả dư cả năm giảm từ {before} tấn "
              "xuống {after} tấn.",
        "en": "With {n} new {kind} at {places}, the yearly surplus falls from {before} t to "
              "{after} t.",
    },
    "siting.none_helps": {
        "vi": "Không địa điểm ứng viên nào giảm được lượng dư với các thông số này.",
        "en": "No candidate site cuts the surplus with these options.",
    },
    "siting.kind_plural.plant": {"vi": "nhà máy", "en": "plants"},
    "siting.kind_plural.cold_store": {"vi": "kho lạnh", "en": "cold stores"},
    "siting.section.map": {"vi": "Địa điểm được chọn", "en": "Chosen sites"},
    "siting.section.table": {"vi": "Mỗi địa điểm tiếp nhận bao nhiêu",
                             "en": "What each site would take"},
    "siting.table.caption": {
        "vi": "«Thêm được dùng»: số tấn quả được tiêu thụ khi có địa điểm này trừ khi không "
              "có nó (các địa điểm được chọn khác vẫn giữ nguyên). Vì vậy cộng các dòng không "
              "nhất thiết bằng tổng lượng dư giảm: khi thiếu một địa điểm, các địa điểm khác "
              "nhận thay một phần quả của nó.",
        "en": "“Extra used”: tonnes used with the site minus without it (every other chosen "
              "site kept). So the rows need not add up to the total cut: without one site, "
              "the others take part of its fruit.",
    },
    "siting.col.site_id": {"vi": "Mã", "en": "ID"},
    "siting.col.name": {"vi": "Địa điểm", "en": "Site"},
    "siting.col.source": {"vi": "Nguồn ứng viên", "en": "Candidate source"},
    "siting.col.lon": {"vi": "Kinh độ", "en": "Longitude"},
    "siting.col.lat": {"vi": "Vĩ độ", "en": "Latitude"},
    "siting.col.capacity": {"vi": "Công suất", "en": "Capacity"},
    "siting.col.used_gain_t": {"vi": "Thêm được dùng (tấn/năm)",
                               "en": "Extra used (t/year)"},
    "siting.section.curve": {"vi": "Lượng dư theo số địa điểm",
                             "en": "Surplus against the number of sites"},
    "siting.curve.title": {"vi": "Lượng quả dư cả năm theo số địa điểm mới",
                           "en": "Yearly surplus against the number of new sites"},
    "siting.curve.x": {"vi": "Số địa điểm mới (N)", "en": "New sites (N)"},
    "siting.curve.y": {"vi": "Lượng dư (tấn/năm)", "en": "Surplus (t/year)"},
    "siting.curve.hover": {"vi": "N = %{x}: %{y:,.0f} tấn", "en": "N = %{x}: %{y:,.0f} t"},
    "siting.curve.caption": {
        "vi": "Mỗi điểm là lời giải tối ưu riêng cho N đó (không phải cộng dồn): nơi đường "
              "cong nằm ngang là lúc thêm địa điểm không còn giảm được lượng dư.",
        "en": "Each point is the optimum for that N on its own (not built up one by one): "
              "where the curve flattens, one more site stops paying off.",
    },
    "siting.map.candidates": {"vi": "Địa điểm ứng viên", "en": "Candidate sites"},
    "siting.map.candidate": {"vi": "Ứng viên", "en": "Candidate"},
    "siting.map.chosen": {"vi": "Địa điểm được chọn", "en": "Chosen sites"},
    "siting.map.tip": {"vi": "#{rank} {name}: {capacity}, thêm {gain} tấn/năm được dùng",
                       "en": "#{rank} {name}: {capacity}, {gain} t/year more used"},
    "siting.unit.t_day": {"vi": "t/ngày", "en": "t/day"},
    "siting.exact": {
        "vi": "Bài toán giải trên từng vùng trồng và từng cơ sở; MIP gap {gap} % "
              "(0 % là tối ưu đã chứng minh).",
        "en": "Solved zone by zone and facility by facility; MIP gap {gap} % (0 % is a "
              "proven optimum).",
    },
    "siting.aggregated": {
        "vi": "Dữ liệu lớn: bài toán giải trên các nhóm vùng trồng ô {cell} km; khoảng cách "
              "tối ưu {gap} % gồm cả sai số gộp nhóm; các địa điểm được kiểm tra lại bằng "
              "phép cân đối.",
        "en": "Large data: solved on groups of zones in {cell} km cells; the gap {gap} % "
              "includes the grouping; the sites were re-checked by the balance.",
    },
    "siting.save.title": {"vi": "Lưu thành kịch bản", "en": "Save as a scenario"},
    "siting.save.name": {"vi": "Tên kịch bản", "en": "Scenario name"},
    "siting.save.description": {"vi": "Mô tả", "en": "Description"},
    "siting.save.user": {"vi": "Người lưu", "en": "Saved by"},
    "siting.save.button": {"vi": "Lưu kịch bản", "en": "Save the scenario"},
    "siting.save.default_name": {"vi": "{n} {kind} mới (chọn địa điểm)",
                                 "en": "{n} new {kind} (siting)"},
    "siting.save.done": {"vi": "Đã lưu kịch bản «{name}».", "en": "Saved scenario “{name}”."},
    "siting.save.need_name": {"vi": "Hãy đặt tên cho kịch bản.",
                              "en": "Give the scenario a name."},
})

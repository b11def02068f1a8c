"""Strings of the gap page, the targets page, their tables and the gap map."""

STRINGS = {
    "nav.gap": {"vi": "Cân đối cung – tiêu thụ", "en": "Supply–capacity gap"},
    "nav.targets": {"vi": "Tiến độ chỉ tiêu", "en": "Targets"},
    # Sidebar parameters (shared by both pages: the processed share comes from the balance)
    "gap.params.title": {"vi": "Tham số tính cân đối", "en": "Balance parameters"},
    "gap.params.max_haul_km": {"vi": "Cự ly vận chuyển tối đa (km đường bộ)",
                               "en": "Longest haul (road km)"},
    "gap.params.max_haul_km_help": {
        "vi": "Vùng trồng chỉ bán được cho cơ sở chế biến hoặc kho lạnh cách xa không quá cự "
              "ly này.",
        "en": "A zone can only send fruit to plants and cold stores at most this far by road.",
    },
    "gap.params.circuity": {"vi": "Hệ số đường vòng", "en": "Circuity (road ÷ straight line)"},
    "gap.params.circuity_help": {
        "vi": "Quãng đường bộ thực tế chia cho khoảng cách đường chim bay; vùng núi thường "
              "1,3–1,6.",
        "en": "Road distance divided by straight-line distance; 1.3–1.6 in the mountains.",
    },
    "gap.params.operating_days": {"vi": "Số ngày chạy máy mỗi tháng",
                                  "en": "Operating days a month"},
    "gap.params.include_planned": {
        "vi": "Tính cả cơ sở đang xây dựng và theo quy hoạch",
        "en": "Include plants under construction and planned",
    },
    "gap.params.include_planned_help": {
        "vi": "Kịch bản: nếu các cơ sở này đã hoạt động thì còn dư bao nhiêu?",
        "en": "Scenario: how much surplus would remain if these plants were running?",
    },
    "gap.computing": {"vi": "Đang tính cân đối cung – tiêu thụ…",
                      "en": "Computing the supply–capacity balance…"},
    # Gap page
    "gap.title": {"vi": "Cân đối cung – tiêu thụ: tháng nào, ở đâu quả bị dư",
                  "en": "The gap: when and where fruit outruns demand"},
    "gap.intro": {
        "vi": "Mỗi tháng, sản lượng quả được phân bổ tốt nhất có thể cho thị trường tươi, cơ sở "
              "chế biến và kho lạnh trong tầm vận chuyển. Phần còn lại là lượng dư thừa – quả "
              "không nơi nào tiêu thụ được.",
        "en": "Each month the harvest is allocated as well as possible to the fresh market and "
              "to the plants and cold stores within reach. What is left is the surplus: fruit "
              "that nothing can absorb.",
    },
    "gap.empty": {
        "vi": "Dữ liệu chưa có vùng trồng nào có sản lượng, nên chưa tính được cân đối. Hãy "
              "nhập lớp vùng trồng ở trang Quản lý dữ liệu.",
        "en": "The workspace has no cultivation zone with output yet, so there is no balance "
              "to show. Import the zones layer on the Data management page.",
    },
    "gap.crop": {"vi": "Cây trồng", "en": "Crop"},
    "gap.month": {"vi": "Tháng", "en": "Month"},
    "gap.story.sentence": {
        "vi": "{month}, {unit} sẽ có khoảng {tonnes} tấn {crop} không nơi nào tiêu thụ được.",
        "en": "In {month}, {unit} will have about {tonnes} t of {crop} that nothing can absorb.",
    },
    "gap.story.none": {
        "vi": "Với các tham số này, {crop} được tiêu thụ hết quanh năm: không tháng nào dư.",
        "en": "With these parameters all the {crop} finds a buyer: no month has a surplus.",
    },
    "gap.story.context": {
        "vi": "Trong {month}, toàn tỉnh dư khoảng {month_t} tấn {crop}; cả năm khoảng {year_t} "
              "tấn ({share} % sản lượng).",
        "en": "Province-wide about {month_t} t of {crop} is left over in {month}; about "
              "{year_t} t over the year ({share} % of the harvest).",
    },
    "gap.source": {
        "vi": "Nguồn số liệu: tính bằng mô-đun cân đối của fruitmap từ dữ liệu «{path}» với "
              "tham số: cự ly tối đa {km} km, hệ số đường vòng {circuity}, {days} ngày/tháng, "
              "cơ sở tính: {statuses}.",
        "en": "Source: computed by fruitmap's balance from the workspace “{path}” with the "
              "parameters: longest haul {km} km, circuity {circuity}, {days} days a month, "
              "plants counted: {statuses}.",
    },
    "gap.metric.year_surplus": {"vi": "{crop} dư thừa cả năm", "en": "{crop} surplus over the year"},
    "gap.metric.share": {"vi": "Tỷ lệ dư so với sản lượng", "en": "Share of the harvest"},
    "gap.metric.peak": {"vi": "Tháng dư nhiều nhất", "en": "Month with most surplus"},
    "gap.metric.processed": {"vi": "Tỷ lệ {crop} được chế biến", "en": "Share of {crop} processed"},
    "gap.metric.none": {"vi": "Không có", "en": "None"},
    "gap.section.calendar": {"vi": "Lịch dư thừa theo cây trồng và tháng",
                             "en": "Glut calendar: surplus by crop and month"},
    "gap.measure": {"vi": "Hiển thị", "en": "Show"},
    "gap.measure.tonnes": {"vi": "Tấn dư thừa", "en": "Surplus tonnes"},
    "gap.measure.share": {"vi": "% lượng quả có trong tháng", "en": "% of the fruit available"},
    "gap.calendar.caption": {
        "vi": "Ô càng đậm, quả dư càng nhiều. Ô trống: tháng đó không dư.",
        "en": "The darker the cell, the more fruit is left over. Blank: no surplus that month.",
    },
    "gap.section.crop": {"vi": "{crop}: sản lượng và nơi tiêu thụ theo tháng",
                         "en": "{crop}: harvest and where it goes, by month"},
    "gap.crop.caption": {
        "vi": "Cột chồng: bán tươi, chế biến, vào kho lạnh và phần dư. Đường nét đứt: lượng tối "
              "đa thị trường tươi và các cơ sở nhận {crop} có thể tiêu thụ nếu dành hết công "
              "suất cho loại quả này.",
        "en": "Stacked bars: sold fresh, processed, stored and left over. Dashed line: the most "
              "the fresh market and the plants accepting {crop} could take if they gave it all "
              "their capacity.",
    },
    "gap.section.map": {"vi": "Dư thừa theo địa bàn", "en": "Surplus by district"},
    "gap.map.caption": {
        "vi": "Bản đồ tương tác: huyện tô màu theo lượng dư; chấm đỏ là vùng trồng còn quả không "
              "bán được (to theo số tấn), chấm tím là vùng không có cơ sở chế biến hay kho lạnh "
              "nào nhận {crop} trong phạm vi {km} km. Di chuột lên chấm để xem chi tiết.",
        "en": "Interactive map: districts shaded by surplus; red dots are zones left with fruit "
              "(sized by tonnes), purple dots are zones with no plant or cold store accepting "
              "{crop} within {km} km. Hover over a dot for details.",
    },
    "gap.zones.title": {"vi": "Vùng trồng còn quả không nơi tiêu thụ ({month})",
                        "en": "Zones left with fruit nobody takes ({month})"},
    "gap.zones.none": {"vi": "Tháng này không vùng trồng nào bị dư {crop}.",
                       "en": "No zone is left with {crop} this month."},
    "gap.zones.count": {
        "vi": "{n} vùng trồng còn tổng cộng {tonnes} tấn quả không nơi tiêu thụ; trong đó "
              "{isolated} vùng không có cơ sở chế biến hay kho lạnh nào trong tầm.",
        "en": "Zones left with fruit: {n}, holding {tonnes} t in all; of these, {isolated} "
              "have no plant or cold store within reach.",
    },
    "gap.zones.count_all_reach": {
        "vi": "{n} vùng trồng còn tổng cộng {tonnes} tấn quả không nơi tiêu thụ. Vùng nào cũng "
              "có cơ sở chế biến hoặc kho lạnh trong tầm, nhưng các cơ sở đó đã chạy hết công "
              "suất: cái thiếu là công suất, không phải cự ly.",
        "en": "Zones left with fruit: {n}, holding {tonnes} t in all. Each has a plant or cold "
              "store within reach, but those are full: what is missing is capacity, not reach.",
    },
    "gap.section.plants": {"vi": "Mức sử dụng công suất cơ sở chế biến",
                           "en": "How busy the processing plants are"},
    "gap.plants.summary": {
        "vi": "{n} cơ sở được tính: {idle} cơ sở gần như không chạy (≤ 2 % công suất) cả năm; "
              "{full} cơ sở chạy hết công suất (≥ 98 %) ít nhất một tháng.",
        "en": "{n} plants counted: {idle} sit idle (≤ 2 % of capacity) all year; {full} run "
              "full (≥ 98 %) in at least one month.",
    },
    "gap.plants.all_full": {
        "vi": "Cả {n} cơ sở được tính đều chạy hết công suất (≥ 98 %) ít nhất một tháng trong "
              "mùa vụ; không cơ sở nào để không suốt năm.",
        "en": "All {n} plants counted run full (≥ 98 %) in at least one month of the season; "
              "none sits idle all year.",
    },
    "gap.plants.caption": {
        "vi": "Ô đỏ: cơ sở chạy hết công suất trong tháng; ô nhạt: cơ sở để không; ô trống: "
              "tháng cơ sở không hoạt động. Bảng dưới liệt kê mọi cơ sở, cơ sở ít việc nhất "
              "lên đầu.",
        "en": "Red cells: the plant runs full that month; pale cells: it sits idle; blank: it "
              "does not operate. The table lists every plant, the least busy first.",
    },
    "gap.no_plants": {"vi": "Không có cơ sở chế biến nào được tính với các tham số này.",
                      "en": "No processing plant counts with these parameters."},
    "gap.download.csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "gap.download.xlsx": {"vi": "Tải Excel (XLSX)", "en": "Download Excel (XLSX)"},
    "gap.table.show": {"vi": "Xem bảng số liệu", "en": "Show the table"},
    "gap.table.glut": {"vi": "lich-du-thua", "en": "glut-calendar"},
    "gap.table.crop": {"vi": "can-doi-theo-thang", "en": "crop-balance"},
    "gap.table.districts": {"vi": "du-thua-theo-dia-ban", "en": "surplus-by-district"},
    "gap.table.zones": {"vi": "vung-trong-du-thua", "en": "zones-with-surplus"},
    "gap.table.plants": {"vi": "cong-suat-co-so", "en": "plant-utilisation"},
    "gap.table.targets": {"vi": "tien-do-chi-tieu", "en": "targets-progress"},
    "gap.status.operating": {"vi": "đang hoạt động", "en": "operating"},
    "gap.status.all": {"vi": "đang hoạt động, đang xây dựng, quy hoạch",
                       "en": "operating, under construction, planned"},
    # Gap map
    "gap.map.layer_districts": {"vi": "{crop} dư thừa, {month}", "en": "{crop} surplus, {month}"},
    "gap.map.legend_none": {"vi": "Không dư", "en": "No surplus"},
    "gap.map.layer_zones": {"vi": "Vùng trồng còn quả dư", "en": "Zones left with fruit"},
    "gap.map.legend_zones": {"vi": "Vùng trồng", "en": "Zones"},
    "gap.map.legend_zone": {"vi": "Còn quả không nơi tiêu thụ (to theo số tấn)",
                            "en": "Left with fruit (size: tonnes)"},
    "gap.map.legend_no_facility": {"vi": "Không có cơ sở nào trong phạm vi {km} km",
                                   "en": "No plant or store within {km} km"},
    "gap.map.tip_surplus": {"vi": "Dư {tonnes} tấn {crop} trong {month}",
                            "en": "{tonnes} t of {crop} left over in {month}"},
    "gap.map.tip_reach": {"vi": "Trong tầm: {plants} cơ sở chế biến, {stores} kho lạnh",
                          "en": "Within reach: {plants} plants, {stores} cold stores"},
    "gap.map.tip_no_facility": {
        "vi": "Không có cơ sở chế biến hay kho lạnh nào trong phạm vi {km} km",
        "en": "No plant or cold store within {km} km",
    },
    # Table headers (CSV/XLSX and on screen)
    "gapcol.unit_code": {"vi": "Mã đơn vị", "en": "Unit code"},
    "gapcol.unit_name": {"vi": "Đơn vị hành chính", "en": "Administrative unit"},
    "gapcol.crop": {"vi": "Cây trồng", "en": "Crop"},
    "gapcol.month": {"vi": "Tháng", "en": "Month"},
    "gapcol.year": {"vi": "Cả năm", "en": "Year"},
    "gapcol.supply_t": {"vi": "Sản lượng thu hoạch (tấn)", "en": "Harvest (t)"},
    "gapcol.released_t": {"vi": "Xuất kho lạnh (tấn)", "en": "Released from cold store (t)"},
    "gapcol.fresh_t": {"vi": "Bán tươi (tấn)", "en": "Sold fresh (t)"},
    "gapcol.processed_t": {"vi": "Chế biến (tấn)", "en": "Processed (t)"},
    "gapcol.stored_t": {"vi": "Vào kho lạnh (tấn)", "en": "Into cold storage (t)"},
    "gapcol.surplus_t": {"vi": "Dư thừa (tấn)", "en": "Surplus (t)"},
    "gapcol.surplus_share": {"vi": "Tỷ lệ dư (%)", "en": "Surplus share (%)"},
    "gapcol.capacity_t": {"vi": "Khả năng tiêu thụ (tấn)", "en": "Capacity (t)"},
    "gapcol.zone_id": {"vi": "Mã vùng trồng", "en": "Zone ID"},
    "gapcol.name": {"vi": "Tên", "en": "Name"},
    "gapcol.plants_in_reach": {"vi": "Cơ sở chế biến trong tầm", "en": "Plants within reach"},
    "gapcol.stores_in_reach": {"vi": "Kho lạnh trong tầm", "en": "Cold stores within reach"},
    "gapcol.no_facility": {"vi": "Không có cơ sở nào trong tầm", "en": "Nothing within reach"},
    "gapcol.plant_id": {"vi": "Mã cơ sở", "en": "Plant ID"},
    "gapcol.utilisation": {"vi": "Mức sử dụng công suất cả năm (%)",
                           "en": "Utilisation over the year (%)"},
    "gapcol.idle_months": {"vi": "Tháng để không", "en": "Idle months"},
    "gapcol.saturated_months": {"vi": "Tháng hết công suất", "en": "Months at full capacity"},
    "gapcol.n_idle": {"vi": "Số tháng để không", "en": "Idle months (count)"},
    "gapcol.n_saturated": {"vi": "Số tháng hết công suất", "en": "Full months (count)"},
    "gapcol.label": {"vi": "Chỉ tiêu", "en": "Target"},
    "gapcol.current": {"vi": "Hiện nay", "en": "Now"},
    "gapcol.target": {"vi": "Giá trị chỉ tiêu", "en": "Target value"},
    "gapcol.target_year": {"vi": "Năm cần đạt", "en": "Target year"},
    "gapcol.unit": {"vi": "Đơn vị", "en": "Unit"},
    "gapcol.gap": {"vi": "Còn thiếu", "en": "Gap"},
    "gapcol.percent": {"vi": "Mức đạt (%)", "en": "Reached (%)"},
    "gapcol.source": {"vi": "Nguồn chỉ tiêu", "en": "Source of the target"},
    # Targets page
    "targets.title": {"vi": "Tiến độ thực hiện các chỉ tiêu", "en": "Progress against targets"},
    "targets.intro": {
        "vi": "So sánh số liệu hiện có với từng chỉ tiêu trong bảng chỉ tiêu (targets) của bộ "
              "dữ liệu. Tỷ lệ sản lượng được chế biến lấy từ kết quả cân đối với các tham số ở "
              "thanh bên.",
        "en": "The workspace's figures against each target in its targets table. The share "
              "processed comes from the balance, with the parameters in the sidebar.",
    },
    "targets.empty": {
        "vi": "Bộ dữ liệu chưa có bảng chỉ tiêu (targets). Hãy nhập bảng này ở trang Quản lý "
              "dữ liệu.",
        "en": "The workspace has no targets table yet. Import one on the Data management page.",
    },
    "targets.by": {"vi": "Chỉ tiêu đến năm {year}", "en": "Target for {year}"},
    "targets.value": {"vi": "{current} / {target} {unit}", "en": "{current} / {target} {unit}"},
    "targets.gap": {"vi": "còn thiếu {gap} {unit}", "en": "{gap} {unit} to go"},
    "targets.reached": {"vi": "đã đạt", "en": "reached"},
    "targets.not_measured": {
        "vi": "Chưa đo được từ dữ liệu hiện có.",
        "en": "Cannot be measured from the workspace.",
    },
    "targets.source": {"vi": "Nguồn chỉ tiêu: {source}", "en": "Source of the target: {source}"},
    "targets.no_source": {"vi": "Nguồn chỉ tiêu: không ghi", "en": "Source of the target: not given"},
    "targets.measured_by": {"vi": "Số hiện nay: {how}", "en": "Figure now: {how}"},
    "targets.measure.high_tech_zones": {
        "vi": "số vùng trồng đánh dấu ứng dụng công nghệ cao (high_tech)",
        "en": "zones marked high-tech (high_tech)"},
    "targets.measure.high_tech_ha": {"vi": "diện tích vùng trồng công nghệ cao",
                                     "en": "area of high-tech zones"},
    "targets.measure.off_season_ha": {"vi": "diện tích vùng trồng trái vụ (off_season)",
                                      "en": "area of off-season zones (off_season)"},
    "targets.measure.off_season_output_t": {"vi": "sản lượng dự kiến của vùng trồng trái vụ",
                                            "en": "expected output of off-season zones"},
    "targets.measure.coded_ha": {"vi": "diện tích vùng trồng có mã số vùng trồng",
                                 "en": "area of zones with a planting-area code"},
    "targets.measure.certified_ha": {"vi": "diện tích vùng trồng có chứng nhận",
                                     "en": "area of certified zones"},
    "targets.measure.processed_share_pct": {
        "vi": "phần sản lượng cả năm được đưa vào chế biến theo kết quả cân đối",
        "en": "share of the year's harvest the balance sends to processing"},
    "targets.measure.output_t": {"vi": "tổng sản lượng dự kiến của các vùng trồng",
                                 "en": "total expected output of the zones"},
    "targets.measure.area_ha": {"vi": "tổng diện tích vùng trồng", "en": "total zone area"},
    "targets.section.table": {"vi": "Bảng tiến độ", "en": "Progress table"},
    "targets.caption": {
        "vi": "Số hiện nay tính từ dữ liệu «{path}»; chỉ tiêu và nguồn lấy từ bảng chỉ tiêu "
              "(targets) của bộ dữ liệu.",
        "en": "Figures now are computed from the workspace “{path}”; targets and their sources "
              "come from the workspace's targets table.",
    },
}

"""Strings of the supply–capacity balance (engine errors and the ``balance`` command)."""

STRINGS = {
    # Errors raised by fruitmap.balance.solve (BalanceError codes)
    "error.balance_bad_param": {
        "vi": "Tham số «{name}» = «{value}» không hợp lệ; giá trị cho phép: {expected}.",
        "en": "Parameter “{name}” = “{value}” is not valid; expected {expected}.",
    },
    "error.balance_negative": {
        "vi": "Lớp {layer}, dòng {row} (mã {id}), cột «{column}»: giá trị «{value}» bị âm; "
              "cần một số không âm.",
        "en": "Layer {layer}, row {row} (ID {id}), column “{column}”: value “{value}” is "
              "negative; a number of 0 or more is expected.",
    },
    "error.balance_no_location": {
        "vi": "Lớp {layer}, dòng {row} (mã «{value}») không có vị trí (hình học trống), nên "
              "không tính được cự ly vận chuyển. Hãy bổ sung toạ độ hoặc ranh giới.",
        "en": "Layer {layer}, row {row} (ID “{value}”) has no location (empty geometry), so "
              "haul distances cannot be computed. Add its coordinates or boundary.",
    },
    "error.balance_no_calendar": {
        "vi": "Vùng trồng «{id}» (dòng {row}, cây «{crop}») không có tháng thu hoạch "
              "(harvest_start, harvest_end) và bảng lịch thu hoạch (crop_calendar) không có "
              "cây này, nên không chia được sản lượng theo tháng. Hãy nhập tháng thu hoạch "
              "hoặc thêm cây vào lịch thu hoạch.",
        "en": "Zone “{id}” (row {row}, crop “{crop}”) has no harvest months (harvest_start, "
              "harvest_end) and the crop calendar has no rows for this crop, so its output "
              "cannot be spread over the months. Enter its harvest months or add the crop to "
              "crop_calendar.",
    },
    "error.balance_solver": {
        "vi": "Bộ giải tối ưu không tìm được phương án phân bổ (bước {stage}): {reason}",
        "en": "The optimisation solver found no allocation (stage {stage}): {reason}",
    },
    "error.balance_write": {
        "vi": "Không ghi được tệp {path}: {reason}",
        "en": "Could not write the file {path}: {reason}",
    },
    # The balance command
    "balance.summary_title": {
        "vi": "Cân đối cung – năng lực tiêu thụ theo cây trồng (cả năm, tấn)",
        "en": "Supply–capacity balance by crop (whole year, tonnes)",
    },
    "balance.col.crop": {"vi": "Cây trồng", "en": "Crop"},
    "balance.col.supply": {"vi": "Sản lượng", "en": "Supply"},
    "balance.col.fresh": {"vi": "Bán tươi", "en": "Fresh"},
    "balance.col.processed": {"vi": "Chế biến", "en": "Processed"},
    "balance.col.stored": {"vi": "Vào kho lạnh", "en": "Stored"},
    "balance.col.surplus": {"vi": "Dư thừa", "en": "Surplus"},
    "balance.col.surplus_share": {"vi": "Tỷ lệ dư", "en": "Surplus share"},
    "balance.peak": {
        "vi": "Tháng dư nhiều nhất: {crop} – {month}, {tonnes} tấn không tiêu thụ được.",
        "en": "Largest surplus: {crop} in {month}, {tonnes} t that nothing can absorb.",
    },
    "balance.no_surplus": {
        "vi": "Không có sản lượng dư thừa trong năm với các tham số này.",
        "en": "No surplus in the year with these parameters.",
    },
    "balance.empty": {
        "vi": "Dữ liệu chưa có vùng trồng nào có sản lượng; bảng cân đối trống.",
        "en": "The workspace has no zone with output; the balance is empty.",
    },
    "balance.params": {
        "vi": "Tham số: cự ly tối đa {km} km, hệ số đường vòng {circuity}, {days} ngày "
              "hoạt động/tháng, tính cơ sở có tình trạng: {statuses}.",
        "en": "Parameters: max haul {km} km, circuity {circuity}, {days} operating "
              "days/month, facilities counted with status: {statuses}.",
    },
    "balance.written": {
        "vi": "Đã ghi {rows} dòng vào {path}.",
        "en": "Wrote {rows} rows to {path}.",
    },
    "balance.total": {"vi": "Tổng", "en": "Total"},
}

"""Strings saying whether a balance is exact or approximate, and by how much."""

STRINGS = {
    "balance_accuracy.exact": {
        "vi": "Kết quả chính xác (tính theo từng vùng trồng và từng cơ sở).",
        "en": "Exact result (solved zone by zone and facility by facility).",
    },
    "balance_accuracy.approx": {
        "vi": "Kết quả gần đúng (dữ liệu lớn, đã gộp theo ô lưới {km} km): thặng dư cả năm "
              "nằm trong khoảng {low} – {high} tấn (±{pct} %). Các bảng thể hiện một phương "
              "án phân bổ thực hiện được, với {high} tấn thặng dư.",
        "en": "Approximate result (large workspace, aggregated on a {km} km grid): the yearly "
              "surplus lies between {low} and {high} t (±{pct} %). The tables show an "
              "allocation that can be carried out, with {high} t of surplus.",
    },
}

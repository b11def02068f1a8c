"""Strings of the upload page's progress boxes (reading, checking, writing a file)."""

STRINGS = {
    "import_progress.reading": {
        "vi": "Đang đọc tệp {file} ({size})…",
        "en": "Reading {file} ({size})…",
    },
    "import_progress.step.open": {
        "vi": "Mở tệp và tìm dòng tiêu đề",
        "en": "Opening the file and finding the header row",
    },
    "import_progress.read_done": {
        "vi": "Đã đọc {file}: {rows} dòng ({seconds} giây)",
        "en": "Read {file}: {rows} rows ({seconds} s)",
    },
    "import_progress.checking": {
        "vi": "Đang kiểm tra {rows} dòng…",
        "en": "Checking {rows} rows…",
    },
    "import_progress.step.columns": {
        "vi": "Ghép các cột của tệp với các cột của lớp «{layer}»",
        "en": "Matching the file's columns to the layer “{layer}”",
    },
    "import_progress.step.rows": {
        "vi": "Kiểm tra {rows} dòng: số, tháng, loại cây, mã trùng, vị trí",
        "en": "Checking {rows} rows: numbers, months, crops, repeated IDs, locations",
    },
    "import_progress.check_done": {
        "vi": "Đã kiểm tra {rows} dòng: {errors} lỗi, {warnings} cảnh báo ({seconds} giây)",
        "en": "Checked {rows} rows: {errors} errors, {warnings} warnings ({seconds} s)",
    },
    "import_progress.writing": {
        "vi": "Đang ghi {rows} dòng vào không gian làm việc…",
        "en": "Writing {rows} rows into the workspace…",
    },
    "import_progress.step.version": {
        "vi": "Lưu phiên bản hiện có của lớp «{layer}» để có thể khôi phục",
        "en": "Saving the current version of “{layer}” so it can be restored",
    },
    "import_progress.step.write": {
        "vi": "Ghi {rows} dòng và ghi lại thay đổi vào lịch sử",
        "en": "Writing {rows} rows and recording the change in the history",
    },
    "import_progress.write_done": {
        "vi": "Đã ghi {rows} dòng vào không gian làm việc ({seconds} giây)",
        "en": "Wrote {rows} rows into the workspace ({seconds} s)",
    },
}

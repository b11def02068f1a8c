"""Strings of starting a workspace from the app (fruitmap.workspace.starter, ui.workspace_setup)."""

STRINGS = {
    # Refusals: a folder that holds something that is not a workspace is never written into.
    "error.folder_other_files": {
        "vi": "Thư mục {path} đã có tệp khác không phải dữ liệu fruitmap ({found}). Ứng dụng "
              "không ghi gì vào thư mục này. Hãy đặt FRUITMAP_WORKSPACE là một thư mục trống "
              "hoặc một thư mục đã có fruitmap.gpkg.",
        "en": "The folder {path} holds other files that are not a fruitmap workspace "
              "({found}). The app writes nothing into it. Set FRUITMAP_WORKSPACE to an empty "
              "folder or to one that holds fruitmap.gpkg.",
    },
    "error.folder_not_a_geopackage": {
        "vi": "Tệp {found} trong thư mục {path} không phải là GeoPackage đọc được, nên không "
              "phải dữ liệu fruitmap. Ứng dụng không ghi gì vào thư mục này và không xoá tệp.",
        "en": "The file {found} in {path} is not a readable GeoPackage, so it is not a fruitmap "
              "workspace. The app writes nothing into this folder and deletes nothing.",
    },
    "error.folder_not_a_folder": {
        "vi": "{path} là một tệp, không phải thư mục. Hãy đặt FRUITMAP_WORKSPACE là một thư "
              "mục; ứng dụng không ghi gì vào tệp này.",
        "en": "{path} is a file, not a folder. Set FRUITMAP_WORKSPACE to a folder; the app "
              "writes nothing into this file.",
    },
    "error.start_target_not_empty": {
        "vi": "Thư mục {path} đã có dữ liệu (fruitmap.gpkg); dữ liệu đó được giữ nguyên.",
        "en": "{path} already holds a workspace (fruitmap.gpkg); it was left as it is.",
    },
    # The shared empty state of every page (ui.workspace_setup.start_choices)
    "start.title": {
        "vi": "Thư mục này chưa có dữ liệu",
        "en": "This folder holds no data yet",
    },
    "start.intro": {
        "vi": "Ứng dụng đang dùng thư mục {path}, hiện chưa có dữ liệu fruitmap. Chọn một cách "
              "để bắt đầu:",
        "en": "The app works on the folder {path}, which holds no fruitmap workspace yet. "
              "Choose how to begin:",
    },
    "start.demo.button": {"vi": "Tải dữ liệu minh hoạ Sơn La", "en": "Load the Sơn La demo"},
    "start.demo.help": {
        "vi": "Toàn bộ các lớp dữ liệu minh hoạ (vùng trồng, cơ sở chế biến, kho lạnh…) để "
              "xem thử ứng dụng; đó không phải số liệu thống kê chính thức.",
        "en": "Every layer of the illustrative demo (zones, plants, cold stores…) to try the "
              "app; it is not official statistics.",
    },
    "start.scratch.button": {
        "vi": "Bắt đầu với dữ liệu của tôi",
        "en": "Start from scratch (Sơn La boundaries in place)",
    },
    "start.scratch.help": {
        "vi": "Ranh giới thật của tỉnh và 12 huyện cũ, lịch thu hoạch mặc định và các chỉ tiêu "
              "2025 của tỉnh được đặt sẵn; vùng trồng, cơ sở chế biến và các lớp khác do bạn "
              "tải lên.",
        "en": "The real outlines of the province and its 12 former districts, the default "
              "harvest calendar and the province's 2025 targets are put in place; you upload "
              "zones, plants and the other layers.",
    },
    "start.upload_link": {
        "vi": "Hoặc tải tệp của bạn lên ngay (lần nhập đầu tiên sẽ tạo dữ liệu)",
        "en": "Or upload your own file now (the first import creates the workspace)",
    },
    "start.spinner": {"vi": "Đang tạo dữ liệu…", "en": "Creating the workspace…"},
    "start.done.demo": {
        "vi": "Đã tải dữ liệu minh hoạ Sơn La vào {path}.",
        "en": "The Sơn La demo was loaded into {path}.",
    },
    "start.done.scratch": {
        "vi": "Đã tạo dữ liệu mới tại {path} với ranh giới tỉnh và 12 huyện cũ. Bước tiếp theo: "
              "tải lên vùng trồng và cơ sở chế biến của bạn.",
        "en": "A new workspace was created in {path} with the province and its 12 former "
              "districts. Next: upload your zones and processing plants.",
    },
    # Upload page on a folder with no workspace yet
    "start.upload_new": {
        "vi": "Thư mục {path} chưa có dữ liệu: lần nhập đầu tiên sẽ tạo dữ liệu tại đây. Muốn "
              "có sẵn ranh giới tỉnh và huyện, hãy chọn «Bắt đầu với dữ liệu của tôi» ở trang "
              "Tổng quan.",
        "en": "{path} holds no workspace yet: the first import creates it there. To have the "
              "province and district boundaries in place first, choose “Start from scratch” on "
              "the Overview page.",
    },
    # A workspace that holds some layers but not the one a page needs
    "start.needs_layer": {
        "vi": "Chưa có lớp «{layer}» trong dữ liệu. Hãy tải lên ở trang «{page}».",
        "en": "The workspace has no “{layer}” yet. Upload them on the “{page}” page.",
    },
}

"""The data model of ``../shared/CONTRACT.md``: layers, tables, columns, units and labels.

Defined once here; readers, validation, the workspace, the map and the pages all take
column names, types, allowed values, defaults and Vietnamese/English labels from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fruitmap.crops import CROPS

# Column kinds. Lists are stored in the GeoPackage as text joined by ";".
TEXT, FLOAT, INT, BOOL, MONTH = "text", "float", "int", "bool", "month"
CROP, CROP_LIST, MONTH_LIST, ENUM = "crop", "crop_list", "month_list", "enum"
LIST_KINDS = (CROP_LIST, MONTH_LIST)

CERTIFICATIONS = ("none", "VietGAP", "GlobalGAP", "organic")
PLANT_KINDS = ("factory", "facility")
STATUSES = ("operating", "planned", "under_construction")
AREA_KINDS = ("industrial_zone", "industrial_cluster")
LEVELS = ("province", "district", "commune")
ALL_MONTHS = tuple(range(1, 13))

# Labels of the allowed values, shown instead of the raw keys.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "none": {"vi": "Chưa chứng nhận", "en": "Not certified"},
    "VietGAP": {"vi": "VietGAP", "en": "VietGAP"},
    "GlobalGAP": {"vi": "GlobalGAP", "en": "GlobalGAP"},
    "organic": {"vi": "Hữu cơ", "en": "Organic"},
    "factory": {"vi": "Nhà máy", "en": "Factory"},
    "facility": {"vi": "Cơ sở chế biến", "en": "Processing facility"},
    "operating": {"vi": "Đang hoạt động", "en": "Operating"},
    "planned": {"vi": "Quy hoạch", "en": "Planned"},
    "under_construction": {"vi": "Đang xây dựng", "en": "Under construction"},
    "industrial_zone": {"vi": "Khu công nghiệp", "en": "Industrial zone"},
    "industrial_cluster": {"vi": "Cụm công nghiệp", "en": "Industrial cluster"},
    "province": {"vi": "Tỉnh", "en": "Province"},
    "district": {"vi": "Huyện (cũ)", "en": "District (former)"},
    "commune": {"vi": "Xã/phường", "en": "Commune"},
}


@dataclass(frozen=True)
class Column:
    """One column of a layer or table.

    Parameters
    ----------
    name : str
        Contract name (English snake_case, unit in the name).
    kind : str
        One of the kinds above.
    required : bool
        Whether the contract requires the column.
    vi, en : str
        Labels for the interface.
    default : Any
        Value taken when the column or a cell is missing (None: stays missing).
    allowed : tuple
        Allowed values for ``enum`` columns.
    minimum, maximum : float or None
        Bounds for numeric columns (inclusive).
    """

    name: str
    kind: str
    required: bool
    vi: str
    en: str
    default: Any = None
    allowed: tuple = ()
    minimum: float | None = None
    maximum: float | None = None

    def label(self, lang: str) -> str:
        """Return the column's label in ``lang``."""
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Layer:
    """A layer (with geometry) or a table (``geometry=()``) of the workspace."""

    name: str
    vi: str
    en: str
    geometry: tuple[str, ...]
    columns: tuple[Column, ...]
    id_column: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def is_spatial(self) -> bool:
        """True for layers with geometry."""
        return bool(self.geometry)

    @property
    def required(self) -> list[str]:
        """Names of the required columns."""
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        """Return the column called ``name`` (KeyError when unknown)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def label(self, lang: str) -> str:
        """Return the layer's label in ``lang``."""
        return self.vi if lang == "vi" else self.en


POLY = ("Polygon", "MultiPolygon")
POINT = ("Point",)

ZONES = Layer(
    "zones", "Vùng trồng", "Cultivation zones", POLY + POINT,
    (
        Column("zone_id", TEXT, True, "Mã vùng", "Zone ID"),
        Column("name", TEXT, True, "Tên vùng", "Name"),
        Column("crop", CROP, True, "Loại cây", "Crop", allowed=CROPS),
        Column("area_ha", FLOAT, True, "Diện tích (ha)", "Area (ha)", minimum=0),
        Column("yield_t_ha", FLOAT, False, "Năng suất (tấn/ha)", "Yield (t/ha)", minimum=0),
        Column("expected_output_t", FLOAT, False, "Sản lượng dự kiến (tấn)",
               "Expected output (t)", minimum=0),
        Column("harvest_start", MONTH, False, "Tháng bắt đầu thu hoạch", "Harvest start month",
               minimum=1, maximum=12),
        Column("harvest_end", MONTH, False, "Tháng kết thúc thu hoạch", "Harvest end month",
               minimum=1, maximum=12),
        Column("off_season", BOOL, False, "Trái vụ", "Off-season", default=False),
        Column("certification", ENUM, False, "Chứng nhận", "Certification", default="none",
               allowed=CERTIFICATIONS),
        Column("planting_code", TEXT, False, "Mã số vùng trồng", "Planting-area code"),
        Column("high_tech", BOOL, False, "Công nghệ cao", "High-tech", default=False),
        Column("gi_brand", TEXT, False, "Chỉ dẫn địa lý / nhãn hiệu", "GI / brand"),
        Column("unit_code", TEXT, False, "Mã đơn vị hành chính", "Admin unit code"),
    ),
    id_column="zone_id",
)

PLANTS = Layer(
    "plants", "Cơ sở chế biến", "Processing plants", POINT,
    (
        Column("plant_id", TEXT, True, "Mã cơ sở", "Plant ID"),
        Column("name", TEXT, True, "Tên cơ sở", "Name"),
        Column("kind", ENUM, True, "Loại hình", "Kind", allowed=PLANT_KINDS),
        Column("crops", CROP_LIST, True, "Loại quả tiếp nhận", "Crops accepted", allowed=CROPS),
        Column("capacity_t_day", FLOAT, True, "Công suất (tấn/ngày)", "Capacity (t/day)",
               minimum=0),
        Column("operating_months", MONTH_LIST, False, "Tháng hoạt động", "Operating months",
               default=ALL_MONTHS, minimum=1, maximum=12),
        Column("products", TEXT, False, "Sản phẩm", "Products"),
        Column("status", ENUM, False, "Tình trạng", "Status", default="operating",
               allowed=STATUSES),
        Column("owner", TEXT, False, "Chủ sở hữu", "Owner"),
        Column("unit_code", TEXT, False, "Mã đơn vị hành chính", "Admin unit code"),
    ),
    id_column="plant_id",
)

COLD_STORES = Layer(
    "cold_stores", "Kho lạnh", "Cold stores", POINT,
    (
        Column("store_id", TEXT, True, "Mã kho", "Store ID"),
        Column("name", TEXT, True, "Tên kho", "Name"),
        Column("capacity_t", FLOAT, True, "Sức chứa (tấn)", "Capacity (t)", minimum=0),
        Column("crops", CROP_LIST, False, "Loại quả", "Crops", default=CROPS, allowed=CROPS),
        Column("status", ENUM, False, "Tình trạng", "Status", default="operating",
               allowed=STATUSES),
        Column("owner", TEXT, False, "Chủ sở hữu", "Owner"),
        Column("unit_code", TEXT, False, "Mã đơn vị hành chính", "Admin unit code"),
    ),
    id_column="store_id",
)

INDUSTRIAL_AREAS = Layer(
    "industrial_areas", "Khu/cụm công nghiệp", "Industrial areas", POLY + POINT,
    (
        Column("area_id", TEXT, True, "Mã khu", "Area ID"),
        Column("name", TEXT, True, "Tên khu", "Name"),
        Column("kind", ENUM, True, "Loại", "Kind", allowed=AREA_KINDS),
        Column("area_ha", FLOAT, False, "Diện tích (ha)", "Area (ha)", minimum=0),
        Column("free_area_ha", FLOAT, False, "Diện tích còn trống (ha)", "Free area (ha)",
               minimum=0),
        Column("status", ENUM, False, "Tình trạng", "Status", default="operating",
               allowed=STATUSES),
        Column("unit_code", TEXT, False, "Mã đơn vị hành chính", "Admin unit code"),
    ),
    id_column="area_id",
)

ADMIN_UNITS = Layer(
    "admin_units", "Đơn vị hành chính", "Administrative units", POLY,
    (
        Column("unit_code", TEXT, True, "Mã đơn vị", "Unit code"),
        Column("name", TEXT, True, "Tên", "Name"),
        Column("level", ENUM, True, "Cấp", "Level", allowed=LEVELS),
        Column("name_ascii", TEXT, False, "Tên không dấu", "Name (ASCII)"),
        Column("parent_code", TEXT, False, "Mã đơn vị cấp trên", "Parent code"),
    ),
    id_column="unit_code",
)

MARKETS = Layer(
    "markets", "Thị trường tiêu thụ tươi", "Fresh market", (),
    (
        Column("crop", CROP, True, "Loại cây", "Crop", allowed=CROPS),
        Column("month", MONTH, True, "Tháng", "Month", minimum=1, maximum=12),
        Column("fresh_capacity_t", FLOAT, True, "Tiêu thụ tươi (tấn)", "Fresh capacity (t)",
               minimum=0),
    ),
)

CROP_CALENDAR = Layer(
    "crop_calendar", "Lịch thu hoạch", "Crop calendar", (),
    (
        Column("crop", CROP, True, "Loại cây", "Crop", allowed=CROPS),
        Column("month", MONTH, True, "Tháng", "Month", minimum=1, maximum=12),
        Column("harvest_share", FLOAT, True, "Tỷ lệ thu hoạch", "Harvest share", minimum=0,
               maximum=1),
    ),
)

TARGETS = Layer(
    "targets", "Chỉ tiêu", "Targets", (),
    (
        Column("target_id", TEXT, True, "Mã chỉ tiêu", "Target ID"),
        Column("label_vi", TEXT, True, "Tên (tiếng Việt)", "Label (Vietnamese)"),
        Column("label_en", TEXT, True, "Tên (tiếng Anh)", "Label (English)"),
        Column("year", INT, True, "Năm", "Year"),
        Column("value", FLOAT, True, "Giá trị", "Value"),
        Column("unit", TEXT, True, "Đơn vị", "Unit"),
        Column("source", TEXT, False, "Nguồn", "Source"),
    ),
    id_column="target_id",
)

HISTORY = Layer(
    "history", "Lịch sử thay đổi", "Change history", (),
    (
        Column("change_id", INT, False, "Số thứ tự", "Change no."),
        Column("when", TEXT, True, "Thời điểm", "When"),
        Column("who", TEXT, True, "Người thực hiện", "Who"),
        Column("action", TEXT, True, "Thao tác", "Action"),
        Column("layer", TEXT, True, "Lớp", "Layer"),
        Column("source_file", TEXT, False, "Tệp nguồn", "Source file"),
        Column("source_sha256", TEXT, False, "SHA-256 tệp nguồn", "Source SHA-256"),
        Column("rows_before", INT, False, "Số dòng trước", "Rows before"),
        Column("rows_after", INT, False, "Số dòng sau", "Rows after"),
        Column("version_id", TEXT, False, "Phiên bản lưu trước", "Saved previous version"),
    ),
)

LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (ZONES, PLANTS, COLD_STORES, INDUSTRIAL_AREAS, ADMIN_UNITS, MARKETS,
                  CROP_CALENDAR, TARGETS, HISTORY)
}
# App tables kept beside the contract's layers (the contract allows adding tables). They are
# read and written through the workspace like a layer, but are not data a user uploads.
VIEWS = Layer(
    "views", "Góc nhìn đã lưu", "Saved views", (),
    (
        Column("view_id", TEXT, True, "Mã góc nhìn", "View ID"),
        Column("title", TEXT, True, "Tiêu đề", "Title"),
        Column("query", TEXT, True, "Tham số liên kết", "Link parameters"),
        Column("created", TEXT, True, "Thời điểm lưu", "Saved at"),
        Column("who", TEXT, False, "Người lưu", "Saved by"),
    ),
    id_column="view_id",
)
# Saved scenarios (fruitmap.planning.scenarios): one row per scenario, its changes as JSON
# text, so that one save is one history change that one rollback undoes.
SCENARIOS = Layer(
    "scenarios", "Kịch bản", "Scenarios", (),
    (
        Column("scenario_id", TEXT, True, "Mã kịch bản", "Scenario ID"),
        Column("name", TEXT, True, "Tên kịch bản", "Name"),
        Column("description", TEXT, False, "Mô tả", "Description"),
        Column("changes", TEXT, True, "Các thay đổi (JSON)", "Changes (JSON)"),
        Column("created", TEXT, True, "Thời điểm tạo", "Created"),
        Column("updated", TEXT, True, "Thời điểm sửa", "Updated"),
        Column("who", TEXT, False, "Người lưu", "Saved by"),
    ),
    id_column="scenario_id",
)
APP_TABLES: dict[str, Layer] = {VIEWS.name: VIEWS, SCENARIOS.name: SCENARIOS}
SPATIAL_LAYERS = tuple(n for n, layer in LAYERS.items() if layer.is_spatial)
TABLES = tuple(n for n, layer in LAYERS.items() if not layer.is_spatial)
# Layers a user may upload or replace (history is written by the workspace only).
EDITABLE_LAYERS = tuple(n for n in LAYERS if n != "history")


def get_layer(name: str) -> Layer:
    """Return the layer called ``name``.

    Raises
    ------
    fruitmap.errors.InputError
        When ``name`` is not a layer of the contract.
    """
    from fruitmap.errors import InputError

    if name in APP_TABLES:
        return APP_TABLES[name]
    if name not in LAYERS:
        raise InputError("unknown_layer", value=name, allowed=", ".join(LAYERS))
    return LAYERS[name]


def value_label(value: Any, lang: str) -> str:
    """Return the display label of an allowed value (``"factory"`` → ``"Nhà máy"``)."""
    return VALUE_LABELS.get(str(value), {}).get(lang, str(value))

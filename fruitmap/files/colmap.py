"""Suggesting which column of an uploaded file is which column of the contract.

People write headers in Vietnamese or English, with or without diacritics, with units in
brackets ("Diện tích (ha)", "Dien tich", "Area (ha)"). Headers are folded (see
:func:`fruitmap.text.fold`) and compared with the contract's names, its labels and a list
of synonyms seen in provincial sheets. The user confirms or changes every suggestion.
"""

from __future__ import annotations

import re

from fruitmap.schema import LAYERS, get_layer
from fruitmap.text import fold

# Targets that are not contract columns: where a row's location comes from (a point's
# coordinates, or a shape written as WKT text, as fruitmap's own CSV/XLSX exports do).
X, Y, WKT = "x", "y", "wkt"
COORD_TARGETS = (X, Y)
GEOMETRY_TARGETS = (X, Y, WKT)
COORD_LABELS = {
    X: {"vi": "Kinh độ / toạ độ X (Đông)", "en": "Longitude / X (easting)"},
    Y: {"vi": "Vĩ độ / toạ độ Y (Bắc)", "en": "Latitude / Y (northing)"},
    WKT: {"vi": "Hình học (WKT)", "en": "Geometry (WKT)"},
}

# Synonyms beyond the contract's own names and labels (written folded: no accents, lower).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "zone_id": ("ma vung", "ma", "id", "ma so", "zone code", "zone", "ma vung trong"),
    "plant_id": ("ma co so", "ma nha may", "ma", "id", "plant code"),
    "store_id": ("ma kho", "ma kho lanh", "ma", "id", "store code"),
    "area_id": ("ma khu", "ma kcn", "ma ccn", "ma", "id"),
    "unit_code": ("ma don vi hanh chinh", "ma dvhc", "ma xa", "ma don vi", "commune code",
                  "unit code", "code"),
    "target_id": ("ma chi tieu", "ma", "id"),
    "name": ("ten", "name", "ten vung", "ten vung trong", "ten co so", "ten nha may",
             "ten kho", "ten kho lanh", "ten khu", "ten cum", "ten don vi", "ten xa",
             "ten doanh nghiep", "ten hop tac xa", "ten htx", "dia danh", "title",
             "ten vung", "ten kho", "ten cs", "ten nm"),
    "crop": ("loai cay", "cay trong", "loai cay trong", "cay", "loai qua", "crop", "fruit",
             "chung loai", "cay an qua"),
    "crops": ("loai qua tiep nhan", "loai qua", "nguyen lieu", "cay nguyen lieu", "crops",
              "fruits", "loai cay", "san pham thu mua"),
    "area_ha": ("dien tich", "dien tich ha", "dt", "dt ha", "area", "area ha", "quy mo"),
    "yield_t_ha": ("nang suat", "nang suat tan ha", "ns", "yield", "yield t ha"),
    "expected_output_t": ("san luong", "san luong du kien", "san luong tan", "sl",
                          "output", "expected output", "production"),
    "harvest_start": ("thang bat dau thu hoach", "bat dau thu hoach", "thu hoach tu thang",
                      "tu thang", "harvest start", "harvest from"),
    "harvest_end": ("thang ket thuc thu hoach", "ket thuc thu hoach", "thu hoach den thang",
                    "den thang", "harvest end", "harvest to"),
    "off_season": ("trai vu", "rai vu", "off season", "offseason"),
    "certification": ("chung nhan", "tieu chuan", "certification", "certificate", "gap"),
    "planting_code": ("ma so vung trong", "ma vung trong", "msvt", "planting code",
                      "planting area code", "puc"),
    "high_tech": ("cong nghe cao", "ung dung cong nghe cao", "cnc", "high tech"),
    "gi_brand": ("chi dan dia ly", "nhan hieu", "chi dan dia ly nhan hieu", "gi", "brand"),
    "kind": ("loai hinh", "loai", "kind", "type", "loai hinh co so"),
    "capacity_t_day": ("cong suat", "cong suat tan ngay", "cong suat che bien", "capacity",
                       "capacity t day", "tan ngay"),
    "operating_months": ("thang hoat dong", "thoi gian hoat dong", "operating months",
                         "months"),
    "products": ("san pham", "products", "product"),
    "status": ("tinh trang", "trang thai", "hien trang", "status"),
    "owner": ("chu so huu", "chu dau tu", "doanh nghiep", "owner", "company"),
    "capacity_t": ("suc chua", "suc chua tan", "cong suat kho", "cong suat", "capacity",
                   "capacity t", "cong suat tan", "cong suat kho tan", "suc chua kho",
                   "khoi luong luu tru"),
    "free_area_ha": ("dien tich con trong", "dien tich con lai", "con trong", "free area",
                     "free area ha"),
    "level": ("cap", "cap hanh chinh", "level"),
    "name_ascii": ("ten khong dau", "name ascii"),
    "parent_code": ("ma cap tren", "ma huyen", "parent code", "parent"),
    "month": ("thang", "month"),
    "fresh_capacity_t": ("tieu thu tuoi", "tieu thu tuoi tan", "ban tuoi", "fresh capacity",
                         "fresh"),
    "harvest_share": ("ty le thu hoach", "ty le", "share", "harvest share"),
    "year": ("nam", "year"),
    "value": ("gia tri", "value"),
    "unit": ("don vi", "don vi tinh", "dvt", "unit"),
    X: ("kinh do", "x", "lon", "long", "lng", "longitude", "easting", "toa do x", "x m",
        "kinh do e", "e"),
    Y: ("vi do", "y", "lat", "latitude", "northing", "toa do y", "y m", "vi do n", "n"),
    WKT: ("wkt", "geometry", "geom", "the geom", "hinh hoc", "hinh hoc wkt", "geometry wkt",
          "shape wkt", "wkt geometry"),
}

# Headers commonly found in sheets that map to nothing but still mark the header row.
_OTHER_HEADERS = ("stt", "tt", "so tt", "ghi chu", "note", "notes", "description", "mo ta",
                  "dia chi", "address", "huyen", "xa", "ban", "thon")

_UNITS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCT = re.compile(r"[^0-9a-z]+")


def normalise_header(header: object) -> tuple[str, str]:
    """Return two folded forms of a header: with units (``"dien tich ha"``), without.

    ``"Diện tích (ha)"`` gives ``("dien tich ha", "dien tich")``.
    """
    folded = fold(header)
    full = _PUNCT.sub(" ", folded).strip()
    bare = _PUNCT.sub(" ", _UNITS.sub(" ", folded)).strip()
    return full, bare or full


def _aliases(layer_name: str) -> dict[str, list[str]]:
    layer = get_layer(layer_name)
    out: dict[str, list[str]] = {}
    for col in layer.columns:
        names = [col.name.replace("_", " "), col.vi, col.en, *SYNONYMS.get(col.name, ())]
        out[col.name] = _dedupe(normalise_header(n)[0] for n in names)
        out[col.name] += _dedupe(normalise_header(n)[1] for n in names
                                 if normalise_header(n)[1] not in out[col.name])
    if layer.is_spatial:
        for target in GEOMETRY_TARGETS:
            out[target] = _dedupe(normalise_header(n)[0] for n in SYNONYMS[target])
    return out


def _dedupe(items) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def targets(layer_name: str) -> list[str]:
    """Return the names a column of ``layer_name`` may be mapped to (location included)."""
    layer = get_layer(layer_name)
    names = [c.name for c in layer.columns]
    return names + (list(GEOMETRY_TARGETS) if layer.is_spatial else [])


def target_label(target: str, layer_name: str, lang: str) -> str:
    """Return the label of a mapping target in ``lang`` (``"area_ha"`` → ``"Diện tích (ha)"``)."""
    if target in COORD_LABELS:
        return COORD_LABELS[target][lang if lang in ("vi", "en") else "vi"]
    return get_layer(layer_name).column(target).label(lang)


def _score(header: object, aliases: list[str]) -> int:
    """Return how well ``header`` matches one target: 3 exact, 2 without units, 1 prefix."""
    full, bare = normalise_header(header)
    if not full:
        return 0
    if full in aliases:
        return 3
    if bare in aliases:
        return 2
    # "Tên cơ sở chế biến" starts with "ten co so": a longer header naming the same thing.
    for alias in aliases:
        if len(alias) >= 4 and (bare.startswith(alias + " ") or full.startswith(alias + " ")):
            return 1
    return 0


def suggest_mapping(columns: list[str], layer_name: str) -> dict[str, str | None]:
    """Suggest a contract column for each file column.

    Parameters
    ----------
    columns : list of str
        The file's headers, in order.
    layer_name : str
        The layer the file is read as.

    Returns
    -------
    dict
        File header → target name (a contract column, or ``"x"``/``"y"`` for coordinates),
        or None when nothing fits. Each target is given to at most one column: the best
        match wins, ties go to the leftmost column.
    """
    aliases = _aliases(layer_name)
    candidates = []
    for pos, col in enumerate(columns):
        for target, names in aliases.items():
            score = _score(col, names)
            if score:
                # Prefer the alias listed first for that target (names, labels first).
                full, bare = normalise_header(col)
                rank = names.index(full) if full in names else (
                    names.index(bare) if bare in names else len(names))
                candidates.append((-score, rank, pos, col, target))
    candidates.sort()
    mapping: dict[str, str | None] = {c: None for c in columns}
    taken: set[str] = set()
    for _, _, _, col, target in candidates:
        if mapping[col] is None and target not in taken:
            mapping[col] = target
            taken.add(target)
    return mapping


def header_score(cells: list) -> int:
    """Return how many ``cells`` look like column headers of any layer (for header finding)."""
    known = _known_headers()
    score = 0
    for cell in cells:
        if isinstance(cell, (int, float)):
            continue
        full, bare = normalise_header(cell)
        if full in known or bare in known:
            score += 1
    return score


_KNOWN: set[str] = set()


def _known_headers() -> set[str]:
    if not _KNOWN:
        for name in LAYERS:
            if name == "history":
                continue
            for names in _aliases(name).values():
                # one-letter synonyms ("x", "e") would make any short title cell a header
                _KNOWN.update(n for n in names if len(n) > 1 or n in ("x", "y"))
        _KNOWN.update(_OTHER_HEADERS)
    return _KNOWN


def apply_mapping(columns: list[str], mapping: dict[str, str | None]) -> dict[str, str]:
    """Return ``target → file header`` for the mapped columns of ``mapping``.

    Raises
    ------
    fruitmap.errors.InputError
        When two file columns are mapped to the same target, or a mapped header is not in
        the file.
    """
    from fruitmap.errors import InputError, Problem

    out: dict[str, str] = {}
    problems = []
    for src, target in mapping.items():
        if not target:
            continue
        if src not in columns:
            problems.append(Problem("mapping_unknown_column", column=src,
                                    params={"columns": ", ".join(columns)}))
        elif target in out:
            problems.append(Problem("mapping_twice", column=src, value=target,
                                    params={"other": out[target]}))
        else:
            out[target] = src
    if problems:
        raise InputError("mapping_invalid", problems)
    return out


def suggest_layer(columns: list[str], spatial: bool | None = None,
                  geometry_types: set[str] | None = None) -> str | None:
    """Guess which layer a file holds from its headers.

    Parameters
    ----------
    columns : list of str
        The file's headers.
    spatial : bool, optional
        True when the file has its own geometries (then tables are not considered).
    geometry_types : set of str, optional
        The file's geometry types (``{"Polygon"}``): layers that cannot hold them are not
        considered.

    Returns
    -------
    str or None
        The editable layer whose required columns are best covered by the suggested
        mapping (at least half of them; the id column only when the file has one), or None
        when none fits.
    """
    from fruitmap.schema import EDITABLE_LAYERS

    best, best_score = None, 0.0
    for name in EDITABLE_LAYERS:
        layer = get_layer(name)
        if spatial and not layer.is_spatial:
            continue
        if geometry_types and not set(geometry_types) <= set(layer.geometry):
            continue
        mapped = set(v for v in suggest_mapping(columns, name).values() if v)
        # Ids are made by fruitmap when a file has none: a missing id column counts against
        # no layer, a present one counts for it. Ties go to the layer with more matches.
        required = [c for c in layer.required
                    if c != layer.id_column or layer.id_column in mapped]
        matched = sum(1 for c in required if c in mapped)
        if matched == 1 and "name" in mapped and len(required) > 1:
            continue  # a name alone (a bare KMZ) says nothing about the layer
        covered = matched / len(required) + 0.02 * matched
        if layer.is_spatial and not spatial and ({X, Y} <= mapped or WKT in mapped):
            covered += 0.25  # coordinates point to a map layer
        # a small bonus for optional columns breaks ties between similar layers
        covered += 0.01 * len(mapped - set(layer.required) - set(GEOMETRY_TARGETS))
        if covered > best_score:
            best, best_score = name, covered
    return best if best_score >= 0.5 else None

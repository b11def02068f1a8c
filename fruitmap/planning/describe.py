"""A scenario's changes in plain words, for lists on the scenarios page and in the meeting pack."""

from __future__ import annotations

from fruitmap.crops import crop_label
from fruitmap.i18n import fmt_number, t
from fruitmap.schema import get_layer, value_label


def _unit_name(layers: dict, code: str | None, lang: str) -> str:
    if code is None:
        return t("scenario.describe.province", lang)
    admin = layers.get("admin_units")
    if admin is not None and len(admin):
        hit = admin[admin["unit_code"].astype(str) == str(code)]
        if len(hit):
            return str(hit["name"].iloc[0])
    return str(code)


def _value(key: str, value: object, lang: str) -> str:
    if key == "crops":
        return ", ".join(crop_label(c, lang) for c in value)
    if key == "operating_months":
        return ", ".join(str(m) for m in value)
    if isinstance(value, float):
        return fmt_number(value, lang, 0 if value.is_integer() else 1)
    if isinstance(value, str):
        return value_label(value, lang)
    return str(value)


def _attrs(layer_name: str, attrs: dict, lang: str, skip=("name",)) -> str:
    layer = get_layer(layer_name)
    parts = []
    for key, value in attrs.items():
        if key in skip:
            continue
        parts.append(f"{layer.column(key).label(lang).lower()} {_value(key, value, lang)}")
    return "; ".join(parts)


def _facility_name(layers: dict, layer_name: str, ident: str) -> str:
    frame = layers.get(layer_name)
    id_column = get_layer(layer_name).id_column
    if frame is None or not len(frame):
        return ""
    hit = frame[frame[id_column].astype(str) == str(ident)]
    return str(hit["name"].iloc[0]) if len(hit) else ""


def describe_change(change: dict, layers: dict, lang: str) -> str:
    """Return one change as a short sentence ("Thêm nhà máy «…» (50 t/ngày …) tại …").

    Parameters
    ----------
    change : dict
        A normalised change (see :mod:`fruitmap.planning.scenarios`).
    layers : dict
        The workspace's layers (names of facilities and admin units).
    lang : str
    """
    op = change.get("op")
    if op == "add":
        kind = "plant" if change["layer"] == "plants" else "store"
        return t(f"scenario.describe.add_{kind}", lang, name=change["attrs"].get("name", ""),
                 details=_attrs(change["layer"], change["attrs"], lang),
                 lat=fmt_number(change["lat"], lang, 4), lon=fmt_number(change["lon"], lang, 4))
    if op in ("change", "remove"):
        layer = get_layer(change["layer"]).label(lang).lower()
        name = _facility_name(layers, change["layer"], change["id"])
        text = t(f"scenario.describe.{op}", lang, layer=layer, id=change["id"],
                 name=f" ({name})" if name else "",
                 details=_attrs(change["layer"], change.get("attrs", {}), lang, skip=()))
        if op == "change" and "lon" in change:
            text += t("scenario.describe.moved", lang, lat=fmt_number(change["lat"], lang, 4),
                      lon=fmt_number(change["lon"], lang, 4))
        return text
    if op == "zones":
        key = next(k for k in ("area_pct", "area_ha", "yield_pct") if k in change)
        amount = change[key]
        sign = "+" if amount > 0 else ""
        season = "" if "off_season" not in change else \
            t("scenario.describe.off" if change["off_season"] else "scenario.describe.main", lang)
        return t(f"scenario.describe.{key}", lang, crop=crop_label(change["crop"], lang),
                 unit=_unit_name(layers, change.get("unit_code"), lang), season=season,
                 amount=sign + fmt_number(amount, lang, 0 if float(amount).is_integer() else 1))
    if op == "params":
        parts = []
        if "max_haul_km" in change:
            parts.append(t("scenario.describe.haul", lang,
                           km=fmt_number(change["max_haul_km"], lang)))
        if "circuity" in change:
            parts.append(t("scenario.describe.circuity", lang,
                           value=fmt_number(change["circuity"], lang, 2)))
        if "operating_days" in change:
            parts.append(t("scenario.describe.days", lang,
                           days=fmt_number(change["operating_days"], lang)))
        if "count_planned" in change:
            parts.append(t("scenario.describe.planned_yes" if change["count_planned"]
                           else "scenario.describe.planned_no", lang))
        return t("scenario.describe.params", lang, details="; ".join(parts))
    return str(change)

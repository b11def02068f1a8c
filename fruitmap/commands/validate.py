"""``python -m fruitmap validate FILE --layer LAYER [--json]``: report problems, change nothing."""

from __future__ import annotations

import argparse
import json
import sys

from fruitmap.errors import InputError
from fruitmap.i18n import normalise_lang, t
from fruitmap.schema import EDITABLE_LAYERS


def parse_map(items: list[str] | None) -> dict[str, str | None] | None:
    """Turn ``["Tên=name", "Ghi chú="]`` into a mapping (an empty target ignores a column).

    Raises
    ------
    InputError
        ``mapping_invalid`` when an item has no ``=``.
    """
    if not items:
        return None
    out: dict[str, str | None] = {}
    for item in items:
        src, sep, dest = item.partition("=")
        if not sep:
            from fruitmap.errors import Problem

            raise InputError("mapping_invalid", [Problem("mapping_unknown_column", column=item,
                                                         params={"columns": "SRC=DEST"})])
        out[src.strip()] = dest.strip() or None
    return out


def add_common(parser: argparse.ArgumentParser) -> None:
    """Arguments shared by ``validate`` and ``import``."""
    parser.add_argument("file", metavar="FILE", help="CSV, XLSX, GeoJSON, zipped Shapefile, "
                        "GeoPackage, KML or KMZ file")
    parser.add_argument("--layer", required=True, choices=EDITABLE_LAYERS,
                        help="the layer the file holds")
    parser.add_argument("--sheet", help="XLSX sheet to read (default: the best match)")
    parser.add_argument("--source-layer", dest="source_layer",
                        help="layer of a GeoPackage/KML/zip to read")
    parser.add_argument("--crs", help="CRS of the coordinates, e.g. EPSG:9206 (VN-2000 104°)")
    parser.add_argument("--map", nargs="+", metavar="SRC=DEST", dest="mapping",
                        help="map file column SRC to contract column DEST (x/y for coordinates; "
                             "empty DEST ignores the column); other columns are suggested")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``validate``."""
    add_common(parser)
    parser.add_argument("--json", action="store_true",
                        help="print the problems as a JSON list")


def merged_mapping(raw, layer: str, overrides: dict | None) -> dict:
    """The suggested mapping with the user's ``--map`` overrides applied."""
    from fruitmap.files.colmap import suggest_mapping

    mapping = suggest_mapping(raw.columns, layer)
    for src, dest in (overrides or {}).items():
        if dest:
            for other, target in mapping.items():
                if target == dest and other != src:
                    mapping[other] = None
        mapping[src] = dest
    return mapping


def print_report(prepared, lang: str, stream=None) -> None:
    """Print the problems of a prepared file and a one-line summary."""
    stream = stream or sys.stdout
    for line in prepared.report(lang):
        print(line, file=stream)
    print(t("upload.summary", lang, file=prepared.file_name, layer=prepared.layer,
            rows=len(prepared.frame), errors=len(prepared.errors),
            warnings=len(prepared.warnings)), file=stream)


def run(args: argparse.Namespace) -> int:
    """Validate the file and print the report; 0 when there are no errors, else 1."""
    from fruitmap.files.ingest import prepare
    from fruitmap.files.readers import read_path

    lang = normalise_lang(getattr(args, "lang", "vi"))
    try:
        raw = read_path(args.file, sheet=args.sheet, source_layer=args.source_layer)
        mapping = merged_mapping(raw, args.layer, parse_map(args.mapping))
        prepared = prepare(raw, args.layer, mapping, crs=args.crs)
    except InputError as exc:
        if not args.json:
            raise
        items = [p.as_dict(lang) for p in exc.problems] or [{
            "severity": "error", "code": exc.code, "file": exc.params.get("file"), "row": None,
            "column": None, "value": exc.params.get("value"), "message": exc.message(lang)}]
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return 1
    if args.json:
        print(json.dumps([p.as_dict(lang) for p in prepared.problems], ensure_ascii=False,
                         indent=1))
    else:
        print_report(prepared, lang)
        print(t("upload.valid" if prepared.ok else "upload.invalid", lang))
    return 0 if prepared.ok else 1

"""Files in and out: reading office files, mapping columns, validation, import, templates, export.

Modules
-------
readers
    Format detection by content, safe unpacking, decoding (CSV, XLSX, KML/KMZ, shapefile, GeoJSON, GPKG).
legacy_text
    TCVN3 and VNI text detected and converted to Unicode.
colmap
    Which column of an upload is which column of the contract.
coords
    VN-2000 and other coordinate systems: parsing, guessing, transforming, plausibility.
ids
    Stable ids for files that have none.
validate
    Validation of a table against the contract, with file, row, column and value in each message.
ingest
    The upload pipeline: read, map, build geometry, validate, import.
templates
    Input templates per layer (XLSX and CSV).
export
    Layers and tables written to GeoJSON, GeoPackage, CSV and XLSX.
"""

from __future__ import annotations

from fruitmap.lazy_api import lazy_api

# Public API: name -> module of this package that defines it.
_API = {
    'read_upload': 'readers',
    'read_path': 'readers',
    'RawTable': 'readers',
    'prepare': 'ingest',
    'validate_upload': 'ingest',
    'validate_path': 'ingest',
    'import_prepared': 'ingest',
    'import_file': 'ingest',
    'Prepared': 'ingest',
    'validate_frame': 'validate',
    'export_layer': 'export',
    'export_filename': 'export',
    'template_xlsx_bytes': 'templates',
    'template_csv_bytes': 'templates',
}
__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, _API)

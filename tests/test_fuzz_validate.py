"""Random bytes and mutated valid files thrown at validate: InputError or a report, nothing else."""

import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fruitmap.errors import InputError
from fruitmap.files.ingest import validate_upload
from tests import files as F

SEEDS = {
    "a.csv": F.csv_bytes(), "b.xlsx": F.xlsx_bytes(), "c.geojson": F.geojson_bytes(),
    "d.zip": F.shapefile_zip(), "e.kml": F.kml_bytes(), "f.kmz": F.kmz_bytes(),
    "g.gpkg": F.gpkg_bytes(), "h.csv": F.csv_bytes(encoding="cp1258"),
}
LAYER = {"a.csv": "plants", "h.csv": "plants", "b.xlsx": "plants"}


def _validate(name, data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            prepared = validate_upload(name, data, LAYER.get(name, "zones"))
        except InputError as exc:
            assert exc.message("vi") and exc.message("en")
            return None
    # a report in both languages can always be produced
    assert all(isinstance(line, str) for line in prepared.report("vi") + prepared.report("en"))
    return prepared


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(list(SEEDS)), data=st.binary(max_size=2048))
def test_random_bytes(name, data):
    _validate(name, data)


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(list(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[pos:pos + draw(st.integers(1, 64))]
    return name, bytes(data)


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=mutated())
def test_mutated_valid_files(case):
    _validate(*case)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(cells=st.lists(st.text(max_size=12), min_size=8, max_size=8), sep=st.sampled_from(";,"))
def test_random_cells_in_a_valid_sheet(cells, sep):
    data = F.csv_bytes(rows=[cells, F.PLANT_ROWS[0]], sep=sep)
    _validate("a.csv", data)

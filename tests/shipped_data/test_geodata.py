"""Checks on data/countries.geojson and data/countries.csv, the files scripts/build_geodata.py writes."""

import json
import re

import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape

from dashboard.core import geo
from tests.support import SHIPPED_DATA

DATA = SHIPPED_DATA
GEOJSON = DATA / "countries.geojson"
CSV = DATA / "countries.csv"

# The 193 UN member states: the non-empty UNmember column of country_converter 1.3.2's country_data.tsv,
# cross-checked against the UN's list of member states (un.org/en/about-us/member-states; last admitted:
# South Sudan, 2011). Observers (Holy See, Palestine) and Kosovo, Taiwan are not members.
UN_MEMBERS = set("""
AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA BRB
BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK DOM DZA
ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI
HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA
LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM
NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN
SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO
TUN TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
""".split())

# Small states that a coarse simplification would empty; VAT is in Natural Earth's 1:50m file.
SMALL_STATES = """SGP MLT BRB TUV NRU MHL KIR FSM PLW TON WSM LIE MCO SMR AND VAT MDV SYC KNA LCA VCT GRD ATG
DMA STP COM MUS CPV BHR""".split()

# Planar area (square degrees) of Antarctica after the antimeridian fix and before simplification,
# as computed by scripts/build_geodata.py from world-atlas@2.0.2; a make_valid gone wrong shrinks it.
ANTARCTICA_RAW_AREA = 6049.3

REGIONS = {"africa", "asia", "europe", "north-america", "south-america", "oceania", "antarctica"}
COLUMNS = ["iso3", "iso2", "name_en", "name_fr", "region", "label_lon", "label_lat", "un_member"]


@pytest.fixture(scope="module")
def collection():
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shapes(collection):
    return {f["id"]: shape(f["geometry"]) for f in collection["features"]}


@pytest.fixture(scope="module")
def rows():
    # "NA" is Namibia's alpha-2 code, not a missing value.
    return pd.read_csv(CSV, keep_default_na=False, dtype={"label_lon": float, "label_lat": float})


def parts(geom):
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def test_geojson_is_a_compact_sorted_feature_collection(collection):
    assert collection["type"] == "FeatureCollection"
    ids = [f["id"] for f in collection["features"]]
    assert ids == sorted(ids)
    for feature in collection["features"]:
        assert set(feature) == {"type", "id", "properties", "geometry"}
        assert feature["type"] == "Feature" and feature["properties"] == {}
    text = GEOJSON.read_text(encoding="utf-8")
    assert ", " not in text and ": " not in text


def test_ids_are_unique_iso3_codes_matching_the_csv(collection, rows):
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Z]{3}", i) for i in ids)
    assert list(rows["iso3"]) == ids
    assert all(re.fullmatch(r"[A-Z]{2}", i) for i in rows["iso2"])
    assert rows["iso2"].is_unique


def test_csv_layout():
    raw = CSV.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")
    assert raw.split(b"\n", 1)[0].decode() == ",".join(COLUMNS)


def test_geometries_are_valid_non_empty_polygons(shapes):
    for code, geom in shapes.items():
        assert isinstance(geom, (Polygon, MultiPolygon)), code
        assert not geom.is_empty and geom.area > 0, code
        assert geom.is_valid, (code, shapely.is_valid_reason(geom))


def test_exterior_rings_are_clockwise_for_plotly(shapes):
    for code, geom in shapes.items():
        for poly in parts(geom):
            assert not poly.exterior.is_ccw, code
            assert all(ring.is_ccw for ring in poly.interiors), code


def test_all_un_members_present_and_flagged(shapes, rows):
    assert len(UN_MEMBERS) == 193
    assert UN_MEMBERS <= set(shapes)
    assert set(rows.loc[rows["un_member"] == "yes", "iso3"]) == UN_MEMBERS
    assert set(rows["un_member"]) == {"yes", "no"}


def test_small_states_present(shapes):
    for code in SMALL_STATES:
        assert code in shapes, code
        assert shapes[code].area > 0, code


def test_territorial_decisions(shapes):
    # Somaliland and Northern Cyprus dissolved, Kosovo kept, Crimea Ukrainian, Western Sahara not Moroccan.
    assert shapes["SOM"].contains(Point(44.06, 9.56))  # Hargeisa
    assert shapes["CYP"].contains(Point(33.36, 35.19))  # north Nicosia
    assert "XKX" in shapes and shapes["XKX"].contains(Point(21.17, 42.66))  # Pristina
    assert shapes["UKR"].contains(Point(34.1, 44.95)) and not shapes["RUS"].intersects(Point(34.1, 44.95))
    assert shapes["ESH"].contains(Point(-13.2, 27.15)) and not shapes["MAR"].intersects(Point(-13.2, 27.15))
    assert shapes["AUS"].distance(Point(105.63, -10.49)) < 0.05  # Christmas Island


def test_labels_lie_in_their_country(shapes, rows):
    for row in rows.itertuples():
        point = Point(row.label_lon, row.label_lat)
        assert shapes[row.iso3].distance(point) <= 0.1, row.iso3
    labels = rows.set_index("iso3")
    assert 40 < labels.loc["FRA", "label_lat"] < 52 and -5 < labels.loc["FRA", "label_lon"] < 9
    assert 25 < labels.loc["USA", "label_lat"] < 50 and -125 < labels.loc["USA", "label_lon"] < -67


def test_antimeridian_shapes(shapes):
    for code in ("RUS", "FJI", "ATA"):
        coords = shapely.get_coordinates(shapes[code])
        assert coords[:, 0].min() >= -180 and coords[:, 0].max() <= 180, code
        assert coords[:, 1].min() >= -90 and coords[:, 1].max() <= 90, code
    for code in ("RUS", "FJI"):
        # A part wider than 180° is one that wraps the map instead of stopping at the antimeridian.
        assert all(p.bounds[2] - p.bounds[0] < 180 for p in parts(shapes[code])), code
        xs = [p.centroid.x for p in parts(shapes[code])]
        assert min(xs) < -170 and max(xs) > 170, code  # land on both sides of ±180°
    assert 41 < shapes["RUS"].bounds[1] and shapes["RUS"].bounds[3] < 82
    assert -22 < shapes["FJI"].bounds[1] and shapes["FJI"].bounds[3] < -12
    ata = shapes["ATA"]
    assert ata.bounds[1] == -90 and ata.bounds[3] < -60
    assert abs(ata.area - ANTARCTICA_RAW_AREA) / ANTARCTICA_RAW_AREA < 0.01
    assert ata.contains(Point(0, -89.5)) and ata.contains(Point(0, -80))


def test_file_size():
    assert GEOJSON.stat().st_size < 700 * 1024


def test_the_page_gets_the_shapes_packed(collection):
    # Coordinates on the 0.01° and 0.001° grids of scripts/build_geodata.py pack, and unpack to the same shapes.
    packed = geo.packed_shapes(GEOJSON.read_bytes())
    assert packed is not None and len(packed) < GEOJSON.stat().st_size / 2
    assert geo.unpack_shapes(packed) == collection


def test_names_and_regions(rows):
    for column in ("name_en", "name_fr"):
        assert (rows[column].str.strip() != "").all(), column
        assert not rows[column].str.contains("[\u2019\u2011&]|^St\\. | SAR ", regex=True).any(), column
    assert set(rows["region"]) <= REGIONS
    names = rows.set_index("iso3")
    assert names.loc["CAN", "name_fr"] == "Canada" and names.loc["CAN", "name_en"] == "Canada"
    assert names.loc["ARG", "name_fr"] == "Argentine"
    assert names.loc["USA", "name_fr"] == "États-Unis"
    assert names.loc["COD", "name_en"] == "Democratic Republic of the Congo"
    assert names.loc["LCA", "name_en"] == "Saint Lucia"
    assert names.loc["XKX", ["iso2", "name_en", "region", "un_member"]].tolist() == ["XK", "Kosovo", "europe", "no"]
    assert names.loc["NAM", "iso2"] == "NA"

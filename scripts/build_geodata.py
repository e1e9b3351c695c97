"""Build data/countries.geojson and data/countries.csv from Natural Earth 1:50m country shapes (npm world-atlas@2.0.2)."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import antimeridian
import country_converter
import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from babel import Locale
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import polylabel

PACKAGE = "world-atlas@2.0.2"
# From `npm view world-atlas@2.0.2 dist.integrity`; npm pack output is checked against it.
PACKAGE_INTEGRITY = (
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)
# The 10m file is read only to fill UN member states that the 50m file lacks (Tuvalu).
SOURCE_FILES = {
    "countries-50m.json": "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
    "countries-10m.json": "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79",
}

REPO = Path(__file__).resolve().parents[1]

# Features of the source without an ISO 3166 numeric id, keyed by their Natural Earth name.
# The map shows the internationally recognised borders of UN member states, as Canada recognises them.
# None means the feature is dropped.
ID_LESS = {
    "Somaliland": ("SOM", "dissolved into Somalia: Canada does not recognise Somaliland"),
    "N. Cyprus": ("CYP", "dissolved into Cyprus: Canada does not recognise the 'TRNC'"),
    "Kosovo": ("XKX", "own row, code XKX (user-assigned code used by the EU and IMF); Canada recognised Kosovo in 2008"),
    "Indian Ocean Ter.": ("AUS", "Christmas Island and Cocos (Keeling) Islands dissolved into Australia, like Ashmore"),
    "Siachen Glacier": (None, "dropped: disputed between India and Pakistan, no ISO code"),
}
# XK is a user-assigned code, so pycountry lacks it; CLDR, the EU and the IMF use it.
USER_ASSIGNED_ISO2 = {"XKX": "XK"}

# Natural Earth 4.1.0 draws Crimea inside Russia (de facto). Canada does not recognise the 2014 annexation,
# so the Russian polygon holding Simferopol goes back to Ukraine.
CRIMEA_POINT = Point(34.1, 44.95)
# Natural Earth 4.1.0 draws the Moroccan-administered part of Western Sahara (west of the berm) inside Morocco.
# Canada does not recognise Moroccan sovereignty there, so Morocco is cut at the 27°40' N parallel, the
# Morocco–Western Sahara border, which Natural Earth draws at the latitude of the Algerian tripoint.
WESTERN_SAHARA_TREATY_LAT = 27 + 40 / 60
# Left as Natural Earth 4.1.0 draws them, because the source has no line to cut along; printed as decisions.
NOT_CORRECTED = (
    "Golan Heights: drawn inside Israel (Canada regards it as Syrian territory occupied by Israel)",
    "Kashmir, Aksai Chin, Arunachal Pradesh, Hala'ib, Abyei, Ilemi: de facto lines of control",
    "Too small for the 1:50m file: Gibraltar is drawn as Spain, Ceuta and Melilla as Morocco; Tokelau is absent",
    "French overseas departments, Svalbard and the Caribbean Netherlands are parts of FRA, NOR and NLD, "
    "not features of their own",
)

# Degrees. Small states that 0.05° would empty, break or shrink to a triangle get the first lighter one that
# keeps at least MIN_AREA_KEPT of their area.
SIMPLIFY_TOLERANCES = (0.05, 0.02, 0.01, 0.005, 0.002, 0.0)
MIN_AREA_KEPT = 0.8
# Coordinates snap to a 0.01° grid (about 1 km; a 1920-pixel world map shows 0.19° a pixel) where the shape was
# simplified at the first tolerance, which already moves its lines by up to 0.05°; to 0.001° (about 100 m) where a
# small state needed a lighter one (docs/data.md, Country shapes, gives the sizes).
GRIDS = {SIMPLIFY_TOLERANCES[0]: 0.01}
FINE_GRID = 0.001
LABEL_TOLERANCE = 0.05
REGIONS = ("africa", "asia", "europe", "north-america", "south-america", "oceania", "antarctica")
# Codes missing from country_converter's Continent_7 column; decided by hand.
REGION_OVERRIDES: dict[str, str] = {}

# Where CLDR's en_CA / fr_CA name is not what a Government of Canada page writes: (English, French);
# None keeps CLDR's. Besides these, English "St." is written "Saint" and "&" "and" (see english_name).
NAME_OVERRIDES = {
    # CLDR short forms
    "CD": ("Democratic Republic of the Congo", "République démocratique du Congo"),
    "CG": ("Republic of the Congo", "République du Congo"),
    "HK": ("Hong Kong", "Hong Kong"),
    "MO": ("Macao", "Macao"),
    "MM": ("Myanmar", "Myanmar"),
    "MF": ("Saint Martin (France)", None),  # pairs with Sint Maarten, as the French name does
    "MP": (None, "Îles Mariannes du Nord"),
    # Names Canada and the UN use in both languages where CLDR keeps the older or the French-from-France form
    "CV": ("Cabo Verde", "Cabo Verde"),
    "TR": (None, "Türkiye"),
    "MD": (None, "Moldova"),
    "SV": (None, "El Salvador"),
    "BZ": (None, "Belize"),
    "VE": (None, "Venezuela"),
}


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch_package(workdir: Path) -> Path:
    """npm pack the package into workdir, check its integrity and extract the country files."""
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--pack-destination", str(workdir), "--json"],
        check=True, capture_output=True, text=True,
    )
    tarball = workdir / json.loads(out.stdout)[0]["filename"]
    data = tarball.read_bytes()
    if sri_sha512(data) != PACKAGE_INTEGRITY:
        sys.exit(f"{tarball.name}: integrity mismatch, expected {PACKAGE_INTEGRITY}")
    with tarfile.open(tarball, "r:gz") as tar:
        for name in SOURCE_FILES:
            (workdir / name).write_bytes(tar.extractfile(f"package/{name}").read())
    return workdir / "countries-50m.json"


def source_paths(source_50m: Path) -> dict[str, Path]:
    return {name: source_50m if name == "countries-50m.json" else source_50m.with_name(name) for name in SOURCE_FILES}


def check_sources(source_50m: Path) -> None:
    # Pinning the file hashes keeps --source runs byte-identical to npm runs.
    for name, path in source_paths(source_50m).items():
        digest = SOURCE_FILES[name]
        if not path.is_file():
            sys.exit(f"{path} is missing: --source needs countries-50m.json with countries-10m.json beside it")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            sys.exit(f"{path} is not the {PACKAGE} file (sha256 mismatch)")


def read_countries(path: Path) -> gpd.GeoDataFrame:
    # TopoJSON carries no CRS; world-atlas coordinates are WGS84 degrees.
    return gpd.read_file(path, layer="countries").set_crs(4326)


def numeric_to_iso3(numeric: str) -> str:
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        sys.exit(f"ISO numeric {numeric} is unknown to pycountry: add a decision")
    return country.alpha_3


def assign_codes(frame: gpd.GeoDataFrame) -> tuple[list[tuple[str, object]], list[str]]:
    """Pair each feature with its ISO3 code; returns (code, geometry) pairs and the decisions taken."""
    pairs, decisions = [], []
    for numeric, name, geom in zip(frame["id"], frame["name"], frame.geometry):
        if isinstance(numeric, str) and numeric:
            pairs.append((numeric_to_iso3(numeric), geom))
            continue
        if name not in ID_LESS:
            sys.exit(f"feature {name!r} has no id and no decision in ID_LESS")
        code, why = ID_LESS[name]
        decisions.append(f"{name}: {why}")
        if code:
            pairs.append((code, geom))
    with_id = frame[frame["id"].notna() & (frame["id"] != "")]
    for numeric, names in with_id.groupby("id")["name"]:
        if len(names) > 1:
            decisions.append(f"id {numeric} ({numeric_to_iso3(numeric)}) on {len(names)} features "
                             f"({', '.join(sorted(names))}): dissolved into one")
    return pairs, decisions


def un_members(coco: pd.DataFrame) -> set[str]:
    return set(coco.loc[coco["UNmember"] != "", "ISO3"])


def missing_members_from(frame: gpd.GeoDataFrame, have: set[str], members: set[str]) -> list[tuple[str, object]]:
    """UN member states absent from the 50m file, taken from the 10m file of the same package."""
    found = []
    for numeric, geom in zip(frame["id"], frame.geometry):
        if isinstance(numeric, str) and numeric:
            code = numeric_to_iso3(numeric)
            if code in members - have:
                found.append((code, geom))
    return found


def polygons(geom) -> list[Polygon]:
    """The polygonal parts of any geometry (make_valid and set_precision may add lines or points)."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons(g)]
    return []


def as_polygonal(parts: list[Polygon]):
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def unwrap_polar_caps(geom):
    # d3 writes a ring around a pole as a hole in a zero-area ring drawn along the pole's parallel;
    # planar tools need the hole itself as the outline.
    parts = []
    for poly in polygons(geom):
        lats = shapely.get_coordinates(poly.exterior)[:, 1]
        if poly.interiors and np.all(np.abs(lats) > 89.99):
            parts += [Polygon(ring) for ring in poly.interiors]
        else:
            parts.append(poly)
    return as_polygonal(parts)


def crosses_antimeridian(geom) -> bool:
    rings = [r for p in polygons(geom) for r in (p.exterior, *p.interiors)]
    return any(np.any(np.abs(np.diff(shapely.get_coordinates(r)[:, 0])) > 180) for r in rings)


def fix_antimeridian(geom):
    # antimeridian expects GeoJSON's counter-clockwise exteriors and d3 writes clockwise ones: orienting first
    # replaces its winding guess. A shape reaching the South Pole must close around it, not along ±180°.
    ccw = shapely.orient_polygons(geom, exterior_cw=False)
    reaches_pole = geom.bounds[1] < -89
    return shape(antimeridian.fix_shape(ccw, force_south_pole=reaches_pole, fix_winding=False))


def split_crimea(rus, ukr):
    """Move the Crimean polygon from Russia to Ukraine."""
    crimea = [p for p in polygons(rus) if p.contains(CRIMEA_POINT)]
    if len(crimea) != 1:
        sys.exit("expected exactly one Russian polygon containing Crimea")
    rest = [p for p in polygons(rus) if not p.contains(CRIMEA_POINT)]
    return as_polygonal(rest), shapely.union_all([ukr, crimea[0]])


def split_western_sahara(mar, esh):
    """Move Morocco's part south of the Morocco–Western Sahara border to Western Sahara."""
    border_lat = esh.bounds[3]  # Natural Earth's 27°40' line ends at the Algerian tripoint, Western Sahara's north
    if abs(border_lat - WESTERN_SAHARA_TREATY_LAT) > 0.02:
        sys.exit(f"Western Sahara's north edge {border_lat} is not the 27°40' N border")
    south = box(-20, 20, 0, border_lat)
    return (as_polygonal(polygons(mar.difference(south))),
            shapely.union_all([esh, as_polygonal(polygons(mar.intersection(south)))]))


def repair(geom):
    # Only after the antimeridian fix: make_valid on a ±180° shape folds it over the whole map.
    if geom.is_valid:
        return geom
    return as_polygonal(polygons(shapely.make_valid(geom)))


def dissolve(geoms: list):
    return geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)


def simplify_once(geom, tolerance: float, grid: float):
    simple = shapely.simplify(geom, tolerance, preserve_topology=True) if tolerance else geom
    # set_precision rounds to the grid and keeps the result valid, which plain rounding does not.
    return as_polygonal(polygons(shapely.set_precision(simple, grid)))


def simplify(geom) -> tuple[object, float]:
    """The coarsest simplification (and grid) that keeps the shape valid, non-empty and most of its area."""
    for tolerance in SIMPLIFY_TOLERANCES:
        grids = [GRIDS[tolerance], FINE_GRID] if tolerance in GRIDS else [FINE_GRID]
        for grid in grids:
            simple = simplify_once(geom, tolerance, grid)
            if not simple.is_empty and simple.is_valid and simple.area >= MIN_AREA_KEPT * geom.area:
                return simple, tolerance
    sys.exit("no simplification keeps this shape")


def label_point(geom) -> tuple[float, float]:
    """A point well inside the largest polygon (metropolitan France, the contiguous US)."""
    largest = max(polygons(geom), key=lambda p: p.area)
    minx, miny, maxx, maxy = largest.bounds
    # A tolerance larger than a microstate would let polylabel answer from its coarse starting grid.
    point = polylabel(largest, tolerance=min(LABEL_TOLERANCE, (maxx - minx + maxy - miny) / 20))
    lon, lat = round(point.x, 3), round(point.y, 3)
    if not largest.contains(Point(lon, lat)):
        point = largest.representative_point()
        lon, lat = round(point.x, 3), round(point.y, 3)
    return lon, lat


def round_coords(obj):
    # Adding 0.0 turns -0.0 into 0.0 so the text never shows "-0.0".
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float):
            return [round(v, 3) + 0.0 for v in obj]
        return [round_coords(o) for o in obj]
    return obj


def feature(code: str, geom) -> dict:
    geometry = mapping(geom)
    return {"type": "Feature", "id": code, "properties": {},
            "geometry": {"type": geometry["type"], "coordinates": round_coords(geometry["coordinates"])}}


def read_coco() -> pd.DataFrame:
    # Read the TSV directly: coco's CountryConverter class fails under pandas 3; "NA" is Namibia.
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    return pd.read_csv(path, sep="\t", keep_default_na=False, dtype=str)


def iso2_for(code: str) -> str:
    return USER_ASSIGNED_ISO2.get(code) or pycountry.countries.get(alpha_3=code).alpha_2


def english_name(cldr: str) -> str:
    # CLDR abbreviates "Saint" as "St." (St. Lucia, St. Kitts & Nevis) and writes "&" for "and".
    name = cldr.replace(" & ", " and ")
    return "Saint " + name[4:] if name.startswith("St. ") else name


def tidy(name: str) -> str:
    # The names stand alone as labels, so "îles Cook" (CLDR's mid-sentence form) starts with a capital;
    # plain apostrophes and hyphens keep them searchable and match the project's other data files.
    name = name.replace("\u2019", "'").replace("\u2011", "-").replace("\u00a0", " ")
    return name[:1].upper() + name[1:]


def names_for(iso2: str, en: dict, fr: dict) -> tuple[str, str]:
    name_en, name_fr = NAME_OVERRIDES.get(iso2, (None, None))
    return tidy(name_en or english_name(en[iso2])), tidy(name_fr or fr[iso2])


def region_for(code: str, coco: pd.DataFrame) -> str:
    if code in REGION_OVERRIDES:
        return REGION_OVERRIDES[code]
    continent = coco.loc[coco["ISO3"] == code, "Continent_7"]
    if continent.empty or continent.iloc[0] == "":
        sys.exit(f"{code} has no Continent_7 in country_converter: add it to REGION_OVERRIDES")
    return continent.iloc[0].lower().replace(" ", "-")


def country_rows(shapes: dict[str, object], coco: pd.DataFrame) -> pd.DataFrame:
    en, fr = Locale.parse("en_CA").territories, Locale.parse("fr_CA").territories
    members = un_members(coco)
    rows = []
    for code in sorted(shapes):
        iso2 = iso2_for(code)
        name_en, name_fr = names_for(iso2, en, fr)
        lon, lat = label_point(shapes[code])
        rows.append({"iso3": code, "iso2": iso2, "name_en": name_en, "name_fr": name_fr,
                     "region": region_for(code, coco), "label_lon": lon, "label_lat": lat,
                     "un_member": "yes" if code in members else "no"})
    return pd.DataFrame(rows)


def build(source_50m: Path) -> tuple[dict[str, object], list[str]]:
    """ISO3 -> final geometry, and the decisions taken on the way."""
    coco = read_coco()
    pairs, decisions = assign_codes(read_countries(source_50m))
    have = {code for code, _ in pairs}
    extra = missing_members_from(read_countries(source_paths(source_50m)["countries-10m.json"]), have, un_members(coco))
    for code, _ in extra:
        decisions.append(f"{code}: UN member state missing from the 1:50m file, taken from countries-10m.json")
    pairs += extra

    fixed = []
    for code, geom in pairs:
        geom = unwrap_polar_caps(geom)
        if crosses_antimeridian(geom):
            decisions.append(f"{code}: split at the antimeridian (antimeridian package)")
            geom = fix_antimeridian(geom)
        if not geom.is_valid:
            decisions.append(f"{code}: invalid ({shapely.is_valid_reason(geom)}), repaired with make_valid")
        fixed.append((code, repair(geom)))
    merged = {code: dissolve([g for c, g in fixed if c == code]) for code in sorted({c for c, _ in fixed})}

    merged["RUS"], merged["UKR"] = split_crimea(merged["RUS"], merged["UKR"])
    decisions.append("Crimea: moved from Russia to Ukraine; Canada does not recognise the 2014 annexation")
    merged["MAR"], merged["ESH"] = split_western_sahara(merged["MAR"], merged["ESH"])
    decisions.append("Western Sahara: Morocco's part south of 27°40' N moved to ESH; Canada does not recognise "
                     "Moroccan sovereignty there")

    final, lighter = {}, {}
    for code, geom in merged.items():
        if not geom.is_valid:
            decisions.append(f"{code}: invalid after dissolving ({shapely.is_valid_reason(geom)}), repaired with make_valid")
        simple, tolerance = simplify(repair(geom))
        if tolerance != SIMPLIFY_TOLERANCES[0]:
            lighter.setdefault(tolerance, []).append(code)
        # plotly's geo (d3) reads a clockwise exterior as the inside of the shape.
        final[code] = shapely.orient_polygons(simple, exterior_cw=True)
    for tolerance, codes in sorted(lighter.items(), reverse=True):
        decisions.append(f"simplified at {tolerance}° instead of {SIMPLIFY_TOLERANCES[0]}° to keep "
                         f"{MIN_AREA_KEPT:.0%} of their area: {' '.join(codes)}")
    return final, decisions


def geojson_text(shapes: dict[str, object]) -> str:
    collection = {"type": "FeatureCollection", "features": [feature(c, shapes[c]) for c in sorted(shapes)]}
    return json.dumps(collection, separators=(",", ":")) + "\n"


def check_written(text: str) -> list[int]:
    """Re-read the written geometries as plotly will get them; returns vertex counts."""
    counts = []
    for item in json.loads(text)["features"]:
        geom = shape(item["geometry"])
        if geom.is_empty or not geom.is_valid:
            sys.exit(f"{item['id']}: written geometry is empty or invalid ({shapely.is_valid_reason(geom)})")
        counts.append(shapely.get_num_coordinates(geom))
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, help="an extracted countries-50m.json (countries-10m.json beside it)")
    parser.add_argument("--out-dir", type=Path, default=REPO / "data")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch_package(Path(tmp))
        check_sources(source)
        shapes, decisions = build(source)
    rows = country_rows(shapes, read_coco())

    text = geojson_text(shapes)
    counts = check_written(text)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    geojson_path, csv_path = args.out_dir / "countries.geojson", args.out_dir / "countries.csv"
    geojson_path.write_text(text, encoding="utf-8")
    rows.to_csv(csv_path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.3f")

    codes = sorted(shapes)
    print(f"features: {len(codes)}")
    print(f"{geojson_path.relative_to(REPO) if geojson_path.is_relative_to(REPO) else geojson_path}: "
          f"{os.path.getsize(geojson_path)} bytes; {csv_path.name}: {os.path.getsize(csv_path)} bytes")
    print(f"vertices per feature: min {min(counts)} ({codes[counts.index(min(counts))]}), "
          f"max {max(counts)} ({codes[counts.index(max(counts))]}), total {sum(counts)}")
    print("decisions:")
    for line in decisions:
        print(f"  - {line}")
    for iso2, (name_en, name_fr) in sorted(NAME_OVERRIDES.items()):
        print(f"  - name {iso2}: " + "; ".join(n for n in (name_en, name_fr) if n) + " (overrides CLDR)")
    print("  - names: English 'St.' written 'Saint' and '&' 'and'; first letter capitalised ('Îles Cook'); "
          "straight apostrophes and plain hyphens")
    for line in NOT_CORRECTED:
        print(f"  - not corrected: {line}")


if __name__ == "__main__":
    main()

"""Gazetteers: spelling keys, the index of a folder of gazetteer files, what a scenario carries of
it, the bundled four countries, and `frontline gazetteer` as a user drives it."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from pathlib import Path

import pytest

from engine.errors import FrontlineError
from engine.gazetteer import index
from engine.gazetteer.files import read_tsv
from engine.gazetteer.index import EXACT, LOOSE, SKELETON, build, shortened
from engine.gazetteer.store import BUNDLED_SOURCES, Store, distance_km
from engine.gazetteer.subset import subset
from engine.model.spelling import loose_key, place_key, skeleton
from tests.helpers import run

# ------------------------------------------------------------------------------ spellings


@pytest.mark.parametrize(
    ("written", "gazetteer"),
    [
        ("Ash-Shuhayl", "al-Shuhayl"),
        ("Shuhayl", "As Shuhayl"),
        ("Tall ʿAwar", "Tall 'Awar"),
        ("Tall `Awar", "Tall Awar"),
        ("Hasakah", "Al-Ḥasakah"),
    ],
)
def test_exact_keys_ignore_articles_marks_and_accents(written: str, gazetteer: str) -> None:
    assert place_key(written) == place_key(gazetteer)


@pytest.mark.parametrize(
    ("written", "gazetteer"),
    [
        ("Hasakeh", "Al-Hasakah"),  # -eh / -ah
        ("Deir Attiyeh", "Dayr Atiyah"),  # Deir/Dayr, doubled letters, -iyeh/-iyah
        ("Zezoun", "Zayzun"),  # e/ay, ou/u
        ("Tell Abyad", "Tall Abyad"),
        ("Tal Abiad", "Tall Abyad"),
        ("Albu Kamal", "Abu Kamal"),
        ("Mayadeen", "Al-Mayadin"),  # ee/i
        ("Huwayjah", "Hawija"),
        ("Raqqah", "Raqqa"),
        ("Qusair", "Al-Qusayr"),
        ("Jisr al-Shugur", "Jisr ash-Shughur"),  # gh/g
        ("Khan Sheikhoun", "Khan Shaykhun"),  # kh/k, ei/ay
        ("Kuweires", "Kuwayris"),
        ("Zaporizhzhia", "Zaporozhye"),
    ],
)
def test_loose_keys_fold_transliterations(written: str, gazetteer: str) -> None:
    assert place_key(written) != place_key(gazetteer)
    assert loose_key(written) == loose_key(gazetteer)


@pytest.mark.parametrize(
    ("one", "other"), [("Hama", "Homs"), ("Tikrit", "Kirkuk"), ("Sirte", "Surat")]
)
def test_loose_keys_keep_different_names_apart(one: str, other: str) -> None:
    assert loose_key(one) != loose_key(other)


def test_a_vowel_written_or_left_out_is_a_near_miss() -> None:
    assert loose_key("Nabik") != loose_key("An Nabk")
    assert skeleton("Nabik") == skeleton("An Nabk") == "nbk"
    assert skeleton("Hama") == ""  # too few consonants to say anything


def test_names_in_other_scripts_have_no_loose_key() -> None:
    assert place_key("Лиман") == "лиман"
    assert loose_key("Лиман") == skeleton("Лиман") == ""


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Qaryat Albu Sayf", "albu sayf"),
        ("Ziyadah Qibliyah", "ziyadah"),
        ("Al-Shuhayl al-Sharqiyah", "shuhayl"),
        ("Tall Abyad", ""),
        ("Qaryat", ""),
    ],
)
def test_words_reporting_leaves_out(name: str, short: str) -> None:
    assert shortened(name) == short


# ----------------------------------------------------------------- an invented gazetteer

ADMIN_HEADER = "id\tname\taliases\tkind\tcountry\tparent\tlat\tlon\twof_id\n"
LOCALITY_HEADER = (
    "id\tname\taliases\tkind\tlat\tlon\tcountry\tgovernorate\tdistrict\tpopulation\t"
    "feature_code\twof_id\tgeonames_id\n"
)
NORTH_ADMIN = ADMIN_HEADER + (
    "northland\tNorthland\tNorthlandic\tcountry\tNorthland\t\t36.0\t40.0\t1\n"
    "hills_governorate\tHills\tHill Province\tgovernorate\tNorthland\tnorthland\t36.0\t40.0\t2\n"
    "upper_district\tUpper\t\tdistrict\tNorthland\thills_governorate\t36.1\t40.1\t3\n"
)
NORTH_PLACES = LOCALITY_HEADER + (
    "qasr_hills\tQasr Hills\tQasr al-Hills\tcity\t36.10000\t40.10000\tNorthland\t"
    "hills_governorate\tupper_district\t150000\tPPL\t10\t20\n"
    "tall_maqam\tTall Maqam\tTell Makam\tvillage\t36.12000\t40.12000\tNorthland\t"
    "hills_governorate\tupper_district\t\tPPL\t11\t21\n"
    "ziyadah_qibliyah\tZiyadah Qibliyah\t\tvillage\t36.14000\t40.10000\tNorthland\t"
    "hills_governorate\tupper_district\t\tPPL\t12\t22\n"
    "far_village\tFar Village\t\tvillage\t36.90000\t40.90000\tNorthland\t"
    "hills_governorate\tupper_district\t\tPPL\t13\t23\n"
    "old_depot\tOld Depot\t\tvillage\t36.2\t40.2\tNorthland\thills_governorate\t\t\tPPL\t14\t24\n"
)
SOUTH_ADMIN = ADMIN_HEADER + (
    "southland\tSouthland\t\tcountry\tSouthland\t\t30.0\t40.0\t4\n"
    "sands_governorate\tSands\t\tgovernorate\tSouthland\tsouthland\t30.0\t40.0\t5\n"
)
SOUTH_PLACES = LOCALITY_HEADER + (
    "tall_maqam_31\tTall Maqam\t\tvillage\t30.10000\t40.10000\tSouthland\tsands_governorate\t"
    "\t\tPPL\t15\t31\n"
)
FACILITIES = (
    "id\tname\taliases\tkind\tlat\tlon\tcountry\tgovernorate\tprecision_km\tsource_url\n"
    "hills_dam\tHills Dam\tQasr Dam\tdam\t36.3\t40.3\tNorthland\tHills\t0.5\thttps://example.org/dam\n"
    "old_depot\tOld Depot Base\t\tbase\t36.21\t40.21\tNorthland\tHills\t1\thttps://example.org/b\n"
)
ALIASES = "name\talias\tcountry\tnote\nQasr Hills\tQasrville\tNorthland\tcommon spelling\n"
RIVER = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"kind": "river"},
            "geometry": {
                "type": "LineString",
                "coordinates": [[39.0, 35.0], [40.1, 36.1], [42.0, 38.0]],
            },
        }
    ],
}
OUTLINES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"id": "hills_governorate"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [
                    [[[39.5, 35.5], [40.5, 35.5], [40.5, 36.5], [39.5, 36.5], [39.5, 35.5]]],
                    [[[41.0, 37.0], [41.1, 37.0], [41.1, 37.1], [41.0, 37.0]]],
                ],
            },
        }
    ],
}


def write_gazetteer(folder: Path) -> Path:
    """Two invented countries, a Tall Maqam in each, a dam, an alias, a river and an outline."""
    files = {
        "northland/admin.tsv": NORTH_ADMIN,
        "northland/localities.tsv": NORTH_PLACES,
        "northland/rivers.geojson": json.dumps(RIVER),
        "northland/boundaries.geojson": json.dumps(OUTLINES),
        "southland/admin.tsv": SOUTH_ADMIN,
        "southland/localities.tsv": SOUTH_PLACES,
        "southland/rivers.geojson": json.dumps(RIVER),  # the same river twice: one line
        "facilities.tsv": FACILITIES,
        "aliases.tsv": ALIASES,
        "ATTRIBUTION.txt": "Invented for the tests.\n",
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_gazetteer(tmp_path / "gazetteer")


@pytest.fixture
def store(folder: Path) -> Store:
    return Store.of_folder(folder)


def ids(store: Store, tier: int, name: str) -> dict[str, int]:
    """The entries a name finds on one tier, with the quality of the name."""
    key = {EXACT: place_key, LOOSE: loose_key, SKELETON: skeleton}[tier](name)
    found = store.keyed(tier, [key]).get(key, [])
    entries = store.entries(n for n, _q in found)
    return {entries[n].id: quality for n, quality in found}


def test_every_row_is_indexed_once(store: Store) -> None:
    # 3 + 2 units, 5 + 1 localities, 2 facilities of which one is the locality old_depot.
    assert store.meta["entries"] == "12"
    assert store.countries == ("northland", "southland")
    depot = store.get("old_depot")
    assert depot is not None
    assert (depot.name, depot.kind, depot.curated, depot.lat) == (
        "Old Depot Base",
        "base",
        True,
        36.21,
    )


def test_names_are_found_under_each_key(store: Store) -> None:
    assert ids(store, EXACT, "Tall Maqam") == {"tall_maqam": 0, "tall_maqam_31": 0}
    assert ids(store, EXACT, "Tell Makam") == {"tall_maqam": 2}  # a variant spelling
    assert ids(store, LOOSE, "Tal Maqaam") == {"tall_maqam": 0, "tall_maqam_31": 0}
    assert ids(store, EXACT, "Qasrville") == {"qasr_hills": 1}  # a name reporting uses
    assert ids(store, EXACT, "Ziyadah") == {"ziyadah_qibliyah": 2}  # the twin's word left out
    assert ids(store, EXACT, "Hills Province") == {"hills_governorate": 1}
    assert "qasr_hills" in ids(store, SKELETON, "Qasr Hils")


def test_seats_outlines_and_lines(store: Store) -> None:
    hills = store.get("hills_governorate")
    assert hills is not None
    assert hills.seat == "qasr_hills"  # its only city
    rings = store.outline("hills_governorate")
    assert [len(r) for r in rings] == [5, 4]
    assert rings[0][1] == (35.5, 40.5)  # GeoJSON's [lon, lat] read as (lat, lon)
    lines = store.lines(35.9, 40.0, 36.2, 40.2)
    assert lines == [("river", [(35.0, 39.0), (36.1, 40.1), (38.0, 42.0)])]
    assert store.lines(10, 10, 11, 11) == []


def test_around_a_point(store: Store) -> None:
    near = store.around((36.1, 40.1), 5.0)
    assert [e.id for _km, e in near] == ["qasr_hills", "tall_maqam", "ziyadah_qibliyah"]
    assert near[1][0] == pytest.approx(distance_km((36.1, 40.1), (36.12, 40.12)))


def test_what_a_scenario_carries(store: Store) -> None:
    part = subset(store, ["tall_maqam"])
    carried = {p.id for p in part.places}
    # The named village, the city of its governorate, the villages within 10 km; not the one
    # 110 km away, nor Southland's namesake.
    assert carried == {"tall_maqam", "qasr_hills", "ziyadah_qibliyah"}
    assert [r.id for r in part.regions] == ["hills_governorate", "upper_district"]
    maqam = next(p for p in part.places if p.id == "tall_maqam")
    assert (maqam.governorate, maqam.district) == ("Hills", "Upper")
    assert list(part.outlines) == ["hills_governorate"]
    assert len(part.outlines["hills_governorate"]) == 5  # the largest ring, not the islet
    (line,) = part.lines
    assert line[0] == "river"
    assert line[1][0] == (35.0, 39.0)  # the point before the box, so the line reaches its edge


def test_an_index_file_is_used_while_it_matches_its_folder(folder: Path) -> None:
    target = folder / "index.sqlite"
    build(folder, target).close()
    assert index.stale(target, folder) == ""
    assert Store.of_folder(folder).label == str(target)
    places = folder / "northland" / "localities.tsv"
    os.utime(places, ns=(places.stat().st_atime_ns, places.stat().st_mtime_ns + 10**9))
    assert index.stale(target, folder) == ""  # touched by a checkout, the same files
    places.write_text(NORTH_PLACES.replace("Far Village", "Farther Village"), encoding="utf-8")
    assert "older than the files" in index.stale(target, folder)
    assert Store.of_folder(folder).label == str(folder)  # indexed in memory instead


# ------------------------------------------------------------------------- bad folders


def _fails(folder: Path) -> str:
    with pytest.raises(FrontlineError) as caught:
        build(folder)
    (problem,) = caught.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "northland/localities.tsv",
            "id\tname\n",
            "localities.tsv:1: the header lacks the column(s) aliases",
        ),
        (
            "northland/localities.tsv",
            NORTH_PLACES + "cut\tCut\t\tvillage\t36.1",
            "localities.tsv:7: 5 fields where the header has 13 (the file is cut off here)",
        ),
        (
            "northland/localities.tsv",
            NORTH_PLACES.replace("36.12000", "north", 1),
            "localities.tsv:3: lat must be a number, not 'north'",
        ),
        (
            "northland/localities.tsv",
            NORTH_PLACES.replace("36.12000", "96.5", 1),
            "localities.tsv:3: lat 96.5 is out of range",
        ),
        (
            "northland/localities.tsv",
            NORTH_PLACES.replace("far_village", "tall_maqam"),
            "localities.tsv:5: id 'tall_maqam' is used twice (also",
        ),
        (
            "northland/localities.tsv",
            NORTH_PLACES.replace("\tupper_district\t\tPPL\t11", "\tlower_district\t\tPPL\t11"),
            "localities.tsv:3: unknown district 'lower_district'",
        ),
        (
            "northland/localities.tsv",
            NORTH_PLACES.replace("\tvillage\t", "\thamlet\t", 1),
            "localities.tsv:3: unknown kind 'hamlet'",
        ),
        (
            "northland/admin.tsv",
            NORTH_ADMIN.replace("\tnorthland\t36", "\tnowhere\t36"),
            "admin.tsv:3: unknown parent 'nowhere'",
        ),
        (
            "facilities.tsv",
            FACILITIES.replace("Northland\tHills", "Northland\tDunes", 1),
            "facilities.tsv:2: unknown governorate 'Dunes'",
        ),
        (
            "northland/rivers.geojson",
            '{"type": "FeatureCollection",\n "features": [}',
            "rivers.geojson:2: not JSON",
        ),
        (
            "northland/boundaries.geojson",
            json.dumps({"features": [{"properties": {"id": "x"}}]}),
            "the outline of an unknown unit 'x'",
        ),
    ],
)
def test_a_bad_file_names_its_line(folder: Path, file: str, text: str, expected: str) -> None:
    (folder / file).write_text(text, encoding="utf-8")
    message = _fails(folder)
    assert expected in message
    assert message.startswith(str(folder / file))


def test_folders_that_are_no_gazetteer(tmp_path: Path) -> None:
    assert "not a gazetteer folder" in _fails(tmp_path)
    (tmp_path / "land").mkdir()
    (tmp_path / "land" / "localities.tsv").write_text(LOCALITY_HEADER, encoding="utf-8")
    assert "needs admin.tsv" in _fails(tmp_path)
    with pytest.raises(FrontlineError, match="no such gazetteer folder"):
        Store.of_folder(tmp_path / "nowhere")


def test_a_damaged_index_is_one_message(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "index.sqlite"
    build(folder, target).close()
    whole = target.read_bytes()
    target.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FrontlineError, match="not a whole gazetteer index"):
        Store.open_index(target)
    target.write_bytes(b"not a database at all" * 10)
    with pytest.raises(FrontlineError, match="not a whole gazetteer index"):
        Store.open_index(target)
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    db.commit()
    db.close()
    with pytest.raises(FrontlineError, match="not a gazetteer index of this version"):
        Store.open_index(other)


def test_a_failed_build_leaves_the_old_index(folder: Path) -> None:
    target = folder / "index.sqlite"
    build(folder, target).close()
    before = target.read_bytes()
    (folder / "aliases.tsv").write_text("name\talias\n", encoding="utf-8")
    with pytest.raises(FrontlineError):
        build(folder, target)
    assert target.read_bytes() == before
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


# --------------------------------------------------------------------- the bundled one


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.skipif(not BUNDLED_SOURCES.is_dir(), reason="an installed copy has no sources")
def test_the_bundled_index_holds_every_row_of_its_files() -> None:
    localities = {
        r["id"] for country in BUNDLED_SOURCES.iterdir() if country.is_dir()
        for r in _rows(country / "localities.tsv")
    }  # fmt: skip
    units = [r for c in BUNDLED_SOURCES.iterdir() if c.is_dir() for r in _rows(c / "admin.tsv")]
    facilities = {r["id"] for r in _rows(BUNDLED_SOURCES / "facilities.tsv")}
    # A facility with a locality's id is that place, hand-checked: one entry, not two.
    expected = len(localities) + len(units) + len(facilities - localities)
    store = Store.bundled()
    assert int(store.meta["entries"]) == expected
    assert store.countries == ("iraq", "libya", "syria", "ukraine")


def test_the_bundled_gazetteer_knows_reporting_names() -> None:
    store = Store.bundled()
    kobani = ids(store, EXACT, "Kobani")
    assert kobani["ayn_al_arab"] == 1  # from the aliases table
    tabqa = store.get("tabqa_dam")
    assert tabqa is not None
    assert (tabqa.kind, tabqa.curated, tabqa.precision_km) == ("dam", True, 0.5)


# ------------------------------------------------------------------- the command line


def test_find_lists_every_bearer_with_where_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "gazetteer", "find", "Zezoun")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "name", "kind"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert "Hama" in rows["zayzun_11556267"]
    assert "Daraa" in rows["zayzun_162444"]


def test_find_near_a_place_and_in_a_country(capsys: pytest.CaptureFixture[str]) -> None:
    found = json.loads(
        run(capsys, "gazetteer", "find", "Zezoun", "--near", "Jisr al-Shughur", "--json")[1]
    )
    assert found[0]["id"] == "zayzun_11556267"
    assert found[0]["km"] < 60 < found[1]["km"]
    assert {"id", "name", "kind", "country", "governorate", "district", "lat", "lon"} <= set(
        found[0]
    )
    status, out, _err = run(capsys, "gazetteer", "find", "Zezoun", "--country", "libya")
    assert status == 1
    assert out.strip() == "no place called 'Zezoun' in " + str(Store.bundled().label)


def test_find_in_a_folder_and_bad_folders(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "gazetteer", "find", "Qasrville", "--gazetteer", str(folder))
    assert status == 0
    assert "qasr_hills" in out
    status, out, err = run(capsys, "gazetteer", "find", "x", "--gazetteer", str(folder / "no"))
    assert (status, out) == (2, "")
    assert err.strip() == f"frontline: error: {folder / 'no'}: no such gazetteer folder"


def test_index_a_folder(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "gazetteer", "index", str(folder))
    assert status == 0
    assert out.strip() == f"{folder / 'index.sqlite'}: 12 places and admin units indexed"
    assert Store.of_folder(folder).label == str(folder / "index.sqlite")


def test_an_unknown_place_suggests_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "at", "2014-05-08", "--place", "Mayadn")
    assert (status, out) == (2, "")
    assert "unknown place 'Mayadn'; did you mean Mayadin or " in err
    status, out, err = run(capsys, "timeline", "Abu Kamel")  # a spelling of it: no question
    assert (status, err) == (0, "")
    assert out.startswith("Abu Kamal (abu_kamal)\n")
    status, out, err = run(capsys, "timeline", "al-Hajeen")
    assert (status, err) == (0, "")
    assert out.startswith("Hajin (hajin)\n")


def test_namesakes_are_said_which_is_which(capsys: pytest.CaptureFixture[str]) -> None:
    # "at-Tabiyah" as the article writes it: the place written so is meant, and the others of
    # that name are described, each with what tells it apart.
    status, out, err = run(capsys, "timeline", "at-Tabiyah")
    assert status == 0
    assert out.startswith("At-Tabiyah (at_tabiyah)")
    taken, others = err.split("; the name is also ", 1)
    assert "is taken as at_tabiyah (At-Tabiyah, village, Deir ez-Zor district, " in taken
    assert "south bank, 35.250, 40.296" in others  # GeoNames 172356, the README's doubtful row
    assert others.strip().endswith("give an id for another")


def test_bad_gazetteers_on_the_command_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Hills (2016)\n\nOn 2 May 2016, rebels took Qasr Hills.\n", encoding="utf-8")
    status, out, err = run(capsys, "extract", str(article), "--gazetteer", str(folder))
    assert (status, err) == (0, "")
    assert "Qasr Hills" in out
    places = folder / "northland" / "localities.tsv"
    places.write_text(NORTH_PLACES + "cut\tCut\t", encoding="utf-8")
    status, out, err = run(capsys, "extract", str(article), "--gazetteer", str(folder))
    assert (status, out) == (2, "")
    cut = "3 fields where the header has 13 (the file is cut off here)"
    assert err == f"frontline: error: {places}:7: {cut}\n"
    dump = tmp_path / "XX.txt"
    dump.write_text("1\tOnly\tOnly\t\t1.0\t2.0\tP\tPPL\n", encoding="utf-8")
    status, out, err = run(capsys, "gazetteer", "import", str(dump), "-o", str(tmp_path / "out"))
    assert (status, out) == (2, "")
    assert err == f"frontline: error: {dump}:1: 8 columns, a GeoNames dump has 19\n"
    assert not (tmp_path / "out").exists()


def test_import_a_geonames_dump_and_extract_with_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def row(*fields: str) -> str:
        return "\t".join(fields) + "\n"

    dump = tmp_path / "ZQ.txt"
    dump.write_text(
        row("1", "Zaqland", "Zaqland", "", "15.0", "45.0", "A", "PCLI", "ZQ", "", "00", "", "", "",
            "0", "", "", "", "2020-01-01")
        + row("2", "Marib", "Marib", "Ma'rib", "15.4", "45.3", "A", "ADM1", "ZQ", "", "01", "",
              "", "", "0", "", "", "", "2020-01-01")
        + row("3", "Harib", "Harib", "Harib al-Qaramish", "15.5", "45.4", "P", "PPLA2", "ZQ",
              "", "01", "", "", "", "12000", "", "", "", "2020-01-01")
        + row("4", "Sirwah", "Sirwah", "", "15.45", "45.02", "P", "PPL", "ZQ", "", "01", "", "",
              "", "0", "", "", "", "2020-01-01"),
        encoding="utf-8",
    )  # fmt: skip
    out_folder = tmp_path / "zaqland"
    status, out, err = run(capsys, "gazetteer", "import", str(dump), "-o", str(out_folder))
    assert (status, err) == (0, "")
    assert out.startswith(f"{out_folder}: 2 places, 1 governorates, 0 districts and 0 facilities")
    assert (out_folder / "index.sqlite").is_file()
    article = tmp_path / "article.txt"
    article.write_text(
        "Marib (2021)\n\nOn 3 May 2021, rebels took Harib al-Qaramish and Sirwah.\n",
        encoding="utf-8",
    )
    status, out, err = run(
        capsys, "extract", str(article), "--gazetteer", str(out_folder), "--format", "jsonl"
    )
    assert (status, err) == (0, "")
    found = [json.loads(line) for line in out.splitlines()]
    assert [(r["place_id"], r["lat"]) for r in found] == [("harib", 15.5), ("sirwah", 15.45)]


def test_a_bare_kind_of_place_is_no_name_of_one(tmp_path: Path) -> None:
    # Translated labels give a dam the alias "Dam" and an airbase "Air Base": each names any.
    folder = write_gazetteer(tmp_path / "gazetteer")
    (folder / "facilities.tsv").write_text(
        FACILITIES.replace("\tQasr Dam\t", "\tQasr Dam;Dam;Air Base\t"), encoding="utf-8"
    )
    store = Store.of_folder(folder)
    assert "hills_dam" in ids(store, EXACT, "Qasr Dam")
    assert ids(store, EXACT, "Dam") == {}
    assert ids(store, EXACT, "air base") == {}


def test_a_tsv_row_is_read_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text(
        "id\tname\t\tlat\n"  # a column without a heading is nobody's
        " a \tAlpha\tx\t1.5\n"  # cells are stripped
        "\n"  # a blank line is no row
        "b\tBeta\n"  # a short row: its last cells are empty
        "c\tGamma\ty\t2\textra\n",  # a cell beyond the header is dropped
        encoding="utf-8",
    )
    assert list(read_tsv(path)) == [
        (2, {"id": "a", "name": "Alpha", "lat": "1.5"}),
        (4, {"id": "b", "name": "Beta", "lat": ""}),
        (5, {"id": "c", "name": "Gamma", "lat": "2"}),
    ]

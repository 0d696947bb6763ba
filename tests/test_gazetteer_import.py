"""Importing a GeoNames country dump as a gazetteer folder (engine/gazetteer/geonames.py).

The dumps here are invented: Zedland (code ZZ), two governorates, two districts, eight
populated places and four facilities, in the 19 tab-separated columns of a GeoNames dump.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from engine.errors import FrontlineError
from engine.gazetteer import geonames
from engine.gazetteer.geonames import Imported, import_geonames
from engine.gazetteer.index import build

LOCALITY_HEADER = [
    "id", "name", "aliases", "kind", "lat", "lon", "country", "governorate", "district",
    "population", "feature_code", "wof_id", "geonames_id",
]  # fmt: skip
ADMIN_HEADER = ["id", "name", "aliases", "kind", "country", "parent", "lat", "lon", "wof_id"]
FACILITY_HEADER = [
    "id", "name", "aliases", "kind", "lat", "lon", "country", "governorate", "precision_km",
    "source_url",
]  # fmt: skip


def row(gid: str, name: str, ascii_name: str, alternates: str, lat: str, lon: str,
        feature: str, admin1: str = "", admin2: str = "", population: str = "0",
        country: str = "ZZ") -> str:  # fmt: skip
    """One line of a GeoNames dump; `feature` is "class.code"."""
    feature_class, feature_code = feature.split(".")
    fields = [
        gid, name, ascii_name, alternates, lat, lon, feature_class, feature_code, country, "",
        admin1, admin2, "", "", population, "", "120", "Asia/Aden", "2024-01-01",
    ]  # fmt: skip
    assert len(fields) == 19
    return "\t".join(fields)


ZEDLAND = [
    row("100", "Zedland", "Zedland", "زدلاند,Zed,Republic of Zedland", "15.5", "47.5", "A.PCLI",
        population="30000000"),
    row("201", "North Zed", "North Zed", "شمال زد,Nord-Zed,Northern Zed", "16.0", "45.0",
        "A.ADM1", "01"),
    row("202", "Ṣaḥrā’", "Sahra", "", "14.25", "48.125", "A.ADM1", "02"),
    row("301", "Upper Vale", "Upper Vale", "", "16.1", "45.2", "A.ADM2", "01", "0101"),
    row("302", "Sahra Coast", "Sahra Coast", "", "14.0", "48.5", "A.ADM2", "02", "0201"),
    row("401", "Zed City", "Zed City", "مدينة زد,Zedcity,Zed City,Zed-City,Zedcity", "15.35472",
        "44.20667", "P.PPLC", "01", "0101", "2500000"),
    row("402", "Bayt al-Faqīh", "Bayt al-Faqih", "بيت الفقيه,Beit el Fakih", "14.51654",
        "43.32446", "P.PPLA2", "02", "0201"),
    row("403", "Al Qaryah", "Al Qaryah", "", "16.2", "45.1", "P.PPL", "01", "0101", "500"),
    row("404", "Al Qaryah", "Al Qaryah", "", "14.1", "48.3", "P.PPL", "02", "0201"),
    row("405", "Market Quarter", "", "", "15.36", "44.21", "P.PPLX", "01", "0101"),
    row("406", "Old Town Ruins", "Old Town Ruins", "", "15.0", "45.0", "P.PPLQ", "01"),
    row("407", "Port Zed", "Port Zed", "", "14.3", "48.9", "P.PPL", "02", "", "150000"),
    row("408", "Wadi Town", "Wadi Town", "Wadi Town;Bad,Wādī Tawn", "15.8", "46.0", "P.PPL",
        population="12000"),
    row("409", "Zedland", "Zedland", "", "16.3", "45.3", "P.PPL", "01"),
    row("410", "Zed International Airport", "Zed International Airport", "OYZZ,ZZC,مطار زد",
        "15.47625", "44.21972", "S.AIRP", "01", "0101"),
    row("411", "Jabal Zed", "Jabal Zed", "", "14.6", "48.0", "T.MT", "02"),
    row("412", "Wadi Town", "Wadi Town", "", "15.81", "46.02", "S.DAM"),
    row("413", "Grand Hotel", "Grand Hotel", "", "15.35", "44.2", "S.HTL", "01"),
    row("414", "Wadi Zed", "Wadi Zed", "", "15.7", "46.1", "H.WAD", "01"),
    row("415", "Burnt Village", "Burnt Village", "", "15.2", "45.4", "P.PPLW", "01"),
    row("416", "Al Qaryah", "Al Qaryah", "قلعة القرية", "16.25", "45.15", "S.CSTL", "01"),
]  # fmt: skip

ADMIN1 = [
    "YY.01\tElsewhere\tElsewhere\t999",
    "ZZ.01\tShamal Zed\tShamal Zed\t201",
    "ZZ.02\tSahra\tSahra\t202",
    "ZZ.03\tEast Zed\tEast Zed\t203",
]


def write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_text("".join(line + end for line in lines), encoding="utf-8")
    return path


def table(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [line.split("\t") for line in text[:-1].split("\n")]


def column(rows: list[list[str]], name: str) -> list[str]:
    index = rows[0].index(name)
    return [r[index] for r in rows[1:]]


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def fails(call: Any, *args: Any, **kwargs: Any) -> str:
    """The one message of the FrontlineError a call raises."""
    with pytest.raises(FrontlineError) as caught:
        call(*args, **kwargs)
    assert len(caught.value.problems) == 1
    return str(caught.value)


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    return write(tmp_path / "ZZ.txt", ZEDLAND)


# ------------------------------------------------------------------------------ round trip


def test_import_reports_what_it_wrote(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "gazetteer"
    imported = import_geonames(dump, out)
    assert imported == Imported(
        folder=out, country="zedland", localities=8, governorates=2, districts=2, facilities=4
    )
    assert sorted(files(out)) == [
        "ATTRIBUTION.txt", "facilities.tsv", "zedland/admin.tsv", "zedland/localities.tsv",
    ]  # fmt: skip


def test_localities(dump: Path, tmp_path: Path) -> None:
    import_geonames(dump, tmp_path / "out")
    rows = table(tmp_path / "out" / "zedland" / "localities.tsv")
    assert rows == [
        LOCALITY_HEADER,
        ["al_qaryah_403", "Al Qaryah", "", "village", "16.2", "45.1", "Zedland",
         "north_zed_governorate", "upper_vale_district", "500", "PPL", "", "403"],
        ["al_qaryah_404", "Al Qaryah", "", "village", "14.1", "48.3", "Zedland",
         "sahra_governorate", "sahra_coast_district", "", "PPL", "", "404"],
        ["bayt_al_faqih", "Bayt al-Faqīh", "Bayt al-Faqih;Beit el Fakih;بيت الفقيه", "town",
         "14.51654", "43.32446", "Zedland", "sahra_governorate", "sahra_coast_district", "",
         "PPLA2", "", "402"],
        ["market_quarter", "Market Quarter", "", "quarter", "15.36", "44.21", "Zedland",
         "north_zed_governorate", "upper_vale_district", "", "PPLX", "", "405"],
        ["port_zed", "Port Zed", "", "city", "14.3", "48.9", "Zedland", "sahra_governorate", "",
         "150000", "PPL", "", "407"],
        ["wadi_town", "Wadi Town", "Wādī Tawn", "town", "15.8", "46", "Zedland", "", "",
         "12000", "PPL", "", "408"],
        ["zed_city", "Zed City", "Zedcity;Zed-City;مدينة زد", "city", "15.35472", "44.20667",
         "Zedland", "north_zed_governorate", "upper_vale_district", "2500000", "PPLC", "",
         "401"],
        ["zedland_409", "Zedland", "", "village", "16.3", "45.3", "Zedland",
         "north_zed_governorate", "", "", "PPL", "", "409"],
    ]  # fmt: skip


def test_admin_units(dump: Path, tmp_path: Path) -> None:
    import_geonames(dump, tmp_path / "out")
    rows = table(tmp_path / "out" / "zedland" / "admin.tsv")
    assert rows == [
        ADMIN_HEADER,
        ["zedland", "Zedland", "Zed;Republic of Zedland;زدلاند", "country", "Zedland", "",
         "15.5", "47.5", ""],
        ["north_zed_governorate", "North Zed", "Nord-Zed;Northern Zed;شمال زد", "governorate",
         "Zedland", "zedland", "16", "45", ""],
        ["sahra_governorate", "Ṣaḥrā’", "Sahra", "governorate", "Zedland", "zedland", "14.25",
         "48.125", ""],
        ["sahra_coast_district", "Sahra Coast", "", "district", "Zedland", "sahra_governorate",
         "14", "48.5", ""],
        ["upper_vale_district", "Upper Vale", "", "district", "Zedland",
         "north_zed_governorate", "16.1", "45.2", ""],
    ]  # fmt: skip


def test_facilities(dump: Path, tmp_path: Path) -> None:
    import_geonames(dump, tmp_path / "out")
    rows = table(tmp_path / "out" / "facilities.tsv")
    assert rows == [
        FACILITY_HEADER,
        ["al_qaryah_416", "Al Qaryah", "قلعة القرية", "citadel", "16.25", "45.15", "Zedland",
         "North Zed", "0.5", "https://www.geonames.org/416"],
        ["jabal_zed", "Jabal Zed", "", "mountain", "14.6", "48", "Zedland", "Ṣaḥrā’", "5",
         "https://www.geonames.org/411"],
        ["wadi_town_412", "Wadi Town", "", "dam", "15.81", "46.02", "Zedland", "", "0.5",
         "https://www.geonames.org/412"],
        ["zed_international_airport", "Zed International Airport", "OYZZ;ZZC;مطار زد",
         "airport", "15.47625", "44.21972", "Zedland", "North Zed", "0.5",
         "https://www.geonames.org/410"],
    ]  # fmt: skip


def test_attribution_names_geonames_and_the_file(dump: Path, tmp_path: Path) -> None:
    import_geonames(dump, tmp_path / "out")
    text = (tmp_path / "out" / "ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert "GeoNames (www.geonames.org)" in text
    assert "CC BY 4.0" in text
    assert "ZZ.txt" in text
    assert str(tmp_path) not in text


def test_no_facilities_means_no_facilities_file(tmp_path: Path) -> None:
    dump = write(tmp_path / "ZZ.txt", [line for line in ZEDLAND if "\tS\t" not in line
                                       and "\tT\t" not in line])  # fmt: skip
    imported = import_geonames(dump, tmp_path / "out")
    assert imported.facilities == 0
    assert not (tmp_path / "out" / "facilities.tsv").exists()


def test_a_dump_without_its_country_row_is_named_by_its_code(tmp_path: Path) -> None:
    dump = write(tmp_path / "ZZ.txt", ZEDLAND[1:])
    imported = import_geonames(dump, tmp_path / "out")
    assert imported.country == "zz"
    admin = table(tmp_path / "out" / "zz" / "admin.tsv")
    assert admin[1] == ["zz", "ZZ", "", "country", "ZZ", "", "", "", ""]
    assert set(column(admin, "country")) == {"ZZ"}
    assert set(column(table(tmp_path / "out" / "zz" / "localities.tsv"), "country")) == {"ZZ"}
    # A place named like the country no longer meets the country's id.
    assert "zedland" in column(table(tmp_path / "out" / "zz" / "localities.tsv"), "id")


def test_kinds_follow_feature_code_and_population(tmp_path: Path) -> None:
    dump = write(tmp_path / "ZZ.txt", [
        row("1", "Capital", "Capital", "", "1", "1", "P.PPLC"),
        row("2", "Seat", "Seat", "", "1", "1", "P.PPLA"),
        row("3", "Big", "Big", "", "1", "1", "P.PPL", population="100000"),
        row("4", "Almost Big", "Almost Big", "", "1", "1", "P.PPL", population="99999"),
        row("5", "Second Seat", "Second Seat", "", "1", "1", "P.PPLA2"),
        row("6", "Third Seat", "Third Seat", "", "1", "1", "P.PPLA3"),
        row("7", "Fourth Seat", "Fourth Seat", "", "1", "1", "P.PPLA4"),
        row("8", "Small", "Small", "", "1", "1", "P.PPL", population="9999"),
        row("9", "Section", "Section", "", "1", "1", "P.PPLX"),
        row("10", "Historic", "Historic", "", "1", "1", "P.PPLH"),
        row("11", "Farm", "Farm", "", "1", "1", "P.PPLF"),
    ])  # fmt: skip
    import_geonames(dump, tmp_path / "out")
    rows = table(tmp_path / "out" / "zz" / "localities.tsv")
    assert dict(zip(column(rows, "id"), column(rows, "kind"), strict=True)) == {
        "capital": "city", "seat": "city", "big": "city", "almost_big": "town",
        "second_seat": "town", "third_seat": "town", "fourth_seat": "town", "small": "village",
        "section": "quarter", "farm": "village",
    }  # fmt: skip


def test_ids_are_ascii_slugs_of_the_names(tmp_path: Path) -> None:
    dump = write(tmp_path / "ZZ.txt", [
        row("1", "Ṣan‘ā’", "San'a'", "", "15.35", "44.2", "P.PPLC"),
        row("2", "ذمار", "Dhamar", "", "14.5", "44.4", "P.PPLA"),
        row("3", "Al `Udayn", "Al `Udayn", "", "13.9", "44.3", "P.PPL"),
        row("4", "Ḩajjah", "Hajjah", "", "15.7", "43.6", "P.PPLA"),
        row("5", "قرية", "", "", "15.1", "44.1", "P.PPL"),
        row("6", "Two\x0bLines\x85Here", "Two Lines Here", "", "15.2", "44.2", "P.PPL"),
    ])  # fmt: skip
    import_geonames(dump, tmp_path / "out")
    rows = table(tmp_path / "out" / "zz" / "localities.tsv")
    assert column(rows, "id") == [
        "al_udayn", "dhamar", "geonames_5", "hajjah", "sana", "two_lines_here",
    ]  # fmt: skip
    assert column(rows, "name") == ["Al `Udayn", "ذمار", "قرية", "Ḩajjah", "Ṣan‘ā’",
                                    "Two Lines Here"]  # fmt: skip
    assert column(rows, "aliases") == ["", "Dhamar", "", "Hajjah", "San'a'", ""]


# ------------------------------------------------------------------------------ admin1 names


def test_admin1_names_win_and_add_a_missing_governorate(dump: Path, tmp_path: Path) -> None:
    admin1 = write(tmp_path / "admin1CodesASCII.txt", ADMIN1)
    imported = import_geonames(dump, tmp_path / "out", admin1=admin1)
    assert imported.governorates == 3
    admin = table(tmp_path / "out" / "zedland" / "admin.tsv")
    assert admin[1:] == [
        ["zedland", "Zedland", "Zed;Republic of Zedland;زدلاند", "country", "Zedland", "",
         "15.5", "47.5", ""],
        ["east_zed_governorate", "East Zed", "", "governorate", "Zedland", "zedland", "", "",
         ""],
        ["sahra_governorate", "Sahra", "Ṣaḥrā’", "governorate", "Zedland", "zedland", "14.25",
         "48.125", ""],
        ["shamal_zed_governorate", "Shamal Zed", "North Zed;Nord-Zed;Northern Zed;شمال زد",
         "governorate", "Zedland", "zedland", "16", "45", ""],
        ["sahra_coast_district", "Sahra Coast", "", "district", "Zedland", "sahra_governorate",
         "14", "48.5", ""],
        ["upper_vale_district", "Upper Vale", "", "district", "Zedland",
         "shamal_zed_governorate", "16.1", "45.2", ""],
    ]  # fmt: skip
    localities = table(tmp_path / "out" / "zedland" / "localities.tsv")
    assert column(localities, "governorate")[-2:] == [
        "shamal_zed_governorate", "shamal_zed_governorate",
    ]  # fmt: skip
    facilities = table(tmp_path / "out" / "facilities.tsv")
    assert column(facilities, "governorate") == ["Shamal Zed", "Sahra", "", "Shamal Zed"]
    attribution = (tmp_path / "out" / "ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert "ZZ.txt" in attribution
    assert "admin1CodesASCII.txt" in attribution


# ------------------------------------------------------------------------------ determinism


def test_two_imports_write_the_same_bytes(dump: Path, tmp_path: Path) -> None:
    admin1 = write(tmp_path / "admin1CodesASCII.txt", ADMIN1)
    import_geonames(dump, tmp_path / "one", admin1=admin1)
    import_geonames(dump, tmp_path / "two", admin1=admin1)
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_the_order_of_the_dump_does_not_matter(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    forward = write(tmp_path / "a" / "ZZ.txt", ZEDLAND)
    backward = write(tmp_path / "b" / "ZZ.txt", [ZEDLAND[0], *reversed(ZEDLAND[1:])])
    import_geonames(forward, tmp_path / "one")
    import_geonames(backward, tmp_path / "two")
    assert files(tmp_path / "one") == files(tmp_path / "two")


# ------------------------------------------------------------------------------ bad input


def test_a_missing_dump(tmp_path: Path) -> None:
    missing = tmp_path / "YE.txt"
    message = fails(import_geonames, missing, tmp_path / "out")
    assert str(missing) in message
    assert "cannot read" in message
    assert not (tmp_path / "out").exists()


def test_a_dump_that_is_not_utf8(tmp_path: Path) -> None:
    dump = tmp_path / "ZZ.txt"
    dump.write_bytes(
        (ZEDLAND[0] + "\n" + ZEDLAND[1] + "\n").encode() + b"\xff\xfe" + ZEDLAND[2].encode()
    )
    message = fails(import_geonames, dump, tmp_path / "out")
    assert message.startswith(f"{dump}:3: not UTF-8")


def test_a_line_of_the_wrong_width(tmp_path: Path) -> None:
    short = "\t".join(ZEDLAND[1].split("\t")[:12])
    dump = write(tmp_path / "ZZ.txt", [ZEDLAND[0], short, *ZEDLAND[2:]])
    message = fails(import_geonames, dump, tmp_path / "out")
    assert message == f"{dump}:2: 12 columns, a GeoNames dump has 19"


@pytest.mark.parametrize(
    ("lat", "lon", "said"),
    [
        ("abc", "44.2", "latitude 'abc' is not a number"),
        ("95.1", "44.2", "latitude 95.1 is out of range"),
        ("15.3", "", "longitude '' is not a number"),
        ("15.3", "181", "longitude 181 is out of range"),
        ("nan", "44.2", "latitude 'nan' is not a number"),
    ],
)
def test_a_bad_coordinate(tmp_path: Path, lat: str, lon: str, said: str) -> None:
    bad = row("499", "Somewhere", "Somewhere", "", lat, lon, "P.PPL")
    dump = write(tmp_path / "ZZ.txt", [*ZEDLAND[:4], bad, *ZEDLAND[4:]])
    message = fails(import_geonames, dump, tmp_path / "out")
    assert message.startswith(f"{dump}:5: {said}")


@pytest.mark.parametrize("population", ["12.5", "-3", "many"])
def test_a_population_that_is_not_a_whole_number(tmp_path: Path, population: str) -> None:
    bad = row("499", "Somewhere", "Somewhere", "", "15", "44", "P.PPL", population=population)
    dump = write(tmp_path / "ZZ.txt", [*ZEDLAND[:6], bad])
    message = fails(import_geonames, dump, tmp_path / "out")
    assert message == f"{dump}:7: population {population!r} is not a whole number"


def test_an_admin1_line_of_the_wrong_width(dump: Path, tmp_path: Path) -> None:
    admin1 = write(tmp_path / "admin1CodesASCII.txt", [ADMIN1[0], "ZZ.01\tShamal Zed\t201"])
    message = fails(import_geonames, dump, tmp_path / "out", admin1=admin1)
    assert message == f"{admin1}:2: 3 columns, admin1CodesASCII.txt has 4"
    assert not (tmp_path / "out").exists()


def test_a_missing_admin1_file(dump: Path, tmp_path: Path) -> None:
    admin1 = tmp_path / "admin1CodesASCII.txt"
    message = fails(import_geonames, dump, tmp_path / "out", admin1=admin1)
    assert message.startswith(f"{admin1}: cannot read")


def test_a_dump_without_populated_places(tmp_path: Path) -> None:
    dump = write(tmp_path / "ZZ.txt", [ZEDLAND[0], ZEDLAND[1], ZEDLAND[10]])  # 406 is a PPLQ
    message = fails(import_geonames, dump, tmp_path / "out")
    assert message.startswith(f"{dump}: no populated place")


def test_an_empty_dump(tmp_path: Path) -> None:
    dump = write(tmp_path / "ZZ.txt", [])
    assert fails(import_geonames, dump, tmp_path / "out").startswith(f"{dump}: no populated")


def test_a_dump_of_several_countries(tmp_path: Path) -> None:
    other = row("999", "Elsewhere", "Elsewhere", "", "10", "10", "P.PPL", country="YY")
    dump = write(tmp_path / "ZZ.txt", [*ZEDLAND[:2], other, *ZEDLAND[2:]])
    message = fails(import_geonames, dump, tmp_path / "out")
    assert message.startswith(f"{dump}:3: country code 'YY', where {dump}:1 has 'ZZ'")


def test_a_dump_larger_than_the_cap(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geonames, "MAX_INPUT_BYTES", 100)
    message = fails(import_geonames, dump, tmp_path / "out")
    assert message.startswith(f"{dump}: ")
    assert "GB" in message


def test_the_cap_is_two_gigabytes() -> None:
    assert geonames.MAX_INPUT_BYTES == 2_000_000_000


def test_an_empty_last_line_and_windows_line_ends_are_fine(tmp_path: Path) -> None:
    plain = write(tmp_path / "ZZ.txt", ZEDLAND)
    import_geonames(plain, tmp_path / "plain")
    (tmp_path / "crlf").mkdir()
    crlf = write(tmp_path / "crlf" / "ZZ.txt", [*ZEDLAND, ""], end="\r\n")
    import_geonames(crlf, tmp_path / "windows")
    assert files(tmp_path / "plain") == files(tmp_path / "windows")


# ------------------------------------------------------------------------------ writing


def test_a_non_empty_folder_is_refused_without_force(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    message = fails(import_geonames, dump, out)
    assert message.startswith(f"{out}: the folder is not empty")
    assert files(out) == {"notes.txt": b"mine\n"}


def test_an_empty_folder_needs_no_force(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert import_geonames(dump, out).localities == 8


def test_a_file_in_the_way_is_refused(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder\n", encoding="utf-8")
    assert fails(import_geonames, dump, out, force=True) == f"{out}: not a folder"


def test_force_replaces_the_files_of_an_import_and_keeps_the_rest(
    dump: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "zedland").mkdir(parents=True)
    (out / "zedland" / "localities.tsv").write_text("old\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    import_geonames(dump, out, force=True)
    assert files(out)["notes.txt"] == b"mine\n"
    assert len(table(out / "zedland" / "localities.tsv")) == 9
    import_geonames(dump, tmp_path / "fresh")
    assert {k: v for k, v in files(out).items() if k != "notes.txt"} == files(tmp_path / "fresh")


def test_force_removes_the_facilities_of_an_earlier_import(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_geonames(dump, out)
    assert (out / "facilities.tsv").exists()
    without = write(tmp_path / "places.txt", [line for line in ZEDLAND if "\tS\t" not in line
                                              and "\tT\t" not in line])  # fmt: skip
    import_geonames(without, out, force=True)
    assert not (out / "facilities.tsv").exists()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _old_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "zedland").mkdir(parents=True)
    (out / "zedland" / "admin.tsv").write_text("old admin\n", encoding="utf-8")
    (out / "zedland" / "localities.tsv").write_text("old places\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    return out


OLD_FILES = {
    "notes.txt": b"mine\n",
    "zedland/admin.tsv": b"old admin\n",
    "zedland/localities.tsv": b"old places\n",
}


def test_bad_input_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = _old_folder(tmp_path)
    dump = write(tmp_path / "ZZ.txt", [*ZEDLAND, "1\t2\t3"])
    fails(import_geonames, dump, out, force=True)
    assert files(out) == OLD_FILES
    assert _leftovers(tmp_path) == []


def test_a_folder_the_index_refuses_is_not_written(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []

    def refuse(folder: Path, target: Path | None = None) -> sqlite3.Connection:
        seen.append(folder)
        raise FrontlineError("id 'x' is used twice", f"{folder}/zedland/localities.tsv:3")

    monkeypatch.setattr(geonames, "build", refuse)
    out = _old_folder(tmp_path)
    message = fails(import_geonames, dump, out, force=True)
    assert len(seen) == 1
    assert message == (
        f"{out}/zedland/localities.tsv:3: the gazetteer index refuses the imported folder: "
        "id 'x' is used twice"
    )
    assert files(out) == OLD_FILES
    assert _leftovers(tmp_path) == []


def test_a_failed_move_puts_back_what_it_replaced(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _old_folder(tmp_path)
    real_replace = os.replace
    calls: list[str] = []

    def flaky_replace(source: Any, target: Any) -> None:
        calls.append(str(target))
        if len(calls) == 4:  # the new localities.tsv, after admin.tsv has been replaced
            raise OSError(28, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", flaky_replace)
    message = fails(import_geonames, dump, out, force=True)
    assert message.startswith(f"{out / 'zedland' / 'localities.tsv'}: cannot write")
    assert files(out) == OLD_FILES
    assert _leftovers(tmp_path) == []


def test_a_failed_first_import_leaves_no_folder(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def refuse(folder: Path, target: Path | None = None) -> sqlite3.Connection:
        raise FrontlineError("refused", str(folder))

    monkeypatch.setattr(geonames, "build", refuse)
    fails(import_geonames, dump, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------------------ the index


def test_the_index_accepts_the_folder(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_geonames(dump, out, admin1=write(tmp_path / "admin1CodesASCII.txt", ADMIN1))
    db = build(out)
    try:
        entries = {
            entry_id: (kind, governorate)
            for entry_id, kind, governorate in db.execute("SELECT id, kind, governorate FROM entry")
        }
    finally:
        db.close()
    assert len(entries) == 1 + 3 + 2 + 8 + 4
    assert entries["al_qaryah_416"] == ("citadel", "shamal_zed_governorate")
    assert entries["zedland"] == ("country", "")
    assert entries["upper_vale_district"] == ("district", "shamal_zed_governorate")
    assert entries["zed_city"] == ("city", "shamal_zed_governorate")
    assert entries["zed_international_airport"] == ("airport", "shamal_zed_governorate")
    assert entries["jabal_zed"] == ("mountain", "sahra_governorate")
    assert entries["wadi_town_412"] == ("dam", "")

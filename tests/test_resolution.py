"""Which place a name means, read against the bundled gazetteer of four countries.

The sentences are invented for these tests; the ids and points are those of the gazetteer's
files (gazetteer/world), looked up by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.extraction import extract, load_gazetteer
from engine.extraction.build import Draft, place_resolution
from engine.extraction.sources import GazetteerSource
from engine.extraction.writer import control_records
from engine.gazetteer.store import distance_km


@pytest.fixture(scope="module")
def world() -> GazetteerSource:
    return load_gazetteer()


def draft(text: str, source: GazetteerSource) -> Draft:
    return extract(text, source.for_text(text), store=source.store)


def records(text: str, source: GazetteerSource) -> list[dict[str, Any]]:
    return list(control_records(draft(text, source)))


def places(text: str, source: GazetteerSource) -> list[str]:
    return [r["place_id"] for r in records(text, source)]


def chosen(text: str, source: GazetteerSource) -> dict[str, str | None]:
    """Every name of a text and the place it was read as."""
    resolution = place_resolution(text, source.for_text(text), source.store)
    return {resolution.written[s]: c.id for s, c in resolution.choices.items()}


# ------------------------------------------------------------ homonyms across countries


def test_a_name_of_two_countries_is_placed_in_the_articles(world: GazetteerSource) -> None:
    iraq = "Fighting in Anbar (2016)\n\nOn 2 May 2016, Iraqi forces recaptured Hit from ISIL."
    assert places(iraq, world) == ["hit_95788"]  # Hīt on the Euphrates, not Homs's village
    syria = "Fighting near Homs (2016)\n\nOn 2 May 2016, the Syrian Army recaptured Hit near Homs."
    assert places(syria, world) == ["hit_173771"]


def test_a_dateline_says_where_a_report_is_and_is_no_place_of_it(
    world: GazetteerSource,
) -> None:
    text = (
        "Troops retake town\n\nBAGHDAD, May 3, 2016 (Frontline) - Iraqi troops recaptured Hit "
        "on Monday, officers said."
    )
    names = chosen(text, world)
    assert names["BAGHDAD"] is None
    assert names["Hit"] == "hit_95788"


def test_a_place_only_another_country_has_is_not_taken(world: GazetteerSource) -> None:
    # Kubaysah is a town of Iraq alone; a report on Libya does not put a place there.
    text = (
        "Sirte fighting (2016)\n\nOn 9 June 2016, Libyan forces fought ISIL in Sirte. On 10 June "
        "2016, ISIL took Sirte. On 11 June 2016, ISIL took Kubaysah."
    )
    resolution = place_resolution(text, world.for_text(text), world.store)
    (start,) = [s for s, w in resolution.written.items() if w == "Kubaysah"]
    assert resolution.choices[start].id is None
    assert "only a place in iraq" in resolution.choices[start].reason
    sirte, kubaysah = records(text, world)
    assert sirte["place_id"] == "sirte"
    assert kubaysah["place_id"] != "kubaysah"  # a place the gazetteer lacks, of this article
    assert kubaysah["lat"] is None


def test_nearness_to_the_paragraphs_places_decides(world: GazetteerSource) -> None:
    north = (
        "Ghab offensive (2015)\n\nOn 4 August 2015, rebels captured Jisr al-Shughur and "
        "Furaykah. On 5 August 2015, rebels captured Zezoun."
    )
    assert places(north, world)[-1] == "zayzun_11556267"  # the Ghab's, 3 km from Furaykah
    south = (
        "Daraa offensive (2015)\n\nOn 4 August 2015, rebels captured Tafas and Muzayrib. On 5 "
        "August 2015, rebels captured Zezoun."
    )
    assert places(south, world)[-1] == "zayzun_162444"  # Daraa's, 340 km away


def test_the_city_of_a_name_is_the_city(world: GazetteerSource) -> None:
    text = "Tikrit (2015)\n\nOn 31 March 2015, Iraqi forces recaptured the city of Tikrit."
    assert places(text, world) == ["tikrit_90150"]  # not the village or the district


def test_two_names_of_one_list_are_two_places(world: GazetteerSource) -> None:
    # Al Ma`murah has "Ras al-Ain" among its variants; named beside it, it is the other one.
    text = (
        "Qalamoun (2014)\n\nOn 3 April 2014, the Syrian Army captured Ras al-Ain, Rankous and "
        "Al-Maamoura."
    )
    found = places(text, world)
    assert found[-1] == "al_mamurah_173527"
    assert found[0] != "al_mamurah_173527"


# --------------------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Hasakeh", "al_hasakah"),
        ("Hasakah", "al_hasakah"),
        ("al-Hasakah", "al_hasakah"),
        ("Qamishlo", "al_qamishli_173377"),  # a Kurdish name of the aliases table
    ],
)
def test_spellings_of_a_town(written: str, expected: str, world: GazetteerSource) -> None:
    text = f"Hasakah clashes (2016)\n\nOn 20 August 2016, Kurdish forces took {written}."
    assert places(text, world) == [expected]


def test_spellings_of_qalamoun_towns(world: GazetteerSource) -> None:
    text = (
        "Qalamoun (2013)\n\nOn 28 November 2013, the Syrian Army recaptured Deir Attiyeh. On 9 "
        "December 2013, the Syrian Army took An-Nabek and Yabroud."
    )
    assert places(text, world) == ["dayr_atiyah", "an_nabk", "yabrud"]


def test_a_near_miss_in_the_articles_area_and_its_note(world: GazetteerSource) -> None:
    text = (
        "Qalamoun (2013)\n\nOn 9 December 2013, the Syrian Army took An-Nabek. On 10 December "
        "2013, the Syrian Army took Yabarud."
    )
    found = records(text, world)
    assert found[-1]["place_id"] == "yabrud"
    event = draft(text, world).control[-1].event
    assert "'Yabarud' is not in the gazetteer; read as Yabrud, the closest spelling" in event.note


# ---------------------------------------------------------------------- not places


def test_persons_and_news_agencies_are_no_places(world: GazetteerSource) -> None:
    text = (
        "Tal Afar (2017)\n\nOn 27 August 2017, Iraqi forces took Tal Afar, General Zammar said, "
        "and SANA reported clashes."
    )
    names = chosen(text, world)
    assert names["Zammar"] is None  # a village's name, after a title
    assert names.get("SANA") is None
    assert places(text, world) == ["tall_afar_90393"]  # the town, not the village 2 km off


# --------------------------------------------------------------- facilities and parts


def test_facilities_of_the_gazetteer(world: GazetteerSource) -> None:
    text = (
        "Kirkuk (2017)\n\nOn 16 October 2017, Iraqi forces took K-1 Air Base. On 7 August 2014, "
        "ISIL seized the Mosul Dam."
    )
    assert places(text, world) == ["k_1_air_base", "mosul_dam"]


def test_a_site_of_a_town_is_placed_at_the_town_never_as_it(world: GazetteerSource) -> None:
    text = (
        "Ghab offensive (2015)\n\nOn 4 August 2015, rebels captured Furaykah near Jisr "
        "al-Shughur. On 5 August 2015, rebels took the Zezoun power station."
    )
    site = records(text, world)[-1]
    assert site["place"] == "Zezoun power station"
    assert site["place_id"] not in ("zayzun_11556267", "zayzun_162444")
    assert (site["lat"], site["lon"]) == (35.71471, 36.35584)  # Zayzun of the Ghab
    new = {p.id: p for p in draft(text, world).new_places}[site["place_id"]]
    assert new.kind == "facility"
    assert new.precision_km == 1.0  # a village's point


def test_a_building_in_a_named_town(world: GazetteerSource) -> None:
    text = "Hasakah (2015)\n\nOn 25 June 2015, ISIL seized the central prison in Hasakeh."
    (prison,) = records(text, world)
    assert prison["place"] == "the central prison"
    assert (prison["lat"], prison["lon"]) == (36.50237, 40.74772)  # Al-Hasakah's point


def test_the_buildings_of_two_towns_are_two_places(world: GazetteerSource) -> None:
    text = (
        "Hasakah (2015)\n\nOn 25 June 2015, ISIL seized the central prison in Hasakeh. "
        "On 26 June 2015, ISIL seized the central prison in Qamishli."
    )
    first, second = records(text, world)
    assert first["place_id"] != second["place_id"]
    assert first["lat"] != second["lat"]


def test_its_power_station_is_the_towns(world: GazetteerSource) -> None:
    text = (
        "Ghab offensive (2015)\n\nOn 4 August 2015, rebels captured Jisr al-Shughur. On 6 August "
        "2015, rebels captured the town and its power station."
    )
    last = records(text, world)[-2:]
    town, station = last
    assert town["place_id"] == "jisr_al_shughur"
    assert station["place_id"] != "jisr_al_shughur"
    assert (station["lat"], station["lon"]) == (town["lat"], town["lon"])


def test_a_distance_in_the_text_places_a_new_place(world: GazetteerSource) -> None:
    text = (
        "Hasakah (2015)\n\nOn 25 June 2015, Kurdish forces captured a village 40 kilometres "
        "south of Hasakah."
    )
    (village,) = records(text, world)
    hasakah = (36.50237, 40.74772)
    assert distance_km((village["lat"], village["lon"]), hasakah) == pytest.approx(40, abs=0.5)
    assert village["lat"] < hasakah[0]
    (new,) = draft(text, world).new_places
    assert new.precision_km == 10.0  # a quarter of the distance: the direction is rounded
    assert "placed 40 km south of Al-Hasakah (±10 km)" in new.note


def test_a_distance_without_direction(world: GazetteerSource) -> None:
    text = (
        "Hasakah (2015)\n\nOn 25 June 2015, Kurdish forces captured Umm Qwertyah, 25 km from "
        "Hasakah."
    )
    (new,) = draft(text, world).new_places
    assert new.point == (36.50237, 40.74772)
    assert new.precision_km == 30.0  # anywhere 25 km around, and the city's own 5 km


def test_the_town_points_back_to_a_place_the_gazetteer_lacks(world: GazetteerSource) -> None:
    text = (
        "Hasakah (2015)\n\nOn 25 June 2015, ISIL captured the town of Qwertyville. Two days later, "
        "Kurdish forces recaptured the town."
    )
    first, second = records(text, world)
    assert first["place_id"] == second["place_id"] == "qwertyville"
    assert second["date"] == "2015-06-27"


def test_a_hill_named_for_a_village_is_placed_by_it(world: GazetteerSource) -> None:
    text = (
        "Ghab offensive (2015)\n\nOn 4 August 2015, rebels captured Jisr al-Shughur. On 5 August "
        "2015, rebels captured the hill of Tal Furaykah."
    )
    hill = records(text, world)[-1]
    assert hill["place"] == "Tal Furaykah"
    assert hill["place_id"] != "furaykah_170345"  # a hill of its own, not the village
    assert (hill["lat"], hill["lon"]) == (35.75995, 36.35985)  # at the village it is named for
    new = {p.id: p for p in draft(text, world).new_places}[hill["place_id"]]
    assert (new.kind, new.precision_km) == ("mound", 3.0)


def test_parts_of_a_city_by_its_possessive(world: GazetteerSource) -> None:
    text = (
        "Mosul (2017)\n\nOn 29 June 2017, Iraqi forces captured Mosul's Old City. On 30 June "
        "2017, Iraqi forces took Tikrit's southern neighbourhoods. On 1 July 2017, ISIL seized "
        "Mosul's airport."
    )
    old_city, tikrit, airport = records(text, world)
    mosul = (36.34314, 43.15487)  # the gazetteer's point of Mosul
    assert old_city["place_id"] not in ("mosul", "")
    assert (old_city["lat"], old_city["lon"]) == mosul
    assert (tikrit["kind"], tikrit["place_id"]) == ("contested", "tikrit_90150")
    assert airport["place_id"] == "mosul_international_airport"  # the gazetteer's facility


def test_a_site_named_in_a_list_of_its_town(world: GazetteerSource) -> None:
    text = (
        "Ghab offensive (2015)\n\nOn 4 August 2015, rebels captured Zezoun, including its power "
        "station, near Jisr al-Shughur."
    )
    town, station = records(text, world)
    assert town["place_id"] == "zayzun_11556267"
    assert station["place"] == "its power station"
    assert station["place_id"] != town["place_id"]
    assert (station["lat"], station["lon"]) == (town["lat"], town["lon"])


def test_a_building_of_the_town_named_before(world: GazetteerSource) -> None:
    text = (
        "Mosul (2017)\n\nOn 29 June 2017, Iraqi forces entered Mosul. On 30 June 2017, Iraqi "
        "forces seized the provincial council headquarters and the White mosque."
    )
    headquarters, mosque = records(text, world)[1:]
    for building in (headquarters, mosque):
        assert building["place_id"] != "mosul"
        assert (building["lat"], building["lon"]) == (36.34314, 43.15487)
    (new,) = [p for p in draft(text, world).new_places if p.name == "White mosque"]
    assert new.precision_km == 5.0  # anywhere in the city

"""Statements of the genre, read from invented sentences: who acts in a participle clause, what
a pronoun's place is called, the present tense of infobox results."""

from __future__ import annotations

from typing import Any

import pytest

from engine.extraction import extract, load_gazetteer
from engine.extraction.sources import GazetteerSource
from engine.extraction.writer import control_records


@pytest.fixture(scope="module")
def world() -> GazetteerSource:
    return load_gazetteer()


def records(text: str, source: GazetteerSource) -> list[dict[str, Any]]:
    return list(control_records(extract(text, source.for_text(text), store=source.store)))


@pytest.mark.parametrize(
    "clause",
    [
        "with the Army recapturing it six days later",
        "with the Syrian Army retaking it six days later",
        "with government forces recapturing it six days later",
    ],
)
def test_a_participle_after_with_has_its_own_subject(clause: str, world: GazetteerSource) -> None:
    text = (
        "Qalamoun (2013)\n\nOn 1 December 2013, Syrian rebels captured most of Deir Attiyeh, "
        f"{clause}."
    )
    *_, back = records(text, world)
    assert back["to_id"] == "government"
    assert back["place_id"] == "dayr_atiyah"
    assert back["place"] == "Deir Attiyeh"  # "it", as the article names it
    assert back["date"] == "2013-12-07"


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Rebels withdraw from Rankus", "rankus"),
        ("Rebels flee Rankus", "rankus"),
        ("Rebels retreat from Maaloula", "maaloula"),
        ("Rebels abandon Maaloula", "maaloula"),
    ],
)
def test_withdrawals_in_the_present_tense(
    sentence: str, place: str, world: GazetteerSource
) -> None:
    text = f"Qalamoun (2014)\n\nOn 2 April 2014, the army attacked. {sentence} on 3 April 2014."
    (record,) = records(text, world)
    assert (record["kind"], record["place_id"], record["date"]) == (
        "withdrawal",
        place,
        "2014-04-03",
    )


def brief(text: str, source: GazetteerSource) -> list[tuple[str, str | None, str, str | None]]:
    """(place, date or range, kind, faction as written) of each record."""
    return [
        (r["place"], r.get("date") or f"{r['earliest']}..{r['latest']}", r["kind"], r.get("to"))
        for r in records(text, source)
    ]


def test_control_of_a_whole_governorate_including_its_places(world: GazetteerSource) -> None:
    text = (
        "On 3 May 2019, the Iraqi Army retook control of the entire Nineveh Governorate, "
        "including the city of Sinjar, Mosul Dam and Tal Afar."
    )
    got = brief(text, world)
    assert [g[0] for g in got] == ["Nineveh Governorate", "Sinjar", "Mosul Dam", "Tal Afar"]
    assert {g[1:] for g in got} == {("2019-05-03", "capture", "the Iraqi Army")}


@pytest.mark.parametrize(
    "sentence",
    [
        "On 4 May 2019 the army went on, with the town of Bashiqa being retaken by the Iraqi Army.",
        "On 4 May 2019 the town of Bashiqa was under full control of the Iraqi Army.",
        "On 4 May 2019 the Iraqi Army managed to capture the town of Bashiqa.",
        "On 4 May 2019 the Iraqi Army regained control of the town of Bashiqa.",
    ],
)
def test_the_forms_of_a_completed_capture(sentence: str, world: GazetteerSource) -> None:
    assert brief(sentence, world) == [("Bashiqa", "2019-05-04", "capture", "the Iraqi Army")]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 4 May 2019 the Iraqi Army attacked to retake the town of Bashiqa.",
        "On 4 May 2019 the Iraqi Army launched an assault to capture the town of Bashiqa.",
    ],
)
def test_an_aim_is_no_capture(sentence: str, world: GazetteerSource) -> None:
    text = f"{sentence} On 5 May 2019 the Iraqi Army captured Tal Afar."
    assert [g[0] for g in brief(text, world)] == ["Tal Afar"]


RAQQA = "On 5 November 2016, the SDF captured Ayn Issa and Sluk, north of Raqqa. "


def test_a_list_names_places_whose_namesakes_are_far_away(world: GazetteerSource) -> None:
    # Wahid is only the spelling of villages in Basra and Daraa: here it is a village of its own.
    text = RAQQA + "On 6 November, the SDF took three villages, Wahid, Kharbat and Tell Abyad."
    places = [g[0] for g in brief(text, world)][2:]
    assert places == ["Wahid", "Kharbat", "Tell Abyad"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "On 6 November, the SDF captured the strategically significant town of Tell Abyad.",
            [("Tell Abyad", "capture")],
        ),
        (
            "On 6 November, the SDF had begun to besiege Tell Abyad, the largest town near Raqqa.",
            [("Tell Abyad", "siege")],
        ),
        (
            "On 6 November, the SDF captured the hills of Tal Khattab and Tal Hamka; along with "
            "the towns of Tell Abyad and Suluk.",
            [("Tal Khattab", "capture"), ("Tal Hamka", "capture"), ("Tell Abyad", "capture"),
             ("Suluk", "capture")],
        ),
        (
            "On 6 November, the SDF freed the Ghazal area, in addition to the town of Tell Abyad.",
            [("Ghazal", "capture"), ("Tell Abyad", "capture")],
        ),
        (
            "On 6 November, the SDF also captured the nearby Tal Hamka hill and a police station.",
            [("Tal Hamka hill", "capture"), ("a police station", "capture")],
        ),
    ],
)
def test_the_forms_of_a_list_of_places(sentence: str, expected: list[tuple[str, str]],
                                       world: GazetteerSource) -> None:  # fmt: skip
    got = [(g[0], g[2]) for g in brief(RAQQA + sentence, world)][2:]
    assert got == expected


def test_a_building_is_named_by_what_it_is_and_placed_in_its_town(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 6 November, the SDF seized the central prison located in Tell Abyad. "
        "On 7 November, the SDF seized the provincial government headquarters in Raqqa."
    )
    records_ = records(text, world)[2:]
    assert [r["place"] for r in records_] == [
        "the central prison", "the provincial government headquarters",
    ]
    # Each stands where its town does, not at the last town named before it.
    towns = {r["place"]: (r["lat"], r["lon"]) for r in records(RAQQA + "On 8 November, the "
             "SDF took Tell Abyad and Raqqa.", world)}  # fmt: skip
    assert (records_[0]["lat"], records_[0]["lon"]) == towns["Tell Abyad"]
    assert (records_[1]["lat"], records_[1]["lon"]) == towns["Raqqa"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "On 6 November, government forces defeat the SDF and retake Tell Abyad.",
            [("Tell Abyad", "capture", "government forces")],
        ),
        (
            "On 6 November, government forces attacked the SDF and took Tell Abyad.",
            [("Tell Abyad", "capture", "government forces")],
        ),
        (
            "Beginning in November 2016, Tell Abyad was besieged by the Syrian Army.",
            [("Tell Abyad", "siege", "the Syrian Army")],
        ),
        (
            "On 6 November, Tell Abyad came under siege by rebels.",
            [("Tell Abyad", "siege", "rebels")],
        ),
        (
            "The offensive was a siege of the mostly Kurdish Turkmen town of Tell Abyad by ISIL.",
            [("Tell Abyad", "siege", "ISIL")],
        ),
    ],
)
def test_who_acts_in_the_forms_of_a_siege_or_a_capture(
    sentence: str, expected: list[tuple[str, str, str]], world: GazetteerSource
) -> None:
    got = [(g[0], g[2], g[3]) for g in brief(RAQQA + sentence, world)][2:]
    assert got == expected


def test_a_siege_named_without_its_besieger_is_only_an_operation(world: GazetteerSource) -> None:
    text = RAQQA + "On 6 November, the siege of Tell Abyad was launched."
    assert [g[0] for g in brief(text, world)] == ["Ayn Issa", "Sluk"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A pronoun subject is the side that took a place just before.
        ("It also captured the village of Tell Abyad during the day.", ("Tell Abyad", "SDF")),
        ("In addition, they captured the town of Tell Abyad.", ("Tell Abyad", "SDF")),
        # After a date that opens the sentence.
        ("On 6 November, it captured Tell Abyad.", ("Tell Abyad", "SDF")),
        ("Two days later, they took the town of Tell Abyad.", ("Tell Abyad", "SDF")),
        ("On the morning of 6 November they also seized Tell Abyad.", ("Tell Abyad", "SDF")),
        # A passive without its agent: the same side, with or without an adverb.
        ("On 6 November, the town of Tell Abyad was fully recaptured.", ("Tell Abyad", "SDF")),
        ("On 6 November the SDF managed to take back Tell Abyad.", ("Tell Abyad", "SDF")),
        ('On 6 November the SDF have taken "total" control of Tell Abyad.', ("Tell Abyad", "SDF")),
    ],
)
def test_who_took_a_place_when_the_sentence_does_not_name_them(
    sentence: str, expected: tuple[str, str], world: GazetteerSource
) -> None:
    text = "On 5 November 2016, the SDF captured Ayn Issa from ISIL. " + sentence
    *_, last = brief(text, world)
    assert (last[0], last[2], last[3]) == (expected[0], "capture", expected[1])


def test_a_pronoun_far_from_any_event_is_the_side_named_first_before_it(
    world: GazetteerSource,
) -> None:
    text = (
        "On 5 November 2016, the SDF captured Ayn Issa. ISIL fighters shelled the SDF and "
        "the villages around it for a week. They captured the town of Tell Abyad on 14 November."
    )
    *_, last = brief(text, world)
    assert (last[0], last[1], last[3]) == ("Tell Abyad", "2016-11-14", "ISIL fighters")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF captured most of Tell Abyad.",
        "On 6 November, the SDF have retaken central Tell Abyad.",
        "On 6 November, the SDF took control of the western neighbourhoods of Tell Abyad.",
        "On 6 November, the SDF had taken control of western and southern districts of Tell Abyad.",
        "On 6 November, the SDF said they controlled 40 percent of Tell Abyad.",
        "On 6 November, the SDF held 70% of Tell Abyad.",
        "On 6 November, the SDF took the town center of Tell Abyad.",
        "On 6 November, the SDF seized the centre of Tell Abyad.",
        # The town named before, and who holds the share, past an object of another verb.
        "On 6 November, the SDF stormed Tell Abyad and held 60 percent of the town.",
        "On 6 November, the SDF entered Tell Abyad after clashes with ISIL and are in control of "
        "90 per cent of the northern town, a monitor said.",
    ],
)
def test_part_of_a_town_taken_contests_the_town(sentence: str, world: GazetteerSource) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert last == ("Tell Abyad", "2016-11-06", "contested", "SDF")


def test_a_share_of_a_governorate_is_a_claim_not_a_fight(world: GazetteerSource) -> None:
    text = RAQQA + "On 6 November, the SDF held 60 percent of Raqqa Governorate."
    source = world
    draft = extract(text, source.for_text(text), store=source.store)
    (claim,) = [e for e in draft.events if e.kind == "assertion"]
    assert claim.event.share == (0.6, 0.6)  # type: ignore[attr-defined]
    assert [g[0] for g in brief(text, world)] == ["Ayn Issa", "Sluk"]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF took Tell Abyad after ISIL fighters withdrew.",
        "On 6 November, the SDF retook Tell Abyad as ISIL fighters fled.",
        "On 6 November, Tell Abyad was retaken upon entry of the SDF as ISIL fighters fled.",
    ],
)
def test_a_capture_as_its_holders_leave_states_their_withdrawal(
    sentence: str, world: GazetteerSource
) -> None:
    got = [(r["place"], r["kind"], r["from"]) for r in records(RAQQA + sentence, world)][2:]
    assert got == [("Tell Abyad", "capture", "ISIL fighters"),
                   ("Tell Abyad", "withdrawal", "ISIL fighters")]  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "They also routed ISIL from Ayn Issa, the largest town in the area, and overran Sluk.",
        "They pushed ISIL out of Ayn Issa and then seized Sluk.",
        "The fighters drove ISIL from Ayn Issa and quickly overran the town of Sluk.",
    ],
)
def test_a_verb_joined_without_its_subject_shares_the_side_before_it(
    sentence: str, world: GazetteerSource
) -> None:
    text = "On 5 November 2016, the SDF captured Tell Abyad. " + sentence
    got = {(g[0], g[2], g[3]) for g in brief(text, world)}
    assert ("Sluk", "capture", "SDF") in got, got


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Clashes spread to Sluk, which the SDF later captured.", ("Sluk", "capture", "SDF")),
        ("Fighting moved to Sluk, which ISIL had besieged since May.", ("Sluk", "siege", "ISIL")),
        ("The jets struck Sluk, which ISIL fighters quickly seized.",
         ("Sluk", "capture", "ISIL fighters")),
    ],
)
def test_a_place_that_is_the_object_of_a_relative_clause(
    sentence: str, expected: tuple[str, str, str], world: GazetteerSource
) -> None:
    text = "On 5 November 2016, the SDF captured Tell Abyad. " + sentence
    *_, last = brief(text, world)
    assert (last[0], last[2], last[3]) == expected


def test_a_relative_clause_with_its_own_object_is_about_that_object(
    world: GazetteerSource,
) -> None:
    text = "On 5 November 2016, the SDF reached Tell Abyad, which ISIL captured Sluk from."
    assert [(g[0], g[3]) for g in brief(text, world)] == [("Sluk", "ISIL")]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF took Tell Abyad, and in the region west of Raqqa the villages "
        "Jaber and Mahmudli.",
        "On 6 November, the SDF took Tell Abyad and near Raqqa the villages of Jaber and Mahmudli.",
        "On 6 November, the SDF took Tell Abyad, and around Raqqa the towns Jaber and Mahmudli.",
    ],
)
def test_a_list_goes_on_after_a_clause_without_its_verb(
    sentence: str, world: GazetteerSource
) -> None:
    got = [(g[0], g[3]) for g in brief(RAQQA + sentence, world)][2:]
    assert got == [("Tell Abyad", "SDF"), ("Jaber", "SDF"), ("Mahmudli", "SDF")]


def test_a_clause_with_its_own_subject_is_no_list_going_on(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 6 November, the SDF took Tell Abyad, and in the region west of Raqqa ISIL held the "
        "villages of Jaber and Mahmudli."
    )
    got = [(g[0], g[3]) for g in brief(text, world)][2:]
    assert ("Jaber", "SDF") not in got
    assert ("Tell Abyad", "SDF") in got


LEAD = (
    "YABROUD, Syria, March 16, 2014 (AP) — Syrian troops captured {place} on Friday, a monitor "
    "said."
)


@pytest.mark.parametrize(
    ("described", "named"),
    [
        ("a strategic town", "Fighting for the town of Yabroud had lasted a month."),
        ("a key town", "Shells hit Yabroud town for weeks before the assault."),
        ("a vital border crossing", "Trucks queued at the Jdeidet Yabous border crossing for "
         "hours."),
    ],
)
def test_a_place_a_report_describes_then_names_is_the_named_place(
    described: str, named: str, world: GazetteerSource
) -> None:
    text = f"{LEAD.format(place=described)}\n\nThe army did not say how many died. {named}\n"
    (record,) = records(text, world)
    assert record["to_id"] == "government"
    assert record["place"] in named
    assert record["place"] != described


@pytest.mark.parametrize(
    "described", ["a city in the south", "a town 10 km east of Yabroud", "several towns"]
)
def test_a_described_place_with_words_of_its_own_is_not_renamed(
    described: str, world: GazetteerSource
) -> None:
    text = f"{LEAD.format(place=described)}\n\nFighting for the town of Qarah had lasted a month.\n"
    (record,) = records(text, world)
    assert record["place_id"] != "qarah_166111"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A name the gazetteer lacks; "they" is the sentence's subject, not the last taker.
        ("ISIL shelled a hill known as Tal Rumman 7, which they captured later in the day.",
         ("Tal Rumman 7", "ISIL")),
        ("The SDF shelled Sluk, which ISIL captured.", ("Sluk", "ISIL")),
    ],
)
def test_a_relative_clause_has_its_own_subject(
    sentence: str, expected: tuple[str, str], world: GazetteerSource
) -> None:
    text = "On 5 November 2016, the SDF captured Tell Abyad. " + sentence
    *_, last = brief(text, world)
    assert (last[0], last[2], last[3]) == (expected[0], "capture", expected[1])


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF seized many locations near Raqqa from ISIL, including Tell Abyad.",
        "On 6 November, the SDF took several villages from ISIL, among them Tell Abyad.",
    ],
)
def test_a_list_goes_on_after_the_side_it_was_taken_from(
    sentence: str, world: GazetteerSource
) -> None:
    got = [(g[0], g[3]) for g in brief(RAQQA + sentence, world)][2:]
    assert ("Tell Abyad", "SDF") in got


def test_two_known_names_side_by_side_in_a_list_are_one_name(world: GazetteerSource) -> None:
    text = RAQQA + "On 6 November, the SDF took Tell Abyad, Mosul Sluk and Jaber."
    got = [g[0] for g in brief(text, world)][2:]
    assert got == ["Tell Abyad", "Mosul Sluk", "Jaber"]


@pytest.mark.parametrize(
    "buildings",
    [
        "the provincial council headquarters, the security headquarters and the police station",
        "the police headquarters and the army headquarters in Tikrit",
    ],
)
def test_buildings_of_one_noun_with_their_own_words_are_distinct(
    buildings: str, world: GazetteerSource
) -> None:
    text = f"On 4 March 2015, Iraqi forces entered Tikrit. On 5 March, they took {buildings}."
    named = [g[0] for g in brief(text, world) if g[2] == "capture"]
    assert len(named) == len(set(named)) == buildings.count("the ")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF captured Tell Abyad after a week of fierce fighting.",
        "After two weeks of fighting, the SDF captured Tell Abyad on 6 November.",
    ],
)
def test_how_long_a_fight_lasted_is_not_its_day(sentence: str, world: GazetteerSource) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[1]) == ("Tell Abyad", "2016-11-06")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the militants" are the side called so ("ISIL militants" is an alias), not the last.
        ("On 5 November 2016, ISIL captured Sluk. On 6 November, the SDF took Tell Abyad. On 7 "
         "November, the militants recaptured Tell Abyad.", ("Tell Abyad", "isis")),
        ("On 5 November 2016, the SDF took Tell Abyad from ISIL. Two days later the jihadists "
         "retook Tell Abyad.", ("Tell Abyad", "isis")),
        # "the troops" are a state's: the country's army when no state has acted yet.
        ("On 5 November 2016, ISIL captured Sluk. On 6 November, the troops took Tell Abyad.",
         ("Tell Abyad", "government")),
    ],
)
def test_a_side_written_as_a_common_noun(
    text: str, expected: tuple[str, str], world: GazetteerSource
) -> None:
    *_, last = records(text, world)
    assert (last["place"], last["to_id"]) == expected


def test_the_militants_with_no_side_called_so_are_not_guessed(world: GazetteerSource) -> None:
    text = "On 5 November 2016, the SDF took Tell Abyad. On 7 November, the militants retook it."
    assert [(r["place"], r["to_id"]) for r in records(text, world)] == [("Tell Abyad", "sdf")]


@pytest.mark.parametrize(
    "entry",
    [
        "6 November 2016 – SDF fighters take Tell Abyad.",
        "6 November 2016: The SDF and its allies seize Tell Abyad from ISIL.",
        "November 6, 2016: Kurdish forces take control of Tell Abyad.",
        "6 November 2016 – The SDF take over Tell Abyad.",
    ],
)
def test_a_timeline_entry_in_the_plural_present(entry: str, world: GazetteerSource) -> None:
    text = (
        "Timeline of the Tell Abyad offensive\n\nThis is a timeline of the offensive on Tell "
        f"Abyad in 2016.\n\n5 November 2016 – Clashes break out near Sluk.\n\n{entry}\n"
    )
    (record,) = records(text, world)
    assert (record["place"], record["date"], record["kind"]) == (
        "Tell Abyad", "2016-11-06", "capture"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF took Tell Abyad and reached the villages of Jaber and Sluk.",
        "On 6 November, the SDF captured Tell Abyad and approached the town of Sluk.",
    ],
)
def test_a_second_verb_ends_the_list(sentence: str, world: GazetteerSource) -> None:
    got = [g[0] for g in brief(RAQQA + sentence, world)][2:]
    assert got == ["Tell Abyad"]


def test_it_is_the_place_its_sentence_named_last(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 6 November, ISIL attacked Tell Abyad; the town was contested all day before the SDF "
        "took full control of it in the evening."
    )
    *_, last = brief(text, world)
    assert (last[0], last[3]) == ("Tell Abyad", "SDF")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On 6 November, the SDF took Tell Abyad, a major ISIL stronghold.", ["Tell Abyad"]),
        ("On 6 November, the SDF took Tell Abyad, a town north of Raqqa, and Sluk.",
         ["Tell Abyad", "Sluk"]),
        ("On 6 November, the SDF took Jaber, a village on the edge of the valley.", ["Jaber"]),
    ],
)
def test_a_description_after_a_name_is_no_place_of_its_own(
    sentence: str, expected: list[str], world: GazetteerSource
) -> None:
    assert [g[0] for g in brief(RAQQA + sentence, world)][2:] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On 6 November, officials said the capture of Tell Abyad would open the road.", []),
        ("On 6 November, the fall of Tell Abyad could cut the supply line.", []),
        ("On 6 November, the capture of Tell Abyad by the SDF was confirmed.", ["Tell Abyad"]),
    ],
)
def test_what_a_capture_would_do_is_no_capture(
    sentence: str, expected: list[str], world: GazetteerSource
) -> None:
    assert [g[0] for g in brief(RAQQA + sentence, world)][2:] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, Ukraine's eastern command said the SDF took Tell Abyad.",
        "On 6 November, the SDF took Tell Abyad, where Arab and Turkmen families live.",
        "On 6 November, the SDF seized full control of Tell Abyad from ISIL.",
    ],
)
def test_words_for_peoples_and_countries_are_no_places(
    sentence: str, world: GazetteerSource
) -> None:
    assert [(g[0], g[3]) for g in brief(RAQQA + sentence, world)][2:] == [("Tell Abyad", "SDF")]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, ISIL attacked Tell Abyad. The town was considered contested for days.",
        "On 6 November, ISIL attacked Sluk. Tell Abyad was described as contested.",
        "On 6 November, ISIL attacked Sluk. Tell Abyad remained fought over.",
    ],
)
def test_a_place_said_to_be_contested(sentence: str, world: GazetteerSource) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[2]) == ("Tell Abyad", "contested")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, fighting spread to Sluk, which was captured by ISIL on 7 November.",
        "On 6 November, ISIL attacked Sluk, which was only retaken by ISIL on 7 November.",
    ],
)
def test_which_after_a_name_is_that_place(sentence: str, world: GazetteerSource) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[1], last[3]) == ("Sluk", "2016-11-07", "ISIL")


@pytest.mark.parametrize("verb", ["fell back to", "retreated to", "withdrew to"])
def test_a_retreat_to_a_place_holds_it(verb: str, world: GazetteerSource) -> None:
    (record,) = records(f"On 6 November 2016, the SDF {verb} Tell Abyad.", world)
    # Not a withdrawal from Tell Abyad: the SDF hold it now.
    assert (record["place"], record["kind"], record["to_id"]) == ("Tell Abyad", "capture", "sdf")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # How it was taken is no description of where.
        ("On 7 November, ISIL recaptured the town in a surprise attack.", ["Tell Abyad"]),
        ("On 7 November, ISIL retook the town in a dawn raid.", ["Tell Abyad"]),
        # Heights over a town are not the town.
        ("On 7 November, the SDF secured the heights overlooking Raqqa.", []),
    ],
)
def test_words_after_a_place_that_do_not_locate_it(
    sentence: str, expected: list[str], world: GazetteerSource
) -> None:
    text = "On 6 November 2016, the SDF took the town of Tell Abyad. " + sentence
    later = [g[0] for g in brief(text, world) if g[1] != "2016-11-06"]
    assert [p for p in later if not p.startswith("the heights")] == expected


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("On 6 November, the SDF entered Sluk, and the next day they took Tell Abyad.", "07"),
        ("On 6 November, the SDF entered Sluk; two days later they took Tell Abyad.", "08"),
        ("On 6 November, the SDF entered Sluk, but on 9 November ISIL retook Tell Abyad.", "09"),
    ],
)
def test_a_date_that_opens_a_later_clause_dates_that_clause(
    sentence: str, day: str, world: GazetteerSource
) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[1]) == ("Tell Abyad", f"2016-11-{day}")


@pytest.mark.parametrize(
    "sentence",
    [
        "Kurdish fighters held Tell Abyad until 9 November, when ISIL fighters entered it.",
        "ISIL shelled Tell Abyad, which the SDF held until 9 November, when ISIL entered it.",
    ],
)
def test_a_hold_until_a_day_ends_that_day(sentence: str, world: GazetteerSource) -> None:
    got = brief(RAQQA + "On 6 November, " + sentence[0].lower() + sentence[1:], world)[2:]
    # The hold is no capture of its own; what ended it happened on the day "until" names.
    assert got == [("Tell Abyad", "2016-11-09", "contested", got[0][3])]
    assert "ISIL" in str(got[0][3])


@pytest.mark.parametrize("noun", ["town", "village"])
def test_the_town_is_the_place_the_article_called_a_town(
    noun: str, world: GazetteerSource
) -> None:
    # Raqqa is a city and named last; the article called Sluk a town, so "the town" is Sluk.
    text = (
        f"On 5 November 2016, fighting hit the {noun} of Sluk, north of Raqqa. "
        f"On 6 November, the SDF captured the {noun}."
    )
    (record,) = records(text, world)
    assert record["place"] == "Sluk"


@pytest.mark.parametrize("noun", ["dam", "the dam itself"])
def test_the_dam_is_the_dam_named_before_not_the_last_site(
    noun: str, world: GazetteerSource
) -> None:
    text = (
        "The SDF aimed to seize Tabqa, the Tabqa Dam and the nearby airbase in 2017. "
        "On 26 March 2017, the SDF seized the Tabqa airbase. "
        f"Fighting for {'the ' + noun if noun == 'dam' else noun} continued, and the dam "
        "was described as contested."
    )
    *_, last = records(text, world)
    assert (last["place_id"], last["kind"]) == ("tabqa_dam", "contested")


def test_it_is_the_place_the_sentence_before_is_about(world: GazetteerSource) -> None:
    text = (
        "Raqqa campaign (2016)\n\nSluk lies on a road between Tell Abyad and Ayn Issa. "
        "The SDF captured it on 5 November 2016."
    )
    (record,) = records(text, world)
    assert record["place"] == "Sluk"


def test_a_year_alone_in_the_title_dates_the_timeline_after_a_flash_back(
    world: GazetteerSource,
) -> None:
    text = (
        "Battle of Tal Afar (2017)\n\nBackground\nISIL seized Tal Afar on June 16, 2014. In "
        "November 2016 the PMF captured the Tal Afar Airbase.\n\nTimeline\nAugust 20 – Iraqi "
        "forces captured the village of Kisik.\n"
    )
    *_, last = brief(text, world)
    assert (last[0], last[1]) == ("Kisik", "2017-08-20")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF declared Tell Abyad fully liberated.",
        "On 6 November, the SDF declared the town, Tell Abyad, liberated.",
        "On 6 November, the SDF declared Tell Abyad under its complete control.",
        "On 6 November, the SDF announced that Tell Abyad had been liberated.",
        "On 6 November, the SDF said that Tell Abyad had been fully retaken.",
        "On 6 November, Tell Abyad was regained by the SDF.",
        "On 6 November, ISIL attacked Sluk. Tell Abyad was regained the same day.",
    ],
)
def test_a_place_declared_or_said_to_be_taken(sentence: str, world: GazetteerSource) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[1], last[2]) == ("Tell Abyad", "2016-11-06", "capture")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF declared Tell Abyad annexed.",
        "On 6 November, the SDF declared Tell Abyad a military zone.",
    ],
)
def test_what_is_declared_of_a_place_but_no_capture(sentence: str, world: GazetteerSource) -> None:
    assert all(g[1] != "2016-11-06" for g in brief(RAQQA + sentence, world))


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        ("On 5 November, ISIL attacked Sluk. On 6 November its fighters took Tell Abyad.", "isis"),
        ("On 6 November, the SDF said its fighters had taken Tell Abyad.", "sdf"),
        ("On 6 November, Turkey's defence ministry said its troops had taken Tell Abyad.",
         "turkey"),
        ("On 6 November, the YPG commander said that his fighters had taken Tell Abyad.", "ypg"),
        ("On 5 November, the SDF, an alliance of militias, attacked Sluk. On 6 November the "
         "alliance took Tell Abyad.", "sdf"),
    ],
)  # fmt: skip
def test_a_side_named_by_whose_men_they_are(
    sentence: str, side: str, world: GazetteerSource
) -> None:
    *_, last = records(RAQQA + sentence, world)
    assert (last["place"], last["date"], last["to_id"]) == ("Tell Abyad", "2016-11-06", side)


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF attacked the town of Tell Abyad, north of Raqqa. The SDF took "
        "the town on 7 November.",
        "On 6 November, the SDF attacked the city of Raqqa, 90 km south of Tell Abyad. The SDF "
        "took the city on 7 November.",
        "On 7 November, the SDF took Tell Abyad, north of Raqqa, which ISIL had seized in 2014.",
    ],
)
def test_a_place_named_to_locate_another_is_not_what_is_spoken_of(
    sentence: str, world: GazetteerSource
) -> None:
    got = brief(RAQQA + sentence, world)[2:]
    taken = "Raqqa" if "city of Raqqa" in sentence else "Tell Abyad"
    assert {g[0] for g in got} == {taken}, got


@pytest.mark.parametrize("verb", ["fled", "pulled out of", "withdrew from"])
def test_where_a_side_went_is_not_where_it_left(verb: str, world: GazetteerSource) -> None:
    text = RAQQA + f"On 6 November, ISIL fighters {verb} the town toward Tell Abyad."
    *_, last = brief(text, world)
    assert (last[0], last[2]) == ("Sluk", "withdrawal")


@pytest.mark.parametrize(
    ("sentence", "day", "side"),
    [
        ("On 6 November, ISIL retook part of Tell Abyad, but was driven out two days later.",
         "2016-11-08", "sdf"),
        ("On 6 November, ISIL seized Tell Abyad in a raid and was pushed out by the SDF on "
         "9 November.", "2016-11-09", "sdf"),
    ],
)  # fmt: skip
def test_a_side_driven_out_of_what_it_had_just_taken(
    sentence: str, day: str, side: str, world: GazetteerSource
) -> None:
    *_, last = records(RAQQA + sentence, world)
    assert (last["place"], last["date"], last["kind"], last["to_id"]) == (
        "Tell Abyad", day, "capture", side,
    )  # fmt: skip


def test_people_driven_out_are_no_side(world: GazetteerSource) -> None:
    text = RAQQA + "On 6 November, ISIL seized Tell Abyad while civilians were driven out."
    assert [g[0] for g in brief(text, world)][2:] == ["Tell Abyad"]


def test_a_side_the_text_did_not_name_is_written_as_the_article_wrote_it(
    world: GazetteerSource,
) -> None:
    text = RAQQA + (
        "On 7 November, the SDF took Tell Abyad. On 9 November, after the fall of the town, "
        "the SDF pressed south. On 12 November it captured the village of Ayn Issa."
    )
    later = [(r["to_id"], r["to"]) for r in records(text, world)][3:]
    assert later
    assert all(written == "SDF" for _id, written in later), later


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("On 6 November, the SDF took Sluk east of the town, completing the encirclement of "
         "Tell Abyad.", "2016-11-06"),
        ("On 6 November, ISIL still held Tell Abyad, which troops have besieged since "
         "October.", "2016-10-01..2016-10-31"),
        ("On 6 November, ISIL attacked. The SDF had besieged Tell Abyad since October, when "
         "they cut the road.", "2016-10-01..2016-10-31"),
    ],
)  # fmt: skip
def test_the_forms_of_a_siege_begun_or_completed(
    sentence: str, day: str, world: GazetteerSource
) -> None:
    sieges = [g for g in brief(RAQQA + sentence, world) if g[2] == "siege"]
    assert [(g[0], g[1]) for g in sieges] == [("Tell Abyad", day)]


def test_the_air_base_is_the_air_base_named_before_though_the_gazetteer_lacks_it(
    world: GazetteerSource,
) -> None:
    text = RAQQA + (
        "On 6 November, the SDF captured the Wadi Zarqa Air Base south of Raqqa. "
        "ISIL recaptured the air base the following day."
    )
    *_, last = brief(text, world)
    assert (last[0], last[1], last[3]) == ("Wadi Zarqa Air Base", "2016-11-07", "ISIL")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On 6 November, Assyrian militiamen pulled out of Tell Abyad.",
         ("Tell Abyad", "withdrawal")),
        ("On 6 November, the SDF recaptured Sluk, along with the ruins of the Tell Abyad "
         "monastery.", ("Tell Abyad monastery", "capture")),
    ],
)  # fmt: skip
def test_an_unlisted_people_s_men_and_a_site_of_ruins(
    sentence: str, expected: tuple[str, str], world: GazetteerSource
) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[2]) == expected


def test_what_was_said_on_a_day_is_no_place_of_that_name(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 7 November, a spokesman said Wednesday that the SDF controlled 70 percent of Raqqa."
    )
    assert [g[0] for g in brief(text, world)][2:] == ["Raqqa"]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF liberated five villages since Sunday, among them Tell Abyad.",
        "On 6 November, the SDF took several villages, including Tell Abyad.",
    ],
)
def test_a_list_goes_on_among_an_unnamed_set(sentence: str, world: GazetteerSource) -> None:
    assert "Tell Abyad" in [g[0] for g in brief(RAQQA + sentence, world)]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, troops took Tell Abyad.",
        "Troops also took Tell Abyad on 6 November.",
        "On 6 November, the troops took Tell Abyad.",
    ],
)
def test_troops_at_the_start_of_a_clause_are_a_state_s(
    sentence: str, world: GazetteerSource
) -> None:
    text = "Offensive (2016)\n\nOn 5 November 2016, the Syrian Army captured Sluk. " + sentence
    *_, last = records(text, world)
    assert (last["place"], last["to_id"]) == ("Tell Abyad", "government")


def test_the_government_complex_is_a_building_of_its_own(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 6 November, the SDF crossed the Tabqa Dam into Raqqa. On 7 November the "
        "government complex was seized."
    )
    *_, last = brief(text, world)
    assert (last[0], last[1]) == ("the government complex", "2016-11-07")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, US-backed Kurdish and Arab fighters captured Tell Abyad.",
        "On 6 November, an alliance of Kurdish and Arab fighters captured Tell Abyad.",
        "On 6 November, the SDF shelled Sluk. Tell Abyad fell a day after the alliance "
        "encircled it.",
    ],
)
def test_a_side_named_by_its_peoples_or_as_an_alliance(
    sentence: str, world: GazetteerSource
) -> None:
    *_, last = records(RAQQA + sentence, world)
    assert last["place"] == "Tell Abyad"
    assert last["to_id"] in ("sdf", "kurdish_forces", "ypg")


@pytest.mark.parametrize("opener", ["a few days after", "after", "two weeks before"])
def test_a_clause_under_a_dated_statement_happened_about_then(
    opener: str, world: GazetteerSource
) -> None:
    text = RAQQA + f"ISIL had captured Tell Abyad in June 2014, {opener} it seized Raqqa."
    got = {g[0]: g[1] for g in brief(text, world)}
    assert got["Raqqa"] == "2014-06-01..2014-06-30"


@pytest.mark.parametrize(
    "sentence",
    [
        "The offensive aimed to retake Tell Abyad from ISIL, which had captured it in June 2014.",
        "The SDF aimed to retake Tell Abyad from the Islamic State (ISIL), which had seized it "
        "in June 2014.",
    ],
)
def test_which_after_a_side_is_that_side(sentence: str, world: GazetteerSource) -> None:
    got = brief(RAQQA + sentence, world)[2:]
    assert [(g[0], g[1], g[2]) for g in got] == [("Tell Abyad", "2014-06-01..2014-06-30",
                                                  "capture")]  # fmt: skip
    assert "ISIL" in str(got[0][3])


def test_where_they_took_a_building_of_the_town(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 7 November, the SDF were battling ISIL in western Raqqa, where they captured the "
        "main government building complex."
    )
    *_, last = brief(text, world)
    assert (last[0], last[1], last[3]) == ("the main government building complex", "2016-11-07",
                                           "SDF")  # fmt: skip


def test_which_after_a_place_and_where_it_lies_is_that_place(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 6 November, ISIL attacked the town of Tell Abyad to the north, which was only "
        "retaken by the SDF on 9 November."
    )
    *_, last = brief(text, world)
    assert (last[0], last[1], last[2]) == ("Tell Abyad", "2016-11-09", "capture")


@pytest.mark.parametrize("opener", ["after seizing", "before taking"])
def test_a_participle_after_a_subordinator_is_the_clause_s_side(
    opener: str, world: GazetteerSource
) -> None:
    text = (
        "Offensive (2016)\n\nOn 5 November 2016, the Syrian Army captured Sluk. On 6 November, "
        f"troops advancing from the west linked up with the garrison {opener} Tell Abyad."
    )
    *_, last = records(text, world)
    assert (last["place"], last["to_id"]) == ("Tell Abyad", "government")


def test_the_extremists_are_the_islamic_state_named_before(world: GazetteerSource) -> None:
    text = (
        "Offensive (2015)\n\nOn 27 February 2015, the YPG captured Sluk from the Islamic State "
        "group. The extremists had held Tell Abyad since January 2014."
    )
    *_, last = records(text, world)
    assert (last["place"], last["to_id"], last["earliest"]) == ("Tell Abyad", "isis", "2014-01-01")


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("Fighting began late Sunday and after midnight the SDF took Tell Abyad.", "2016-11-07"),
        ("The SDF had lost Sluk on 1 November, and retook Tell Abyad two days later.",
         "2016-11-03"),
    ],
)  # fmt: skip
def test_a_step_counts_from_the_date_just_before_it(
    sentence: str, day: str, world: GazetteerSource
) -> None:
    # 6 November 2016 was a Sunday; the narrative stands on 8 November when the step is read.
    text = RAQQA + "On 8 November, the SDF shelled Raqqa. " + sentence
    got = {g[0]: g[1] for g in brief(text, world)}
    assert got["Tell Abyad"] == day


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        ("On 6 November, YPG-led forces captured Tell Abyad.", "ypg"),
        ("On 6 November, the YPG-led coalition captured Tell Abyad.", "ypg"),
        ("On 5 November, the SDF took Sluk from the Islamic State group. On 6 November the "
         "group recaptured Tell Abyad.", "isis"),
    ],
)  # fmt: skip
def test_a_side_led_by_another_or_called_the_group(
    sentence: str, side: str, world: GazetteerSource
) -> None:
    *_, last = records(RAQQA + sentence, world)
    assert (last["place"], last["to_id"]) == ("Tell Abyad", side)


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, Tell Abyad, the main town north of Raqqa, was retaken by the SDF.",
        'On 6 November, the SDF declared Tell Abyad "fully liberated".',
    ],
)
def test_a_capture_past_a_description_or_quotation_marks(
    sentence: str, world: GazetteerSource
) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[1], last[2]) == ("Tell Abyad", "2016-11-06", "capture")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF moved towards Tell Abyad, a town on the border, which fell to "
        "the group the next day.",
        "On 6 November, ISIL attacked Sluk. Tell Abyad fell to the militants the next day.",
    ],
)
def test_a_place_that_fell_to_a_side_named_by_a_common_noun(
    sentence: str, world: GazetteerSource
) -> None:
    text = RAQQA.replace("the SDF captured", "ISIL captured") + sentence
    *_, last = records(text, world)
    assert (last["place"], last["date"], last["to_id"]) == ("Tell Abyad", "2016-11-07", "isis")


def test_the_city_is_not_where_its_defenders_retreated_to(world: GazetteerSource) -> None:
    text = RAQQA + (
        "On 7 November, ISIL pulled out of Tell Abyad and retreated south towards Raqqa, and the "
        "town fell to the SDF that evening."
    )
    *_, last = brief(text, world)
    assert (last[0], last[2]) == ("Tell Abyad", "capture")


@pytest.mark.parametrize(
    "opening",
    ["According to the monitor, they were in control of", "By nightfall they were in control of"],
)
def test_a_side_in_control_of_places_named_among_others(
    opening: str, world: GazetteerSource
) -> None:
    text = RAQQA + (
        f"On 6 November, the SDF entered Raqqa. {opening} several districts, among them Tell Abyad."
    )
    assert "Tell Abyad" in [g[0] for g in brief(text, world)]


@pytest.mark.parametrize(
    ("heading", "line", "day"),
    [
        ("Tuesday 8 November", "The SDF say Tell Abyad has been freed.", "2016-11-08"),
        ("=== December ===", "On the 5th, the SDF took Tell Abyad.", "2016-12-05"),
    ],
)
def test_a_heading_that_is_a_date_dates_its_section(
    heading: str, line: str, day: str, world: GazetteerSource
) -> None:
    text = (
        f"Raqqa campaign (2016)\n\nOn 5 November 2016, the SDF captured Sluk.\n\n{heading}\n"
        f"{line}\n"
    )
    *_, last = brief(text, world)
    assert (last[0], last[1]) == ("Tell Abyad", day)


@pytest.mark.parametrize(
    ("before", "day"),
    [
        ("\n=== After 10 November ===\n", "2016-11-11..2016-11-19"),
        ("\n=== Afterwards ===\n", "2016-11-05..2016-11-19"),
        (" Following this,", "2016-11-05..2016-11-19"),
        (" After 10 November,", "2016-11-11..2016-11-19"),
    ],
)
def test_a_time_after_another_lasts_until_the_next_date_named(
    before: str, day: str, world: GazetteerSource
) -> None:
    # The next date is worked out only for what needs it, from where the text is being read.
    text = (
        f"Raqqa campaign (2016)\n\nOn 5 November 2016, the SDF captured Sluk.\n{before} the SDF "
        "took Tell Abyad. Clashes went on.\n\nOn 20 November 2016, the SDF captured Ayn Issa.\n"
    )
    assert [g[:2] for g in brief(text, world)] == [
        ("Sluk", "2016-11-05"), ("Tell Abyad", day), ("Ayn Issa", "2016-11-20")
    ]  # fmt: skip


@pytest.mark.parametrize("noun", ["hilltop village", "border town", "mountain town"])
def test_a_place_noun_before_a_settlement_s_noun_describes_it(
    noun: str, world: GazetteerSource
) -> None:
    text = RAQQA + f"On 6 November, ISIL fighters abandoned the {noun} of Tell Abyad."
    *_, last = brief(text, world)
    assert (last[0], last[2]) == ("Tell Abyad", "withdrawal")


def test_the_group_driven_out_is_the_side_named_so(world: GazetteerSource) -> None:
    text = (
        "Raqqa campaign (2016)\n\nOn 5 November 2016, the SDF took Sluk from the Islamic State "
        "group. The next day the group was driven out of Tell Abyad."
    )
    *_, last = records(text, world)
    assert (last["place"], last["date"], last["kind"], last["to_id"]) == (
        "Tell Abyad", "2016-11-06", "capture", "sdf",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        ("On 6 November, ISIL wrested Tell Abyad from the SDF.", "isis"),
        ("On 6 November, the SDF briefly captured Sluk but lost Tell Abyad to an ISIL "
         "counter-attack.", "isis"),
        ("On 6 November, the rebels handed over Tell Abyad to the SDF.", "sdf"),
        ("On 6 November, the SDF announced that Tell Abyad had fallen to its fighters.", "sdf"),
    ],
)  # fmt: skip
def test_a_place_passing_to_a_side_in_other_words(
    sentence: str, side: str, world: GazetteerSource
) -> None:
    *_, last = records(RAQQA + sentence, world)
    assert (last["place"], last["kind"], last["to_id"]) == ("Tell Abyad", "capture", side)


def test_places_taken_by_the_same_side_as_another(world: GazetteerSource) -> None:
    text = RAQQA + "The next day Sluk was taken by the SDF, as were Tell Abyad and Ayn Issa."
    later = {g[0] for g in brief(text, world) if g[1] == "2016-11-06"}
    assert later == {"Sluk", "Tell Abyad", "Ayn Issa"}


def test_a_withdrawal_to_a_place_is_no_loss_to_it(world: GazetteerSource) -> None:
    text = RAQQA + "On 6 November, ISIL fighters withdrew from Tell Abyad to Raqqa."
    *_, last = brief(text, world)
    assert (last[0], last[2]) == ("Tell Abyad", "withdrawal")


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The SDF, who launched the offensive on 1 November, took Tell Abyad, which fell on "
         "6 November.", "2016-11-06"),
        ("On 5 November ISIL attacked. Tell Abyad fell on 6 November.", "2016-11-06"),
    ],
)  # fmt: skip
def test_a_place_that_fell_on_a_day(sentence: str, day: str, world: GazetteerSource) -> None:
    dates = {g[1] for g in brief(RAQQA + sentence, world) if g[0] == "Tell Abyad"}
    assert day in dates
    assert "2016-11-01" not in dates  # the offensive's day, not the capture's


@pytest.mark.parametrize(
    "sentence",
    [
        "On 6 November, the SDF surrounded Tell Abyad.",
        "On 6 November, the SDF completed the encirclement of Tell Abyad.",
    ],
)
def test_surrounding_a_place_is_a_siege(sentence: str, world: GazetteerSource) -> None:
    *_, last = brief(RAQQA + sentence, world)
    assert (last[0], last[1], last[2]) == ("Tell Abyad", "2016-11-06", "siege")


@pytest.mark.parametrize(
    "sentence",
    [
        "Tell Abyad, to the north, fell to the SDF on 7 November.",
        "Tell Abyad, which the SDF had surrounded on 6 November, was taken on 7 November.",
    ],
)
def test_a_passive_past_where_its_place_lies_or_what_was_done_to_it(
    sentence: str, world: GazetteerSource
) -> None:
    got = brief(RAQQA + sentence, world)
    assert ("Tell Abyad", "2016-11-07", "capture") in [(g[0], g[1], g[2]) for g in got]

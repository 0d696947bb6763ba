"""The faction table of the genre's wars, and names of actors read as a whole.

Every sentence here is made up for these tests, in the manner of war reporting; the places of the
statements are those of the invented gazetteer in tests/fixtures/extract/gazetteer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.extraction.actors import Actors, FactionHit, article_country, combatants, find_factions
from engine.extraction.build import extract
from engine.extraction.layout import read_article
from engine.extraction.lexicon import faction_table
from engine.extraction.patterns import Statement, analyse, find_statements
from engine.extraction.sources import GazetteerSource, load_gazetteer
from engine.extraction.tokens import tokenize
from engine.model.names import name_key

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
COUNTRIES = ("syria", "iraq", "libya", "yemen", "ukraine")


@pytest.fixture(scope="module")
def source() -> GazetteerSource:
    return load_gazetteer(FIXTURES / "gazetteer")


def actors_of(country: str) -> Actors:
    return Actors.for_country(country)


def hits(text: str, country: str) -> tuple[FactionHit, ...]:
    return find_factions(tokenize(text), text, 0, actors_of(country))


def names(text: str, country: str) -> list[tuple[str, str]]:
    return [(h.text, h.faction) for h in hits(text, country)]


def whole(name: str, country: str) -> str | None:
    """The faction of a name when the name, in a sentence, is one mention of it as a whole."""
    sentence = f"On Monday {name} took the village."
    found = hits(sentence, country)
    if len(found) != 1:
        return None
    (hit,) = found
    if hit.text != name or hit.held or hit.possessive:
        return None
    return hit.faction


def statements(text: str, source: GazetteerSource, country: str) -> tuple[Statement, ...]:
    gazetteer = source.gazetteer
    assert gazetteer is not None
    return find_statements(analyse(text, 0, gazetteer, actors_of(country)))


# ------------------------------------------------------------------------- the table itself


def test_every_coalition_and_generic_target_is_a_faction() -> None:
    table = faction_table()
    ids = {f.id for f in table.factions}
    assert len(ids) == len(table.factions)
    for faction in table.factions:
        assert faction.coalition is None or faction.coalition in ids, faction.id
    for alias, countries in table.generic.items():
        assert set(countries) <= set(COUNTRIES), alias
        assert set(countries.values()) <= ids, alias


def test_no_name_belongs_to_two_factions() -> None:
    owner: dict[str, str] = {}
    table = faction_table()
    for faction in table.factions:
        for alias in (faction.name, *faction.aliases):
            acronym = len(alias) <= 5 and alias.isupper() and alias.isalpha()
            key = alias if acronym else name_key(alias)
            assert owner.setdefault(key, faction.id) == faction.id, (alias, owner[key])
    for alias in table.generic:
        assert name_key(alias) not in owner, alias  # a faction's alias would shadow it


def test_short_acronyms_need_capitals() -> None:
    iraq = actors_of("iraq")
    assert iraq.lookup("PMF") == "pmf"
    assert iraq.lookup("pmf") is None
    assert iraq.lookup("CTS") == "iraqi_cts"
    assert names("the cts report", "iraq") == []
    assert actors_of("libya").lookup("gna") is None
    assert actors_of("libya").lookup("GNA") == "gna"


# ---------------------------------------------------------------------- the actors, by war

IRAQ = [
    ("Peshmerga", "peshmerga"),
    ("Kurdish Peshmerga", "peshmerga"),
    ("Peshmerga forces", "peshmerga"),
    ("Kurdish Peshmerga forces", "peshmerga"),
    ("Kurdistan Regional Government forces", "peshmerga"),
    ("Kurdish Regional Government forces", "peshmerga"),
    ("KRG forces", "peshmerga"),
    ("Counter-Terrorism Service", "iraqi_cts"),
    ("Counter Terrorism Service", "iraqi_cts"),
    ("CTS", "iraqi_cts"),
    ("CTS commandos", "iraqi_cts"),
    ("Iraqi special forces", "iraqi_cts"),
    ("the Golden Division", "iraqi_cts"),
    ("Popular Mobilization Forces", "pmf"),
    ("PMF", "pmf"),
    ("PMU", "pmf"),
    ("Hashd al-Shaabi", "pmf"),
    ("al-Hashd al-Sha'abi fighters", "pmf"),
    ("Popular Mobilisation Units", "pmf"),
    ("Shiite militias", "pmf"),
    ("Shia militiamen", "pmf"),
    ("Kata'ib Hezbollah", "kataib_hezbollah"),
    ("Badr Organization", "badr"),
    ("Federal Police", "federal_police"),
    ("the federal police forces", "federal_police"),
    ("Iraqi Federal Police", "federal_police"),
    ("Iraqi Security Forces", "iraqi_government"),
    ("ISF", "iraqi_government"),
    ("the Iraqi Army", "iraqi_government"),
    ("Iraqi troops", "iraqi_government"),
    ("Iraqi army troops", "iraqi_government"),
]

SYRIA = [
    ("the Syrian Democratic Forces", "sdf"),
    ("SDF fighters", "sdf"),
    ("YPG", "ypg"),
    ("People's Defense Units", "ypg"),
    ("YPJ fighters", "ypj"),
    ("Women's Protection Units", "ypj"),
    ("the Asayish", "asayish"),
    ("Asayesh", "asayish"),
    ("Kurdish security forces", "asayish"),
    ("the Manbij Military Council", "manbij_military_council"),
    ("the Free Syrian Army", "fsa"),
    ("FSA rebels", "fsa"),
    ("the Syrian National Army", "sna"),
    ("SNA", "sna"),
    ("Turkish-backed rebels", "sna"),
    ("Turkey-backed Syrian fighters", "sna"),
    ("the Turkish Armed Forces", "turkey"),
    ("the Turkish military", "turkey"),
    ("Turkish troops", "turkey"),
    ("Turkish forces", "turkey"),
    ("Hayat Tahrir al-Sham", "hts"),
    ("Hay'at Tahrir al-Sham", "hts"),
    ("HTS", "hts"),
    ("Jaysh al-Islam", "jaysh_al_islam"),
    ("Jaish al-Islam", "jaysh_al_islam"),
    ("Ahrar al-Sham", "ahrar_ash_sham"),
    ("Russian forces", "russia"),
    ("Russian jets", "russia"),
    ("Iranian forces", "iran"),
    ("IRGC", "irgc"),
    ("the Islamic Revolutionary Guard Corps", "irgc"),
    ("Iran's Revolutionary Guards", "irgc"),
    ("Hezbollah fighters", "hezbollah"),
    ("the 4th Armoured Division", "fourth_division"),
    ("the Fifth Corps", "fifth_corps"),
    ("the Tiger Forces", "tiger_forces"),
    ("Syrian forces", "government"),
    ("Iran-backed militias", "foreign_shiite_militias"),
]

LIBYA = [
    ("the Government of National Accord", "gna"),
    ("GNA", "gna"),
    ("GNA forces", "gna"),
    ("GNA-aligned forces", "gna"),
    ("pro-GNA forces", "gna"),
    ("Al-Bunyan al-Marsous", "gna"),
    ("the Libyan National Army", "lna"),
    ("LNA", "lna"),
    ("Haftar's forces", "lna"),
    ("forces loyal to Khalifa Haftar", "lna"),
    ("the Petroleum Facilities Guard", "pfg"),
    ("PFG", "pfg"),
    ("Misrata brigades", "misrata"),
    ("Misratan forces", "misrata"),
    ("ISIL militants", "isis"),
    ("Gaddafi loyalists", "gaddafi"),
    ("the National Transitional Council", "ntc"),
]

YEMEN = [
    ("the Houthis", "houthis"),
    ("Houthi rebels", "houthis"),
    ("Houthi forces", "houthis"),
    ("Ansar Allah", "houthis"),
    ("the Hadi government", "yemeni_government"),
    ("Yemeni government forces", "yemeni_government"),
    ("the Saudi-led coalition", "saudi_coalition"),
    ("the Southern Transitional Council", "stc"),
    ("STC forces", "stc"),
    ("AQAP", "aqap"),
    ("al-Qaeda in the Arabian Peninsula", "aqap"),
]

UKRAINE = [
    ("the Armed Forces of Ukraine", "ukraine"),
    ("Ukrainian forces", "ukraine"),
    ("Ukrainian troops", "ukraine"),
    ("the Ukrainian army", "ukraine"),
    ("the Ukrainian military", "ukraine"),
    ("Kyiv's forces", "ukraine"),
    ("Russian troops", "russia"),
    ("the Wagner Group", "wagner"),
    ("Wagner mercenaries", "wagner"),
    ("the Donetsk People's Republic", "dpr"),
    ("DPR forces", "dpr"),
    ("the Luhansk People's Republic", "lpr"),
    ("LPR militia", "lpr"),
    ("pro-Russian separatists", "donbas_separatists"),
]


@pytest.mark.parametrize(
    ("country", "name", "faction"),
    [("iraq", n, f) for n, f in IRAQ]
    + [("syria", n, f) for n, f in SYRIA]
    + [("libya", n, f) for n, f in LIBYA]
    + [("yemen", n, f) for n, f in YEMEN]
    + [("ukraine", n, f) for n, f in UKRAINE],
)
def test_each_actor_is_found_whole(country: str, name: str, faction: str) -> None:
    assert whole(name, country) == faction


@pytest.mark.parametrize(
    ("country", "faction", "chain"),
    [
        ("iraq", "iraqi_cts", ("iraqi_cts", "iraqi_government")),
        ("iraq", "federal_police", ("federal_police", "iraqi_government")),
        ("iraq", "pmf", ("pmf", "iraqi_government")),
        ("iraq", "kataib_hezbollah", ("kataib_hezbollah", "pmf", "iraqi_government")),
        ("iraq", "peshmerga", ("peshmerga", "kurdish_forces")),
        ("syria", "ypj", ("ypj", "ypg", "sdf", "kurdish_forces")),
        ("syria", "asayish", ("asayish", "kurdish_forces")),
        ("syria", "manbij_military_council", ("manbij_military_council", "sdf", "kurdish_forces")),
        ("syria", "sna", ("sna", "opposition")),
        ("syria", "hts", ("hts", "opposition")),
        ("syria", "jaysh_al_islam", ("jaysh_al_islam", "islamic_front", "opposition")),
        ("syria", "turkey", ("turkey",)),
        ("syria", "irgc", ("irgc", "iran", "government")),
        ("syria", "russia", ("russia", "government")),
        ("syria", "fourth_division", ("fourth_division", "government")),
        ("libya", "pfg", ("pfg", "gna")),
        ("libya", "misrata", ("misrata", "gna")),
        ("libya", "lna", ("lna",)),
        ("yemen", "saudi_coalition", ("saudi_coalition", "yemeni_government")),
        ("yemen", "uae", ("uae", "saudi_coalition", "yemeni_government")),
        ("yemen", "stc", ("stc",)),
        ("yemen", "aqap", ("aqap",)),
        ("ukraine", "dpr", ("dpr", "donbas_separatists", "russia")),
        ("ukraine", "wagner", ("wagner", "russia")),
        ("ukraine", "ukraine", ("ukraine",)),
    ],
)
def test_coalitions(country: str, faction: str, chain: tuple[str, ...]) -> None:
    assert actors_of(country).chain(faction) == chain


def test_russia_is_with_damascus_only_in_syria() -> None:
    syria, ukraine = actors_of("syria"), actors_of("ukraine")
    assert syria.compatible("russia", "government")
    assert syria.compatible("wagner", "government")
    assert ukraine.chain("russia") == ("russia",)
    assert not ukraine.compatible("russia", "government")
    assert ukraine.side("wagner") == ukraine.side("lpr") == "russia"
    assert ukraine.side("russia") != ukraine.side("ukraine")
    # Iran is with Damascus in Syria, on its own in Iraq; the Gulf states with Hadi in Yemen.
    assert actors_of("iraq").chain("iran") == ("iran",)
    assert actors_of("libya").chain("uae") == ("uae",)
    # A part of a state is its part everywhere.
    assert actors_of("syria").chain("iraqi_cts") == ("iraqi_cts", "iraqi_government")


def test_a_ukrainian_draft_has_no_syrian_government(source: GazetteerSource) -> None:
    text = (
        "Russian troops leave the valley\n\n"
        "KYIV, May 9, 2022 -- Russian troops withdrew from Al-Hamra on Sunday, and Ukrainian "
        "forces recaptured Tell Qasra on Monday, Ukraine's armed forces said. Ukrainian troops "
        "have retaken towns across the region this spring, officials in Ukraine said.\n"
    )
    assert source.gazetteer is not None
    draft = extract(text, source.gazetteer)
    assert draft.country == "ukraine"
    assert {f.id for f in draft.factions} == {"russia", "ukraine"}
    assert next(f for f in draft.factions if f.id == "russia").coalition is None


# -------------------------------------------------------------------- generic names by country

GENERIC = {
    "government forces": {
        "syria": "government", "iraq": "iraqi_government", "libya": "gna",
        "yemen": "yemeni_government", "ukraine": "ukraine",
    },
    "the army": {
        "syria": "government", "iraq": "iraqi_government", "libya": "gna",
        "yemen": "yemeni_government", "ukraine": "ukraine",
    },
    "security forces": {
        "syria": "government", "iraq": "iraqi_government", "libya": "gna",
        "yemen": "yemeni_government", "ukraine": "ukraine",
    },
    "pro-government forces": {
        "syria": "government", "iraq": "iraqi_government", "libya": "gna",
        "yemen": "yemeni_government", "ukraine": "ukraine",
    },
    "the rebels": {
        "syria": "opposition", "iraq": "opposition", "libya": "ntc", "yemen": "houthis",
        "ukraine": "donbas_separatists",
    },
    "the regime": {"syria": "government", "iraq": "iraqi_government", "libya": "gaddafi"},
    "loyalist forces": {
        "syria": "government", "iraq": "iraqi_government", "libya": "gaddafi",
        "yemen": "yemeni_government",
    },
    "coalition warplanes": {
        "syria": "us_led_coalition", "iraq": "us_led_coalition", "yemen": "saudi_coalition",
    },
    "Shiite militias": {"syria": "foreign_shiite_militias", "iraq": "pmf"},
    "al-Qaeda": {"syria": "nusra", "yemen": "aqap"},
    "separatists": {"ukraine": "donbas_separatists", "yemen": "stc"},
    "the internationally recognised government": {"libya": "gna", "yemen": "yemeni_government"},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GENERIC))
@pytest.mark.parametrize("country", COUNTRIES)
def test_generic_names_follow_the_country(name: str, country: str) -> None:
    assert whole(name, country) == GENERIC[name].get(country)


def test_a_name_of_the_table_is_not_generic() -> None:
    for country in COUNTRIES:
        assert whole("the Syrian Army", country) == "government"
        assert whole("Houthi rebels", country) == "houthis"
        assert whole("the Iraqi Army", country) == "iraqi_government"


# ------------------------------------------------------------------- the article's country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # The infobox Place.
        ("= Battle for the port =\n\nInfobox\n- Place: Sirte District, Libya\n\nText.", "libya"),
        ("= Battle for the hill =\n\nInfobox\n- Place: Raqqa Governorate, Syria\n\nText.", "syria"),
        ("= Battle for the dam =\n\nInfobox\n- Location: Nineveh, Iraq\n\nText.", "iraq"),
        # The title.
        ("= Battle of the invented port, Yemen =\n\nHouthi rebels took the port.", "yemen"),
        ("= Siege of an invented town in eastern Ukraine =\n\nThe town was encircled.", "ukraine"),
        # The text, by the names of the country and its people.
        (
            "Troops hold the line\n\nKYIV, March 3, 2022 -- Ukrainian troops held the line "
            "north of the capital, Ukraine's general staff said, as Russian columns stalled.",
            "ukraine",
        ),
        (
            "Fighting in the south\n\nADEN, May 2, 2016 -- Yemeni forces and their allies "
            "pushed back the rebels, Yemen's information minister said, two days after a "
            "Syrian envoy visited.",
            "yemen",
        ),
        (
            "A port changes hands\n\nIraqi troops in the north and Syrian troops were not "
            "involved; Libyan forces took the port, a Libyan official said, and Libya's "
            "council praised them.",
            "libya",
        ),
        (
            "Dam retaken\n\nIraqi forces retook the dam, the Iraqi military said; an "
            "official in Syria said nothing.",
            "iraq",
        ),
        ("Village taken\n\nThe army took the village, a monitor said.", "syria"),
        # A tie goes to the country named first.
        (
            "Port battle\n\nThe Libyan offensive, like the Syrian one, stalled; Libya and "
            "Syria both saw fighting.",
            "libya",
        ),
        (
            "Two fronts\n\nSyrian and Iraqi troops advanced; Syria and Iraq both claimed gains.",
            "syria",
        ),
    ],
)
def test_the_country_of_an_article(text: str, country: str) -> None:
    assert article_country(read_article(text)) == country


# ------------------------------------------------------------------ names read as a whole


@pytest.mark.parametrize(
    ("country", "sentence", "expected"),
    [
        (
            "iraq",
            "The Iraqi army's 16th Infantry Division took the district.",
            [("The Iraqi army's 16th Infantry Division", "iraqi_government")],
        ),
        (
            "iraq",
            "On Friday the 25th Infantry Division took the district.",
            [("25th Infantry Division", "iraqi_government")],
        ),
        (
            "syria",
            "On Friday the 25th Infantry Division took the district.",
            [("25th Infantry Division", "government")],
        ),
        (
            "iraq",
            "The Iraqi 9th Armoured Division entered the town.",
            [("Iraqi 9th Armoured Division", "iraqi_government")],
        ),
        (
            "ukraine",
            "Russia's 1st Guards Tank Army pulled back.",
            [("Russia's 1st Guards Tank Army", "russia")],
        ),
        (
            "ukraine",
            "The Ukrainian forces retook the village.",
            [("The Ukrainian forces", "ukraine")],
        ),
        (
            "ukraine",
            "Ukrainian special forces and Russian airborne troops clashed.",
            [("Ukrainian special forces", "ukraine"), ("Russian airborne troops", "russia")],
        ),
        (
            "ukraine",
            "Ukraine's armed forces said Russia's troops had left.",
            [("Ukraine's armed forces", "ukraine"), ("Russia's troops", "russia")],
        ),
        ("syria", "Turkey forces took the town.", [("Turkey forces", "turkey")]),
        (
            "iraq",
            "Iraqi special forces and the Iraqi Counter Terrorism Service advanced.",
            [
                ("Iraqi special forces", "iraqi_cts"),
                ("the Iraqi Counter Terrorism Service", "iraqi_cts"),
            ],
        ),
        (
            "iraq",
            "The commandos of the Counter-Terrorism Service (CTS) forces freed the area.",
            [("commandos of the Counter-Terrorism Service (CTS) forces", "iraqi_cts")],
        ),
        (
            "libya",
            "The loyalist forces of the Government of National Accord (GNA) held the port.",
            [("The loyalist forces of the Government of National Accord (GNA)", "gna")],
        ),
        (
            "libya",
            "Troops loyal to renegade general Khalifa Haftar and pro-GNA military forces clashed.",
            [
                ("Troops loyal to renegade general Khalifa Haftar", "lna"),
                ("pro-GNA military forces", "gna"),
            ],
        ),
        (
            "yemen",
            "Houthi militia fighters fought forces loyal to the government.",
            [
                ("Houthi militia fighters", "houthis"),
                ("forces loyal to the government", "yemeni_government"),
            ],
        ),
        (
            "syria",
            "Hezbollah's Radwan Force and Al-Nusra's fighters clashed near Al-Nusra's base.",
            [
                ("Hezbollah's Radwan Force", "hezbollah"),
                ("Al-Nusra's fighters", "nusra"),
                ("Al-Nusra's", "nusra"),
            ],
        ),
        (
            "yemen",
            "The Southern Transitional Council (STC) and the People's Defense Units, or YPG, "
            "were named.",
            [
                ("The Southern Transitional Council (STC)", "stc"),
                ("the People's Defense Units, or YPG", "ypg"),
            ],
        ),
    ],
)
def test_names_are_read_whole(country: str, sentence: str, expected: list[tuple[str, str]]) -> None:
    assert names(sentence, country) == expected


def test_what_a_name_is_still_not() -> None:
    found = hits("rebel-held areas and Al-Nusra's stronghold", "syria")
    assert [(h.faction, h.held, h.possessive) for h in found] == [
        ("opposition", True, False), ("nusra", False, True),
    ]  # fmt: skip
    assert [(h.text, h.held) for h in hits("Russian-occupied towns", "ukraine")] == [
        ("Russian-occupied", True)
    ]
    assert names("The Blue Brigade took the village.", "syria") == []  # no ordinal, no owner
    assert names("the 13th Division", "syria") == [("the 13th Division", "division_13")]
    assert names("on the 20th anniversary of the war", "syria") == []
    assert names("fighters of Al-Nusra defected", "syria") == [("Al-Nusra", "nusra")]


@pytest.mark.parametrize(
    ("country", "text", "actor", "faction"),
    [
        (
            "iraq",
            "The Iraqi army's 16th Infantry Division captured Tell Qasra.",
            "The Iraqi army's 16th Infantry Division",
            "iraqi_government",
        ),
        (
            "iraq",
            "The 25th Infantry Division captured Kafr Zayt.",
            "25th Infantry Division",
            "iraqi_government",
        ),
        ("ukraine", "The Ukrainian forces recaptured Al-Hamra.", "The Ukrainian forces", "ukraine"),
        (
            "ukraine",
            "Ukrainian special forces recaptured Al-Hamra.",
            "Ukrainian special forces",
            "ukraine",
        ),
        ("libya", "Haftar's forces seized Tell Qasra.", "Haftar's forces", "lna"),
        (
            "libya",
            "Forces loyal to Khalifa Haftar seized Tell Qasra.",
            "Forces loyal to Khalifa Haftar",
            "lna",
        ),
    ],
)
def test_the_actor_of_a_statement_keeps_its_whole_name(
    source: GazetteerSource, country: str, text: str, actor: str, faction: str
) -> None:
    (found,) = statements(text, source, country)
    assert found.actor is not None
    assert (found.actor.text, found.actor.faction) == (actor, faction)


def test_infobox_names_read_whole_join_their_faction() -> None:
    article = read_article(
        "Infobox\n- Combatant1: Armed Forces of Ukraine, * Ukrainian Ground Forces, "
        "* Ukrainian special forces\n- Combatant2: Russian Armed Forces, * Wagner Group\n"
    )
    actors, named = combatants(article, actors_of("ukraine"))
    assert named == ("ukraine", "ukraine", "ukraine", "russia", "wagner")
    assert actors.entries.keys() == actors_of("ukraine").entries.keys()  # nothing new

"""The terminal UI driven by its keys and mouse, asserting what the screen says (Pilot tests)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from textual import events
from textual.containers import VerticalScroll
from textual.widgets import Button, OptionList

import tui
from engine.model.scenario import Scenario
from engine.replay.replayer import fold
from engine.testing.synth import synthesize
from tests.helpers import copy_tiny
from tests.tui_support import (
    async_test,
    fill,
    lines,
    map_cell,
    map_marker,
    settle,
    submit,
    text,
)
from tui.app import FrontlineApp, PlaceAndDateCommands, build_app
from tui.chart import LABEL_WIDTH, TerritoryChart
from tui.dialogs import HELP_SCROLLS, NO_MATCH, FindPlace, GoToDate, Help, bindings_of
from tui.mapview import MapView, glyph
from tui.panels import EventDetail, EventList, Legend, MoreEvents, PlacePanel, TopBar
from tui.screen import BACKWARD, ReplayScreen
from tui.text import GROUND_TINT, PALETTE

pytestmark = pytest.mark.usefixtures("tui_env")

APRIL_10, APRIL_11, APRIL_12 = dt.date(2014, 4, 10), dt.date(2014, 4, 11), dt.date(2014, 4, 12)
JULY_1, JULY_3, JULY_14 = dt.date(2014, 7, 1), dt.date(2014, 7, 3), dt.date(2014, 7, 14)


def _app(scenario: Scenario, at: dt.date | None = None) -> FrontlineApp:
    app = build_app(scenario, at)
    app.animation_level = "none"
    return app


@async_test
async def test_opens_on_the_first_day_with_title_date_and_day_count(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        top = text(screen.query_one(TopBar))
        assert "Deir ez-Zor offensive (April–July 2014)" in top
        assert "2014-04-10 Thu · day 1 of 96" in top
        # The place most events name is selected, so its timeline shows at once.
        assert screen.place == "abu_kamal"
        assert "Abu Kamal" in text(screen.query_one(PlacePanel))


@async_test
async def test_loads_the_default_scenario_from_its_folder_in_a_worker():
    app = build_app(None, JULY_3)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.replay_screen.query_one("#body").loading or app.replay_screen.replay
        screen = await settle(pilot)
        assert screen.day == JULY_3
        assert not screen.query_one("#body").loading


@async_test
async def test_a_scenario_that_cannot_load_says_why(tmp_path):
    app = build_app(tmp_path / "nowhere")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.replay_screen
        assert screen.replay is None
        assert "nowhere" in text(screen.query_one(EventDetail))
        assert "Cannot load" in text(screen.query_one(TopBar))
        await pilot.press("right", "g", "slash", "space")  # nothing to move: nothing happens
        assert isinstance(app.screen, ReplayScreen)


@async_test
async def test_arrows_step_one_day_and_stop_at_the_ends(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        top = screen.query_one(TopBar)
        assert top.query_one("#previous", Button).disabled
        assert screen.check_action("previous_day", ()) is None  # greyed out in the footer
        await pilot.press("left")
        assert screen.day == APRIL_10
        await pilot.press("right", "right")
        assert screen.day == APRIL_12
        assert "2014-04-12 Sat · day 3 of 96" in text(top)
        await pilot.press("left")
        assert screen.day == APRIL_11
        await pilot.press("end")
        assert screen.day == JULY_14
        assert top.query_one("#next", Button).disabled
        assert screen.check_action("next_day", ()) is None
        await pilot.press("right")
        assert screen.day == JULY_14
        await pilot.press("home")
        assert screen.day == APRIL_10


@async_test
async def test_brackets_and_page_keys_go_to_days_with_events(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        replay = screen.replay
        await pilot.press("right_square_bracket")
        assert screen.day == APRIL_11
        await pilot.press("pagedown", "pagedown")
        third = replay.event_days[replay.event_days.index(APRIL_11) + 2]
        assert screen.day == third
        await pilot.press("left_square_bracket")
        assert screen.day == replay.event_days[replay.event_days.index(third) - 1]
        await pilot.press("pageup")
        assert screen.day == APRIL_11
        events = [o.id for o in screen.query_one(EventList).options]
        assert events == [e.id for e in default_scenario.log if e.when.latest == APRIL_11]


@async_test
async def test_the_buttons_call_the_same_actions(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        await pilot.click("#next")
        assert screen.day == APRIL_11
        await pilot.click("#last")
        assert screen.day == JULY_14
        await pilot.click("#previous-event")
        assert screen.day == screen.replay.event_days[-2] or screen.day < JULY_14


@async_test
async def test_abu_kamal_on_the_map_on_10_april_12_april_and_1_july(default_scenario):
    """ISIS takes parts of it on 10 April (contested), the rebels regain it on 11 April, and
    ISIS takes it on 1 July: its glyph and colour say so, and its letter without colour."""
    app = _app(default_scenario, APRIL_10)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        sides = screen.replay.sides
        rebels = map_view.get_component_rich_style(f"side-{sides['opposition'].slot}").color
        isis = map_view.get_component_rich_style(f"side-{sides['isis'].slot}").color
        assert rebels != isis

        contested = map_cell(map_view, "abu_kamal")
        assert contested.text == "◉"  # a city
        assert contested.style.color == rebels
        assert contested.style.reverse  # contested
        assert map_marker(map_view, "abu_kamal") == "◉O"  # its side in a letter, not colour alone

        await pilot.press("g")
        await submit(pilot, "12 April")
        assert screen.day == APRIL_12
        held = map_cell(map_view, "abu_kamal")
        assert (held.text, held.style.color) == ("◉", rebels)
        assert not held.style.reverse
        assert map_marker(map_view, "abu_kamal") == "◉O"

        await pilot.press("g")
        await submit(pilot, "2014-07-01")
        assert screen.day == JULY_1
        taken = map_cell(map_view, "abu_kamal")
        assert (taken.text, taken.style.color) == ("◉", isis)
        assert taken.style.italic  # uncertain: "after days of fighting" (e091's range)
        assert "abu_kamal" in screen.day_view.changed_hands
        assert map_marker(map_view, "abu_kamal") == "◉I"

        await pilot.press("c")  # letters for sides: the same without colour
        assert map_cell(map_view, "abu_kamal").text == "I"
        await pilot.press("g")
        await submit(pilot, "12 April")
        assert map_cell(map_view, "abu_kamal").text == "O"


@async_test
async def test_go_to_date_as_written_iso_wrong_and_outside(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        await pilot.press("g")
        assert isinstance(app.screen, GoToDate)
        await pilot.press(*"3 July", "enter")
        assert screen.day == JULY_3
        assert "2014-07-03 Thu · day 85 of 96" in text(screen.query_one(TopBar))
        await pilot.press("g")
        await submit(pilot, "2014-05-01")
        assert screen.day == dt.date(2014, 5, 1)
        await pilot.press("g")
        await submit(pilot, "31 Juny")
        assert isinstance(app.screen, GoToDate)  # stays open and says what is wrong
        assert "unknown month" in text(app.screen.query_one("#date-problem"))
        await pilot.press("escape")
        assert isinstance(app.screen, ReplayScreen)
        assert screen.day == dt.date(2014, 5, 1)
        await pilot.press("g")
        await submit(pilot, "1 January 2015")
        assert screen.day == JULY_14  # clamped to the period


@async_test
async def test_find_selects_a_place_by_any_name_and_shows_it(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, FindPlace)
        await pilot.press(*"Mayad")
        results = app.screen.query_one("#place-results", OptionList)
        assert "Mayadin" in str(results.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert screen.place == "mayadin"
        assert "Mayadin" in text(screen.query_one(PlacePanel))
        assert screen.query_one(MapView).cell_of("mayadin") is not None

        await pilot.press("slash")
        await submit(pilot, "albu kamal")  # an alias, in any case
        assert screen.place == "abu_kamal"

        await pilot.press("slash")
        await submit(pilot, "Deir ez-Zor city")  # a region: its nearest place
        assert screen.place in {"deir_ez_zor_east", "deir_ez_zor_west"}

        await pilot.press("slash")
        await fill(pilot, "Mayadi")
        await pilot.press("down", "enter")  # pick from the list
        assert screen.place == "mayadin"
        await pilot.press("slash")
        await submit(pilot, "zzzz")
        results = app.screen.query_one("#place-results", OptionList)
        assert results.option_count == 1  # a find with no match says so
        assert str(results.get_option_at_index(0).prompt) == NO_MATCH
        assert results.get_option_at_index(0).disabled
        assert any(n.message == NO_MATCH for n in app._notifications)
        await pilot.press("escape")
        assert screen.place == "mayadin"


@async_test
async def test_help_lists_every_key(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, Help)
        shown = text(app.screen.query_one("#help-text"))
        for key, description in screen.key_help():
            assert f"{key} {description}" in shown
        for needed in ("←", "→", "[", "]", "pgup", "pgdn", "home", "end", "g", "space", "+", "-"):
            assert needed in shown
        for needed in ("/", "?", "q", "tab", "i", "o", "^p"):
            assert needed in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReplayScreen)


@pytest.mark.parametrize("size", [(160, 48), (120, 30), (200, 120)])
@async_test
async def test_help_fits_or_says_it_scrolls(default_scenario, size):
    app = _app(default_scenario)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        scroll = app.screen.query_one(VerticalScroll)
        if scroll.max_scroll_y > 0:  # more than the screen shows: the border says so
            assert scroll.border_subtitle == HELP_SCROLLS
        else:
            assert not scroll.border_subtitle
        assert size != (200, 120) or scroll.max_scroll_y == 0  # a tall screen shows it all
        assert size != (120, 30) or scroll.max_scroll_y > 0


@async_test
async def test_quit(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


@async_test
async def test_play_pause_and_speed(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        await pilot.press("space")
        assert screen.playing
        assert "▶ 2 d/s" in text(screen.query_one(TopBar))
        await pilot.press("plus")
        assert "▶ 4 d/s" in text(screen.query_one(TopBar))
        screen.tick()  # what the timer does: driven here, so the test never sleeps
        screen.tick()
        assert screen.day == APRIL_12
        await pilot.press("space")
        assert not screen.playing
        await pilot.press("minus", "minus", "minus")
        await pilot.press("end", "space")  # playing from the end starts again from the start
        assert screen.day == APRIL_10
        await pilot.press("end")
        screen.tick()  # at the end it stops
        assert not screen.playing


@async_test
async def test_events_of_the_day_hedges_and_the_sentence_in_its_paragraph(default_scenario):
    app = _app(default_scenario, APRIL_10)
    async with app.run_test(size=(140, 48)) as pilot:
        screen = await settle(pilot)
        listing = screen.query_one(EventList)
        assert "contested Abu Kamal: contested by rebels, ISIS ~ reportedly" in text(listing)
        prompts = [str(o.prompt) for o in listing.options]
        assert any("~ allegedly, says SOHR" in p for p in prompts)  # further down the list
        # Click the second event (e015): its sentence, in its paragraph, with its date phrase.
        await pilot.click(EventList, offset=(5, 2))  # under the title line: the second event
        assert screen.event == "e015"
        sentence = text(screen.query_one(EventDetail))
        assert "e015 contested · 2014-04-10 ~ reportedly" in sentence
        assert "The ISIS reportedly took parts of the town" in sentence
        assert "On 10 April 2014, ISIS launched" in sentence  # the paragraph around it
        detail = screen.query_one(EventDetail)
        assert "date as written: (paragraph of 10 April)" in str(detail.content)  # scrolled below
        assert app.focused is detail  # a picked event's sentence is where the keys go
        # Keys move through the list too; Enter moves to the sentence.
        listing.focus()
        await pilot.press("down")
        assert screen.event == default_scenario.log["e016"].id
        await pilot.press("enter")
        assert app.focused is detail
        assert screen.event == "e016"


@async_test
async def test_a_busy_day_lists_its_events_a_page_at_a_time():
    scenario = synthesize(40, 450, 1, 11)  # every event on one day
    page = EventList.PAGE
    async with _app(scenario).run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        assert screen.day_view is not None
        day = [e.id for e in screen.day_view.events]
        assert len(day) > 2 * page
        listing = screen.query_one(EventList)

        def listed() -> list[str | None]:
            return [o.id for o in listing.options if not isinstance(o, MoreEvents)]

        assert listed() == day[:page]
        assert f"… {len(day) - page:,} more events on this day" in str(listing.options[-1].prompt)
        assert f" of {len(day):,} events of the day" in str(
            listing.border_title
        )  # all, listed or not
        listing.focus()
        await pilot.press("end")  # the "more" line: the event shown stays the first
        assert isinstance(listing.highlighted_option, MoreEvents)
        assert screen.event == day[0]
        await pilot.press("enter")  # lists the next page, and shows its first event
        assert listed() == day[: 2 * page]
        assert screen.event == day[page]
        await pilot.press("end", "enter")
        assert listed() == day
        assert not any(isinstance(o, MoreEvents) for o in listing.options)


@async_test
async def test_a_list_cut_to_fit_says_how_many_it_shows(default_scenario):
    """At 80x24 a day's events and a place's periods do not all fit: the panel's title says how
    many are in sight (their first line is) of how many; at 160x48, where they fit, it does not."""
    app = _app(default_scenario, JULY_3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot)
        replayer = screen.replay.replayer
        listing = screen.query_one(EventList)

        def count() -> tuple[int, int, int]:
            """(in sight, of how many) as the title says, and the events whose first row shows."""
            title, *rows = lines(listing)
            found = re.search(r"(\d+) of (\d+) events of the day", title)
            assert found, title
            kinds = {f"{e.kind:<9} " for e in replayer.events_on(screen.day)}
            starts = sum(1 for row in rows if any(row.startswith(k) for k in kinds))
            return int(found[1]), int(found[2]), starts

        for day in (APRIL_10, JULY_1, JULY_3):
            screen.day = day
            await pilot.pause()
            shown, total, starts = count()
            assert (shown, total) == (starts, len(replayer.events_on(day)))
            assert 1 <= shown < total
        listing.focus()
        # Down to the last event: the list scrolls, and the count follows what is in sight.
        await pilot.press(*["down"] * (len(replayer.events_on(JULY_3)) - 1))
        assert listing.scroll_y > 0
        shown, total, starts = count()
        assert (shown, total) == (starts, len(replayer.events_on(JULY_3)))
        periods = replayer.timeline(screen.place)
        title = lines(screen.query_one(PlacePanel))[0]
        found = re.search(r"Place · (\d+) of (\d+) periods", title)
        assert found, title
        assert 1 <= int(found[1]) < int(found[2]) == len(periods)
    app = _app(default_scenario, JULY_1)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        listing = screen.query_one(EventList)
        assert len(listing.options) == len(screen.replay.replayer.events_on(JULY_1))
        assert listing.border_title == "Events of the day"


@async_test
async def test_disputed_events_are_marked(tmp_path):
    # The default scenario's disputed events fall after its period: mark one in the fixture.
    folder = copy_tiny(tmp_path)
    events_file = folder / "events.toml"
    source = events_file.read_text(encoding="utf-8")
    marked = source.replace('id = "t04"\n', 'id = "t04"\ndisputes = ["t03"]\n')
    events_file.write_text(marked, encoding="utf-8")
    app = build_app(folder, dt.date(2020, 3, 4))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        assert "! disputed by t03" in text(screen.query_one(EventList))
        assert "! disputes t03" in text(screen.query_one(EventDetail))


@async_test
async def test_place_timeline_marks_the_current_period_and_enter_goes_to_its_start(
    default_scenario,
):
    app = _app(default_scenario, APRIL_12)
    async with app.run_test(size=(140, 48)) as pilot:
        screen = await settle(pilot)
        panel = screen.query_one(PlacePanel)
        shown = text(panel)
        assert "Abu Kamal (city, Abu Kamal district)" in shown
        assert "Al-Nusra Front since 2014-04-11 [e022]" in shown
        assert "▶ 2014-04-11 – 2014-05-09 Al-Nusra Front e022" in shown
        periods = panel.query_one("#periods", OptionList)
        periods.focus()
        await pilot.press("up", "enter")
        assert screen.day == APRIL_10  # the period before: contested, 10 April


@async_test
async def test_click_a_place_on_the_map(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        x, y = map_view.cell_of("mayadin")
        top = map_view.content_region.y - map_view.region.y  # the map's border line
        await pilot.click(MapView, offset=(x, y + top))
        assert screen.place == map_view.place_at(x, y) == "mayadin"


@async_test
async def test_click_the_chart_to_go_to_a_day(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        chart = screen.query_one(TerritoryChart)
        column = chart.column_of(JULY_3)
        await pilot.click(TerritoryChart, offset=(LABEL_WIDTH + column, 0))
        assert screen.day == chart.day_at(column)
        assert abs((screen.day - JULY_3).days) <= 1


@async_test
async def test_legend_counts_each_side_on_the_day(default_scenario):
    app = _app(default_scenario, JULY_3)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        legend = text(screen.query_one(Legend))
        # The figures of `frontline at 2014-07-03` in the README.
        for shown in ("I ISIS 304", "G SAA 4", "O rebels 4", "unknown 212"):
            assert shown in legend
        assert "contested ╱ besieged ╳ uncertain" in legend  # the key, when there is room


@async_test
async def test_tab_moves_between_the_panels(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        seen = []
        for _ in range(5):
            seen.append(app.focused.id if app.focused else None)
            await pilot.press("tab")
        assert seen == ["map", "events", "detail", "periods", "chart"]
        assert app.focused is screen.query_one(MapView)


@async_test
async def test_zoom_and_pan_by_keys_and_wheel(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        home = map_view.view
        await pilot.press("i")
        assert map_view.view.scale == pytest.approx(home.scale * 1.5)
        await pilot.press("l")
        assert map_view.view.x > home.x
        await pilot.press("0")
        assert map_view.view == home
        await _wheel(pilot, map_view, events.MouseScrollUp)
        assert map_view.view.scale > home.scale
        await _wheel(pilot, map_view, events.MouseScrollDown)
        await _wheel(pilot, map_view, events.MouseScrollDown)
        assert map_view.view.scale < home.scale


async def _wheel(pilot, widget, kind) -> None:
    # Pilot has no wheel: post the event the terminal would send.
    widget.post_message(kind(widget, 10, 5, 0, 0, 0, False, False, False, 10, 5))
    await pilot.pause()


@async_test
async def test_palette_offers_the_same_actions(default_scenario):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(screen)}
        titles = set(commands)
        assert {"Next day", "Play or pause, one day at a time", "Help: every key"} <= titles
        assert "Previous day" not in commands  # disabled on the first day
        # Every action of a key is offered once, with its keys, whatever key it has.
        assert commands["Next day with events"].help == "Key: ] pgdn"
        assert commands["Pan the map west"].help == "Key: shift+← h"
        offered = [c for c in commands.values() if c.help.startswith("Key: ")]
        actions = {b.action for b in bindings_of(screen.BINDINGS)} - {"app.quit", "app.screenshot"}
        assert len(offered) == len(actions) - len(BACKWARD & actions)  # back: disabled on day 1
        app.call_later(commands["Next day with events"].callback)
        await pilot.pause()
        assert screen.day == APRIL_11
        map_view = screen.query_one(MapView)
        before = map_view.view.scale
        app.call_later(commands["Zoom the map in (or the wheel)"].callback)
        await pilot.pause()
        assert map_view.view.scale != before  # the action with an argument ran
        provider = PlaceAndDateCommands(screen)
        hits = [hit async for hit in provider.search("3 July")]
        hits[0].command()
        assert screen.day == JULY_3
        hits = [hit async for hit in provider.search("Albu Kamal")]
        assert any("Abu Kamal" in str(hit.prompt) for hit in hits)


@async_test
async def test_screenshot_saves_an_svg_in_the_chosen_folder_and_says_where(
    default_scenario, tmp_path, monkeypatch
):
    app = build_app(default_scenario, JULY_3, screenshot_dir=tmp_path)
    app.animation_level = "none"
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "notify", lambda message, **how: said.append((message, how.get("severity", "")))
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        commands = [c for c in app.get_system_commands(screen) if c.title == "Screenshot"]
        assert len(commands) == 1  # ours, in place of Textual's (to ~/Downloads)
        await pilot.press("ctrl+p")
        await fill(pilot, "Screenshot")
        await app.workers.wait_for_complete()  # the palette's search
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        (saved,) = tmp_path.iterdir()
        assert saved.suffix == ".svg"
        assert "2014-07-03" in saved.name
        svg = saved.read_text(encoding="utf-8")
        assert svg.startswith("<svg")
        assert "Deir" in svg
        assert "Screenshot" not in svg  # the screen, not the palette over it
        assert said == [(f"Saved {saved}", "")]
        await pilot.press("s")  # the key does the same; a second one in the same second too
        await pilot.press("s")
        assert len(list(tmp_path.glob("*.svg"))) == 3
        assert not list(tmp_path.glob(".*"))  # no half-written file left behind
        assert all(p.stat().st_size > 0 for p in tmp_path.iterdir())
        # A folder that cannot be written to: said plainly, nothing else happens.
        said.clear()
        app.screenshot_dir = tmp_path / "missing"
        await pilot.press("s")
        assert said == [
            (
                f"Cannot save a screenshot in {tmp_path / 'missing'}: No such file or directory",
                "error",
            )
        ]
        assert isinstance(app.screen, ReplayScreen)


def test_the_default_screenshot_folder_is_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert build_app().screenshot_dir == tmp_path


@async_test
async def test_stepping_is_incremental(default_scenario, monkeypatch):
    app = _app(default_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        replayer = screen.replay.replayer
        calls = []
        monkeypatch.setattr(replayer, "at", lambda day: calls.append(day))  # must not be called
        await pilot.press("right", "right", "right_square_bracket", "left", "end", "home")
        assert calls == []
        assert screen.day_view.state == fold(default_scenario.world, default_scenario.log, APRIL_10)


@async_test
async def test_resizing_never_crashes(default_scenario):
    app = _app(default_scenario, JULY_1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot)
        for size in ((40, 12), (12, 6), (200, 60), (81, 25), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.export_screenshot()  # everything drew
        assert screen.query_one(MapView).cell_of("abu_kamal") is not None
        assert "2014-07-01" in text(screen.query_one(TopBar))


@async_test
async def test_themes_light_dark_and_ansi(default_scenario):
    app = _app(default_scenario, APRIL_10)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        dark = map_cell(map_view, "abu_kamal").style.color
        app.theme = "textual-light"
        await pilot.pause()
        light = map_cell(map_view, "abu_kamal").style.color
        assert light != dark  # the colours follow the theme
        app.theme = "ansi-dark"
        await pilot.pause()
        assert map_cell(map_view, "abu_kamal").text == "◉"


@async_test
async def test_no_color_draws_sides_by_letter(default_scenario, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(default_scenario, APRIL_10)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        map_view = screen.query_one(MapView)
        assert map_view.letters
        cell = map_cell(map_view, "abu_kamal")
        assert cell.text == "O"
        assert cell.style.reverse  # contested, without colour


@async_test
async def test_every_town_and_city_on_the_map_names_its_side_in_a_letter(default_scenario):
    """Nothing by colour alone: a kind's glyph is followed by its side's letter, or replaced
    by it where the next cell holds another town; at the smallest size and a larger one."""
    for size in ((80, 24), (160, 48)):
        app = _app(default_scenario, JULY_3)
        async with app.run_test(size=size) as pilot:
            screen = await settle(pilot)
            map_view = screen.query_one(MapView)
            view = screen.day_view
            checked = 0
            for place in screen.replay.places:
                if place.kind == "village" or map_view.cell_of(place.id) is None:
                    continue
                x, y = map_view.cell_of(place.id)
                if map_view.place_at(x, y) != place.id:
                    continue  # another place is drawn in its cell
                side = view.side_of(view.state.of(place.id).controller)
                letter = screen.replay.sides[side].letter if side else "·"
                marker = map_marker(map_view, place.id)
                if marker[0] == glyph(place, letter, letters=False):
                    assert marker[1] == letter, (place.id, marker)
                    checked += 1
                else:  # no name is ever written over a glyph
                    assert marker[0] == letter, (place.id, marker)
                    checked += 1
            assert checked >= 10


def test_the_palette_of_sides_is_the_stylesheets() -> None:
    # Content (the legend, the panels) names the colours; the map and chart take them from the
    # .side-N rules of the stylesheet: both must agree, slot by slot.
    stylesheet = (Path(tui.__file__).parent / "frontline.tcss").read_text(encoding="utf-8")
    rules = dict(re.findall(r"\.side-(\d+) \{ color: (\$[a-z-]+); \}", stylesheet))
    assert rules == {str(n): variable for n, variable in enumerate(PALETTE)}


def test_the_ground_tints_are_the_palette_at_the_tint_of_the_legend() -> None:
    # The map tints ground by the .map--ground-N rules; the legend's swatches by ground_style.
    stylesheet = (Path(tui.__file__).parent / "frontline.tcss").read_text(encoding="utf-8")
    rules = dict(
        re.findall(r"\.map--ground-(\d+) \{ background: (\$[a-z-]+ \d+%); \}", stylesheet)
    )
    assert rules == {str(n): f"{variable} {GROUND_TINT}" for n, variable in enumerate(PALETTE)}

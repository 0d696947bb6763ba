"""Save the real terminal UI as docs/tui.svg and docs/tui_extracted.svg for the README (run
from the repo root).

The app is built by the same factory as `frontline`, run headless at a fixed size, and saved once
the scenario and its territory series are loaded: the default scenario on 1 July 2014 (ISIS takes
Abu Kamal), and the invented report on Salah ad Din of the tests, extracted as a user would
(`frontline extract ARTICLE -o DIR`), on 10 March 2015.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from pathlib import Path

from engine.cli.main import main
from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario
from tui.app import build_app

SIZE = (140, 42)
DAY = dt.date(2014, 7, 1)
ARTICLE = Path(__file__).parent.parent / "tests" / "fixtures" / "articles" / "salahuddin_2015.txt"


async def render(scenario: Scenario | None, day: dt.date, name: str) -> None:
    """Run the app, wait for its workers, and save what the terminal shows as SVG."""
    app = build_app(scenario, day)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        screen = app.replay_screen
        while screen.replay is None or screen.territory is None:
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause()
        target = Path(__file__).parent / name
        target.write_text(app.export_screenshot(title="frontline"), encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    asyncio.run(render(None, DAY, "tui.svg"))
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "salahuddin"
        main(["extract", str(ARTICLE), "-o", str(draft)])
        asyncio.run(render(load_scenario(draft), dt.date(2015, 3, 10), "tui_extracted.svg"))

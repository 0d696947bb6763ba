"""Save the real terminal UI as docs/tui.svg for the README (run from the repo root).

The app is built by the same factory as `frontline`, run headless at a fixed size on 1 July 2014
(ISIS takes Abu Kamal), and saved once the scenario and its territory series are loaded.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from tui.app import build_app

SIZE = (140, 42)
DAY = dt.date(2014, 7, 1)


async def render() -> None:
    """Run the app, wait for its workers, and save what the terminal shows as SVG."""
    app = build_app(None, DAY)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        screen = app.replay_screen
        while screen.replay is None or screen.territory is None:
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause()
        target = Path(__file__).parent / "tui.svg"
        target.write_text(app.export_screenshot(title="frontline"), encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    asyncio.run(render())

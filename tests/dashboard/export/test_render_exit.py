"""A process that exits while its export browser starts or renders leaves no traceback and no profile.

A gunicorn worker is recycled (``max_requests``) or stopped whenever it must,
also in the middle of its warm-up export. Closing the browser under a render
left kaleido's task failing unobserved (asyncio printed its traceback) and
Python's exit removed Chromium's temporary profile while Chromium still wrote
to it (another traceback, and the directory left behind). Each case runs a
real child process with the real renderer and Chromium.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dashboard.export.render import browser_path

ROOT = Path(__file__).resolve().parents[3]

#: The child: one big render in a thread, and an exit from the main thread at the chosen moment.
CHILD = """
import sys, threading, time
import plotly.graph_objects as go
from dashboard.export.render import Renderer


renderer = Renderer()
points = list(range(60_000))
figure = go.Figure(go.Scatter(x=points, y=[p % 97 for p in points], mode="markers"))
def export():  # as the app's export callback does: a refused render is reported, not raised
    try:
        renderer.render(figure, "png")
    except Exception as error:
        print("refused:", type(error).__name__, error, flush=True)

threading.Thread(target=export, daemon=True).start()
deadline = time.monotonic() + 60
if sys.argv[1] == "starting":
    while not renderer._lock.locked() and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.3)  # Chromium is launching and writing its profile
else:
    while not renderer._inflight and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)  # the figure is on its way to the tab
print("exiting" if time.monotonic() < deadline else "never reached the moment", flush=True)
sys.exit(0)
"""


@pytest.mark.skipif(browser_path() is None, reason="Chromium is not installed (Debian package `chromium`)")
@pytest.mark.parametrize("moment", ["starting", "rendering"])
def test_exit_mid_export_is_quiet_and_clean(moment: str) -> None:
    # A short scratch folder: Chromium's socket paths under pytest's long tmp_path exceed the 108-byte limit.
    with tempfile.TemporaryDirectory(prefix="atlas-exit-") as scratch:
        done = subprocess.run([sys.executable, "-c", CHILD, moment], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, env={**os.environ, "TMPDIR": scratch})
        left = os.listdir(scratch)
    assert done.returncode == 0 and done.stdout.startswith("exiting"), done.stdout + done.stderr[-3000:]
    assert "refused" not in done.stdout or "RendererClosed" in done.stdout, done.stdout
    assert "Traceback" not in done.stderr and "never retrieved" not in done.stderr, done.stderr[-3000:]
    assert not left, f"left behind: {left}"

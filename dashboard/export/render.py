"""Render figures to PNG, SVG and PDF bytes with kaleido and the system Chromium.

Starting Chromium costs seconds; rendering one figure in a warm tab costs a
fraction of one. A ``Renderer`` therefore owns one browser, started lazily on
the first export (never at import: gunicorn forks workers after import) and
kept warm on a private asyncio loop thread for every later export of the
process. Calls from several threads are safe: each render waits for a free
kaleido tab.

Offline by construction: plotly.js comes from the plotly package on disk,
MathJax is disabled (kaleido would fetch it from a CDN), and plotly's
``world_110m`` topojson, which plotly.js loads for every geo subplot (even one
drawing only GeoJSON with the base map hidden), is read from
``dashboard/assets/topojson/`` through a ``file://`` URL (kaleido starts
Chromium with ``--allow-file-access-from-files``). plotly.py does not ship that
file, so the atlas ships an empty topology under its name: the atlas never
draws plotly's base map (Japan's outline is the N03 boundaries), it only has
to stop plotly.js from fetching ``cdn.plot.ly``.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import logging
import os
import re
import shutil
import struct
import threading
import weakref
import zlib
from collections.abc import Sequence
from concurrent.futures import CancelledError, Future, wait
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go
from choreographer.channels import ChannelClosedError
from kaleido import Kaleido
from kaleido.errors import KaleidoError

from dashboard.export import pdftext
from dashboard.export.frame import PDF_A4, SLIDE, Page

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[Format, ...] = ("png", "svg", "pdf")
DEFAULT_PAGE: dict[Format, Page] = {"png": SLIDE, "svg": SLIDE, "pdf": PDF_A4}

#: (figure dict, kaleido layout options, page) for one render.
_Spec = tuple[dict[str, Any], dict[str, Any], Page]

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "assets" / "topojson"
TOPOJSON_FILE = "world_110m.json"


def browser_path() -> str | None:
    """Chromium to drive: ``ATLAS_CHROMIUM`` or ``BROWSER_PATH`` if set, else Debian's package."""
    for name in ("ATLAS_CHROMIUM", "BROWSER_PATH"):
        if os.environ.get(name):
            return os.environ[name]
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def topojson_url(directory: Path = TOPOJSON_DIR) -> str:
    """The folder URL plotly.js appends ``world_110m.json`` to; fails early if the file is missing."""
    if not (directory / TOPOJSON_FILE).is_file():
        raise FileNotFoundError(f"{directory / TOPOJSON_FILE} is missing: plotly.js would fetch it from the internet")
    return directory.resolve().as_uri() + "/"


class RendererClosed(RuntimeError):
    """The renderer was closed under a render, or asked to render after its process began to exit."""


class Renderer:
    """One warm kaleido browser; ``render`` turns a figure into file bytes."""

    def __init__(self, *, tabs: int = 1, timeout: float = 60, topojson_dir: Path = TOPOJSON_DIR) -> None:
        self._tabs = tabs
        self._timeout = timeout
        self._topojson_dir = topojson_dir
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Kaleido | None = None
        self._pid = 0
        self._inflight: set[Future[list[bytes]]] = set()
        self._exiting = False

    def render(self, fig: go.Figure | dict[str, Any], fmt: Format, page: Page | None = None) -> bytes:
        """Bytes of ``fig`` as ``fmt`` at ``page`` size (PNG carries the page's dpi)."""
        return self.render_many([(fig, fmt, page)])[0]

    def render_many(self, jobs: Sequence[tuple[go.Figure | dict[str, Any], Format, Page | None]]) -> list[bytes]:
        """Render several figures, spread over the browser's tabs; results in ``jobs`` order."""
        topojson = topojson_url(self._topojson_dir)
        specs: list[_Spec] = []
        for fig, fmt, page in jobs:
            if fmt not in FORMATS:
                raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
            page = page or DEFAULT_PAGE[fmt]
            opts = {"format": fmt, "width": page.width, "height": page.height, "scale": page.scale}
            spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
            specs.append((pdftext.latin_first(spec) if fmt == "pdf" else spec, opts, page))
        try:
            results = self._run(specs, topojson)
        except (KaleidoError, RendererClosed):
            raise  # plotly.js refused the figure, or the process is exiting: restarting would not help
        except Exception:  # the browser died (crash, OOM) or hung: restart once, then let errors through
            self.close()
            results = self._run(specs, topojson)
        return [_finish(data, fig, opts["format"], page)
                for data, (fig, opts, page) in zip(results, specs, strict=True)]

    def _run(self, specs: Sequence[_Spec], topojson: str) -> list[bytes]:
        with self._lock:  # started and registered as one step, so close() cancels every render it races with
            kaleido, loop = self._start()

            async def _all() -> list[bytes]:
                return list(await asyncio.gather(*(kaleido.calc_fig(f, o, topojson=topojson) for f, o, _ in specs)))

            future: Future[list[bytes]] = asyncio.run_coroutine_threadsafe(_all(), loop)
            self._inflight.add(future)
        try:
            return future.result(timeout=self._timeout * (1 + len(specs) / self._tabs) + 30)
        except CancelledError as error:
            raise RendererClosed("the export renderer closed during this render: the server is stopping") from error
        finally:
            self._inflight.discard(future)

    def _start(self) -> tuple[Kaleido, asyncio.AbstractEventLoop]:
        """This process's browser and loop, started if need be; the caller holds ``self._lock``."""
        if self._exiting:
            raise RendererClosed("the export renderer has shut down: the server is stopping")
        if self._kaleido is not None and self._loop is not None and self._pid == os.getpid():
            return self._kaleido, self._loop
        # At exit, close this browser before Python's finalizers delete Chromium's temporary profile
        # under it (see _EXIT_ORDER); shut_down() takes the lock, so it waits for a start in progress.
        atexit.unregister(self.shut_down)
        atexit.register(self.shut_down)
        # After a fork the parent's browser and loop thread do not exist here: start our own.
        loop = asyncio.new_event_loop()
        loop.set_exception_handler(_cut_off_quietly)
        thread = threading.Thread(target=loop.run_forever, name="atlas-kaleido", daemon=True)
        thread.start()
        path = browser_path()

        async def _open() -> Kaleido:
            kwargs: dict[str, Any] = {"path": path} if path else {}
            k = Kaleido(n=self._tabs, timeout=self._timeout, mathjax=False, **kwargs)
            await k.open()
            return k

        self._kaleido = asyncio.run_coroutine_threadsafe(_open(), loop).result(timeout=120)
        self._loop, self._thread, self._pid = loop, thread, os.getpid()
        return self._kaleido, loop

    def shut_down(self) -> None:
        """Close for good: a render asked for while the process exits is refused, not a new browser.

        Runs at exit (atexit) and, in a gunicorn worker, earlier from its ``worker_exit`` hook: by the
        time atexit runs, Python has shut its thread pools down and an export still in flight fails in
        odd ways (a tab whose page never loaded), logged as a real failure.
        """
        self._exiting = True
        # A reply cut off mid-pipe as Chromium stops is expected now; choreographer would log its traceback.
        logging.getLogger("choreographer").setLevel(logging.CRITICAL)
        self.close()

    def close(self) -> None:
        """Close the browser and stop the loop thread (safe to call twice).

        Renders still in flight (a worker recycled or stopped during an export
        or its warm-up export) are cancelled first and given a moment to
        unwind: closing the browser under them left kaleido's tasks failing
        unobserved, and Python's exit then printed their tracebacks and failed
        to remove Chromium's profile directory while Chromium still wrote to it.
        """
        with self._lock:
            kaleido, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            if loop is None or self._pid != os.getpid():
                return
            inflight = list(self._inflight)
            for future in inflight:
                future.cancel()
            if inflight:
                wait(inflight, timeout=10)
            if kaleido is not None:
                try:
                    asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(timeout=30)
                except Exception:  # noqa: BLE001 - closing a dead browser must not mask the first error
                    pass
            loop.call_soon_threadsafe(loop.stop)
            if thread is not None:
                thread.join(timeout=10)

    @property
    def started(self) -> bool:
        return self._kaleido is not None and self._pid == os.getpid()


#: ``weakref.finalize`` registers its exit hook with ``atexit`` at its first use; atexit runs hooks last
#: in, first out. Taking that first use here, at import, makes every renderer's ``shut_down`` (registered
#: later) run before the finalizers, among them the removal of Chromium's temporary profile directory,
#: which failed with a traceback when a worker exited while its browser was still running.
_EXIT_ORDER = weakref.finalize(Renderer, lambda: None)


def _cut_off_quietly(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """One log line, not a traceback, for a render cut off because its browser channel closed.

    kaleido runs each render as its own task; when the browser closes under it
    (the process is exiting, or Chromium died and ``render_many`` restarts it)
    that task fails with ``ChannelClosedError`` after its caller has already
    been answered, and asyncio would print the whole traceback as "never
    retrieved". Anything else goes to asyncio's default handler.
    """
    if isinstance(context.get("exception"), ChannelClosedError):
        logging.getLogger(__name__).info("export renderer: a render was cut off as the browser closed")
        return
    loop.default_exception_handler(context)


def _finish(data: bytes, fig: dict[str, Any], fmt: str, page: Page) -> bytes:
    """PNG: the page's dpi. PDF: ordinary characters in the text layer and the figure's title (``pdftext``)."""
    if fmt == "png" and page.dpi:
        return with_png_dpi(data, page.dpi)
    if fmt == "pdf":
        return pdftext.searchable(data, figure_title(fig))
    return data


def figure_title(fig: dict[str, Any]) -> str:
    """The figure's title as plain text (markup and escapes removed), for the PDF's document title."""
    title = fig.get("layout", {}).get("title")
    text = title.get("text") if isinstance(title, dict) else title
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text)) if isinstance(text, str) else ""
    return " ".join(plain.split()) or "地域デジタル格差アトラス"


def with_png_dpi(png: bytes, dpi: int) -> bytes:
    """Record ``dpi`` in a PNG's pHYs chunk so print software places it at the intended size."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    ihdr_end = 8 + 8 + struct.unpack(">I", png[8:12])[0] + 4
    rest = _drop_chunk(png[ihdr_end:], b"pHYs")
    return png[:ihdr_end] + chunk + rest


def _drop_chunk(data: bytes, name: bytes) -> bytes:
    out, pos = bytearray(), 0
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        end = pos + 12 + length
        if data[pos + 4 : pos + 8] != name:
            out += data[pos:end]
        pos = end
    return bytes(out)


_default: Renderer | None = None
_default_lock = threading.Lock()


def get_renderer() -> Renderer:
    """The process-wide warm renderer (a browser is a process resource, not user state)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Renderer()
        return _default


def shut_down() -> None:
    """Shut the process-wide renderer down if this process started one (never starts one)."""
    with _default_lock:
        renderer = _default
    if renderer is not None:
        renderer.shut_down()


def render(fig: go.Figure | dict[str, Any], fmt: Format, page: Page | None = None) -> bytes:
    """Render with the process-wide renderer."""
    return get_renderer().render(fig, fmt, page)

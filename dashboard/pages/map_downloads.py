"""Download buttons under the map: the current view as PNG, SVG, PDF, PPTX, CSV or XLSX.

Thin glue (issue 4): the view comes from the page's state store, the rows of
a table download from the ranking table as the user filtered and sorted it,
and ``dashboard.export.files.export_file`` does the work.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import service
from dashboard.export.files import KINDS, TABLE_KINDS, export_file
from dashboard.i18n import t
from dashboard.pages import ids
from dashboard.state import ViewState

DOWNLOAD = "map-download"
BUTTON = "map-download-button"
BUTTONS = "map-download-buttons"  # a fieldset: disabling it disables every button while a file renders
STATUS = "map-download-status"


def _kind_key(kind: str) -> str:
    """The UI string key of an export kind's button (``png-print`` → ``map_download_png_print``)."""
    return "map_download_" + kind.replace("-", "_")


def bar(lang: str) -> html.Section:
    """The buttons (one per export kind) and the invisible download target."""
    buttons = [
        html.Button(t(_kind_key(kind), lang), id={"type": BUTTON, "kind": kind}, n_clicks=0,
                    className="button download")
        for kind in KINDS
    ]
    return html.Section(
        className="downloads",
        **{"aria-label": t("map_download_heading", lang)},
        children=[
            html.H2(t("map_download_heading", lang)),
            html.Fieldset(buttons, id=BUTTONS, className="download-buttons", disabled=False),
            html.Div(html.P(t("map_download_busy", lang), id=STATUS, className="download-status", hidden=True),
                     role="status", **{"aria-live": "polite"}),
            dcc.Download(id=DOWNLOAD),
        ],
    )


def table_codes(state: ViewState, rows: Any) -> list[str] | None:
    """The ranking's visible rows in their order, when the ranking is shown (a prefecture is chosen)."""
    if not state.pref or not isinstance(rows, list):
        return None
    return [str(r["code"]) for r in rows if isinstance(r, dict) and "code" in r]


def download_file(kind: str, view: Any, rows: Any, upload: Any = None) -> dict[str, Any]:
    """``dcc.Download`` data for ``kind`` of the stored view (a plain function, tested directly).

    ``upload`` is the session's uploaded file (``dashboard.userlayer``), so its view exports too.
    """
    if kind not in KINDS:
        raise PreventUpdate
    state = service.view_state(view, upload)
    codes = table_codes(state, rows) if kind in TABLE_KINDS else None
    file = export_file(state, kind, codes=codes)
    return dcc.send_bytes(file.content, file.filename, type=file.media_type)


@callback(
    Output(DOWNLOAD, "data"),
    Input({"type": BUTTON, "kind": ALL}, "n_clicks"),
    State(ids.VIEW, "data"),
    State(ids.RANKING, "derived_virtual_data", allow_optional=True),  # no table nationally
    State(ids.UPLOAD_STORE, "data"),
    running=[(Output(BUTTONS, "disabled"), True, False), (Output(STATUS, "hidden"), False, True)],
    prevent_initial_call=True,
)
def download_view(clicks: Any, view: Any, rows: Any, upload: Any = None) -> dict[str, Any]:
    """Send the file for the button that was clicked."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(clicks or []):
        raise PreventUpdate
    return download_file(str(trigger.get("kind")), view, rows, upload)

"""The map page's upload panel: put your own CSV/XLSX on the map, in this browser session only.

Thin glue (issue 6, "in the browser"): ``dashboard.upload`` reads and checks
the file with the ETL's own reader (``intake``); the result goes into
a ``dcc.Store`` kept in the browser's *session* storage and nowhere else (no
file, no database row, no server cache); the indicator picker gains the
uploaded indicators and switches to the first, and from there the ordinary
map callbacks draw, rank and export it (``dashboard.userlayer``).

Limits and their messages: 5 MB per file, checked in the browser
(``dcc.Upload(max_size=…)`` drops a larger file silently, so
``assets/upload.js`` says why) and again on the server on the decoded bytes.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import service, userlayer
from dashboard.i18n import t
from dashboard.pages import ids, map_view
from dashboard.state import ViewState
from dashboard.upload import MAX_FILE_BYTES, Form, Outcome, Refusal, read_upload_bounded, safe_name
from intake import Finding, InputError, Report
from intake.messages import word, word_where

log = logging.getLogger(__name__)

#: The shipped template (``data/templates/template.csv``: UTF-8 with BOM, CRLF), written here so the
#: app needs no file outside its package; a test keeps the two identical.
TEMPLATE_ROWS = (
    ("団体コード", "都道府県名", "市区町村名", "指標の値"),
    ("132063", "東京都", "府中市", ""),
    ("362018", "徳島県", "徳島市", ""),
    ("392103", "高知県", "四万十市", ""),
)
TEMPLATE_CSV = b"\xef\xbb\xbf" + "".join(",".join(r) + "\r\n" for r in TEMPLATE_ROWS).encode("utf-8")
TEMPLATE_HREF = "data:text/csv;charset=utf-8;base64," + base64.b64encode(TEMPLATE_CSV).decode("ascii")
MAX_LISTED = 20


def _lang(view: Any) -> str:
    state = view.get("state") if isinstance(view, dict) else None
    return "en" if isinstance(state, dict) and state.get("lang") == "en" else "ja"


# ------------------------------------------------------------------- layout
def _field(label: str, control: Any) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), control], className="control")


def _form(lang: str) -> list[Any]:
    return [
        _field(t("upload_label", lang), dcc.Input(id=ids.UPLOAD_LABEL, type="text", maxLength=80,
                                                  placeholder=t("upload_label_ph", lang))),
        _field(t("upload_unit", lang), dcc.Input(id=ids.UPLOAD_UNIT, type="text", maxLength=12,
                                                 placeholder=t("upload_unit_ph", lang))),
        html.Div(className="control", role="radiogroup", **{"aria-labelledby": f"{ids.UPLOAD_DIRECTION}-label"},
                 children=[html.Span(t("upload_direction", lang), className="label",
                                     id=f"{ids.UPLOAD_DIRECTION}-label"),
                           dcc.RadioItems(id=ids.UPLOAD_DIRECTION, value="higher", inline=True,
                                          labelStyle={"marginRight": "12px"},
                                          options=[{"label": t("upload_higher", lang), "value": "higher"},
                                                   {"label": t("upload_lower", lang), "value": "lower"}])]),
        _field(t("upload_date", lang), dcc.Input(id=ids.UPLOAD_DATE, type="text", maxLength=20, required=True,
                                                 placeholder=t("upload_date_ph", lang))),
        _field(t("upload_pref", lang), dcc.Dropdown(id=ids.UPLOAD_PREF, options=map_view.pref_options(lang),
                                                    placeholder=t("upload_pref_ph", lang))),
        _field(t("upload_column", lang), dcc.Dropdown(id=ids.UPLOAD_COLUMN, options=[],
                                                      placeholder=t("upload_column_ph", lang))),
    ]


def section(state: ViewState, wanted: str | None) -> html.Details:
    """The collapsible panel: template, form, drop zone, status and report, and the session store."""
    lang = state.lang
    zone = html.Div(
        dcc.Upload(id=ids.UPLOAD, multiple=True, max_size=MAX_FILE_BYTES, className="upload-drop",
                   children=html.Div([t("upload_drop", lang), html.Span(t("upload_browse", lang), className="link")])),
        **{"data-max-bytes": str(MAX_FILE_BYTES), "data-too-large": t("upload_too_large_js", lang),
           "data-report": ids.UPLOAD_REPORT},
    )
    return html.Details(id=ids.UPLOAD_BOX, className="upload-panel", children=[
        html.Summary(t("upload_heading", lang)),
        html.P(t("upload_intro", lang), className="hint"),
        html.A(t("upload_template", lang), href=TEMPLATE_HREF, download="atlas_template.csv", id=ids.UPLOAD_TEMPLATE),
        *_form(lang),
        zone,
        html.Div(className="upload-buttons", children=[
            html.Button(t("upload_apply", lang), id=ids.UPLOAD_APPLY, n_clicks=0, className="button"),
            html.Button(t("upload_clear", lang), id=ids.UPLOAD_CLEAR, n_clicks=0, className="button"),
        ]),
        html.Div(id=ids.UPLOAD_STATUS, className="upload-status"),
        html.Div(id=ids.UPLOAD_REPORT, className="upload-report", role="status", **{"aria-live": "polite"}),
        html.P(t("upload_spec_hint", lang), className="hint"),
        dcc.Store(id=ids.UPLOAD_STORE, storage_type="session"),
        dcc.Store(id=ids.UPLOAD_WANTED, data=wanted if userlayer.is_upload_id(wanted) else None),
    ])


# ------------------------------------------------------------------- report
def _finding(f: Finding, lang: str) -> str:
    """The CLI's English line as is; in Japanese, worded from the finding's code (English if it has none)."""
    if lang == "en":
        return str(f)
    message = word(f.code, f.fields, f.message, lang)
    where = ([f"{f.row}行目"] if f.row is not None else []) + ([f"列「{f.column}」"] if f.column else [])
    return f"{'・'.join(where)}：{message}" if where else message


def _error(exc: InputError, lang: str) -> str:
    """A refused file or spec: file, place and problem, worded like ``_finding``."""
    if lang == "en":
        return str(exc)
    problem = word(exc.code, exc.fields, exc.problem, lang)
    return "：".join(p for p in (exc.file, word_where(exc.where, lang), problem) if p)


def _listed(findings: list[Finding], lang: str) -> html.Ul:
    items = [html.Li(_finding(f, lang)) for f in findings[:MAX_LISTED]]
    if len(findings) > MAX_LISTED:
        items.append(html.Li(t("upload_more", lang, n=len(findings) - MAX_LISTED)))
    return html.Ul(items)


def _report(report: Report, file: str, lang: str) -> list[Any]:
    counts = {k: report.count(k) for k in ("unmatched", "ambiguous", "out_of_range", "bad_value")}
    parts: list[Any] = [html.P(t("upload_counts", lang, file=safe_name(file), read=report.rows_read,
                                 matched=report.rows_matched, values=report.values_present,
                                 missing=report.values_missing, **counts), className="upload-counts")]
    if report.problems:
        parts += [html.P(t("upload_problems", lang), className="notice"), _listed(report.problems, lang)]
    history = [n for n in report.notes if n.kind == "history"]
    if history:
        parts += [html.P(t("upload_history", lang)), _listed(history, lang)]
    for kind, key in (("missing", "upload_missing_notes"), ("ignored", "upload_ignored_notes")):
        n = sum(1 for f in report.notes if f.kind == kind)
        if n:
            parts.append(html.P(t(key, lang, n=n), className="hint"))
    return parts


def refusal_text(refusal: Refusal, lang: str) -> str:
    fields = {k: safe_name(v) if k == "name" else v for k, v in refusal.fields.items()}
    if refusal.error is not None:
        fields["message"] = _error(refusal.error, lang)
    return t(f"upload_{refusal.key}", lang, **fields)


def _labels(layer: userlayer.UserLayer | None, lang: str) -> str:
    return "、".join(i.label(lang) for i in layer.indicators.values()) if layer else ""


def report_children(outcome: Outcome, lang: str, layer: userlayer.UserLayer | None) -> list[Any]:
    """What the user reads after an upload: counts, the problems by line, what was read how, and the result."""
    parts: list[Any] = []
    if outcome.refusal is not None:
        parts.append(html.P(refusal_text(outcome.refusal, lang), className="notice"))
    if outcome.report is not None:
        parts += _report(outcome.report, outcome.file, lang)
    if outcome.spec:
        parts.append(html.P(t("upload_used_spec", lang), className="hint"))
    elif outcome.column:
        parts.append(html.P(t("upload_used_column", lang, column=outcome.column), className="hint"))
    if layer is not None:
        parts.append(html.P(t("upload_mapped", lang, labels=_labels(layer, lang)), className="upload-ok"))
    else:
        parts.append(html.P(t("upload_kept", lang), className="hint"))
    return parts


def status_children(layer: userlayer.UserLayer | None, lang: str) -> list[Any]:
    if layer is None:
        return []
    return [html.P(t("upload_status", lang, file=safe_name(layer.file), labels=_labels(layer, lang)))]


def picker_options(lang: str, layer: userlayer.UserLayer | None) -> list[dict[str, Any]]:
    """The indicator picker: the catalogue's groups, then the session's uploaded indicators."""
    options = map_view.indicator_options(lang)
    if layer is not None:
        options.append({"label": f"■ {t('upload_picker_group', lang)}", "value": "__upload", "disabled": True})
        options += [{"label": ind.label(lang), "value": ind.id} for ind in layer.indicators.values()]
    return options


# ---------------------------------------------------------------- callbacks
def _form_from(label: Any, unit: Any, direction: Any, when: Any, pref: Any, column: Any) -> Form:
    def text(value: Any) -> str:
        return value if isinstance(value, str) else ""

    two_digits = isinstance(pref, str) and len(pref) == 2 and pref.isascii() and pref.isdigit()
    return Form(label=text(label), unit=text(unit), higher_is_better=direction != "lower", date=text(when),
                prefecture=pref if two_digits else None,
                column=column if isinstance(column, str) else None)


def _current_indicator(view: Any) -> Any:
    state = view.get("state") if isinstance(view, dict) else None
    return state.get("indicator") if isinstance(state, dict) else None


def _read(contents: Any, filenames: Any, form: Form) -> Outcome:
    try:
        return read_upload_bounded(contents, filenames, form, service.matcher())
    except Exception:  # a user's file must never turn into a silent failed request
        log.exception("upload could not be read")
        return Outcome(str(filenames)[:120], refusal=Refusal("unexpected"))


@callback(
    Output(ids.UPLOAD_STORE, "data"), Output(ids.UPLOAD_REPORT, "children"),
    Output(ids.UPLOAD_COLUMN, "options"), Output(ids.UPLOAD_COLUMN, "value"),
    Output(ids.INDICATOR, "options", allow_duplicate=True), Output(ids.INDICATOR, "value", allow_duplicate=True),
    Input(ids.UPLOAD, "contents"), Input(ids.UPLOAD_APPLY, "n_clicks"), Input(ids.UPLOAD_CLEAR, "n_clicks"),
    State(ids.UPLOAD, "filename"), State(ids.UPLOAD_LABEL, "value"), State(ids.UPLOAD_UNIT, "value"),
    State(ids.UPLOAD_DIRECTION, "value"), State(ids.UPLOAD_DATE, "value"), State(ids.UPLOAD_PREF, "value"),
    State(ids.UPLOAD_COLUMN, "value"), State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def receive_upload(contents: Any, _apply: Any, _clear: Any, filenames: Any, label: Any, unit: Any, direction: Any,
                   when: Any, pref: Any, column: Any, view: Any) -> tuple[Any, ...]:
    """Read the dropped file (or re-read it with the form, or remove it); a refused file changes nothing."""
    lang = _lang(view)
    on_upload = userlayer.is_upload_id(_current_indicator(view))
    if ctx.triggered_id == ids.UPLOAD_CLEAR:
        back = service.state_options().default_indicator if on_upload else no_update
        return None, [html.P(t("upload_cleared", lang))], no_update, no_update, picker_options(lang, None), back
    if contents is None:
        if ctx.triggered_id == ids.UPLOAD_APPLY:
            return no_update, [html.P(t("upload_no_file", lang), className="notice")], *((no_update,) * 4)
        raise PreventUpdate
    outcome = _read(contents, filenames, _form_from(label, unit, direction, when, pref, column))
    columns: Any = [{"label": c, "value": c} for c in outcome.columns] if outcome.columns else no_update
    chosen: Any = outcome.column if outcome.column else no_update
    if outcome.spec:  # the spec names the columns: the form's choice does not apply
        columns, chosen = [], None
    if outcome.payload is None:
        return no_update, report_children(outcome, lang, None), columns, chosen, no_update, no_update
    layer = service.load_upload(outcome.payload)
    if layer is None:  # cannot happen for a payload just made; refuse rather than store it
        return no_update, [html.P(t("upload_unexpected", lang), className="notice")], *((no_update,) * 4)
    first = next(iter(layer.indicators))
    children = report_children(outcome, lang, layer)
    return outcome.payload, children, columns, chosen, picker_options(lang, layer), first


@callback(
    Output(ids.INDICATOR, "options", allow_duplicate=True), Output(ids.INDICATOR, "value", allow_duplicate=True),
    Output(ids.UPLOAD_STATUS, "children"),
    Input(ids.UPLOAD_STORE, "modified_timestamp"), State(ids.UPLOAD_STORE, "data"), State(ids.UPLOAD_WANTED, "data"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def sync_picker(_modified: Any, payload: Any, wanted: Any, view: Any) -> tuple[Any, Any, list[Any]]:
    """Keep the picker in step with the session's upload; reopen an upload view after a reload of its link."""
    lang = _lang(view)
    layer = service.load_upload(payload)
    options = picker_options(lang, layer)
    restore = layer is not None and wanted in layer.indicators and _current_indicator(view) != wanted
    return options, (wanted if restore else no_update), status_children(layer, lang)


__all__ = ["receive_upload", "section", "sync_picker"]

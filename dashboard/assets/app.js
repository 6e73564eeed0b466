/* Clientside callbacks (loaded from /assets, so no inline script is needed).
 * syncQuery writes the view's query string into the address bar with
 * history.replaceState: the link is always shareable, the back button is not
 * flooded, and Dash's page router is not triggered (no re-render).
 * (plotly.js and the boundary GeoJSON are preloaded by <link> tags in the
 * page's <head>: dashboard/preload.py.) */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas: {
        syncQuery: function (data) {
            if (data && typeof data.query === "string") {
                var url = window.location.pathname + (data.query ? "?" + data.query : "");
                if (url !== window.location.pathname + window.location.search) {
                    window.history.replaceState(window.history.state, "", url);
                }
            }
            return window.dash_clientside.no_update;
        },
        /* The profile renders below the map and the ranking: bring it into view and move the
         * keyboard focus to its heading, so a click on the map visibly opens it (issue 9 §5). */
        focusProfile: function (key, initial) {
            var area = key && key[0];
            var before = window.atlasProfileArea === undefined ? (initial && initial[0]) : window.atlasProfileArea;
            window.atlasProfileArea = area;
            if (!area || area === before) { return window.dash_clientside.no_update; }  // not a new selection
            var heading = document.querySelector("#map-profile .area-name");
            if (heading) {
                heading.setAttribute("tabindex", "-1");
                heading.scrollIntoView({block: "start"});
                heading.focus({preventScroll: true});
            }
            return window.dash_clientside.no_update;
        }
    }
});

/* Keyboard and screen-reader fixes Dash's components do not offer as props (issue 9 §6):
 * - the ranking's row radio buttons get an accessible name (the row's area name);
 * - the disabled option of a radio group says it is unavailable.
 * A MutationObserver re-applies them whenever Dash re-renders the table. */
(function () {
    function label(root) {
        var lang = (document.querySelector("[lang]") || document.documentElement).getAttribute("lang") || "ja";
        root.querySelectorAll("#map-ranking tr").forEach(function (row) {
            var radio = row.querySelector("td.dash-select-cell input[type=radio]");
            var name = row.querySelector("td[data-dash-column=name]");
            if (radio && name) {
                var text = (lang === "en" ? "Select " : "") + name.textContent + (lang === "en" ? "" : " を選択");
                if (radio.getAttribute("aria-label") !== text) { radio.setAttribute("aria-label", text); }
            }
        });
    }
    var queued = false;
    function later() {  // at most once a frame, however many nodes a re-render touches
        if (queued) { return; }
        queued = true;
        window.requestAnimationFrame(function () { queued = false; label(document); });
    }
    function start() {
        label(document);
        new MutationObserver(later).observe(document.body, {childList: true, subtree: true});
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

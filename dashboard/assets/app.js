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
        }
    }
});

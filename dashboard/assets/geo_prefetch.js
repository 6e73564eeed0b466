/* The first prefecture filter downloads and parses the detailed boundaries (2.5 MB of GeoJSON,
 * 0.6 MB gzip), which made it the slowest filter of a visit (issue 9 §5: ≤ 0.6 s, the first time
 * included). Once the first map is drawn and the browser is idle, this loads the URLs the map
 * region lists in data-prefetch (dashboard/pages/map_view.prefetch_urls) into plotly.js's own
 * GeoJSON cache, window.PlotlyGeoAssets, which plotly.js reads before it fetches a URL.
 * Nothing is loaded when the browser asks to save data. An asset plotly.js is already fetching
 * (or has) is left alone, and a failed fetch leaves no trace: plotly.js then fetches it itself. */
(function () {
    var tries = 0;
    function idle(fn) {
        if (window.requestIdleCallback) { window.requestIdleCallback(fn, {timeout: 3000}); } else { setTimeout(fn, 300); }
    }
    function load(url) {
        fetch(url, {credentials: "same-origin"}).then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
        }).then(function (geojson) {
            var assets = window.PlotlyGeoAssets;
            if (assets && !assets[url] && geojson && geojson.type === "FeatureCollection") { assets[url] = geojson; }
        }).catch(function () { /* plotly.js fetches it when a map needs it */ });
    }
    function start() {
        var region = document.querySelector("[data-prefetch]");
        var drawn = document.querySelector("#map-graph .choroplethlayer path");
        if (!region || !drawn || !window.PlotlyGeoAssets) {
            if (++tries < 120) { setTimeout(start, 500); }  // the map page, once its first map is drawn
            return;
        }
        if (navigator.connection && navigator.connection.saveData) { return; }
        idle(function () {
            (region.getAttribute("data-prefetch") || "").split(" ").forEach(function (url) {
                if (url && !window.PlotlyGeoAssets[url]) { load(url); }
            });
        });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

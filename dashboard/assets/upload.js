/* Say why a dropped file was not loaded when it is over the size limit.
 *
 * dcc.Upload(max_size=...) drops a larger file in the browser without telling anyone
 * (no callback fires), so this listens to the same drop/choose events and writes the
 * page's own message (data-too-large on the zone's wrapper, in the page language)
 * into the upload report with dash_clientside.set_props. The server checks the
 * size again on the decoded bytes (dashboard/upload.py). */
(function () {
    function warn(files, zone) {
        var limit = Number(zone.getAttribute("data-max-bytes"));
        var big = Array.prototype.filter.call(files || [], function (f) { return f.size > limit; });
        var clientside = window.dash_clientside;
        if (!big.length || !clientside || typeof clientside.set_props !== "function") {
            return;
        }
        var text = zone.getAttribute("data-too-large")
            .replace("{name}", big[0].name)
            .replace("{size}", (big[0].size / 1048576).toFixed(1) + " MB");
        clientside.set_props(zone.getAttribute("data-report"), {
            children: {type: "P", namespace: "dash_html_components", props: {children: text, className: "notice"}}
        });
    }
    function zoneOf(target) {
        return target && target.closest ? target.closest("[data-max-bytes]") : null;
    }
    document.addEventListener("change", function (event) {
        var zone = zoneOf(event.target);
        if (zone && event.target.files) { warn(event.target.files, zone); }
    }, true);
    document.addEventListener("drop", function (event) {
        var zone = zoneOf(event.target);
        if (zone && event.dataTransfer) { warn(event.dataTransfer.files, zone); }
    }, true);
})();

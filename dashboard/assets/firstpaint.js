/* The first paint without a round trip (dashboard/firstpaint.py): the index page carries the page's
 * layout and the callback list as JSON data islands; the renderer's first fetch of _dash-layout and of
 * _dash-dependencies is answered from them. Every later request (and a page without islands) goes to
 * the server as before. The islands are data (type="application/json"), never executed. */
(function () {
    if (typeof window.fetch !== "function" || typeof window.Response !== "function") { return; }
    var islands = {"_dash-layout": "atlas-layout", "_dash-dependencies": "atlas-dependencies"};
    var original = window.fetch;
    window.fetch = function (input, init) {
        var url = typeof input === "string" ? input : (input && input.url) || "";
        var method = ((init && init.method) || "GET").toUpperCase();
        var name = url.split("?")[0].split("/").pop();
        var id = method === "GET" && Object.prototype.hasOwnProperty.call(islands, name) ? islands[name] : null;
        var node = id && document.getElementById(id);
        if (node) {
            delete islands[name];  // once: a later layout request (Dash's hot reload) asks the server
            node.parentNode.removeChild(node);
            return Promise.resolve(new Response(node.textContent, {
                status: 200, headers: {"Content-Type": "application/json"}
            }));
        }
        return original.apply(this, arguments);
    };
})();
/* The prerendered page (dashboard/prerender.py) goes once the live page is in place: when the renderer
 * has put the app's root into #react-entry-point and, if the live page shows the map's still picture,
 * that picture has loaded (so the map never blinks). It lies over the live page, so removing it moves
 * nothing. */
(function () {
    var overlay = document.getElementById("atlas-prerendered");
    var entry = document.getElementById("react-entry-point");
    if (!overlay || !entry || typeof MutationObserver !== "function") { return; }
    function remove() { if (overlay.parentNode) { overlay.parentNode.removeChild(overlay); } }
    var observer = new MutationObserver(function () {
        var app = entry.querySelector(".app");
        if (!app) { return; }
        observer.disconnect();
        var still = app.querySelector("img.map-still");
        if (!still || still.complete) { remove(); return; }
        still.addEventListener("load", remove);
        still.addEventListener("error", remove);
        setTimeout(remove, 2000);  // a picture that never answers must not keep the page covered
    });
    observer.observe(entry, {childList: true, subtree: true});
})();

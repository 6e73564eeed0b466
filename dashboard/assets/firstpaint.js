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

/* Printing the map page: plotly draws the map at the window's pixel size, which does not
 * follow the print stylesheet (print.css), so the figure is redrawn at an A4-landscape size
 * (≈265 × 103 mm at 96 px/in) when printing starts and given back its own size afterwards. */
(function () {
    var saved = null;

    function graph() {
        return document.querySelector("#map-graph .js-plotly-plot");
    }

    window.addEventListener("beforeprint", function () {
        var gd = graph();
        if (!gd || !window.Plotly || !gd.layout) { return; }
        saved = {width: gd.layout.width, height: gd.layout.height, autosize: gd.layout.autosize};
        window.Plotly.relayout(gd, {width: 1000, height: 390, autosize: false});
    });

    window.addEventListener("afterprint", function () {
        var gd = graph();
        if (!gd || !window.Plotly || !saved) { return; }
        window.Plotly.relayout(gd, {width: saved.width || null, height: saved.height || null,
                                    autosize: saved.autosize !== false});
        saved = null;
    });
})();

'use strict';
// The trace types the atlas draws in the browser: choropleth (map), scatter (trend and
// standing charts; part of plotly.js core) and bar (priority ranking). A figure with any
// other trace type would not render: add it here, rebuild, and update ../README.md.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/bar'),
]);

module.exports = Plotly;

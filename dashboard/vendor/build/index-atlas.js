'use strict';
// The trace types the atlas draws in the browser: choropleth (map), scatter (trend and
// standing charts; part of plotly.js core) and bar (priority ranking). A figure with any
// other trace type would not render: add it here, rebuild, and update ../README.md.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/bar'),
    // Japanese toolbar tooltips, used where a graph's config says {locale: 'ja'} (Japanese pages);
    // English stays plotly's built-in default.
    require('plotly.js/lib/locales/ja'),
]);

module.exports = Plotly;

// Builds ../plotly-atlas-<version>.min.js: plotly.js core (with the scatter trace) plus the
// choropleth and bar traces, minified with esbuild the way plotly.js builds its own dist
// bundles (iife, global `Plotly`, same banner/footer wrapper, licences kept at the end).
// Usage (see ../README.md): npm ci --ignore-scripts && node build.js [output folder, default ..]
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const version = require('plotly.js/package.json').version;
const outdir = path.resolve(process.argv[2] || path.join(__dirname, '..'));
const outfile = path.join(outdir, `plotly-atlas-${version}.min.js`);
const banner = `/**
* plotly.js (choropleth, bar - minified) v${version}
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license
*/
(
 function(root, factory) {
  if (typeof module === "object" && module.exports) {
   module.exports = factory();
  } else {
   root.moduleName = factory();
  }
} (typeof self !== "undefined" ? self : this, () => {`;
const footer = `
window.Plotly = Plotly;
return Plotly;
}));`;

esbuild.build({
    entryPoints: [path.join(__dirname, 'index-atlas.js')],
    outfile, write: false, format: 'iife', globalName: 'Plotly', bundle: true, minify: true,
    sourcemap: false, legalComments: 'eof', target: 'es2016', logLevel: 'warning',
    banner: {js: banner}, footer: {js: footer},
    alias: {regl: '@plotly/regl', stream: 'stream-browserify'},
    define: {global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false'},
}).then((result) => {
    // The only other output is maplibre-gl's CSS, which plotly.js requires for map traces (not included).
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    fs.writeFileSync(outfile, js.contents);
    console.log(`${path.basename(outfile)}: ${js.contents.length} bytes`);
}).catch(() => process.exit(1));

// The plotly.js the page loads: plotly.js's own src/core.js with only the components the map uses (hover and
// clicks, the toolbar, colour scales, the legend; no annotations, images, menus, sliders or range controls), and
// the two traces it draws, scattergeo and choropleth. docs/architecture.md (The page's plotly.js) says what a figure
// may use; tests/unit/test_plotly_bundle.py checks the page's and the exports' figures against this file.
'use strict';

exports.version = require('plotly.js/src/version').version;

require('plotly.js/build/plotcss');

var Registry = require('plotly.js/src/registry');
var register = exports.register = Registry.register;

var plotApi = require('plotly.js/src/plot_api');
Object.keys(plotApi).forEach(function(name) {
    if(name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({moduleType: 'apiMethod', name: name, fn: plotApi[name]});
});

register(require('plotly.js/src/traces/scatter'));
register([
    // Shapes and selections: the legend and the geo subplot read their layout defaults.
    require('plotly.js/src/components/selections'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/colorbar'),
    require('plotly.js/src/components/legend'),
    require('plotly.js/src/components/fx'),
    require('plotly.js/src/components/modebar')
]);
register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);

exports.Icons = require('plotly.js/src/fonts/ploticon');
var Fx = require('plotly.js/src/components/fx');
var Plots = require('plotly.js/src/plots/plots');
exports.Plots = {resize: Plots.resize, graphJson: Plots.graphJson, sendDataToCloud: Plots.sendDataToCloud};
exports.Fx = {hover: Fx.hover, unhover: Fx.unhover, loneHover: Fx.loneHover, loneUnhover: Fx.loneUnhover};
exports.Snapshot = require('plotly.js/src/snapshot');
exports.PlotSchema = require('plotly.js/src/plot_api/plot_schema');

register([require('plotly.js/src/traces/scattergeo'), require('plotly.js/src/traces/choropleth')]);

// In place of npm d3-geo-projection, where plotly.js finds the projections d3-geo lacks: the map uses "natural
// earth", which d3-geo-projection itself takes from d3-geo.
'use strict';

exports.geoNaturalEarth = require('d3-geo').geoNaturalEarth1;

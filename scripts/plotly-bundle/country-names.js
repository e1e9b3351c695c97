// In place of npm country-iso-search, which plotly.js reads for locationmode "country names": the map names its
// countries by its own shapes' ids (featureidkey), so no name is ever looked up.
'use strict';

exports.COUNTRIES = [];
exports.createLookup = function() {
    return {lookupAlpha3: function() { return undefined; }};
};

// The map's shapes, packed by the server (dashboard/core/geo.py, packed_shapes) and unpacked here into the very
// GeoJSON the figure names by its address, where plotly.js looks before fetching one (window.PlotlyGeoAssets, as
// the exports' snapshot does). The head's preload link carries both addresses. Should plotly.js ask first, or the
// packed shapes fail to come, plotly.js fetches the GeoJSON itself, as it would without this script.
(function () {
  const link = document.querySelector("link[rel=preload][data-geojson]");
  if (!link) {
    return;
  }
  const key = link.getAttribute("data-geojson");

  function unpack(packed) {
    const steps = packed.steps;
    let at = 0;
    function ring(count, scale) {
      const points = [];
      let x = 0;
      let y = 0;
      for (let i = 0; i < count; i++, at += 2) {
        x += steps[at];
        y += steps[at + 1];
        points.push([x / scale, y / scale]);
      }
      points.push(points[0]);
      return points;
    }
    return {type: "FeatureCollection", features: packed.features.map(function (f) {
      const scale = Math.pow(10, f[2]);
      const rings = function (counts) { return counts.map(function (n) { return ring(n, scale); }); };
      return {type: "Feature", id: f[0], properties: f[1],
              geometry: {type: f[3], coordinates: f[3] === "Polygon" ? rings(f[4]) : f[4].map(rings)}};
    })};
  }

  fetch(link.href, {credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok) {
        throw new Error("shapes: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (packed) {
      const assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
      if (!assets[key]) {
        assets[key] = unpack(packed);
      }
    })
    .catch(function () {});
})();

// plotly.js core (scatter traces included) plus the other trace types the dashboard
// draws: bars (strand and area comparisons), choropleth (the borough map) and
// scattergeo (labels on the map). A chart of any other type would not draw: add its
// trace module here, rebuild (build.sh), and commit the new bundle.
var Plotly = require("plotly.js/lib/core");

Plotly.register([
    require("plotly.js/lib/bar"),
    require("plotly.js/lib/choropleth"),
    require("plotly.js/lib/scattergeo"),
]);

// dcc.Graph uses window.Plotly when it is set, and then never fetches its own full bundle.
window.Plotly = Plotly;

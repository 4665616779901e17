/* "Show as table" under every chart (callbacks/chart_tables.py): ask the server for the
 * numbers only while the table is open. An odd number of clicks on its summary means
 * open (the details start closed; Enter and Space on a summary are clicks too). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    chartTables: {
        tableWanted: function (clicks, options) {
            if (!clicks || clicks % 2 === 0) {
                return window.dash_clientside.no_update;
            }
            return {opened: clicks, options: options === undefined ? null : options};
        }
    }
});

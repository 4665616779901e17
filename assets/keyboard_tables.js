/* Sorting the dashboard's keyboard tables (components/tables.py) in the browser.
 * The rows are the ones the server rendered; each cell carries its raw value in
 * data-sort, so numbers sort as numbers and months by date, unless it sorts by its own
 * text (lower case), which then stands for it. Missing values go last
 * whichever the direction, as on the server's first render. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    keyboardTables: {
        sortTable: function (clicks, rows, spec) {
            const noUpdate = window.dash_clientside.no_update;
            const clicked = window.dash_clientside.callback_context.triggered_id;
            if (!clicked || !spec || !Array.isArray(rows)) {
                return [noUpdate, noUpdate, noUpdate, noUpdate];
            }
            const keys = spec.columns.map(function (column) { return column.key; });
            const index = keys.indexOf(clicked.column);
            if (index < 0) {
                return [noUpdate, noUpdate, noUpdate, noUpdate];
            }
            const current = spec.sort;
            const direction = current && current.column === clicked.column && current.direction === "ascending"
                ? "descending" : "ascending";
            const valueOf = function (row) {
                const cell = row.props.children[index];
                if (!cell || !cell.props) {
                    return null;
                }
                const value = cell.props["data-sort"];
                if (value !== undefined) {
                    return value;
                }
                // A cell that sorts by its own text carries no data-sort (components/tables.py).
                return typeof cell.props.children === "string" ? cell.props.children.toLowerCase() : null;
            };
            const present = rows.filter(function (row) { return valueOf(row) !== null; });
            const missing = rows.filter(function (row) { return valueOf(row) === null; });
            const sign = direction === "ascending" ? 1 : -1;
            present.sort(function (a, b) {
                const x = valueOf(a), y = valueOf(b);
                return sign * (x < y ? -1 : (x > y ? 1 : 0));
            });
            const arrows = {ascending: " \u25B2", descending: " \u25BC", none: " \u2195"};
            const directions = keys.map(function (key) { return key === clicked.column ? direction : "none"; });
            const labels = spec.columns.map(function (column, position) {
                return [column.name, {type: "Span", namespace: "dash_html_components",
                        props: {children: arrows[directions[position]], className: "sort-arrow", "aria-hidden": "true"}}];
            });
            return [present.concat(missing), Object.assign({}, spec, {sort: {column: clicked.column, direction: direction}}),
                    directions, labels];
        }
    }
});

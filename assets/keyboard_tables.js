/* The dashboard's keyboard tables (components/tables.py), drawn and sorted in the browser.
 * The server sends each table's rows as data in its spec store (browser_table): a cell is
 * its text when it sorts by that text (lower case), else [text, sort value] or
 * [text, sort value, address]. drawRows makes the <tr>s from the spec; sortTable reorders
 * the spec's rows when a heading is clicked. Missing values (a null sort value) go last
 * whichever the direction, as on the server's first order. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    keyboardTables: {
        drawRows: function (spec) {
            if (!spec || !Array.isArray(spec.rows)) {
                return [];
            }
            const marked = new Set(spec.marked || []);
            return spec.rows.map(function (row, position) {
                const cells = row.map(function (cell, index) {
                    const column = spec.columns[index];
                    const props = {};
                    let content = cell;
                    if (Array.isArray(cell)) {
                        content = cell[0];
                        props["data-sort"] = cell[1];
                        if (cell.length > 2) {
                            content = {type: "Link", namespace: "dash_core_components",
                                       props: {children: cell[0], href: cell[2]}};
                        }
                    }
                    props.children = content;
                    if (column.className) {
                        props.className = column.className;
                    }
                    if (index === 0) {
                        props.scope = "row";  // the first column heads its row
                    }
                    return {type: index === 0 ? "Th" : "Td", namespace: "dash_html_components", props: props};
                });
                const props = {children: cells};
                if (marked.has(position)) {
                    props.className = "table-warning fw-bold";
                }
                return {type: "Tr", namespace: "dash_html_components", props: props};
            });
        },
        sortTable: function (clicks, spec) {
            const noUpdate = window.dash_clientside.no_update;
            const clicked = window.dash_clientside.callback_context.triggered_id;
            if (!clicked || !spec || !Array.isArray(spec.rows)) {
                return [noUpdate, noUpdate, noUpdate];
            }
            const keys = spec.columns.map(function (column) { return column.key; });
            const index = keys.indexOf(clicked.column);
            if (index < 0) {
                return [noUpdate, noUpdate, noUpdate];
            }
            const current = spec.sort;
            const direction = current && current.column === clicked.column && current.direction === "ascending"
                ? "descending" : "ascending";
            const valueOf = function (row) {
                const cell = row[index];
                return Array.isArray(cell) ? cell[1] : (typeof cell === "string" ? cell.toLowerCase() : null);
            };
            const marked = new Set(spec.marked || []);
            const entries = spec.rows.map(function (row, position) {
                return {row: row, marked: marked.has(position)};
            });
            const present = entries.filter(function (entry) { return valueOf(entry.row) !== null; });
            const missing = entries.filter(function (entry) { return valueOf(entry.row) === null; });
            const sign = direction === "ascending" ? 1 : -1;
            present.sort(function (a, b) {
                const x = valueOf(a.row), y = valueOf(b.row);
                return sign * (x < y ? -1 : (x > y ? 1 : 0));
            });
            const ordered = present.concat(missing);
            const newMarked = [];
            ordered.forEach(function (entry, position) {
                if (entry.marked) {
                    newMarked.push(position);
                }
            });
            const arrows = {ascending: " \u25B2", descending: " \u25BC", none: " \u2195"};
            const directions = keys.map(function (key) { return key === clicked.column ? direction : "none"; });
            const labels = spec.columns.map(function (column, position) {
                return [column.name, {type: "Span", namespace: "dash_html_components",
                        props: {children: arrows[directions[position]], className: "sort-arrow", "aria-hidden": "true"}}];
            });
            return [Object.assign({}, spec, {
                        rows: ordered.map(function (entry) { return entry.row; }),
                        sort: {column: clicked.column, direction: direction},
                        marked: newMarked}),
                    directions, labels];
        }
    }
});

/* Links that carry the filters (callbacks/filters.py, callbacks/borough_profile.py),
 * written in the browser from the filter state the server validated: no round trip.
 * The query string is FilterState.to_query's, key for key. */
(function () {
    function query(state) {
        const encode = encodeURIComponent;
        const boroughs = Array.isArray(state.boroughs) ? state.boroughs : [];
        let text = "?dataset=" + encode(state.dataset_id) + "&from=" + encode(state.start) +
            "&to=" + encode(state.end) + "&strand=" + encode(state.strand);
        if (boroughs.length) { text += "&borough=" + boroughs.map(encode).join(","); }
        if (state.group) { text += "&group=" + encode(state.group); }
        if (state.view) { text += "&view=" + encode(state.view); }
        return text;
    }

    function isState(state) {
        return Boolean(state) && typeof state === "object" && Boolean(state.start) && Boolean(state.end);
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        filterLinks: {
            // Every nav link: its page with the filters; the profile link opens the one
            // chosen borough, or the list to choose from.
            navLinks: function (state, linkIds) {
                const pages = (linkIds || []).map(function (id) { return id.page; });
                if (!isState(state)) { return pages; }
                const boroughs = Array.isArray(state.boroughs) ? state.boroughs : [];
                const profile = boroughs.length === 1 ? "/borough/" + encodeURIComponent(boroughs[0])
                    : "/borough/choose";
                return pages.map(function (page) {
                    return (page.indexOf("<slug>") >= 0 ? profile : page) + query(state);
                });
            },
            // On a profile, choosing one other borough in the filter bar opens its profile,
            // as a dcc.Link does: the address pushed and Dash's locations told. (A second
            // dcc.Location on the page kept its first address and pushed it back after the
            // filter bar wrote a new one.) Returns the address opened.
            followBorough: function (state, slug) {
                const boroughs = isState(state) && Array.isArray(state.boroughs) ? state.boroughs : [];
                if (boroughs.length !== 1 || boroughs[0] === String(slug || "").toLowerCase()) {
                    return window.dash_clientside.no_update;
                }
                const href = "/borough/" + encodeURIComponent(boroughs[0]) + query(state);
                window.history.pushState({}, "", href);
                window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
                window.scrollTo(0, 0);
                return href;
            }
        }
    });
})();

/* The meeting deck: in the projector view (?view=present) each chart is a slide of one
 * screen (assets/dashboard.css), and a presenter's clicker (PageDown / PageUp) or the arrow
 * keys step through them. The first "slide" is the top of the page: heading, filters and
 * headline cards. Keys typed into a control (a filter menu, a table, a text box) stay
 * with it, so the deck never takes a key a form needs.
 *
 * Stepping moves the focus to the slide (tabindex -1), so a screen reader announces the
 * chart by its title, and leaves the address alone: the filters in it are what twenty
 * people following the same link share. */
(function () {
    const FORWARD = {PageDown: 1, ArrowDown: 1, ArrowRight: 1, PageUp: -1, ArrowUp: -1, ArrowLeft: -1};
    const TOLERANCE_PX = 8;

    function presenting() {
        return document.documentElement.classList.contains("view-present");
    }

    function inControl(target) {
        if (!target || target === document.body || target.classList.contains("chart-slide")) { return false; }
        return Boolean(target.closest(
            "input, select, textarea, button, [contenteditable], [role=listbox], [role=combobox], [role=menu], " +
            "[role=grid], table, details, .dash-dropdown, .dash-dropdown-content"));
    }

    function slides() {
        return Array.from(document.querySelectorAll(".chart-slide")).filter(function (slide) {
            return slide.offsetParent !== null;  // a hidden section's charts are not slides
        });
    }

    function step(direction) {
        const shown = slides();
        if (!shown.length) { return false; }
        const tops = shown.map(function (slide) { return slide.getBoundingClientRect().top; });
        let target = null;
        if (direction > 0) {
            target = shown.find(function (slide, i) { return tops[i] > TOLERANCE_PX; }) || null;
        } else {
            for (let i = shown.length - 1; i >= 0; i -= 1) {
                if (tops[i] < -TOLERANCE_PX) { target = shown[i]; break; }
            }
        }
        if (target === null) {
            if (direction > 0) { return false; }    // past the last slide: the page's own end
            if (window.scrollY === 0) { return false; }
            window.scrollTo({top: 0});              // before the first: the page's top
            if (document.activeElement && document.activeElement.classList.contains("chart-slide")) {
                document.activeElement.blur();
            }
            return true;
        }
        target.scrollIntoView({block: "start"});
        target.focus({preventScroll: true});
        return true;
    }

    document.addEventListener("keydown", function (event) {
        if (!presenting() || !(event.key in FORWARD) || event.altKey || event.ctrlKey || event.metaKey ||
            event.shiftKey || inControl(event.target)) {
            return;
        }
        if (step(FORWARD[event.key])) { event.preventDefault(); }
    });
})();

/*
 * dcc.Dropdown (Dash 4) as screen readers and keyboards need it, until Dash does it itself:
 *  - its button is named by its value alone ("Jan 2025"); the field's <label> (id
 *    "<dropdown id>-label", components/filter_bar.py) is put first: "From Jan 2025" (WCAG 4.1.2, 2.5.3);
 *  - the tab stop is a hidden <input aria-hidden="true"> that hands focus to the button
 *    (axe: aria-hidden-focus). It is made inert and the button itself becomes the tab stop,
 *    so Tab lands on the named button directly.
 *  - its open menu is a role="listbox" of role="option" labels, each holding a focusable
 *    radio or checkbox (axe: nested-interactive, aria-input-field-name). Focus goes to
 *    those inputs, and they name and state themselves natively, so the roles are taken
 *    off and the list becomes a radio group (or a group of checkboxes) named by the label.
 * Idempotent, and re-applied whenever Dash renders new dropdowns or opens a menu.
 */
(function () {
    function fix(root) {
        root.querySelectorAll('.dash-dropdown-wrapper').forEach(function (wrapper) {
            var button = wrapper.querySelector('button.dash-dropdown');
            var focusTarget = wrapper.querySelector('.dash-dropdown-focus-target');
            if (!button) { return; }
            if (focusTarget && !focusTarget.inert) {
                focusTarget.inert = true;
                focusTarget.tabIndex = -1;
            }
            if (button.tabIndex !== 0 && !button.disabled) { button.tabIndex = 0; }
            // Label, then the values, then "2 selected": the order they are seen in, so the
            // visible words appear in the name as they read.
            var label = document.getElementById(button.id + '-label');
            var wanted = [label ? label.id : '', button.id + '-value', button.id + '-value-count']
                .filter(Boolean).join(' ');
            if (button.getAttribute('aria-labelledby') !== wanted) {
                button.setAttribute('aria-labelledby', wanted);
            }
        });
    }
    function fixMenus(root) {
        root.querySelectorAll('.dash-dropdown-content .dash-options-list[role="listbox"]').forEach(function (list) {
            var content = list.closest('.dash-dropdown-content');
            var button = content && content.id ? document.querySelector('[aria-controls="' + content.id + '"]') : null;
            var label = button ? document.getElementById(button.id + '-label') : null;
            var multi = !!list.querySelector('input[type="checkbox"]');
            list.setAttribute('role', multi ? 'group' : 'radiogroup');
            if (label) { list.setAttribute('aria-labelledby', label.id); }
        });
        root.querySelectorAll('.dash-dropdown-content .dash-options-list-option[role="option"]').forEach(function (option) {
            option.removeAttribute('role');
            option.removeAttribute('aria-selected');
        });
    }
    function start() {
        fix(document);
        new MutationObserver(function () { fix(document); fixMenus(document); })
            .observe(document.body, {childList: true, subtree: true});
    }
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());

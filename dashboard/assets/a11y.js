/* Accessible names the Dash components do not give their own controls (WCAG 2.1
 * 4.1.2 Name, Role, Value), added after each render: the DataTable's page
 * buttons and row-select radios, RadioItems lists, slider handles and the
 * upload's file input. It adds labels (aria-label / aria-labelledby) and gives
 * RadioItems back their native radio-group semantics; behaviour and focus
 * order are the components' own. Checked by axe-core in
 * tests/e2e/test_a11y_e2e.py; what remains is listed on /accessibility.
 *
 * Dash 4's Dropdown puts a hidden relay <input aria-hidden="true" tabindex="0">
 * before its trigger <button tabindex="-1"> (for Safari, which skips buttons
 * in the Tab order): a keyboard stop that assistive technology is told does
 * not exist (axe aria-hidden-focus, WCAG 4.1.2). Here the trigger button -
 * named by its <label for>, announced as a button that opens a list - is the
 * Tab stop and the relay is inert. The component writes tabIndex = 0 back on
 * the relay whenever the button loses focus, so the fix is re-applied
 * synchronously (a MutationObserver delivers before the next key press).
 * When a list opens with no option to focus (the area search lists nothing
 * until a name is typed), focus would stay on the button, out of reach of the
 * list's search box: it goes to the search box instead. */
(function () {
    var TEXT = {
        ja: {"first-page": "最初のページ", "previous-page": "前のページ", "next-page": "次のページ",
             "last-page": "最後のページ", row: "この行を選択", file: "アップロードするファイル",
             "Decrease value": "値を減らす", "Increase value": "値を増やす"},
        en: {"first-page": "First page", "previous-page": "Previous page", "next-page": "Next page",
             "last-page": "Last page", row: "Select this row", file: "File to upload"}
    };

    function lang(el) {
        var holder = el.closest("[lang]");
        return holder && holder.getAttribute("lang") === "en" ? "en" : "ja";
    }

    function named(el) {
        return el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby");
    }

    function nameFromLabel(el) {
        var control = el.closest(".control, [aria-labelledby]");
        if (!control) { return; }
        if (control.hasAttribute("aria-labelledby") && control !== el) {
            el.setAttribute("aria-labelledby", control.getAttribute("aria-labelledby"));
            return;
        }
        var label = control.querySelector(".label, label");
        if (label && label.textContent.trim()) { el.setAttribute("aria-label", label.textContent.trim()); }
    }

    function label(root) {
        root.querySelectorAll(".previous-next-container button").forEach(function (b) {
            var kind = ["first-page", "previous-page", "next-page", "last-page"].filter(function (k) {
                return b.classList.contains(k);
            })[0];
            if (kind && !named(b)) { b.setAttribute("aria-label", TEXT[lang(b)][kind]); }
        });
        root.querySelectorAll(".dash-select-cell input").forEach(function (r) {
            if (named(r)) { return; }
            var row = r.closest("tr");
            var cell = row && row.querySelector("td:not(.dash-select-cell)");
            var what = cell ? cell.textContent.trim() : "";
            r.setAttribute("aria-label", TEXT[lang(r)].row + (what ? "：" + what : ""));
        });
        root.querySelectorAll("[role=listbox], [role=slider]").forEach(function (el) {
            if (!named(el)) { nameFromLabel(el); }
        });
        /* RadioItems are native radio buttons inside labels, but are also marked as a listbox of
         * options, which nests interactive controls (WCAG 4.1.2): keep the native semantics. */
        root.querySelectorAll(".dash-radioitems[role=listbox]").forEach(function (list) {
            list.setAttribute("role", "radiogroup");
            list.querySelectorAll("label[role=option]").forEach(function (option) {
                option.removeAttribute("role");
                option.removeAttribute("aria-selected");
            });
        });
        root.querySelectorAll(".dash-input-stepper[aria-label]").forEach(function (b) {
            var ja = TEXT.ja[b.getAttribute("aria-label")];
            if (ja && lang(b) === "ja") { b.setAttribute("aria-label", ja); }
        });
        root.querySelectorAll("input[type=file]").forEach(function (f) {
            if (!named(f)) { f.setAttribute("aria-label", TEXT[lang(f)].file); }
        });
    }

    var RELAY = ".dash-dropdown-focus-target";

    /* The button is named by its value alone (aria-labelledby): the control's label goes first,
     * "指標 マイナンバーカード保有率", as <label for> names every other control (WCAG 2.5.3). */
    function withLabel(trigger) {
        var label = trigger.id && document.querySelector("label[for='" + CSS.escape(trigger.id) + "']");
        if (!label) { return; }
        if (!label.id) { label.id = trigger.id + "-label"; }
        var by = (trigger.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
        if (by.indexOf(label.id) < 0) { trigger.setAttribute("aria-labelledby", [label.id].concat(by).join(" ")); }
    }

    function dropdownStops(root) {
        root.querySelectorAll(RELAY).forEach(function (relay) {
            if (relay.getAttribute("tabindex") !== "-1") { relay.setAttribute("tabindex", "-1"); }
            if (!relay.inert) { relay.inert = true; }
            var trigger = relay.nextElementSibling;
            if (!trigger || trigger.tagName !== "BUTTON") { return; }
            if (trigger.getAttribute("tabindex") !== "0") { trigger.setAttribute("tabindex", "0"); }
            withLabel(trigger);
        });
    }

    /* A just-opened list whose search box nothing focused (no options yet): type into it at once. */
    function searchOnOpen() {
        var trigger = document.activeElement;
        if (!trigger || !trigger.matches("button.dash-dropdown[aria-expanded=true]")) { return; }
        var content = document.getElementById(trigger.getAttribute("aria-controls") || "");
        var search = content && content.querySelector("input[type=search]");
        if (search && !content.contains(document.activeElement)) { search.focus(); }
    }

    document.addEventListener("keyup", function (e) {
        if (e.key === "Enter" || e.key === "ArrowDown" || e.key === " ") {
            /* after the component's own focus move, which waits for the list to mount */
            window.requestAnimationFrame(function () { window.requestAnimationFrame(searchOnOpen); });
        }
    });

    var pending = false;
    new MutationObserver(function (records) {
        /* synchronous, not on the next frame: a relay must never be a Tab stop, not even for one frame */
        if (records.some(function (r) { return r.type === "childList" || r.target.matches(RELAY); })) {
            dropdownStops(document.body);
        }
        if (pending) { return; }
        pending = true;
        window.requestAnimationFrame(function () { pending = false; label(document.body); });
    }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                           attributeFilter: ["tabindex"]});
})();

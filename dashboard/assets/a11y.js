/* Accessible names the Dash components do not give their own controls (WCAG 2.1
 * 4.1.2 Name, Role, Value), added after each render: the DataTable's page
 * buttons and row-select radios, RadioItems lists, slider handles and the
 * upload's file input. It adds labels (aria-label / aria-labelledby) and gives
 * RadioItems back their native radio-group semantics; behaviour and focus
 * order are the components' own. Checked by axe-core in
 * tests/e2e/test_a11y_e2e.py; what remains is listed on /accessibility. */
(function () {
    var TEXT = {
        ja: {"first-page": "最初のページ", "previous-page": "前のページ", "next-page": "次のページ",
             "last-page": "最後のページ", row: "この行を選択", file: "アップロードするファイル"},
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
        root.querySelectorAll("input[type=file]").forEach(function (f) {
            if (!named(f)) { f.setAttribute("aria-label", TEXT[lang(f)].file); }
        });
    }

    var pending = false;
    new MutationObserver(function () {
        if (pending) { return; }
        pending = true;
        window.requestAnimationFrame(function () { pending = false; label(document.body); });
    }).observe(document.documentElement, {childList: true, subtree: true});
})();

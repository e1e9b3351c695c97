// Accessibility repairs for Dash 4.4.1's own components (checked with axe-core; see tests/browser/test_briefing.py).
// React only rewrites attributes it manages when their values change, so a repair made once holds until the element
// is replaced; a MutationObserver repairs new elements as they appear.
(function () {
  function repair(root) {
    // Checklists and radio items: real checkboxes and radios inside <label>s, but wrapped in role=listbox/option,
    // which hides the inputs' own semantics (axe: nested-interactive, aria-input-field-name). The native ones are right.
    root.querySelectorAll(".dash-checklist[role=listbox], .dash-radioitems[role=listbox]").forEach(function (list) {
      list.removeAttribute("role");
      // Radio buttons form a radio group: the native radios inside keep their own roles and arrow keys.
      list.setAttribute("role", list.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      const legend = list.closest("fieldset") && list.closest("fieldset").querySelector("legend");
      if (legend && !list.hasAttribute("aria-label")) {
        list.setAttribute("aria-label", legend.textContent);
      }
    });
    root.querySelectorAll(".dash-checklist label[role=option], .dash-radioitems [role=option]").forEach(function (option) {
      option.removeAttribute("role");
      option.removeAttribute("aria-selected");
    });
    // Dropdowns: keyboard focus lands on a hidden, aria-hidden input (axe: aria-hidden-focus); give it to the
    // visible button instead, which opens the list with Enter or Space.
    root.querySelectorAll(".dash-dropdown-focus-target[aria-hidden=true]").forEach(function (input) {
      input.setAttribute("tabindex", "-1");
      const button = input.parentElement && input.parentElement.querySelector("button.dash-dropdown");
      if (button) {
        button.setAttribute("tabindex", "0");
      }
    });
    // Upload (dcc.Upload): its file input has no name of its own (axe: label); it takes the visible words around it.
    root.querySelectorAll(".dash-upload input[type=file], [class*=upload] input[type=file]").forEach(function (input) {
      const holder = input.parentElement;
      if (holder && !input.hasAttribute("aria-label") && holder.textContent.trim()) {
        input.setAttribute("aria-label", holder.textContent.trim());
      }
    });
  }

  function start() {
    repair(document);
    new MutationObserver(function (mutations) {
      for (const mutation of mutations) {
        // The map redraws hundreds of SVG nodes on every filter change; none of them needs a repair.
        if (mutation.addedNodes.length && !mutation.target.closest(".js-plotly-plot")) {
          repair(document);
          return;
        }
      }
    }).observe(document.body, {childList: true, subtree: true});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The transactions workspace: keyboard review mode, the type-ahead category picker, inline
// edit cancel, row selection and the history drawer. Loaded on every page; does nothing unless
// the page has a #workspace. Every action is an ordinary htmx request; without JavaScript the
// filters, sorting, saved views and "load more" links still work.
(() => {
  // Under our CSP (no inline styles) settling a `style` attribute from the old element onto the
  // new one (htmx copies it for transitions) is a violation, e.g. when the back button restores
  // the page and the browser had put an empty style="" on inputs. Settle classes and sizes only.
  if (globalThis.htmx) htmx.config.attributesToSettle = ["class", "width", "height"];

  const ROW = "tr.ws-row";
  let focusId = null; // id of the transaction that has the review focus
  let busy = false; // an editor is loading: ignore shortcut keys until it is there
  let busyTimer = 0;
  /** Marks an editor as loading; a request that never answers must not block the keys for long. */
  const setBusy = () => {
    busy = true;
    clearTimeout(busyTimer);
    busyTimer = setTimeout(() => (busy = false), 4000);
  };
  /**
   * Clicks a control of a row. htmx wires up swapped-in elements as a settle task, a moment
   * after the swap; a key pressed right after a row was replaced must not find it inert.
   */
  const press = (el) => {
    const row = el.closest(ROW);
    if (row && globalThis.htmx) htmx.process(row);
    el.click();
  };
  const selected = new Set();

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
  const workspace = () => document.getElementById("workspace");
  const rows = () => $$(ROW, workspace() ?? document);
  const rowOf = (id) => document.getElementById(`tx-${id}`);
  const canEdit = () => workspace()?.dataset.canEdit === "true";

  const isTyping = (el) =>
    el instanceof HTMLElement &&
    (el.isContentEditable || el.matches("input:not([type=checkbox]):not([type=radio]), textarea, select"));

  // Review focus -----------------------------------------------------------------------------
  function setFocus(row, { scroll = true, focus = true } = {}) {
    const previous = focusId;
    for (const r of $$(`${ROW}.ws-focus`)) {
      r.classList.remove("ws-focus");
      r.removeAttribute("aria-current");
    }
    if (!row) {
      focusId = null;
      return;
    }
    focusId = row.dataset.id;
    row.classList.add("ws-focus");
    row.setAttribute("aria-current", "true");
    if (focus) row.focus({ preventScroll: true });
    if (scroll) row.scrollIntoView({ block: "nearest" });
    // An open history drawer follows the focus.
    const drawer = $("#ws-drawer");
    const history = $("button.ws-history", row);
    if (drawer && !drawer.hidden && previous !== focusId && history) press(history);
  }

  function move(step) {
    const list = rows();
    if (!list.length) return;
    const current = focusId ? list.findIndex((r) => r.dataset.id === focusId) : -1;
    const next = current === -1 ? 0 : Math.min(Math.max(current + step, 0), list.length - 1);
    setFocus(list[next]);
  }

  const focusedRow = () => (focusId ? rowOf(focusId) : null);

  // Selection --------------------------------------------------------------------------------
  function markSelected(row, on, { count = true } = {}) {
    const box = $("input.ws-select", row);
    if (box) box.checked = on;
    row.setAttribute("aria-selected", on ? "true" : "false");
    if (on) selected.add(row.dataset.id);
    else selected.delete(row.dataset.id);
    if (count) updateCount();
  }

  function updateCount() {
    const bar = $("#ws-bulk");
    if (!bar) return;
    const n = rows().filter((r) => $("input.ws-select", r)?.checked).length;
    const label = $("#ws-selected-count");
    if (label) {
      const template = n === 1 ? label.dataset.one : label.dataset.other;
      label.textContent = (template ?? "{count}").replace("{count}", String(n));
    }
    bar.dataset.count = String(n);
    const all = $("#ws-select-all");
    if (all) {
      const boxes = $$("input.ws-select");
      all.checked = boxes.length > 0 && boxes.every((b) => b.checked);
      all.indeterminate = n > 0 && !all.checked;
    }
  }

  function clearSelection() {
    selected.clear();
    for (const row of rows()) markSelected(row, false, { count: false });
    updateCount();
  }

  // Editors ----------------------------------------------------------------------------------
  /** Puts the row back as it is on the server (Esc in an editor). */
  function cancelEdit(id) {
    const row = rowOf(id);
    if (!row || !globalThis.htmx) return;
    busy = false;
    htmx.ajax("GET", `/transactions/${id}/row`, { target: row, swap: "outerHTML" });
  }

  const fold = (s) => s.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");

  /** The type-ahead category picker: an ARIA 1.2 combobox with a filtered listbox. */
  function setUpCombobox(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    const input = $(".ws-combobox-input", form);
    const list = $("[role=listbox]", form);
    const hidden = $("input[name=category_id]", form);
    const status = $(".ws-combobox-status", form);
    const options = $$("[role=option]", list);
    let active = null;

    const visible = () => options.filter((o) => !o.hidden);
    const activate = (option) => {
      if (active) active.setAttribute("aria-selected", "false");
      active = option;
      if (option) {
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    const filter = () => {
      const text = fold(input.value.trim());
      // Nothing typed: only the current category is active, so Enter alone changes nothing.
      let best = text ? null : options.find((o) => o.classList.contains("ws-current")) ?? null;
      for (const o of options) {
        const name = fold(o.dataset.name ?? o.textContent);
        const line = (o.dataset.line ?? "").toLowerCase();
        const match = !text || name.includes(text) || line === text || line.startsWith(text);
        o.hidden = !match;
        if (match && !best && text && (name.startsWith(text) || name.includes(` ${text}`))) best = o;
      }
      const shown = visible();
      activate(best ?? (text ? shown[0] : null) ?? null);
      input.setAttribute("aria-expanded", "true");
      if (status) status.textContent = shown.length ? "" : status.dataset.none ?? "";
    };
    const pick = (option) => {
      if (!option) return;
      hidden.value = option.dataset.value;
      input.value = option.dataset.name ?? option.textContent.trim();
      setBusy();
      form.requestSubmit();
    };

    input.addEventListener("input", filter);
    input.addEventListener("keydown", (e) => {
      const shown = visible();
      const index = active ? shown.indexOf(active) : -1;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        activate(shown[Math.min(index + 1, shown.length - 1)] ?? active);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        activate(shown[Math.max(index - 1, 0)] ?? null);
      } else if (e.key === "Home" && shown.length) {
        e.preventDefault();
        activate(shown[0]);
      } else if (e.key === "End" && shown.length) {
        e.preventDefault();
        activate(shown[shown.length - 1]);
      } else if (e.key === "Enter") {
        e.preventDefault();
        pick(active);
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        cancelEdit(form.dataset.rowId);
      }
    });
    // Keep the focus in the input while choosing with the mouse.
    list.addEventListener("mousedown", (e) => e.preventDefault());
    list.addEventListener("click", (e) => pick(e.target.closest("[role=option]")));
    form.addEventListener("submit", (e) => {
      // Without a picked option the server resolves the typed name; nothing typed: no request.
      if (!hidden.value && !input.value.trim()) e.preventDefault();
    });
    filter();
    input.focus();
  }

  /** Cancels editors open in other rows (one edit at a time). */
  function closeOtherEditors(row) {
    for (const editor of $$(".ws-inline-edit")) {
      if (!row.contains(editor)) cancelEdit(editor.dataset.rowId);
    }
  }

  /** Opens the picker in the row's category cell at once (no request), from the page's template. */
  function openCategoryPicker(row) {
    closeOtherEditors(row);
    const template = $("#ws-category-editor");
    const cell = $("td.ws-cat", row);
    if (!template || !cell || $("form", cell)) return;
    const id = row.dataset.id;
    cell.innerHTML = template.innerHTML.replaceAll("__ID__", id);
    const form = $("form", cell);
    htmx.process(form);
    setUpCombobox(form);
  }

  function openEditor(row, field) {
    const button = $(`[data-edit=${field}]`, row);
    if (!button) return;
    closeOtherEditors(row);
    setBusy();
    press(button);
  }

  // History drawer ---------------------------------------------------------------------------
  function openDrawer() {
    const drawer = $("#ws-drawer");
    if (!drawer) return;
    drawer.hidden = false;
    $("#ws-drawer-close")?.focus();
  }
  function closeDrawer() {
    const drawer = $("#ws-drawer");
    if (!drawer || drawer.hidden) return false;
    drawer.hidden = true;
    focusedRow()?.focus({ preventScroll: true });
    return true;
  }

  // Keys -------------------------------------------------------------------------------------
  function toggleHelp() {
    const help = $("#ws-help");
    if (!help) return;
    if (help.open) help.close();
    else help.showModal();
  }

  document.addEventListener("keydown", (e) => {
    if (!workspace() || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    if (isTyping(target)) {
      const editor = target.closest?.(".ws-inline-edit");
      if (e.key === "Escape" && editor) {
        e.preventDefault();
        cancelEdit(editor.dataset.rowId);
      }
      return;
    }
    if ($("#ws-help")?.open) {
      if (e.key === "?") {
        e.preventDefault();
        toggleHelp();
      }
      return;
    }
    if (busy && e.key !== "Escape") return;
    const row = focusedRow();
    switch (e.key) {
      case "j":
        e.preventDefault();
        move(1);
        break;
      case "k":
        e.preventDefault();
        move(-1);
        break;
      case "c":
        if (row && canEdit()) {
          e.preventDefault();
          openCategoryPicker(row);
        }
        break;
      case "e":
        if (row && canEdit()) {
          e.preventDefault();
          openEditor(row, "payee");
        }
        break;
      case "m":
        if (row && canEdit()) {
          e.preventDefault();
          openEditor(row, "memo");
        }
        break;
      case "x":
        if (row && $("input.ws-select", row)) {
          e.preventDefault();
          markSelected(row, !$("input.ws-select", row).checked);
        }
        break;
      case "r":
        if (row) {
          const flag = $("button.ws-flag", row);
          if (flag) {
            e.preventDefault();
            press(flag);
          }
        }
        break;
      case "h":
        if (row) {
          const history = $("button.ws-history", row);
          if (history) {
            e.preventDefault();
            press(history);
          }
        }
        break;
      case "u": {
        const undo = $("#ws-undo");
        if (undo) {
          e.preventDefault();
          undo.click();
        }
        break;
      }
      case "/": {
        const search = $("#ws-filters [name=q]");
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
        break;
      }
      case "?":
        e.preventDefault();
        toggleHelp();
        break;
      case "Escape":
        if (!closeDrawer() && row) setFocus(null);
        break;
    }
  });

  // Clicks and changes -----------------------------------------------------------------------
  document.addEventListener("click", (e) => {
    const target = e.target;
    if (!(target instanceof Element) || !workspace()) return;
    if (target.closest("#ws-help-open")) {
      e.preventDefault();
      toggleHelp();
    } else if (target.closest("#ws-help-close")) {
      $("#ws-help")?.close();
    } else if (target.closest("#ws-drawer-close")) {
      closeDrawer();
    } else if (target.closest("[data-edit]")) {
      const row = target.closest(ROW);
      if (row) {
        closeOtherEditors(row);
        setFocus(row, { scroll: false, focus: false });
      }
    } else if (target.closest(".ws-cancel")) {
      const editor = target.closest(".ws-inline-edit");
      if (editor) cancelEdit(editor.dataset.rowId);
    } else if (target.closest(".ws-dismiss")) {
      $("#ws-status")?.replaceChildren();
      focusedRow()?.focus({ preventScroll: true });
    } else {
      // A click in a row gives it the review focus (but leaves controls alone).
      const row = target.closest(ROW);
      if (row && row.dataset.id !== focusId) {
        setFocus(row, { scroll: false, focus: !target.closest("a, button, input") });
      }
    }
  });

  document.addEventListener("change", (e) => {
    const target = e.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.id === "ws-select-all") {
      for (const row of rows()) markSelected(row, target.checked, { count: false });
      updateCount();
    } else if (target.classList.contains("ws-select")) {
      const row = target.closest(ROW);
      if (row) markSelected(row, target.checked);
    }
  });

  // htmx integration -------------------------------------------------------------------------
  /** Rows changed by a bulk edit or an undo (HX-Trigger): fetch the ones on the page again. */
  document.addEventListener("ws:rows-changed", (e) => {
    const ids = (e.detail?.ids ?? []).filter((id) => rowOf(id));
    if (e.detail?.clear) clearSelection();
    if (!ids.length || !globalThis.htmx) return;
    htmx.ajax("GET", `/transactions/rows?ids=${ids.join(",")}`, { target: "#ws-rows", swap: "none" });
  });

  document.addEventListener("htmx:load", (e) => {
    const elt = e.detail?.elt ?? e.target;
    if (!(elt instanceof Element)) return;
    for (const form of $$(".ws-category-form", elt).concat(elt.matches(".ws-category-form") ? [elt] : [])) {
      busy = false;
      setUpCombobox(form);
    }
    if ($("[autofocus]", elt) || elt.matches("[autofocus]")) busy = false;
    if (elt.matches(ROW)) {
      busy = false;
      const id = elt.dataset.id;
      if (selected.has(id)) markSelected(elt, true);
      if (id === focusId) {
        const lost = !document.activeElement || document.activeElement === document.body ||
          !document.body.contains(document.activeElement);
        setFocus(elt, { scroll: false, focus: lost });
      }
    } else if (elt.id === "ws-results" || elt.id === "workspace" || elt.querySelector?.("#workspace")) {
      selected.clear();
      const row = focusId ? rowOf(focusId) : null;
      if (row) setFocus(row, { scroll: false, focus: false });
      else focusId = null;
      updateCount();
    }
  });

  // A plain status ("Saved", "Updated 3 …") fades after a while; an offer waits for an answer.
  let statusTimer = 0;
  document.addEventListener("htmx:afterSettle", () => {
    const status = $("#ws-status");
    if (!status || !status.childElementCount || $(".ws-suggestion", status)) return;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => {
      if (!status.contains(document.activeElement) && !$(".ws-suggestion", status)) status.replaceChildren();
    }, 8000);
  });

  // Errors of the workspace's requests show in its status line, next to what was being done,
  // rather than in the page's flash region at the top.
  document.addEventListener("htmx:beforeSwap", (e) => {
    const status = $("#ws-status");
    const target = e.detail?.target;
    const elt = e.detail?.requestConfig?.elt ?? e.detail?.elt;
    if (!status || !(target instanceof Element) || target.id !== "flash") return;
    if (elt instanceof Element && workspace()?.contains(elt)) e.detail.target = status;
  });

  // "Save this view": the name field gets the focus.
  document.addEventListener("toggle", (e) => {
    const details = e.target;
    if (details instanceof HTMLDetailsElement && details.matches(".ws-save-view") && details.open) {
      $("input[name=name]", details)?.focus();
    }
  }, true);

  document.addEventListener("htmx:afterSwap", (e) => {
    const target = e.detail?.target;
    if (target instanceof Element && target.id === "ws-drawer-body") openDrawer();
  });

  // A failed request must not leave the keys blocked.
  for (const type of ["htmx:responseError", "htmx:sendError", "htmx:afterRequest"]) {
    document.addEventListener(type, () => {
      busy = false;
    });
  }

  // The drawer's title names the transaction whose history it shows.
  document.addEventListener("htmx:beforeRequest", (e) => {
    const elt = e.detail?.elt;
    if (elt instanceof Element && elt.matches("button.ws-history")) {
      const title = $("#ws-drawer-title");
      if (title && elt.dataset.title) title.textContent = elt.dataset.title;
    }
  });

  // The filter form: only non-empty filters go into the request (and so into the URL).
  document.addEventListener("htmx:configRequest", (e) => {
    const elt = e.detail?.elt;
    if (!(elt instanceof Element) || elt.id !== "ws-filters") return;
    const params = e.detail.parameters;
    for (const [key, value] of [...(params instanceof FormData ? params.entries() : Object.entries(params))]) {
      if (value === "" && params instanceof FormData) params.delete(key);
      else if (value === "") delete params[key];
    }
  });
})();

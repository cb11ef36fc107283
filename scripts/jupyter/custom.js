// The course's custom.js for the classic Notebook (Debian's notebook 6), copied by
// scripts/jupyter-env.mjs into the project's own Jupyter config (.jupyter/config/custom/), never
// into $HOME. Notebook 6 ignores the cell metadata `jupyter.source_hidden` that JupyterLab,
// Notebook 7 and VS Code honour; this folds those cells (the course's claim cells) the same way:
// the reader sees the cell's output (one "✓ checked: …" line) and a small "show the code" toggle,
// never the assertion. A click unfolds the code (and records it in the metadata, as Lab does).
require(["base/js/namespace", "base/js/events", "jquery"], ($ns, events, $) => {
  const Jupyter = $ns;
  const LABELS = {
    zh: { show: "显示核对代码", hide: "收起核对代码" },
    en: { show: "show the check's code", hide: "hide the check's code" },
  };

  function labels() {
    const meta = Jupyter.notebook?.metadata?.rnn_notebooks;
    const languages = meta?.languages ?? ["en"];
    const pick = (key) => languages.map((lang) => (LABELS[lang] ?? LABELS.en)[key]).join(" · ");
    return { show: pick("show"), hide: pick("hide") };
  }

  function isHidden(cell) {
    return cell.cell_type === "code" && cell.metadata?.jupyter?.source_hidden === true;
  }

  function fold(cell) {
    const element = cell.element;
    if (!element || element.data("rnn-fold")) return;
    element.data("rnn-fold", true);
    const text = labels();
    const toggle = $('<button type="button" class="rnn-fold-toggle"></button>');
    const input = element.find(".input").first();
    const show = (open) => {
      input.toggle(open);
      toggle.text(`${open ? "▾" : "▸"} ${open ? text.hide : text.show}`);
      toggle.attr("aria-expanded", String(open));
    };
    toggle.on("click", (event) => {
      event.stopPropagation();
      const open = !input.is(":visible");
      show(open);
      const jupyter = { ...(cell.metadata.jupyter ?? {}) };
      if (open) delete jupyter.source_hidden;
      else jupyter.source_hidden = true;
      if (Object.keys(jupyter).length > 0) cell.metadata.jupyter = jupyter;
      else delete cell.metadata.jupyter;
    });
    element.addClass("rnn-folded");
    input.before(toggle);
    show(false);
  }

  function foldAll() {
    if (!Jupyter.notebook) return;
    for (const cell of Jupyter.notebook.get_cells()) if (isHidden(cell)) fold(cell);
  }

  $("<style>")
    .text(
      ".rnn-fold-toggle { border: none; background: none; color: #777; font-size: 11px;" +
        " cursor: pointer; padding: 0 0 0 95px; text-align: left; }" +
        ".rnn-fold-toggle:hover { color: #333; text-decoration: underline; }",
    )
    .appendTo("head");
  events.on("notebook_loaded.Notebook", foldAll);
  if (Jupyter.notebook?._fully_loaded) foldAll();
});

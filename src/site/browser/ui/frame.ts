// What every live figure on a page shares: its parts in the page (the static outputs the site
// build rendered, the plot, the printed text), the controls row it adds, a status line, and the
// redraw. The figure's state is also written to data attributes, for tests and for CSS:
//   data-live-state = ready | running | drawn | error,  data-redraws = how many live redraws.
import type { PlotlyFigure } from "../../../core/plots/figure.js";
import type { LiveFigureConfig, PageLanguage } from "../protocol.js";

/** plotly.js as the page has it (assets/plotly.min.js sets window.Plotly). */
interface PlotlyApi {
  react(
    element: HTMLElement,
    data: unknown[],
    layout?: Record<string, unknown>,
    config?: Record<string, unknown>,
  ): Promise<unknown>;
}

function plotly(): PlotlyApi | undefined {
  return (window as unknown as { Plotly?: PlotlyApi }).Plotly;
}

type Attributes = Record<string, string | number | boolean | undefined>;

/** document.createElement with attributes (false/undefined left out) and children. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children);
  return node;
}

export class LiveFrame {
  readonly lang: PageLanguage;
  readonly controls: HTMLDivElement;
  readonly status: HTMLOutputElement;
  /** The cell's plot (drawn first by site.js from the executed notebook), if it has one. */
  readonly plot: HTMLElement | null;
  /** The cell's printed text (its stdout), if any. */
  readonly text: HTMLPreElement | null;
  private redraws = 0;

  constructor(
    readonly figure: HTMLElement,
    readonly config: LiveFigureConfig,
  ) {
    this.lang = config.lang;
    this.plot = figure.querySelector<HTMLElement>(".rnn-plot");
    this.text = figure.querySelector<HTMLPreElement>("pre.output-stdout");
    this.controls = element("div", { class: "live-controls" });
    this.status = element("output", { class: "live-status", "aria-live": "polite" });
    figure.prepend(this.controls);
    this.controls.after(this.status);
    figure.classList.add("live-ready");
    this.setState("ready");
  }

  setState(state: "ready" | "running" | "drawn" | "error"): void {
    this.figure.dataset.liveState = state;
  }

  /** The figure the executed notebook drew here (its JSON from the page). */
  chapterFigure(): PlotlyFigure | undefined {
    const id = this.plot?.id;
    if (!id) return undefined;
    const scripts = Array.from(
      this.figure.querySelectorAll<HTMLScriptElement>("script[data-plot]"),
    );
    const script = scripts.find((s) => s.dataset.plot === id);
    return script ? JSON.parse(script.textContent ?? "null") : undefined;
  }

  /** Draws a recomputed figure in the cell's plot, keeping the chapter figure's config. */
  async draw(figure: PlotlyFigure): Promise<void> {
    const api = plotly();
    if (!this.plot || !api)
      throw new Error("plotly.js is missing: rebuild the site (npm run site)");
    const chapter = this.chapterFigure();
    // the chapter figure's height (show() gives every figure one) unless the new one sets its own
    const layout = { height: chapter?.layout?.height, ...figure.layout };
    if (typeof layout.height === "number") this.plot.style.height = `${layout.height}px`;
    const config = { responsive: true, displaylogo: false, ...chapter?.config };
    await api.react(this.plot, figure.data, layout, config);
    this.drawn();
  }

  /** Replaces the cell's printed text (a live figure prints what the chapter's cell prints). */
  print(text: string): void {
    if (!this.text) return;
    this.text.textContent = text;
    this.text.classList.add("live-updated");
  }

  /**
   * Greys the cell's other printed outputs once the plot shows the reader's input: they still
   * describe the chapter's run (e.g. lines printed after the plot).
   */
  outdateOtherText(title: string): void {
    for (const pre of Array.from(this.figure.querySelectorAll("pre.output"))) {
      if (pre.classList.contains("live-updated")) continue;
      pre.classList.add("live-outdated");
      pre.setAttribute("title", title);
    }
  }

  /** Counts a redraw (plot or text) and notes when it happened (ms since the page started). */
  drawn(): void {
    this.redraws += 1;
    this.figure.dataset.redraws = String(this.redraws);
    this.figure.dataset.drawnAt = String(performance.now());
    this.figure.classList.remove("live-stale");
    this.setState("drawn");
  }

  /** A message under the controls; `error` also greys the (now outdated) figure. */
  message(text: string, kind: "info" | "error" = "info"): void {
    this.status.textContent = text;
    this.status.classList.toggle("live-error", kind === "error");
    if (kind === "error") {
      this.figure.classList.add("live-stale");
      this.setState("error");
    }
  }

  /** A labelled control: `<label><span>text</span> control extra…</label>`. */
  labelled(text: string, control: HTMLElement, ...extra: HTMLElement[]): HTMLLabelElement {
    const label = element("label", { class: "live-control" }, element("span", {}, text), control);
    label.append(...extra);
    this.controls.append(label);
    return label;
  }
}

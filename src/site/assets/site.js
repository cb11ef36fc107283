// Draws every plot of a course page with the site's shared plotly.js (assets/plotly.min.js).
// Each plot is an empty <div class="rnn-plot" id="…"> followed by its figure as JSON in
// <script type="application/json" data-plot="…">, both written by src/site/render-notebook.ts.
(() => {
  const figures = document.querySelectorAll("script[data-plot]");
  for (const script of figures) {
    const el = document.getElementById(script.getAttribute("data-plot"));
    if (!el) continue;
    if (!window.Plotly) {
      el.textContent = "plotly.js is missing: rebuild the site (npm run site).";
      continue;
    }
    const figure = JSON.parse(script.textContent);
    window.Plotly.newPlot(el, figure);
  }
})();

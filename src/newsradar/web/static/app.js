// newsradar dashboard: the pages work without this; it only adds legend toggling on charts.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const chart of document.querySelectorAll("svg.line-chart")) {
    for (const entry of chart.querySelectorAll("g.legend")) {
      entry.addEventListener("click", () => {
        const index = entry.getAttribute("data-series");
        const line = chart.querySelector(`g.series[data-series="${index}"]`);
        if (!line) return;
        const hidden = line.style.display === "none";
        line.style.display = hidden ? "" : "none";
        entry.style.opacity = hidden ? "1" : "0.35";
      });
    }
  }
});

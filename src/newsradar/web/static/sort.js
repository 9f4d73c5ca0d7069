// newsradar dashboard: click a column header of a table.sortable to sort its rows (again: the other way).
// Cells sort by their data-sort value when they have one (numbers), else by their text.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.sortable")) {
    const body = table.tBodies[0];
    if (!body) continue;
    table.querySelectorAll("thead th").forEach((th, column) => {
      th.tabIndex = 0;
      th.classList.add("sort-key");
      const sort = () => {
        const down = th.getAttribute("aria-sort") !== "descending";
        for (const other of table.querySelectorAll("thead th")) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        const key = (row) => {
          const cell = row.cells[column];
          if (!cell) return "";
          const value = cell.getAttribute("data-sort");
          if (value === null) return cell.textContent.trim().toLowerCase();
          return value === "" ? null : Number(value);
        };
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          if (x === null || y === null) return (x === null) - (y === null);  // no figure: always last
          const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return down ? -order : order;
        });
        for (const row of rows) body.appendChild(row);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); } });
    });
  }
});

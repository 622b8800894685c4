// Fills the blank form with exceljs and writes an .xlsx. Usage:
//   node fill_exceljs.js BLANK.xlsx PLAN.json OUT.xlsx
// Needs `npm install exceljs` in a folder on NODE_PATH (see make.sh).
const ExcelJS = require("exceljs");
const fs = require("fs");
const [blank, plan, out] = process.argv.slice(2);
(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(blank);
  for (const e of JSON.parse(fs.readFileSync(plan, "utf8"))) {
    const cell = wb.getWorksheet(e.sheet).getCell(e.row, e.col);
    if (e.kind === "date") {
      const [y, m, d] = e.value.split("-").map(Number);
      cell.value = new Date(Date.UTC(y, m - 1, d));
    } else cell.value = e.value;
  }
  await wb.xlsx.writeFile(out);
  console.error(`wrote ${out} (exceljs)`);
})().catch((err) => { console.error(err); process.exit(1); });

// Fills the blank form with SheetJS (npm package `xlsx`) and writes it in
// each book type given. Usage:
//   node fill_sheetjs.js BLANK.xlsx PLAN.json OUT.ext:BOOKTYPE...
// BOOKTYPE is a SheetJS bookType: xlsx, ods, biff8, biff5, biff2, xlml...
// Needs `npm install xlsx` in a folder on NODE_PATH (see make.sh).
const XLSX = require("xlsx");
const fs = require("fs");
const [blank, plan, ...outs] = process.argv.slice(2);
const wb = XLSX.readFile(blank, { cellStyles: true, cellNF: true });
for (const e of JSON.parse(fs.readFileSync(plan, "utf8"))) {
  const ws = wb.Sheets[e.sheet];
  let cell;
  // A date is a JavaScript Date, as a web export has it (SheetJS stores it as
  // a serial number with the format, or as an ODF date value).
  if (e.kind === "date") cell = { t: "d", v: new Date(e.value + "T00:00:00Z"), z: "yyyy-mm-dd" };
  else if (e.kind === "number") cell = { t: "n", v: e.value };
  else cell = { t: "s", v: e.value };
  ws[e.cell] = Object.assign(ws[e.cell] || {}, cell);
  delete ws[e.cell].w;
  const range = XLSX.utils.decode_range(ws["!ref"]);
  range.e.r = Math.max(range.e.r, e.row - 1);
  range.e.c = Math.max(range.e.c, e.col - 1);
  ws["!ref"] = XLSX.utils.encode_range(range);
}
for (const out of outs) {
  const i = out.lastIndexOf(":");
  const bookType = out.slice(i + 1), path = out.slice(0, i);
  XLSX.writeFile(wb, path, { bookType, compression: true, cellDates: bookType === "ods" });
  console.error(`wrote ${path} (SheetJS ${XLSX.version}, ${bookType})`);
}

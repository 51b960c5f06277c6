/**
 * `npm run bench [-- <id prefix>…]`: runs the benchmarks in `bench/*.bench.ts`
 * (with prefixes, those whose id starts with any of them) one after another (never in parallel: timings on a 2-core machine would
 * measure each other), prints a table and writes `bench/results.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark, Result, ResultEntry } from './types';

const benchDir = import.meta.dirname;
const resultsFile = path.join(benchDir, 'results.json');

type Outcome = { benchmark: Benchmark; result: Result | null; error: string | null };

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = fs
    .readdirSync(benchDir)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  const all: Benchmark[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { benchmarks?: Benchmark[] };
    if (!Array.isArray(module.benchmarks)) throw new Error(`bench/${file} must export \`benchmarks: Benchmark[]\`.`);
    all.push(...module.benchmarks);
  }
  const seen = new Set<string>();
  for (const { id } of all) {
    if (seen.has(id)) throw new Error(`Two benchmarks share the id ${id}; ids must be unique.`);
    seen.add(id);
  }
  return all;
}

function status({ benchmark, result, error }: Outcome): string {
  if (error !== null || !result) return 'FAILED';
  if (result.target === null) return '-';
  const isWithin = benchmark.isHigherBetter ? result.value >= result.target : result.value <= result.target;
  if (isWithin) return 'pass';
  return benchmark.isHigherBetter ? 'under target' : 'over target';
}

function printTable(outcomes: Outcome[]) {
  const rows = outcomes.map((outcome) => {
    const { benchmark, result, error } = outcome;
    return [
      benchmark.id,
      result ? String(result.value) : '-',
      result?.unit ?? '',
      result?.baseline === null || !result ? '-' : String(result.baseline),
      result?.target === null || !result ? '-' : String(result.target),
      status(outcome),
      error ?? result?.notes ?? '',
    ];
  });
  const header = ['id', 'value', 'unit', 'baseline', 'target', 'status', 'notes'];
  const widths = header.map((title, column) =>
    column === header.length - 1 ? 0 : Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 1 || column === 3 || column === 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width || 5))));
  for (const row of rows) console.log(line(row));
}

function readExistingResults(): ResultEntry[] {
  if (!fs.existsSync(resultsFile)) return [];
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (Array.isArray(parsed)) return parsed as ResultEntry[];
  } catch {
    // Falls through: an unreadable file is replaced rather than blocking the run.
  }
  console.error(`bench/results.json is not a JSON array; it will be rewritten with this run's results only.`);
  return [];
}

async function main() {
  const prefixes = process.argv.slice(2);
  const isFiltered = prefixes.length > 0;
  const all = await loadBenchmarks();
  const selected = isFiltered ? all.filter((benchmark) => prefixes.some((p) => benchmark.id.startsWith(p))) : all;
  if (selected.length === 0) {
    console.error(
      `No benchmark id starts with "${prefixes.join('" or "')}". The ids are:\n${all.map((b) => `  ${b.id}`).join('\n')}`,
    );
    process.exitCode = 1;
    return;
  }

  const outcomes: Outcome[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`running ${benchmark.id} ...\n`);
    try {
      outcomes.push({ benchmark, result: await benchmark.run(), error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`${benchmark.id} failed:`, err);
      outcomes.push({ benchmark, result: null, error: message.split('\n')[0] ?? message });
    }
  }
  console.log('');
  printTable(outcomes);

  const fresh: ResultEntry[] = outcomes.flatMap(({ benchmark, result }) =>
    result
      ? [
          {
            id: benchmark.id,
            value: result.value,
            unit: result.unit,
            baseline: result.baseline,
            target: result.target,
            notes: result.notes,
          },
        ]
      : [],
  );
  // A filtered run updates only its own ids; a failed id loses its old figure, which is no longer
  // true, and so does an id no benchmark has any more.
  const ranIds = new Set(selected.map((benchmark) => benchmark.id));
  const knownIds = new Set(all.map((benchmark) => benchmark.id));
  const kept = isFiltered
    ? readExistingResults().filter((entry) => knownIds.has(entry.id) && !ranIds.has(entry.id))
    : [];
  const entries = [...kept, ...fresh].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  fs.writeFileSync(resultsFile, `${JSON.stringify(entries, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), resultsFile)} (${entries.length} results).`);

  const failed = outcomes.filter((outcome) => outcome.error !== null).length;
  if (failed > 0) {
    console.error(`${failed} benchmark(s) failed.`);
    process.exitCode = 1;
  }
}

await main();

import { it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { generateCalls } from '../workbench/generator';
import { normalizeRecords } from '../../utils/normalize';
import { findRecordArrays } from '../../utils/record-shape';
import { applyFilters, type FilterState } from '../../utils/filters';
import { median, report, timeRuns } from './stats';

const calls = generateCalls({ seed: 7, count: 10_000 }).map((c) => c.cdr);
const body = JSON.stringify({ code: 0, data: { TotalCount: calls.length, TelCdrList: calls } });

it('normalizes and filters 10,000 collected records', () => {
  const parse = timeRuns(() => normalizeRecords(findRecordArrays(JSON.parse(body)).flat()), 11);
  report('parse + find + normalize 10,000 records', `${median(parse).toFixed(1)} ms`);
  const pageBody = JSON.stringify({ code: 0, data: { TotalCount: calls.length, TelCdrList: calls.slice(0, 100) } });
  const onePage = timeRuns(() => normalizeRecords(findRecordArrays(JSON.parse(pageBody)).flat()));
  report('parse + find + normalize one 100-record page', `${median(onePage).toFixed(2)} ms`);

  const { records } = normalizeRecords(findRecordArrays(JSON.parse(body)).flat());
  const label = records.find((r) => r.satisfaction)!.satisfaction!;
  // A fresh state object per run, as a chip click makes one.
  const states: FilterState[] = [
    { chips: { satisfaction: [label] }, minDuration: 0, text: '' },
    { chips: { hangup: ['user'], direction: ['in'] }, minDuration: 30, text: '' },
    { chips: {}, minDuration: 0, text: '138' },
  ];
  for (const s of states) {
    const times = timeRuns(() => applyFilters(records, { ...s, chips: { ...s.chips } }));
    report(`filter + counts 10,000 (${JSON.stringify(s.chips)}${s.text ? ` "${s.text}"` : ''})`, `${median(times).toFixed(2)} ms`, '≤ 16 ms median');
  }
});

it('measures the content script bundle', () => {
  const file = resolve(import.meta.dirname, '../../.output/chrome-mv3/content-scripts/workbench.js');
  const tap = resolve(import.meta.dirname, '../../.output/chrome-mv3/content-scripts/workbench-tap.js');
  if (!existsSync(file)) return report('content script size', 'no build (npm run build)');
  const js = readFileSync(file);
  report('content script (minified)', `${(js.length / 1024).toFixed(1)} KB`, '≤ 40 KB');
  report('content script (gzip)', `${(gzipSync(js).length / 1024).toFixed(1)} KB`);
  report('main-world tap (minified)', `${(readFileSync(tap).length / 1024).toFixed(1)} KB`);
});

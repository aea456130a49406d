import { createProgressPrinter, formatApplyReport, formatLoadReport } from '../../../src/tariffplan';
import type { TariffPlanResult } from '../../../src/tariffplan';

function result(over: Partial<TariffPlanResult> = {}): TariffPlanResult {
  return {
    plan: { destinations: [], filters: [], actions: [], stats: [], thresholds: [] },
    errors: [],
    warnings: [],
    counts: { destinations: 1, filters: 2, actions: 3, stats: 4, thresholds: 5 },
    skipped: [],
    ...over,
  };
}

describe('formatLoadReport', () => {
  it('prints counts per kind and a summary for a clean plan', () => {
    expect(formatLoadReport(result())).toBe(
      'read: destinations 1, filters 2, actions 3, stats 4, thresholds 5\n0 errors, 0 warnings',
    );
  });

  it('prints every error and warning on its own line as file:line, then the skipped items', () => {
    const text = formatLoadReport(
      result({
        errors: [
          {
            file: 'Stats.csv',
            line: 3,
            message: 'bad line in Stats.csv, wrong number of fields: 12 instead of 13',
          },
          { file: 'sub/Filters.csv', line: 0, message: 'cannot read sub/Filters.csv: EACCES' },
        ],
        warnings: [{ file: 'Actions.csv', line: 2, message: 'ACT_X: action type *topup ...' }],
        skipped: [{ kind: 'stats', key: 'cgrates.org:S1' }],
      }),
    );
    expect(text.split('\n')).toEqual([
      'read: destinations 1, filters 2, actions 3, stats 4, thresholds 5',
      'Stats.csv:3: error: bad line in Stats.csv, wrong number of fields: 12 instead of 13',
      'sub/Filters.csv: error: cannot read sub/Filters.csv: EACCES',
      'Actions.csv:2: warning: ACT_X: action type *topup ...',
      'skipped: stats cgrates.org:S1 (has errors)',
      '2 errors, 1 warning',
    ]);
  });
});

describe('formatApplyReport', () => {
  it('prints applied counts, refusals and what a stop left out', () => {
    const text = formatApplyReport({
      applied: { destinations: 0, filters: 1, actions: 0, stats: 0, thresholds: 0 },
      failed: [{ kind: 'filters', key: 'cgrates.org:F', message: 'SERVER_ERROR: x' }],
      notAttempted: 3,
    });
    expect(text.split('\n')).toEqual([
      'applied: destinations 0, filters 1, actions 0, stats 0, thresholds 0',
      'refused: filters cgrates.org:F: SERVER_ERROR: x',
      'stopped: 3 items not attempted',
    ]);
  });
});

describe('createProgressPrinter', () => {
  function fakeClock(start: number) {
    let t = start;
    return { nowMs: () => t, advance: (ms: number) => (t += ms) };
  }

  it('prints nothing when the stream is not a TTY', () => {
    const written: string[] = [];
    const p = createProgressPrinter({ isTTY: false, write: (s) => written.push(s) }, fakeClock(0));
    p.onProgress({ file: 'Stats.csv', rowsDone: 0, rowsTotal: 10 });
    p.onProgress({ file: 'Stats.csv', rowsDone: 10, rowsTotal: 10 });
    p.finish();
    expect(written).toEqual([]);
  });

  it('on a TTY shows done/total and rows/s, redrawn in place, one line per file', () => {
    const written: string[] = [];
    const clock = fakeClock(1000);
    const p = createProgressPrinter({ isTTY: true, write: (s) => written.push(s) }, clock);
    p.onProgress({ file: 'Stats.csv', rowsDone: 0, rowsTotal: 4000 });
    clock.advance(500);
    p.onProgress({ file: 'Stats.csv', rowsDone: 1000, rowsTotal: 4000 });
    clock.advance(10); // throttled: no redraw within 100 ms
    p.onProgress({ file: 'Stats.csv', rowsDone: 2000, rowsTotal: 4000 });
    clock.advance(1490);
    p.onProgress({ file: 'Stats.csv', rowsDone: 4000, rowsTotal: 4000 });
    p.onProgress({ file: 'Thresholds.csv', rowsDone: 0, rowsTotal: 2 });
    p.finish();
    expect(written).toEqual([
      '\r\x1b[KStats.csv 0/4000 rows, 0 rows/s',
      '\r\x1b[KStats.csv 1000/4000 rows, 2000 rows/s',
      '\r\x1b[KStats.csv 4000/4000 rows, 2000 rows/s',
      '\n',
      '\r\x1b[KThresholds.csv 0/2 rows, 0 rows/s',
      '\n',
    ]);
  });
});

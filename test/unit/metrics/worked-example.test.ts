/**
 * Spec §7 (cgrates-stats.md) at the metric level: the oldtutorial Stats1 profile's metrics, MinItems
 * 2, fed the three events as they arrive over JSON. `*pdd` carries the metric filter
 * `*exists:~*req.PDD:`; the engine evaluates it, so here only event1 reaches `*pdd`.
 */
import type { StatMetric } from '../../../src/engine/types';
import { DECIMALS, metric, req } from './metric-kit';

const METRIC_IDS = [
  '*asr',
  '*acc',
  '*tcc',
  '*acd',
  '*tcd',
  '*sum#~*req.Usage',
  '*average#~*req.Usage',
  '*pdd',
];

const EVENTS: readonly (readonly [string, Record<string, unknown>])[] = [
  [
    'event1',
    JSON.parse(
      '{"Account":"1001","AnswerTime":"2014-07-14T14:25:00Z","Usage":135000000000,"Cost":123.0,"PDD":12000000000}',
    ) as Record<string, unknown>,
  ],
  ['event2', { Account: '1002', AnswerTime: '2014-07-14T14:25:00Z', Usage: 45000000000, Cost: 12.1 }],
  ['event3', { Account: '1002', SetupTime: '2014-07-14T14:25:00Z', Usage: 0, Cost: 0 }],
];

function process(metrics: readonly StatMetric[], id: string, ev: Record<string, unknown>): void {
  for (const m of metrics) {
    if (m.metricID === '*pdd' && !('PDD' in ev)) continue;
    m.addEvent(id, req(ev));
  }
}

function strings(metrics: readonly StatMetric[]): Record<string, string> {
  return Object.fromEntries(metrics.map((m) => [m.metricID, m.getStringValue(DECIMALS)]));
}

function floats(metrics: readonly StatMetric[]): Record<string, number> {
  return Object.fromEntries(metrics.map((m) => [m.metricID, m.getFloat64Value(DECIMALS)]));
}

describe('spec §7 worked example', () => {
  it('reports N/A and -1 everywhere after the first event (MinItems 2)', () => {
    const metrics = METRIC_IDS.map((id) => metric(id, 2));
    const [first] = EVENTS;
    if (first === undefined) throw new Error('no events');
    process(metrics, first[0], first[1]);
    expect(Object.values(strings(metrics))).toEqual(METRIC_IDS.map(() => 'N/A'));
    expect(Object.values(floats(metrics))).toEqual(METRIC_IDS.map(() => -1));
  });

  it('reports the spec values after the third event', () => {
    const metrics = METRIC_IDS.map((id) => metric(id, 2));
    for (const [id, ev] of EVENTS) process(metrics, id, ev);
    expect(strings(metrics)).toEqual({
      '*asr': '66.66667%',
      '*acd': '1m0s',
      '*acc': '45.03333',
      '*tcd': '3m0s',
      '*tcc': '135.1',
      '*pdd': 'N/A',
      '*sum#~*req.Usage': '180000000000',
      '*average#~*req.Usage': '60000000000',
    });
    expect(floats(metrics)).toEqual({
      '*asr': 66.66667,
      '*acd': 60000000000,
      '*tcc': 135.1,
      '*tcd': 180000000000,
      '*acc': 45.03333,
      '*pdd': -1,
      '*sum#~*req.Usage': 180000000000,
      '*average#~*req.Usage': 60000000000,
    });
    // StatUpdate values: duration metrics as ns, N/A as -1.
    expect(metrics.map((m) => m.getValue(DECIMALS))).toEqual(METRIC_IDS.map((id) => floats(metrics)[id]));
  });
});

import fc from 'fast-check';
import { StatQueue } from '../../../src/engine/stat-queue';
import type { StatQueueJSON } from '../../../src/engine/stat-queue';
import { statProfileFromArgs } from '../../../src/engine/stat-profile';
import type { EventDP } from '../../../src/engine/types';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const pass = (): boolean => true;
const ignore = (): void => {};

const METRICS = [
  '*asr',
  '*acd',
  '*tcd',
  '*acc',
  '*tcc',
  '*pdd',
  '*ddc',
  '*sum#~*req.Usage',
  '*average#~*req.Cost',
  '*distinct#~*req.Destination',
  '*highest#~*req.Cost',
  '*lowest#~*req.Cost',
  '*repsc',
  '*repfc',
];

const eventArb = fc.record({
  id: fc.oneof(fc.constantFrom('a', 'b', '__proto__', '7', 'quote"\\\n', 'ü'), fc.string({ maxLength: 4 })),
  usage: fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.constant(undefined)),
  cost: fc.oneof(fc.double({ min: -5, max: 50, noNaN: true }), fc.constant(undefined)),
  answered: fc.boolean(),
  dest: fc.constantFrom('1001', '1002', '+4915'),
  stepMs: fc.integer({ min: 0, max: 2000 }),
});

function dp(e: Record<string, unknown>): EventDP {
  const req: Record<string, unknown> = { Destination: e['dest'], PDD: '2s', ReplyState: 'OK' };
  if (e['usage'] !== undefined) req['Usage'] = e['usage'];
  if (e['cost'] !== undefined) req['Cost'] = e['cost'];
  if (e['answered'] === true) req['AnswerTime'] = '2026-01-01T12:00:00Z';
  return { '*req': req, '*opts': {} };
}

describe('StatQueue.toJSONText', () => {
  it('is the JSON of toJSON() for any queue state', () => {
    fc.assert(
      fc.property(
        fc.subarray(METRICS, { minLength: 1 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(0, 1_000_000_000),
        fc.array(eventArb, { maxLength: 30 }),
        (metrics, queueLength, ttlNs, events) => {
          const profile = statProfileFromArgs(
            {
              Tenant: 'cgrates.org',
              ID: 'SQ',
              QueueLength: queueLength,
              TTL: ttlNs,
              MinItems: 1,
              Metrics: metrics.map((MetricID) => ({ MetricID })),
            },
            'cgrates.org',
            'UTC',
            T0,
          );
          const q = new StatQueue(profile, 'UTC');
          let now = T0;
          for (const e of events) {
            now += e.stepMs;
            q.processEvent(e.id, dp(e), now, pass, ignore);
          }
          const text = q.toJSONText();
          // compared as JSON: the JSON of -0 is 0 whichever way it is written
          const asJSON = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
          expect(JSON.parse(text)).toEqual(asJSON(q.toJSON()));
          // and it restores to the same state
          const copy = new StatQueue(profile, 'UTC');
          copy.loadJSON(JSON.parse(text) as StatQueueJSON);
          expect(asJSON(copy.toJSON())).toEqual(asJSON(q.toJSON()));
        },
      ),
    );
  });
});

import { MetricType } from '../../../src/engine/types';
import { CGRError } from '../../../src/util/cgr-error';
import { METRIC_DESCRIPTORS, createMetric, isKnownMetricType, metricTypeOf } from '../../../metrics/index';
import { errorOf, opts } from './metric-kit';

describe('metric registry', () => {
  it('registers exactly the fourteen CGRateS metric types', () => {
    expect(METRIC_DESCRIPTORS.map((d) => d.type).sort()).toEqual(Object.values(MetricType).sort());
  });

  it('is frozen after module load', () => {
    expect(Object.isFrozen(METRIC_DESCRIPTORS)).toBe(true);
    for (const d of METRIC_DESCRIPTORS) expect(Object.isFrozen(d)).toBe(true);
    expect(() => (METRIC_DESCRIPTORS as unknown as unknown[]).push({})).toThrow(TypeError);
  });

  it.each([
    ['*asr', '*asr', false],
    ['*acd', '*acd', true],
    ['*tcd', '*tcd', true],
    ['*pdd', '*pdd', true],
    ['*acc', '*acc', false],
    ['*tcc', '*tcc', false],
    ['*ddc', '*ddc', false],
    ['*sum#~*req.Usage', '*sum', false],
    ['*average#~*req.Cost', '*average', false],
    ['*distinct#~*req.Account', '*distinct', false],
    ['*highest#~*req.Cost', '*highest', false],
    ['*lowest#~*req.Cost', '*lowest', false],
    ['*repsc', '*repsc', false],
    ['*repfc#ERR_CDRS', '*repfc', false],
  ])('creates %s (type %s) keeping the whole MetricID', (id, type, isDuration) => {
    const m = createMetric(id, opts(3, ['*string:~*req.Account:1001']));
    expect(metricTypeOf(id)).toBe(type);
    expect(m.metricID).toBe(id);
    expect(m.minItems).toBe(3);
    expect(m.filterIDs).toEqual(['*string:~*req.Account:1001']);
    expect(m.isDuration).toBe(isDuration);
    expect(m.getStringValue(5)).toBe('N/A');
  });

  it.each([
    ['*foo', 'unsupported metric type <*foo>'],
    ['*ASR', 'unsupported metric type <*ASR>'],
    ['*REPSC', 'unsupported metric type <*REPSC>'],
    ['', 'unsupported metric type <>'],
    ['#~*req.Usage', 'unsupported metric type <>'],
    ['*nope#~*req.Usage#x', 'unsupported metric type <*nope>'],
  ])('rejects %j with %j', (id, text) => {
    let caught: unknown;
    try {
      createMetric(id, opts());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CGRError);
    expect((caught as Error).message).toBe(text);
  });

  it('ignores MetricID parts after the second #', () => {
    const m = createMetric('*sum#~*req.Cost#ignored', opts());
    m.addEvent('e1', { '*req': { Cost: 2 } });
    expect(m.getStringValue(5)).toBe('2');
    expect(m.metricID).toBe('*sum#~*req.Cost#ignored');
  });

  it('knows metric types case-sensitively', () => {
    expect(isKnownMetricType('*asr')).toBe(true);
    expect(isKnownMetricType('*ASR')).toBe(false);
    expect(isKnownMetricType('*sum#~*req.Usage')).toBe(false);
    expect(metricTypeOf('')).toBe('');
    expect(metricTypeOf('*tcd')).toBe('*tcd');
  });

  it('copies FilterIDs so the caller cannot change a metric afterwards', () => {
    const filterIDs = ['F1'];
    const m = createMetric('*asr', opts(0, filterIDs));
    filterIDs.push('F2');
    expect(m.filterIDs).toEqual(['F1']);
    expect(errorOf(() => (m.filterIDs as string[]).push('x'))).toMatch(
      /object is not extensible|read only|Cannot add/,
    );
  });
});

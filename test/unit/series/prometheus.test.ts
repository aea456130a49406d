import { Prometheus, OTHER_METHOD_LABEL, MAX_METHOD_LABELS } from '../../../src/series/prometheus';
import { FakeSource } from './fake-source';
import { parsePrometheusText, type PromFamily } from './prom-text-parser';

function family(text: string, name: string): PromFamily {
  const f = parsePrometheusText(text).get(name);
  if (f === undefined) throw new Error(`no family ${name}`);
  return f;
}

function newProm(source = new FakeSource(), events = 0, up = true): Prometheus {
  return new Prometheus({ source, engine: { eventsProcessed: () => events, storeUp: () => up } });
}

describe('prom-text-parser', () => {
  it.each([
    ['a sample without TYPE', 'x 1\n'],
    ['a missing final newline', '# TYPE x gauge\nx 1'],
    ['a bad label escape', '# TYPE x gauge\nx{a="\\q"} 1\n'],
    ['an unquoted label value', '# TYPE x gauge\nx{a=b} 1\n'],
    ['a bad value', '# TYPE x gauge\nx one\n'],
    ['a negative counter', '# TYPE x counter\nx -1\n'],
    ['a duplicate sample', '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n'],
    ['a split family', '# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{a="2"} 2\n'],
    [
      'non-cumulative buckets',
      '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="2"} 3\nh_bucket{le="+Inf"} 5\nh_sum 1\nh_count 5\n',
    ],
    ['+Inf bucket != count', '# TYPE h histogram\nh_bucket{le="+Inf"} 5\nh_sum 1\nh_count 4\n'],
  ])('rejects %s', (_name, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });

  it('accepts a well-formed exposition', () => {
    const text =
      '# HELP x an \\\\ x\n# TYPE x gauge\nx{a="q\\"uote",b="line\\nbreak"} 1.5\n' +
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n';
    const fams = parsePrometheusText(text);
    expect(fams.get('x')?.help).toBe('an \\ x');
    expect(fams.get('x')?.samples[0]).toEqual({
      name: 'x',
      labels: { a: 'q"uote', b: 'line\nbreak' },
      value: 1.5,
    });
  });
});

describe('Prometheus', () => {
  it('exports current queue metrics as statqueue_metric{tenant,queue,metric}, skipping N/A', async () => {
    const source = new FakeSource();
    source.add('cgrates.org', 'Q1', { '*asr': 66.66667, '*acd': -1, '*sum#~*req.Usage': 120 });
    source.add('t2', 'Q "x"\\', { '*tcc': 1.5 });
    const prom = newProm(source, 42, true);
    const f = family(await prom.metrics(), 'statqueue_metric');
    expect(f.type).toBe('gauge');
    expect(f.samples).toEqual(
      expect.arrayContaining([
        {
          name: 'statqueue_metric',
          labels: { tenant: 'cgrates.org', queue: 'Q1', metric: '*asr' },
          value: 66.66667,
        },
        {
          name: 'statqueue_metric',
          labels: { tenant: 'cgrates.org', queue: 'Q1', metric: '*sum#~*req.Usage' },
          value: 120,
        },
        { name: 'statqueue_metric', labels: { tenant: 't2', queue: 'Q "x"\\', metric: '*tcc' }, value: 1.5 },
      ]),
    );
    expect(f.samples).toHaveLength(3);
  });

  it('drops queues that disappeared since the previous scrape', async () => {
    const source = new FakeSource();
    source.add('t', 'Q1', { '*asr': 1 });
    source.add('t', 'Q2', { '*asr': 2 });
    const prom = newProm(source);
    await prom.metrics();
    source.remove('t', 'Q1');
    const f = family(await prom.metrics(), 'statqueue_metric');
    expect(f.samples.map((s) => s.labels['queue'])).toEqual(['Q2']);
  });

  it('exports engine counters read at scrape time', async () => {
    let events = 10;
    let up = true;
    const prom = new Prometheus({
      source: new FakeSource(),
      engine: { eventsProcessed: () => events, storeUp: () => up },
    });
    let text = await prom.metrics();
    expect(family(text, 'statqueue_events_processed_total').samples[0]?.value).toBe(10);
    expect(family(text, 'statqueue_events_processed_total').type).toBe('counter');
    expect(family(text, 'statqueue_store_up').samples[0]?.value).toBe(1);
    events = 25;
    up = false;
    text = await prom.metrics();
    expect(family(text, 'statqueue_events_processed_total').samples[0]?.value).toBe(25);
    expect(family(text, 'statqueue_store_up').samples[0]?.value).toBe(0);
  });

  it('records RPC durations in a per-method histogram and counts failures', async () => {
    const prom = newProm();
    prom.observeRpc('StatSv1.ProcessEvent', 0.0003, false);
    prom.observeRpc('StatSv1.ProcessEvent', 0.0007, false);
    prom.observeRpc('StatSv1.ProcessEvent', 2, true);
    prom.onRpcRequest('CoreSv1.Ping', 0.05, false); // ms
    prom.observeRpc('StatSv1.ProcessEvent', Number.NaN, true); // ignored for timing, still an error
    const text = await prom.metrics();
    const h = family(text, 'statqueue_rpc_request_duration_seconds');
    expect(h.type).toBe('histogram');
    const pe = h.samples.filter((s) => s.labels['method'] === 'StatSv1.ProcessEvent');
    const bucket = (le: string): number | undefined =>
      pe.find((s) => s.name.endsWith('_bucket') && s.labels['le'] === le)?.value;
    expect(bucket('0.00025')).toBe(0);
    expect(bucket('0.0005')).toBe(1);
    expect(bucket('0.001')).toBe(2);
    expect(bucket('1')).toBe(2);
    expect(bucket('2.5')).toBe(3);
    expect(bucket('+Inf')).toBe(3);
    expect(pe.find((s) => s.name.endsWith('_count'))?.value).toBe(3);
    expect(pe.find((s) => s.name.endsWith('_sum'))?.value).toBeCloseTo(2.001, 9);
    const ping = h.samples.filter((s) => s.labels['method'] === 'CoreSv1.Ping');
    expect(ping.find((s) => s.name.endsWith('_sum'))?.value).toBeCloseTo(0.00005, 12);
    const errors = family(text, 'statqueue_rpc_errors_total');
    expect(errors.samples).toEqual([
      { name: 'statqueue_rpc_errors_total', labels: { method: 'StatSv1.ProcessEvent' }, value: 2 },
    ]);
  });

  it('bounds the method label cardinality', async () => {
    const prom = newProm();
    for (let i = 0; i < MAX_METHOD_LABELS + 10; i++) prom.observeRpc(`M${i}`, 0.001, false);
    const h = family(await prom.metrics(), 'statqueue_rpc_request_duration_seconds');
    const methods = new Set(h.samples.map((s) => s.labels['method']));
    expect(methods.size).toBe(MAX_METHOD_LABELS + 1);
    expect(methods.has(OTHER_METHOD_LABEL)).toBe(true);
  });

  it('gives the same figures through getMetricsAsJSON', async () => {
    const source = new FakeSource();
    source.add('t', 'Q', { '*asr': 50, '*acd': -1 });
    const prom = newProm(source);
    prom.observeRpc('CoreSv1.Ping', 0.002, false);
    const json = await prom.registry.getMetricsAsJSON();
    const gauge = json.find((m) => m.name === 'statqueue_metric');
    expect(gauge?.values).toEqual([{ value: 50, labels: { tenant: 't', queue: 'Q', metric: '*asr' } }]);
    const hist = json.find((m) => m.name === 'statqueue_rpc_request_duration_seconds');
    expect(hist?.values).toEqual(
      expect.arrayContaining([
        {
          value: 1,
          metricName: 'statqueue_rpc_request_duration_seconds_bucket',
          labels: { le: 0.0025, method: 'CoreSv1.Ping' },
        },
        {
          value: 0,
          metricName: 'statqueue_rpc_request_duration_seconds_bucket',
          labels: { le: 0.001, method: 'CoreSv1.Ping' },
        },
        {
          value: 1,
          metricName: 'statqueue_rpc_request_duration_seconds_count',
          labels: { method: 'CoreSv1.Ping' },
        },
      ]),
    );
  });

  it('keeps a registry per instance (never the global one)', async () => {
    const a = newProm();
    const b = newProm();
    a.observeRpc('X.Y', 0.001, true);
    expect(await b.metrics()).not.toContain('X.Y');
    expect(a.registry).not.toBe(b.registry);
    const { register } = await import('prom-client');
    expect(register.getSingleMetric('statqueue_metric')).toBeUndefined();
  });

  it('serves GET /metrics with the text content type', async () => {
    const source = new FakeSource();
    source.add('t', 'Q', { '*asr': 50 });
    const prom = newProm(source);
    const res = new FakeResponse();
    await prom.route({ method: 'GET', headers: {} } as never, res as never, new URL('http://x/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(family(res.body, 'statqueue_metric').samples[0]?.value).toBe(50);
  });
});

class FakeResponse {
  status = 0;
  headers: Record<string, string | number> = {};
  body = '';
  writeHead(status: number, headers: Record<string, string | number>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }
  end(body?: string): void {
    this.body = body ?? '';
  }
}

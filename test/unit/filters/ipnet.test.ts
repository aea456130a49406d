import { ipNetContains, parseCIDR, parseIP } from '../../../filters/ip-net';
import { dp, evalRule } from './filter-test-env';

describe('*ipnet / *notipnet', () => {
  it.each<[string, unknown, boolean]>([
    ['*ipnet:~*req.IP:192.168.0.0/16', '192.168.1.5', true],
    ['*ipnet:~*req.IP:192.168.0.0/16', '10.0.0.1', false],
    ['*ipnet:~*req.IP:10.0.0.0/8|192.168.0.0/16', '10.1.2.3', true],
    ['*ipnet:~*req.IP:192.168.0.0/16', 'not-an-ip', false],
    ['*ipnet:~*req.IP:192.168.0.0/16', '192.168.01.1', false],
    ['*ipnet:~*req.IP:bad-cidr|192.168.0.0/16', '192.168.1.1', true],
    ['*ipnet:~*req.IP:2001:db8::/32', '2001:db8::1', true],
    ['*ipnet:~*req.IP:2001:db8::/32', '2001:db9::1', false],
    ['*ipnet:~*req.IP:2001:db8::/32', '192.168.1.1', false],
    ['*ipnet:~*req.IP:192.168.0.0/16', '::ffff:192.168.1.1', true],
    ['*ipnet:~*req.IP:0.0.0.0/0', '8.8.8.8', true],
    ['*ipnet:~*req.IP:192.168.1.1/32', '192.168.1.1', true],
    ['*ipnet:~*req.IP:192.168.0.0/16', undefined, false],
    ['*notipnet:~*req.IP:192.168.0.0/16', undefined, true],
    ['*notipnet:~*req.IP:192.168.0.0/16', '10.0.0.1', true],
    ['*notipnet:~*req.IP:192.168.0.0/16', '192.168.0.1', false],
    ['*ipnet:~*req.IP:~*req.Net', '10.0.0.1', false],
  ])('%s on IP %j → %p', (rule, ip, expected) => {
    expect(evalRule(rule, dp(ip === undefined ? {} : { IP: ip }))).toBe(expected);
  });

  it('reads dynamic CIDRs', () => {
    expect(evalRule('*ipnet:~*req.IP:~*req.Net', dp({ IP: '10.0.0.1', Net: '10.0.0.0/24' }))).toBe(true);
  });
});

describe('ip-net (Go net.ParseIP / ParseCIDR)', () => {
  it.each(['1.2.3.4', '::', '::1', 'fe80::1:2', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', '1::'])(
    'parses %s',
    (s) => {
      expect(parseIP(s)).not.toBeNull();
    },
  );
  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.1.1.1',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'fe80::1%eth0',
    'x',
  ])('refuses %p', (s) => {
    expect(parseIP(s)).toBeNull();
  });
  it.each(['1.2.3.4', '1.2.3.4/33', '::/129', '1.2.3.4/-1', '1.2.3.4/x'])('refuses CIDR %p', (s) => {
    expect(parseCIDR(s)).toBeNull();
  });
  it('matches a v4-mapped v6 network against IPv4 addresses, as Go does', () => {
    const net = parseCIDR('::ffff:0:0/96');
    const ip = parseIP('1.2.3.4');
    expect(net).not.toBeNull();
    expect(ip).not.toBeNull();
    if (net !== null && ip !== null) expect(ipNetContains(net, ip)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePortSpecs } from './port-forward.js';

describe('port-forward port specs', () => {
  it('reads LOCAL:REMOTE, REMOTE and :REMOTE as kubectl does', () => {
    expect(parsePortSpecs(['8080:80', '5000', ':6000'])).toEqual([
      { local: 8080, remote: 80 },
      { local: 5000, remote: 5000 },
      { local: 0, remote: 6000 },
    ]);
  });
  it('refuses bad ports with kubectl\'s messages', () => {
    expect(() => parsePortSpecs(['8080:0'])).toThrow('remote port must be > 0');
    expect(() => parsePortSpecs(['x:80'])).toThrow(`Error parsing local port 'x'`);
    expect(() => parsePortSpecs(['80:99999'])).toThrow(`Error parsing remote port '99999'`);
    expect(() => parsePortSpecs(['1:2:3'])).toThrow(`invalid port format '1:2:3'`);
  });
});

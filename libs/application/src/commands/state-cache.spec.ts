import { StateCache } from './state-cache';

const fold = { name: 'counter' };
const entry = (version: number, state: unknown = { total: version }) => ({ version, position: version * 10, state, fold });

describe('StateCache', () => {
  it('gives back what it keeps, for the same fold only', () => {
    const cache = new StateCache(10);
    cache.remember('counter-a', entry(2));
    expect(cache.get('counter-a', fold)).toEqual(entry(2));
    expect(cache.get('counter-a', { name: 'another fold' })).toBeUndefined();
    expect(cache.get('counter-b', fold)).toBeUndefined();
  });

  it('drops the least recently used entry beyond its capacity', () => {
    const cache = new StateCache(2);
    cache.remember('a', entry(1));
    cache.remember('b', entry(1));
    cache.get('a', fold);
    cache.remember('c', entry(1));
    expect(cache.size).toBe(2);
    expect(cache.get('b', fold)).toBeUndefined();
    expect(cache.get('a', fold)?.version).toBe(1);
    expect(cache.get('c', fold)?.version).toBe(1);
  });

  it('keeps nothing with capacity 0', () => {
    const cache = new StateCache(0);
    cache.remember('a', entry(1));
    expect(cache.size).toBe(0);
    expect(cache.get('a', fold)).toBeUndefined();
  });

  it('leaves an entry of a higher version as it is, and forgets on demand', () => {
    const cache = new StateCache(5);
    cache.remember('a', entry(3));
    cache.remember('a', entry(2));
    expect(cache.get('a', fold)?.version).toBe(3);
    cache.remember('a', entry(4));
    expect(cache.get('a', fold)?.version).toBe(4);
    cache.forget('a');
    expect(cache.get('a', fold)).toBeUndefined();
  });

  it('refuses a capacity that is not a whole number of entries', () => {
    expect(() => new StateCache(-1)).toThrow(/whole number/);
    expect(() => new StateCache(1.5)).toThrow(/whole number/);
  });
});

/**
 * The canonical JSON (`canonicalJson` of `@app/event-store`) of a value given as JSON text, written
 * from the text itself: members are re-ordered, whitespace dropped, strings without escapes
 * copied as they are, numbers re-written only when their text is not already their shortest
 * form. It gives exactly `writeCanonicalValue(JSON.parse(text))`, without building the value:
 * the verifier reads `data` and `metadata` as the text PostgreSQL prints for `jsonb`, and
 * parsing that into objects and writing them again was most of its hashing time.
 *
 * It answers `undefined` whenever it is not sure to give those very bytes (escapes in keys,
 * duplicate keys, numbers it does not recognise, text that is not JSON, values that have no
 * canonical form); the caller then takes the parsing path, which also decides what fails.
 *
 * The function is self-contained (no module-level helpers): the hashing workers run its source.
 *
 * @example
 * canonicalJsonText('{"b": [1, 2.50], "a": "x"}'); // '{"a":"x","b":[1,2.5]}'
 * canonicalJsonText('{"a": 1, "a": 2}'); // undefined (duplicate key: parse it)
 */
export function canonicalJsonText(text: string): string | undefined {
  let at = 0;
  const end = text.length;
  // Thrown to give up (rarely: only on what the parsing path must decide), caught below.
  const unsure = (): Error => new Error('unsure');
  // A string JSON.stringify writes back as it is: no escapes, no control characters (escaped, or
  // not JSON at all), no surrogates (a lone one is escaped; a pair is left to the slow path).
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be copied
  const SIMPLE_STRING = /"[^"\\\u0000-\u001f\ud800-\udfff]*"/y;
  const SHORT_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;
  const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

  const skipSpace = (): void => {
    while (at < end) {
      const c = text.charCodeAt(at);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      at += 1;
    }
  };
  // A string token starting at `at` (an opening quote); `decoded` receives its value.
  let decoded = '';
  const readString = (forKey: boolean): string => {
    const start = at;
    SIMPLE_STRING.lastIndex = start;
    if (SIMPLE_STRING.test(text)) {
      at = SIMPLE_STRING.lastIndex;
      if (forKey) decoded = text.slice(start + 1, at - 1);
      return text.slice(start, at);
    }
    let close = text.indexOf('"', start + 1);
    for (;;) {
      if (close === -1) throw unsure();
      let slashes = 0;
      while (text.charCodeAt(close - 1 - slashes) === 92) slashes += 1;
      if (slashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    at = close + 1;
    const value = JSON.parse(text.slice(start, at)) as unknown;
    if (typeof value !== 'string' || value.indexOf('\u0000') !== -1) throw unsure();
    decoded = value;
    return JSON.stringify(value);
  };
  const readValue = (): string => {
    skipSpace();
    const c = text.charCodeAt(at);
    if (c === 34) return readString(false);
    if (c === 123) {
      at += 1;
      skipSpace();
      if (text.charCodeAt(at) === 125) {
        at += 1;
        return '{}';
      }
      const keys: string[] = [];
      const members: string[] = [];
      for (;;) {
        skipSpace();
        if (text.charCodeAt(at) !== 34) throw unsure();
        const key = readString(true);
        const name = decoded;
        skipSpace();
        if (text.charCodeAt(at) !== 58) throw unsure();
        at += 1;
        keys.push(name);
        members.push(`${key}:${readValue()}`);
        skipSpace();
        const next = text.charCodeAt(at);
        at += 1;
        if (next === 125) break;
        if (next !== 44) throw unsure();
      }
      // Insertion sort of the members by key (objects are small), in UTF-16 code unit order.
      for (let i = 1; i < keys.length; i += 1) {
        const key = keys[i] as string;
        const member = members[i] as string;
        let j = i - 1;
        for (; j >= 0; j -= 1) {
          const other = keys[j] as string;
          if (other === key) throw unsure();
          if (other < key) break;
          keys[j + 1] = other;
          members[j + 1] = members[j] as string;
        }
        keys[j + 1] = key;
        members[j + 1] = member;
      }
      let out = '{';
      for (let i = 0; i < members.length; i += 1) {
        if (i > 0) out += ',';
        out += members[i] as string;
      }
      return `${out}}`;
    }
    if (c === 91) {
      at += 1;
      skipSpace();
      if (text.charCodeAt(at) === 93) {
        at += 1;
        return '[]';
      }
      let out = '[';
      for (;;) {
        out += readValue();
        skipSpace();
        const next = text.charCodeAt(at);
        at += 1;
        if (next === 93) break;
        if (next !== 44) throw unsure();
        out += ',';
      }
      return `${out}]`;
    }
    if (c === 116 && text.startsWith('true', at)) {
      at += 4;
      return 'true';
    }
    if (c === 102 && text.startsWith('false', at)) {
      at += 5;
      return 'false';
    }
    if (c === 110 && text.startsWith('null', at)) {
      at += 4;
      return 'null';
    }
    const start = at;
    while (at < end) {
      const d = text.charCodeAt(at);
      // digits, '-', '+', '.', 'e', 'E'
      if ((d >= 48 && d <= 57) || d === 45 || d === 43 || d === 46 || d === 101 || d === 69) at += 1;
      else break;
    }
    const token = text.slice(start, at);
    if (token === '-0') return '0';
    if (SHORT_INTEGER.test(token)) return token;
    if (!JSON_NUMBER.test(token)) throw unsure();
    const value = Number(token);
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) throw unsure();
    return Object.is(value, -0) ? '0' : JSON.stringify(value);
  };

  try {
    const out = readValue();
    skipSpace();
    return at === end ? out : undefined;
  } catch {
    return undefined;
  }
}

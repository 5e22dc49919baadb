// UUID v5 (RFC 4122, SHA-1) against published vectors, so statement ids are what any other v5 library makes.
import { describe, expect, it } from 'vitest';
import { NAMESPACE_DNS, NAMESPACE_URL, YUANJIAO_NAMESPACE, uuidV5 } from '../../../agent/exports/xapi/uuid-v5.ts';

describe('uuidV5', () => {
  it('matches the published vectors (Python’s uuid5 documentation and the uuid npm package’s tests)', () => {
    expect(uuidV5('python.org', NAMESPACE_DNS)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('www.example.com', NAMESPACE_DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('http://example.com/hello', NAMESPACE_URL)).toBe('3bbcee75-cecc-5b56-8031-b6641c1ed1f1');
  });

  it('sets version 5 and the RFC 4122 variant, and is the same every time', () => {
    const id = uuidV5('station:s1:session:7:member:3', YUANJIAO_NAMESPACE);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('station:s1:session:7:member:3', YUANJIAO_NAMESPACE)).toBe(id);
    expect(uuidV5('station:s1:session:7:member:4', YUANJIAO_NAMESPACE)).not.toBe(id);
  });

  it('hashes the name as UTF-8 and refuses a namespace that is not a UUID', () => {
    expect(uuidV5('张三', NAMESPACE_URL)).not.toBe(uuidV5('??', NAMESPACE_URL));
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});

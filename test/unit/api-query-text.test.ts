import { unstorableQueryParameter } from '../../api/query-text';

describe('query parameters PostgreSQL cannot take', () => {
  it('names the parameter whose value holds a NUL or a UTF-16 half', () => {
    expect(unstorableQueryParameter({ q: '停水', unit: '\u0000' })).toBe('unit');
    expect(unstorableQueryParameter({ street: ['JB-BJ', 'x\uD800'] })).toBe('street.1');
    expect(unstorableQueryParameter({ filter: { district: 'a\u0000b' } })).toBe('filter.district');
  });
  it('names a parameter whose own name is broken', () => {
    expect(unstorableQueryParameter({ 'a\u0000': 'x' })).toBe('a\u0000');
  });
  it('lets Chinese text, emoji (whole surrogate pairs) and other control characters through', () => {
    expect(unstorableQueryParameter({ q: '幸福小区 停水😀', tab: 'a\tb', empty: '' })).toBeUndefined();
    expect(unstorableQueryParameter({})).toBeUndefined();
  });
});

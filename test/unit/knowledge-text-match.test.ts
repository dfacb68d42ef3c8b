// The Chinese matching of issue 15 (domain/knowledge): bigram tokens, similarity, and the scoring
// of probable duplicates at intake.
import { articleTerms, normalize, queryTerms, similarity, tokens } from '../../domain/knowledge/text-match';
import { duplicateScore, rankDuplicates } from '../../domain/knowledge/duplicates';

describe('tokens', () => {
  test('Han runs become overlapping bigrams; punctuation splits; Latin words and numbers stay whole', () => {
    expect(tokens('小区停水')).toEqual(['小区', '区停', '停水']);
    expect(tokens('停水，怎么办？')).toEqual(['停水', '怎么', '么办']);
    expect(tokens('3号楼WiFi断了')).toEqual(['3', '号楼', 'wifi', '断了']);
    expect(tokens('水')).toEqual(['水']);
    expect(tokens('  ，。 ')).toEqual([]);
  });

  test('full-width forms fold to ASCII, case is ignored', () => {
    expect(normalize('ＡＢＣ１２３')).toBe('abc123');
    expect(tokens('ＷＩＦＩ')).toEqual(tokens('wifi'));
  });

  test('the query keeps its distinct tokens, at most the maximum', () => {
    expect(queryTerms('停水停水')).toEqual(['停水', '水停']);
    expect(queryTerms('一二三四五六七八九十', 3)).toHaveLength(3);
  });
});

describe('similarity', () => {
  test('two wordings of one matter are close; another matter is far', () => {
    const a = '幸福小区从昨天晚上开始停水，到现在还没来水';
    const b = '幸福小区停水一整天了，什么时候来水';
    const c = '幸福路的路灯晚上不亮，走路很不安全';
    expect(similarity(a, a)).toBe(1);
    expect(similarity(a, b)).toBeGreaterThan(0.25);
    expect(similarity(a, c)).toBeLessThan(0.15);
    expect(similarity(a, b)).toBe(similarity(b, a));
    expect(similarity('', a)).toBe(0);
  });
});

describe('article terms', () => {
  test('a title token outweighs the same token in the body; repeats are damped', () => {
    const w = articleTerms({ title: '停水查询', body: '停水期间请储水。停水停水停水', tags: [] });
    const once = articleTerms({ title: '其他', body: '停水', tags: [] });
    expect(w.get('停水')!).toBeGreaterThan(3 * once.get('停水')!);
    const repeated = articleTerms({ title: '', body: '停水停水停水停水停水停水停水停水', tags: [] }).get('停水')!;
    expect(repeated).toBeLessThan(8 * once.get('停水')!);
    expect(articleTerms({ title: '', body: '', tags: ['供暖'] }).get('供暖')).toBeGreaterThan(0);
  });
});

describe('probable duplicates', () => {
  const now = Date.parse('2026-06-10T02:00:00Z');
  const probe = { description: '幸福小区3号楼停水两天了，一直没人管', street: 'S1', address: '幸福小区3号楼', at: now };
  const same = {
    id: 'T1',
    description: '幸福小区停水已经两天，3号楼没有水',
    street: 'S1',
    address: '幸福小区3号楼',
    registeredAt: '2026-06-09T08:00:00Z',
  };
  const otherStreet = { ...same, id: 'T2', street: 'S2', address: '和平小区' };
  const otherMatter = {
    id: 'T3',
    description: '幸福小区3号楼门口垃圾堆积没人清理',
    street: 'S1',
    address: '幸福小区3号楼',
    registeredAt: '2026-06-09T08:00:00Z',
  };
  const otherPlace = { ...same, id: 'T5', description: '和平小区3号楼停水两天了，一直没人管', address: '和平小区3号楼' };
  const old = { ...same, id: 'T4', registeredAt: '2026-04-01T00:00:00Z' };

  test('the same matter at the same place scores high; another street, place or problem lower', () => {
    expect(duplicateScore(probe, same)).toBeGreaterThan(0.5);
    expect(duplicateScore(probe, otherStreet)).toBe(0); // 和平小区 is another place
    expect(duplicateScore(probe, { ...same, street: 'S2' })).toBeLessThan(duplicateScore(probe, same) / 2);
    expect(duplicateScore(probe, otherPlace)).toBe(0); // word for word the same problem, at the estate next door
    expect(duplicateScore(probe, otherMatter)).toBeLessThan(duplicateScore(probe, same));
    // Without addresses the whole texts are compared.
    expect(duplicateScore({ ...probe, address: undefined }, { ...same, address: undefined })).toBeGreaterThan(0.3);
  });

  test('ranking: above the threshold, inside the window, best first, at most the limit', () => {
    const ranked = rankDuplicates(probe, [otherPlace, old, otherStreet, same]);
    expect(ranked.map((r) => r.id)).toEqual(['T1']);
    const many = Array.from({ length: 5 }, (_, i) => ({ ...same, id: `D${i}`, registeredAt: `2026-06-0${i + 1}T00:00:00Z` }));
    const top = rankDuplicates(probe, many);
    expect(top).toHaveLength(3);
    expect(top.map((r) => r.id)).toEqual(['D4', 'D3', 'D2']); // equal texts: the latest (least aged) first
  });
});

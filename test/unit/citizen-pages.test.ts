// The citizens' pages, pure parts: the 网上诉求 form checked field by field into an intake on channel
// web, and the progress page showing nothing of the citizen but what they already know.
import { loadCatalog } from '../../config/catalog-source';
import { defaultRules, register } from '../../domain/ticket';
import { calendarFrom } from '../../domain/calendar';
import { loadCalendar } from '../../config/calendar-source';
import { checkSubmission } from '../../api/citizen/submit-form';
import { progressResultPage } from '../../api/citizen/progress-page';

const catalog = loadCatalog();
const form = { requestType: 'complaint', category: 'PROPERTY_MANAGEMENT', area: 'JB/JB-BJ', description: '电梯停运三天了', phone: '138 1234 5678' };

describe('网上诉求 form', () => {
  test('becomes an intake on channel web; anonymous without a name; spaces in the phone dropped', () => {
    expect(checkSubmission({ ...form, address: ' 3号楼 ' }, catalog)).toEqual({
      ok: true,
      intake: {
        channel: 'web',
        requestType: 'complaint',
        citizen: { phone: '13812345678', anonymous: true, kind: 'person' },
        category: 'PROPERTY_MANAGEMENT',
        description: '电梯停运三天了',
        location: { district: 'JB', street: 'JB-BJ', address: '3号楼' },
      },
    });
    expect(checkSubmission({ ...form, area: 'LG', name: '钱先生', phone: '0431-88886666' }, catalog)).toMatchObject({
      ok: true,
      intake: { citizen: { name: '钱先生', phone: '0431-88886666', anonymous: false }, location: { district: 'LG' } },
    });
  });
  test('each field its own message: a street of another district, an unknown type, a long text, a bad phone', () => {
    expect(
      checkSubmission(
        { ...form, requestType: 'praise', category: 'NOPE', area: 'JN/JB-BJ', description: '长'.repeat(2001), phone: '12345' },
        catalog,
      ),
    ).toEqual({
      ok: false,
      errors: {
        requestType: '请选择诉求类型。',
        category: '请选择问题类别。',
        area: '请选择问题所在区域。',
        description: '问题描述最多 2000 字，请删减后再提交。',
        phone: '请填写正确的手机号或带区号的固定电话，承办单位将据此与您联系。',
      },
    });
  });
});

describe('进度查询 result', () => {
  test('status, category, district and the deadline ahead; never the description, address, name or phone', () => {
    const checked = checkSubmission({ ...form, name: '钱先生', address: '滨江花园3号楼' }, catalog);
    if (!checked.ok) throw new Error('expected a valid form');
    const t = register({
      id: 'T-1',
      intake: checked.intake as never,
      registeredAt: '2026-12-03T02:00:00Z',
      registeredBy: { id: 'citizen-web', role: 'system' },
      rules: defaultRules,
      calendar: calendarFrom(loadCalendar(), new Date('2026-12-03T02:00:00Z')),
    });
    const html = progressResultPage(t, catalog).html;
    for (const shown of ['T-1', '已登记待派单', '物业管理', '江北区', '正在派单']) expect(html).toContain(shown);
    for (const hidden of ['电梯停运', '滨江花园', '钱先生', '13812345678', '承办单位答复']) expect(html).not.toContain(hidden);
  });
});

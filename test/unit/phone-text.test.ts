// Phone numbers in free text (issue 24): the formats people type, and what must stay untouched.
import { maskPhonesInText, PHONE_HIDDEN } from '../../domain/phone-text';

const H = PHONE_HIDDEN;

describe('phone numbers in free text are found', () => {
  test.each([
    ['13512345678', 'mobile, plain'],
    ['135 1234 5678', 'mobile, spaces'],
    ['135-1234-5678', 'mobile, dashes'],
    ['135.1234.5678', 'mobile, dots'],
    ['1351234 5678', 'mobile, one space'],
    ['135 - 1234 - 5678', 'mobile, spaced dashes'],
    ['+86 135.1234.5678', '+86 and dots'],
    ['+8613512345678', '+86 glued'],
    ['+86-135-1234-5678', '+86 and dashes'],
    ['0086 135 1234 5678', '0086'],
    ['(+86) 13512345678', '(+86)'],
    ['19912345678', 'mobile 199'],
    ['0431-88886666', 'landline, 4-digit area code'],
    ['010-12345678', 'landline, Beijing'],
    ['021 6123 4567', 'landline, spaces'],
    ['(0431)8888 6666', 'landline, area code in brackets'],
    ['(0431) 888-6666', 'landline, 7 digits'],
    ['0431.8888.6666', 'landline, dots'],
    ['04318888666', 'landline, glued'],
    ['+86 431 8888 6666', 'landline after +86 without the 0'],
    ['+86 (431) 88886666', 'landline after +86, area code in brackets'],
    ['+86-10-12345678', 'Beijing landline after +86'],
  ])('%s (%s)', (phone) => {
    expect(maskPhonesInText(`请回电${phone}，谢谢`)).toBe(`请回电${H}，谢谢`);
    expect(maskPhonesInText(`${phone}`)).toBe(H);
    expect(maskPhonesInText(`电话:${phone}。`)).toBe(`电话:${H}。`);
  });

  test('two numbers side by side are two numbers', () => {
    expect(maskPhonesInText('13512345678 13912345678')).toBe(`${H} ${H}`);
    expect(maskPhonesInText('手机13512345678/座机0431-88886666')).toBe(`手机${H}/座机${H}`);
  });
});

describe('what is not a phone number stays', () => {
  test.each([
    ['12345 热线'],
    ['工单 20261203-0000001'],
    ['2026-12-03 14:30'],
    ['金额 12345678 元'],
    ['订单号 135123456789'], // 12 digits starting like a mobile: not one
    ['第 3 次 1,234.56 元'],
    ['北街1号3单元502室'],
    ['110、119、120'],
    ['身份证尾号 1234'],
  ])('%s', (text) => {
    expect(maskPhonesInText(text)).toBe(text);
  });
});

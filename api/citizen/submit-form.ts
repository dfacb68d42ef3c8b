// The 网上诉求 form: what a citizen may send, checked field by field (a Chinese message per field),
// and the intake it becomes (channel web). Pure.
import { z } from 'zod';
import { findCategory, findDistrict, findStreet, type Catalog } from '../../domain/catalog';
import { requestTypes } from '../open311/attributes';

export const HONEYPOT = 'website';

export interface SubmitValues {
  requestType?: string;
  category?: string;
  area?: string;
  address?: string;
  description?: string;
  name?: string;
  phone?: string;
  /** Only a place for its error: the photos themselves are files. */
  photos?: string;
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const formSchema = z.object({
  requestType: z.string().optional(),
  category: z.string().optional(),
  area: z.string().optional(),
  address: text(200),
  description: z.string().trim().optional(),
  name: text(50),
  phone: z.string().trim().optional(),
});

/** A mainland mobile (11 digits) or a landline with its area code. */
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export type Checked = { ok: true; intake: Record<string, unknown> } | { ok: false; errors: Partial<Record<keyof SubmitValues, string>> };

export function checkSubmission(raw: Record<string, unknown>, catalog: Catalog): Checked {
  const v = formSchema.safeParse(raw);
  if (!v.success) return { ok: false, errors: { description: '提交内容有误，请重新填写。' } };
  const f = v.data;
  const errors: Partial<Record<keyof SubmitValues, string>> = {};
  if (!f.requestType || !(f.requestType in requestTypes)) errors.requestType = '请选择诉求类型。';
  if (!f.category || !findCategory(catalog, f.category)) errors.category = '请选择问题类别。';
  const [district, street] = (f.area ?? '').split('/');
  const areaOk = !!findDistrict(catalog, district) && (street === undefined || findStreet(catalog, street)?.district.code === district);
  if (!areaOk) errors.area = '请选择问题所在区域。';
  const description = f.description ?? '';
  if (description.length < 5) errors.description = '请描述您反映的问题（至少 5 个字）。';
  else if (description.length > 2000) errors.description = '问题描述最多 2000 字，请删减后再提交。';
  const phone = (f.phone ?? '').replace(/\s/g, '');
  if (!PHONE.test(phone)) errors.phone = '请填写正确的手机号或带区号的固定电话，承办单位将据此与您联系。';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    intake: {
      channel: 'web',
      requestType: f.requestType,
      citizen: { ...(f.name ? { name: f.name } : {}), phone, anonymous: !f.name, kind: 'person' },
      category: f.category,
      description,
      location: { district, ...(street ? { street } : {}), ...(f.address ? { address: f.address } : {}) },
    },
  };
}

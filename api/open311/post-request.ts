// POST requests, the form fields of the spec mapped onto our intake (channel open311). Every
// problem of a request is reported at once, as the spec's error list allows. Pure.
import { findDistrict, findCategory, findStreet, type Catalog } from '../../domain/catalog';
import { requesterKinds, requestTypes } from './attributes';

export interface PostFields {
  [field: string]: unknown;
}

export type Mapped = { ok: true; intake: Record<string, unknown> } | { ok: false; status: 400 | 404; errors: string[] };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const NUMBER = /^-?\d{1,3}(\.\d+)?$/;

export function mapPostRequest(f: PostFields, catalog: Catalog): Mapped {
  const errors: string[] = [];
  const attr = (code: string) => str(f[`attribute[${code}]`]);

  const jurisdiction = str(f.jurisdiction_id);
  if (jurisdiction !== undefined && jurisdiction !== catalog.city.code) {
    return { ok: false, status: 404, errors: [`jurisdiction_id ${jurisdiction.slice(0, 64)} 不存在（本平台为 ${catalog.city.code}）`] };
  }
  const serviceCode = str(f.service_code);
  if (!serviceCode) return { ok: false, status: 400, errors: ['service_code 必填'] };
  if (!findCategory(catalog, serviceCode)) return { ok: false, status: 404, errors: [`service_code ${serviceCode.slice(0, 64)} 不存在`] };

  // The spec's location: lat and long together, or address_string, or address_id.
  const lat = str(f.lat);
  const long = str(f.long);
  const addressString = str(f.address_string);
  const addressId = str(f.address_id);
  if ((lat === undefined) !== (long === undefined)) errors.push('lat 与 long 须同时提供');
  else if (lat !== undefined && (!NUMBER.test(lat) || !NUMBER.test(long!) || Math.abs(+lat) > 90 || Math.abs(+long!) > 180)) {
    errors.push('lat、long 须为经纬度数值');
  }
  if (lat === undefined && addressString === undefined && addressId === undefined)
    errors.push('位置必填：lat 与 long，或 address_string，或 address_id');

  const district = attr('district');
  if (!district) errors.push('attribute[district] 必填（所在区县，见 services/{service_code} 的取值）');
  else if (!findDistrict(catalog, district)) errors.push(`attribute[district] 无效：${district.slice(0, 64)}`);
  const street = attr('street');
  if (street && district) {
    const found = findStreet(catalog, street);
    if (!found || found.district.code !== district) errors.push(`attribute[street] ${street.slice(0, 64)} 不属于区县 ${district.slice(0, 64)}`);
  }
  const requestType = attr('request_type');
  if (!requestType) errors.push('attribute[request_type] 必填（咨询、求助、投诉、举报、建议）');
  else if (!(requestType in requestTypes)) errors.push(`attribute[request_type] 无效：${requestType.slice(0, 32)}`);
  const kind = attr('requester_kind') ?? 'person';
  if (!(kind in requesterKinds)) errors.push(`attribute[requester_kind] 无效：${kind.slice(0, 32)}`);

  const description = str(f.description);
  if (!description) errors.push('description 必填（诉求内容）');
  const media = str(f.media_url);
  if (media !== undefined && !/^https?:\/\/\S{1,500}$/.test(media)) errors.push('media_url 须为 http(s) 地址');
  if (errors.length) return { ok: false, status: 400, errors };

  // Chinese order: family name (last_name) first, no space.
  const name = [str(f.last_name), str(f.first_name)].filter(Boolean).join('') || undefined;
  const phone = str(f.phone);
  const address = [addressString, addressId && `地址编号 ${addressId}`, lat && `经纬度 ${lat},${long}`].filter(Boolean).join('；');
  return {
    ok: true,
    intake: {
      channel: 'open311',
      requestType,
      citizen: { ...(name ? { name } : {}), ...(phone ? { phone } : {}), anonymous: name === undefined, kind },
      category: serviceCode,
      description,
      location: { district, ...(street ? { street } : {}), ...(address ? { address: address.slice(0, 200) } : {}) },
      // A link, never fetched: no request from the server to an address a client chose.
      ...(media ? { mediaUrls: [media] } : {}),
    },
  };
}

// The attributes every GeoReport v2 service (a catalog category) takes: where (district, street;
// a client cannot be trusted to geocode into our districts), what kind of request (seed 000) and
// who asks (seed 004). Pure.
import type { Catalog } from '../../domain/catalog';

/** 诉求类型 (seed 000), as domain/ticket/request-type.ts names them on the #14 branch. */
export const requestTypes = { consult: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议' } as const;
/** 诉求人类型 (seed 004: 企业专席). */
export const requesterKinds = { person: '个人', enterprise: '企业' } as const;

export type Attribute = {
  variable: true;
  code: string;
  datatype: 'singlevaluelist' | 'string';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
};

const list = (m: Record<string, string>) => Object.entries(m).map(([key, name]) => ({ key, name }));

export function serviceAttributes(catalog: Catalog): Attribute[] {
  const streets = catalog.districts.flatMap((d) => d.streets.map((s) => ({ key: s.code, name: `${d.name} ${s.name}` })));
  return [
    {
      variable: true,
      code: 'district',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: '所在区县',
      values: catalog.districts.map((d) => ({ key: d.code, name: d.name })),
    },
    {
      variable: true,
      code: 'street',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '须属于所选区县',
      order: 2,
      description: '所在街道（乡镇）',
      values: streets,
    },
    {
      variable: true,
      code: 'request_type',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 3,
      description: '诉求类型',
      values: list(requestTypes),
    },
    {
      variable: true,
      code: 'requester_kind',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '不填为个人',
      order: 4,
      description: '诉求人类型',
      values: list(requesterKinds),
    },
  ];
}

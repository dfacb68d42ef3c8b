// Chinese labels of the request fields in /openapi.json: `title` (the form label), `x-enum-labels`
// (what each value reads as) and `x-pattern-message` (what a value failing the pattern is told).
// The console builds every action form from these; a field with no label here is shown by its name.
// Kept beside the document rather than in the domain's schemas, which the workflow bundles.
import { channels } from '../domain/ticket';
import type { OpenAPIObject } from './openapi';

interface FieldLabel {
  title: string;
  description?: string;
  enumLabels?: Record<string, string>;
  patternMessage?: string;
}

const phone = '请输入有效的电话号码（5–20 位数字，可含 + - 空格 括号）';
const yes = { true: '是', false: '否' };

/** By field name, for every request body; `<Schema>.<field>` overrides for one schema. */
const labels: Record<string, FieldLabel> = {
  note: { title: '备注' },
  'RejectReplyInput.note': { title: '退回意见' },
  'RejectReviewInput.note': { title: '退回意见' },
  unit: { title: '单位' },
  coUnits: { title: '协办单位' },
  reason: { title: '理由' },
  disputed: { title: '有争议（申请定责）' },
  stage: { title: '联系阶段', enumLabels: { first: '首次联系', final: '办结前联系' } },
  method: { title: '联系方式', enumLabels: { phone: '电话', sms: '短信', visit: '上门' } },
  commitment: { title: '承诺事项' },
  'ReplyInput.commitment.content': { title: '承诺内容' },
  'ReplyInput.commitment.dueDate': { title: '承诺办结日期' },
  'FulfilCommitmentInput.commitment': { title: '承诺编号' },
  'FulfilCommitmentInput.done': { title: '履行情况' },
  until: { title: '延期至', description: '北京时间日期 YYYY-MM-DD', patternMessage: '请输入日期 YYYY-MM-DD' },
  approve: { title: '是否同意', enumLabels: { true: '同意', false: '不同意' } },
  content: { title: '答复内容' },
  handlerName: { title: '承办人姓名' },
  handlerPhone: { title: '承办人电话', patternMessage: phone },
  solved: { title: '问题是否已解决', enumLabels: { true: '已解决', false: '未解决' } },
  basis: { title: '办理依据' },
  satisfaction: { title: '满意度', enumLabels: { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' } },
  resolved: { title: '诉求是否解决', enumLabels: { true: '已解决', false: '未解决' } },
  source: { title: '评价来源', enumLabels: { call: '电话回访', platform: '诉求人平台自评' } },
  meeting: { title: '约见反映人' },
  mediation: { title: '组织调解' },
  date: { title: '日期', description: 'YYYY-MM-DD', patternMessage: '请输入日期 YYYY-MM-DD' },
  requester: { title: '诉求人序号', description: '从 0 起；不填则为本轮第一位待回访的诉求人' },
  topic: { title: '会商议题' },
  participants: { title: '参会单位或人员' },
  at: { title: '会商时间' },
  summary: { title: '会商结论' },
  into: { title: '并入工单号' },
  answer: { title: '直答内容' },
  situation: { title: '情形' },
  explanation: { title: '向诉求人的解释' },
  service: { title: '移交单位', enumLabels: { '110': '110 公安', '119': '119 消防', '120': '120 急救', '122': '122 交警' } },
  department: { title: '吹哨部门' },
  city: { title: '转往城市' },
  reference: { title: '对方编号' },
  // Intake
  channel: { title: '来源渠道', enumLabels: { ...channels } },
  citizen: { title: '诉求人' },
  name: { title: '姓名' },
  phone: { title: '电话', patternMessage: phone },
  anonymous: { title: '匿名', enumLabels: yes },
  followUp: { title: '接受回访', enumLabels: yes },
  alreadyRated: { title: '已当场评价', enumLabels: yes },
  confidential: { title: '保密（单位只见掩码，由热线转达）', enumLabels: yes },
  category: { title: '诉求分类' },
  description: { title: '诉求内容' },
  location: { title: '发生地点' },
  district: { title: '区县' },
  street: { title: '街道（乡镇）' },
  address: { title: '详细地址' },
  provincial: { title: '省平台转办', enumLabels: yes },
  urgent: { title: '紧急', enumLabels: yes },
  jsbl: { title: '接诉即办', enumLabels: yes },
};

type SchemaObject = {
  title?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  [k: string]: unknown;
};

/** `where`: the schema's name, then the path of the object within it (`ReplyInput.commitment`). */
function label(where: string, props: Record<string, SchemaObject>): void {
  for (const [field, prop] of Object.entries(props)) {
    const l = labels[`${where}.${field}`] ?? labels[field];
    if (l) {
      prop.title ??= l.title;
      if (l.description && !prop.description) prop.description = l.description;
      if (l.enumLabels) prop['x-enum-labels'] = l.enumLabels;
      if (l.patternMessage) prop['x-pattern-message'] = l.patternMessage;
    }
    if (prop.properties) label(`${where}.${field}`, prop.properties);
  }
}

/** Adds the labels to the request body schemas (the actions' inputs and the intake), in place. */
export function labelRequestFields(doc: OpenAPIObject): OpenAPIObject {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [name, schema] of Object.entries(schemas)) {
    if ((name.endsWith('Input') || name === 'Intake') && schema.properties) label(name, schema.properties);
  }
  return doc;
}

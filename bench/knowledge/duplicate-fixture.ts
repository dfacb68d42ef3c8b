// The fixture the duplicate suggestions are measured on (issue 15): tickets about "matters" (one
// problem at one place), several citizens reporting the same matter in their own words through
// different channels (the duplicates), and near misses that must NOT be offered: the same problem
// at another estate of the same street, another problem at the same estate, the same problem in
// another street. Deterministic (a seeded generator), so the figures can be compared run to run.
import { seeded } from '../../ledger/synthetic/city';

interface Problem {
  key: string;
  category: string;
  /** {p}: the place; {t}: a time; {d}: a duration. */
  phrasings: string[];
}

const problems: Problem[] = [
  {
    key: 'water-off',
    category: 'WATER_OUTAGE',
    phrasings: [
      '{p}从{t}开始停水，到现在还没来水',
      '{p}停水{d}了，什么时候能恢复供水？',
      '我家在{p}，{t}突然没水了，也没看到停水通知',
      '{p}自来水停了{d}，做饭洗漱都成问题，请尽快处理',
      '{p}一直没有水，问物业也说不清停水原因',
    ],
  },
  {
    key: 'water-pressure',
    category: 'WATER_OUTAGE',
    phrasings: [
      '{p}水压很低，高层住户基本用不上水',
      '{p}{t}以后水压特别小，热水器都打不着火',
      '住在{p}，水龙头出水很细，水压不足已经{d}',
      '{p}楼上水压上不去，洗澡都洗不了',
    ],
  },
  {
    key: 'power-off',
    category: 'POWER_OUTAGE',
    phrasings: [
      '{p}{t}停电了，到现在还没来电',
      '{p}突然断电，整栋楼都没电，也没有通知',
      '{p}停电{d}了，冰箱里的东西都坏了',
      '我们{p}又停电了，电力公司什么时候来修？',
    ],
  },
  {
    key: 'power-flicker',
    category: 'POWER_OUTAGE',
    phrasings: ['{p}电压不稳，灯一闪一闪的，电器经常跳闸', '{p}这{d}电压忽高忽低，烧坏了好几个电器', '{p}{t}开始电压很低，空调都开不起来'],
  },
  {
    key: 'night-noise',
    category: 'NIGHT_CONSTRUCTION_NOISE',
    phrasings: [
      '{p}旁边的工地晚上十一点还在施工，噪音很大',
      '{p}附近工地半夜打桩，吵得根本睡不着',
      '凌晨两点{p}边上还在施工作业，严重扰民',
      '{p}周边工地连续{d}夜间施工，渣土车来回轰鸣',
    ],
  },
  {
    key: 'streetlight',
    category: 'PUBLIC_FACILITY_DAMAGE',
    phrasings: ['{p}门口的路灯坏了{d}，晚上一片漆黑', '{p}那段路的路灯不亮，走夜路很不安全', '{p}附近好几盏路灯{t}起就不亮了，请派人维修'],
  },
  {
    key: 'manhole',
    category: 'PUBLIC_FACILITY_DAMAGE',
    phrasings: ['{p}门口有个井盖丢了，很危险', '{p}路边井盖缺失，晚上有人差点掉下去', '{p}附近的井盖破损塌陷，请尽快更换'],
  },
  {
    key: 'elevator',
    category: 'PROPERTY_MANAGEMENT',
    phrasings: [
      '{p}电梯经常故障，物业一直不修',
      '{p}的电梯坏了{d}，老人上下楼很困难',
      '{p}电梯{t}又停了，困过人，物业不管',
      '反映{p}电梯长期带病运行，物业推诿不维修',
    ],
  },
  {
    key: 'garbage',
    category: 'PROPERTY_MANAGEMENT',
    phrasings: ['{p}垃圾堆了{d}没人清运，臭气熏天', '{p}楼下垃圾桶满了也不清理，物业不作为', '{p}生活垃圾无人清运，夏天招苍蝇'],
  },
  {
    key: 'smell',
    category: 'ENVIRONMENTAL_POLLUTION',
    phrasings: ['{p}附近工厂排放刺鼻气味，开窗就闻到', '{p}周边每天{t}有很浓的化工异味', '{p}一带空气里有股臭味，怀疑有企业偷排废气'],
  },
  {
    key: 'street-vendors',
    category: 'NEIGHBORHOOD_ORDER',
    phrasings: ['{p}门口有摊贩占道经营，车都过不去', '{p}出口被流动摊点堵住，早晚很乱', '{p}外面占道摆摊{d}了，没人管'],
  },
  {
    key: 'signal-light',
    category: 'ROAD_TRAFFIC',
    phrasings: ['{p}路口的红绿灯不亮，交通很乱', '{p}附近信号灯坏了，{t}差点出事故', '{p}那个路口信号灯一直闪黄灯，车辆乱行'],
  },
];

const places = [
  '幸福小区',
  '和平小区',
  '阳光花园',
  '锦绣家园',
  '滨江一号',
  '东方明珠苑',
  '翠湖新村',
  '金色港湾',
  '光明里',
  '丽景华庭',
  '紫荆苑',
  '望湖名居',
  '书香门第',
  '青年公寓',
  '港城花园',
  '海湾新城',
];
const times = ['昨天晚上', '今天早上', '今天上午', '中午', '下午三点', '前天'];
const durations = ['两天', '一整天', '三天', '好几天', '大半天', '一个星期'];
const channels = ['phone', 'web', 'wechat', 'app', 'mailbox'];
const streets: Record<string, string[]> = { JB: ['JB-BJ', 'JB-WH', 'JB-XH'], JN: ['JN-NH', 'JN-DS'], LG: ['LG-GQ', 'LG-HW'] };

export interface FixtureTicket {
  id: string;
  /** Tickets with the same matter are duplicates of each other. */
  matter: string;
  category: string;
  district: string;
  street: string;
  address: string;
  description: string;
  channel: string;
  registeredAt: string;
}

/** `matters` matters over `days` days; about 45% are reported more than once (2–4 reports). */
export function duplicateFixture(opts: { seed?: number; matters?: number; days?: number; start?: string } = {}): FixtureTicket[] {
  const rnd = seeded(opts.seed ?? 15);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const start = Date.parse(opts.start ?? '2026-06-01T00:00:00Z');
  const days = opts.days ?? 14;
  const out: Omit<FixtureTicket, 'id'>[] = [];
  const used = new Set<string>();
  for (let m = 0; m < (opts.matters ?? 130); m++) {
    // One matter per (problem, street, place): two different matters are never the same thing.
    let problem: Problem, district: string, street: string, place: string, key: string;
    do {
      problem = pick(problems);
      district = pick(Object.keys(streets));
      street = pick(streets[district]!);
      // Few estates per street, as in a real street: the same problem at the estate next door is
      // the commonest near miss.
      const offset = Object.values(streets).flat().indexOf(street) * 2;
      place = places[(offset + Math.floor(rnd() * 5)) % places.length]!;
      key = `${problem.key}@${street}/${place}`;
    } while (used.has(key));
    used.add(key);
    const reports = rnd() < 0.55 ? 1 : 2 + Math.floor(rnd() * 3);
    const first = start + rnd() * days * 86_400_000;
    const phrasings = [...problem.phrasings].sort(() => rnd() - 0.5);
    for (let r = 0; r < reports; r++) {
      const building = rnd() < 0.5 ? `${1 + Math.floor(rnd() * 12)}号楼` : '';
      const at = first + r * rnd() * 2 * 86_400_000; // later reports within two days
      const text = phrasings[r % phrasings.length]!.replace('{p}', place + building)
        .replace('{t}', pick(times))
        .replace('{d}', pick(durations));
      out.push({
        matter: key,
        category: problem.category,
        district,
        street,
        address: `${place}${building}`,
        description: text,
        channel: pick(channels),
        registeredAt: new Date(at).toISOString(),
      });
    }
  }
  return out.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt)).map((t, i) => ({ id: `DUP-${String(i + 1).padStart(4, '0')}`, ...t }));
}

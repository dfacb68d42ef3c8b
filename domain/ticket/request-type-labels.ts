// The request types (seed 000: 求助、投诉、举报、咨询和建议) and requester kinds (seed 004 企业专席) with
// their Chinese labels: a module with no imports, so the console bundles the same table.
export const requestTypes = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
} as const;

export const citizenKinds = { person: '个人', enterprise: '企业' } as const;

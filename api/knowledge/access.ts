// Who may read and edit the knowledge base and the notices (issue 15). Editors of an article: the
// hotline's admins, and the staff of a unit the article names, for that article only; publishing is
// the hotline's review, so admins only. Notices: admins, and a unit's staff for notices of their own.
import { findCategory, findDistrict, findUnit, type Catalog } from '../../domain/catalog';
import { isUnitRole, roles, type Actor, type Role } from '../../domain/ticket';
import { ApiError, validationError, type FieldIssue } from '../errors';

/** Everyone but the system reads published articles and notices. */
export const knowledgeReaders = (role: Role): boolean => role !== 'system';
export const knowledgeStatsRoles: readonly Role[] = ['admin', 'supervisor', 'operator'];

export function requireReader(actor: Actor): void {
  if (!knowledgeReaders(actor.role)) throw new ApiError('forbidden', `角色 ${actor.role} 无权查看知识库`);
}

/** Whether the actor edits (and sees the drafts of) an article naming these units. */
export const editsArticle = (actor: Actor, units: readonly string[]): boolean =>
  actor.role === 'admin' || (isUnitRole(actor.role) && actor.unit !== undefined && units.includes(actor.unit));

export function requireEditor(actor: Actor, units: readonly string[], what: string): void {
  if (editsArticle(actor, units)) return;
  if (isUnitRole(actor.role)) throw new ApiError('forbidden', `${roles[actor.role]}只能${what}本单位（${actor.unit}）的知识条目`);
  throw new ApiError('forbidden', `角色 ${actor.role}（${roles[actor.role]}）无权${what}知识条目（允许：管理员、条目所属单位的人员）`);
}

/** Publishing is the hotline's review of the content (seed 002 热线办审核). */
export function requirePublisher(actor: Actor): void {
  if (actor.role !== 'admin')
    throw new ApiError('forbidden', `角色 ${actor.role}（${roles[actor.role]}）无权发布知识条目：发布须经热线办（管理员）审核`);
}

/** Notices: admins anywhere; a unit's staff publish and withdraw their own unit's. */
export function requireNoticeEditor(actor: Actor, noticeUnit?: string | null): void {
  if (actor.role === 'admin') return;
  if (isUnitRole(actor.role) && (noticeUnit === undefined || noticeUnit === actor.unit)) return;
  throw new ApiError(
    'forbidden',
    `角色 ${actor.role}（${roles[actor.role]}）无权${noticeUnit === undefined ? '发布' : '撤回'}此公告（允许：管理员、发布单位的人员）`,
  );
}

/** The catalog codes a body names: 400 naming each unknown one. */
export function checkCatalogCodes(
  catalog: Catalog,
  where: string,
  c: { category?: string; units?: readonly string[]; district?: string; street?: string; community?: string },
  prefix = '',
): void {
  const issues: FieldIssue[] = [];
  if (c.category !== undefined && !findCategory(catalog, c.category)) {
    issues.push({ path: 'category', message: `'${c.category}' 不是派单目录中的诉求类型` });
  }
  c.units?.forEach((u, i) => {
    if (!findUnit(catalog, u)) issues.push({ path: `units.${i}`, message: `'${u}' 不是派单目录中的承办单位` });
  });
  if (c.district !== undefined) {
    const d = findDistrict(catalog, c.district);
    if (!d) issues.push({ path: `${prefix}district`, message: `'${c.district}' 不是派单目录中的区县` });
    else if (c.street !== undefined) {
      const street = d.streets.find((s) => s.code === c.street);
      if (!street) issues.push({ path: `${prefix}street`, message: `'${c.street}' 不是 ${d.code}（${d.name}）的街道` });
      else if (c.community !== undefined && !street.communities?.some((x) => x.code === c.community)) {
        issues.push({ path: `${prefix}community`, message: `'${c.community}' 不是 ${street.code}（${street.name}）的社区` });
      }
    } else if (c.community !== undefined) issues.push({ path: `${prefix}community`, message: '指定社区须同时指定街道' });
  }
  if (issues.length) throw validationError(where, issues);
}

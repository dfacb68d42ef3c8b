// Who acts: one schema for the actor, shared by the API's token claims and the workflow's
// messages (an Update's actor, a signal's optional one).
import { z } from 'zod';
import { isUnitRole, Role, roles } from './model';

const roleCodes = Object.keys(roles) as [Role, ...Role[]];

/** The actor's fields; the token calls the id `sub`. */
export const actorFields = {
  id: z.string().trim().min(1).max(100),
  name: z.string().trim().max(100).optional(),
  role: z.enum(roleCodes),
  unit: z.string().trim().min(1).max(64).optional(),
};

/** Handlers and unit leaders act for a unit: without one they could act for none. */
export const withUnitWhereNeeded = <S extends z.ZodType<{ role: Role; unit?: string }>>(schema: S) =>
  schema.refine((a) => !isUnitRole(a.role) || a.unit !== undefined, {
    error: 'handlers and unit leaders must carry a unit',
    path: ['unit'],
  });

export const actorSchema = withUnitWhereNeeded(z.object(actorFields));

// What a request is (seed 000: 求助、投诉、举报、咨询和建议) and who makes it (seed 004: 企业专席, a desk
// for enterprises). Both are told at intake; tickets registered before they existed have no request
// type (unknown) and count as a person's.
import { z } from 'zod';
import { citizenKinds, requestTypes } from './request-type-labels';

export { requestTypes, citizenKinds } from './request-type-labels';
export type RequestType = keyof typeof requestTypes;
export const requestTypeSchema = z.enum(Object.keys(requestTypes) as [RequestType, ...RequestType[]]);

export type CitizenKind = keyof typeof citizenKinds;
export const citizenKindSchema = z.enum(Object.keys(citizenKinds) as [CitizenKind, ...CitizenKind[]]);

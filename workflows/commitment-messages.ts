// The messages of a commitment workflow (workflows/commitment.ts), shared with the API.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CommitmentState } from '../domain/commitment/model';
import type { FulfilInput } from '../domain/commitment/decide';
import type { Actor } from '../domain/ticket';

export const COMMITMENT_WORKFLOW_TYPE = 'commitment';

/** 履行承诺, sent by the API: the actor from the caller's token. */
export interface FulfilCommand {
  actor: Actor;
  input: FulfilInput;
}
export const fulfilCommitmentUpdate = defineUpdate<CommitmentState, [FulfilCommand]>('fulfilCommitment');
export const commitmentQuery = defineQuery<CommitmentState>('commitment');

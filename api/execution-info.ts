// A visibility row decoded with the SDK's public API only (its own decoder lives in a `lib/` path
// the package does not export): the memo through the client's data converter, each search
// attribute by the type the server stored with it, as the SDK does.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import {
  defaultPayloadConverter,
  Payload,
  PayloadCodec,
  PayloadConverter,
  SearchAttributePair,
  SearchAttributeType,
  TypedSearchAttributes,
} from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

export type ListedExecution = Pick<WorkflowExecutionInfo, 'workflowId' | 'startTime' | 'closeTime' | 'memo' | 'typedSearchAttributes'>;

type RawExecution = temporal.api.workflow.v1.IWorkflowExecutionInfo;
type Timestamp = temporal.api.workflow.v1.IWorkflowExecutionInfo['startTime'];
/** The client's loaded data converter (`client.options.loadedDataConverter`). */
interface Converter {
  payloadConverter: PayloadConverter;
  payloadCodecs: PayloadCodec[];
}

export async function decodeExecution(raw: RawExecution, converter: Converter): Promise<ListedExecution> {
  return {
    workflowId: raw.execution?.workflowId ?? '',
    startTime: toDate(raw.startTime) ?? new Date(0),
    closeTime: toDate(raw.closeTime),
    memo: await decodeMemo(raw.memo?.fields, converter),
    typedSearchAttributes: decodeSearchAttributes(raw.searchAttributes?.indexedFields),
  };
}

function toDate(ts: Timestamp): Date | undefined {
  if (!ts) return undefined;
  return new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}

/**
 * The memo holds only a summary line: one this client cannot read (encrypted with a key it lacks, or
 * by a client with a codec when this one has none) leaves that row without it instead of failing
 * the whole list. Said once per process, for the operator.
 */
async function decodeMemo(fields: Record<string, Payload> | null | undefined, converter: Converter) {
  if (!fields) return undefined;
  const codecs = [...converter.payloadCodecs].reverse();
  try {
    const entries = await Promise.all(
      Object.entries(fields).map(async ([key, payload]) => {
        let payloads = [payload];
        for (const codec of codecs) payloads = await codec.decode(payloads);
        return [key, converter.payloadConverter.fromPayload(payloads[0])] as const;
      }),
    );
    return Object.fromEntries(entries);
  } catch (err) {
    if (!memoWarned) console.warn(`[api] a listed ticket's memo cannot be decoded, shown without its summary: ${(err as Error).message}`);
    memoWarned = true;
    return undefined;
  }
}
let memoWarned = false;

function decodeSearchAttributes(fields: Record<string, Payload> | null | undefined): TypedSearchAttributes {
  const pairs: SearchAttributePair[] = [];
  for (const [name, payload] of Object.entries(fields ?? {})) {
    const typeName = payload.metadata?.type;
    const type = typeName ? TypedSearchAttributes.toSearchAttributeType(Buffer.from(typeName).toString()) : undefined;
    if (type === undefined) continue;
    let value: unknown = defaultPayloadConverter.fromPayload(payload);
    // Older servers store single values as one-element lists.
    if (type !== SearchAttributeType.KEYWORD_LIST && Array.isArray(value)) {
      if (value.length !== 1) continue;
      value = value[0];
    }
    if (value === null || value === undefined) continue;
    if (type === SearchAttributeType.DATETIME) value = new Date(value as string);
    pairs.push({ key: { name, type }, value } as SearchAttributePair);
  }
  return new TypedSearchAttributes(pairs);
}

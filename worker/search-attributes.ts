// A fresh namespace gets the ticket's search attributes at worker start; existing ones are kept.
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { status } from '@grpc/grpc-js';
import { ticketSearchAttributes } from '../workflows/search-attributes';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const protoType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

/** Returns the names it had to add (empty when all were there). */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  let have: Set<string>;
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    have = new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (err) {
    // The Java time-skipping test server can add search attributes but not list them.
    if ((err as { code?: number }).code !== status.UNIMPLEMENTED) throw err;
    have = new Set();
  }
  const missing = ticketSearchAttributes.filter((k) => !have.has(k.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, protoType[k.type]])),
  });
  return missing.map((k) => k.name);
}

// A fresh namespace gets the ticket's search attributes when the worker starts; a second start
// finds them and adds nothing.
import { Connection } from '@temporalio/client';
import { google } from '@temporalio/proto';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { ticketSearchAttributes } from '../../workflows/search-attributes';

test('a fresh namespace is given every ticket search attribute, once', async () => {
  const connection = await Connection.connect({ address: process.env.HOTLINE_TEST_TEMPORAL_ADDRESS! });
  try {
    const namespace = `fresh-${process.pid}-${Date.now()}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: google.protobuf.Duration.fromObject({ seconds: 24 * 3600 }),
    });
    const names = ticketSearchAttributes.map((k) => k.name).sort();
    // Namespace registration is eventually visible to the operator service.
    let added: string[] = [];
    for (let i = 0; i < 50; i++) {
      try {
        added = await ensureSearchAttributes(connection, namespace);
        break;
      } catch (err) {
        if (i === 49) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(added.sort()).toEqual(names);
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(listed.customAttributes ?? {}).sort()).toEqual(expect.arrayContaining(names));
    expect(await ensureSearchAttributes(connection, namespace)).toEqual([]);
  } finally {
    await connection.close();
  }
});

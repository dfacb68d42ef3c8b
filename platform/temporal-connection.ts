// Connection settings for an existing Temporal cluster (TEMPORAL_ADDRESS and TLS settings).
import fs from 'node:fs';
import type { Env } from '../config/env';

export interface TemporalTarget {
  address: string;
  namespace: string;
  tls?: { clientCertPair?: { crt: Buffer; key: Buffer } } | boolean;
  apiKey?: string;
}

export function temporalTarget(env: Env, address = env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_GRPC_PORT}`): TemporalTarget {
  const pair =
    env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY
      ? { crt: fs.readFileSync(env.TEMPORAL_TLS_CERT), key: fs.readFileSync(env.TEMPORAL_TLS_KEY) }
      : undefined;
  const tls = pair ? { clientCertPair: pair } : env.TEMPORAL_TLS || env.TEMPORAL_API_KEY ? true : undefined;
  return { address, namespace: env.TEMPORAL_NAMESPACE, tls, apiKey: env.TEMPORAL_API_KEY };
}

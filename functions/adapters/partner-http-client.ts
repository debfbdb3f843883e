import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import http from 'node:http';
import https from 'node:https';
import { once } from '../config/once';

/**
 * An axios client for one partner, created on first use and kept for the container's life, with
 * keep-alive agents: a warm Lambda reuses its TLS connection to the partner instead of opening
 * one per call. `settings` is read lazily so configuration is validated at first use.
 */
export function partnerHttpClient(settings: () => CreateAxiosDefaults): () => AxiosInstance {
  return once(() =>
    axios.create({
      ...settings(),
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 16 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 16 }),
    }),
  );
}

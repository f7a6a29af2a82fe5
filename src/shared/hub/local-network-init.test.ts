import { describe, expect, it } from 'vitest';
import { localNetworkInit } from './local-network-init';

const declared = (url: string) =>
  (localNetworkInit(url, { method: 'GET' }) as { targetAddressSpace?: string }).targetAddressSpace;

describe('localNetworkInit', () => {
  it('declares a hub reached by name as local, so an https page may call it on http', () => {
    expect(declared('http://hub-kantor.local:8080/api/hub/status')).toBe('local');
    expect(declared('https://h-1.hub.lentera.example.go.id/api/sync/push')).toBe('local');
    expect(localNetworkInit('http://hub-kantor.local:8080/x', { method: 'POST' })).toMatchObject({ method: 'POST' });
  });

  it('leaves IP literals (Chrome knows them), loopback, relative paths and other schemes alone', () => {
    expect(declared('http://192.168.1.10:8080/api/hub/status')).toBeUndefined();
    expect(declared('http://127.0.0.1:4000/api/sync/push')).toBeUndefined();
    expect(declared('http://[fe80::1]:8080/x')).toBeUndefined();
    expect(declared('http://localhost:8080/x')).toBeUndefined();
    expect(declared('/api/sync/push')).toBeUndefined();
    expect(declared('data:text/plain,x')).toBeUndefined();
  });
});

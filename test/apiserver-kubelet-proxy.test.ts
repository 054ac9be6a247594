// pods/log and pods/exec go through the apiserver to the pod's kubelet. The kubelet side here is
// a plain HTTP/WebSocket endpoint at the kubelet API paths, standing in for the kubelet server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { PODS, pod, startTestServer, type TestServer } from './apiserver-helpers.js';

let s: TestServer;
let kubelet: Server;
const seen: string[] = [];
beforeAll(async () => {
  s = await startTestServer();
  kubelet = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('line 1\nline 2\n');
  });
  const wss = new WebSocketServer({ server: kubelet });
  wss.on('connection', (ws, req) => {
    seen.push(req.url ?? '');
    ws.on('message', (m) => ws.send(`echo:${String(m)}`));
  });
  await new Promise<void>((r) => kubelet.listen(0, '127.0.0.1', () => r()));
  const port = (kubelet.address() as AddressInfo).port;
  await s.req('POST', '/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1' },
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
  });
  await s.req('POST', PODS, pod('one', { spec: { nodeName: 'node-1' } }));
  await s.req('POST', PODS, pod('two', { spec: { nodeName: 'node-1', containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } }));
  await s.req('POST', PODS, pod('pending'));
});
afterAll(async () => {
  await s.close();
  kubelet.closeAllConnections();
  await new Promise((r) => kubelet.close(r));
});

describe('pods/log', () => {
  it("relays the kubelet's containerLogs with the log options", async () => {
    const res = await s.req('GET', `${PODS}/one/log?follow=true&tailLines=10`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('line 1\nline 2\n');
    expect(seen.at(-1)).toBe('/containerLogs/default/one/app?follow=true&tailLines=10');
  });

  it("asks for a container name as Kubernetes does, and checks it's in the pod", async () => {
    const none = await s.req('GET', `${PODS}/two/log`);
    expect(none.status).toBe(400);
    expect(none.body.message).toBe('a container name must be specified for pod two, choose one of: [a b]');
    const wrong = await s.req('GET', `${PODS}/two/log?container=c`);
    expect(wrong.body.message).toBe('container c is not valid for pod two');
    const unscheduled = await s.req('GET', `${PODS}/pending/log`);
    expect(unscheduled.status).toBe(400);
    expect(unscheduled.body.message).toBe('pod pending does not have a host assigned');
    expect((await s.req('GET', `${PODS}/missing/log`)).status).toBe(404);
  });
});

describe('pods/exec', () => {
  it('relays a WebSocket upgrade to the kubelet exec path', async () => {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}${PODS}/two/exec?container=b&command=sh&stdin=true`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('hello'));
      ws.on('message', (m) => resolve(String(m)));
      ws.on('error', reject);
    });
    ws.close();
    expect(reply).toBe('echo:hello');
    expect(seen.at(-1)).toBe('/exec/default/two/b?container=b&command=sh&stdin=true');
  });
});

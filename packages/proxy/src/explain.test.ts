import { describe, it, expect } from 'vitest';
import type { EndpointSlice, Service } from '@mk/api';
import { buildRules } from './rules/builder.js';
import { renderPayload } from './rules/render.js';
import { explainServiceRules } from './explain.js';

const svc: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    type: 'NodePort',
    clusterIP: '10.96.0.20',
    externalTrafficPolicy: 'Local',
    sessionAffinity: 'ClientIP',
    ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }],
  },
};
const other: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', namespace: 'shop' }, spec: { clusterIP: '10.96.0.21', ports: [{ port: 80 }] } };
const slice: EndpointSlice = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-1', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: [{ addresses: ['10.244.0.5'], nodeName: 'n1' }, { addresses: ['10.244.1.5'], nodeName: 'n2' }],
};

describe('explainServiceRules', () => {
  const payload = renderPayload(buildRules({ services: [svc, other], endpointSlices: [slice] }, { hostname: 'n1' }));
  const text = explainServiceRules(payload, svc);

  it('shows the path of a packet for this Service only, each rule with a note', () => {
    expect(text.split('\n')[0]).toBe('Service shop/web (NodePort)');
    expect(text).toContain('port http: ClusterIP 10.96.0.20:80/TCP, nodePort 30080');
    expect(text).toContain("traffic to port 30080/tcp on this node's addresses (NodePort) goes to KUBE-EXT-");
    expect(text).toContain('traffic from this node itself is marked for SNAT');
    expect(text).toContain('then to endpoints on this node only (KUBE-SVL-');
    expect(text).toContain('sessionAffinity ClientIP: a client seen within 10800 s goes back to the same endpoint');
    expect(text).toContain('rewrites the destination to the pod at 10.244.0.5:8080, remembering the client for session affinity');
    expect(text).not.toContain('shop/other');
    // Every rule line is followed by its note.
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      if (l.trimStart().startsWith('-A ')) expect(lines[i + 1]).toMatch(/^ {6}# \S/);
    });
  });

  it('a Service without endpoints: the REJECT and no nat chains', () => {
    const t = explainServiceRules(payload, other);
    expect(t).toContain('no ready endpoints: a new connection to 10.96.0.21:80 is refused at once');
    expect(t).toContain('(no nat chains: the Service has no usable endpoints here)');
  });
});

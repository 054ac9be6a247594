// mk explain against a real apiserver: the documentation comes from the server's OpenAPI v3
// documents, printed as kubectl prints them. Where the real kubectl is installed, both must
// print the very same bytes for the same question.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_KUBECTL, startCluster, type Cluster } from './cli-helpers.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
}, 60_000);
afterAll(async () => {
  await c?.close();
});

describe('mk explain', () => {
  it('explains a kind: group, kind, version, description and fields with their descriptions', async () => {
    const r = await c.mk(['explain', 'deployments']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n    Deployment enables declarative updates for Pods and ReplicaSets\.\n/);
    expect(r.stdout).toContain('FIELDS:\n  apiVersion\t<string>\n    APIVersion defines the versioned schema of this representation of an object.\n');
    expect(r.stdout).toContain('\n  spec\t<DeploymentSpec>\n    Specification of the desired behavior of the Deployment.\n');
  });

  it('explains a nested field: its type, the field and struct descriptions, its fields, -required-', async () => {
    const r = await c.mk(['explain', 'pods.spec.containers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <\[\]Container>\n\n\nDESCRIPTION:\n    List of containers belonging to the pod\./);
    // The struct's own description follows the field's.
    expect(r.stdout).toContain('    A single application container that you want to run within a pod.\n');
    expect(r.stdout).toContain('\n  name\t<string> -required-\n    Name of the container specified as a DNS_LABEL.');
    expect(r.stdout).toContain('\n  ports\t<[]ContainerPort>\n');
    // Descriptions wrap at kubectl's width, under the field, indented by four.
    for (const line of r.stdout.split('\n')) if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('explains a leaf field and a deeply nested one', async () => {
    const leaf = await c.mk(['explain', 'svc.spec.ports.targetPort']);
    expect(leaf.stdout).toMatch(/^KIND:       Service\nVERSION:    v1\n\nFIELD: targetPort <IntOrString>\n\n\nDESCRIPTION:\n    Number or name of the port to access on the pods targeted by the service\./);
    const deep = await c.mk(['explain', 'deploy.spec.template.spec.containers.resources']);
    expect(deep.code).toBe(0);
    expect(deep.stdout).toContain('FIELD: resources <ResourceRequirements>');
    expect(deep.stdout).toContain('\n  limits\t<map[string]Quantity>\n    Limits describes the maximum amount of compute resources allowed.');
  });

  it('--recursive lists the field tree without descriptions', async () => {
    const r = await c.mk(['explain', 'deployment.spec.strategy', '--recursive']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FIELDS:\n  rollingUpdate\t<\w+>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n\n$/);
  });

  it('names an unknown field or type as kubectl does, with a non-zero exit', async () => {
    expect(await c.mk(['explain', 'pods.spec.nope'])).toMatchObject({ code: 1, stdout: 'KIND:       Pod\nVERSION:    v1\n\n', stderr: 'error: field "nope" does not exist\n' });
    expect(await c.mk(['explain', 'flurbs'])).toMatchObject({ code: 1, stdout: '', stderr: 'the server doesn\'t have a resource type "flurbs"\n' });
    expect((await c.mk(['explain'])).stderr).toMatch(/^error: You must specify the type of resource to explain\./);
  });

  it.skipIf(!HAS_KUBECTL)('prints exactly what the real kubectl prints', async () => {
    const questions = [
      ['pods'],
      ['pods.spec'],
      ['pods.spec.containers'],
      ['pods.spec.containers.ports.protocol'],
      ['pods.spec.containers.livenessProbe.httpGet'],
      ['pods.metadata.labels'],
      ['pods.spec.affinity.nodeAffinity'],
      ['deploy'],
      ['deploy.spec.strategy'],
      ['deploy', '--recursive'],
      ['deploy', '--api-version=apps/v1'],
      ['svc.spec.type'],
      ['nodes.spec.taints'],
      ['cm.data'],
      ['secret'],
      ['ns'],
      ['jobs.spec.template.spec.containers.resources'],
      ['pods.spec.nope'],
    ];
    for (const q of questions) {
      const [mk, kubectl] = await Promise.all([c.mk(['explain', ...q]), c.kubectl(['explain', ...q])]);
      expect({ q, ...mk }).toEqual({ q, ...kubectl });
    }
  }, 60_000);
});

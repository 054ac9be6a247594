// /version: a k8s.io/apimachinery/pkg/version.Info.
//
// mk reports the Kubernetes version whose API it follows, 1.32, as `v1.32.0+mk`: semver build
// metadata (like k3s' `v1.32.0+k3s1`) so that clients parse it as 1.32.0 and kubectl's
// version-skew warning (more than one minor apart) stays quiet for kubectl 1.31 to 1.33.

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0+mk' } as const;

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

export function versionInfo(overrides: Partial<VersionInfo> = {}): VersionInfo {
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    gitVersion: KUBERNETES_VERSION.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    // Not Go: the runtime mk is built on.
    goVersion: `node${process.versions.node}`,
    compiler: 'mk',
    platform: `${process.platform}/${ARCH[process.arch] ?? process.arch}`,
    ...overrides,
  };
}

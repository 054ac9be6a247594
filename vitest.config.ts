import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

// Tests import packages from source, so unit tests need no build; end-to-end tests
// that spawn the bins use dist/, which `npm test` builds first.
export default defineConfig({
  resolve: {
    alias: {
      '@mk/api': pkg('api'),
      '@mk/client': pkg('client'),
      '@mk/apiserver': pkg('apiserver'),
      '@mk/scheduler': pkg('scheduler'),
      '@mk/controller-manager': pkg('controller-manager'),
      '@mk/kubelet': pkg('kubelet'),
      '@mk/proxy': pkg('proxy'),
      '@mk/dns': pkg('dns'),
      '@mk/kubectl': pkg('kubectl'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

// CI asks for a JSON report as well (to print "N passed, N failed"); locally the default reporter.
const json = process.env.C2SIM_VITEST_JSON;

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});

/**
 * The same seed and inputs give the same bytes on any machine: nothing in a report may depend on
 * the locale the process starts in (ICU collation differs by language: Hawaiian sorts vowels
 * first, Danish puts "aa" after "z", Estonian "z" after "s").
 */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe('locale independence', () => {
  it('regression: report key order followed the locale (localeCompare sorted byNode_s, decidedBy and choices)', () => {
    const args = ['run', 'nk-irbm-overflight', '--runs', '3', '--workers', '1', '--json'];
    const plain = cli(args, { env: { LC_ALL: 'C', LANG: 'C' } });
    expect(plain.code, plain.stderr).toBe(0);
    for (const locale of ['haw_US.UTF-8', 'da_DK.UTF-8']) {
      const other = cli(args, { env: { LC_ALL: locale, LANG: locale } });
      expect(other.code, other.stderr).toBe(0);
      expect(other.stdout, locale).toBe(plain.stdout);
    }
  });
});

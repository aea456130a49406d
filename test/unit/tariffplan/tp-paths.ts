/** Where the test inputs live, found from this file so any working directory works. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'statqueue'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no statqueue package.json above ${__dirname}`);
  }
}

/** The real CGRateS sample sets, beside the repository (read-only input, never copied in). */
export const SHARED_TP_DIR = path.resolve(repoRoot(), '../shared/tp');

/** Small hand-written plans, one folder per case. */
export const FIXTURES_DIR = path.join(repoRoot(), 'test/fixtures/tariffplans');

export function sharedSet(name: 'tutorial' | 'testit' | 'oldtutorial'): string {
  return path.join(SHARED_TP_DIR, name);
}

export function fixture(name: string): string {
  return path.join(FIXTURES_DIR, name);
}

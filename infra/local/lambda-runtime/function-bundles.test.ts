import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FunctionBundles } from './function-bundles';

describe('function bundles', () => {
  let rootDir: string;
  let cacheDir: string;

  beforeEach(() => {
    rootDir = mkdtempSync(path.join(os.tmpdir(), '24hv-bundles-'));
    cacheDir = path.join(rootDir, 'cache');
    writeSource('greeting.ts', "export const greeting: string = 'hello';\n");
    writeSource('greet.handler.ts', "import { greeting } from './greeting';\nexport const handler = (): string => greeting;\n");
  });

  /** Writes a source file dated a minute back: edited well before any build of the test. */
  const writeSource = (name: string, content: string) => {
    const file = path.join(rootDir, name);
    writeFileSync(file, content);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(file, aMinuteAgo, aMinuteAgo);
  };

  afterEach(() => rmSync(rootDir, { recursive: true, force: true }));

  const handlerOf = async (bundle: string) => ((await import(`${pathToFileURL(bundle).href}?${statSync(bundle).mtimeMs}`)) as { handler: () => string }).handler;

  it('bundles an entry and its imports into one module that plain Node.js loads', async () => {
    const bundle = await new FunctionBundles(rootDir, cacheDir).bundleOf('greet.handler.ts');
    expect(path.dirname(bundle)).toBe(cacheDir);
    expect(readFileSync(bundle, 'utf8')).not.toContain("from './greeting'");
    expect((await handlerOf(bundle))()).toBe('hello');
  });

  it('builds an entry once per instance, however often it is asked for', async () => {
    const bundles = new FunctionBundles(rootDir, cacheDir);
    const [first, second] = await Promise.all([bundles.bundleOf('greet.handler.ts'), bundles.bundleOf(path.join(rootDir, 'greet.handler.ts'))]);
    expect(second).toBe(first);
  });

  it('reuses the bundle on disk in a new instance while no input changed', async () => {
    const bundle = await new FunctionBundles(rootDir, cacheDir).bundleOf('greet.handler.ts');
    // Dated in the past, so a rebuild would show in the file's time.
    const past = new Date('2026-01-01T00:00:00Z');
    utimesSync(bundle, past, past);
    expect(await new FunctionBundles(rootDir, cacheDir).bundleOf('greet.handler.ts')).toBe(bundle);
    expect(statSync(bundle).mtime).toEqual(past);
  });

  it('rebuilds in a new instance once an imported file changed', async () => {
    await new FunctionBundles(rootDir, cacheDir).bundleOf('greet.handler.ts');
    writeSource('greeting.ts', "export const greeting: string = 'hello again';\n");
    const rebuilt = await new FunctionBundles(rootDir, cacheDir).bundleOf('greet.handler.ts');
    expect((await handlerOf(rebuilt))()).toBe('hello again');
  });

  it('rebuilds in a new instance once a plugin source changed', async () => {
    writeSource('plugin.ts', '// first version\n');
    const pluginSources = [path.join(rootDir, 'plugin.ts')];
    const bundle = await new FunctionBundles(rootDir, cacheDir, pluginSources).bundleOf('greet.handler.ts');
    const past = new Date('2026-01-01T00:00:00Z');
    utimesSync(bundle, past, past);
    writeSource('plugin.ts', '// second version\n');
    await new FunctionBundles(rootDir, cacheDir, pluginSources).bundleOf('greet.handler.ts');
    expect(statSync(bundle).mtime).not.toEqual(past);
  });

  it('does not reuse a bundle whose input was edited while it was built: the next instance builds again', async () => {
    // Edited just now, as if saved while esbuild read it.
    writeFileSync(path.join(rootDir, 'greeting.ts'), "export const greeting: string = 'hello';\n");
    const bundle = await new FunctionBundles(rootDir, cacheDir).bundleOf('greet.handler.ts');
    const past = new Date('2026-01-01T00:00:00Z');
    utimesSync(bundle, past, past);
    await new FunctionBundles(rootDir, cacheDir).bundleOf('greet.handler.ts');
    expect(statSync(bundle).mtime).not.toEqual(past);
  });

  it('rejects with the file and the error when the code does not build, and tries again on the next call', async () => {
    writeSource('greeting.ts', 'export const greeting: string = ;\n');
    const bundles = new FunctionBundles(rootDir, cacheDir);
    await expect(bundles.bundleOf('greet.handler.ts')).rejects.toThrow(/greeting\.ts:1:\d+: ERROR: Unexpected ";"/);
    writeSource('greeting.ts', "export const greeting: string = 'fixed';\n");
    expect((await handlerOf(await bundles.bundleOf('greet.handler.ts')))()).toBe('fixed');
  });
});

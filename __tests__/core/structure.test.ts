/**
 * The floors of the house, read from the code's own imports: the front ends (src/action/,
 * src/cli.ts) stand on the command layer (src/core/commands/), which alone knows the
 * action's inputs; the rest of src/core is a library that takes narrow options of its own
 * and knows nothing of the layers above it (as oras-go's library knows nothing of the oras
 * CLI). And no module imports itself back through others.
 *
 * Imports are read with the TypeScript parser, not with a pattern over the text: static
 * imports and re-exports (type-only ones too: a type names the vocabulary just as well),
 * `import('…')` calls with a literal specifier, and `import('…')` types.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../harness/build.js';

/** One import of a source file: the specifier as written and, for a relative one, the file it names. */
interface ImportEdge {
  specifier: string;
  /** Repository-relative path with `/` (`src/core/layout.ts`), or the specifier of a package. */
  target: string;
}

/** Every import specifier of a TypeScript source. */
function importSpecifiers(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const posix = (p: string): string => p.split(sep).join('/');

/** The import graph of `src/`: file → its imports (ESM specifiers name `x.js` for `x.ts`). */
function importGraph(root: string): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of sourceFiles(join(root, 'src'))) {
    const edges = importSpecifiers(file, readFileSync(file, 'utf8')).map((specifier) => ({
      specifier,
      target: specifier.startsWith('.') ? posix(relative(root, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))) : specifier,
    }));
    graph.set(posix(relative(root, file)), edges);
  }
  return graph;
}

/** Every import cycle a depth-first walk meets (each as the files of the loop, first one repeated last). */
function importCycles(graph: Map<string, ImportEdge[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const { target } of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      const s = state.get(target);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (s === undefined) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

/** What a library module of src/core (outside core/commands/) may not import: the layers above it. */
function aboveTheLibrary(target: string): boolean {
  return target.startsWith('src/core/commands/') || target.startsWith('src/action/') || target === 'src/cli.ts' || target.startsWith('@actions/');
}

const graph = importGraph(ROOT);

describe('reading imports', () => {
  test('static, type-only, re-exports, import() calls and import() types are all read; comments and strings are not', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import './side.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
      "type F = import('./f.js').F;",
      "// import { g } from './g.js';",
      "const h = \"import { h } from './h.js'\";",
    ].join('\n');
    expect(importSpecifiers('x.ts', text)).toEqual(['./a.js', '../b.js', './side.js', './c.js', './d.js', './e.js', './f.js']);
  });

  test('a loop of two files is a cycle; a diamond is not', () => {
    const g = (edges: Record<string, string[]>): Map<string, ImportEdge[]> =>
      new Map(Object.entries(edges).map(([f, targets]) => [f, targets.map((t) => ({ specifier: t, target: t }))]));
    expect(importCycles(g({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual([['a', 'b', 'c', 'a']]);
    expect(importCycles(g({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }))).toEqual([]);
  });

  test('the graph holds the tree: the command layer imports the library', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('src/core/commands/index.ts')?.some((e) => e.target.startsWith('src/core/') && !e.target.startsWith('src/core/commands/'))).toBe(true);
  });
});

describe('the floors of src/', () => {
  test('src/core outside core/commands/ imports neither the command layer, the front ends nor @actions/*', () => {
    const leaks: string[] = [];
    for (const [file, edges] of graph) {
      if (!file.startsWith('src/core/') || file.startsWith('src/core/commands/')) continue;
      for (const e of edges) if (aboveTheLibrary(e.target)) leaks.push(`${file} imports ${e.specifier}`);
    }
    expect(leaks).toEqual([]);
  });

  test('the front end\'s model (Options, InputName, the input parsers) is a module of core/commands/', () => {
    expect(graph.has('src/core/commands/options.ts')).toBe(true);
    expect(graph.has('src/core/options.ts')).toBe(false);
  });

  test('no import cycle in src/', () => {
    expect(importCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });
});

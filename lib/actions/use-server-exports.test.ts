import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { findFiles } from '@/scripts/services/find-files';

// Every 'use server' export is a public endpoint: it must be built by one of the wrappers in
// tenant-action.ts (validate with zod, authorize from the session, then act), never a bare function.
const repoRoot = path.resolve(__dirname, '..', '..');

function parse(file: string, source: string) {
  return ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function findWrapperNames(): Set<string> {
  const file = path.join(repoRoot, 'lib/actions/tenant-action.ts');
  const names = parse(file, fs.readFileSync(file, 'utf8')).statements.filter(ts.isFunctionDeclaration).filter(isExported);
  return new Set(names.map((declaration) => declaration.name!.text));
}

function isUseServerFile(sourceFile: ts.SourceFile): boolean {
  const first = sourceFile.statements[0];
  return Boolean(first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use server');
}

/** The exports of a 'use server' file that are not `export const name = wrapper(...)`, described. */
function findUnwrappedExports(sourceFile: ts.SourceFile, wrappers: Set<string>): string[] {
  const problems: string[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      problems.push(`re-export or default export: ${statement.getText(sourceFile).slice(0, 60)}`);
    } else if (isExported(statement) && !(ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement))) {
      if (!ts.isVariableStatement(statement)) {
        problems.push(`bare export: ${statement.getText(sourceFile).split('\n')[0]}`);
        continue;
      }
      for (const declaration of statement.declarationList.declarations) {
        const initializer = declaration.initializer;
        const callee = initializer && ts.isCallExpression(initializer) && ts.isIdentifier(initializer.expression) ? initializer.expression.text : null;
        if (!callee || !wrappers.has(callee)) problems.push(`${declaration.name.getText(sourceFile)} is not built by an action wrapper`);
      }
    }
  }
  return problems;
}

describe("'use server' files", () => {
  const wrappers = findWrapperNames();
  const files = findFiles(repoRoot, ['app', 'lib', 'components'], ['.ts', '.tsx'])
    .map((file) => parse(file, fs.readFileSync(path.join(repoRoot, file), 'utf8')))
    .filter(isUseServerFile);

  test('the check finds the wrappers and the files, and would catch a bare export', () => {
    assert.ok(wrappers.has('tenantAction') && wrappers.has('publicAction'), [...wrappers].join(', '));
    assert.ok(files.length >= 10, `found only ${files.length} 'use server' files`);
    const bare = parse(
      'bare.ts',
      "'use server';\nexport async function leak() {}\nexport const ok = tenantAction({}, async () => 1);\nexport const raw = async () => 2;\n",
    );
    assert.deepEqual(findUnwrappedExports(bare, wrappers), ['bare export: export async function leak() {}', 'raw is not built by an action wrapper']);
  });

  test('every export of every one of them is a wrapped action', () => {
    const problems = files.flatMap((sourceFile) => findUnwrappedExports(sourceFile, wrappers).map((problem) => `${sourceFile.fileName}: ${problem}`));
    assert.deepEqual(problems, []);
  });
});

import type { ASTNode, ObjectASTNode, PropertyASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from '../parsedDocument';
import { asObject, property } from '../template/jsonAst';

/** The three sections of a sample arguments file, as AST (for positions). */
export interface ArgsFileModel {
  readonly root?: ObjectASTNode;
  readonly args?: PropertyASTNode;
  readonly records?: PropertyASTNode;
  readonly state?: PropertyASTNode;
}

export function argsFileModel(parsed: ParsedDocument): ArgsFileModel {
  return parsed.memo('argsFileModel', () => {
    const root = asObject(parsed.json?.root);
    if (!root) return {};
    const args = property(root, 'args');
    const records = property(root, 'records');
    const state = property(root, 'state');
    return { root, ...(args ? { args } : {}), ...(records ? { records } : {}), ...(state ? { state } : {}) };
  });
}

/** A plain JS value of an AST node. */
export function plainValue(node: ASTNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const p of node.properties) if (!(p.keyNode.value in result)) result[p.keyNode.value] = plainValue(p.valueNode);
      return result;
    }
    case 'array':
      return node.items.map(plainValue);
    default:
      return node.value;
  }
}

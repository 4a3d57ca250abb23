// The JSON language service's own parser module: its AST node classes. The
// package exports only the service and the node *interfaces*; server/src/service/strictJsonParse.ts
// builds trees of these very classes (same prototypes, same hidden classes), so every feature of
// the service treats them exactly as the trees its own parser builds. esbuild resolves this path
// to the same file the service's entry point imports (the package's `module` build).
declare module 'vscode-json-languageservice/lib/esm/parser/jsonParser' {
  import type {
    ArrayASTNode,
    ASTNode,
    BooleanASTNode,
    NullASTNode,
    NumberASTNode,
    ObjectASTNode,
    PropertyASTNode,
    StringASTNode,
  } from 'vscode-json-languageservice';

  export class NullASTNodeImpl implements NullASTNode {
    constructor(parent: ASTNode | undefined, offset: number);
    readonly type: 'null';
    readonly value: null;
    offset: number;
    length: number;
    readonly parent: ASTNode | undefined;
    readonly children: ASTNode[];
  }
  export class BooleanASTNodeImpl implements BooleanASTNode {
    constructor(parent: ASTNode | undefined, boolValue: boolean, offset: number);
    readonly type: 'boolean';
    readonly value: boolean;
    offset: number;
    length: number;
    readonly parent: ASTNode | undefined;
    readonly children: ASTNode[];
  }
  export class ArrayASTNodeImpl implements ArrayASTNode {
    constructor(parent: ASTNode | undefined, offset: number);
    readonly type: 'array';
    items: ASTNode[];
    offset: number;
    length: number;
    readonly parent: ASTNode | undefined;
    readonly children: ASTNode[];
  }
  export class NumberASTNodeImpl implements NumberASTNode {
    constructor(parent: ASTNode | undefined, offset: number);
    readonly type: 'number';
    isInteger: boolean;
    value: number;
    offset: number;
    length: number;
    readonly parent: ASTNode | undefined;
    readonly children: ASTNode[];
  }
  export class StringASTNodeImpl implements StringASTNode {
    constructor(parent: ASTNode | undefined, offset: number, length?: number);
    readonly type: 'string';
    value: string;
    offset: number;
    length: number;
    readonly parent: ASTNode | undefined;
    readonly children: ASTNode[];
  }
  export class PropertyASTNodeImpl implements PropertyASTNode {
    constructor(parent: ASTNode | undefined, offset: number, keyNode: StringASTNode);
    readonly type: 'property';
    keyNode: StringASTNode;
    valueNode?: ASTNode;
    colonOffset?: number;
    offset: number;
    length: number;
    readonly parent: ObjectASTNode;
    readonly children: ASTNode[];
  }
  export class ObjectASTNodeImpl implements ObjectASTNode {
    constructor(parent: ASTNode | undefined, offset: number);
    readonly type: 'object';
    properties: PropertyASTNode[];
    offset: number;
    length: number;
    readonly parent: ASTNode | undefined;
    readonly children: ASTNode[];
  }
}

import type { ASTNode, StringASTNode } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePlaceholders } from '../template/placeholderParser';
import { stepTemplateFields, stringRaw, type TemplateModel } from '../template/templateModel';
import { replaceOffsets } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';

const KEY = '$truto_merge';

/**
 * `$truto_merge` (domain §9.2, object templates in every runtime): the key's value is resolved and
 * deep-merged into the object holding it. It must be a placeholder, or an array of placeholders,
 * each the whole string and cast with `:json`; anything else merges nothing, silently, at run time
 * (`placeholder-type`).
 */
export function trutoMergeDiagnostics(document: TextDocument, model: TemplateModel): Finding[] {
  const text = document.getText();
  // Most templates never use the key: one native search keeps them free of any walk.
  if (!text.includes(KEY)) return [];
  const findings: Finding[] = [];
  const check = (node: ASTNode | undefined) => checkMergeValue(document, text, node, findings);
  for (const step of model.steps) for (const { value } of stepTemplateFields(model, step)) findMerges(value, check);
  return findings;
}

/** Visits the value of every `$truto_merge` key in an object template, at any depth. */
function findMerges(node: ASTNode | undefined, visit: (value: ASTNode | undefined, keyNode: StringASTNode) => void): void {
  if (!node) return;
  if (node.type === 'object') {
    for (const p of node.properties) {
      if (p.keyNode.value === KEY) visit(p.valueNode, p.keyNode);
      else findMerges(p.valueNode, visit);
    }
  } else if (node.type === 'array') {
    for (const item of node.items) findMerges(item, visit);
  }
}

/** Why a merge value merges nothing, or undefined when it is a whole-string `:json` placeholder. */
function problemOf(value: string): string | undefined {
  const placeholders = parsePlaceholders(value);
  if (placeholders.length === 0) return 'this value is not a placeholder, so there is nothing to merge';
  const [placeholder] = placeholders;
  if (placeholders.length > 1 || !placeholder.isWholeString) return 'the placeholder is part of a longer string, so it resolves to text, not an object';
  if (!placeholder.alternatives.every((a) => a.types[0]?.name === 'json')) return `${placeholder.text} is not cast with ":json", so an object arrives as text ("[object Object]") or a JSON string stays a string`;
  return undefined;
}

function checkMergeValue(document: TextDocument, text: string, value: ASTNode | undefined, findings: Finding[]): void {
  if (!value) return;
  const report = (node: ASTNode, reason: string, fixes?: () => QuickFix[]) =>
    findings.push(
      finding(
        document,
        'placeholder-type',
        node.offset,
        node.offset + node.length,
        `"${KEY}" merges the object its placeholder resolves to into this object, but ${reason}: nothing is merged (Truto ignores what is not an object, silently). Write a whole-string placeholder cast with :json, e.g. "{{args.extra:json}}", or an array of them.`,
        fixes,
      ),
    );
  const checkString = (node: StringASTNode) => {
    const reason = problemOf(node.value);
    if (reason) report(node, reason, addJsonFix(document, text, node));
  };
  if (value.type === 'string') checkString(value);
  else if (value.type === 'array') {
    for (const item of value.items) {
      if (item.type === 'string') checkString(item);
      else report(item, `this element is ${item.type === 'object' ? 'an object literal' : `a ${item.type}`}, not a placeholder`);
    }
  } else report(value, `the value is ${value.type === 'object' ? 'an object literal' : `a ${value.type}`}, not a placeholder`);
}

/** For a single whole-string placeholder without any cast or default: add `:json` before its `}}`. */
function addJsonFix(document: TextDocument, text: string, node: StringASTNode): (() => QuickFix[]) | undefined {
  const placeholders = parsePlaceholders(node.value);
  if (placeholders.length !== 1) return undefined;
  const [placeholder] = placeholders;
  if (!placeholder.isWholeString || placeholder.default || placeholder.alternatives.length !== 1 || placeholder.alternatives[0].types.length > 0) return undefined;
  const raw = stringRaw(text, node);
  const at = raw.toDocumentOffset(placeholder.alternatives[0].end + placeholder.start);
  return () => [{ title: 'Cast with ":json"', edits: [replaceOffsets(document, at, at, ':json')], isPreferred: true }];
}

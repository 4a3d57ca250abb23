import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRuntimeVersion, readTemplateId } from '../../client/src/topLevelValue';

describe('readRuntimeVersion (language status)', () => {
  it('reads the top-level version', () => assert.equal(readRuntimeVersion('{ "label": "x", "default_runtime_version": 4 }'), 4));
  it('ignores the same key nested in steps and arrays', () => {
    const text = '{ "resources": [ { "default_runtime_version": 9 } ], "args_schema": { "default_runtime_version": 8 }, "default_runtime_version": 2 }';
    assert.equal(readRuntimeVersion(text), 2);
  });
  it('is undefined when absent or not a number', () => {
    assert.equal(readRuntimeVersion('{ "label": "x" }'), undefined);
    assert.equal(readRuntimeVersion('{ "default_runtime_version": "3" }'), undefined);
    assert.equal(readRuntimeVersion('not json'), undefined);
  });
});

describe('readTemplateId (code lens, publish)', () => {
  it('reads the top-level id only', () => {
    assert.equal(readTemplateId('{ "resources": [ { "id": "step" } ], "id": "abc" }'), 'abc');
    assert.equal(readTemplateId('{ "resources": [ { "id": "step" } ] }'), undefined);
    assert.equal(readTemplateId('{ "id": "" }'), undefined);
  });
});

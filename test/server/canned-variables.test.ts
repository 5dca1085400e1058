import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandCanned, type CannedContext } from '../../src/inbox/canned-variables.js';

/** The one function that fills a canned reply's variables as the inbox inserts it. */

const context = (profile: { name?: string; email?: string }): CannedContext => ({ conversation: { id: 'cv_42', visitor: { profile } }, agent: { name: 'Ada Agent' } });

test('every variable is filled from the conversation and the agent', () => {
  const text = 'Hi {{visitor.firstName}} ({{visitor.name}}, {{ visitor.email }}), {{agent.name}} here about {{conversation.id}}.';
  assert.equal(expandCanned(text, context({ name: ' Jane  Doe ', email: 'jane@shop.example' })), 'Hi Jane (Jane  Doe, jane@shop.example), Ada Agent here about cv_42.');
});

test('a missing name says "there"; a missing email is empty', () => {
  assert.equal(expandCanned('Hi {{visitor.name}}! Hi {{visitor.firstName}}! <{{visitor.email}}>', context({})), 'Hi there! Hi there! <>');
  assert.equal(expandCanned('Hi {{visitor.firstName}}', context({ name: '   ' })), 'Hi there');
});

test('an unknown variable, a prototype name or broken braces stay as written', () => {
  const text = '{{visitor.phone}} {{constructor}} {{toString}} {{visitor.name} {visitor.name}} {{ }}';
  assert.equal(expandCanned(text, context({ name: 'Jane' })), text);
});

test('values are inserted as they are, never read as patterns or markup', () => {
  assert.equal(expandCanned('{{visitor.name}}', context({ name: '$& $1 <b>x</b> {{agent.name}}' })), '$& $1 <b>x</b> {{agent.name}}');
});

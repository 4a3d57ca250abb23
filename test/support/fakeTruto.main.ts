// A standalone fake Truto API on loopback, for the live demo (`npm start`) and the editor tests.
//   node out/test/support/fakeTruto.main.js [--port 8787] [--token demo-token]
// Prints one JSON line {"url": …, "token": …} when ready; logs each request to stderr.
import { parseArgs } from 'node:util';
import { FakeTruto } from './fakeTruto';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, token: { type: 'string', default: 'demo-token' } } });
const fake = new FakeTruto({ port: Number(values.port), token: values.token! });
fake.seed({
  label: 'Zendesk tickets (already on Truto)',
  integration_name: 'zendesk',
  default_runtime_version: 3,
  sharing: 'deny',
  resources: [{ resource: 'ticketing/tickets', method: 'list' }],
});
void fake.start().then(() => {
  process.stdout.write(`${JSON.stringify({ url: fake.url, token: fake.token })}\n`);
  let seen = 0;
  setInterval(() => {
    for (; seen < fake.requests.length; seen++) {
      const r = fake.requests[seen];
      process.stderr.write(`fake-truto: ${r.method} ${r.path}\n`);
    }
  }, 200);
});
const stop = () => void fake.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

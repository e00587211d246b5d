'use strict';
// The peer as a self-hosted HTTPS-style endpoint: express with the official
// ask-sdk-express-adapter. Signature and timestamp verification are OFF, exactly
// like the Go server's --dev mode, so both sides do the same work per request.
// Listens on 127.0.0.1 only. PORT (default 8091) and SKILL_ID come from the environment.
const express = require('express');
const { ExpressAdapter } = require('ask-sdk-express-adapter');
const { buildSkill } = require('./skill');

const port = Number(process.env.PORT || 8091);
const skill = buildSkill();
const adapter = new ExpressAdapter(skill, false, false);
const app = express();
app.disable('x-powered-by');
app.post('/alexa', adapter.getRequestHandlers());
app.get('/healthz', (req, res) => res.json({ status: 'ok' }));
const server = app.listen(port, '127.0.0.1', () => {
  console.error(`peer listening on http://127.0.0.1:${port}/alexa`);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}

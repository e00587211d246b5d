'use strict';
// Handles one Alexa request envelope, from FILE or standard input, and prints the
// response envelope: the peer's cold start (process start to first response).
// Usage: node oneshot.js [FILE | -]
const fs = require('fs');
const { buildSkill } = require('./skill');

const arg = process.argv[2];
const body = fs.readFileSync(!arg || arg === '-' ? 0 : arg, 'utf8');
buildSkill()
  .invoke(JSON.parse(body))
  .then((resp) => process.stdout.write(JSON.stringify(resp) + '\n'))
  .catch((err) => {
    console.error(`oneshot: ${err.name}: ${err.message}`);
    process.exit(1);
  });

'use strict';
// The cheapest possible Alexa endpoint in Node: the http module reads the body and
// writes a fixed response of the skill's size. See bench/floor/main.go and bench/floor.sh.
// Usage: node floor.js 127.0.0.1:PORT RESPONSE.json
const http = require('http');
const fs = require('fs');

const [host, port] = process.argv[2].split(':');
const body = fs.readFileSync(process.argv[3]);
http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.setHeader('Content-Type', 'application/json;charset=UTF-8');
    res.end(body);
  });
}).listen(Number(port), host);

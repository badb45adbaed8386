#!/usr/bin/env node
console.log(JSON.stringify({ error: 'not built yet' }));

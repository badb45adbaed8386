#!/usr/bin/env node
var o={};console.log(JSON.stringify({error:"not built yet"}));
// The reference: gpt-3-encoder's encode (OpenAI's GPT-2 encoder ported to JavaScript).
// usage: node reference-encode.js PACKAGE_DIR CASES.json   -> prints a JSON array of id arrays
//        node reference-encode.js PACKAGE_DIR --bench FILE -> encodes FILE line by line, prints {"bytes", "seconds", "tokens"}
// (line by line because the reference's encode concatenates arrays and grows quadratically on one huge text)
const fs = require('fs');
const { encode } = require(process.argv[2]);
if (process.argv[3] === '--bench') {
  const text = fs.readFileSync(process.argv[4], 'utf-8');
  const lines = text.split(/(?<=\n)/);
  lines.slice(0, 200).forEach(line => encode(line)); // warm up the JIT, as the Java side does
  const start = process.hrtime.bigint();
  let tokens = 0;
  for (const line of lines) {
    tokens += encode(line).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ bytes: Buffer.byteLength(text, 'utf-8'), seconds, tokens }));
} else {
  const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf-8'));
  console.log(JSON.stringify(cases.map(text => encode(text))));
}

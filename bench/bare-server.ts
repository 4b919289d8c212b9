// The baseline of the ingest benchmark: a plain node:http server that reads each request body,
// JSON.parse's it and answers 200 {"success":true}. Whatever Stepwise does beyond that
// (validation, enrichment, storing) is what the comparison measures.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const OK = Buffer.from('{"success":true}')
const BAD = Buffer.from('{"success":false}')

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    let ok = true
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      ok = false
    }
    const body = ok ? OK : BAD
    res.writeHead(ok ? 200 : 400, { 'Content-Type': 'application/json', 'Content-Length': body.length })
    res.end(body)
  })
})

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare server listening on 127.0.0.1:${(server.address() as AddressInfo).port}\n`)
})

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close()
    server.closeAllConnections()
  })
}

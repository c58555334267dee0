// The origin server of the cache-tests suite, on a free loopback port: the
// suite's own request handlers behind a listener of ours, since the suite's
// server.mjs listens on every interface at a fixed port. It prints the port.
//
//   node origin.mjs SUITE_DIR
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const suite = process.argv[2]
const load = async name =>
  (await import(pathToFileURL(path.join(suite, 'test-engine', 'server', name)).href)).default

const handlers = {
  config: await load('handle-config.mjs'),
  test: await load('handle-test.mjs'),
  state: await load('handle-state.mjs')
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1/')
  const segs = url.pathname.split('/')
  segs.shift()
  const handle = handlers[segs.shift()]
  if (handle === undefined) {
    response.writeHead(404, { 'Content-Type': 'text/plain' })
    response.end('not found\n')
    return
  }
  handle(segs, request, response)
})
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port)
})

#!/usr/bin/python
# The tutorial's JSON-receiving server; the port may be given as the first
# argument.
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        try:
            data = json.loads(self.rfile.read(length))
        except json.JSONDecodeError:
            self.send_response(400)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"400 Bad Request: invalid JSON\n")
            return
        lines = [f"{key}: {value}" for key, value in data.items()]
        payload = "\n".join(lines).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    with HTTPServer(("127.0.0.1", port), Handler) as server:
        print(f"Listening on http://127.0.0.1:{port}", flush=True)
        server.serve_forever()

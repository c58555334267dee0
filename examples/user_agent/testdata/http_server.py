#!/usr/bin/python
# The tutorial's http_server.py; the port may be given as the first argument.
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class MyHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        message = "Hello there"
        self.send_response(200)
        if self.path == "/agent":
            message = self.headers["user-agent"]
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(bytes(message, "utf8"))
        return

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8081
    with HTTPServer(("127.0.0.1", port), MyHandler) as server:
        print(f"Listening on http://127.0.0.1:{port}", flush=True)
        server.serve_forever()

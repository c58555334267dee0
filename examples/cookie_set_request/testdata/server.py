#!/usr/bin/python
# The tutorial's cookie-setting server; the port may be given as the first
# argument.
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from email.utils import formatdate

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        incoming = self.headers.get("Cookie")
        if incoming:
            body = f"Client sent cookies: {incoming}\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            ts = int(time.time())
            expires = formatdate(ts + 3600, usegmt=True)
            max_age = 3600
            cookies = [
                f"sessionid={ts}; Path=/; HttpOnly; Max-Age={max_age}; Expires={expires}",
                f"theme=dark; Path=/; Max-Age={max_age}; Expires={expires}",
                f"user=jane; Path=/; Max-Age={max_age}; Expires={expires}",
            ]
            body = b"Cookies set send them back on the next request.\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for cookie in cookies:
                self.send_header("Set-Cookie", cookie)
            self.end_headers()
            self.wfile.write(body)

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    with HTTPServer(("127.0.0.1", port), Handler) as server:
        print(f"Listening on http://127.0.0.1:{port}", flush=True)
        server.serve_forever()

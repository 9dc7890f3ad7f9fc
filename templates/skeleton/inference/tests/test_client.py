import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

from src.main import complete


class FakeServer(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeServer.seen = (self.path, body)
        answer = {"choices": [{"message": {"role": "assistant", "content": "hello back"}}]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class ClientTest(unittest.TestCase):
    def test_calls_the_openai_compatible_chat_endpoint(self):
        server = HTTPServer(("127.0.0.1", 0), FakeServer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = f"http://127.0.0.1:{server.server_port}"
            self.assertEqual(complete("hi", url=url, model="m"), "hello back")
            path, body = FakeServer.seen
            self.assertEqual(path, "/v1/chat/completions")
            self.assertEqual(body["model"], "m")
            self.assertEqual(body["messages"], [{"role": "user", "content": "hi"}])
        finally:
            server.shutdown()


if __name__ == "__main__":
    unittest.main()

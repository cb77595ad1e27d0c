"""Minimal Spin HTTP handler (spin-sdk 3.4.1).

It exists only so the benchmark has a real, representative Python component to
pull core modules out of; what it does at run time does not matter.
"""

from spin_sdk import http
from spin_sdk.http import Request, Response


class IncomingHandler(http.IncomingHandler):
    def handle_request(self, request: Request) -> Response:
        return Response(
            200,
            {"content-type": "text/plain"},
            bytes("Hello from Python!", "utf-8"),
        )

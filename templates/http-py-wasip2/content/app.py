# A wasi:http handler: Spin calls handle_request once per request, in a fresh
# instance of the component that componentize-py builds from this module
# (world spin-http of the spin-sdk package).
from spin_sdk import http
from spin_sdk.http import Request, Response


class IncomingHandler(http.IncomingHandler):
    def handle_request(self, request: Request) -> Response:
        return Response(200, {"content-type": "text/plain"}, b"Hello from Python!")

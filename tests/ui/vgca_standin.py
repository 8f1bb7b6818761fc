"""A stand-in for the VGCA Sign Service, for the browser test: a WebSocket server on 127.0.0.1 that answers the
version method, and for a signing method receives the request JSON, downloads FileName, signs it with a throwaway
certificate through pyHanko, posts it to FileUploadHandler as a form's file (with no cookie, as the real program)
and answers the page with the handler's Status and Message. It follows the protocol as the research notes know it
(a LEAD, reports/vgca.py), no more."""

import json
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable

from websockets.sync.server import ServerConnection, serve


def _post_file(url: str, pdf: bytes) -> dict:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="uploadfile"; filename="signed.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


class StandInService:
    """Started with `with StandInService(sign) as service:`; `service.url` is its ws:// address; `requests` lists
    (method, request JSON) as received."""

    def __init__(self, sign: Callable[[bytes], bytes]) -> None:
        self.sign = sign
        self.requests: list[tuple[str, dict]] = []
        self.server = serve(self._handle, "127.0.0.1", 0, compression=None)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "StandInService":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(5)

    def _handle(self, connection: ServerConnection) -> None:
        method = connection.request.path.strip("/") if connection.request else ""
        try:
            if method == "GetVersion":
                connection.send(json.dumps({"Status": 0, "Message": "stand-in 0.1"}))
                return
            request = json.loads(connection.recv(timeout=10))
            self.requests.append((method, request))
            with urllib.request.urlopen(request["FileName"], timeout=20) as response:
                pdf = response.read()
            answer = _post_file(request["FileUploadHandler"], self.sign(pdf))
            connection.send(json.dumps({key: answer.get(key, "") for key in ("Status", "Message", "FileServer")}))
        except Exception as error:  # the page must hear of any failure, as from the real service
            try:
                connection.send(json.dumps({"Status": 14, "Message": f"stand-in: {error}", "FileServer": ""}))
            except Exception:
                pass  # the page closed the connection already (the version probe does)

"""uvicorn's Config, with the listening socket it shares among --workers processes marked as TCP."""
from __future__ import annotations

import socket

import uvicorn


class TCPConfig(uvicorn.Config):
    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            # asyncio sets TCP_NODELAY only on connections whose socket says IPPROTO_TCP; the socket uvicorn
            # shares with --workers processes says 0, and every response then waited on Nagle and the
            # client's delayed ACK (~40 ms each; found with bench/serve_load.py)
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
            sock.set_inheritable(True)
        return sock

RUN: graph x32-socket.s

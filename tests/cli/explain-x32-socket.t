RUN: explain x32-socket.s

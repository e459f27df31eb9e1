package dev.liveupdate.sync;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ports the supervisor waits for in these tests. */
final class RestartAfterCopyTestPorts {

  private RestartAfterCopyTestPorts() {}

  /**
   * A free port the supervisor waits for: not in the kernel's ephemeral range, whose ports it
   * leaves out (a bind to port 0 does not come back with the same number).
   */
  static int freePortBelowTheEphemeralRange() throws IOException {
    // readAllLines, not readString: a /proc file says it has no size
    int low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
        .get(0).trim().split("\\s+")[0]);
    for (int port = low - 1 - (int) (ProcessHandle.current().pid() % 5000) - 7; port > 1024;
        port--) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // the next one
      }
    }
    throw new IOException("no free port below " + low);
  }
}

package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningSocketsTest {

  static final String TCP = ""
      + "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      + "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1581 1 00000000d092cc6b 100 0 0 10 0\n"
      + "   1: 0100007F:1F90 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 1600 1 00000000d092cc6b 20 4 30 10 -1\n"
      + "   2: 0100007F:D2A4 0100007F:1F90 06 00000000:00000000 03:00000F3A 00000000     0        0 0 3 00000000d092cc6b\n";
  static final String TCP6 = ""
      + "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      + "   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 409240 1 0000000054ff684c 100 0 0 10 0\n";

  @Test
  void readsListenEntriesOnlyWithTheirInodes() throws Exception {
    Map<Long, Integer> listening = new HashMap<>();
    ListeningSockets.parse(new BufferedReader(new StringReader(TCP)), listening);
    ListeningSockets.parse(new BufferedReader(new StringReader(TCP6)), listening);

    assertEquals(Map.of(1581L, 8080, 409240L, 8081), listening);
  }

  @Test
  void readsAProcTreeWithoutIpv6AndItsEphemeralRange(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("net"));
    Files.writeString(proc.resolve("net/tcp"), TCP);
    Files.createDirectories(proc.resolve("sys/net/ipv4"));
    Files.writeString(proc.resolve("sys/net/ipv4/ip_local_port_range"), "40000\t50000\n");
    ListeningSockets sockets = new ListeningSockets(proc);

    assertEquals(Map.of(1581L, 8080), sockets.listening());
    assertArrayEquals(new int[] {40000, 50000}, sockets.ephemeralRange());
    assertEquals(Set.of(8081), sockets.notListening(Set.of(8080, 8081), List.of()));
  }

  @Test
  void findsThePortsThisVeryProcessListensOn() throws Exception {
    long self = ProcessHandle.current().pid();
    ListeningSockets sockets = ListeningSockets.system();
    try (ServerSocket v4 = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        ServerSocket any = new ServerSocket()) {
      any.bind(new InetSocketAddress(0));
      Set<Integer> ports = sockets.portsOf(List.of(self));

      assertTrue(ports.containsAll(Set.of(v4.getLocalPort(), any.getLocalPort())), ports.toString());
      assertEquals(Set.of(), sockets.notListening(Set.of(v4.getLocalPort(), any.getLocalPort()), List.of(self)));
      assertEquals(Set.of(v4.getLocalPort()), sockets.notListening(Set.of(v4.getLocalPort()), List.of()),
          "listening, but not by the processes named");
    }
  }

  @Test
  void aClosedPortIsNotListening() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertEquals(Set.of(port), ListeningSockets.system().notListening(Set.of(port), List.of(ProcessHandle.current().pid())));
  }
}
